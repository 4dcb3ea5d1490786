//! Properties of planning that must hold for any spec: tightening an SLO
//! never makes a plan cheaper, allowing more regions never makes it dearer,
//! the same input always gives the same bytes, and failing a region the
//! plan does not use changes nothing. (Self-managed fallback
//! engines are left out: preferring managed engines is deliberately not
//! cost-monotone; see README.)

mod common;

use proptest::prelude::*;

use meridian::catalog::Catalog;
use meridian::pipeline::plan;
use meridian::plan::Plan;

fn plan_of(catalog: &Catalog, spec: &common::ClassSpec) -> Plan {
    plan(&spec.parse(catalog), catalog)
}

/// Monthly cost of the class when feasible.
fn feasible_cost(p: &Plan) -> Option<i64> {
    let c = &p.classes[0];
    c.feasible.then_some(c.monthly_usd.0)
}

/// The spec with one numeric SLO tightened (or set). Consistency is not
/// among them: a stronger level changes where reads are routed (and so what
/// they cost), not only which designs pass.
fn tighten(spec: &common::ClassSpec, which: u8) -> common::ClassSpec {
    let mut t = spec.clone();
    match which {
        0 => t.rpo_s = Some(spec.rpo_s.map_or(3600, |s| s / 2)),
        1 => t.rto_s = Some(spec.rto_s.map_or(3600, |s| s / 2)),
        2 => {
            t.availability = Some(match spec.availability {
                None => "99.9%",
                Some("99.9%") => "99.99%",
                Some(_) => "99.999%",
            })
        }
        3 => t.read_ms = Some(spec.read_ms.map_or(300, |ms| (ms * 2 / 3).max(1))),
        _ => t.write_ms = Some(spec.write_ms.map_or(400, |ms| (ms * 2 / 3).max(1))),
    }
    t
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(64)))]

    #[test]
    fn tightening_an_slo_never_makes_a_plan_cheaper(spec in common::class_spec(), which in 0u8..5) {
        let catalog = common::managed_catalog();
        let tight = tighten(&spec, which);
        let loose = feasible_cost(&plan_of(&catalog, &spec));
        let tightened = feasible_cost(&plan_of(&catalog, &tight));
        match (loose, tightened) {
            (Some(a), Some(b)) => prop_assert!(b >= a, "tightened {b} < loose {a}\n{}\n{}", spec.toml(), tight.toml()),
            (None, Some(_)) => prop_assert!(false, "tightening made an infeasible class feasible\n{}", tight.toml()),
            _ => {}
        }
    }

    #[test]
    fn allowing_more_regions_never_makes_a_plan_dearer(spec in common::class_spec(), extra in 0usize..7) {
        let catalog = common::managed_catalog();
        let region = common::REGIONS[extra];
        if spec.regions.contains(&region) {
            return Ok(());
        }
        let mut wider = spec.clone();
        wider.regions.push(region);
        let narrow = feasible_cost(&plan_of(&catalog, &spec));
        let wide = feasible_cost(&plan_of(&catalog, &wider));
        match (narrow, wide) {
            (Some(a), Some(b)) => prop_assert!(b <= a, "wider {b} > narrower {a}\n{}", wider.toml()),
            (Some(_), None) => prop_assert!(false, "more regions made a feasible class infeasible\n{}", wider.toml()),
            _ => {}
        }
    }

    #[test]
    fn same_input_same_bytes(spec in common::class_spec()) {
        let catalog = meridian::catalog::load_embedded().unwrap();
        let a = meridian::render::json::render(&plan_of(&catalog, &spec));
        let b = meridian::render::json::render(&plan_of(&catalog, &spec));
        prop_assert_eq!(a, b);
    }

    #[test]
    fn failing_a_region_the_plan_does_not_use_changes_nothing(
        spec in common::class_spec(),
        pick in 0usize..32,
    ) {
        let catalog = meridian::catalog::load_embedded().unwrap();
        let parsed = spec.parse(&catalog);
        let p = plan(&parsed, &catalog);
        let c = &p.classes[0];
        let unused: Vec<usize> = (0..catalog.regions.len())
            .filter(|r| {
                let id = &catalog.regions[*r].id;
                !c.regions.contains(id) && c.witness.as_ref() != Some(id)
            })
            .collect();
        let region = unused[pick % unused.len()];
        let s = meridian::simulate::fail(&parsed, &catalog, &[region]);
        let outcome = &s.classes[0];
        prop_assert_eq!(outcome.impact, "none");
        prop_assert_eq!(outcome.downtime_s, 0.0);
        prop_assert_eq!(outcome.writes_lost_expected, 0.0);
        prop_assert_eq!(s.extra_usd_per_hour, meridian::cost::Cents::ZERO);
        prop_assert_eq!(outcome.users.len(), c.read_from.len());
        for u in &outcome.users {
            let name = &u.name;
            prop_assert_eq!(u.read_from.as_deref(), Some(c.read_from[name].as_str()));
            prop_assert_eq!(u.write_to.as_deref(), Some(c.write_to[name].as_str()));
            prop_assert_eq!(u.read_ms, Some(c.read_latency_ms[name]));
            prop_assert_eq!(u.write_ms, Some(c.write_latency_ms[name]));
        }
    }
}

/// Example specs with one line dropped, duplicated or cut short, or a byte
/// replaced: every one is either planned or rejected with errors, never a
/// panic.
fn mutated_example() -> impl Strategy<Value = String> {
    let examples: Vec<String> = [
        "examples/shop.toml",
        "examples/eu-saas.toml",
        "examples/payments-ledger.toml",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(p).unwrap())
    .collect();
    (0..examples.len(), any::<usize>(), 0u8..4, any::<u8>()).prop_map(move |(i, at, how, byte)| {
        let text = &examples[i];
        let lines: Vec<&str> = text.lines().collect();
        let n = at % lines.len();
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        match how {
            0 => {
                out.remove(n);
            }
            1 => out.insert(n, lines[n].to_string()),
            2 => {
                out[n] = lines[n]
                    .chars()
                    .take(lines[n].chars().count() / 2)
                    .collect()
            }
            _ => {
                let mut bytes = text.clone().into_bytes();
                let k = at % bytes.len();
                bytes[k] = b" =\"[]0a.-\n#%"[usize::from(byte) % 12];
                return String::from_utf8_lossy(&bytes).into_owned();
            }
        }
        out.join("\n")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(128)))]

    #[test]
    fn bad_input_never_panics(text in mutated_example()) {
        let catalog = meridian::catalog::load_embedded().unwrap();
        match meridian::plan_text("mutated.toml", &text, &catalog) {
            Ok(plan) => {
                let _ = meridian::render::json::render(&plan);
                let _ = meridian::render::table::render(&plan);
                prop_assert!(meridian::render::markdown::render(&plan).is_ok());
            }
            Err(errors) => {
                prop_assert!(!errors.errors.is_empty());
                for e in &errors.errors {
                    prop_assert!(e.line >= 1 && e.column >= 1);
                }
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[ -~\n]{0,300}") {
        let catalog = meridian::catalog::load_embedded().unwrap();
        let _ = meridian::plan_text("any.toml", &text, &catalog);
    }
}
