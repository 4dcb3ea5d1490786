//! The whole-process timing inputs (see the README's Development section)
//! must stay the benchmarks' generated specs: `benches/generated-120.toml`
//! is `generated_spec(120)` and `benches/shapes/NAME.toml` is each shape of
//! `benches/generated/shapes.rs`.
//! `MERIDIAN_WRITE_GENERATED=1 cargo test --test generated` rewrites them.

#[path = "../benches/generated/mod.rs"]
mod generated;

fn same_on_disk(file: &str, spec: &str) {
    if std::env::var_os("MERIDIAN_WRITE_GENERATED").is_some() {
        if let Some(dir) = std::path::Path::new(file).parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(file, spec).unwrap();
    }
    let on_disk = std::fs::read_to_string(file).unwrap_or_default();
    assert!(
        on_disk == spec,
        "{file} differs from its generator: run MERIDIAN_WRITE_GENERATED=1 cargo test --test generated"
    );
}

#[test]
fn generated_spec_file_is_the_benchmarks_spec() {
    same_on_disk(
        "benches/generated-120.toml",
        &generated::generated_spec(120),
    );
}

#[test]
fn shape_files_are_the_benchmarks_shapes() {
    for shape in generated::shapes::shapes() {
        same_on_disk(
            &format!("benches/shapes/{}.toml", shape.name),
            &generated::shapes::spec(&shape),
        );
    }
}
