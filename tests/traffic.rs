//! The routing layer (issue 10): each traffic mechanism's RTO phases
//! against hand-computed timings from the catalog's cited figures, who
//! acts in each runbook phase, operator failover, the control-plane rule,
//! and the four-continent active-active class that only a mechanism without
//! a DNS TTL makes feasible.

mod common;

use common::catalog;

use meridian::plan::{ClassPlan, Plan};

fn plan_of(text: &str) -> Plan {
    meridian::plan_text("t.toml", text, &catalog()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn plan(class: &str) -> Plan {
    plan_of(&common::tiny_spec(class))
}

/// (phase, seconds) of each RTO step.
fn phases(c: &ClassPlan) -> Vec<(String, f64)> {
    c.rto_steps
        .iter()
        .map(|s| {
            (
                serde_json::to_value(s.phase)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string(),
                s.seconds,
            )
        })
        .collect()
}

fn sum(c: &ClassPlan, phase: &str) -> f64 {
    phases(c)
        .iter()
        .filter(|(p, _)| p == phase)
        .map(|(_, s)| s)
        .sum()
}

/// Active-active DynamoDB (nothing to promote), pinned to two regions.
const AA: &str = "kind = \"key-value\"\nsize = \"20 GB\"\nreads_per_sec = 200\nwrites_per_sec = 50\n\
    consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\nengine = \"dynamodb\"\n\
    topology = \"active-active\"\nprimary = \"us-east-2\"\nreplicas = [\"eu-west-1\"]\n";

/// Aurora PostgreSQL hot standby (promotion 60 s, catalog).
const AP: &str = "kind = \"relational\"\nsize = \"50 GB\"\nreads_per_sec = 200\nwrites_per_sec = 50\n\
    engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\n\
    primary = \"us-east-2\"\nreplicas = [\"us-west-2\"]\n";

#[test]
fn route53_standard_checks_then_the_ttl() {
    // Route 53: 30 s interval × 3 failures = 90 s detect; automatic: 0 s
    // decide; active-active: 0 s promote; TTL 60 s shift. RTO 150 s.
    let p = plan(&format!("{AA}traffic = [\"route53\"]\nrto = \"10m\"\n"));
    let c = &p.classes[0];
    assert_eq!(c.traffic, "route53");
    assert!(!c.fast_health_checks);
    assert_eq!(
        phases(c),
        [
            ("detect".into(), 90.0),
            ("decide".into(), 0.0),
            ("promote".into(), 0.0),
            ("shift".into(), 60.0)
        ]
    );
    assert_eq!(c.rto_s, 150.0);
    assert_eq!(c.failover.as_str(), "automatic");
    assert_eq!(c.decision_s, None);
}

#[test]
fn fast_checks_and_a_shorter_ttl_when_the_rto_needs_them() {
    // RTO 1 min with Route 53 only: fast checks 10 s × 3 = 30 s, and
    // dns_ttl = "20s": 30 + 20 = 50 s ≤ 60 s. With the default 60 s TTL,
    // 30 + 60 = 90 s misses.
    let text = common::tiny_spec(&format!("{AA}traffic = [\"route53\"]\nrto = \"1m\"\n"))
        .replace("name = \"tiny\"", "name = \"tiny\"\ndns_ttl = \"20s\"");
    let p = plan_of(&text);
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert!(c.fast_health_checks);
    assert_eq!(
        (sum(c, "detect"), sum(c, "shift"), c.rto_s),
        (30.0, 20.0, 50.0)
    );
    assert!(
        c.cost
            .iter()
            .any(|l| l.item == "Route 53 health check (fast interval)")
    );
    let p = plan(&format!("{AA}traffic = [\"route53\"]\nrto = \"1m\"\n"));
    assert!(!p.classes[0].feasible);
    assert_eq!(p.classes[0].rto_s, 90.0);
}

#[test]
fn global_accelerator_has_no_ttl_term() {
    // Global Accelerator, fast checks: 10 s × 3 = 30 s detect, no TTL.
    // Fixed fee $0.025/h × 730 h = $18.25.
    let p = plan(&format!(
        "{AA}traffic = [\"global-accelerator\"]\nrto = \"45s\"\n"
    ));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.traffic, "global-accelerator");
    assert_eq!(
        phases(c),
        [
            ("detect".into(), 30.0),
            ("decide".into(), 0.0),
            ("promote".into(), 0.0),
            ("shift".into(), 0.0)
        ]
    );
    let fee = c
        .cost
        .iter()
        .find(|l| l.item.contains("fixed fee"))
        .expect("the accelerator's fixed fee");
    assert_eq!(fee.monthly_usd.usd(), 18.25);
    // The premium: 200 reads/s × 1 KiB × 730 h × 3600 s = 538.2 GB a month
    // at most from one region, at the dearest rate of its geography.
    let premium: Vec<_> = c
        .cost
        .iter()
        .filter(|l| l.item.contains("premium"))
        .collect();
    assert_eq!(premium.len(), 2, "{premium:?}");
}

#[test]
fn client_side_routing_costs_a_timeout_and_is_opt_in() {
    // Client: 2 s connect timeout × 3 attempts = 6 s; no cost lines.
    let p = plan(&format!(
        "{AA}traffic = [\"route53\", \"client\"]\nrto = \"10s\"\n"
    ));
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.traffic, "client");
    assert_eq!(c.rto_s, 6.0);
    assert!(c.traffic_demands.contains("carries the list"));
    assert!(!c.cost.iter().any(|l| l.item.contains("Route 53")));
    // Not allowed by default: the same class without `traffic` uses a
    // mechanism that needs nothing of the application.
    let p = plan(&format!("{AA}rto = \"10m\"\n"));
    assert_ne!(p.classes[0].traffic, "client");
    // And never for a design that must promote a standby.
    let p = plan(&format!("{AP}traffic = [\"route53\", \"client\"]\n"));
    assert_eq!(p.classes[0].traffic, "route53");
}

#[test]
fn an_operator_decision_is_in_the_rto_and_the_runbook() {
    // Operator failover, decision 10 min, Route 53 standard, Aurora hot
    // standby: 90 + 600 + 60 (promotion) + 60 (TTL) = 810 s.
    let p = plan(&format!(
        "{AP}failover = \"operator\"\ndecision_time = \"10m\"\ntraffic = [\"route53\"]\n"
    ));
    let c = &p.classes[0];
    assert_eq!(c.decision_s, Some(600.0));
    assert_eq!(
        phases(c),
        [
            ("detect".into(), 90.0),
            ("decide".into(), 600.0),
            ("promote".into(), 60.0),
            ("shift".into(), 60.0)
        ]
    );
    assert_eq!(c.rto_s, 810.0);
    let actors: Vec<(&str, &str)> = c.runbook.iter().map(|s| (s.phase, s.actor)).collect();
    assert_eq!(
        &actors[..4],
        [
            ("detect", "automatic"),
            ("decide", "operator"),
            ("promote", "operator"),
            ("shift", "operator")
        ]
    );
    // Automatic: no one decides, and the promotion is the team's automation.
    let p = plan(&format!("{AP}traffic = [\"route53\"]\n"));
    let c = &p.classes[0];
    assert_eq!(c.rto_s, 90.0 + 60.0 + 60.0);
    let actors: Vec<(&str, &str)> = c.runbook.iter().map(|s| (s.phase, s.actor)).collect();
    assert_eq!(
        &actors[..4],
        [
            ("detect", "automatic"),
            ("decide", "automatic"),
            ("promote", "automation"),
            ("shift", "automatic")
        ]
    );
}

#[test]
fn the_runbook_seconds_are_the_rto_phases_for_every_example() {
    let mut specs = common::examples();
    specs.push((
        "every-engine".into(),
        std::fs::read_to_string("tests/specs/every-engine.toml").unwrap(),
    ));
    for (name, text) in specs {
        let p = plan_of(&text);
        for c in p.classes.iter().filter(|c| c.regions.len() > 1) {
            for phase in ["detect", "decide", "promote", "shift"] {
                let steps: Vec<_> = c.runbook.iter().filter(|s| s.phase == phase).collect();
                assert!(!steps.is_empty(), "{name}/{}: no {phase} step", c.name);
                let runbook: f64 = steps.iter().filter_map(|s| s.seconds).sum();
                assert!(
                    (runbook - sum(c, phase)).abs() < 1e-9,
                    "{name}/{}: {phase} {runbook} vs {}",
                    c.name,
                    sum(c, phase)
                );
            }
        }
    }
}

#[test]
fn an_operator_switch_through_a_control_plane_in_the_design_is_not_planned() {
    // Route 53 record changes are served from us-east-1: an operator's
    // failover of a design holding us-east-1 cannot rely on them, so ARC
    // routing controls (a data-plane switch, $2.50/h × 730 = $1,825) move
    // the users.
    let class = "kind = \"relational\"\nsize = \"50 GB\"\nreads_per_sec = 200\nwrites_per_sec = 50\n\
        engine = \"aurora-postgresql\"\ntopology = \"active-passive\"\nstandby = \"hot-standby\"\n\
        primary = \"us-east-1\"\nreplicas = [\"us-west-2\"]\nfailover = \"operator\"\n";
    let p = plan(class);
    let c = &p.classes[0];
    assert_eq!(c.traffic, "arc", "{}", c.traffic);
    let fee = c.cost.iter().find(|l| l.item.contains("ARC")).unwrap();
    assert_eq!(fee.monthly_usd.usd(), 1825.0);
    // ARC: the alarm 30 s × 3 = 90 s, the default decision 15 min = 900 s,
    // promotion 60 s, the routing control flipped and the DNS TTL 60 s:
    // 1,110 s, and the operator flips the switch.
    assert_eq!(
        phases(c),
        [
            ("detect".into(), 90.0),
            ("decide".into(), 900.0),
            ("promote".into(), 60.0),
            ("shift".into(), 60.0)
        ]
    );
    assert_eq!(c.rto_s, 1110.0);
    let shift = c.runbook.iter().find(|s| s.phase == "shift").unwrap();
    assert_eq!(shift.actor, "operator");
    assert!(shift.action.contains("routing controls"));
    // Only Route 53 allowed: no mechanism fits, the RTO is unbounded.
    let p = plan(&format!("{class}traffic = [\"route53\"]\nrto = \"1h\"\n"));
    let c = &p.classes[0];
    assert!(c.rto_s.is_infinite());
    assert!(!c.feasible);
}

#[test]
fn four_continents_active_active_with_a_one_minute_rto() {
    // Users on four continents next to regions (last mile 10 ms), reads and
    // writes within 60 ms, RTO 1 min. Route 53 cannot do it (fast checks
    // 30 s + TTL 60 s = 90 s); Global Accelerator's fast checks can
    // (30 s, no TTL). The steps say how.
    let mut text = String::from("name = \"board\"\n");
    for (name, lat, lon, share) in [
        ("north-america", 39.0, -95.0, 0.35),
        ("europe", 50.0, 10.0, 0.30),
        ("asia", 35.68, 139.69, 0.25),
        ("south-america", -23.55, -46.63, 0.10),
    ] {
        text.push_str(&format!(
            "[users.{name}]\nlat = {lat}\nlon = {lon}\nshare = {share}\nlast_mile_p99 = \"10ms\"\n"
        ));
    }
    text.push_str(
        "[data.leaderboard]\nkind = \"key-value\"\nsize = \"50 GB\"\nreads_per_sec = 5000\n\
         writes_per_sec = 1000\nitem_size = \"512 B\"\nconsistency = \"eventual\"\n\
         conflicts = \"last-writer-wins\"\nrpo = \"10s\"\nrto = \"1m\"\n\
         read_latency = \"60ms\"\nwrite_latency = \"60ms\"\n",
    );
    let p = plan_of(&text);
    let c = &p.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.topology.as_str(), "active-active");
    assert_eq!(c.regions.len(), 4);
    assert_eq!(c.traffic, "global-accelerator");
    assert!(c.rto_s <= 60.0);
    assert_eq!(sum(c, "shift"), 0.0);
    assert!(c.rto_steps.iter().any(|s| s.step.contains("no TTL")));
}

#[test]
fn bad_traffic_keys_are_errors_with_the_fix() {
    let cat = catalog();
    let bad = [
        ("traffic = [\"route-53\"]\n", "unknown traffic mechanism"),
        ("traffic = []\n", "traffic is empty"),
        ("traffic = [\"arc\"]\n", "automatic failover needs"),
        (
            "failover = \"operator\"\ntraffic = [\"client\"]\n",
            "operator failover needs",
        ),
        ("failover = \"human\"\n", "unknown failover"),
    ];
    for (keys, message) in bad {
        let text = common::tiny_spec(&format!("{AA}{keys}"));
        let err = meridian::plan_text("t.toml", &text, &cat).unwrap_err();
        let shown = format!("{err:?}");
        assert!(shown.contains(message), "{keys}: {shown}");
    }
    let text =
        common::tiny_spec(AA).replace("name = \"tiny\"", "name = \"tiny\"\ndns_ttl = \"0s\"");
    let err = meridian::plan_text("t.toml", &text, &cat).unwrap_err();
    assert!(format!("{err:?}").contains("dns_ttl"));
}

#[test]
fn readers_of_a_lost_standby_move_after_detect_and_shift() {
    // Aurora hot standby in eu-west-1 serving European reads (session
    // consistency). Losing it moves those readers once the checks fail and
    // traffic shifts; no one decides and nothing is promoted for them.
    // Route 53: 90 s + 60 s TTL = 150 s, even with an operator deciding the
    // primary's failover. Global Accelerator (no TTL), fast checks: 30 s,
    // never -0 (the fuzzer's finding: an empty sum of f64 is -0.0).
    let cat = catalog();
    let class = "kind = \"relational\"\nsize = \"50 GB\"\nreads_per_sec = 200\nwrites_per_sec = 20\n\
        consistency = \"session\"\nengine = \"aurora-postgresql\"\ntopology = \"active-passive\"\n\
        standby = \"hot-standby\"\nprimary = \"us-east-2\"\nreplicas = [\"eu-west-1\"]\n";
    let eu = cat.region_index("eu-west-1").unwrap();
    for (keys, want) in [
        ("traffic = [\"route53\"]\nfailover = \"operator\"\n", 150.0),
        ("traffic = [\"global-accelerator\"]\nrto = \"2m\"\n", 30.0),
    ] {
        let text = common::tiny_spec(&format!("{class}{keys}"));
        let spec = meridian::spec::parse(
            &meridian::diagnostics::SourceFile::new("t.toml", text),
            &cat,
        )
        .unwrap();
        let s = meridian::simulate::fail(&spec, &cat, &[eu]);
        let c = &s.classes[0];
        assert_eq!(c.impact, "reads re-routed", "{keys}");
        assert_eq!(c.downtime_s, want, "{keys}");
        assert!(c.downtime_s.is_sign_positive());
    }
}
