//! Plans of the examples: snapshots of what users read, and the invariants
//! every plan must keep (line items sum to the total, RPO 0 is never async,
//! residency holds, outputs are deterministic).

use std::path::Path;

mod common;

use common::catalog;

use meridian::catalog::Catalog;
use meridian::model::Replication;
use meridian::plan::Plan;
use meridian::render;

fn plan_of(name: &str, text: &str, catalog: &Catalog) -> Plan {
    meridian::plan_text(&format!("examples/{name}.toml"), text, catalog)
        .unwrap_or_else(|e| panic!("{name} is a valid spec: {e:?}"))
}

#[test]
fn example_plans_snapshot() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let plan = plan_of(&name, &text, &catalog);
        let mut snapshot = String::new();
        snapshot.push_str("=== table ===\n");
        snapshot.push_str(&render::table::render(&plan));
        snapshot.push_str("\n=== plan.json ===\n");
        snapshot.push_str(&render::json::render(&plan));
        insta::assert_snapshot!(format!("plan_{name}"), snapshot);
    }
}

#[test]
fn example_markdown_snapshot() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let plan = plan_of(&name, &text, &catalog);
        let markdown = render::markdown::render(&plan).expect("the template renders");
        insta::assert_snapshot!(format!("markdown_{name}"), markdown);
    }
}

/// A class whose search stopped at the evaluation cap says so in every
/// format a reviewer reads, naming what is not proven: the cheapest
/// design, or for an infeasible class the nearest.
#[test]
fn an_incomplete_search_is_reported_in_every_format() {
    let catalog = catalog();
    let (name, text) = common::examples()
        .into_iter()
        .find(|(n, _)| n == "shop")
        .expect("the shop example");
    let mut plan = plan_of(&name, &text, &catalog);
    let complete = render::markdown::render(&plan).expect("the template renders");
    assert!(!complete.contains("evaluation cap"));
    plan.classes[0].search_complete = false;
    let class = plan.classes[0].name.clone();
    for feasible in [true, false] {
        plan.classes[0].feasible = feasible;
        let what = if feasible { "cheapest" } else { "nearest" };
        let markdown = render::markdown::render(&plan).expect("the template renders");
        assert!(
            markdown.contains(&format!("best found, not proven the {what}")),
            "{markdown}"
        );
        let table = render::table::render(&plan);
        assert!(
            table.contains(&format!(
                "{class}: the search stopped at its evaluation cap"
            )) && table.contains(&format!("not proven the {what}")),
            "{table}"
        );
        let explain = render::explain::render(&plan.classes[0]);
        assert!(
            explain.contains(&format!("not proven the {what}")),
            "{explain}"
        );
        let report = render::report::render(&plan).expect("the report renders");
        let pages: Vec<_> = report
            .iter()
            .filter(|f| f.path.starts_with("report."))
            .collect();
        assert_eq!(pages.len(), 2, "report.md and report.html");
        for file in pages {
            assert!(
                file.text.contains(&format!("not proven the {what}")),
                "{}",
                file.path
            );
        }
    }
}

#[test]
fn every_example_meets_its_slos() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let plan = plan_of(&name, &text, &catalog);
        for class in &plan.classes {
            assert!(
                class.feasible,
                "{name}/{}: {:?}",
                class.name, class.violations
            );
        }
    }
}

#[test]
fn line_items_sum_to_every_total() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let plan = plan_of(&name, &text, &catalog);
        let json: serde_json::Value = serde_json::from_str(&render::json::render(&plan)).unwrap();
        let mut total = 0.0;
        for class in json["classes"]
            .as_array()
            .unwrap()
            .iter()
            .chain(json["services"].as_array().unwrap())
        {
            let items: f64 = class["cost"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["monthly_usd"].as_f64().unwrap())
                .sum();
            let monthly = class["monthly_usd"].as_f64().unwrap();
            assert!(
                (items - monthly).abs() < 0.005,
                "{name}/{}: items {items} vs {monthly}",
                class["name"]
            );
            total += monthly;
        }
        for line in json["shared_cost"].as_array().unwrap() {
            total += line["monthly_usd"].as_f64().unwrap();
        }
        if let Some(st) = json.get("static_assets") {
            let items: f64 = st["cost"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l["monthly_usd"].as_f64().unwrap())
                .sum();
            let monthly = st["monthly_usd"].as_f64().unwrap();
            assert!((items - monthly).abs() < 0.005, "{name}/static_assets");
            total += monthly;
        }
        let stated = json["total_monthly_usd"].as_f64().unwrap();
        assert!(
            (total - stated).abs() < 0.005,
            "{name}: {total} vs {stated}"
        );
    }
}

#[test]
fn plan_json_has_the_design_keys() {
    let catalog = catalog();
    let (name, text) = &common::examples()[0];
    let plan = plan_of(name, text, &catalog);
    let json: serde_json::Value = serde_json::from_str(&render::json::render(&plan)).unwrap();
    for key in ["name", "total_monthly_usd", "classes"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    for class in json["classes"].as_array().unwrap() {
        for key in [
            "name",
            "feasible",
            "topology",
            "standby",
            "replication",
            "conflicts",
            "engine",
            "primary",
            "regions",
            "monthly_usd",
            "cost",
            "rpo_s",
            "rto_s",
            "availability",
            "read_latency_ms",
            "write_latency_ms",
            "violations",
        ] {
            assert!(class.get(key).is_some(), "class misses {key}");
        }
        for line in class["cost"].as_array().unwrap() {
            for key in ["item", "region", "monthly_usd"] {
                assert!(line.get(key).is_some(), "cost line misses {key}");
            }
        }
    }
}

#[test]
fn rpo_zero_is_never_async_and_residency_holds() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let file = meridian::diagnostics::SourceFile::new(name.clone(), text.clone());
        let spec = meridian::spec::parse(&file, &catalog).unwrap();
        let plan = meridian::pipeline::plan(&spec, &catalog);
        for (class, spec_class) in plan.classes.iter().zip(&spec.data) {
            if spec_class.slo.rpo_s == Some(0.0) {
                assert!(
                    matches!(class.replication, Replication::Sync | Replication::Quorum),
                    "{name}/{}: RPO 0 planned with {} replication",
                    class.name,
                    class.replication
                );
                assert_eq!(class.rpo_s, 0.0);
            }
            for region in class.regions.iter().chain(class.witness.iter()) {
                let i = catalog.region_index(region).unwrap();
                assert!(
                    spec_class.allowed[i],
                    "{name}/{} uses {region}, outside its residency",
                    class.name
                );
            }
        }
    }
}

#[test]
fn same_input_same_bytes() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let a = render::json::render(&plan_of(&name, &text, &catalog));
        let b = render::json::render(&plan_of(&name, &text, &catalog));
        assert_eq!(a, b, "{name} is not deterministic");
        let md_a = render::markdown::render(&plan_of(&name, &text, &catalog)).unwrap();
        let md_b = render::markdown::render(&plan_of(&name, &text, &catalog)).unwrap();
        assert_eq!(md_a, md_b);
    }
    assert!(Path::new("examples").is_dir());
}
