//! RPO as a user needs it (issue 10): the expected loss (typical lag) and
//! the worst case (a bound, or none and why), and classes that require a
//! guaranteed RPO (`rpo_guaranteed`), which only bounded designs meet.

mod common;

use common::catalog;

use meridian::plan::Plan;

fn plan(class: &str) -> Plan {
    meridian::plan_text("t.toml", &common::tiny_spec(class), &catalog())
        .unwrap_or_else(|e| panic!("{e:?}"))
}

const KV: &str = "kind = \"key-value\"\nsize = \"50 GB\"\nreads_per_sec = 500\nwrites_per_sec = 100\n\
    consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\nrpo = \"30s\"\n";

#[test]
fn a_typical_lag_is_not_sold_as_a_bound() {
    // DynamoDB global tables: "typically ... within a second", no SLA.
    let p = plan(&format!(
        "{KV}engine = \"dynamodb\"\ntopology = \"active-active\"\n"
    ));
    let c = &p.classes[0];
    assert!(c.feasible);
    assert_eq!(c.rpo_s, 1.0);
    assert_eq!(c.rpo_typical_s, 1.0);
    assert!(c.rpo_bound_s.is_infinite());
    assert!(
        c.rpo_bound.contains("publishes no bound"),
        "{}",
        c.rpo_bound
    );
    let json = meridian::render::json::render(&p);
    assert!(json.contains("\"rpo_bound_s\": null"));
}

#[test]
fn a_guaranteed_rpo_is_never_given_dynamodb_global_tables() {
    let p = plan(&format!("{KV}rpo_guaranteed = true\n"));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert!(
        !(c.engine == "dynamodb" && c.topology.as_str() == "active-active"),
        "{} {}",
        c.engine,
        c.topology
    );
    assert!(c.rpo_bound_s <= 30.0);
    // Pinned to global tables, it fails the RPO and says why.
    let p = plan(&format!(
        "{KV}rpo_guaranteed = true\nengine = \"dynamodb\"\ntopology = \"active-active\"\n"
    ));
    let c = &p.classes[0];
    assert!(!c.feasible);
    let v = c.violations.iter().find(|v| v.slo == "rpo").unwrap();
    assert!(v.why.contains("must be guaranteed"), "{}", v.why);
    assert!(v.why.contains("publishes no bound"), "{}", v.why);
}

#[test]
fn aurora_postgresql_sets_rds_global_db_rpo_for_a_guaranteed_rpo() {
    let rel = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 500\nwrites_per_sec = 100\n\
        engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nrpo_guaranteed = true\n";
    // rds.global_db_rpo = 30 s blocks commits while a secondary lags more.
    let p = plan(&format!("{rel}rpo = \"30s\"\n"));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.global_db_rpo_s, Some(30));
    assert_eq!(c.rpo_bound_s, 30.0);
    assert_eq!(c.rpo_typical_s, 1.0);
    assert!(c.rpo_bound.contains("rds.global_db_rpo = 30s"));
    // The parameter's least value is 20 s: a 10 s guarantee cannot be given.
    let p = plan(&format!("{rel}rpo = \"10s\"\n"));
    let c = &p.classes[0];
    assert!(!c.feasible);
    assert_eq!(c.rpo_s, 20.0);
    // Without a guarantee, nothing is set and the typical lag is the RPO.
    let p = plan(&rel.replace("rpo_guaranteed = true\n", "rpo = \"30s\"\n"));
    let c = &p.classes[0];
    assert_eq!(c.global_db_rpo_s, None);
    assert_eq!(c.rpo_s, 1.0);
}

#[test]
fn simulate_worst_case_is_the_bound_or_unbounded() {
    let catalog = catalog();
    let spec = |class: &str| {
        meridian::spec::parse(
            &meridian::diagnostics::SourceFile::new("t.toml", common::tiny_spec(class)),
            &catalog,
        )
        .unwrap()
    };
    // DynamoDB active-active: 70% of 100 writes/s land in us-east-1; the
    // expected loss is 70 × 1 s typical lag; the worst case has no bound.
    let s = meridian::simulate::fail(
        &spec(&format!(
            "{KV}engine = \"dynamodb\"\ntopology = \"active-active\"\nprimary = \"us-east-1\"\nreplicas = [\"eu-west-1\"]\n"
        )),
        &catalog,
        &[catalog.region_index("us-east-1").unwrap()],
    );
    let c = &s.classes[0];
    assert!(
        (c.writes_lost_expected - 70.0).abs() < 1e-6,
        "{}",
        c.writes_lost_expected
    );
    assert_eq!(c.writes_lost_worst, None);
    // S3 with Replication Time Control: 15 s typical, 15 min bound: 2 writes/s
    // × 900 s = 1,800 objects at worst.
    let s = meridian::simulate::fail(
        &spec(
            "kind = \"object\"\nsize = \"1 TB\"\nreads_per_sec = 10\nwrites_per_sec = 2\nconsistency = \"eventual\"\n\
               engine = \"s3\"\ntopology = \"active-passive\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]\n",
        ),
        &catalog,
        &[catalog.region_index("us-east-1").unwrap()],
    );
    let c = &s.classes[0];
    assert_eq!(c.writes_lost_expected, 30.0);
    assert_eq!(c.writes_lost_worst, Some(1800.0));
}

#[test]
fn rpo_guaranteed_needs_an_rpo() {
    let text = common::tiny_spec("kind = \"cache\"\nsize = \"1 GB\"\nrpo_guaranteed = true");
    let e = meridian::plan_text("t.toml", &text, &catalog()).unwrap_err();
    assert!(
        e.errors[0]
            .message
            .contains("rpo_guaranteed without an rpo"),
        "{e:?}"
    );
}

#[test]
fn the_terraform_sets_rds_global_db_rpo_where_the_plan_relies_on_it() {
    let p = plan(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 500\nwrites_per_sec = 100\n\
         engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"warm-standby\"\n\
         rpo = \"30s\"\nrpo_guaranteed = true\n",
    );
    let module = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    let data = &module.iter().find(|f| f.path == "data-d.tf").unwrap().text;
    // One parameter group per cluster (primary and warm standby), each used.
    assert_eq!(
        data.matches("resource \"aws_rds_cluster_parameter_group\"")
            .count(),
        2
    );
    assert_eq!(
        data.matches("name         = \"rds.global_db_rpo\"").count(),
        2
    );
    assert_eq!(data.matches("value        = \"30\"").count(), 2);
    assert_eq!(data.matches("db_cluster_parameter_group_name").count(), 2);
    let vars = &module
        .iter()
        .find(|f| f.path == "variables.tf")
        .unwrap()
        .text;
    assert!(vars.contains("aurora_postgresql_parameter_family"));
    // Without a guarantee the module sets nothing.
    let p = plan(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 500\nwrites_per_sec = 100\n\
         engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"warm-standby\"\nrpo = \"30s\"\n",
    );
    let module = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    assert!(!module.iter().any(|f| f.text.contains("rds.global_db_rpo")));
}
