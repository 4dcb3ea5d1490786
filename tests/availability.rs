//! Availability from the right events (issue 10): an engine whose own
//! outage history AWS published for a region (DynamoDB in us-east-1) is
//! down there at that rate, not at the region's "any AWS service" rate; the
//! published SLA is shown beside the estimate; the Monte Carlo year agrees.

mod common;

#[test]
fn single_region_dynamodb_in_us_east_1_uses_dynamodbs_own_events() {
    let catalog = meridian::catalog::load_embedded().unwrap();
    let text = "name = \"one\"\nregions = [\"us-east-1\"]\n[users.east]\nnear = \"us-east-1\"\nshare = 1\n\
        [data.kv]\nkind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
        consistency = \"eventual\"\nengine = \"dynamodb\"\n";
    let p = meridian::plan_text("one.toml", text, &catalog).unwrap();
    let c = &p.classes[0];
    assert_eq!(c.topology.as_str(), "single-region");
    // Two DynamoDB events in 10.25 years (2015-09-20, 4.85 h; 2025-10-20,
    // 2.87 h): 0.195 a year × a mean 3.86 h = 0.7527 h a year with nothing
    // to fail over to: 1 − 0.7527 / 8760 = 0.999914 (99.991%), where the
    // region-wide rate (0.67 a year × 8.93 h) gives 99.932%; DynamoDB fails
    // nothing over within a region.
    assert!(
        (c.availability - 0.999914).abs() < 1e-6,
        "{}",
        c.availability
    );
    // The single-Region SLA beside it.
    assert_eq!(c.sla, Some(0.9999));
    // The events are in the catalog and named in the plan's assumptions.
    let dynamodb = &catalog.engines[catalog.engine_index("dynamodb").unwrap()];
    let own = &dynamodb.outages[0];
    assert!(own.events.contains("2015-09-20") && own.events.contains("2025-10-19/20"));
    // Aurora in the same region still counts every region-wide event.
    let text = text
        .replace("kind = \"key-value\"", "kind = \"relational\"")
        .replace(
            "consistency = \"eventual\"\nengine = \"dynamodb\"",
            "engine = \"aurora-postgresql\"",
        );
    let p = meridian::plan_text("one.toml", &text, &catalog).unwrap();
    // 0.67 × 8.93 h region-wide, plus 0.0095 AZ events × 60 s Multi-AZ
    // failover: 1 − (5.9831 + 0.000158)/8760 = 0.99931698.
    let want = 1.0 - (0.67 * 8.93 + 0.0095 * 60.0 / 3600.0) / 8760.0;
    assert!((p.classes[0].availability - want).abs() < 1e-6);
}

#[test]
fn the_monte_carlo_year_follows_the_engines_own_events() {
    let catalog = meridian::catalog::load_embedded().unwrap();
    let text = "name = \"one\"\nregions = [\"us-east-1\"]\n[users.east]\nnear = \"us-east-1\"\nshare = 1\n\
        [data.kv]\nkind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
        consistency = \"eventual\"\nengine = \"dynamodb\"\n\
        [data.sql]\nkind = \"relational\"\nsize = \"10 GB\"\nengine = \"aurora-postgresql\"\n\
        [services.api]\ndepends_on = [\"kv\", \"sql\"]\ninstance = \"m7g.large\"\n";
    let spec = meridian::spec::parse(
        &meridian::diagnostics::SourceFile::new("one.toml", text),
        &catalog,
    )
    .unwrap();
    let y = meridian::simulate::year(&spec, &catalog, 3, 40_000);
    for o in y.classes.iter().chain(&y.services) {
        assert!(
            o.agrees,
            "{}: simulated {} ± {} h against {} h",
            o.name, o.downtime_hours.mean, o.downtime_hours.ci95, o.analytic_downtime_hours
        );
    }
}
