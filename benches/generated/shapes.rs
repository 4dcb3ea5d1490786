//! Spec shapes for the search benchmarks: the shapes users write, not one
//! spec. Each varies what makes the search work hard — the kind mix, RTO
//! (30 s … 4 h), latency budgets (tight or loose), workload size (tiny …
//! large), populations (4, 8, 16, 32) and residency. Shared by
//! `benches/plan.rs` (criterion), `tests/generated.rs` (which keeps
//! `benches/shapes/*.toml`, the whole-process inputs, equal to these) and
//! `benches/shapes.sh` (the whole-process timing).

use std::fmt::Write;

/// Thirty-two cities on six continents: (name, lat, lon). The first four
/// are on four continents, the first eight on five, so every prefix of the
/// list is spread over the world as populations are.
pub const CITIES: &[(&str, f64, f64)] = &[
    ("new-york", 40.7, -74.0),
    ("frankfurt", 50.1, 8.7),
    ("tokyo", 35.7, 139.7),
    ("sydney", -33.9, 151.2),
    ("sao-paulo", -23.5, -46.6),
    ("london", 51.5, -0.1),
    ("mumbai", 19.1, 72.9),
    ("san-francisco", 37.8, -122.4),
    ("singapore", 1.35, 103.8),
    ("chicago", 41.9, -87.6),
    ("paris", 48.9, 2.35),
    ("seoul", 37.6, 127.0),
    ("johannesburg", -26.2, 28.0),
    ("toronto", 43.7, -79.4),
    ("stockholm", 59.3, 18.1),
    ("dubai", 25.2, 55.3),
    ("mexico-city", 19.4, -99.1),
    ("madrid", 40.4, -3.7),
    ("jakarta", -6.2, 106.8),
    ("dallas", 32.8, -96.8),
    ("milan", 45.5, 9.2),
    ("hong-kong", 22.3, 114.2),
    ("bogota", 4.7, -74.1),
    ("warsaw", 52.2, 21.0),
    ("osaka", 34.7, 135.5),
    ("seattle", 47.6, -122.3),
    ("cairo", 30.0, 31.2),
    ("melbourne", -37.8, 145.0),
    ("lagos", 6.5, 3.4),
    ("delhi", 28.6, 77.2),
    ("montreal", 45.5, -73.6),
    ("tel-aviv", 32.1, 34.8),
];

/// How large the classes' workloads are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Workload {
    /// 200–12,000 reads/s, a tenth as many writes, 5–60 GB: per-region
    /// costs are small, so cost floors prune little.
    Tiny,
    /// 300–2,100 reads/s, 50–350 GB (the historical generated spec).
    Medium,
    /// 20,000–80,000 reads/s, 1–4 TB.
    Large,
}

/// One benchmark shape.
#[derive(Debug, Clone)]
pub struct Shape {
    pub name: &'static str,
    pub what: &'static str,
    pub classes: usize,
    pub populations: usize,
    pub workload: Workload,
    /// Latency budgets: tight (60–150 ms) or loose (200–400 ms).
    pub tight: bool,
    /// RTOs the classes cycle through, seconds.
    pub rto_s: &'static [u32],
    /// Every `residency_every`-th class is EU-resident (0: none).
    pub residency_every: usize,
    /// Kinds the classes cycle through.
    pub kinds: &'static [&'static str],
}

const MIXED: &[&str] = &["relational", "key-value", "object", "cache"];

/// The shipped shapes.
pub fn shapes() -> Vec<Shape> {
    vec![
        Shape {
            name: "tiny-kv-120x8",
            what: "120 mostly key-value classes with tiny workloads, RTO 1 min, 8 populations",
            classes: 120,
            populations: 8,
            workload: Workload::Tiny,
            tight: false,
            rto_s: &[60],
            residency_every: 0,
            kinds: &["key-value", "key-value", "key-value", "relational"],
        },
        Shape {
            name: "world-60x16",
            what: "60 mixed classes, 16 populations, 80-200 ms budgets, RTO 30 s - 1 h, some EU-resident",
            classes: 60,
            populations: 16,
            workload: Workload::Tiny,
            tight: true,
            rto_s: &[30, 60, 300, 900, 3600],
            residency_every: 5,
            kinds: MIXED,
        },
        Shape {
            name: "world-60x32",
            what: "60 mixed classes, 32 populations, tight budgets, RTO 30 s - 1 h",
            classes: 60,
            populations: 32,
            workload: Workload::Medium,
            tight: true,
            rto_s: &[30, 300, 3600],
            residency_every: 7,
            kinds: MIXED,
        },
        Shape {
            name: "large-loose-120x4",
            what: "120 mixed classes with large workloads, loose budgets, RTO 5 min - 4 h, 4 populations",
            classes: 120,
            populations: 4,
            workload: Workload::Large,
            tight: false,
            rto_s: &[300, 1800, 14400],
            residency_every: 0,
            kinds: MIXED,
        },
        Shape {
            name: "tight-kv-120x8",
            what: "120 key-value and relational classes, tight budgets, tiny to medium workloads, RTO 30 s",
            classes: 120,
            populations: 8,
            workload: Workload::Tiny,
            tight: true,
            rto_s: &[30],
            residency_every: 0,
            kinds: &["key-value", "relational"],
        },
    ]
}

/// The spec of one shape.
pub fn spec(shape: &Shape) -> String {
    let mut spec = format!("# {}\nname = \"{}\"\n", shape.what, shape.name);
    let n = shape.populations.min(CITIES.len());
    for (name, lat, lon) in &CITIES[..n] {
        // Shares 1/n, the last one taking the rounding.
        let share = 1.0 / n as f64;
        writeln!(
            spec,
            "\n[users.{name}]\nlat = {lat}\nlon = {lon}\nshare = {share:.6}"
        )
        .unwrap();
    }
    for i in 0..shape.classes {
        let kind = shape.kinds[i % shape.kinds.len()];
        let step = (i / shape.kinds.len()) % 6;
        let (reads, size_gb) = match shape.workload {
            Workload::Tiny => ([200, 600, 1500, 3000, 6000, 12000][step], 5 + 11 * step),
            Workload::Medium => (300 * (1 + step), 50 * (1 + step)),
            Workload::Large => (20000 + 12000 * step, 1000 + 600 * step),
        };
        let writes = (reads / 10).max(1);
        let rto = shape.rto_s[i % shape.rto_s.len()];
        let (read_ms, write_ms) = if shape.tight {
            (
                [80, 100, 120, 150, 200][i % 5],
                [100, 120, 150, 200, 250][(i / 2) % 5],
            )
        } else {
            (
                [200, 250, 300, 400][i % 4],
                [250, 300, 400, 500][(i / 2) % 4],
            )
        };
        write!(
            spec,
            "\n[data.c{i}]\nkind = \"{kind}\"\nsize = \"{size_gb} GB\"\nreads_per_sec = {reads}\nwrites_per_sec = {writes}\nitem_size = \"2 KiB\"\n"
        )
        .unwrap();
        let (consistency, conflicts, rpo) = match kind {
            "relational" if i % 3 == 0 => ("strong", Some("single-writer"), Some("0s")),
            "relational" => ("session", Some("single-writer"), Some("1m")),
            "key-value" if i % 2 == 0 => ("eventual", Some("last-writer-wins"), Some("10s")),
            "key-value" => ("session", Some("crdt"), Some("10s")),
            "object" => ("eventual", Some("last-writer-wins"), Some("1h")),
            _ => ("eventual", None, None),
        };
        writeln!(spec, "consistency = \"{consistency}\"").unwrap();
        if let Some(c) = conflicts {
            writeln!(spec, "conflicts = \"{c}\"").unwrap();
        }
        if let Some(r) = rpo {
            writeln!(spec, "rpo = \"{r}\"").unwrap();
        }
        writeln!(spec, "rto = \"{rto}s\"").unwrap();
        if kind != "cache" {
            writeln!(spec, "availability = \"99.95%\"").unwrap();
        }
        if kind != "object" {
            writeln!(spec, "read_latency = \"{read_ms}ms\"").unwrap();
        }
        if kind == "key-value" || (kind == "relational" && !shape.tight) {
            writeln!(spec, "write_latency = \"{write_ms}ms\"").unwrap();
        }
        if shape.residency_every > 0 && i % shape.residency_every == 0 {
            writeln!(spec, "residency = [\"eu\"]").unwrap();
        }
    }
    spec
}
