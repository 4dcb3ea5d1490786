//! Embeds the catalog and the Terraform templates: every
//! `catalogs/<cloud>/**/*.toml` and `templates/terraform/<cloud>/**/*.j2`,
//! so that a new cloud is a folder and a new engine a file, with no list to
//! edit. Writes `$OUT_DIR/catalog_files.rs` and `$OUT_DIR/template_files.rs`,
//! arrays of (path under the folder, text) in path order, which
//! `src/catalog/load.rs` and `src/render/terraform.rs` include.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    embed(
        &manifest.join("catalogs"),
        "toml",
        "catalog_files.rs",
        |p| p.join("regions.toml").is_file(),
    );
    embed(
        &manifest.join("templates").join("terraform"),
        "j2",
        "template_files.rs",
        |_| true,
    );
}

/// Writes `$OUT_DIR/<out>`: every file ending in `.<ext>` under the
/// folders of `root` that `is_cloud` accepts.
fn embed(root: &Path, ext: &str, out_name: &str, is_cloud: impl Fn(&Path) -> bool) {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    let mut clouds: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("the folder is part of the repository")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && is_cloud(p))
        .collect();
    clouds.sort();
    for cloud in &clouds {
        collect(cloud, ext, &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path
            .strip_prefix(root)
            .expect("collected under the root")
            .to_string_lossy()
            .replace('\\', "/");
        out.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            path.display().to_string()
        ));
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out_name);
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, ext: &str, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("the folders are readable");
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, ext, files);
        } else if path.extension().is_some_and(|x| x == ext) {
            files.push(path);
        }
    }
}
