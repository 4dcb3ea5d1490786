//! Google Cloud engines against bills computed by hand from the catalog's
//! cited prices (arithmetic in the comments), their documented limits
//! (Spanner's published configurations), and specs that let the search
//! choose. Each bill test pins a design so the numbers do not depend on
//! the search.

mod common;

use common::{catalog, close, line};
use meridian::plan::{ClassPlan, Plan};

/// A spec on `clouds` with `users` and one class `d` with `class`'s keys.
fn spec(clouds: &str, users: &str, class: &str) -> String {
    format!("name = \"g\"\nclouds = [{clouds}]\n\n{users}\n[data.d]\n{class}")
}

/// The plan of [`spec`].
fn plan(clouds: &str, users: &str, class: &str) -> Plan {
    let spec = spec(clouds, users, class);
    meridian::plan_text("g.toml", &spec, &catalog()).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The messages of the errors [`spec`] gets.
fn errors(clouds: &str, users: &str, class: &str) -> String {
    let spec = spec(clouds, users, class);
    let e = meridian::plan_text("g.toml", &spec, &catalog()).unwrap_err();
    e.errors
        .iter()
        .map(|e| format!("{} ({})", e.message, e.help.clone().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n")
}

const IOWA: &str = "[users.iowa]\nnear = \"us-central1\"\nshare = 1.0\n";
const US: &str = "[users.east]\nnear = \"us-east4\"\nshare = 0.6\n\n\
                  [users.west]\nnear = \"us-west1\"\nshare = 0.4\n";

/// us-central2's price index: it has no price of its own and takes
/// us-south1's n2-standard-2 ($0.11459924 an hour) over us-central1's
/// ($0.097118), the list region (catalogs/gcp/regions.toml).
const OKLAHOMA_INDEX: f64 = 0.11459924 / 0.097118;

#[test]
fn spanner_regional_bill() {
    let class = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 5000\nwrites_per_sec = 500\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"single-region\"\n\
                 primary = \"us-central1\"\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    assert_eq!(c.cloud, "gcp");
    assert_eq!(c.configuration.as_deref(), Some("regional-us-central1"));
    // A regional node takes 22,500 reads/s or 3,500 writes/s: 5,000 /
    // 22,500 + 500 / 3,500 = 0.365 of a node = 365 PU → 400 PU (steps of
    // 100 below a node).
    assert_eq!(c.capacity.as_ref().unwrap().processing_units, Some(400));
    // Standard edition, 3 replicas × 4 × 100 PU × 730 h × $0.030 = $262.80.
    close(
        line(c, "3 read-write replicas x 400 PU", "us-central1"),
        262.80,
    );
    // SSD storage in every replica: 100 GB × 3 × $0.10 = $30.00.
    close(line(c, "SSD storage, 3 replicas", "us-central1"), 30.00);
    close(c.monthly_usd.usd(), 292.80);
    // One region: its loss loses the data.
    assert!(c.rpo_s.is_infinite());
}

#[test]
fn spanner_multi_region_bill_nam11() {
    let class = "kind = \"key-value\"\nsize = \"50 GB\"\nreads_per_sec = 9000\nwrites_per_sec = 1200\n\
                 item_size = \"1 KiB\"\nconsistency = \"strong\"\nengine = \"spanner\"\n\
                 topology = \"active-active\"\nprimary = \"us-central1\"\nreplicas = [\"us-east1\"]\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    // us-central1 and us-east1 are nam11's read-write regions: its witness
    // is us-central2.
    assert_eq!(c.configuration.as_deref(), Some("nam11"));
    assert_eq!(c.leader.as_deref(), Some("us-central1"));
    assert_eq!(c.witness.as_deref(), Some("us-central2"));
    // Multi-region nodes take 15,000 reads/s per region or 2,700 writes/s:
    // 9,000 / 15,000 + 1,200 / 2,700 = 1.044 nodes → 2 nodes (whole nodes
    // above one) = 2,000 PU in every replica.
    assert_eq!(c.capacity.as_ref().unwrap().processing_units, Some(2000));
    // Enterprise Plus, two read-write replicas per region: 2 × 20 × 730 ×
    // $0.057 = $1,664.40 in each (both at the list price index 1).
    for region in ["us-central1", "us-east1"] {
        close(line(c, "2 read-write replicas x 2,000 PU", region), 1664.40);
        // 50 GB × 2 replicas × $0.10.
        close(line(c, "SSD storage, 2 replicas", region), 10.00);
    }
    // The witness: one replica's compute, 20 × 730 × $0.057 = $832.20 at
    // us-central2's index; no storage.
    close(
        line(c, "1 witness replica x 2,000 PU", "us-central2"),
        832.20 * OKLAHOMA_INDEX,
    );
    assert!(
        !c.cost
            .iter()
            .any(|l| l.region == "us-central2" && l.item.starts_with("SSD"))
    );
    // Replication from the leader: 1,200/s × 1,024 B × 2,628,000 s =
    // 3,229.29 GB a month to each other voting region at $0.04 = $129.17.
    for to in ["us-east1", "us-central2"] {
        close(
            line(
                c,
                &format!("inter-region replication to {to}"),
                "us-central1",
            ),
            129.17,
        );
    }
    assert_eq!(c.rpo_s, 0.0);
}

#[test]
fn spanner_committed_use_discounts_compute_only() {
    let class = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 5000\nwrites_per_sec = 500\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"single-region\"\n\
                 primary = \"us-central1\"\n";
    let spec = format!(
        "name = \"g\"\nclouds = [\"gcp\"]\ncommitment = \"3y\"\n\n{IOWA}\n[data.d]\n{class}"
    );
    let p = meridian::plan_text("g.toml", &spec, &catalog()).unwrap();
    let c = &p.classes[0];
    // $262.80 less 40% = $157.68; storage stays at $30.00.
    close(
        line(c, "3 read-write replicas x 400 PU", "us-central1"),
        157.68,
    );
    close(line(c, "SSD storage, 3 replicas", "us-central1"), 30.00);
    assert_eq!(c.capacity.as_ref().unwrap().commitment.as_str(), "3y");
}

#[test]
fn strong_rpo_zero_us_class_gets_a_published_spanner_configuration() {
    // Issue 17's first done-when line.
    let class = "kind = \"relational\"\nsize = \"200 GB\"\nreads_per_sec = 2000\nwrites_per_sec = 200\n\
                 consistency = \"strong\"\nrpo = \"0s\"\nrto = \"5m\"\nresidency = [\"us\"]\n";
    let p = plan("\"gcp\"", US, class);
    let c = &p.classes[0];
    assert!(c.feasible, "{:#?}", c.violations);
    assert_eq!(c.engine, "spanner");
    assert_eq!(c.topology.as_str(), "active-active");
    let name = c.configuration.as_deref().expect("a configuration");
    assert!(name.starts_with("nam"), "{name}");
    let catalog = catalog();
    let spanner = &catalog.engines[catalog.engine_index("spanner").unwrap()];
    let published = spanner
        .configurations
        .iter()
        .find(|k| k.name == name)
        .expect("published");
    let id = |r: usize| catalog.regions[r].id.clone();
    let mut regions = c.regions.clone();
    regions.sort();
    let mut expected: Vec<String> = published.read_write.iter().map(|r| id(*r)).collect();
    expected.sort();
    assert_eq!(regions, expected);
    assert_eq!(c.witness, published.witness.map(id));
    let leader = c.leader.clone().expect("a leader");
    assert!(c.regions.contains(&leader));
    // Every copy and the witness in the US.
    for r in c.regions.iter().chain(&c.witness) {
        let region = &catalog.regions[catalog.region_index(r).unwrap()];
        assert_eq!(region.country, "US", "{r}");
    }
    assert_eq!(c.rpo_s, 0.0);
}

#[test]
fn a_quorum_write_waits_for_the_nearer_other_voting_region() {
    // nam7 led from us-central1: the leader's region and the nearer of
    // us-east4 (a read-write region) and us-central2 (the witness, in
    // Oklahoma) commit; the witness is the nearer, so it sets the latency.
    let class = "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"active-active\"\n\
                 primary = \"us-central1\"\nreplicas = [\"us-east4\"]\nwitness = \"us-central2\"\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("nam7"));
    let catalog = catalog();
    let spec = meridian::spec::parse(
        &meridian::diagnostics::SourceFile::new("g.toml", spec("\"gcp\"", IOWA, class)),
        &catalog,
    )
    .unwrap();
    let network = meridian::network::Network::build(&catalog, &spec.users);
    let r = |id: &str| catalog.region_index(id).unwrap();
    let to_witness = network.region_p99[r("us-central1")][r("us-central2")];
    let to_peer = network.region_p99[r("us-central1")][r("us-east4")];
    assert!(to_witness < to_peer, "{to_witness} {to_peer}");
    // Reads and writes both at the leader; a write adds the commit round
    // trip and the 15 ms write service time against the read's 5 ms.
    let (read, write) = (c.read_latency_ms["iowa"], c.write_latency_ms["iowa"]);
    assert!(
        (write - read - (to_witness + 10.0)).abs() < 0.2,
        "read {read} write {write} witness {to_witness}"
    );
}

#[test]
fn spanner_designs_are_published_configurations_only() {
    // us-east1 and us-west1 are in no published configuration.
    let class = "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"active-active\"\n\
                 primary = \"us-east1\"\nreplicas = [\"us-west1\"]\n";
    let e = errors("\"gcp\"", IOWA, class);
    assert!(
        e.contains("spanner multi-region designs are its published configurations")
            && e.contains("nam3 (us-east1, us-east4 + witness us-central1)"),
        "{e}"
    );
    // nam3's read-write regions with another configuration's witness.
    let class = "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"active-active\"\n\
                 primary = \"us-east4\"\nreplicas = [\"us-east1\"]\nwitness = \"us-central2\"\n";
    let e = errors("\"gcp\"", IOWA, class);
    assert!(
        e.contains("none holds us-east4, us-east1, us-central2"),
        "{e}"
    );
    // Unpinned, with only us-east1 and us-west1 allowed, no multi-region
    // Spanner design exists: Spanner stays in one region.
    let spec = format!(
        "name = \"g\"\nclouds = [\"gcp\"]\nregions = [\"us-east1\", \"us-west1\"]\n\n{IOWA}\n\
         [data.d]\nkind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
         consistency = \"strong\"\nrpo = \"1h\"\n"
    );
    let p = meridian::plan_text("g.toml", &spec, &catalog()).unwrap();
    let c = &p.classes[0];
    assert!(
        c.alternatives
            .iter()
            .filter(|a| a.engine == "spanner")
            .all(|a| a.topology.as_str() == "single-region"),
        "{:?}",
        c.alternatives
    );
}

#[test]
fn spanner_compute_holds_the_data_too() {
    // 2 TB = 1,862.6 GiB; a replica holds 1,024 GiB per 100 PU below a
    // node: 181.9 PU → 200 PU, though 300 reads/s and 50 writes/s need
    // only 28 PU (300 / 22,500 + 50 / 3,500 = 0.028 node).
    let class = "kind = \"relational\"\nsize = \"2 TB\"\nreads_per_sec = 300\nwrites_per_sec = 50\n\
                 consistency = \"strong\"\nengine = \"spanner\"\ntopology = \"single-region\"\n\
                 primary = \"us-central1\"\n";
    let p = plan("\"gcp\"", IOWA, class);
    let capacity = p.classes[0].capacity.clone().unwrap();
    assert_eq!(capacity.processing_units, Some(200));
    assert!(
        capacity.note.contains("sized for the 2000 GB stored"),
        "{}",
        capacity.note
    );
    // 3 replicas × 2 × 730 h × $0.030 = $131.40.
    close(
        line(
            &p.classes[0],
            "3 read-write replicas x 200 PU",
            "us-central1",
        ),
        131.40,
    );
}

/// The messages of the errors the catalog folder gets with spanner.toml
/// edited by replacing `from` once with `to`.
fn spanner_toml_errors(tag: &str, from: &str, to: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("meridian-gcp-{tag}-{}", std::process::id()));
    let engines = dir.join("gcp/engines");
    std::fs::create_dir_all(&engines).unwrap();
    let text = std::fs::read_to_string("catalogs/gcp/engines/spanner.toml").unwrap();
    let bad = text.replacen(from, to, 1);
    assert_ne!(bad, text);
    std::fs::write(engines.join("spanner.toml"), bad).unwrap();
    let err = meridian::catalog::load_dir(&dir).unwrap_err();
    let _ = std::fs::remove_dir_all(&dir);
    err.errors.iter().map(|e| e.message.clone()).collect()
}

#[test]
fn a_configuration_must_lead_from_one_of_its_read_write_regions() {
    let messages = spanner_toml_errors("conf", "leader = \"us-east4\"", "leader = \"us-west1\"");
    assert!(
        messages.iter().any(|m| m
            == "configuration \"nam3\": the leader us-west1 is not one of its read_write regions"),
        "{messages:?}"
    );
}

/// A Cloud SQL class of `engine`: an HA primary in us-central1 and a hot
/// standby in us-east1, 100 GB, 2,000 reads/s and 200 writes/s of 1 KiB.
/// 200 writes/s ÷ 800 per vCPU + 2,000 reads/s ÷ 5,000, at 60%: 1.08 vCPU,
/// so both editions run their smallest tier.
fn cloud_sql_pair(engine: &str) -> Plan {
    let class = format!(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 2000\nwrites_per_sec = 200\n\
         item_size = \"1 KiB\"\nconsistency = \"strong\"\nengine = \"{engine}\"\n\
         topology = \"active-passive\"\nstandby = \"hot-standby\"\n\
         primary = \"us-central1\"\nreplicas = [\"us-east1\"]\n"
    );
    plan("\"gcp\"", IOWA, &class)
}

/// The bill's lines: the HA primary and the replica of `tier` at
/// `primary_usd` and `replica_usd`, and what both editions bill alike: HA
/// SSD storage 100 GB × $0.34 = $34.00, the replica's 100 GB × $0.17 =
/// $17.00 (us-east1 at index 1), replication 200/s × 1,024 B × 2,628,000 s
/// = 538.21 GB a month at $0.02 within North America = $10.76.
fn check_cloud_sql_pair(c: &ClassPlan, tier: &str, primary_usd: f64, replica_usd: f64) {
    close(
        line(
            c,
            &format!("HA (regional) instance {tier} x1"),
            "us-central1",
        ),
        primary_usd,
    );
    close(line(c, "HA (regional) SSD storage", "us-central1"), 34.00);
    close(
        line(c, &format!("read replica {tier} x1"), "us-east1"),
        replica_usd,
    );
    close(line(c, "SSD storage", "us-east1"), 17.00);
    close(
        line(c, "replication transfer to us-east1", "us-central1"),
        10.76,
    );
    assert_eq!(c.rpo_s, 30.0);
}

#[test]
fn cloud_sql_ha_primary_and_replica_bill() {
    let p = cloud_sql_pair("cloud-sql-postgresql");
    // db-custom-2-7680: $0.1351 an hour (2 × $0.0413 + 7.5 GiB × $0.0070).
    // The HA primary is billed twice: 2 × 730 × $0.1351 = $197.25; the
    // replica is a zonal instance of the same tier: 730 × $0.1351 = $98.62.
    check_cloud_sql_pair(&p.classes[0], "db-custom-2-7680", 197.25, 98.62);
}

#[test]
fn cloud_sql_enterprise_plus_primary_and_dr_replica_bill() {
    let p = cloud_sql_pair("cloud-sql-postgresql-enterprise-plus");
    let c = &p.classes[0];
    // db-perf-optimized-N-2: $0.2530 an hour (2 × $0.0537 + 16 GiB ×
    // $0.0091). HA primary: 2 × 730 × $0.2530 = $369.38; the DR replica,
    // zonal, of the same tier: 730 × $0.2530 = $184.69.
    check_cloud_sql_pair(c, "db-perf-optimized-N-2", 369.38, 184.69);
    // Replica failover (60 s) instead of promoting a standalone instance
    // (300 s).
    let enterprise = cloud_sql_pair("cloud-sql-postgresql");
    assert_eq!(c.rto_s, enterprise.classes[0].rto_s - 240.0);
}

#[test]
fn cloud_sql_enterprise_plus_takes_one_dr_replica_of_the_primary_tier() {
    let base = "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 200\nwrites_per_sec = 20\n\
                consistency = \"strong\"\nengine = \"cloud-sql-postgresql-enterprise-plus\"\n\
                topology = \"active-passive\"\nprimary = \"us-central1\"\n";
    // One DR replica per primary: three regions is one too many.
    let three = errors(
        "\"gcp\"",
        IOWA,
        &format!("{base}standby = \"hot-standby\"\nreplicas = [\"us-east1\", \"us-west1\"]\n"),
    );
    assert!(
        three.contains("cloud-sql-postgresql-enterprise-plus"),
        "{three}"
    );
    // The DR replica runs the primary's tier: no warm standby.
    let warm = errors(
        "\"gcp\"",
        IOWA,
        &format!("{base}standby = \"warm-standby\"\nreplicas = [\"us-east1\"]\n"),
    );
    assert!(warm.contains("warm-standby"), "{warm}");
}

#[test]
fn an_rto_and_availability_the_enterprise_edition_misses_land_on_enterprise_plus() {
    // Enterprise's promotion (5 min) and 99.95 % SLA miss a 3-minute RTO
    // at 99.99 %; Enterprise Plus's replica failover and SLA meet them,
    // dearer per vCPU but cheaper than Spanner for this small ledger.
    let class = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 2000\nwrites_per_sec = 200\n\
                 item_size = \"1 KiB\"\nconsistency = \"strong\"\nrpo = \"1m\"\nrto = \"3m\"\n\
                 availability = \"99.99%\"\nresidency = [\"us\"]\n";
    let p = plan("\"gcp\"", US, class);
    let c = &p.classes[0];
    assert!(c.feasible, "{:#?}", c.violations);
    assert_eq!(c.engine, "cloud-sql-postgresql-enterprise-plus");
    assert_eq!(c.regions.len(), 2);
    let loose = plan(
        "\"gcp\"",
        US,
        &class.replace("rto = \"3m\"", "rto = \"15m\""),
    );
    assert_eq!(loose.classes[0].engine, "cloud-sql-postgresql");
}

#[test]
fn looser_slos_land_on_cloud_sql_and_rpo_zero_on_spanner() {
    // Issue 17's first done-when line, its second half: the same ledger
    // with an RPO of a minute costs less on Cloud SQL than on Spanner.
    let base = "kind = \"relational\"\nsize = \"500 GB\"\nreads_per_sec = 4000\nwrites_per_sec = 600\n\
                consistency = \"strong\"\nrto = \"15m\"\nresidency = [\"us\"]\n";
    let loose = plan("\"gcp\"", US, &format!("{base}rpo = \"1m\"\n"));
    let c = &loose.classes[0];
    assert!(c.feasible, "{:#?}", c.violations);
    assert_eq!(c.engine, "cloud-sql-postgresql");
    let spanner = c
        .alternatives
        .iter()
        .filter(|a| a.engine == "spanner" && a.feasible)
        .map(|a| a.monthly_usd)
        .min()
        .expect("a feasible Spanner design");
    assert!(
        c.monthly_usd < spanner,
        "{:?} vs {spanner:?}",
        c.monthly_usd
    );
    let strict = plan("\"gcp\"", US, &format!("{base}rpo = \"0s\"\n"));
    assert_eq!(strict.classes[0].engine, "spanner");
    assert!(strict.classes[0].feasible);
}

#[test]
fn three_clouds_each_class_on_the_cheapest_cloud_that_meets_its_slos() {
    // Issue 17's second done-when line.
    let text = std::fs::read_to_string("tests/specs/three-clouds.toml").unwrap();
    let catalog = catalog();
    let p = meridian::plan_text("three-clouds.toml", &text, &catalog).unwrap();
    assert_eq!(p.cloud, "aws, azure, gcp");
    let mut clouds = std::collections::BTreeSet::new();
    for c in &p.classes {
        assert!(c.feasible, "{}: {:#?}", c.name, c.violations);
        // The chosen design is the cheapest feasible one of every family
        // searched, whatever its cloud, and the plan names its cloud.
        let cheapest = c
            .alternatives
            .iter()
            .filter(|a| a.feasible)
            .map(|a| a.monthly_usd)
            .min()
            .unwrap();
        assert_eq!(c.monthly_usd, cheapest, "{}", c.name);
        let engine = &catalog.engines[catalog.engine_index(&c.engine).unwrap()];
        assert_eq!(c.cloud, catalog.clouds[engine.cloud].id, "{}", c.name);
        // Families of every cloud with an engine for the kind were searched.
        for cloud in ["aws", "azure", "gcp"] {
            let offers = catalog
                .engines
                .iter()
                .any(|e| catalog.clouds[e.cloud].id == cloud && e.kinds.contains(&c.kind));
            assert!(
                !offers
                    || c.alternatives.iter().any(|a| {
                        let e = catalog.engine_index(&a.engine).unwrap();
                        catalog.clouds[catalog.engines[e].cloud].id == cloud
                    }),
                "{}: no {cloud} family",
                c.name
            );
        }
        clouds.insert(c.cloud.clone());
    }
    // Not every class on one cloud: the choice is real.
    assert_eq!(clouds.len(), 3, "{clouds:?}");
}

#[test]
fn firestore_bills_per_operation_at_the_locations_rates() {
    // Regional (us-central1): 100 reads/s × 2,628,000 s = 262.8 M reads =
    // 2,628 × $0.03 = $78.84; 10 writes/s: 262.8 × $0.09 = $23.65;
    // 10 GB = 9.313 GiB × $0.15 = $1.40.
    let class = "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 consistency = \"strong\"\nengine = \"firestore\"\ntopology = \"single-region\"\n\
                 primary = \"us-central1\"\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    close(
        line(c, "document reads (regional location)", "us-central1"),
        78.84,
    );
    close(
        line(c, "document writes (regional location)", "us-central1"),
        23.65,
    );
    close(
        line(c, "stored data (regional location)", "us-central1"),
        1.40,
    );
    assert_eq!(c.configuration.as_deref(), Some("regional-us-central1"));
    // nam7, the multi-region location: $0.06, $0.18 and $0.18 a GiB, all
    // billed once, in the leader's region; nothing per copy.
    let class = "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 consistency = \"strong\"\nengine = \"firestore\"\ntopology = \"active-active\"\n\
                 primary = \"us-central1\"\nreplicas = [\"us-east4\"]\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("nam7"));
    assert_eq!(c.witness.as_deref(), Some("us-central2"));
    close(
        line(c, "document reads (multi-region location)", "us-central1"),
        157.68,
    );
    close(
        line(c, "document writes (multi-region location)", "us-central1"),
        47.30,
    );
    close(
        line(c, "stored data (multi-region location)", "us-central1"),
        1.68,
    );
    assert!(
        c.cost
            .iter()
            .all(|l| l.region == "us-central1" || l.item.contains("health check")),
        "{:#?}",
        c.cost
    );
    assert_eq!(c.rpo_s, 0.0);
}

#[test]
fn a_small_key_value_class_lands_on_firestore() {
    // 5 reads/s and 1 write/s: about $13 a month on Firestore's nam7,
    // where Spanner's least multi-region instance costs over $200.
    let class = "kind = \"key-value\"\nsize = \"1 GB\"\nreads_per_sec = 5\nwrites_per_sec = 1\n\
                 consistency = \"strong\"\nrpo = \"0s\"\nrto = \"5m\"\nresidency = [\"us\"]\n";
    let p = plan("\"gcp\"", US, class);
    let c = &p.classes[0];
    assert!(c.feasible, "{:#?}", c.violations);
    assert_eq!(c.engine, "firestore");
    assert_eq!(c.configuration.as_deref(), Some("nam7"));
}

#[test]
fn cloud_storage_bills_at_the_locations_rates() {
    // 10 writes/s and 100 reads/s over 2,628,000 s a month: 26,280 and
    // 262,800 thousand operations. Regional (us-central1, the list region):
    // 1,000 GB × $0.020 = $20.00; Class A 26,280 × $0.005 = $131.40;
    // Class B 262,800 × $0.0004 = $105.12; no replication.
    let object = "kind = \"object\"\nsize = \"1000 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                  item_size = \"100 KiB\"\nconsistency = \"eventual\"\n";
    let regional = format!(
        "{object}engine = \"cloud-storage\"\ntopology = \"single-region\"\nprimary = \"us-central1\"\n"
    );
    let p = plan("\"gcp\"", IOWA, &regional);
    let c = &p.classes[0];
    close(line(c, "Standard storage (regional)", "us-central1"), 20.00);
    close(line(c, "Class A operations", "us-central1"), 131.40);
    close(line(c, "Class B operations", "us-central1"), 105.12);
    assert!(!c.cost.iter().any(|l| l.item.contains("replication")));
    // NAM4 (us-central1 + us-east1, both at the list price), written in
    // us-central1: $0.022 a GB in each region; Class A at the dual-region
    // $0.01 = $262.80; each written byte replicated once: 10 × 102,400 B ×
    // 2,628,000 s = 2,691.07 GB × $0.02 = $53.82.
    let dual = format!(
        "{object}engine = \"cloud-storage\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\n\
         primary = \"us-central1\"\nreplicas = [\"us-east1\"]\n"
    );
    let p = plan("\"gcp\"", IOWA, &dual);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("NAM4"));
    close(
        line(c, "Standard storage (dual-region)", "us-central1"),
        22.00,
    );
    close(line(c, "Standard storage (dual-region)", "us-east1"), 22.00);
    close(line(c, "Class A operations", "us-central1"), 262.80);
    close(line(c, "default replication", "us-central1"), 53.82);
    assert_eq!(c.rpo_bound_s, 43200.0);
    // Turbo replication: the same bucket with a $0.02 a GB premium on top
    // of the transfer, and a 15-minute bound.
    let turbo = dual.replace("\"cloud-storage\"", "\"cloud-storage-turbo\"");
    let p = plan("\"gcp\"", IOWA, &turbo);
    let c = &p.classes[0];
    close(line(c, "turbo replication fee", "us-central1"), 53.82);
    close(line(c, "turbo replication transfer", "us-central1"), 53.82);
    assert_eq!(c.rpo_bound_s, 900.0);
}

#[test]
fn cloud_storage_dual_regions_are_googles_locations() {
    let object = "kind = \"object\"\nsize = \"100 GB\"\nreads_per_sec = 10\nwrites_per_sec = 1\n\
                  consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\n";
    // Two regions of the US location code: a configurable dual-region.
    let us = format!(
        "{object}engine = \"cloud-storage\"\ntopology = \"active-active\"\n\
         primary = \"us-east4\"\nreplicas = [\"us-west1\"]\n"
    );
    let p = plan("\"gcp\"", US, &us);
    assert_eq!(p.classes[0].configuration.as_deref(), Some("US"));
    // Two continents: no location holds them.
    let e = errors(
        "\"gcp\"",
        US,
        &us.replace("\"us-west1\"", "\"europe-west1\""),
    );
    assert!(e.contains("within one of its locations"), "{e}");
    assert!(e.contains("NAM4 (us-central1, us-east1)"), "{e}");
    // Turbo replication's price was found for North America and Europe
    // only: Tokyo + Osaka (ASIA1) is a default-replication bucket alone.
    let asia = us
        .replace("\"us-east4\"", "\"asia-northeast1\"")
        .replace("\"us-west1\"", "\"asia-northeast2\"");
    let p = plan("\"gcp\"", US, &asia);
    assert_eq!(p.classes[0].configuration.as_deref(), Some("ASIA1"));
    let e = errors(
        "\"gcp\"",
        US,
        &asia.replace("\"cloud-storage\"", "\"cloud-storage-turbo\""),
    );
    assert!(e.contains("within one of its locations"), "{e}");
    // Turbo replication is for dual-regions only.
    let e = errors(
        "\"gcp\"",
        IOWA,
        &format!(
            "{object}engine = \"cloud-storage-turbo\"\ntopology = \"single-region\"\nprimary = \"us-central1\"\n"
        ),
    );
    assert!(!e.is_empty());
}

#[test]
fn an_object_class_takes_turbo_replication_only_for_a_tight_rpo() {
    // Users on both US coasts, a 5-minute RTO: a dual-region bucket. With
    // a 12-hour RPO default replication meets it; with 15 minutes only
    // turbo replication's bound does, for its premium.
    let class = "kind = \"object\"\nsize = \"2 TB\"\nreads_per_sec = 300\nwrites_per_sec = 20\n\
                 item_size = \"500 KiB\"\nconsistency = \"eventual\"\nrpo = \"12h\"\nrto = \"5m\"\n\
                 read_latency = \"150ms\"\n";
    let p = plan("\"gcp\"", US, class);
    let loose = &p.classes[0];
    assert!(loose.feasible, "{:#?}", loose.violations);
    assert_eq!(loose.engine, "cloud-storage");
    assert_eq!(loose.regions.len(), 2);
    let p = plan("\"gcp\"", US, &class.replace("\"12h\"", "\"15m\""));
    let tight = &p.classes[0];
    assert!(tight.feasible, "{:#?}", tight.violations);
    assert_eq!(tight.engine, "cloud-storage-turbo");
    assert!(tight.monthly_usd > loose.monthly_usd);
    assert_eq!(tight.rpo_s, 900.0);
}

#[test]
fn quorum_on_compute_engine_bill() {
    // Three voters, 3 × n2-standard-4 each (3 nodes a region, 4 vCPU ≥ what
    // 200 reads/s and 20 writes/s need): in us-central1 (the list region)
    // 3 × 730 h × $0.194236 = $425.38; 50 GB × 1.5 headroom = 75 GB of
    // PD-SSD × $0.17 = $12.75.
    let class = "kind = \"relational\"\nsize = \"50 GB\"\nreads_per_sec = 200\nwrites_per_sec = 20\n\
                 consistency = \"strong\"\nengine = \"quorum-gce\"\ntopology = \"active-active\"\n\
                 primary = \"us-central1\"\nreplicas = [\"us-east1\", \"us-east4\"]\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    assert_eq!(c.leader.as_deref(), Some("us-central1"));
    close(line(c, "node n2-standard-4 x3", "us-central1"), 425.38);
    close(line(c, "PD-SSD persistent disk", "us-central1"), 12.75);
    assert_eq!(c.rpo_s, 0.0);
    // No voter in a restricted region: us-central2 runs no customer VMs.
    let e = errors(
        "\"gcp\"",
        IOWA,
        &class.replace("\"us-east4\"", "\"us-central2\""),
    );
    assert!(e.contains("us-central2"), "{e}");
}

#[test]
fn memorystore_bill_and_secondaries() {
    // 10 GB = 9.31 GiB. highmem-medium holds 13 GB = 12.11 GiB × 80 %
    // writable = 9.69 GiB: one shard; standard-small would need two
    // (4.84 GiB each) at 2 × $0.1425 > $0.1923 an hour. A primary and a
    // replica node: 2 × 730 h × $0.1923 = $280.76 in us-central1. A warm
    // secondary in us-east1 (the list price) runs the same shard with no
    // replica: $140.38.
    let class = "kind = \"cache\"\nsize = \"10 GB\"\nreads_per_sec = 5000\nwrites_per_sec = 500\n\
                 consistency = \"eventual\"\nengine = \"memorystore-valkey\"\n\
                 topology = \"active-passive\"\nstandby = \"warm-standby\"\n\
                 primary = \"us-central1\"\nreplicas = [\"us-east1\"]\n";
    let p = plan("\"gcp\"", IOWA, class);
    let c = &p.classes[0];
    close(
        line(c, "1 shard(s), node highmem-medium x2", "us-central1"),
        280.76,
    );
    close(
        line(c, "1 shard(s), node highmem-medium x1", "us-east1"),
        140.38,
    );
    assert!(c.cost.iter().any(|l| l.item.starts_with("replication")));
    // At most two secondaries: three regions, not four.
    let e = errors(
        "\"gcp\"",
        IOWA,
        &class.replace(
            "[\"us-east1\"]",
            "[\"us-east1\", \"us-east4\", \"us-west1\"]",
        ),
    );
    assert!(e.contains("at most 3 regions"), "{e}");
}

/// Tokyo's price index: asia-northeast1's n2-standard-2 over us-central1's
/// (catalogs/gcp/regions.toml).
const TOKYO_INDEX: f64 = 0.124588 / 0.097118;

#[test]
fn spanner_dual_region_bill_and_failover() {
    // 2,000 reads/s and 200 writes/s: 2,000 / 15,000 + 200 / 2,700 = 0.207
    // of a dual-region node → 300 PU in every replica. Each region: two
    // read-write replicas, 2 × 3 × 730 h × $0.057 = $249.66, and a
    // witness, $124.83, at Tokyo's index; SSD storage for the two
    // read-write replicas only (witnesses are free): 100 GB × 2 × $0.10.
    let class = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 2000\nwrites_per_sec = 200\n\
                 consistency = \"strong\"\nengine = \"spanner-dual-region\"\ntopology = \"active-active\"\n\
                 primary = \"asia-northeast1\"\nreplicas = [\"asia-northeast2\"]\n";
    let tokyo = "[users.tokyo]\nnear = \"asia-northeast1\"\nshare = 1.0\n";
    let p = plan("\"gcp\"", tokyo, class);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("dual-region-japan1"));
    assert_eq!(c.witness, None);
    assert_eq!(c.capacity.as_ref().unwrap().processing_units, Some(300));
    close(
        line(c, "2 read-write replicas x 300 PU", "asia-northeast1"),
        249.66 * TOKYO_INDEX,
    );
    close(
        line(c, "1 witness replica x 300 PU", "asia-northeast1"),
        124.83 * TOKYO_INDEX,
    );
    assert!(
        c.cost
            .iter()
            .any(|l| l.item.starts_with("1 witness replica") && l.region == "asia-northeast2")
    );
    close(
        line(c, "SSD storage, 2 replicas", "asia-northeast1"),
        20.0 * TOKYO_INDEX,
    );
    assert_eq!(c.rpo_s, 0.0);
    // Every commit waits for Osaka: the write p99 holds the round trip.
    assert!(c.write_latency_ms["tokyo"] > c.read_latency_ms["tokyo"] + 5.0);
    // Only the published pairs: Tokyo and Seoul are no configuration.
    let e = errors(
        "\"gcp\"",
        tokyo,
        &class.replace("\"asia-northeast2\"", "\"asia-northeast3\""),
    );
    assert!(e.contains("published configurations"), "{e}");
    assert!(e.contains("dual-region-japan1"), "{e}");
}

#[test]
fn a_strong_rpo_zero_class_kept_in_japan_takes_the_dual_region() {
    // Two Google Cloud regions in Japan: no multi-region configuration or
    // three-region quorum stays there; the dual-region does, and losing
    // Tokyo fails its quorum over to Osaka with nothing lost.
    let class = "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 2000\nwrites_per_sec = 200\n\
                 consistency = \"strong\"\nrpo = \"0s\"\nrto = \"5m\"\nresidency = [\"JP\"]\n";
    let users = "[users.tokyo]\nnear = \"asia-northeast1\"\nshare = 0.7\n\n\
                 [users.osaka]\nnear = \"asia-northeast2\"\nshare = 0.3\n";
    let text = spec("\"gcp\"", users, class);
    let cat = catalog();
    let p = meridian::plan_text("g.toml", &text, &cat).unwrap();
    let c = &p.classes[0];
    assert!(c.feasible, "{:#?}", c.violations);
    assert_eq!(c.engine, "spanner-dual-region");
    // The failover is a step of the RTO: a minute, after detection.
    assert!(c.rto_s >= 60.0, "{}", c.rto_s);
    let parsed = meridian::spec::parse(
        &meridian::diagnostics::SourceFile::new("g.toml", &text),
        &cat,
    )
    .unwrap();
    let tokyo = cat.region_index("asia-northeast1").unwrap();
    let sim = meridian::simulate::fail(&parsed, &cat, &[tokyo]);
    let outcome = &sim.classes[0];
    assert_eq!(outcome.impact, "quorum failed over");
    assert!(outcome.survives);
    assert_eq!(outcome.new_primary.as_deref(), Some("asia-northeast2"));
    assert_eq!(outcome.writes_lost_worst, Some(0.0));
}

#[test]
fn three_voters_cannot_serve_eight_far_populations_and_the_search_knows_early() {
    // Eight populations on five continents with 150 ms read budgets need
    // more distinct regions than a three-voter quorum has (each of India,
    // Japan, Australia, Brazil and Europe its own): every three-region set
    // fails reads, which the search proves from the populations' disjoint
    // needs instead of measuring the 30,000 sets (110,159 designs were
    // measured for this class before). Spanner's read-only replicas add
    // some: a nearer read for a far population is worth measuring here.
    let users = "[users.us-east]\nlat = 40.7\nlon = -74\nshare = 0.2\n\n\
                 [users.us-west]\nlat = 37.8\nlon = -122.4\nshare = 0.15\n\n\
                 [users.brazil]\nlat = -23.5\nlon = -46.6\nshare = 0.05\n\n\
                 [users.uk]\nlat = 51.5\nlon = -0.1\nshare = 0.1\n\n\
                 [users.germany]\nlat = 50.1\nlon = 8.7\nshare = 0.1\n\n\
                 [users.india]\nlat = 19.1\nlon = 72.9\nshare = 0.1\n\n\
                 [users.japan]\nlat = 35.7\nlon = 139.7\nshare = 0.2\n\n\
                 [users.australia]\nlat = -33.9\nlon = 151.2\nshare = 0.1\n";
    let class = "kind = \"key-value\"\nsize = \"50 GB\"\nreads_per_sec = 300\nwrites_per_sec = 30\n\
                 item_size = \"2 KiB\"\nconsistency = \"eventual\"\nconflicts = \"last-writer-wins\"\n\
                 rpo = \"5s\"\nrto = \"5m\"\navailability = \"99.95%\"\n\
                 read_latency = \"150ms\"\nwrite_latency = \"200ms\"\n";
    let p = plan("\"gcp\"", users, class);
    let c = &p.classes[0];
    assert!(!c.feasible);
    assert!(c.search_complete);
    assert!(
        c.candidates_evaluated < 10_000,
        "{} designs measured",
        c.candidates_evaluated
    );
}

/// A design without read-only replicas, added or the configuration's.
fn no_read_only_replica(c: &ClassPlan) {
    assert!(c.read_only_added.is_empty(), "{}", c.design);
    assert!(
        c.roles.iter().all(|r| r.as_str() != "read-only replica"),
        "{}",
        c.design
    );
}

/// `population` reads from a read-only replica nearby (within `read_ms`)
/// and writes across the Atlantic to the leader (over 100 ms).
fn reads_near_writes_far(c: &ClassPlan, population: &str, read_ms: f64) {
    let (read, write) = (
        c.read_latency_ms[population],
        c.write_latency_ms[population],
    );
    assert!(
        read < read_ms && write > 100.0,
        "{population}: {read} / {write} ms"
    );
}

/// Chicago and Belgium, half each.
const CHICAGO_BELGIUM: &str = "[users.chicago]\nnear = \"us-central1\"\nshare = 0.5\n\n\
                               [users.belgium]\nnear = \"europe-west1\"\nshare = 0.5\n";

#[test]
fn a_read_only_replica_added_to_eur3_bill() {
    // eur3 (europe-west1 leader, europe-west4, witness europe-north1) lists
    // us-central1 among its optional read-only regions: pinned there.
    let class = "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 item_size = \"1 KiB\"\nconsistency = \"eventual\"\nengine = \"spanner\"\n\
                 topology = \"active-active\"\nprimary = \"europe-west1\"\n\
                 replicas = [\"europe-west4\", \"us-central1\"]\n";
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, class);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("eur3"));
    assert_eq!(c.read_only_added, ["us-central1"]);
    assert_eq!(c.witness.as_deref(), Some("europe-north1"));
    let role = |r: &str| c.roles[c.regions.iter().position(|x| x == r).unwrap()].as_str();
    assert_eq!(role("us-central1"), "read-only replica");
    assert_eq!(role("europe-west1"), "primary");
    // 100 / 15,000 + 10 / 2,700 = 0.010 node → 100 PU, the least.
    assert_eq!(c.capacity.as_ref().unwrap().processing_units, Some(100));
    // The read-only replica gets the instance's 100 PU at Enterprise Plus:
    // 1 × 1 × 730 h × $0.057 = $41.61 at us-central1 (price index 1).
    close(
        line(c, "1 read-only replica x 100 PU", "us-central1"),
        41.61,
    );
    // Its storage: 10 GB × $0.10.
    close(
        line(c, "SSD storage, 1 read-only replica", "us-central1"),
        1.00,
    );
    // Replication from the leader: 10/s × 1,024 B × 2,628,000 s = 26.91 GB
    // at $0.04 = $1.08.
    close(
        line(c, "inter-region replication to us-central1", "europe-west1"),
        1.08,
    );
    // Eventually consistent reads in Chicago are served by the replica
    // there, not from Belgium (the last mile's 40 ms, the service's 5 ms,
    // and the way in); writes still go to the leader.
    reads_near_writes_far(c, "chicago", 50.0);
    // Losing the read-only replica's region stops no write.
    let s = p
        .scenarios
        .iter()
        .find(|s| s.region == "us-central1")
        .unwrap();
    let sc = &s.classes[0];
    assert_eq!(sc.impact, "users re-routed");
    assert_eq!(sc.writes_lost_expected, 0.0);
    assert_eq!(sc.new_primary.as_deref(), Some("europe-west1"));
    // The Terraform builds the custom configuration on eur3 and puts the
    // instance on it.
    let files = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "data-d.tf").unwrap().text;
    assert!(tf.contains("base_config  = \"eur3\""), "{tf}");
    assert!(
        tf.contains(
            "location                = \"us-central1\"\n    type                    = \"READ_ONLY\""
        ),
        "{tf}"
    );
    assert!(
        tf.contains("config                       = google_spanner_instance_config.d.name"),
        "{tf}"
    );
}

#[test]
fn read_only_replicas_serve_stale_reads_only() {
    // Chicago and Belgium each want reads within 60 ms (the last mile
    // takes 40), writes anywhere.
    let class = |consistency: &str| {
        format!(
            "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
             item_size = \"1 KiB\"\nconsistency = \"{consistency}\"\nrpo = \"0s\"\n\
             engine = \"spanner\"\nread_latency = \"60ms\"\n"
        )
    };
    // Stale reads: a published configuration on one side, a read-only
    // replica added on the other, every population served nearby.
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, &class("bounded-staleness"));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert!(!c.read_only_added.is_empty(), "{}", c.design);
    let engine = &catalog().engines;
    let spanner = engine.iter().find(|e| e.id == "spanner").unwrap();
    let conf = spanner
        .configurations
        .iter()
        .find(|k| Some(k.name.as_str()) == c.configuration.as_deref())
        .unwrap();
    // Only where the base configuration allows one.
    let cat = catalog();
    for r in &c.read_only_added {
        let index = cat.regions.iter().position(|x| &x.id == r).unwrap();
        assert!(
            conf.optional_read_only.contains(&index),
            "{r} on {}",
            conf.name
        );
    }
    // Strong reads go to the leader: a read-only replica would serve none,
    // so none is added, and one side of the Atlantic misses its budget.
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, &class("strong"));
    let c = &p.classes[0];
    assert!(!c.feasible);
    no_read_only_replica(c);
}

#[test]
fn published_configurations_with_read_only_replicas_bill_theirs() {
    // nam9: us-east4 (leader) and us-central1 read-write, two read-only
    // replicas in us-west1, witness us-east1; no other configuration has
    // those voting regions, so the pins name nam9 itself.
    let class = "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
                 item_size = \"1 KiB\"\nconsistency = \"strong\"\nengine = \"spanner\"\n\
                 topology = \"active-active\"\nprimary = \"us-east4\"\n\
                 replicas = [\"us-central1\", \"us-west1\"]\nwitness = \"us-east1\"\n";
    let users = "[users.oregon]\nnear = \"us-west1\"\nshare = 1.0\n";
    let p = plan("\"gcp\"", users, class);
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("nam9"));
    // Its own replicas, nothing added: the plain published configuration.
    assert!(c.read_only_added.is_empty());
    // Two replicas × 100 PU: 2 × 730 h × $0.057 = $83.22 (us-west1's price
    // index is 1: its n2-standard-2 costs us-central1's).
    close(line(c, "2 read-only replicas x 100 PU", "us-west1"), 83.22);
    // Storage in both: 10 GB × 2 × $0.10.
    close(
        line(c, "SSD storage, 2 read-only replicas", "us-west1"),
        2.00,
    );
    // Strong reads are the leader's, even from Oregon next to a replica.
    assert!(
        c.read_latency_ms["oregon"] > 40.0,
        "{:?}",
        c.read_latency_ms
    );
    // No custom configuration: the Terraform names nam9.
    let files = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "data-d.tf").unwrap().text;
    assert!(
        tf.contains("config                       = \"nam9\""),
        "{tf}"
    );
    assert!(!tf.contains("google_spanner_instance_config"), "{tf}");
}

#[test]
fn a_read_only_replica_cannot_share_a_voting_region() {
    // nam11's optional read-only region moved onto its read-write us-east1.
    let messages = spanner_toml_errors(
        "ro",
        "optional_read_only = [\"us-west1\"]\nsource = \"[CONF] nam11",
        "optional_read_only = [\"us-east1\"]\nsource = \"[CONF] nam11",
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "configuration \"nam11\": us-east1 is listed twice among its regions"),
        "{messages:?}"
    );
}

/// Eventually consistent reads within 60 ms in Chicago and Belgium, writes
/// anywhere, no recovery target: one read-write region is enough.
const STALE_READS_NEARBY: &str = "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 100\n\
                                  writes_per_sec = 10\nitem_size = \"1 KiB\"\n\
                                  consistency = \"eventual\"\nengine = \"spanner\"\n\
                                  read_latency = \"60ms\"\navailability = \"99.9%\"\n";

#[test]
fn a_regional_configuration_takes_a_read_only_replica_on_the_enterprise_edition() {
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, STALE_READS_NEARBY);
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    // A custom configuration on regional-us-central1 with europe-west1 (in
    // its Optional Region column), not a multi-region configuration: one
    // read-write region, no witness.
    assert_eq!(c.topology.as_str(), "single-region");
    assert_eq!(c.configuration.as_deref(), Some("regional-us-central1"));
    assert_eq!(c.read_only_added, ["europe-west1"]);
    assert_eq!(c.witness, None);
    let role = |r: &str| c.roles[c.regions.iter().position(|x| x == r).unwrap()].as_str();
    assert_eq!(role("europe-west1"), "read-only replica");
    assert_eq!(role("us-central1"), "primary");
    // Every replica on the Enterprise edition ($0.041 per 100 PU-hour):
    // three read-write ones, 3 × 730 h × $0.041 = $89.79 in us-central1
    // (price index 1), one read-only, 730 h × $0.041 × europe-west1's index.
    let cat = catalog();
    let index = |r: &str| cat.regions.iter().find(|x| x.id == r).unwrap().price_index;
    close(
        line(
            c,
            "3 read-write replicas x 100 PU (Enterprise)",
            "us-central1",
        ),
        89.79,
    );
    close(
        line(
            c,
            "1 read-only replica x 100 PU (Enterprise)",
            "europe-west1",
        ),
        730.0 * 0.041 * index("europe-west1"),
    );
    close(line(c, "SSD storage, 3 replicas", "us-central1"), 3.00);
    // Replication from the one read-write region: 26.91 GB at $0.04.
    close(
        line(c, "inter-region replication to europe-west1", "us-central1"),
        1.08,
    );
    // Belgium reads from its replica, writes go to Iowa.
    reads_near_writes_far(c, "belgium", 60.0);
    // Still a single region's recovery: the read-only replica cannot take
    // writes.
    assert!(c.rto_s.is_infinite() && c.rpo_bound_s.is_infinite());
    assert!(
        c.rpo_bound.contains("cannot be promoted"),
        "{}",
        c.rpo_bound
    );
    // Losing Belgium moves its readers to Iowa after the checks fail and the
    // DNS answer expires; losing Iowa stops the class.
    let scenario = |r: &str| &p.scenarios.iter().find(|s| s.region == r).unwrap().classes[0];
    let belgium = scenario("europe-west1");
    assert_eq!(belgium.impact, "users re-routed");
    assert!(belgium.downtime_s > 0.0 && belgium.downtime_s.is_finite());
    close(belgium.affected_share, 0.5);
    assert_eq!(belgium.writes_lost_expected, 0.0);
    assert_eq!(belgium.new_primary.as_deref(), Some("us-central1"));
    assert_eq!(scenario("us-central1").impact, "down");
    // The Terraform builds the custom configuration on the regional one,
    // on the Enterprise edition.
    let files = meridian::render::terraform::render(&p, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "data-d.tf").unwrap().text;
    assert!(
        tf.contains("base_config  = \"regional-us-central1\""),
        "{tf}"
    );
    assert!(
        tf.contains("edition                      = \"ENTERPRISE\""),
        "{tf}"
    );
    assert!(tf.contains("three zones of us-central1"), "{tf}");
}

#[test]
fn strong_reads_take_no_regional_read_only_replica() {
    // The same class with strong reads: a read-only replica would serve
    // none of them, so the design has none and stays on the Standard
    // edition (Belgium misses its budget from Iowa, or a multi-region
    // configuration serves it).
    let class = STALE_READS_NEARBY.replace("eventual", "strong");
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, &class);
    let c = &p.classes[0];
    no_read_only_replica(c);
}

#[test]
fn a_single_region_pins_read_only_replicas_from_its_optional_regions_only() {
    // asia-south1 is in regional-us-central1's Optional Region column.
    let pinned = |replicas: &str| {
        format!(
            "{STALE_READS_NEARBY}topology = \"single-region\"\nprimary = \"us-central1\"\n\
             replicas = [{replicas}]\n"
        )
    };
    let p = plan("\"gcp\"", CHICAGO_BELGIUM, &pinned("\"asia-south1\""));
    let c = &p.classes[0];
    assert_eq!(c.configuration.as_deref(), Some("regional-us-central1"));
    assert_eq!(c.read_only_added, ["asia-south1"]);
    // us-east1 is not: no regional configuration adds it to us-central1.
    let e = errors("\"gcp\"", CHICAGO_BELGIUM, &pinned("\"us-east1\""));
    assert!(
        e.contains("spanner single-region designs take read-only replicas only where a regional configuration led from the primary lists them; none takes us-east1"),
        "{e}"
    );
    // The help names the regional configurations and where each may add one.
    assert!(
        e.contains(
            "regional-us-central1 (primary us-central1; read-only in asia-northeast1, asia-south1"
        ),
        "{e}"
    );
    // Nor may a multi-region design be pinned on a regional
    // configuration's regions.
    let e = errors(
        "\"gcp\"",
        CHICAGO_BELGIUM,
        &format!(
            "{STALE_READS_NEARBY}topology = \"active-active\"\nprimary = \"us-central1\"\n\
             replicas = [\"europe-west1\"]\n"
        ),
    );
    assert!(e.contains("published configurations"), "{e}");
}
