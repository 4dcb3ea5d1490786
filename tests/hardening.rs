//! Regression tests for the defects of issue 9: a panic on an empty
//! `replicas` pin, silent wrong numbers (NaN, float money, `-0.0`),
//! contradictions and pins outside what the engine can do accepted, and
//! designs the search picks that could not be pinned. Each case failed on
//! the commit before the fix.

mod common;

use common::catalog;

use meridian::cost::Cents;
use meridian::plan::Plan;

/// Line of the first key of `[data.d]` in `common::tiny_spec`.
const CLASS_LINE: usize = 13;

/// Plans the tiny spec with these class keys, or returns the errors as
/// `line: message (help)` strings.
fn plan(class: &str) -> Result<Plan, Vec<String>> {
    let text = common::tiny_spec(class);
    meridian::plan_text("t.toml", &text, &catalog()).map_err(|e| {
        e.errors
            .iter()
            .map(|e| {
                format!(
                    "{}: {} ({})",
                    e.line,
                    e.message,
                    e.help.clone().unwrap_or_default()
                )
            })
            .collect()
    })
}

/// The spec is rejected with an error on `line` (relative to the class's
/// first key) whose message contains `needle`.
fn rejected(class: &str, line: usize, needle: &str) {
    let errors = match plan(class) {
        Ok(p) => panic!(
            "accepted:\n{class}\nas {} {:?}",
            p.classes[0].engine, p.classes[0].regions
        ),
        Err(e) => e,
    };
    let want = format!("{}: ", CLASS_LINE + line);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with(&want) && e.contains(needle)),
        "no error `{needle}` on line {} for\n{class}\ngot {errors:#?}",
        CLASS_LINE + line
    );
}

#[test]
fn an_empty_replicas_pin_plans_one_region_or_is_an_error() {
    // It used to pass validation and panic in the latency code.
    for kind in ["relational", "key-value", "object"] {
        let p = plan(&format!(
            "kind = \"{kind}\"\nsize = \"10 GB\"\nreplicas = []"
        ))
        .unwrap();
        assert_eq!(p.classes[0].regions.len(), 1, "{kind}");
        assert_eq!(p.classes[0].topology.as_str(), "single-region");
    }
    rejected(
        "kind = \"relational\"\nsize = \"10 GB\"\ntopology = \"active-passive\"\nprimary = \"us-east-1\"\nreplicas = []",
        4,
        "needs a second region",
    );
}

#[test]
fn numbers_outside_the_input_contract_are_errors() {
    rejected(
        "kind = \"key-value\"\nsize = \"1 GB\"\nreads_per_sec = 1e308",
        2,
        "reads_per_sec 1e308 is outside 0 to 1e9",
    );
    rejected(
        "kind = \"key-value\"\nsize = \"1 GB\"\nwrites_per_sec = 1e16",
        2,
        "writes_per_sec 1e16 is outside 0 to 1e9",
    );
    rejected(
        "kind = \"object\"\nsize = \"2000 EB\"",
        1,
        "above the 1 EB meridian plans for",
    );
    rejected(
        "kind = \"object\"\nsize = \"1 TB\"\nitem_size = \"6 TB\"",
        2,
        "above the 5 TB",
    );
    rejected(
        "kind = \"object\"\nsize = \"1 TB\"\nwrites_per_sec = 1000000\nitem_size = \"4 TB\"",
        2,
        "above the 1 PB/s",
    );
    rejected(
        "kind = \"key-value\"\nsize = \"1 GB\"\npeak_to_average = 0.5",
        2,
        "peak_to_average 0.5 is outside 1 to 100",
    );
    rejected(
        "kind = \"key-value\"\nsize = \"1 GB\"\npeak_to_average = 1000",
        2,
        "peak_to_average 1000 is outside 1 to 100",
    );
    rejected(
        "kind = \"cache\"\nsize = \"1 GB\"\nrto = \"400d\"",
        2,
        "longer than a year",
    );
    rejected(
        "kind = \"cache\"\nsize = \"1 GB\"\nread_latency = \"9999d\"",
        2,
        "longer than a year",
    );
}

/// Every class's total is the exact sum of its lines, the plan's total the
/// exact sum of classes, services and shared lines; no figure is negative.
fn assert_money_adds_up(p: &Plan) {
    for c in &p.classes {
        let lines: Cents = c.cost.iter().map(|l| l.monthly_usd).sum();
        assert_eq!(lines, c.monthly_usd, "{}", c.name);
        assert!(c.cost.iter().all(|l| l.monthly_usd > Cents::ZERO));
    }
    for s in &p.services {
        let lines: Cents = s.cost.iter().map(|l| l.monthly_usd).sum();
        assert_eq!(lines, s.monthly_usd, "{}", s.name);
    }
    let total = p.classes.iter().map(|c| c.monthly_usd).sum::<Cents>()
        + p.services.iter().map(|s| s.monthly_usd).sum::<Cents>()
        + p.shared_cost.iter().map(|l| l.monthly_usd).sum::<Cents>()
        + p.static_assets.as_ref().map_or(Cents::ZERO, |s| {
            let lines: Cents = s.cost.iter().map(|l| l.monthly_usd).sum();
            assert_eq!(lines, s.monthly_usd, "static assets");
            s.monthly_usd
        });
    assert_eq!(total, p.total_monthly_usd);
}

#[test]
fn money_is_exact_at_the_largest_rates_and_never_negative_zero() {
    // At 1e16 writes/s the printed lines used to miss the total; at the
    // contract's ceiling they add up to the cent.
    let p = plan(
        "kind = \"key-value\"\nsize = \"1 PB\"\nreads_per_sec = 1e9\nwrites_per_sec = 1e9\n\
         consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\nrpo = \"1h\"",
    )
    .unwrap();
    assert_money_adds_up(&p);
    // Over $100 million a month.
    assert!(p.total_monthly_usd > Cents(10_000_000_000));
    // A 1-byte, 0.001 reads/s class printed `-0.0` dollars.
    let p = plan("kind = \"key-value\"\nsize = \"1 B\"\nreads_per_sec = 0.001").unwrap();
    assert_money_adds_up(&p);
    let json = meridian::render::json::render(&p);
    meridian::invariants::check(&p).unwrap_or_else(|e| panic!("{e}\n{json}"));
}

#[test]
fn no_example_prints_negative_zero() {
    // Region-loss scenarios of plans with a witness printed
    // "affected_share": -0.0 (global-game, payments-ledger).
    let catalog = catalog();
    for (name, text) in common::examples() {
        let p = meridian::plan_text(&name, &text, &catalog).unwrap();
        assert_money_adds_up(&p);
        let json = meridian::render::json::render(&p);
        meridian::invariants::check(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!json.contains("null,\n      \"cost\""), "{name}");
    }
}

#[test]
fn contradictions_are_errors() {
    rejected(
        "kind = \"relational\"\nsize = \"10 GB\"\ntopology = \"single-region\"\nreplicas = [\"us-east-2\"]",
        3,
        "a single-region design has no replicas",
    );
    rejected(
        "kind = \"relational\"\nsize = \"10 GB\"\nresidency = []",
        2,
        "residency is empty",
    );
    rejected(
        "kind = \"relational\"\nsize = \"10 GB\"\nengine = \"aurora-dsql\"\ntopology = \"active-active\"\nreplicas = [\"us-east-1\"]",
        4,
        "exactly 2 peer regions; the pins name 1",
    );
    rejected(
        "kind = \"relational\"\nsize = \"10 GB\"\nreplicas = [\"us-east-2\", \"us-east-2\"]",
        2,
        "replicas list us-east-2 twice",
    );
}

#[test]
fn pins_outside_what_the_engine_can_do_are_errors() {
    let kv = "kind = \"key-value\"\nsize = \"10 GB\"\nconsistency = \"eventual\"\nconflicts = \"last-writer-wins\"\n";
    let rel = "kind = \"relational\"\nsize = \"10 GB\"\n";
    let cases: &[(String, usize, &str)] = &[
        (
            format!("{rel}topology = \"active-passive\"\nprimary = \"us-east-1\"\nreplicas = []"),
            4,
            "needs a second region",
        ),
        (
            format!(
                "{kv}engine = \"dynamodb\"\ntopology = \"active-active\"\nreplicas = [\"us-east-1\"]"
            ),
            6,
            "needs a second region; the pins name only us-east-1",
        ),
        (
            format!(
                "{rel}engine = \"quorum-ec2\"\nprimary = \"us-east-1\"\nreplicas = [\"us-east-2\"]"
            ),
            4,
            "exactly 3 voting regions; the pins name 2",
        ),
        (
            format!(
                "{rel}engine = \"quorum-ec2\"\nprimary = \"us-east-1\"\nreplicas = [\"us-east-2\", \"us-west-2\", \"eu-west-1\"]"
            ),
            4,
            "exactly 3 voting regions; the pins name 4",
        ),
        (
            format!(
                "{rel}engine = \"aurora-dsql\"\ntopology = \"active-active\"\nreplicas = [\"us-east-1\", \"eu-west-1\"]"
            ),
            4,
            "within one Region set",
        ),
        (
            format!(
                "{rel}engine = \"aurora-dsql\"\ntopology = \"active-active\"\nreplicas = [\"us-east-1\", \"us-east-2\", \"us-west-2\"]"
            ),
            4,
            "exactly 2 peer regions; the pins name 3",
        ),
        (
            format!(
                "{rel}engine = \"aurora-dsql\"\nreplicas = [\"us-east-1\", \"us-east-2\"]\nwitness = \"eu-west-1\""
            ),
            4,
            "within one Region set",
        ),
        (
            format!("{rel}engine = \"aurora-dsql\"\nprimary = \"sa-east-1\""),
            3,
            "aurora-dsql is not offered in sa-east-1",
        ),
        (
            format!(
                "{rel}engine = \"aurora-postgresql\"\nprimary = \"us-east-1\"\nreplicas = [\"us-east-2\"]\nwitness = \"us-west-2\""
            ),
            5,
            "have no witness region",
        ),
        (
            "kind = \"cache\"\nsize = \"10 GB\"\nengine = \"elasticache-valkey\"\nprimary = \"us-east-1\"\n\
             replicas = [\"us-east-2\", \"us-west-2\", \"eu-west-1\", \"eu-central-1\"]"
                .to_string(),
            4,
            "at most 3 regions in one design; the pins name 5",
        ),
        (
            format!("{rel}engine = \"aurora-dsql\"\ninstance = \"db.r6g.large\""),
            3,
            "unknown instance class",
        ),
    ];
    for (class, line, needle) in cases {
        rejected(class, *line, needle);
    }
}

#[test]
fn a_witness_that_sorts_first_can_be_pinned() {
    // The witness used to be the last region after sorting `replicas`.
    let p = plan(
        "kind = \"relational\"\nsize = \"10 GB\"\nrpo = \"0s\"\nengine = \"aurora-dsql\"\n\
         replicas = [\"us-east-2\", \"us-west-2\"]\nwitness = \"us-east-1\"",
    )
    .unwrap();
    let c = &p.classes[0];
    assert_eq!(c.regions, vec!["us-east-2", "us-west-2"]);
    assert_eq!(c.witness.as_deref(), Some("us-east-1"));
    assert!(c.feasible);
}

/// The pins that reproduce a planned class's design.
fn pins_of(c: &meridian::plan::ClassPlan) -> String {
    let mut pins = format!("engine = \"{}\"\ntopology = \"{}\"\n", c.engine, c.topology);
    if let Some(s) = c.standby {
        pins.push_str(&format!("standby = \"{s}\"\n"));
    }
    let first = c.primary.clone().or(c.leader.clone());
    if let Some(p) = &first {
        pins.push_str(&format!("primary = \"{p}\"\n"));
    }
    let replicas: Vec<String> = c
        .regions
        .iter()
        .filter(|r| Some(*r) != first.as_ref())
        .map(|r| format!("\"{r}\""))
        .collect();
    if c.regions.len() > 1 {
        pins.push_str(&format!("replicas = [{}]\n", replicas.join(", ")));
    }
    if let Some(w) = &c.witness {
        pins.push_str(&format!("witness = \"{w}\"\n"));
    }
    if let Some(i) = &c.instance {
        pins.push_str(&format!("instance = \"{}\"\n", i.class));
    }
    pins
}

#[test]
fn every_design_the_search_picks_can_be_pinned() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let p = meridian::plan_text(&name, &text, &catalog).unwrap();
        for c in &p.classes {
            // Pin the chosen design under the class's table header.
            let header = format!("[data.{}]\n", c.name);
            let pinned = text.replacen(&header, &format!("{header}{}", pins_of(c)), 1);
            let again = meridian::plan_text(&name, &pinned, &catalog)
                .unwrap_or_else(|e| panic!("{name}/{}: pins rejected: {e:?}", c.name));
            let d = again.classes.iter().find(|x| x.name == c.name).unwrap();
            assert_eq!(
                (&d.engine, &d.regions, &d.witness, &d.primary, &d.leader),
                (&c.engine, &c.regions, &c.witness, &c.primary, &c.leader),
                "{name}/{}",
                c.name
            );
            assert_eq!(d.monthly_usd, c.monthly_usd, "{name}/{}", c.name);
            assert_eq!(d.feasible, c.feasible, "{name}/{}", c.name);
        }
    }
}

#[test]
fn names_that_would_break_file_or_resource_names_are_errors() {
    let long = "a".repeat(49);
    let text = common::tiny_spec("kind = \"cache\"\nsize = \"1 GB\"")
        .replace("[data.d]", &format!("[data.{long}]"));
    let e = meridian::plan_text("t.toml", &text, &catalog()).unwrap_err();
    assert!(e.errors[0].message.contains("at most 48"), "{e:?}");
    let text = common::tiny_spec(
        "kind = \"cache\"\nsize = \"1 GB\"\n[data.my_d]\nkind = \"cache\"\nsize = \"1 GB\"",
    )
    .replace("[data.d]", "[data.my-d]");
    let e = meridian::plan_text("t.toml", &text, &catalog()).unwrap_err();
    assert!(
        e.errors[0].message.contains("differ only in - and _"),
        "{e:?}"
    );
}

#[test]
fn a_service_that_depends_on_nothing_is_an_error() {
    let text = common::tiny_spec(
        "kind = \"cache\"\nsize = \"1 GB\"\n[services.api]\ninstance = \"m7g.large\"",
    );
    let e = meridian::plan_text("t.toml", &text, &catalog()).unwrap_err();
    assert!(e.errors[0].message.contains("depends on nothing"), "{e:?}");
}

#[test]
fn a_service_whose_data_has_no_design_is_not_placed_and_every_output_renders() {
    // It used to make `--out` fail in service.tf.j2 ("undefined value") and
    // print the service at `"regions": {}` and `-0.0` dollars.
    let text = "name = \"x\"\n[users.a]\nnear = \"ap-south-1\"\nshare = 1\n\
        [data.d]\nkind = \"relational\"\nsize = \"10 GB\"\nresidency = [\"in\"]\nengine = \"aurora-dsql\"\n\
        [data.c]\nkind = \"cache\"\nsize = \"1 GB\"\n\
        [services.api]\ndepends_on = [\"d\", \"c\"]\ninstance = \"m7g.large\"\n\
        [services.web]\ndepends_on = [\"api\"]\ninstance = \"m7g.large\"\n";
    let p = meridian::plan_text("x.toml", text, &catalog()).unwrap();
    assert!(!p.feasible);
    assert!(!p.classes[0].designed && p.classes[1].designed);
    for s in &p.services {
        assert!(!s.placed, "{}", s.name);
        assert_eq!(s.missing_designs, vec!["d"]);
        assert!(s.regions.is_empty() && s.cost.is_empty());
        assert_eq!(s.availability, 0.0);
        assert!(s.rto_s.is_infinite());
    }
    assert_money_adds_up(&p);
    let table = meridian::render::table::render(&p);
    assert!(table.contains("not placed: no design for d"), "{table}");
    assert!(!table.contains("$0.00"), "{table}");
    meridian::render::markdown::render(&p).unwrap();
    let report = meridian::render::report::render(&p).unwrap();
    let md = &report.iter().find(|f| f.path == "report.md").unwrap().text;
    assert!(md.contains("**No design:**") && md.contains("api, web cannot be placed"));
    let module = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    let names: Vec<&str> = module.iter().map(|f| f.path.as_str()).collect();
    assert!(names.contains(&"data-c.tf") && !names.iter().any(|n| n.starts_with("service-")));
    let readme = &module.iter().find(|f| f.path == "README.md").unwrap().text;
    assert!(readme.contains("Not routed: api, web"), "{readme}");
}

#[test]
fn a_negative_zero_written_in_the_spec_is_not_echoed() {
    // Found by tests/fuzz.rs: `lat = -0.0` came back as "lat": -0.0.
    let text = common::tiny_spec("kind = \"cache\"\nsize = \"1 GB\"\nreads_per_sec = -0.0")
        .replace("near = \"eu-west-1\"", "lat = -0.0\nlon = -0.0");
    let p = meridian::plan_text("t.toml", &text, &catalog()).unwrap();
    meridian::invariants::check(&p).unwrap();
}
