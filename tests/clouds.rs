//! A cloud is a catalog folder: a second one, written here in a few lines
//! (two regions, one DNS mechanism, one engine), loads beside AWS through
//! `--catalog DIR`, and specs plan on it only when `clouds` names it.

use std::path::{Path, PathBuf};

use meridian::catalog::{self, Catalog};

/// A throwaway catalog folder holding cloud `testcloud`: regions `tc-north`
/// and `tc-south` (Oslo and Madrid), 40 ms apart, an engine copied from
/// DynamoDB's file, and one DNS mechanism (a folder per `test`: tests run
/// in parallel).
fn second_cloud(test: &str) -> (PathBuf, Catalog) {
    let dir = std::env::temp_dir().join(format!("meridian-clouds-{}-{test}", std::process::id()));
    let cloud = dir.join("testcloud");
    std::fs::create_dir_all(cloud.join("engines")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(cloud.join(name), text).unwrap();
    write(
        "regions.toml",
        r#"
[[region]]
id = "tc-north"
name = "Test North"
country = "NO"
lat = 59.9
lon = 10.7
vm_usd_per_hour = 0.1
transfer_out_usd_per_gb = 0.03

[[region]]
id = "tc-south"
name = "Test South"
country = "ES"
lat = 40.4
lon = -3.7
vm_usd_per_hour = 0.12
transfer_out_usd_per_gb = 0.04

[[transfer_exception]]
from = "tc-north"
to = "tc-south"
usd_per_gb = 0.01
"#,
    );
    write(
        "rtt.toml",
        r#"
regions = ["tc-north", "tc-south"]
[p50_ms]
"tc-north" = [1.5, 26.0]
"tc-south" = [26.0, 1.5]
"#,
    );
    let aws = |name: &str| {
        catalog::EMBEDDED_FILES
            .iter()
            .find(|(p, _)| *p == name)
            .map(|(_, t)| t.to_string())
            .unwrap()
    };
    write(
        "network.toml",
        &aws("aws/network.toml")
            .replace(
                "cloud_name = \"Amazon Web Services\"",
                "cloud_name = \"Test Cloud\"",
            )
            .replace(
                "price_region = \"us-east-1\"",
                "price_region = \"tc-north\"",
            ),
    );
    write(
        "recovery.toml",
        r#"
az_events_per_region_year = 0.01
outage_mean_hours = 5.0
outages_per_region_year = 0.02

[runbook]
single_region_detect = "Test monitoring reports the event."
evidence = "the test status page"
"#,
    );
    write(
        "traffic.toml",
        r#"
decision_s = 600
dns_ttl_s = 30
[geography]
all = ["tc-north", "tc-south"]

[[mechanism]]
id = "tc-dns"
name = "Test DNS"
kind = "dns"
health_check_interval_s = 30
failure_threshold = 3
health_check_item = "Test health check"
demands = "clients resolve again"

[mechanism.runbook]
detect = "Test DNS checks fail ({checks} checks)."
shift_active = "Test DNS drops {lost}."
shift_passive = "Test DNS sends users to {target}."
"#,
    );
    write(
        "prices.toml",
        r#"
dns_service = "Test DNS"
hosted_zone_usd_month = 0.5
health_check_usd_month = 0.25
fast_interval_usd_month = 1.0
standard_queries_usd_per_million = 0.4
latency_queries_usd_per_million = 0.6

[[compute]]
name = "tc.small"
vcpu = 2
memory_gib = 8
usd_per_hour = 0.1
"#,
    );
    write(
        "engines/tc-kv.toml",
        aws("aws/engines/dynamodb.toml")
            .replace("id = \"dynamodb\"", "id = \"tc-kv\"")
            .split("\n[outages.")
            .next()
            .unwrap(),
    );
    let catalog = catalog::load_dir(&dir).unwrap_or_else(|e| panic!("{e:?}"));
    (dir, catalog)
}

const USERS: &str = r#"
[users.europe]
lat = 48.9
lon = 2.3
share = 1.0

[data.kv]
kind = "key-value"
size = "10 GB"
reads_per_sec = 100
writes_per_sec = 10
consistency = "eventual"
conflicts = "last-writer-wins"
rpo = "5s"
rto = "10m"
"#;

fn cleanup(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_second_cloud_is_a_folder_and_plans_only_when_named() {
    let (dir, catalog) = second_cloud("a_second_cloud");
    let ids: Vec<&str> = catalog.clouds.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["aws", "azure", "gcp", "testcloud"]);
    let north = catalog.region_index("tc-north").unwrap();
    assert_eq!(catalog.cloud_of(north).id, "testcloud");
    let engine = &catalog.engines[catalog.engine_index("tc-kv").unwrap()];
    // Its engine is offered in its own regions only.
    assert!(engine.offered_in(north));
    assert!(!engine.offered_in(catalog.region_index("us-east-1").unwrap()));
    // Prices scale from its own price region.
    let south = catalog.region_index("tc-south").unwrap();
    let (usd, derived) = catalog.regional_price(1.0, south);
    assert!((usd - 1.2).abs() < 1e-9 && derived, "{usd}");

    // Transfer: the exception, and the floor over a pool (north sends to
    // south alone, at the exception's price; its usual 0.03 applies to no
    // other region of the pool).
    assert_eq!(catalog.transfer_usd_per_gb(north, south), (0.01, false));
    assert_eq!(catalog.transfer_usd_per_gb(south, north), (0.04, false));
    assert_eq!(
        catalog.cheapest_transfer_from(north, &[north, south]),
        Some(0.01)
    );
    assert_eq!(
        catalog.cheapest_transfer_from(south, &[north, south]),
        Some(0.04)
    );
    assert_eq!(catalog.cheapest_transfer_from(south, &[south]), None);
    let floor = meridian::engines::PriceFloor::of(&catalog, &[south, north]);
    assert_eq!(floor.transfer_per_gb, 0.01);

    // Without `clouds`, the default cloud only.
    let aws_only =
        meridian::plan_text("a.toml", &format!("name = \"a\"\n{USERS}"), &catalog).unwrap();
    assert!(
        aws_only.classes[0]
            .regions
            .iter()
            .all(|r| !r.starts_with("tc-")),
        "{:?}",
        aws_only.classes[0].regions
    );

    // Another cloud in the catalog changes nothing of a plan that does not
    // name it (user paths ride one cloud's backbone; its pairs do not move
    // AWS's route inflation).
    let embedded = catalog::load_embedded().unwrap();
    let alone =
        meridian::plan_text("a.toml", &format!("name = \"a\"\n{USERS}"), &embedded).unwrap();
    assert_eq!(
        serde_json::to_string(&alone).unwrap(),
        serde_json::to_string(&aws_only).unwrap()
    );

    // Named, its regions, engine and mechanism.
    let plan = meridian::plan_text(
        "t.toml",
        &format!("name = \"t\"\nclouds = [\"testcloud\"]\n{USERS}"),
        &catalog,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let class = &plan.classes[0];
    assert_eq!(class.engine, "tc-kv");
    assert!(
        class.regions.iter().all(|r| r.starts_with("tc-")),
        "{:?}",
        class.regions
    );
    assert!(class.regions.len() > 1, "RTO 10m needs a second region");
    assert_eq!(class.traffic, "tc-dns");
    // Its runbook speaks of its own tools.
    assert_eq!(
        class.runbook[0].action,
        "Test DNS checks fail (standard, 30 s checks)."
    );
    // The plan says the cloud, and its Terraform needs that cloud's templates.
    assert_eq!(class.cloud, "testcloud");
    assert_eq!(aws_only.classes[0].cloud, "aws");
    let terraform = meridian::render::terraform::render(&plan, &Default::default());
    let err = terraform.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        err.contains("no Terraform templates for cloud testcloud"),
        "{err}"
    );
    assert!(meridian::render::terraform::render(&aws_only, &Default::default()).is_ok());
    assert!(
        class.cost.iter().any(|l| l.item == "Test health check"),
        "{:?}",
        class.cost.iter().map(|l| &l.item).collect::<Vec<_>>()
    );
    cleanup(&dir);
}

#[test]
fn clouds_and_regions_are_checked_against_the_catalog() {
    let (dir, catalog) = second_cloud("clouds_checked");
    let err = |text: &str| {
        let e = meridian::plan_text("t.toml", text, &catalog).unwrap_err();
        e.errors
            .iter()
            .map(|e| format!("{} ({})", e.message, e.help.clone().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let unknown = err(&format!("name = \"t\"\nclouds = [\"oci\"]\n{USERS}"));
    assert!(
        unknown.contains("cloud \"oci\" is not in meridian's catalog")
            && unknown.contains("\"aws\", \"azure\", \"gcp\", \"testcloud\""),
        "{unknown}"
    );
    let other = err(&format!(
        "name = \"t\"\nregions = [\"tc-north\", \"us-east-1\"]\n{USERS}"
    ));
    assert!(
        other.contains("region \"tc-north\" is in cloud \"testcloud\", which clouds does not list"),
        "{other}"
    );
    // The embedded catalog has AWS, Azure and Google Cloud.
    let embedded = catalog::load_embedded().unwrap();
    let ids: Vec<&str> = embedded.clouds.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["aws", "azure", "gcp"]);
    cleanup(&dir);
}

#[test]
fn rtt_between_clouds_is_estimated_from_the_distance() {
    let (dir, catalog) = second_cloud("rtt_between");
    let north = catalog.region_index("tc-north").unwrap();
    let frankfurt = catalog.region_index("eu-central-1").unwrap();
    assert!(catalog.rtt_p50_ms[north][frankfurt].is_nan());
    let network = meridian::network::Network::build(&catalog, &[]);
    // Each cloud's route inflation is fitted to its own pairs: the test
    // cloud's one pair, 26 ms over its fibre bound (a backbone straighter
    // than AWS's); AWS's is unchanged by it.
    let south = catalog.region_index("tc-south").unwrap();
    let own = 26.0 / network.region_fiber[north][south];
    assert!(own < network.route_inflations[0], "{own}");
    let test_cloud = catalog
        .clouds
        .iter()
        .position(|c| c.id == "testcloud")
        .unwrap();
    assert!(
        (network.route_inflations[test_cloud] - own).abs() < 1e-12,
        "{:?}",
        network.route_inflations
    );
    let aws_alone = meridian::network::Network::build(&catalog::load_embedded().unwrap(), &[]);
    assert_eq!(network.route_inflations[0], aws_alone.route_inflation);
    // Users reach an AWS region over AWS's backbone alone, not through the
    // test cloud's straighter one.
    let spec = meridian::spec::parse(
        &meridian::diagnostics::SourceFile::new("t.toml", format!("name = \"t\"\n{USERS}")),
        &catalog,
    )
    .unwrap();
    let with = meridian::network::Network::build(&catalog, &spec.users);
    let without =
        meridian::network::Network::build(&catalog::load_embedded().unwrap(), &spec.users);
    for r in 0..without.user_p99[0].len() {
        assert_eq!(
            with.user_p99[0][r], without.user_p99[0][r],
            "{}",
            catalog.regions[r].id
        );
    }
    let estimate = network.region_p99[north][frankfurt];
    // Oslo–Frankfurt is about 1,100 km: over the fibre bound, under 60 ms.
    assert!(
        estimate > network.region_fiber[north][frankfurt] && estimate < 60.0,
        "{estimate}"
    );
    cleanup(&dir);
}

#[test]
fn an_engine_file_says_how_its_designs_fail_over() {
    // The runbook's engine steps are the engine file's own texts: one
    // missing for a tier the engine offers, or naming a placeholder the
    // runbook does not fill, is a catalog error.
    let dir = std::env::temp_dir().join(format!("meridian-runbook-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("aws/engines")).unwrap();
    let rds = catalog::EMBEDDED_FILES
        .iter()
        .find(|(p, _)| *p == "aws/engines/rds-postgresql.toml")
        .map(|(_, t)| t.to_string())
        .unwrap();
    let without: String = rds
        .lines()
        .filter(|l| !l.starts_with("failback = "))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.join("aws/engines/rds-postgresql.toml"), &without).unwrap();
    let err = format!("{:?}", catalog::load_dir(&dir).unwrap_err());
    assert!(err.contains("[runbook] needs `failback`"), "{err}");
    let odd = rds.replace("--region {target}`", "--region {region}`");
    assert_ne!(odd, rds);
    std::fs::write(dir.join("aws/engines/rds-postgresql.toml"), &odd).unwrap();
    let err = format!("{:?}", catalog::load_dir(&dir).unwrap_err());
    assert!(err.contains("unknown placeholder {region}"), "{err}");
    cleanup(&dir);
}

#[test]
fn the_azure_catalog_is_embedded_and_aws_specs_stay_on_aws() {
    let catalog = catalog::load_embedded().unwrap();
    let azure = catalog.cloud_index("azure").unwrap();
    let regions = catalog.regions.iter().filter(|r| r.cloud == azure).count();
    assert_eq!(regions, 54);
    let eastus = catalog.region_index("eastus").unwrap();
    assert_eq!(catalog.clouds[azure].price_region, eastus);
    assert_eq!(catalog.regional_price(1.0, eastus), (1.0, false));
    // Its RTT is measured within Azure and estimated to AWS.
    let westeurope = catalog.region_index("westeurope").unwrap();
    assert!(catalog.rtt_p50_ms[eastus][westeurope].is_finite());
    assert!(catalog.rtt_p50_ms[eastus][catalog.region_index("us-east-1").unwrap()].is_nan());
    // Its engines are its own, offered in its regions only.
    for id in ["cosmos-db", "cosmos-db-multi-write"] {
        let e = &catalog.engines[catalog.engine_index(id).unwrap()];
        assert_eq!(e.cloud, azure);
        assert!(e.offered_in(eastus));
        assert!(!e.offered_in(catalog.region_index("us-east-1").unwrap()));
    }
    // A spec without `clouds` plans on AWS alone.
    let plan = meridian::plan_text("a.toml", &format!("name = \"a\"\n{USERS}"), &catalog).unwrap();
    assert_eq!(plan.cloud, "aws");
    assert!(plan.classes.iter().all(|c| {
        c.cloud == "aws"
            && c.regions
                .iter()
                .all(|r| catalog.cloud_of(catalog.region_index(r).unwrap()).id == "aws")
    }));
}

#[test]
fn a_spec_reads_only_the_clouds_it_names_and_plans_the_same() {
    // The CLI reads the clouds a spec names (and the default); the plan is
    // the one the whole catalog gives.
    let ids = |c: &Catalog| c.clouds.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    let aws = catalog::load_embedded_clouds(&[]).unwrap();
    assert_eq!(ids(&aws), ["aws"]);
    let both = catalog::load_embedded_clouds(&["azure".into(), "nowhere".into()]).unwrap();
    assert_eq!(ids(&both), ["aws", "azure"]);
    let full = catalog::load_embedded().unwrap();
    for spec in ["examples/shop.toml", "examples/azure-profiles.toml"] {
        let text = std::fs::read_to_string(spec).unwrap();
        let part = if spec.contains("azure") { &both } else { &aws };
        let a = meridian::plan_text(spec, &text, part).unwrap();
        let b = meridian::plan_text(spec, &text, &full).unwrap();
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
            "{spec}"
        );
    }
}
