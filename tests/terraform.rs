//! The Terraform module of a plan: one sectioned snapshot per example (the
//! whole module, file by file), a tiny plan per engine template checked for
//! the resources its design needs, and the properties every module keeps
//! (deterministic, already in `terraform fmt` layout, names within AWS
//! limits, `--templates` overrides). CI also runs tfcheck (provider schema,
//! `terraform validate`) on every example and on tests/specs/every-engine.toml.

use std::path::Path;
use std::process::Command;

mod common;

use common::catalog;

use meridian::plan::Plan;
use meridian::render::hcl;
use meridian::render::terraform::{self, File, Templates};

fn plan(name: &str, text: &str) -> Plan {
    meridian::plan_text(name, text, &catalog()).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn render(plan: &Plan) -> Vec<File> {
    terraform::render(plan, &Templates::default()).expect("the embedded templates render")
}

fn file<'a>(files: &'a [File], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is rendered"))
        .text
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

/// The whole module as one text, a section per file (as cargo-dist does).
fn sectioned(files: &[File]) -> String {
    files
        .iter()
        .map(|f| format!("================ {} ================\n{}", f.path, f.text))
        .collect()
}

/// A spec with one class pinned to a design, users in the US and Europe.
fn tiny(kind: &str, pins: &str) -> Plan {
    let text = common::tiny_spec(&format!(
        "kind = \"{kind}\"\nsize = \"100 GB\"\nreads_per_sec = 300\nwrites_per_sec = 30\n\
         item_size = \"1 KiB\"\n{pins}"
    ));
    let plan = plan("tiny.toml", &text);
    assert!(plan.feasible, "the pinned design is feasible: {pins}");
    plan
}

#[test]
fn example_modules_snapshot() {
    for (name, text) in common::examples() {
        let plan = plan(&name, &text);
        insta::assert_snapshot!(format!("terraform_{name}"), sectioned(&render(&plan)));
    }
}

#[test]
fn modules_are_deterministic_and_fmt_clean() {
    let text = std::fs::read_to_string("tests/specs/every-engine.toml").unwrap();
    let plan = plan("every-engine.toml", &text);
    assert!(plan.feasible);
    let files = render(&plan);
    assert_eq!(files, render(&plan), "same plan, same bytes");
    for f in files.iter().filter(|f| f.path.ends_with(".tf")) {
        assert_eq!(hcl::format(&f.text), f.text, "{} is in fmt layout", f.path);
        assert!(
            !f.text.contains("\n\n\n"),
            "{}: no double blank lines",
            f.path
        );
    }
    // One data file per class, one service file per service.
    for class in &plan.classes {
        file(&files, &format!("data-{}.tf", class.name));
    }
    for service in &plan.services {
        file(&files, &format!("service-{}.tf", service.name));
    }
    // Secure defaults hold in every data file.
    for f in files.iter().filter(|f| f.path.starts_with("data-")) {
        assert!(
            !f.text.contains("master_password ="),
            "{}: no plaintext password",
            f.path
        );
        assert!(!f.text.contains("publicly_accessible = true"), "{}", f.path);
    }
    let kms = file(&files, "kms.tf");
    assert_eq!(
        count(kms, "enable_key_rotation     = true"),
        4,
        "a rotating key per region"
    );
}

#[test]
fn aws_names_stay_within_limits() {
    let text = std::fs::read_to_string("tests/specs/every-engine.toml").unwrap();
    let files = render(&plan("every-engine.toml", &text));
    for f in files.iter().filter(|f| f.path.ends_with(".tf")) {
        for line in f.text.lines() {
            let line = line.trim();
            let limit = if line.starts_with("replication_group_id ") {
                40
            } else if line.starts_with("cluster_identifier ")
                || line.starts_with("identifier ")
                || line.starts_with("global_cluster_identifier ")
            {
                63
            } else {
                continue;
            };
            if let Some(name) = line.split('"').nth(1) {
                assert!(name.len() <= limit, "{}: {line}", f.path);
            }
        }
    }
}

#[test]
fn aurora_hot_standby_is_a_global_database_with_full_secondaries() {
    let plan = tiny(
        "relational",
        "engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\nprimary = \"us-east-1\"\nreplicas = [\"eu-west-1\"]",
    );
    let files = render(&plan);
    let tf = file(&files, "data-d.tf");
    let nodes = &plan.classes[0].nodes;
    assert_eq!(count(tf, "resource \"aws_rds_global_cluster\" \"d\""), 1);
    assert_eq!(count(tf, "resource \"aws_rds_cluster\" "), 2);
    assert_eq!(
        count(
            tf,
            "global_cluster_identifier           = aws_rds_global_cluster.d.id"
        ),
        2
    );
    // Instance counts are the plan's, per region.
    for (region, n) in nodes {
        let label = format!(
            "resource \"aws_rds_cluster_instance\" \"d_{}\"",
            region.replace('-', "_")
        );
        let at = tf.find(&label).unwrap_or_else(|| panic!("{label}"));
        assert!(tf[at..].contains(&format!(
            "count                                 = {}",
            n.count
        )));
    }
    // The password reaches the cluster write-only, never the state.
    assert!(tf.contains("master_password_wo                  = ephemeral.aws_secretsmanager_random_password.d.random_password"));
    assert!(
        tf.contains("region     = \"eu-west-1\""),
        "the secret is replicated to the standby"
    );
    assert!(!files.iter().any(|f| f.path.starts_with("backup-")));
}

#[test]
fn aurora_pilot_light_secondary_is_headless() {
    let plan = tiny(
        "relational",
        "engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"pilot-light\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]",
    );
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert_eq!(count(tf, "resource \"aws_rds_cluster\" "), 2);
    assert_eq!(
        count(tf, "resource \"aws_rds_cluster_instance\" "),
        1,
        "no instances in the pilot light"
    );
    assert!(tf.contains("pilot light: a headless secondary cluster"));
}

#[test]
fn backup_restore_copies_each_backup_to_the_standby_vault() {
    let plan = tiny(
        "relational",
        "engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"backup-restore\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]",
    );
    let files = render(&plan);
    let data = file(&files, "data-d.tf");
    assert_eq!(
        count(data, "resource \"aws_rds_cluster\" "),
        1,
        "only the primary runs"
    );
    assert!(data.contains("manage_master_user_password         = true"));
    let backup = file(&files, "backup-d.tf");
    assert!(backup.contains("resource \"aws_backup_vault\" \"d_us_west_2\""));
    assert!(backup.contains("destination_vault_arn = aws_backup_vault.d_us_west_2.arn"));
    assert!(backup.contains("resources    = [aws_rds_cluster.d_us_east_1.arn]"));
    // Hourly backups meet the plan's one-hour RPO.
    assert_eq!(plan.classes[0].rpo_s, 3600.0);
    assert!(backup.contains("schedule          = \"cron(0 * ? * * *)\""));
}

#[test]
fn rds_replicas_follow_the_primary() {
    let plan = tiny(
        "relational",
        "engine = \"rds-postgresql\"\ntopology = \"active-passive\"\nstandby = \"warm-standby\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]",
    );
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert!(tf.contains("replicate_source_db                 = aws_db_instance.d_us_east_1.arn"));
    assert!(tf.contains("multi_az                            = true"));
    assert!(tf.contains("password_wo                         = ephemeral"));
}

/// Where the plan prices two instances in a region (reads beyond one
/// db.r6g.2xlarge), the module runs two: the region's instance and a read
/// replica beside it, Multi-AZ where the plan priced it so (the primary's
/// region), single-AZ beside a cross-region replica.
#[test]
fn rds_regions_priced_for_two_instances_run_two() {
    let text = common::tiny_spec(
        "kind = \"relational\"\nsize = \"200 GB\"\nreads_per_sec = 40000\nwrites_per_sec = 500\n\
         item_size = \"2 KiB\"\nengine = \"rds-postgresql\"\ntopology = \"active-passive\"\n\
         standby = \"hot-standby\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]",
    );
    let plan = plan("tiny.toml", &text);
    let c = &plan.classes[0];
    for region in ["us-east-1", "us-west-2"] {
        assert_eq!(c.nodes[region].count, 2, "{region}: {:?}", c.nodes);
    }
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    for (label, multi_az) in [("d_us_east_1", "true"), ("d_us_west_2", "false")] {
        let at = tf
            .find(&format!("resource \"aws_db_instance\" \"{label}_readers\""))
            .unwrap_or_else(|| panic!("{label} has readers:\n{tf}"));
        let block = &tf[at..at + tf[at..].find("\n}\n").unwrap()];
        assert!(block.contains("count = 1"), "{block}");
        assert!(block.contains(&format!(
            "replicate_source_db                 = aws_db_instance.{label}.identifier"
        )));
        assert!(block.contains(&format!("multi_az                            = {multi_az}")));
    }
}

#[test]
fn dynamodb_global_table_has_a_replica_per_other_region() {
    let plan = tiny(
        "key-value",
        "engine = \"dynamodb\"\ntopology = \"active-active\"\nconsistency = \"eventual\"\nconflicts = \"last-writer-wins\"",
    );
    let regions = plan.classes[0].regions.clone();
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert_eq!(count(tf, "resource \"aws_dynamodb_table\""), 1);
    assert_eq!(count(tf, "  replica {"), regions.len() - 1);
    // A steady load (peak = average) is cheaper provisioned: read and write
    // auto scaling in every replica region.
    assert!(tf.contains("billing_mode                = \"PROVISIONED\""));
    assert_eq!(
        count(tf, "resource \"aws_appautoscaling_target\""),
        2 * regions.len()
    );
    assert!(tf.contains("deletion_protection_enabled = true"));
}

#[test]
fn dynamodb_mrsc_declares_strong_consistency_and_its_witness() {
    let plan = tiny(
        "key-value",
        "engine = \"dynamodb-mrsc\"\ntopology = \"active-active\"\nconsistency = \"strong\"",
    );
    let class = &plan.classes[0];
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert!(tf.contains("MultiRegionConsistency = \"STRONG\""));
    let witness = class.witness.as_ref().expect("MRSC plans a witness");
    assert!(tf.contains(&format!(
        "GlobalTableWitnesses = [{{ Region = \"{witness}\" }}]"
    )));
    assert_eq!(count(tf, "DeletionProtectionEnabled"), 2);
}

#[test]
fn dsql_clusters_peer_with_each_other_and_name_the_witness() {
    let plan = tiny(
        "relational",
        "engine = \"aurora-dsql\"\ntopology = \"active-active\"",
    );
    let witness = plan.classes[0].witness.clone().expect("a witness region");
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert_eq!(count(tf, "resource \"aws_dsql_cluster\" "), 2);
    assert_eq!(count(tf, "resource \"aws_dsql_cluster_peering\" "), 2);
    assert_eq!(count(tf, &format!("witness_region = \"{witness}\"")), 2);
}

#[test]
fn s3_two_way_replication_with_rtc_for_active_active() {
    let plan = tiny(
        "object",
        "engine = \"s3\"\ntopology = \"active-active\"\nconsistency = \"eventual\"\nconflicts = \"last-writer-wins\"",
    );
    let files = render(&plan);
    let tf = file(&files, "data-d.tf");
    assert_eq!(
        count(tf, "resource \"aws_s3_bucket_replication_configuration\""),
        2
    );
    assert_eq!(count(tf, "replication_time {"), 2);
    assert_eq!(
        count(tf, "replica_modifications {"),
        2,
        "two-way replication syncs replica edits"
    );
    assert_eq!(count(tf, "restrict_public_buckets = true"), 2);
    assert_eq!(count(tf, "\"aws:SecureTransport\" = \"false\""), 2);
    let usage = file(&files, "infracost-usage.yml");
    assert!(usage.starts_with("# Usage meridian assumed"));
    assert_eq!(count(usage, "    standard:\n      storage_gb: 100.0"), 2);
}

#[test]
fn valkey_global_datastore_has_a_read_only_secondary() {
    let plan = tiny(
        "cache",
        "engine = \"elasticache-valkey\"\ntopology = \"active-passive\"\nstandby = \"warm-standby\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]",
    );
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert_eq!(
        count(tf, "resource \"aws_elasticache_global_replication_group\""),
        1
    );
    assert!(tf.contains("global_replication_group_id = aws_elasticache_global_replication_group.d.global_replication_group_id"));
    assert!(
        tf.contains("replicas_per_node_group     = 0"),
        "a warm secondary runs one node per shard"
    );
    let encrypted = tf
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("transit_encryption_enabled") && l.ends_with("= true")
        })
        .count();
    assert_eq!(encrypted, 2);
}

#[test]
fn quorum_nodes_run_in_every_voting_region() {
    let plan = tiny(
        "relational",
        "engine = \"quorum-ec2\"\ntopology = \"active-active\"\nconsistency = \"strong\"",
    );
    let class = &plan.classes[0];
    let tf = render(&plan);
    let tf = file(&tf, "data-d.tf");
    assert_eq!(count(tf, "resource \"aws_instance\""), class.regions.len());
    assert_eq!(
        count(tf, "http_tokens   = \"required\""),
        class.regions.len()
    );
}

#[test]
fn services_route_by_latency_or_failover() {
    let text = std::fs::read_to_string("tests/specs/every-engine.toml").unwrap();
    let files = render(&plan("every-engine.toml", &text));
    // api follows kv-aa, pinned to Global Accelerator: an accelerator, an
    // endpoint group per region with the planned checks, an alias record.
    let api = file(&files, "service-api.tf");
    assert!(api.contains("resource \"aws_globalaccelerator_accelerator\" \"api\""));
    // Fast checks cost an accelerator nothing, so the search takes them.
    assert!(api.contains("health_check_interval_seconds = 10"));
    assert!(api.contains("aws_globalaccelerator_accelerator.api.dns_name"));
    assert!(file(&files, "variables.tf").contains("variable \"service_endpoint_arns\""));
    // ops follows aurora-hot, an operator's failover of a design holding
    // us-east-1 and us-west-2: ARC routing controls drive the records.
    let ops = file(&files, "service-ops.tf");
    assert!(ops.contains("type                = \"RECOVERY_CONTROL\""));
    assert!(ops.contains("aws_route53recoverycontrolconfig_routing_control"));
    assert!(file(&files, "dns.tf").contains("aws_route53recoverycontrolconfig_cluster"));
    // edge follows blobs-aa, client-side: one name per region, no checks.
    let edge = file(&files, "service-edge.tf");
    assert!(edge.contains("edge-us-east-1."));
    assert!(!edge.contains("aws_route53_health_check"));
    let game = std::fs::read_to_string("examples/global-game.toml").unwrap();
    let game = render(&plan("global-game.toml", &game));
    assert!(file(&game, "service-game-api.tf").contains("latency_routing_policy"));
    let batch = file(&files, "service-batch.tf");
    assert!(
        !batch.contains("routing_policy"),
        "one region: a simple record"
    );
    assert!(file(&files, "dns.tf").contains("data \"aws_route53_zone\" \"this\""));
    let shop = std::fs::read_to_string("examples/shop.toml").unwrap();
    let files = render(&plan("shop.toml", &shop));
    let checkout = file(&files, "service-checkout.tf");
    assert!(checkout.contains("type = \"PRIMARY\""));
    assert!(checkout.contains("type = \"SECONDARY\""));
    assert!(checkout.contains("evaluate_target_health = true"));
}

#[test]
fn resilience_hub_policies_carry_the_slo_targets() {
    let text = std::fs::read_to_string("examples/payments-ledger.toml").unwrap();
    let plan = plan("payments-ledger.toml", &text);
    let files = render(&plan);
    let tf = file(&files, "resilience.tf");
    assert_eq!(
        count(tf, "resource \"aws_resiliencehub_resiliency_policy\""),
        plan.classes.len()
    );
    // The ledger's spec says RPO 0 and RTO 3 minutes.
    let at = tf.find("\"ledger\"").unwrap();
    assert!(tf[at..].contains("rpo = \"0s\"\n      rto = \"180s\""));
}

fn meridian() -> Command {
    Command::new(env!("CARGO_BIN_EXE_meridian"))
}

#[test]
fn out_writes_the_module_and_templates_override_it() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("meridian-tf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let templates = dir.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let status = meridian()
        .args(["plan", "examples/eu-saas.toml", "--out"])
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert!(status.status.success());
    let tf = dir.join("out/terraform");
    assert!(tf.join("versions.tf").exists() && tf.join("README.md").exists());
    // Files meridian did not write stay, even one named like its own
    // (stale files go only through the manifest: tests/outdir.rs).
    std::fs::write(tf.join("data-gone.tf"), "").unwrap();
    std::fs::write(tf.join("terraform.tfvars"), "tags = {}\n").unwrap();
    std::fs::write(
        templates.join("versions.tf.j2"),
        "# custom for {{ module.name }}\n",
    )
    .unwrap();
    let status = meridian()
        .args(["plan", "examples/eu-saas.toml", "--out"])
        .arg(dir.join("out"))
        .arg("--templates")
        .arg(&templates)
        .output()
        .unwrap();
    assert!(status.status.success());
    assert_eq!(
        std::fs::read_to_string(tf.join("versions.tf")).unwrap(),
        "# custom for eu-saas\n"
    );
    assert!(tf.join("data-gone.tf").exists());
    assert!(tf.join("terraform.tfvars").exists());
    // A broken override is the user's error (exit 2), naming the template.
    std::fs::write(templates.join("dns.tf.j2"), "{{ module.nope }}").unwrap();
    std::fs::write(templates.join("kms.tf.j2"), "{{ module.nope }}").unwrap();
    let out = meridian()
        .args(["plan", "examples/eu-saas.toml", "--out"])
        .arg(dir.join("out2"))
        .arg("--templates")
        .arg(&templates)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kms.tf.j2"), "{stderr}");
    assert!(
        !Path::new(&dir.join("out2")).exists(),
        "nothing written on error"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_class_without_a_feasible_design_is_left_out_and_said_so() {
    let text = std::fs::read_to_string("examples/shop.toml")
        .unwrap()
        .replacen("rto = \"10m\"", "rto = \"10s\"", 1);
    let plan = plan("shop.toml", &text);
    assert!(!plan.feasible);
    let files = render(&plan);
    assert!(!files.iter().any(|f| f.path == "data-orders.tf"));
    assert!(
        file(&files, "README.md").contains("**Not rendered:** orders — no design meets its SLOs")
    );
    assert!(!file(&files, "outputs.tf").contains("output \"orders\""));
}

#[test]
fn the_terraform_reader_reads_every_resource_meridian_writes_with_its_region() {
    // The first stage of `assess`: meridian's own module for the shop,
    // written to disk and read back.
    let catalog = catalog();
    let text = std::fs::read_to_string("examples/shop.toml").unwrap();
    let plan = meridian::plan_text("shop.toml", &text, &catalog).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tfmodule-shop");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut blocks = 0;
    for f in terraform::render(&plan, &Templates::default()).unwrap() {
        if f.path.ends_with(".tf") {
            blocks += f.text.matches("\nresource \"").count()
                + usize::from(f.text.starts_with("resource \""));
        }
        std::fs::write(dir.join(&f.path), &f.text).unwrap();
    }
    let module = meridian::tfmodule::read(&dir).unwrap();
    // Every resource block is read (counts expanded: at least as many
    // instances as blocks), each in a region of the plan's.
    assert!(
        module.resources.len() >= blocks,
        "{} < {blocks}",
        module.resources.len()
    );
    let regions: Vec<&str> = plan.regions.iter().map(|r| r.id.as_str()).collect();
    for r in &module.resources {
        let region = r
            .region
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no region", r.address));
        assert!(regions.contains(&region), "{}: {region}", r.address);
    }
    // The carts global table: provisioned, in eu-west-1, a replica in us-east-1.
    let carts = module
        .resources
        .iter()
        .find(|r| r.kind == "aws_dynamodb_table" && r.name == "carts")
        .expect("the carts table");
    assert_eq!(carts.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        carts.attributes["billing_mode"].as_str(),
        Some("PROVISIONED")
    );
    assert!(carts.blocks.iter().any(|b| b.kind == "replica"
        && b.attributes.get("region_name").and_then(|v| v.as_str()) == Some("us-east-1")));
    // Variables without defaults (the networks a team fills in) are named.
    assert!(
        module
            .problems
            .iter()
            .all(|p| p.what.starts_with("variable")),
        "{:?}",
        module.problems
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// HCL with runs of spaces squashed, so checks do not depend on alignment.
fn squash(text: &str) -> String {
    text.split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn gcp_module_follows_the_plan_with_secure_defaults() {
    let text = std::fs::read_to_string("tests/specs/every-engine-gcp.toml").unwrap();
    let plan = plan("every-engine-gcp.toml", &text);
    assert!(plan.feasible);
    let files = render(&plan);
    assert_eq!(files, render(&plan), "same plan, same bytes");
    for f in files.iter().filter(|f| f.path.ends_with(".tf")) {
        assert_eq!(hcl::format(&f.text), f.text, "{} is in fmt layout", f.path);
    }
    assert!(file(&files, "versions.tf").contains("hashicorp/google"));
    let mut multi_regions = 0;
    let mut custom = 0;
    for class in plan.classes.iter().filter(|c| c.engine == "spanner") {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // The planned configuration, edition and processing units.
        let configuration = class.configuration.as_deref().unwrap();
        if class.read_only_added.is_empty() {
            assert!(
                tf.contains(&format!("config = \"{configuration}\"")),
                "{tf}"
            );
        } else {
            // A custom configuration on the published one, with one
            // read-only replica in each region the plan adds.
            custom += 1;
            let label = class.name.replace('-', "_");
            assert!(
                tf.contains(&format!(
                    "config = google_spanner_instance_config.{label}.name"
                )),
                "{tf}"
            );
            assert!(
                tf.contains(&format!("base_config = \"{configuration}\"")),
                "{tf}"
            );
            assert_eq!(
                count(tf, "type = \"READ_ONLY\""),
                class.read_only_added.len()
            );
            for r in &class.read_only_added {
                assert!(tf.contains(&format!("location = \"{r}\"")), "{tf}");
            }
        }
        let multi = class.topology.as_str() == "active-active";
        let edition = if multi {
            "ENTERPRISE_PLUS"
        } else if class.read_only_added.is_empty() {
            "STANDARD"
        } else {
            "ENTERPRISE"
        };
        assert!(tf.contains(&format!("edition = \"{edition}\"")), "{tf}");
        let pu = class.capacity.as_ref().unwrap().processing_units.unwrap();
        assert!(tf.contains(&format!("processing_units = {pu}")), "{tf}");
        // Protected from deletion, recoverable to a point in time.
        assert_eq!(count(tf, "deletion_protection = true"), 1);
        assert_eq!(count(tf, "enable_drop_protection = true"), 1);
        assert_eq!(count(tf, "version_retention_period = \"7d\""), 1);
        // The plan's leader is the database's default leader.
        if multi {
            multi_regions += 1;
            let leader = class.leader.as_deref().unwrap();
            assert!(tf.contains(&format!("default_leader = '{leader}'")), "{tf}");
        } else {
            assert!(!tf.contains("SET OPTIONS (default_leader"), "{tf}");
        }
    }
    assert_eq!(multi_regions, 2);
    assert_eq!(custom, 2);
    let mut replicas = 0;
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine.starts_with("cloud-sql-postgresql"))
    {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // One instance per region, of the tier the plan priced (one
        // server: a bigger tier, never more instances).
        assert_eq!(
            count(tf, "resource \"google_sql_database_instance\""),
            class.regions.len()
        );
        for (region, nodes) in &class.nodes {
            assert_eq!(nodes.count, 1, "{region}");
            assert!(tf.contains(&format!("tier = \"{}\"", nodes.class)), "{tf}");
        }
        // The primary is regional (high availability), the others read
        // replicas of it; private IP only, backups with point-in-time
        // recovery on the primary.
        assert_eq!(count(tf, "availability_type = \"REGIONAL\""), 1);
        let others = class.regions.len() - 1;
        replicas += others;
        assert_eq!(
            count(tf, "instance_type = \"READ_REPLICA_INSTANCE\""),
            others
        );
        assert_eq!(count(tf, "ipv4_enabled = false"), class.regions.len());
        assert_eq!(count(tf, "point_in_time_recovery_enabled = true"), 1);
    }
    assert_eq!(replicas, 4);
    // Enterprise Plus: the edition on both instances, and the primary
    // names its replica as its DR replica once designate_dr_replicas is
    // set (the second apply); the write endpoint is an output.
    let dr = plan
        .classes
        .iter()
        .find(|c| c.engine == "cloud-sql-postgresql-enterprise-plus")
        .expect("an Enterprise Plus class");
    let tf = &squash(file(&files, &format!("data-{}.tf", dr.name)));
    assert_eq!(count(tf, "edition = \"ENTERPRISE_PLUS\""), 2, "{tf}");
    let replica = dr
        .regions
        .iter()
        .find(|r| Some(*r) != dr.primary.as_ref())
        .unwrap();
    assert!(
        tf.contains(&format!(
            "for_each = var.designate_dr_replicas ? [\"every-engine-gcp-{}-{replica}\"] : []",
            dr.name
        )),
        "{tf}"
    );
    assert_eq!(count(tf, "dynamic \"replication_cluster\""), 1);
    assert!(file(&files, "variables.tf").contains("variable \"designate_dr_replicas\""));
    let label = dr.name.replace('-', "_");
    assert!(file(&files, "outputs.tf").contains(&format!("output \"{label}_write_endpoint\"")));
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine == "cloud-sql-postgresql")
    {
        let tf = file(&files, &format!("data-{}.tf", class.name));
        assert!(!tf.contains("ENTERPRISE_PLUS") && !tf.contains("replication_cluster"));
    }
    // Firestore: one database in the planned location (a region, or the
    // multi-region location's name), protected from deletion.
    for class in plan.classes.iter().filter(|c| c.engine == "firestore") {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        let location = class
            .configuration
            .as_deref()
            .unwrap()
            .trim_start_matches("regional-");
        assert!(
            tf.contains(&format!("location_id = \"{location}\"")),
            "{tf}"
        );
        assert_eq!(
            count(
                tf,
                "delete_protection_state = \"DELETE_PROTECTION_ENABLED\""
            ),
            1
        );
    }
    // One service per mechanism: DNS routing policies with health checks,
    // the global load balancer, and one region (nothing to route).
    let dns = squash(file(&files, "service-checkout.tf"));
    assert_eq!(count(&dns, "geo {"), 2, "{dns}");
    assert!(
        dns.contains("source_regions = [\"us-central1\", \"europe-west1\", \"asia-southeast1\"]")
    );
    let alb = squash(file(&files, "service-profiles.tf"));
    // (profiles-eu's two read-write regions and its read-only one, whose
    // application tier serves America's reads)
    assert_eq!(count(&alb, "backend {"), 3, "{alb}");
    assert!(alb.contains("load_balancing_scheme = \"EXTERNAL_MANAGED\""));
    assert!(!file(&files, "service-single.tf").contains("resource "));
}

#[test]
fn azure_module_follows_the_plan_with_secure_defaults() {
    let text = std::fs::read_to_string("tests/specs/every-engine-azure.toml").unwrap();
    let plan = plan("every-engine-azure.toml", &text);
    assert!(plan.feasible);
    let files = render(&plan);
    assert_eq!(files, render(&plan), "same plan, same bytes");
    for f in files.iter().filter(|f| f.path.ends_with(".tf")) {
        assert_eq!(hcl::format(&f.text), f.text, "{} is in fmt layout", f.path);
    }
    // Azure has no KMS file, Resilience Hub or Route 53 zone.
    for absent in ["kms.tf", "resilience.tf", "dns.tf"] {
        assert!(files.iter().all(|f| f.path != absent), "{absent}");
    }
    assert!(file(&files, "versions.tf").contains("hashicorp/azurerm"));
    let mut serverless_classes = 0;
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine.starts_with("cosmos-db"))
    {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // Keys cannot sign in or change the account; no public access
        // unless the variable lists addresses.
        assert_eq!(count(tf, "local_authentication_disabled = true"), 1, "{tf}");
        assert_eq!(count(tf, "access_key_metadata_writes_enabled = false"), 1);
        let public = "public_network_access_enabled = length(var.cosmos_allowed_ip_ranges) > 0";
        assert_eq!(count(tf, public), 1);
        // One geo_location per region, the primary first.
        assert_eq!(count(tf, "geo_location {"), class.regions.len());
        let first = class
            .primary
            .clone()
            .unwrap_or_else(|| class.regions[0].clone());
        let priority0 = format!("location = \"{first}\"\nfailover_priority = 0");
        assert!(tf.contains(&priority0), "{tf}");
        // The throughput the plan priced, or a serverless account.
        let capacity = class.capacity.as_ref().unwrap();
        let serverless = capacity.mode.as_str() == "serverless";
        assert_eq!(
            count(tf, "name = \"EnableServerless\""),
            usize::from(serverless)
        );
        if serverless {
            serverless_classes += 1;
            assert!(!tf.contains("throughput ="), "{tf}");
            assert!(tf.contains("type = \"Periodic\""), "{tf}");
        } else {
            let rus = capacity.throughput_rus.unwrap();
            match capacity.mode.as_str() {
                "autoscale" => assert!(tf.contains(&format!("max_throughput = {rus}")), "{tf}"),
                _ => assert!(tf.contains(&format!("throughput = {rus}")), "{tf}"),
            }
        }
        let multi = class.topology.as_str() == "active-active";
        assert!(tf.contains(&format!("multiple_write_locations_enabled = {multi}")));
        assert!(tf.contains(&format!("automatic_failover_enabled = {}", !multi)));
    }
    assert_eq!(serverless_classes, 1);
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine.starts_with("azure-sql"))
    {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // A server per region, Entra ID sign-in only, no public access; a
        // database per region of the planned size, the primary
        // zone-redundant; secondaries created from the primary.
        assert_eq!(
            count(tf, "resource \"azurerm_mssql_server\""),
            class.regions.len()
        );
        assert_eq!(
            count(tf, "azuread_authentication_only = true"),
            class.regions.len()
        );
        assert_eq!(
            count(tf, "public_network_access_enabled = false"),
            class.regions.len()
        );
        assert!(!tf.contains("administrator_login_password"), "{tf}");
        let sku = &class.instance.as_ref().unwrap().class;
        assert_eq!(
            count(tf, &format!("sku_name = \"{sku}\"")),
            class.regions.len()
        );
        assert_eq!(
            count(tf, "create_mode = \"Secondary\""),
            class.regions.len() - 1
        );
        let primary = class.primary.as_ref().unwrap();
        assert!(tf.contains(&format!(
            "zone_redundant = lookup(var.zone_redundant, \"{primary}\", true)"
        )));
        // A failover group with a manual policy once there is a secondary.
        let group = usize::from(class.regions.len() > 1);
        assert_eq!(
            count(tf, "resource \"azurerm_mssql_failover_group\""),
            group
        );
        assert_eq!(count(tf, "mode = \"Manual\""), group);
    }
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine == "azure-managed-redis")
    {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // An instance per region of the planned SKU, keys off, private;
        // one geo-replication group once there are two.
        let n = class.regions.len();
        assert_eq!(count(tf, "resource \"azurerm_managed_redis\""), n);
        let sku = &class.instance.as_ref().unwrap().class;
        assert_eq!(count(tf, &format!("sku_name = \"{sku}\"")), n);
        assert_eq!(count(tf, "access_keys_authentication_enabled = false"), n);
        assert_eq!(count(tf, "public_network_access = \"Disabled\""), n);
        let group = usize::from(n > 1);
        assert_eq!(
            count(tf, "resource \"azurerm_managed_redis_geo_replication\""),
            group
        );
        assert_eq!(count(tf, "geo_replication_group_name"), group * n);
    }
    for class in plan
        .classes
        .iter()
        .filter(|c| c.engine == "postgresql-flexible")
    {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // A server per region of the planned size, high availability on the
        // primary only, replicas from it, Entra ID only, no password.
        let n = class.regions.len();
        assert_eq!(
            count(tf, "resource \"azurerm_postgresql_flexible_server\""),
            n
        );
        let sku = &class.instance.as_ref().unwrap().class;
        assert_eq!(count(tf, &format!("sku_name = \"{sku}\"")), n);
        assert_eq!(count(tf, "mode = \"ZoneRedundant\""), 1);
        assert_eq!(count(tf, "create_mode = \"Replica\""), n - 1);
        assert_eq!(count(tf, "password_auth_enabled = false"), n);
        assert!(!tf.contains("administrator_password"), "{tf}");
        assert_eq!(count(tf, "public_network_access_enabled = false"), n);
        // The storage priced: the next size above a quarter more than the data.
        let gib =
            meridian::engines::azure::postgresql_flexible::provisioned_gib(class.workload.size_gb);
        assert!(
            tf.contains(&format!("storage_mb = {}", gib as u64 * 1024)),
            "{tf}"
        );
    }
    for class in plan.classes.iter().filter(|c| c.engine == "blob-storage") {
        let tf = &squash(file(&files, &format!("data-{}.tf", class.name)));
        // A ZRS account per region, keys off, private, versioned; one
        // replication policy per destination.
        let n = class.regions.len();
        assert_eq!(count(tf, "resource \"azurerm_storage_account\""), n);
        assert_eq!(count(tf, "account_replication_type = \"ZRS\""), n);
        assert_eq!(count(tf, "\nshared_access_key_enabled = false"), n);
        assert_eq!(count(tf, "public_network_access_enabled = false"), n);
        assert_eq!(count(tf, "versioning_enabled = true"), n);
        assert_eq!(
            count(tf, "resource \"azurerm_storage_object_replication\""),
            n - 1
        );
        for name in tf.lines().filter_map(|l| l.strip_prefix("name = \"")) {
            let name = name.trim_end_matches('"');
            if !name.contains('-') && name != class.name {
                assert!(
                    name.len() <= 24 && name.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{name}"
                );
            }
        }
    }
    // The secondary that serves no reads is the standby replica (licence
    // waived, as priced); one that serves reads is a readable one.
    let by = |name: &str| squash(file(&files, &format!("data-{name}.tf")));
    assert_eq!(count(&by("sql-standby"), "secondary_type = \"Standby\""), 1);
    let readable = by("sql-readable");
    assert_eq!(count(&readable, "secondary_type = \"Standby\""), 1);
    assert_eq!(count(&readable, "secondary_type = \"Geo\""), 1);
    let standby_db = readable
        .split("resource ")
        .find(|r| r.contains("Standby"))
        .unwrap();
    assert!(
        standby_db.contains("sql_readable_northeurope"),
        "{standby_db}"
    );
    assert!(by("sql-single").contains("storage_account_type = \"Geo\""));
    assert!(file(&files, "variables.tf").contains("variable \"sql_admin_object_id\""));
    assert!(by("kv-standby").contains("consistency_level = \"BoundedStaleness\""));
    assert!(by("kv-single").contains("consistency_level = \"Session\""));
    assert!(by("kv-lww").contains("mode = \"LastWriterWins\""));
    assert!(by("kv-lww").contains("conflict_resolution_path = \"/_ts\""));
    assert!(by("kv-merge").contains("mode = \"Custom\""));
    // Probes as the plan's RTO assumed them: Front Door at its fast 5 s;
    // Traffic Manager tolerates one failure fewer than mark a region down.
    let front = plan.services.iter().find(|s| s.name == "front").unwrap();
    assert_eq!(front.traffic, "front-door");
    assert_eq!(front.health_check_interval_s, Some(5.0));
    assert!(squash(file(&files, "service-front.tf")).contains("interval_in_seconds = 5"));
    let failover = plan.services.iter().find(|s| s.name == "failover").unwrap();
    assert_eq!(failover.failure_threshold, Some(4.0));
    let tm = &squash(file(&files, "service-failover.tf"));
    // A hot standby runs the service at full size: both regions serve.
    assert!(
        tm.contains("traffic_routing_method = \"Performance\""),
        "{tm}"
    );
    assert!(tm.contains("tolerated_number_of_failures = 3"), "{tm}");
    assert!(tm.contains("ttl = 30"), "{tm}");
    // Client-side and single-region services create nothing.
    for name in ["client", "single"] {
        let tf = file(&files, &format!("service-{name}.tf"));
        assert!(!tf.contains("resource "), "{tf}");
    }
}

#[test]
fn a_plan_on_two_clouds_gets_a_module_per_cloud() {
    let text = std::fs::read_to_string("tests/specs/two-clouds.toml").unwrap();
    let plan = plan("two-clouds.toml", &text);
    assert!(plan.feasible);
    let files = render(&plan);
    assert_eq!(files, render(&plan), "same plan, same bytes");
    // Every file is in its cloud's folder; each folder is a whole module.
    assert!(
        files
            .iter()
            .all(|f| f.path.starts_with("aws/") || f.path.starts_with("azure/"))
    );
    assert!(file(&files, "aws/versions.tf").contains("hashicorp/aws"));
    assert!(file(&files, "azure/versions.tf").contains("hashicorp/azurerm"));
    // Each class in its cloud's module, and only there.
    for class in &plan.classes {
        let mine = format!("{}/data-{}.tf", class.cloud, class.name);
        assert!(files.iter().any(|f| f.path == mine), "{mine}");
        let theirs = files
            .iter()
            .filter(|f| f.path.ends_with(&format!("/data-{}.tf", class.name)))
            .count();
        assert_eq!(theirs, 1, "{}", class.name);
    }
    // Services routed where their regions are; the one spanning clouds by
    // neither, and both READMEs say so.
    assert!(files.iter().any(|f| f.path == "aws/service-cart-api.tf"));
    assert!(
        files
            .iter()
            .any(|f| f.path == "azure/service-profile-api.tf")
    );
    assert!(files.iter().all(|f| !f.path.contains("service-checkout")));
    for cloud in ["aws", "azure"] {
        let readme = file(&files, &format!("{cloud}/README.md"));
        assert!(readme.contains("**Not routed here:** checkout"), "{readme}");
    }
    // Each module's README states its own share of the bill: the classes,
    // services and hosted zone its cloud bills.
    let share = |cloud: &str| -> meridian::cost::Cents {
        plan.classes
            .iter()
            .filter(|c| c.cloud == cloud)
            .map(|c| c.monthly_usd)
            .chain(
                plan.shared_cost
                    .iter()
                    .filter(|l| l.cloud == cloud)
                    .map(|l| l.monthly_usd),
            )
            .sum()
    };
    for cloud in ["aws", "azure"] {
        let readme = file(&files, &format!("{cloud}/README.md"));
        let usd = meridian::cost::format_usd(share(cloud).usd());
        assert!(
            readme.contains(&format!("costs about **{usd} a month**")),
            "{cloud}: {usd}\n{readme}"
        );
    }
    // Every cost line names the cloud billing it.
    for class in &plan.classes {
        assert!(
            class.cost.iter().all(|l| l.cloud == class.cloud),
            "{}",
            class.name
        );
    }
}
