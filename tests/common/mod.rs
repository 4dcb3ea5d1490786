//! Random specs for the oracle and property tests: one data class, a few
//! user populations and a small allow-list of regions, written as TOML and
//! read through the real spec reader.

#![allow(dead_code)]

use proptest::prelude::*;

use meridian::catalog::{self, Catalog};
use meridian::diagnostics::SourceFile;
use meridian::spec::Spec;

/// Regions the generated specs choose from: the Aurora DSQL and DynamoDB
/// MRSC US set, two EU regions (one of each set), Tokyo and São Paulo.
pub const REGIONS: &[&str] = &[
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-northeast-1",
    "sa-east-1",
];

#[derive(Debug, Clone)]
pub struct ClassSpec {
    pub regions: Vec<&'static str>,
    pub users: Vec<(usize, f64)>,
    pub kind: &'static str,
    pub size_gb: u32,
    pub reads: u32,
    pub writes: u32,
    pub item: u32,
    pub consistency: &'static str,
    pub conflicts: &'static str,
    pub rpo_s: Option<u32>,
    pub rto_s: Option<u32>,
    pub availability: Option<&'static str>,
    pub read_ms: Option<u32>,
    pub write_ms: Option<u32>,
    /// The latency SLOs bound the service-side p99 (`latency_at`).
    pub service_side: bool,
    /// `peak_to_average` of the workload, and the top-level `commitment`.
    pub peak: u32,
    pub commitment: Option<&'static str>,
    /// The class's `failover` and `traffic` (a TOML array), when set.
    pub failover: Option<&'static str>,
    pub traffic: Option<&'static str>,
    /// The spec's `clouds` (a TOML array), when set; its users are then
    /// near `regions` (by index), not near [`REGIONS`].
    pub clouds: Option<&'static str>,
}

impl ClassSpec {
    pub fn toml(&self) -> String {
        let regions: Vec<String> = self.regions.iter().map(|r| format!("\"{r}\"")).collect();
        let mut t = format!("name = \"gen\"\nregions = [{}]\n", regions.join(", "));
        if let Some(list) = self.clouds {
            t.push_str(&format!("clouds = {list}\n"));
        }
        if let Some(c) = self.commitment {
            t.push_str(&format!("commitment = \"{c}\"\n"));
        }
        let total: f64 = self.users.iter().map(|(_, w)| w).sum();
        for (i, (region, weight)) in self.users.iter().enumerate() {
            t.push_str(&format!(
                "\n[users.p{i}]\nnear = \"{}\"\nshare = {:.6}\n",
                match self.clouds {
                    Some(_) => self.regions[*region % self.regions.len()],
                    None => REGIONS[*region % REGIONS.len()],
                },
                weight / total
            ));
        }
        t.push_str(&format!(
            "\n[data.d]\nkind = \"{}\"\nsize = \"{} GB\"\nreads_per_sec = {}\nwrites_per_sec = {}\nitem_size = \"{} B\"\nconsistency = \"{}\"\nconflicts = \"{}\"\n",
            self.kind, self.size_gb, self.reads, self.writes, self.item, self.consistency, self.conflicts
        ));
        if let Some(s) = self.rpo_s {
            t.push_str(&format!("rpo = \"{s}s\"\n"));
        }
        if let Some(s) = self.rto_s {
            t.push_str(&format!("rto = \"{s}s\"\n"));
        }
        if let Some(a) = self.availability {
            t.push_str(&format!("availability = \"{a}\"\n"));
        }
        if let Some(ms) = self.read_ms {
            t.push_str(&format!("read_latency = \"{ms}ms\"\n"));
        }
        if let Some(ms) = self.write_ms {
            t.push_str(&format!("write_latency = \"{ms}ms\"\n"));
        }
        if self.service_side {
            t.push_str("latency_at = \"service\"\n");
        }
        if self.peak != 1 {
            t.push_str(&format!("peak_to_average = {}\n", self.peak));
        }
        if let Some(f) = self.failover {
            t.push_str(&format!("failover = \"{f}\"\n"));
        }
        if let Some(list) = self.traffic {
            t.push_str(&format!("traffic = {list}\n"));
        }
        t
    }

    pub fn parse(&self, catalog: &Catalog) -> Spec {
        let file = SourceFile::new("gen.toml", self.toml());
        meridian::spec::parse(&file, catalog)
            .unwrap_or_else(|e| panic!("generated spec is valid: {e:?}\n{}", self.toml()))
    }
}

pub fn class_spec() -> impl Strategy<Value = ClassSpec> {
    (
        proptest::sample::subsequence(REGIONS.to_vec(), 3..=5),
        // Up to six populations: many populations with small workloads
        // are where cost floors prune least.
        proptest::collection::vec((0usize..7, 1.0f64..4.0), 1..=6),
        prop_oneof![
            Just("relational"),
            Just("key-value"),
            Just("object"),
            Just("cache")
        ],
        (
            10u32..3000,
            0u32..4000,
            0u32..400,
            prop_oneof![Just(256u32), Just(1024), Just(4096)],
        ),
        prop_oneof![
            Just("strong"),
            Just("bounded-staleness"),
            Just("session"),
            Just("eventual")
        ],
        prop_oneof![
            Just("single-writer"),
            Just("last-writer-wins"),
            Just("crdt")
        ],
        (
            proptest::option::of(prop_oneof![Just(0u32), Just(1), Just(30), Just(3600)]),
            proptest::option::of(prop_oneof![
                Just(30u32),
                Just(60),
                Just(120),
                Just(300),
                Just(1800),
                Just(21600)
            ]),
            proptest::option::of(prop_oneof![Just("99.9%"), Just("99.99%"), Just("99.999%")]),
        ),
        (
            proptest::option::of(prop_oneof![Just(60u32), Just(100), Just(250)]),
            proptest::option::of(prop_oneof![Just(80u32), Just(150), Just(400)]),
            proptest::bool::weighted(0.25),
            prop_oneof![Just(1u32), Just(1), Just(3), Just(8)],
            proptest::option::of(prop_oneof![Just("none"), Just("1y"), Just("3y")]),
        ),
        (
            proptest::option::of(prop_oneof![Just("automatic"), Just("operator")]),
            proptest::option::of(prop_oneof![
                Just(r#"["route53"]"#),
                Just(r#"["route53", "client"]"#),
                Just(r#"["global-accelerator", "arc"]"#),
                Just(r#"["route53", "global-accelerator", "client", "arc"]"#),
            ]),
        ),
    )
        .prop_map(
            |(
                regions,
                users,
                kind,
                (size_gb, reads, writes, item),
                consistency,
                conflicts,
                (rpo_s, rto_s, availability),
                (read_ms, write_ms, service_side, peak, commitment),
                (failover, traffic),
            )| ClassSpec {
                regions,
                users,
                kind,
                size_gb,
                reads,
                writes,
                item,
                consistency,
                conflicts,
                rpo_s,
                rto_s,
                availability,
                read_ms,
                write_ms,
                service_side,
                peak,
                commitment,
                failover,
                traffic,
                clouds: None,
            },
        )
}

/// The embedded catalog without self-managed fallback engines, whose
/// managed-first preference is deliberately not cost-monotone.
pub fn managed_catalog() -> Catalog {
    let mut catalog = catalog::load_embedded().unwrap();
    catalog.engines.retain(|e| !e.fallback);
    catalog
}

/// Test cases per property: `PROPTEST_CASES` when set (for long local
/// runs), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Every spec in examples/, as (name, text), sorted by name.
pub fn examples() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .expect("examples/ exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "at least four examples");
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// A small spec: users near us-east-1 (70%) and eu-west-1 (30%), four
/// allowed regions, and one data class `d` with the keys in `class`.
pub fn tiny_spec(class: &str) -> String {
    format!(
        "name = \"tiny\"\nregions = [\"us-east-1\", \"us-east-2\", \"us-west-2\", \"eu-west-1\"]\n\n\
         [users.us]\nnear = \"us-east-1\"\nshare = 0.7\n\n[users.eu]\nnear = \"eu-west-1\"\nshare = 0.3\n\n\
         [data.d]\n{class}\n"
    )
}

/// Runs the meridian binary with `args` (no colour).
pub fn meridian(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_meridian"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("meridian runs")
}

/// Command output as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh scratch folder for one test (`what` names the test binary),
/// under Cargo's temporary folder for integration tests (`target/tmp`):
/// what a test leaves there goes with `cargo clean`, not into the
/// machine's `/tmp`.
pub fn scratch(what: &str, name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("meridian-{what}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The one cost line of `class` in `region` whose item starts with
/// `item_prefix`, in dollars.
pub fn line(class: &meridian::plan::ClassPlan, item_prefix: &str, region: &str) -> f64 {
    let found: Vec<_> = class
        .cost
        .iter()
        .filter(|l| l.item.starts_with(item_prefix) && l.region == region)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{item_prefix}` line in {region}: {:#?}",
        class.cost
    );
    found[0].monthly_usd.usd()
}

/// Dollars equal to the cent (hand arithmetic against the plan).
pub fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 0.006, "{a} != {b}");
}

/// The embedded AWS catalog, as every integration test loads it.
pub fn catalog() -> Catalog {
    catalog::load_embedded().expect("the embedded catalog loads")
}
