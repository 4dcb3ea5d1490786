//! Embeds the catalog: every `catalogs/<cloud>/**/*.toml` file, so that a
//! new cloud is a folder and a new engine a file, with no list to edit.
//! Writes `$OUT_DIR/catalog_files.rs`, an array of (path under `catalogs/`,
//! text) in path order, which `src/catalog/load.rs` includes.

use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    let mut clouds: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("catalogs/ is part of the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.join("regions.toml").is_file())
        .collect();
    clouds.sort();
    for cloud in &clouds {
        collect(cloud, &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(&root)
            .expect("collected under catalogs/")
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push(']');
    let dest =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalog_files.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("catalog folders are readable");
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|x| x == "toml") {
            files.push(path);
        }
    }
}
