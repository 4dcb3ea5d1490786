//! `benches/generated-120.toml` is the spec the whole-process timing runs
//! (`meridian plan benches/generated-120.toml`, see the README's
//! Development section); it must stay the benchmark's `generated_spec(120)`.
//! `MERIDIAN_WRITE_GENERATED=1 cargo test --test generated` rewrites it.

#[path = "../benches/generated/mod.rs"]
mod generated;

const FILE: &str = "benches/generated-120.toml";

#[test]
fn generated_spec_file_is_the_benchmarks_spec() {
    let spec = generated::generated_spec(120);
    if std::env::var_os("MERIDIAN_WRITE_GENERATED").is_some() {
        std::fs::write(FILE, &spec).unwrap();
    }
    let on_disk = std::fs::read_to_string(FILE).unwrap();
    assert!(
        on_disk == spec,
        "{FILE} differs from generated_spec(120): run MERIDIAN_WRITE_GENERATED=1 cargo test --test generated"
    );
}
