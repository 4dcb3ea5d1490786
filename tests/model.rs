//! The model against figures computed by hand from the catalog's published
//! prices and recovery figures (the arithmetic is in the comments). Each
//! test pins a design so the numbers do not depend on the search.

mod common;

use common::catalog;

use common::{close, line};

use meridian::catalog;
use meridian::plan::Plan;

fn plan(body: &str) -> Plan {
    let spec = format!(
        "name = \"hand\"\n\n[users.east]\nnear = \"us-east-1\"\nshare = 1.0\n\n[data.d]\n{body}"
    );
    meridian::plan_text("hand.toml", &spec, &catalog()).unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn dynamodb_single_region_bill() {
    // A spiky load (peak 4x the average): provisioned capacity would be
    // 100 x 4 / 0.7 = 572 WCU x $0.4745 + 1,143 RCU x $0.0949 = $379.88,
    // dearer than on-demand's $229.95 below, so the plan is on-demand.
    let p = plan(
        "kind = \"key-value\"\nsize = \"10 GB\"\nreads_per_sec = 200\nwrites_per_sec = 100\nitem_size = \"1 KiB\"\n\
         peak_to_average = 4\n\
         engine = \"dynamodb\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n",
    );
    let c = &p.classes[0];
    // Storage: 10 GB × $0.25 = $2.50.
    close(line(c, "table storage", "us-east-1"), 2.50);
    // Writes: 100/s × 2,628,000 s = 262.8M WRU (1 KiB = 1 unit) × $0.625/M = $164.25.
    close(line(c, "write request units", "us-east-1"), 164.25);
    // Strong reads: 200/s × 2,628,000 = 525.6M RRU × $0.125/M = $65.70.
    close(line(c, "read request units", "us-east-1"), 65.70);
    close(c.monthly_usd.usd(), 2.50 + 164.25 + 65.70);
    assert_eq!(c.capacity.as_ref().unwrap().mode.as_str(), "on-demand");
    // A single region: nothing survives its loss.
    assert!(c.rpo_s.is_infinite() && c.rto_s.is_infinite());
}

#[test]
fn aurora_hot_standby_bill_and_recovery() {
    let p = plan(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\nitem_size = \"1 KiB\"\n\
         engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\n\
         primary = \"us-east-1\"\nreplicas = [\"us-east-2\"]\n",
    );
    let c = &p.classes[0];
    // Sizing: (100/5000 + 10/1000) / 0.6 = 0.05 vCPU → the minimum, 2 × db.r6g.large.
    assert_eq!(c.instance.as_ref().unwrap().class, "db.r6g.large");
    assert_eq!(c.instance.as_ref().unwrap().per_full_region, 2);
    // Instances: $0.26 × 730 h × 2 = $379.60 in each region (us-east-2 index 1.0).
    close(line(c, "instance", "us-east-1"), 379.60);
    close(line(c, "instance", "us-east-2"), 379.60);
    // Cluster storage: 100 GB × $0.10 = $10.00 per region.
    close(line(c, "cluster storage", "us-east-1"), 10.00);
    // Write I/O: 10/s × 2,628,000 = 26.28M × $0.20/M = $5.256.
    close(line(c, "write I/O", "us-east-1"), 5.26);
    // Read I/O: 100/s × 2,628,000 × 5% misses = 13.14M × $0.20/M = $2.628.
    close(line(c, "read I/O", "us-east-1"), 2.63);
    // Replicated write I/O in the secondary: 26.28M × $0.20/M.
    close(line(c, "replicated write I/O", "us-east-2"), 5.26);
    // Log shipping: 10/s × 1,024 B × 2,628,000 s = 26.91 GB × $0.01 (us-east-1→us-east-2).
    close(line(c, "replication transfer", "us-east-1"), 0.27);
    close(
        c.monthly_usd.usd(),
        379.60 * 2.0 + 10.0 * 2.0 + 5.26 + 2.63 + 5.26 + 0.27 + 2.0 * 0.50,
    );
    // RTO: detection 30 s × 3 + promotion 60 s + DNS TTL 60 s = 210 s; RPO: lag 1 s.
    assert_eq!(c.rto_s, 210.0);
    assert_eq!(c.rpo_s, 1.0);
    // Availability: us-east-1 fails 0.67×/year for a mean 8.93 h; failover caps
    // each outage at E[min(D, 210 s)] = 8.93 × (1 − e^(−0.058333/8.93)) = 0.058143 h;
    // 0.67 × 0.058143 = 0.038956 h/year; AZ events 0.0095/year × 60 s Multi-AZ
    // failover = 0.000158 h → 1 − 0.039114/8760 = 0.99999553.
    assert!(
        (c.availability - 0.999_995_53).abs() < 1e-8,
        "{}",
        c.availability
    );
    // Latency of a user next to us-east-1: intra-region p50 5.349 ms × 1.2 tail
    // + 40 ms last mile p99 + 5 ms read service = 51.42 ms; write + 10 ms = 56.42.
    assert!((c.read_latency_ms["east"] - 51.4).abs() < 0.05);
    assert!((c.write_latency_ms["east"] - 56.4).abs() < 0.05);
}

#[test]
fn single_region_availability_is_the_regional_outage_rate() {
    let p = plan(
        "kind = \"relational\"\nsize = \"10 GB\"\nengine = \"rds-postgresql\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n",
    );
    // 0.67 outages/year × 8.93 h = 5.9831 h/year, plus 0.0095 AZ events ×
    // 120 s Multi-AZ failover = 0.000317 h → 1 − 5.98342/8760 = 0.99931696.
    assert!((p.classes[0].availability - 0.999_316_96).abs() < 1e-8);
    let p = plan(
        "kind = \"relational\"\nsize = \"10 GB\"\nengine = \"rds-postgresql\"\ntopology = \"single-region\"\nprimary = \"eu-west-1\"\n",
    );
    // Other regions: 0.015 × 8.93 = 0.13395 h/year + 0.000317 h → 0.99998467.
    assert!((p.classes[0].availability - 0.999_984_67).abs() < 1e-8);
}

#[test]
fn dsql_multi_region_bill_uses_aws_worked_examples() {
    let p = plan(
        "kind = \"relational\"\nsize = \"10 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\nitem_size = \"100 B\"\n\
         rpo = \"0s\"\nengine = \"aurora-dsql\"\nreplicas = [\"us-east-1\", \"us-east-2\"]\nwitness = \"us-west-2\"\n",
    );
    let c = &p.classes[0];
    assert_eq!(c.regions, vec!["us-east-1", "us-east-2"]);
    assert_eq!(c.witness.as_deref(), Some("us-west-2"));
    // Point read (AWS example): 0.003 compute + 2,048 B × 0.00000183105 = 0.00675 DPU.
    // 100/s × 2,628,000 = 262.8M reads × 0.00675 = 1.7739M DPU × $8 = $14.19 (all at us-east-1).
    close(line(c, "read DPUs", "us-east-1"), 14.19);
    // Single-row insert (AWS example): 0.008 + 0.00375 + 1,024 B × 0.00004883 = 0.06175 DPU.
    // 10/s × 2,628,000 = 26.28M × 0.06175 = 1.62279M DPU × $8 = $12.98, and as much
    // again as MultiRegionWriteDPU for the one peer.
    close(line(c, "write DPUs", "us-east-1"), 12.98);
    close(line(c, "multi-Region write DPUs", "us-east-1"), 12.98);
    // Storage in both peered clusters, none for the witness: 10 GB × $0.33.
    close(line(c, "storage", "us-east-1"), 3.30);
    close(line(c, "storage", "us-east-2"), 3.30);
    assert!(!c.cost.iter().any(|l| l.region == "us-west-2"));
    assert_eq!(c.rpo_s, 0.0);
    // Active-active: detection 90 s + DNS TTL 60 s, no promotion.
    assert_eq!(c.rto_s, 150.0);
    // A write from us-east-1 commits after a round trip to the nearer of the
    // peer (us-east-2, p50 14.668 ms) and the witness: p99 ×1.2 = 17.60 ms;
    // 5.349 × 1.2 + 40 + 17.60 + 15 ms service = 79.02 ms.
    assert!(
        (c.write_latency_ms["east"] - 79.0).abs() < 0.1,
        "{}",
        c.write_latency_ms["east"]
    );
}

#[test]
fn s3_replication_bill() {
    let p = plan(
        "kind = \"object\"\nsize = \"1000 GB\"\nreads_per_sec = 10\nwrites_per_sec = 1\nitem_size = \"1 MB\"\n\
         consistency = \"eventual\"\nengine = \"s3\"\ntopology = \"active-passive\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]\n",
    );
    let c = &p.classes[0];
    // Storage: 1,000 GB × $0.023 = $23.00 per copy.
    close(line(c, "Standard storage", "us-east-1"), 23.00);
    close(line(c, "Standard storage", "us-west-2"), 23.00);
    // PUTs: 1/s × 2,628,000 = 2,628 thousand × $0.005 = $13.14, again at the replica.
    close(line(c, "PUT requests", "us-east-1"), 13.14);
    close(line(c, "replication PUT requests", "us-west-2"), 13.14);
    // Replicated bytes: 1/s × 1 MB × 2,628,000 s = 2,628 GB; transfer × $0.02 = $52.56;
    // RTC × $0.015 = $39.42.
    close(line(c, "replication transfer", "us-east-1"), 52.56);
    close(line(c, "Replication Time Control", "us-east-1"), 39.42);
    // RPO: RTC's 15 minutes.
    assert_eq!(c.rpo_s, 900.0);
}

#[test]
fn backup_restore_recovery_from_size() {
    let p = plan(
        "kind = \"relational\"\nsize = \"540 GB\"\nengine = \"aurora-postgresql\"\nstandby = \"backup-restore\"\n\
         primary = \"us-east-1\"\nreplicas = [\"us-west-2\"]\n",
    );
    let c = &p.classes[0];
    // RPO: the hourly backup copy.
    assert_eq!(c.rpo_s, 3600.0);
    // RTO: 90 s detection + 1,800 s fixed + 540,000 MB / 150 MB/s = 3,600 s + 60 s TTL = 5,550 s.
    assert_eq!(c.rto_s, 5550.0);
    // Backup copy storage in us-west-2: 540 GB × $0.021 (index 1.0) = $11.34.
    close(line(c, "backup copy storage", "us-west-2"), 11.34);
}

#[test]
fn rds_multi_az_and_cross_region_replica_bill() {
    let p = plan(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\n\
         engine = \"rds-postgresql\"\nstandby = \"hot-standby\"\nprimary = \"us-east-1\"\nreplicas = [\"us-west-2\"]\n",
    );
    let c = &p.classes[0];
    // Sizing: (100/5000 + 10/800) / 0.6 = 0.054 vCPU → one db.r6g.large.
    // Multi-AZ primary: $0.225 × 730 h × 2 (primary and standby billed) = $328.50.
    close(line(c, "Multi-AZ instance", "us-east-1"), 328.50);
    // Multi-AZ gp3: 100 GB × $0.23 = $23.00.
    close(line(c, "Multi-AZ gp3 storage", "us-east-1"), 23.00);
    // Single-AZ replica of the same class: $0.225 × 730 = $164.25 (us-west-2 index 1.0).
    close(line(c, "read replica", "us-west-2"), 164.25);
    close(line(c, "gp3 storage", "us-west-2"), 11.50);
    // Replication: 10/s × 1,024 B × 2,628,000 s = 26.91 GB × $0.02 = $0.54.
    close(line(c, "replication transfer", "us-east-1"), 0.54);
    // RTO: detection 90 s + promotion 300 s ('a few minutes') + TTL 60 s.
    assert_eq!(c.rto_s, 450.0);
    assert_eq!(c.rpo_s, 30.0);
}

#[test]
fn valkey_shards_by_memory() {
    let p = plan(
        "kind = \"cache\"\nsize = \"20 GB\"\nreads_per_sec = 4000\nwrites_per_sec = 400\nconsistency = \"eventual\"\n\
         engine = \"elasticache-valkey\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n",
    );
    let c = &p.classes[0];
    // 20 GB = 18.63 GiB. Usable memory (75%): m7g.large 4.785 GiB → 4 shards ×
    // $0.1264 = $0.5056/h; r7g.large 9.80 GiB → 2 × $0.1752 = $0.3504/h;
    // r7g.xlarge 19.74 GiB → 1 × $0.3496 = $0.3496/h: the cheapest.
    let instance = c.instance.as_ref().unwrap();
    assert_eq!(
        (instance.class.as_str(), instance.per_full_region),
        ("cache.r7g.xlarge", 1)
    );
    // A primary and a replica node per shard: 2 × $0.3496 × 730 h = $510.42.
    close(c.monthly_usd.usd(), 510.42);
}

#[test]
fn quorum_commit_waits_for_the_nearest_other_voter() {
    let p = plan(
        "kind = \"relational\"\nsize = \"100 GB\"\nreads_per_sec = 100\nwrites_per_sec = 10\nrpo = \"0s\"\n\
         engine = \"quorum-ec2\"\nprimary = \"us-east-1\"\nreplicas = [\"us-east-2\", \"us-west-2\"]\n",
    );
    let c = &p.classes[0];
    assert_eq!(c.leader.as_deref(), Some("us-east-1"));
    assert_eq!(c.primary, None);
    // (100/2000 + 10/300) / 0.6 = 0.14 vCPU → the minimum, 3 × m6i.xlarge per region:
    // $0.192 × 730 × 3 = $420.48; gp3 100 GB × 1.5 headroom × $0.08 = $12.00.
    for region in ["us-east-1", "us-east-2", "us-west-2"] {
        close(line(c, "node", region), 420.48);
        close(line(c, "EBS gp3", region), 12.00);
    }
    // The Raft log: 26.91 GB to us-east-2 at $0.01 and to us-west-2 at $0.02.
    close(line(c, "Raft log transfer to us-east-2", "us-east-1"), 0.27);
    close(line(c, "Raft log transfer to us-west-2", "us-east-1"), 0.54);
    // Write from next to us-east-1: 5.349 × 1.2 + 40 ms last mile + the nearer
    // voter us-east-2 (14.668 × 1.2 = 17.60 ms) + 15 ms = 79.02 ms.
    assert!(
        (c.write_latency_ms["east"] - 79.0).abs() < 0.1,
        "{}",
        c.write_latency_ms["east"]
    );
    // Losing the leader: detection 90 s + lease expiry 9 s + TTL 60 s.
    assert_eq!(c.rto_s, 159.0);
}

#[test]
fn every_catalog_figure_is_cited_or_derived() {
    fn walk(file: &str, path: &str, value: &toml::Value, missing: &mut Vec<String>) {
        match value {
            toml::Value::Table(t) => {
                if t.contains_key("value")
                    && !t.contains_key("source")
                    && !t.contains_key("derived")
                {
                    missing.push(format!("{file}: {path}"));
                }
                for (k, v) in t {
                    walk(file, &format!("{path}.{k}"), v, missing);
                }
            }
            toml::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(file, &format!("{path}[{i}]"), v, missing);
                }
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    let mut figures = 0;
    for (file, text) in catalog::EMBEDDED_FILES {
        let value: toml::Value = toml::from_str(text).unwrap();
        figures += text.matches("value =").count();
        walk(file, "", &value, &mut missing);
    }
    assert!(figures > 100, "{figures}");
    assert!(
        missing.is_empty(),
        "figures without a source or derivation: {missing:#?}"
    );
}
