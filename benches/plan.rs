//! Planning speed: every example, and a generated spec of 120 data classes
//! × 8 user populations over all 32 AWS regions (no allow-list); and the
//! Monte Carlo of `simulate --year` on the largest example and that spec.
//!
//! Run: `cargo bench --bench plan`. The planner is single-threaded, so
//! each figure is one core's time.

use std::fmt::Write;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

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

fn bench(c: &mut Criterion) {
    let catalog = meridian::catalog::load_embedded().unwrap();
    let mut files: Vec<_> = std::fs::read_dir("examples")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        c.bench_function(&format!("plan examples/{name}.toml"), |b| {
            b.iter(|| meridian::plan_text(&name, black_box(&text), &catalog).unwrap())
        });
    }
    let spec = generated_spec(120);
    let plan = meridian::plan_text("generated", &spec, &catalog).unwrap();
    let evaluated: usize = plan.classes.iter().map(|c| c.candidates_evaluated).sum();
    let feasible = plan.classes.iter().filter(|c| c.feasible).count();
    eprintln!(
        "generated spec: 120 classes x 8 populations x 32 regions; {feasible} feasible; {evaluated} candidates measured"
    );
    let mut group = c.benchmark_group("generated");
    group.sample_size(20);
    group.bench_function("plan 120 classes x 8 populations x 32 regions", |b| {
        b.iter(|| meridian::plan_text("generated", black_box(&spec), &catalog).unwrap())
    });
    // A Monte Carlo year (10,000 simulated years, the default) of the
    // largest example and of the generated spec.
    let parse = |name: &str, text: &str| {
        let file = meridian::diagnostics::SourceFile::new(name, text);
        meridian::spec::parse(&file, &catalog).unwrap()
    };
    let game = parse(
        "global-game",
        &std::fs::read_to_string("examples/global-game.toml").unwrap(),
    );
    group.bench_function(
        "simulate --year examples/global-game.toml (10,000 years)",
        |b| b.iter(|| meridian::simulate::year(black_box(&game), &catalog, 1, 10_000)),
    );
    let generated = parse("generated", &spec);
    group.bench_function(
        "simulate --year 120 classes x 8 populations (10,000 years)",
        |b| b.iter(|| meridian::simulate::year(black_box(&generated), &catalog, 1, 10_000)),
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
