//! `meridian assess`: the round trip (the module `plan --out` writes for
//! each example, assessed, gives back the plan's design and figures), two
//! hand-written modules assessed against their specs (what they miss and
//! the cheapest fix), and input the reader cannot fully know.

use std::path::{Path, PathBuf};

mod common;

use common::catalog;

use meridian::assess::{Assessment, assess};
use meridian::render::terraform::{self, Templates};

fn spec(path: &str) -> meridian::spec::Spec {
    let text = std::fs::read_to_string(path).unwrap();
    let file = meridian::diagnostics::SourceFile::new(path, text);
    meridian::spec::parse(&file, &catalog()).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn assess_dir(spec_path: &str, dir: &Path) -> Assessment {
    let catalog = catalog();
    let module = meridian::tfmodule::read(dir).unwrap();
    assess(
        &spec(spec_path),
        &catalog,
        &module,
        &dir.display().to_string(),
    )
}

/// The module meridian writes for a spec, on disk.
fn written(spec_path: &str) -> PathBuf {
    let catalog = catalog();
    let plan = meridian::pipeline::plan(&spec(spec_path), &catalog);
    let stem = Path::new(spec_path).file_stem().unwrap().to_str().unwrap();
    let dir = common::scratch("assess", stem);
    for f in terraform::render(&plan, &Templates::default()).unwrap() {
        std::fs::write(dir.join(&f.path), &f.text).unwrap();
    }
    dir
}

#[test]
fn assessing_the_module_meridian_wrote_gives_back_its_plan() {
    for example in [
        "examples/shop.toml",
        "examples/eu-saas.toml",
        "examples/global-game.toml",
        "examples/payments-ledger.toml",
        // Every engine, topology and traffic mechanism meridian renders.
        "tests/specs/every-engine.toml",
    ] {
        let a = assess_dir(example, &written(example));
        let stem = Path::new(example).file_stem().unwrap().to_str().unwrap();
        insta::assert_snapshot!(
            format!("example_{stem}"),
            meridian::render::assess::markdown(&a, "terraform")
        );
        for c in &a.classes {
            assert!(c.assessed, "{example} {}: {:?}", c.name, c.why);
        }
        assert!(
            a.not_assessed.is_empty(),
            "{example}: {:#?}",
            a.not_assessed
        );
        for p in &a.proposed.classes {
            let c = a
                .current
                .classes
                .iter()
                .find(|c| c.name == p.name)
                .unwrap_or_else(|| panic!("{example} {}: assessed", p.name));
            let what = format!("{example} {}", p.name);
            assert_eq!(c.design, p.design, "{what}");
            assert!(
                (c.monthly_usd.usd() - p.monthly_usd.usd()).abs() <= 0.01,
                "{what}: {} against {}",
                c.monthly_usd.usd(),
                p.monthly_usd.usd()
            );
            assert_eq!(c.rpo_s, p.rpo_s, "{what}");
            assert_eq!(c.rto_s, p.rto_s, "{what}");
            assert_eq!(c.availability, p.availability, "{what}");
            assert_eq!(c.nodes.len(), p.nodes.len(), "{what}");
        }
        assert!(
            (a.current.total_monthly_usd.usd() - a.proposed.total_monthly_usd.usd()).abs() <= 0.01,
            "{example}"
        );
        assert_eq!(a.meets_slos(), a.proposed.feasible, "{example}");
        // Nothing to change: the diff finds every class unchanged.
        assert!(
            a.diff
                .classes
                .iter()
                .all(|d| d.status == meridian::diff::Status::Unchanged),
            "{example}: {:#?}",
            a.diff.classes
        );
    }
}

fn class<'a>(a: &'a Assessment, name: &str) -> &'a meridian::plan::ClassPlan {
    a.current
        .classes
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} assessed"))
}

fn proposed<'a>(a: &'a Assessment, name: &str) -> &'a meridian::plan::ClassPlan {
    a.proposed.classes.iter().find(|c| c.name == name).unwrap()
}

#[test]
fn a_hand_written_shop_is_read_as_it_runs_and_its_misses_are_named() {
    let dir = Path::new("tests/assess/legacy-shop");
    let a = assess_dir("tests/assess/legacy-shop.toml", dir);

    // Orders: the Aurora global cluster, two writers' instances against
    // one in the secondary: a warm standby, the instance class from
    // terraform.tfvars.
    let orders = class(&a, "orders");
    assert_eq!(orders.engine, "aurora-postgresql");
    assert_eq!(orders.standby, Some(meridian::model::Standby::WarmStandby));
    assert_eq!(orders.primary.as_deref(), Some("us-east-1"));
    assert_eq!(orders.regions, ["us-east-1", "us-west-2"]);
    assert_eq!(orders.nodes["us-east-1"].class, "db.r6g.xlarge");
    // It asks for a guaranteed 30 s RPO, and the module sets no
    // rds.global_db_rpo: no bound, the RPO is missed; meridian's choice
    // sets the parameter.
    assert_eq!(orders.global_db_rpo_s, None);
    assert!(orders.violations.iter().any(|v| v.slo == "rpo"));
    assert_eq!(proposed(&a, "orders").global_db_rpo_s, Some(30));

    // Media: replicated without RTC, so no bound — the guaranteed 15-minute
    // RPO is missed, and meridian's choice (with RTC) fixes it.
    let media = class(&a, "media");
    assert_eq!(media.engine, "s3-crr");
    assert!(
        media.violations.iter().any(|v| v.slo == "rpo"),
        "{:#?}",
        media.violations
    );
    assert!(
        !media
            .cost
            .iter()
            .any(|l| l.item.contains("Replication Time Control")),
        "no RTC fee without RTC"
    );
    let fix = proposed(&a, "media");
    assert!(fix.feasible);
    assert_eq!(fix.engine, "s3");

    // Carts: one global table with two replicas, provisioned.
    let carts = class(&a, "carts");
    assert_eq!(carts.engine, "dynamodb");
    assert_eq!(carts.regions, ["eu-west-1", "us-east-1", "us-west-2"]);
    assert_eq!(
        carts.capacity.as_ref().map(|c| c.mode),
        Some(meridian::model::CapacityMode::Provisioned)
    );
    assert_eq!(carts.traffic, "route53", "the web tier's failover records");

    // What is not there, or not modelled, is named.
    let sessions = a.classes.iter().find(|c| c.name == "sessions").unwrap();
    assert!(!sessions.assessed);
    assert!(
        a.not_assessed
            .iter()
            .any(|u| u.address == "aws_instance.bastion" && u.file == "web.tf" && u.line > 0),
        "{:#?}",
        a.not_assessed
    );
    assert!(
        a.unknown_values.iter().any(|u| u
            .reason
            .contains("aws_cloudwatch_metric_alarm.orders_lag: count")),
        "{:#?}",
        a.unknown_values
    );
    assert!(!a.meets_slos());
    insta::assert_snapshot!(
        "legacy_shop",
        meridian::render::assess::table(&a, "tests/assess/legacy-shop")
    );
}

#[test]
fn a_hand_written_european_ledger_is_read_by_tag_address_and_name() {
    let dir = Path::new("tests/assess/ledger-eu");
    let a = assess_dir("tests/assess/ledger-eu.toml", dir);

    // Accounts: RDS with a smaller cross-region read replica in London —
    // a warm standby outside the EU its residency asks for.
    let accounts = class(&a, "accounts");
    assert_eq!(accounts.engine, "rds-postgresql");
    assert_eq!(
        accounts.standby,
        Some(meridian::model::Standby::WarmStandby)
    );
    assert_eq!(accounts.primary.as_deref(), Some("eu-central-1"));
    assert!(
        accounts.violations.iter().any(|v| v.slo == "residency"),
        "{:#?}",
        accounts.violations
    );
    // Its service is behind Global Accelerator with 10-second checks.
    assert_eq!(accounts.traffic, "global-accelerator");
    assert!(accounts.fast_health_checks);

    // Events: one table, AWS Backup copying to Ireland: backup-restore.
    let events = class(&a, "events");
    assert_eq!(
        events.standby,
        Some(meridian::model::Standby::BackupRestore)
    );
    assert_eq!(events.regions, ["eu-central-1", "eu-west-1"]);

    // Postings: found by its meridian:class tag; Quotes by the spec's
    // `terraform` address.
    let postings = class(&a, "postings");
    assert_eq!(postings.engine, "aurora-dsql");
    assert_eq!(postings.witness.as_deref(), Some("eu-west-3"));
    let quotes = class(&a, "quotes");
    assert_eq!(quotes.engine, "elasticache-valkey");
    assert_eq!(quotes.regions, ["eu-central-1"]);

    // Reports: an Aurora MySQL cluster, which the catalog does not model.
    let reports = a.classes.iter().find(|c| c.name == "reports").unwrap();
    assert!(!reports.assessed);
    assert!(
        reports
            .why
            .as_deref()
            .unwrap_or("")
            .contains("aurora-mysql"),
        "{reports:?}"
    );
    insta::assert_snapshot!(
        "ledger_eu",
        meridian::render::assess::table(&a, "tests/assess/ledger-eu")
    );
}

#[test]
fn a_design_whose_count_is_not_known_is_not_assessed_and_says_where() {
    let dir = common::scratch("assess", "unknown-count");
    std::fs::write(
        dir.join("main.tf"),
        r#"variable "readers" {}

provider "aws" {
  region = "us-east-1"
}

resource "aws_rds_cluster" "orders" {
  cluster_identifier = "orders"
  engine             = "aurora-postgresql"
  master_username    = "app"
}

resource "aws_rds_cluster_instance" "orders" {
  count              = var.readers
  cluster_identifier = aws_rds_cluster.orders.id
  instance_class     = "db.r6g.large"
}
"#,
    )
    .unwrap();
    let a = assess_dir("tests/assess/legacy-shop.toml", &dir);
    let orders = a.classes.iter().find(|c| c.name == "orders").unwrap();
    assert!(!orders.assessed);
    let why = orders.why.as_deref().unwrap();
    assert!(
        why.contains("aws_rds_cluster_instance.orders") && why.contains("main.tf:13"),
        "{why}"
    );
    assert!(a.current.classes.iter().all(|c| c.name != "orders"));
}

#[test]
fn a_terraform_plan_json_reads_as_its_module_does() {
    // tests/assess/legacy-shop.plan.json is `terraform show -json` of a
    // plan of legacy-shop/ (Terraform 1.15.5, hashicorp/aws 5.100.0, made
    // offline: fake credentials, the provider's skip_* checks on, and
    // -var db_password=x -var 'alarm_topics=[]').
    let catalog = catalog();
    let spec = spec("tests/assess/legacy-shop.toml");
    let from_hcl = assess_dir(
        "tests/assess/legacy-shop.toml",
        Path::new("tests/assess/legacy-shop"),
    );
    let module =
        meridian::tfmodule::read_plan_json(Path::new("tests/assess/legacy-shop.plan.json"))
            .unwrap();
    assert!(module.problems.is_empty(), "{:?}", module.problems);
    let from_plan = assess(&spec, &catalog, &module, "legacy-shop.plan.json");
    assert_eq!(from_plan.current.classes.len(), 3);
    for (a, b) in from_hcl
        .current
        .classes
        .iter()
        .zip(&from_plan.current.classes)
    {
        assert_eq!(a.design, b.design);
        assert_eq!(a.monthly_usd, b.monthly_usd, "{}", a.name);
        assert_eq!(a.violations.len(), b.violations.len(), "{}", a.name);
    }
    // The bastion is still named, with the plan file.
    assert!(
        from_plan
            .not_assessed
            .iter()
            .any(|u| u.address == "aws_instance.bastion" && u.file == "legacy-shop.plan.json"),
        "{:#?}",
        from_plan.not_assessed
    );
}

#[test]
fn a_file_that_is_not_a_plan_is_an_error_with_its_position() {
    let dir = common::scratch("assess", "not-a-plan");
    let path = dir.join("plan.json");
    std::fs::write(&path, "{\n  \"format_version\": \"1.2\",\n  oops\n}\n").unwrap();
    match meridian::tfmodule::read_plan_json(&path) {
        Err(meridian::tfmodule::ReadError::Parse { line, column, .. }) => {
            assert_eq!((line, column), (3, 3));
        }
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, "{\"format_version\": \"1.2\"}").unwrap();
    let e = meridian::tfmodule::read_plan_json(&path).unwrap_err();
    assert!(e.to_string().contains("terraform show -json"), "{e}");
}

#[test]
fn the_command_names_a_module_that_does_not_parse_and_writes_nothing() {
    let dir = common::scratch("assess", "broken");
    let module = dir.join("module");
    std::fs::create_dir_all(&module).unwrap();
    std::fs::write(
        module.join("main.tf"),
        "resource \"aws_s3_bucket\" \"media\" {\n  bucket = \"x\"\n  oops = = 1\n}\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = common::meridian(&[
        "assess",
        "tests/assess/legacy-shop.toml",
        "--terraform",
        module.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = common::text(&run.stderr);
    assert!(err.contains("main.tf:3:"), "{err}");
    assert!(!out.exists(), "nothing written");

    // The hand-written shop: exit 1 (it misses an SLO), every file written.
    let run = common::meridian(&[
        "assess",
        "tests/assess/legacy-shop.toml",
        "--terraform",
        "tests/assess/legacy-shop",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", common::text(&run.stderr));
    for f in [
        "plan.json",
        "proposed.json",
        "assess.json",
        "assess.md",
        "report.html",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("assess.json")).unwrap()).unwrap();
    assert_eq!(json["meets_slos"], false);
    // The report is the assessment's, and says what meridian would change.
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(report.starts_with("# Assessment: legacy-shop"), "{report}");
    assert!(
        report.contains("- media: meridian's choice: s3 active-passive (hot-standby)")
            && report.contains("fixes rpo"),
        "{report}"
    );
    // The plan JSON of the current design says where it was read from.
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["assessed"]["source"], "tests/assess/legacy-shop");
    assert_eq!(json["classes"][3]["assessed"], false);
}
