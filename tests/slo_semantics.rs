//! What latency SLOs measure (end-user against service-side p99) and
//! infeasibility that explains itself (the nearest design misses the fewest
//! SLOs; impossible SLOs carry a bound that holds for every design), with
//! the arithmetic in comments (issue 11).

mod common;

use common::catalog;

use meridian::plan::Plan;

fn plan(text: &str) -> Plan {
    meridian::plan_text("t.toml", text, &catalog()).unwrap_or_else(|e| panic!("{e:?}"))
}

const PROFILES: &str = r#"name = "svc"
regions = ["us-east-1"]

[users.east]
near = "us-east-1"
share = 1

[data.profiles]
kind = "key-value"
size = "10 GB"
reads_per_sec = 100
consistency = "eventual"
read_latency = "20ms"
"#;

#[test]
fn a_service_side_budget_is_met_in_one_region_and_both_latencies_are_shown() {
    let p = plan(&format!("{PROFILES}latency_at = \"service\"\n"));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.regions, vec!["us-east-1"]);
    assert_eq!(c.engine, "dynamodb");
    // Service-side: the service runs in us-east-1 beside the table: one
    // cross-AZ round trip, p99 2.5 ms (catalog network.toml), + DynamoDB's
    // 10 ms read p99 = 12.5 ms, within 20 ms.
    assert_eq!(c.service_read_latency_ms["east"], 12.5);
    assert_eq!(c.service_region["east"], "us-east-1");
    // End-user: the measured us-east-1 p50 5.349 ms × 1.2 + the last mile
    // p99 40 ms + 10 ms = 56.4 ms.
    assert_eq!(c.user_read_latency_ms["east"], 56.4);
    // The SLO bounds the service-side figure.
    assert_eq!(c.read_latency_ms["east"], 12.5);
    // The same budget on the end-user p99 cannot be met by any design: the
    // last mile alone (40 ms) is over it.
    let p = plan(PROFILES);
    let c = &p.classes[0];
    assert!(!c.feasible);
    let v = &c.violations[0];
    assert!(v.impossible, "{v:?}");
    assert!(v.why.contains("the last mile p99 40ms"), "{}", v.why);
    assert!(v.bound_ms.unwrap() >= 40.0);
}

#[test]
fn a_populations_own_last_mile_is_used() {
    // A population of clients inside a data centre: last mile p99 1 ms.
    let p = plan(&PROFILES.replace("share = 1\n", "share = 1\nlast_mile_p99 = \"1ms\"\n"));
    let c = &p.classes[0];
    // 5.349 × 1.2 + 1 + 10 = 17.4 ms, within 20 ms.
    assert_eq!(c.user_read_latency_ms["east"], 17.4);
    assert!(c.feasible, "{:?}", c.violations);
}

#[test]
fn the_nearest_design_misses_the_fewest_slos() {
    // Four continents, active-active, 60 ms reads and writes everywhere and
    // RTO 1 min, with Route 53 the only traffic mechanism allowed: fast
    // checks 30 s + DNS TTL 60 s = 90 s, so no design meets the RTO (Global
    // Accelerator would: tests/traffic.rs). A two-region design misses
    // the RTO and the latency SLOs; the four-region one misses only the RTO.
    let p = plan(
        r#"name = "game"
[users.na]
near = "us-east-1"
share = 0.3
[users.eu]
near = "eu-west-1"
share = 0.3
[users.asia]
near = "ap-northeast-1"
share = 0.25
[users.oceania]
near = "ap-southeast-2"
share = 0.15
[data.leaderboard]
kind = "key-value"
size = "50 GB"
reads_per_sec = 2000
writes_per_sec = 500
consistency = "eventual"
conflicts = "crdt"
rto = "1m"
read_latency = "60ms"
write_latency = "60ms"
traffic = ["route53"]
"#,
    );
    let c = &p.classes[0];
    assert!(!c.feasible);
    let missed: Vec<&str> = c.violations.iter().map(|v| v.slo.as_str()).collect();
    assert_eq!(missed, vec!["rto"], "{:?}", c.violations);
    assert_eq!(
        c.regions,
        vec!["ap-northeast-1", "ap-southeast-2", "eu-west-1", "us-east-1"]
    );
    // Every population is served from its own continent.
    for (who, region) in [("na", "us-east-1"), ("asia", "ap-northeast-1")] {
        assert_eq!(c.read_from[who], region);
    }
    // What relaxing the one missed SLO would take.
    assert_eq!(c.tradeoffs[0].slo, "rto");
    assert_eq!(c.tradeoffs[0].relaxed_to, "2.5m");
}

#[test]
fn one_writer_for_the_us_and_japan_within_20ms_is_impossible() {
    // Clients in data centres (last mile 1 ms) in Virginia and Tokyo, one
    // writer. Light in fibre between us-east-1 and ap-northeast-1 is about
    // 2 × 10,900 km ÷ 204.2 km/ms ≈ 107 ms round trip, so some population
    // is at least about half of that from any single writer; synchronous
    // engines keep both peers in one Region set (US or Asia), so one
    // population is as far.
    let p = plan(
        r#"name = "usjp"
[users.us]
near = "us-east-1"
share = 0.5
last_mile_p99 = "1ms"
[users.jp]
near = "ap-northeast-1"
share = 0.5
last_mile_p99 = "1ms"
[data.ledger]
kind = "relational"
size = "10 GB"
reads_per_sec = 10
writes_per_sec = 10
write_latency = "20ms"
"#,
    );
    let c = &p.classes[0];
    assert!(!c.feasible);
    assert!(!c.violations.is_empty());
    for v in &c.violations {
        assert!(v.slo.starts_with("write_latency"), "{v:?}");
        assert!(v.impossible, "{v:?}");
        let bound = v.bound_ms.unwrap();
        assert!((50.0..120.0).contains(&bound), "{bound}");
        assert!(v.why.contains("single-writer data"), "{}", v.why);
        assert!(v.why.contains("Region set"), "{}", v.why);
    }
    // With last-writer-wins conflicts each population may write locally:
    // no longer impossible by geometry (only the last mile and service time
    // bound it).
    let p = plan(
        r#"name = "usjp"
[users.us]
near = "us-east-1"
share = 0.5
last_mile_p99 = "1ms"
[users.jp]
near = "ap-northeast-1"
share = 0.5
last_mile_p99 = "1ms"
[data.ledger]
kind = "key-value"
size = "10 GB"
writes_per_sec = 10
consistency = "eventual"
conflicts = "last-writer-wins"
write_latency = "20ms"
"#,
    );
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.regions.len(), 2);
}

#[test]
fn rpo_zero_with_a_write_budget_below_a_second_region_is_impossible() {
    // RPO 0 needs a second copy before a write is acknowledged; within
    // Europe the nearest pair of regions is still a few ms of fibre apart,
    // plus the last mile 40 ms and service time: 30 ms cannot be met.
    let p = plan(
        r#"name = "rpo0"
regions = ["eu-west-1", "eu-west-2", "eu-central-1"]
[users.eu]
near = "eu-west-1"
share = 1
[data.ledger]
kind = "relational"
size = "10 GB"
writes_per_sec = 10
rpo = "0s"
write_latency = "30ms"
"#,
    );
    let c = &p.classes[0];
    let v = c
        .violations
        .iter()
        .find(|v| v.slo.starts_with("write_latency"))
        .unwrap();
    assert!(v.impossible, "{v:?}");
    assert!(v.why.contains("RPO 0 needs two copies"), "{}", v.why);
}

#[test]
fn each_population_is_argued_from_its_own_geometry_and_the_worst_apart() {
    // Europe and Australia, one writer, RPO 0 (tests/specs/impossible.toml):
    // Europe's write budget of 80 ms fails on its own geometry (eu-west-1
    // and on to a second region for the RPO, + the last mile 40 ms), not
    // on Australia's distance from a shared writer; the sessions' 4 ms is
    // below the last mile alone.
    let text = std::fs::read_to_string("tests/specs/impossible.toml").unwrap();
    let p = plan(&text);
    for c in &p.classes {
        for v in &c.violations {
            for bad in ["inf", "NaN"] {
                assert!(!v.why.contains(bad), "{}: {bad} in {}", c.name, v.why);
            }
        }
    }
    let ledger = p.classes.iter().find(|c| c.name == "ledger").unwrap();
    let europe = ledger
        .violations
        .iter()
        .find(|v| v.slo == "write_latency:europe")
        .expect("europe's writes miss");
    assert!(europe.impossible, "{europe:?}");
    assert!(europe.why.contains("for europe"), "{}", europe.why);
    assert!(!europe.why.contains("australia"), "{}", europe.why);
    let sessions = p.classes.iter().find(|c| c.name == "sessions").unwrap();
    for v in &sessions.violations {
        assert!(
            v.impossible && v.why.contains("the last mile p99 40ms"),
            "{v:?}"
        );
    }
    // Relax RPO and reads: each population alone could write within 150 ms
    // (next to its region), but no single writer serves both: the worst
    // population is at least ~200 ms away (us-east-1 to Sydney), so the
    // violation is impossible for every population at once, and says so.
    let relaxed = text
        .replace("rpo = \"0s\"", "rpo = \"5m\"")
        .replace("write_latency = \"80ms\"", "write_latency = \"150ms\"")
        .replace("read_latency = \"80ms\"", "read_latency = \"400ms\"");
    let p = plan(&relaxed);
    let ledger = p.classes.iter().find(|c| c.name == "ledger").unwrap();
    let writes: Vec<_> = ledger
        .violations
        .iter()
        .filter(|v| v.slo.starts_with("write_latency"))
        .collect();
    assert!(!writes.is_empty(), "{:?}", ledger.violations);
    for v in writes {
        assert!(v.impossible, "{v:?}");
        assert!(
            v.why
                .contains("no design keeps every population's write p99 within 150ms"),
            "{}",
            v.why
        );
        assert!(v.bound_ms.unwrap() > 150.0, "{v:?}");
    }
}
