//! The generated spec of the planning benchmark: `classes` data classes ×
//! 8 user populations over all 32 AWS regions (no allow-list). Shared by
//! `benches/plan.rs` and `tests/generated.rs`, which keeps
//! `benches/generated-120.toml` (the whole-process timing input) equal to
//! `generated_spec(120)`.

pub mod shapes;

use std::fmt::Write;

/// Eight populations on five continents, shares summing to 1.
const POPULATIONS: &[(&str, f64, f64, f64)] = &[
    ("us-east", 40.7, -74.0, 0.2),
    ("us-west", 37.8, -122.4, 0.15),
    ("brazil", -23.5, -46.6, 0.05),
    ("uk", 51.5, -0.1, 0.1),
    ("germany", 50.1, 8.7, 0.15),
    ("india", 19.1, 72.9, 0.1),
    ("japan", 35.7, 139.7, 0.15),
    ("australia", -33.9, 151.2, 0.1),
];

/// A spec of `classes` data classes cycling through kinds, consistency
/// levels and SLOs from lax to strict, as a fleet of services would have.
pub fn generated_spec(classes: usize) -> String {
    let mut spec = String::from("name = \"generated\"\n");
    for (name, lat, lon, share) in POPULATIONS {
        writeln!(
            spec,
            "\n[users.{name}]\nlat = {lat}\nlon = {lon}\nshare = {share}"
        )
        .unwrap();
    }
    let kinds = [
        "relational",
        "key-value",
        "object",
        "cache",
        "relational",
        "key-value",
    ];
    let consistency = [
        "strong",
        "eventual",
        "eventual",
        "eventual",
        "bounded-staleness",
        "session",
    ];
    let conflicts = [
        "single-writer",
        "last-writer-wins",
        "last-writer-wins",
        "single-writer",
        "single-writer",
        "crdt",
    ];
    let rpo = ["\"0s\"", "\"5s\"", "\"1h\"", "\"1h\"", "\"1m\"", "\"10s\""];
    let rto = [
        "\"5m\"", "\"5m\"", "\"4h\"", "\"30m\"", "\"30m\"", "\"10m\"",
    ];
    let read = [
        "",
        "read_latency = \"150ms\"\n",
        "",
        "read_latency = \"400ms\"\n",
        "read_latency = \"250ms\"\n",
        "read_latency = \"200ms\"\n",
    ];
    let write = [
        "write_latency = \"900ms\"\n",
        "write_latency = \"200ms\"\n",
        "",
        "",
        "",
        "write_latency = \"300ms\"\n",
    ];
    for i in 0..classes {
        let k = i % kinds.len();
        let scale = 1 + (i / kinds.len()) % 7;
        writeln!(
            spec,
            "\n[data.class-{i}]\nkind = \"{}\"\nsize = \"{} GB\"\nreads_per_sec = {}\nwrites_per_sec = {}\nitem_size = \"2 KiB\"\nconsistency = \"{}\"\nconflicts = \"{}\"\nrpo = {}\nrto = {}\navailability = \"99.95%\"\n{}{}",
            kinds[k],
            50 * scale,
            300 * scale,
            30 * scale,
            consistency[k],
            conflicts[k],
            rpo[k],
            rto[k],
            read[k],
            write[k],
        )
        .unwrap();
    }
    spec
}
