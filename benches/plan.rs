//! Planning speed: every example, and a generated spec of 120 data classes
//! × 8 user populations over all 32 AWS regions (no allow-list); and the
//! Monte Carlo of `simulate --year` on the largest example and that spec.
//!
//! The `shapes` group plans each spec shape of `benches/generated/shapes.rs`
//! (the same specs as `benches/shapes/*.toml`, which
//! `benches/whole_process.py` times as whole processes).
//!
//! Run: `cargo bench --bench plan`. The planner is single-threaded, so
//! each figure is one core's time.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

mod generated;
use generated::generated_spec;

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
    // The same spec allowing all three clouds: about 140 regions, Cosmos DB
    // and Spanner beside the AWS engines.
    let three = format!("clouds = [\"aws\", \"azure\", \"gcp\"]\n{spec}");
    group.bench_function(
        "plan 120 classes x 8 populations, clouds = [aws, azure, gcp]",
        |b| b.iter(|| meridian::plan_text("generated", black_box(&three), &catalog).unwrap()),
    );
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
    // The shapes users write (benches/generated/shapes.rs): the search's
    // work depends on the populations, budgets, RTOs and workload sizes.
    let mut shapes = c.benchmark_group("shapes");
    shapes.sample_size(10);
    for shape in generated::shapes::shapes() {
        let spec = generated::shapes::spec(&shape);
        let plan = meridian::plan_text(shape.name, &spec, &catalog).unwrap();
        let counts: Vec<usize> = plan
            .classes
            .iter()
            .map(|c| c.candidates_evaluated)
            .collect();
        eprintln!(
            "{}: {} classes x {} populations; designs measured per class: max {}, sum {}",
            shape.name,
            shape.classes,
            shape.populations,
            counts.iter().max().unwrap_or(&0),
            counts.iter().sum::<usize>()
        );
        shapes.bench_function(format!("plan {}", shape.name), |b| {
            b.iter(|| meridian::plan_text(shape.name, black_box(&spec), &catalog).unwrap())
        });
    }
    shapes.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
