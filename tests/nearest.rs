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

/// A strongly consistent class for 32 world populations with 100 ms read
/// budgets (`c36` of `benches/shapes/world-60x32.toml`): no design meets
/// them all, and the nearest is an Aurora DSQL pair. A family of so few
/// designs is searched whole: the plan's design misses the budgets by no
/// more than any DSQL design pinned by hand (each pair of a Region set,
/// each witness). Pruned by cost, the family once kept a farther one.
#[test]
fn a_small_fixed_size_family_gives_its_nearest_design() {
    let catalog = catalog::load_embedded().unwrap();
    let shape = include_str!("../benches/shapes/world-60x32.toml");
    let users = &shape[..shape.find("[data.").unwrap()];
    let class = r#"
[data.c36]
kind = "relational"
size = "200 GB"
reads_per_sec = 1200
writes_per_sec = 120
item_size = "2 KiB"
consistency = "strong"
conflicts = "single-writer"
rpo = "0s"
rto = "30s"
availability = "99.95%"
read_latency = "100ms"
"#;
    // Sum over populations of ln(p99 / budget) where over budget, then cost.
    let shortfall = |spec: &str| {
        let plan = meridian::plan_text("c36.toml", spec, &catalog).unwrap();
        let c = &plan.classes[0];
        assert!(!c.feasible);
        let missed: f64 = c
            .read_latency_ms
            .values()
            .map(|ms| (ms / 100.0).ln().max(0.0))
            .sum();
        (missed, c.monthly_usd, c.engine.clone(), c.regions.clone())
    };
    let planned = shortfall(&format!("{users}{class}"));
    assert_eq!(planned.2, "aurora-dsql", "{planned:?}");
    let sets: [&[&str]; 3] = [
        &["us-east-1", "us-east-2", "us-west-2"],
        &["ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
        &["eu-central-1", "eu-west-1", "eu-west-2", "eu-west-3"],
    ];
    let mut pinned = 0;
    for set in sets {
        for (i, a) in set.iter().enumerate() {
            for b in &set[i + 1..] {
                for w in set.iter().filter(|w| *w != a && *w != b) {
                    let pins = format!(
                        "engine = \"aurora-dsql\"\ntopology = \"active-active\"\nreplicas = [\"{a}\", \"{b}\"]\nwitness = \"{w}\"\n"
                    );
                    let other = shortfall(&format!("{users}{class}{pins}"));
                    pinned += 1;
                    assert!(
                        planned.0 <= other.0 + 1e-9,
                        "planned {planned:?} is farther than pinned {other:?}"
                    );
                }
            }
        }
    }
    assert_eq!(pinned, 18);
}
