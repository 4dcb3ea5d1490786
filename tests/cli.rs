//! The command line as users meet it: exit codes, errors that name file,
//! line and column, nothing written on bad input, `--out`, `--catalog`,
//! pins, infeasible classes, and `--help`.

use std::path::{Path, PathBuf};

mod common;

use common::{meridian, text};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("cli", name)
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.display().to_string()
}

const MINIMAL: &str = r#"name = "mini"
regions = ["us-east-1", "us-east-2", "us-west-2"]

[users.everyone]
near = "us-east-1"
share = 1.0

[data.orders]
kind = "relational"
size = "100 GB"
reads_per_sec = 100
writes_per_sec = 10
rpo = "5s"
rto = "10m"
"#;

#[test]
fn help_is_stable() {
    let out = meridian(&["--help"]);
    assert!(out.status.success());
    insta::assert_snapshot!("help", text(&out.stdout));
    let out = meridian(&["plan", "--help"]);
    insta::assert_snapshot!("plan_help", text(&out.stdout));
}

#[test]
fn plan_prints_and_writes_the_same_json() {
    let dir = scratch("out");
    let spec = write(&dir, "mini.toml", MINIMAL);
    let out_dir = dir.join("out");
    let printed = meridian(&[
        "plan",
        &spec,
        "--format",
        "json",
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(printed.status.code(), Some(0), "{}", text(&printed.stderr));
    let written = std::fs::read_to_string(out_dir.join("plan.json")).unwrap();
    assert_eq!(text(&printed.stdout), written);
    let again = meridian(&["plan", &spec, "--format", "json"]);
    assert_eq!(again.stdout, printed.stdout, "same input, same bytes");
}

/// The classes are searched on several threads: the plan is the same
/// bytes on one thread as on several (the examples, and a bench shape
/// whose classes take unequal times, so they finish out of order).
#[test]
fn the_plan_does_not_depend_on_the_number_of_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for spec in [
        "examples/global-game.toml",
        "examples/payments-ledger.toml",
        "benches/shapes/large-loose-120x4.toml",
    ] {
        let spec = root.join(spec).display().to_string();
        let plan = |threads: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_meridian"))
                .args(["plan", &spec, "--format", "json"])
                .env("MERIDIAN_THREADS", threads)
                .output()
                .unwrap()
        };
        let one = plan("1");
        assert!(one.status.code().is_some_and(|c| c < 2), "{spec}");
        for threads in ["2", "5"] {
            let many = plan(threads);
            assert_eq!(many.status.code(), one.status.code(), "{spec}");
            assert!(many.stdout == one.stdout, "{spec} on {threads} threads");
        }
    }
}

#[test]
fn table_and_markdown_render() {
    let table = meridian(&["plan", "examples/shop.toml"]);
    assert_eq!(table.status.code(), Some(0));
    let stdout = text(&table.stdout);
    assert!(
        stdout.contains("orders") && stdout.contains("total: $"),
        "{stdout}"
    );
    let md = meridian(&["plan", "examples/shop.toml", "--format", "markdown"]);
    assert_eq!(md.status.code(), Some(0));
    assert!(text(&md.stdout).starts_with("# meridian plan: shop"));
}

/// Each bad spec, and the `file:line:column: message` lines it must print.
const BAD_SPECS: &[(&str, &str, &[&str])] = &[
    (
        "typo-region.toml",
        "name = \"x\"\nregions = [\"eu-west1\"]\n[users.a]\nnear = \"eu-west-1\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\n",
        &[
            ":2:12: unknown region \"eu-west1\"",
            "did you mean \"eu-west-1\"?",
        ],
    ),
    (
        "unknown-key.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\nlatncy = \"5ms\"\n",
        &[":8:1: unknown key `data.d.latncy`"],
    ),
    (
        "bad-units.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"ten GB\"\nrto = \"5 parsecs\"\navailability = \"101%\"\n",
        &[
            ":7:8: size \"ten GB\" is not a size",
            ":8:7: rto \"5 parsecs\" is not a duration",
            ":9:16: availability is not valid",
        ],
    ),
    (
        "shares.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = 0.5\n[users.b]\nnear = \"eu-west-1\"\nshare = 0.3\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\n",
        &[":2:2: user shares sum to 0.800, not 1"],
    ),
    (
        "cycle.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\n[services.a]\ndepends_on = [\"b\"]\ninstance = \"m7g.large\"\n[services.b]\ndepends_on = [\"a\", \"d\"]\ninstance = \"m7g.large\"\n",
        &[":9:14: services depend on each other in a cycle: a -> b -> a"],
    ),
    (
        "wrong-type.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = \"all\"\n[data.d]\nkind = \"graph\"\nsize = \"1 GB\"\nreads_per_sec = \"many\"\n",
        &[
            ":4:9: `users.a.share` must be a number",
            ":6:8: unknown kind \"graph\"",
            ":8:17: `data.d.reads_per_sec` must be a number",
        ],
    ),
    (
        "residency.toml",
        "name = \"x\"\nregions = [\"eu-west-2\", \"eu-central-2\"]\n[users.a]\nnear = \"eu-west-2\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\nresidency = [\"eu\"]\n",
        &[":9:13: no allowed region stores data in eu"],
    ),
    (
        "not-toml.toml",
        "name = \"x\"\n[users.a\nnear = 1\n",
        &[":2:9: this is not valid TOML"],
    ),
    (
        "pins.toml",
        "name = \"x\"\n[users.a]\nnear = \"us-east-1\"\nshare = 1\n[data.d]\nkind = \"key-value\"\nsize = \"1 GB\"\nengine = \"aurora-postgresql\"\ntopology = \"active-active\"\nstandby = \"warm-standby\"\n",
        &[
            ":8:10: engine \"aurora-postgresql\" does not hold key-value data",
            ":10:11: a standby tier only applies to active-passive",
        ],
    ),
];

#[test]
fn bad_specs_name_file_line_column_and_write_nothing() {
    let dir = scratch("bad");
    for (name, body, expected) in BAD_SPECS {
        let spec = write(&dir, name, body);
        let out_dir = dir.join(format!("{name}.out"));
        let out = meridian(&["plan", &spec, "--out", out_dir.to_str().unwrap()]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name} printed a plan");
        assert!(!out_dir.exists(), "{name} wrote {}", out_dir.display());
        for line in *expected {
            assert!(
                stderr.contains(&format!("{spec}{line}")) || stderr.contains(line),
                "{name}: missing `{line}` in:\n{stderr}"
            );
        }
        assert!(
            stderr.contains(&format!("{spec}:")),
            "{name}: no file name in:\n{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{name}");
        let validate = meridian(&["validate", &spec]);
        assert_eq!(validate.status.code(), Some(2), "validate {name}");
    }
}

#[test]
fn errors_are_all_collected_in_one_pass() {
    let dir = scratch("many");
    let spec = write(
        &dir,
        "many.toml",
        "name = \"Shop!\"\ncolour = 1\n[users.a]\nnear = \"us-east-7\"\nshare = 1\n[data.d]\nkind = \"cache\"\nsize = \"1 GB\"\nrto = \"soon\"\n",
    );
    let out = meridian(&["validate", &spec]);
    let stderr = text(&out.stderr);
    for needle in [
        ":1:8: name \"Shop!\"",
        ":2:1: unknown key `colour`",
        ":4:8: unknown region \"us-east-7\"",
        ":9:7: rto \"soon\"",
    ] {
        assert!(stderr.contains(needle), "missing {needle} in:\n{stderr}");
    }
    assert!(stderr.contains("4 problems"), "{stderr}");
}

#[test]
fn impossible_latency_exits_one_and_says_impossible() {
    let dir = scratch("impossible");
    let spec = write(
        &dir,
        "far.toml",
        r#"name = "far"
regions = ["us-east-1", "us-west-2", "ap-southeast-1"]

[users.us]
near = "us-east-1"
share = 0.5

[users.asia]
near = "ap-southeast-1"
share = 0.5

[data.ledger]
kind = "relational"
size = "10 GB"
reads_per_sec = 10
writes_per_sec = 10
rpo = "0s"
rto = "5m"
write_latency = "20ms"
"#,
    );
    let out = meridian(&[
        "plan",
        &spec,
        "--format",
        "json",
        "--out",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let class = &plan["classes"][0];
    assert_eq!(class["feasible"], false);
    let violations = class["violations"].as_array().unwrap();
    assert!(
        violations.iter().any(|v| v["impossible"] == true
            && v["why"]
                .as_str()
                .unwrap()
                .contains("that no design can beat")
            && v["bound_ms"].as_f64().is_some_and(|b| b > 20.0)),
        "{violations:?}"
    );
    // The plan is still written when a class cannot meet its SLOs.
    assert!(dir.join("out/plan.json").exists());
}

#[test]
fn pins_are_honoured() {
    let dir = scratch("pins");
    let spec = write(
        &dir,
        "pinned.toml",
        &MINIMAL.replace(
            "rto = \"10m\"\n",
            "rto = \"10m\"\nengine = \"rds-postgresql\"\ntopology = \"active-passive\"\nstandby = \"warm-standby\"\nprimary = \"us-west-2\"\nreplicas = [\"us-east-2\"]\ninstance = \"db.r6g.xlarge\"\n",
        ),
    );
    let out = meridian(&["plan", &spec, "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let class = &plan["classes"][0];
    assert_eq!(class["engine"], "rds-postgresql");
    assert_eq!(class["topology"], "active-passive");
    assert_eq!(class["standby"], "warm-standby");
    assert_eq!(class["primary"], "us-west-2");
    assert_eq!(
        class["regions"],
        serde_json::json!(["us-east-2", "us-west-2"])
    );
    assert_eq!(class["instance"]["class"], "db.r6g.xlarge");
    // RDS warm standby: RPO 30 s against the 5 s objective, reported, not hidden.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        class["violations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["slo"] == "rpo")
    );
}

#[test]
fn explain_lists_every_family() {
    let out = meridian(&["explain", "examples/shop.toml", "--class", "orders"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    for family in [
        "single-region",
        "active-passive (backup-restore)",
        "active-passive (pilot-light)",
        "active-passive (hot-standby)",
        "active-active (sync)",
    ] {
        assert!(stdout.contains(family), "missing {family} in:\n{stdout}");
    }
    assert!(stdout.contains("→ aurora-postgresql"), "{stdout}");
    let missing = meridian(&["explain", "examples/shop.toml", "--class", "order"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("did you mean \"orders\"?"));
}

#[test]
fn catalog_lists_regions_engines_prices() {
    let regions = text(&meridian(&["catalog", "regions"]).stdout);
    let in_cloud = |cloud: &str| {
        regions
            .lines()
            .filter(|l| l.split_whitespace().nth(1) == Some(cloud))
            .count()
    };
    assert_eq!(
        (in_cloud("aws"), in_cloud("azure"), in_cloud("gcp")),
        (32, 54, 44)
    );
    let engines = text(&meridian(&["catalog", "engines"]).stdout);
    for id in [
        "aurora-postgresql",
        "aurora-dsql",
        "rds-postgresql",
        "dynamodb",
        "dynamodb-mrsc",
        "s3",
        "elasticache-valkey",
        "quorum-ec2",
    ] {
        assert!(engines.contains(id), "{id}");
    }
    let prices = text(&meridian(&["catalog", "prices"]).stdout);
    assert!(prices.contains("wru_usd_per_million = 0.625"), "{prices}");
}

#[test]
fn catalog_override_changes_prices() {
    let dir = scratch("catalog");
    let spec = write(&dir, "mini.toml", MINIMAL);
    let base: serde_json::Value =
        serde_json::from_slice(&meridian(&["plan", &spec, "--format", "json"]).stdout).unwrap();
    std::fs::create_dir_all(dir.join("cat/aws")).unwrap();
    std::fs::create_dir_all(dir.join("cat/aws/engines")).unwrap();
    // Make Aurora DSQL (the choice for this spec) ten times dearer.
    let dsql = std::fs::read_to_string("catalogs/aws/engines/aurora-dsql.toml").unwrap();
    let dearer = dsql
        .replace("value = 8.00", "value = 80.00")
        .replace("value = 0.33", "value = 3.3");
    assert_ne!(dearer, dsql);
    std::fs::write(dir.join("cat/aws/engines/aurora-dsql.toml"), dearer).unwrap();
    let out = meridian(&[
        "plan",
        &spec,
        "--format",
        "json",
        "--catalog",
        dir.join("cat").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let changed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(changed["total_monthly_usd"].as_f64() > base["total_monthly_usd"].as_f64());

    // Only the clouds a spec plans on are read from the folder (as from the
    // embedded catalog): a broken Azure file stops an Azure spec only.
    std::fs::create_dir_all(dir.join("cat/azure")).unwrap();
    std::fs::write(dir.join("cat/azure/regions.toml"), "region = 3\n").unwrap();
    let catalog = dir.join("cat");
    let aws_only = meridian(&["plan", &spec, "--catalog", catalog.to_str().unwrap()]);
    assert_eq!(
        aws_only.status.code(),
        Some(0),
        "{}",
        text(&aws_only.stderr)
    );
    let azure = write(
        &dir,
        "azure.toml",
        "name = \"a\"\nclouds = [\"azure\"]\n[users.u]\nnear = \"eastus\"\nshare = 1\n[data.d]\nkind = \"key-value\"\nsize = \"1 GB\"\n",
    );
    let broken = meridian(&["plan", &azure, "--catalog", catalog.to_str().unwrap()]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        text(&broken.stderr).contains("azure/regions.toml:1:10"),
        "{}",
        text(&broken.stderr)
    );
    std::fs::remove_dir_all(dir.join("cat/azure")).unwrap();

    std::fs::write(dir.join("cat/aws/regions.toml"), "region = 3\n").unwrap();
    let broken = meridian(&[
        "plan",
        &spec,
        "--catalog",
        dir.join("cat").to_str().unwrap(),
    ]);
    assert_eq!(broken.status.code(), Some(2));
    assert!(
        text(&broken.stderr).contains("regions.toml:1:10"),
        "{}",
        text(&broken.stderr)
    );
}

#[test]
fn missing_files_are_usage_errors() {
    let out = meridian(&["plan", "no/such/spec.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read spec no/such/spec.toml"));
    let out = meridian(&["plan"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_class_no_engine_can_hold_is_reported_not_panicked() {
    let dir = scratch("noengine");
    // Aurora DSQL is not offered in India: nothing can hold this class.
    let spec = write(
        &dir,
        "noengine.toml",
        "name = \"x\"\n[users.a]\nnear = \"ap-south-1\"\nshare = 1\n[data.d]\nkind = \"relational\"\nsize = \"10 GB\"\nresidency = [\"in\"]\nengine = \"aurora-dsql\"\n",
    );
    for format in ["table", "json", "markdown"] {
        let out = meridian(&["plan", &spec, "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains("engine"), "{format}");
    }
    let out = meridian(&["explain", &spec, "--class", "d"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("no engine the spec allows"));
}

#[test]
fn diff_of_two_plans_with_guardrails() {
    let dir = scratch("diff");
    let before = dir.join("before");
    let after = dir.join("after");
    let out = meridian(&[
        "plan",
        "examples/shop.toml",
        "--out",
        before.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    // The change under review: orders may lose a minute of writes, the
    // storefront runs 6 instances per region.
    let changed = std::fs::read_to_string("examples/shop.toml")
        .unwrap()
        .replace("rpo = \"5s\"", "rpo = \"1m\"")
        .replace("instances_per_region = 4", "instances_per_region = 6");
    let spec = write(&dir, "shop.toml", &changed);
    let out = meridian(&["plan", &spec, "--out", after.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let (old, new) = (before.join("plan.json"), after.join("plan.json"));
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());

    let table = meridian(&["diff", old, new]);
    assert_eq!(table.status.code(), Some(0), "no guardrail asked for");
    insta::assert_snapshot!("diff_table", text(&table.stdout));
    let markdown = meridian(&[
        "diff",
        old,
        new,
        "--format",
        "markdown",
        "--fail-on-cost-increase",
        "1",
        "--fail-on-rpo-regression",
    ]);
    assert_eq!(
        markdown.status.code(),
        Some(1),
        "cost +2.86% and a longer RPO cross the guardrails"
    );
    insta::assert_snapshot!("diff_markdown", text(&markdown.stdout));
    let lenient = meridian(&["diff", old, new, "--fail-on-cost-increase", "5"]);
    assert_eq!(lenient.status.code(), Some(0), "+2.86% is within 5%");
    // --out puts the diff in the report folder, as printed.
    let report = meridian(&["diff", old, new, "--out", after.to_str().unwrap()]);
    assert_eq!(report.status.code(), Some(0));
    let md = std::fs::read_to_string(after.join("diff.md")).unwrap();
    assert!(
        md.starts_with("### meridian plan diff: shop → shop"),
        "{md}"
    );
    assert!(after.join("diff.json").exists());
    let json: serde_json::Value =
        serde_json::from_slice(&meridian(&["diff", old, new, "--format", "json"]).stdout).unwrap();
    assert_eq!(json["diff"]["delta_pct"], 2.87);
    let same = meridian(&[
        "diff",
        old,
        old,
        "--fail-on-cost-increase",
        "0",
        "--fail-on-rpo-regression",
        "--fail-on-rto-regression",
    ]);
    assert_eq!(same.status.code(), Some(0));

    let bad = write(&dir, "bad.json", "{\"name\": 3}");
    let out = meridian(&["diff", &bad, new]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad.json:1:10: not a meridian plan"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn simulate_fails_regions_writes_its_report_and_rejects_unknown_ones() {
    let dir = scratch("simulate");
    let out = dir.join("out");
    let out_s = out.display().to_string();
    let run = meridian(&[
        "simulate",
        "examples/shop.toml",
        "--fail",
        "us-east-1",
        "--out",
        &out_s,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let printed = text(&run.stdout);
    assert!(printed.contains("meridian simulate: shop, losing us-east-1"));
    assert!(printed.contains("extra cost while failed over"));
    let md = std::fs::read_to_string(out.join("simulate-fail-us-east-1.md")).unwrap();
    assert!(md.starts_with("### meridian simulate: shop, losing us-east-1"));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("simulate-fail-us-east-1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json["failed"][0], "us-east-1");
    // A region the plan does not use: no impact, not an error.
    let run = meridian(&["simulate", "examples/shop.toml", "--fail", "ap-south-1"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(text(&run.stdout).contains("ap-south-1 is not used by the plan: no impact"));
    // An unknown region: a clear usage error (exit 2) with a suggestion.
    let run = meridian(&["simulate", "examples/shop.toml", "--fail", "us-east-7"]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(
        err.contains("--fail us-east-7: not a region of the catalog"),
        "{err}"
    );
    assert!(err.contains("did you mean"), "{err}");
    // The Monte Carlo: same seed, same bytes; --fail and --year exclude each other.
    let a = meridian(&[
        "simulate",
        "examples/eu-saas.toml",
        "--year",
        "--seed",
        "3",
        "--trials",
        "2000",
        "--format",
        "json",
    ]);
    let b = meridian(&[
        "simulate",
        "examples/eu-saas.toml",
        "--year",
        "--seed",
        "3",
        "--trials",
        "2000",
        "--format",
        "json",
    ]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let run = meridian(&[
        "simulate",
        "examples/eu-saas.toml",
        "--year",
        "--fail",
        "eu-west-1",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
