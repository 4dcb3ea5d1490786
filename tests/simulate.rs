//! `meridian simulate`: hand-computed failure scenarios, every example
//! failed region by region (snapshotted), failing an unused region changes
//! nothing, and the Monte Carlo year agrees with the plan's analytic
//! availability on every example.

mod common;

use common::catalog;

use meridian::catalog::Catalog;
use meridian::diagnostics::SourceFile;
use meridian::render;
use meridian::simulate::{self, Simulation};
use meridian::spec::Spec;

fn spec(name: &str, text: &str, catalog: &Catalog) -> Spec {
    meridian::spec::parse(&SourceFile::new(name, text), catalog)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

/// Two populations (70% near us-east-1, 30% near eu-west-1), one pinned class.
fn tiny(class: &str, catalog: &Catalog) -> Spec {
    spec("tiny.toml", &common::tiny_spec(class), catalog)
}

fn fail(spec: &Spec, catalog: &Catalog, regions: &[&str]) -> Simulation {
    let ids: Vec<usize> = regions
        .iter()
        .map(|r| catalog.region_index(r).expect("a catalog region"))
        .collect();
    simulate::fail(spec, catalog, &ids)
}

#[test]
fn aurora_global_loses_the_lag_of_writes_when_its_primary_fails() {
    let catalog = catalog();
    let spec = tiny(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 500\nwrites_per_sec = 200\nitem_size = \"2 KiB\"\n\
         engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\n\
         primary = \"us-east-1\"\nreplicas = [\"us-east-2\"]",
        &catalog,
    );
    let s = fail(&spec, &catalog, &["us-east-1"]);
    let c = &s.classes[0];
    assert_eq!(c.impact, "failover");
    assert_eq!(c.new_primary.as_deref(), Some("us-east-2"));
    // 200 writes/s × the 1 s typical lag of Aurora Global Database = 200 writes,
    // × 2,048 bytes = 409,600 bytes.
    assert_eq!(c.writes_lost_expected, 200.0);
    assert_eq!(c.bytes_lost_expected, 409_600.0);
    // Down for the RTO path: detection 90 s + promotion 60 s + DNS 60 s.
    assert_eq!(c.downtime_s, 210.0);
    assert_eq!(c.affected_share, 1.0);
    // Everyone now writes to us-east-2.
    assert!(
        c.users
            .iter()
            .all(|u| u.write_to.as_deref() == Some("us-east-2"))
    );
    // Losing only the standby costs nothing but redundancy.
    let s = fail(&spec, &catalog, &["us-east-2"]);
    assert_eq!(s.classes[0].impact, "standby lost");
    assert_eq!(s.classes[0].writes_lost_expected, 0.0);
    assert_eq!(s.classes[0].downtime_s, 0.0);
}

#[test]
fn active_active_loses_only_the_failed_regions_share() {
    let catalog = catalog();
    let spec = tiny(
        "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 500\nwrites_per_sec = 100\nitem_size = \"1 KiB\"\n\
         consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\nengine = \"dynamodb\"\n\
         topology = \"active-active\"\nprimary = \"us-east-1\"\nreplicas = [\"eu-west-1\"]",
        &catalog,
    );
    let s = fail(&spec, &catalog, &["us-east-1"]);
    let c = &s.classes[0];
    assert_eq!(c.impact, "users re-routed");
    // 70% of writes land in us-east-1: 100/s × 0.7 × 1 s lag = 70 writes.
    assert!(
        (c.writes_lost_expected - 70.0).abs() < 1e-9,
        "{}",
        c.writes_lost_expected
    );
    assert!((c.affected_share - 0.7).abs() < 1e-9);
    // Detection 90 s + DNS 60 s for the users re-routed to Europe.
    assert_eq!(c.downtime_s, 150.0);
    let us = c.users.iter().find(|u| u.name == "us").unwrap();
    assert_eq!(us.read_from.as_deref(), Some("eu-west-1"));
    assert!(us.read_ms.unwrap() > us.read_ms_before);
    assert!(c.consistency.contains("last writer wins"));
}

#[test]
fn backup_restore_loses_half_an_interval_on_average() {
    let catalog = catalog();
    let spec = tiny(
        "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 50\nwrites_per_sec = 10\nitem_size = \"1 KiB\"\n\
         engine = \"dynamodb\"\ntopology = \"active-passive\"\nstandby = \"backup-restore\"\n\
         primary = \"us-east-1\"\nreplicas = [\"us-east-2\"]",
        &catalog,
    );
    let s = fail(&spec, &catalog, &["us-east-1"]);
    let c = &s.classes[0];
    // Hourly backups: expected 10/s × 1,800 s, at worst 10/s × 3,600 s.
    assert_eq!(c.writes_lost_expected, 18_000.0);
    assert_eq!(c.writes_lost_worst, Some(36_000.0));
    assert_eq!(c.new_primary.as_deref(), Some("us-east-2"));
    // The restored table runs at full size: it costs more than the copy did.
    assert!(c.extra_usd_per_hour >= meridian::cost::Cents::ZERO);
}

#[test]
fn synchronous_designs_lose_nothing_until_the_quorum_goes() {
    let catalog = catalog();
    let spec = tiny(
        "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 50\nitem_size = \"1 KiB\"\n\
         consistency = \"strong\"\nengine = \"aurora-dsql\"\ntopology = \"active-active\"",
        &catalog,
    );
    let plan = meridian::pipeline::plan(&spec, &catalog);
    let class = &plan.classes[0];
    let witness = class.witness.clone().unwrap();
    let first = class.regions[0].clone();
    let s = fail(&spec, &catalog, &[first.as_str()]);
    assert!(s.classes[0].survives);
    assert_eq!(s.classes[0].writes_lost_expected, 0.0);
    assert_eq!(s.classes[0].writes_lost_worst, Some(0.0));
    // A replica and the witness: no majority, writes stop; still nothing lost.
    let s = fail(&spec, &catalog, &[first.as_str(), witness.as_str()]);
    assert_eq!(s.classes[0].impact, "down");
    assert!(s.classes[0].downtime_s.is_infinite());
    assert_eq!(s.classes[0].writes_lost_worst, Some(0.0));
}

#[test]
fn a_single_region_design_is_down_until_its_region_returns() {
    let catalog = catalog();
    let spec = tiny(
        "kind = \"cache\"\nsize = \"5 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\nitem_size = \"1 KiB\"\n\
         engine = \"elasticache-valkey\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"",
        &catalog,
    );
    let s = fail(&spec, &catalog, &["us-east-1"]);
    assert!(!s.classes[0].survives);
    assert_eq!(
        s.classes[0].writes_lost_worst, None,
        "unbounded if the region's storage is lost"
    );
    assert!(s.classes[0].users.iter().all(|u| u.read_from.is_none()));
}

/// Regions an example's plan uses (copies, witnesses, services).
fn used_regions(plan: &meridian::plan::Plan) -> Vec<String> {
    let mut regions: Vec<String> = plan
        .classes
        .iter()
        .flat_map(|c| c.regions.iter().cloned().chain(c.witness.clone()))
        .chain(plan.services.iter().flat_map(|s| s.regions.keys().cloned()))
        .collect();
    regions.sort();
    regions.dedup();
    regions
}

#[test]
fn every_example_simulated_for_each_region_it_uses() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let spec = spec(&name, &text, &catalog);
        let plan = meridian::pipeline::plan(&spec, &catalog);
        let mut report = String::new();
        for region in used_regions(&plan) {
            let s = fail(&spec, &catalog, &[region.as_str()]);
            assert!(s.unused.is_empty());
            report.push_str(&render::simulate::markdown_fail(&s).unwrap());
            report.push('\n');
        }
        insta::assert_snapshot!(format!("simulate_{name}"), report);
    }
}

#[test]
fn failing_an_unused_region_changes_nothing() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let spec = spec(&name, &text, &catalog);
        let plan = meridian::pipeline::plan(&spec, &catalog);
        let used = used_regions(&plan);
        for region in catalog.regions.iter().filter(|r| !used.contains(&r.id)) {
            let s = fail(&spec, &catalog, &[region.id.as_str()]);
            assert_eq!(s.unused, vec![region.id.clone()]);
            assert_eq!(s.extra_usd_per_hour, meridian::cost::Cents::ZERO);
            for c in &s.classes {
                assert_eq!(c.impact, "none", "{name}/{}: {}", c.name, region.id);
                assert_eq!(c.writes_lost_expected, 0.0);
                for u in &c.users {
                    assert_eq!(u.read_from.as_deref(), Some(u.read_from_before.as_str()));
                    assert_eq!(u.write_ms, Some(u.write_ms_before));
                }
            }
            assert!(s.services.iter().all(|v| v.status == "unaffected"));
        }
    }
}

#[test]
fn the_monte_carlo_year_agrees_with_the_analytic_availability() {
    let catalog = catalog();
    for (name, text) in common::examples() {
        let spec = spec(&name, &text, &catalog);
        let y = simulate::year(&spec, &catalog, 7, 20_000);
        for c in y.classes.iter().chain(&y.services) {
            // Within three standard errors (the report shows 95%).
            let tolerance = 3.0 / 1.96 * c.downtime_hours.ci95;
            assert!(
                (c.downtime_hours.mean - c.analytic_downtime_hours).abs() <= tolerance.max(1e-6),
                "{name}/{}: simulated {} ± {} h vs analytic {} h",
                c.name,
                c.downtime_hours.mean,
                c.downtime_hours.ci95,
                c.analytic_downtime_hours
            );
        }
        // Same seed, same result.
        let again = simulate::year(&spec, &catalog, 7, 20_000);
        assert_eq!(
            serde_json::to_string(&y).unwrap(),
            serde_json::to_string(&again).unwrap()
        );
    }
}
