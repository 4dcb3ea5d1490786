//! The nearest design of a class no design can make feasible: the one
//! missing the fewest SLO kinds, then by the least, then the cheapest, over
//! every family; and the joint relaxation that makes it feasible.

use meridian::catalog;

/// Users in North America (Chicago), Europe, Japan and Australia; 60 ms
/// read and write budgets; active-active key-value data; six allowed
/// regions, one per continent. No region serves Chicago within 60 ms
/// (us-east-1 is just over 69 ms away at p99), so no design is feasible; the nearest
/// serves every other population from its own region and misses only
/// North America, by 10 ms.
const FOUR_CONTINENTS: &str = r#"
name = "four-continents"
regions = ["us-east-1", "eu-central-1", "ap-northeast-1", "ap-southeast-2", "sa-east-1", "af-south-1"]

[users.na]
lat = 41.88
lon = -87.63
share = 0.4
[users.eu]
near = "eu-central-1"
share = 0.3
[users.japan]
near = "ap-northeast-1"
share = 0.2
[users.australia]
near = "ap-southeast-2"
share = 0.1

[data.profiles]
kind = "key-value"
size = "50 GB"
reads_per_sec = 2000
writes_per_sec = 200
consistency = "eventual"
conflicts = "last-writer-wins"
rpo = "1m"
rto = "1m"
read_latency = "60ms"
write_latency = "60ms"
"#;

#[test]
fn the_nearest_design_serves_every_population_it_can() {
    let catalog = catalog::load_embedded().unwrap();
    let plan = meridian::plan_text("four.toml", FOUR_CONTINENTS, &catalog).unwrap();
    let c = &plan.classes[0];
    assert!(!c.feasible);
    assert_eq!(c.topology.to_string(), "active-active");
    assert_eq!(
        c.regions,
        [
            "ap-northeast-1",
            "ap-southeast-2",
            "eu-central-1",
            "us-east-1"
        ]
    );
    let missed: Vec<&str> = c.violations.iter().map(|v| v.slo.as_str()).collect();
    assert_eq!(missed, ["read_latency:na", "write_latency:na"]);
    let joint = c.joint_relaxation.as_ref().expect("a joint relaxation");
    assert_eq!(joint.summary, "read and write latency for na 60ms → 70ms");
    assert_eq!(joint.monthly_usd, c.monthly_usd);
    // What a user reads: the plan, explain and the report say it.
    let table = meridian::render::table::render(&plan);
    assert!(
        table.contains("fix: relax together read and write latency for na 60ms → 70ms"),
        "{table}"
    );
    let explain = meridian::render::explain::render(c);
    assert!(
        explain.contains("What it would take (relax these SLOs together): read and write latency for na 60ms → 70ms"),
        "{explain}"
    );
}

/// Relaxing a budget so that the four-region design meets it makes it the
/// chosen design: the joint relaxation is what it says.
#[test]
fn the_joint_relaxation_makes_the_nearest_design_feasible() {
    let catalog = catalog::load_embedded().unwrap();
    let relaxed = FOUR_CONTINENTS
        .replace("read_latency = \"60ms\"", "read_latency = \"70ms\"")
        .replace("write_latency = \"60ms\"", "write_latency = \"70ms\"");
    let plan = meridian::plan_text("four.toml", &relaxed, &catalog).unwrap();
    let c = &plan.classes[0];
    assert!(c.feasible, "{:?}", c.violations);
    assert_eq!(c.regions.len(), 4);
    assert!(c.joint_relaxation.is_none());
}
