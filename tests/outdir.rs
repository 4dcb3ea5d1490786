//! `--out DIR` as users meet it: meridian changes only files its manifest
//! says it wrote and nobody edited since; a user's file, an edited file or a
//! symlink stops the run (exit 2) with the folder byte-identical, unless
//! `--force` (which still never deletes a user's file nor writes through a
//! symlink); a failure while writing leaves the folder as it was; stale
//! files of an earlier plan go through the manifest.

use std::path::{Path, PathBuf};
use std::process::Output;

use meridian::outdir::sha256;

mod common;

use common::{meridian, text};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    common::scratch("outdir", name)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// `plan SPEC --out DIR [extra...]`, asserting the exit code.
fn plan(spec: &str, dir: &Path, extra: &[&str], code: i32) -> Output {
    let mut args = vec!["plan", spec, "--out", s(dir)];
    args.extend_from_slice(extra);
    let out = meridian(&args);
    assert_eq!(
        out.status.code(),
        Some(code),
        "plan {spec}: {}",
        text(&out.stderr)
    );
    out
}

/// Every path under `dir` with the SHA-256 of its bytes (a symlink as its
/// target, a folder as `/`), sorted: equal listings mean byte-identical
/// folders.
fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for e in std::fs::read_dir(&at).unwrap() {
            let path = e.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().display().to_string();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.push((rel, format!("-> {}", target.display())));
            } else if meta.is_dir() {
                out.push((rel, "/".into()));
                stack.push(path);
            } else {
                out.push((rel, sha256(&std::fs::read(&path).unwrap())));
            }
        }
    }
    out.sort();
    out
}

fn paths(dir: &Path) -> Vec<String> {
    listing(dir).into_iter().map(|(p, _)| p).collect()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join(".meridian-manifest.json")).unwrap())
        .unwrap()
}

fn manifest_paths(dir: &Path) -> Vec<String> {
    manifest(dir)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_users_own_terraform_files_survive_a_replan() {
    let dir = scratch("user-files").join("out");
    plan("examples/eu-saas.toml", &dir, &[], 0);
    let tf = dir.join("terraform");
    std::fs::write(tf.join("main.tf"), "module \"x\" {}\n").unwrap();
    std::fs::write(tf.join("backend.tf"), "terraform {}\n").unwrap();
    std::fs::write(tf.join("terraform.tfvars"), "tags = {}\n").unwrap();
    std::fs::write(dir.join("NOTES.md"), "mine\n").unwrap();
    let kept = || {
        assert_eq!(
            std::fs::read_to_string(tf.join("main.tf")).unwrap(),
            "module \"x\" {}\n"
        );
        assert_eq!(
            std::fs::read_to_string(tf.join("backend.tf")).unwrap(),
            "terraform {}\n"
        );
        assert!(tf.join("terraform.tfvars").exists() && dir.join("NOTES.md").exists());
    };
    plan("examples/eu-saas.toml", &dir, &[], 0);
    kept();
    plan("examples/eu-saas.toml", &dir, &["--force"], 0);
    kept();
    let listed = manifest_paths(&dir);
    assert!(
        !listed
            .iter()
            .any(|p| p.ends_with("main.tf") || p == "NOTES.md")
    );
}

#[test]
fn an_edited_file_stops_the_run_unless_forced() {
    let dir = scratch("edited").join("out");
    plan("examples/eu-saas.toml", &dir, &[], 0);
    let versions = dir.join("terraform/versions.tf");
    let mine = "# pinned by us\nterraform {}\n";
    std::fs::write(&versions, mine).unwrap();
    // Another spec, so every file would change.
    let before = listing(&dir);
    let out = plan("examples/shop.toml", &dir, &[], 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("terraform/versions.tf: edited since meridian wrote it"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(out.stdout.is_empty(), "no plan printed on exit 2");
    assert_eq!(listing(&dir), before, "nothing written");
    let out = plan("examples/shop.toml", &dir, &["--force"], 0);
    assert!(
        text(&out.stderr).contains("terraform/versions.tf"),
        "the overwritten file is named: {}",
        text(&out.stderr)
    );
    assert_ne!(std::fs::read_to_string(&versions).unwrap(), mine);
    assert_eq!(
        text(&out.stdout),
        text(&meridian(&["plan", "examples/shop.toml"]).stdout),
        "stdout is the plan, as without --out"
    );
}

#[test]
fn a_symlink_is_never_written_through() {
    let root = scratch("symlink");
    let dir = root.join("out");
    plan("examples/eu-saas.toml", &dir, &[], 0);
    let outside = root.join("outside.tf");
    std::fs::write(&outside, "# outside the folder\n").unwrap();
    let kms = dir.join("terraform/kms.tf");
    std::fs::remove_file(&kms).unwrap();
    std::os::unix::fs::symlink(&outside, &kms).unwrap();
    let before = listing(&dir);
    for force in [&[][..], &["--force"][..]] {
        let out = plan("examples/eu-saas.toml", &dir, force, 2);
        assert!(
            text(&out.stderr).contains("terraform/kms.tf: is a symlink"),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(listing(&dir), before);
        assert_eq!(
            std::fs::read_to_string(&outside).unwrap(),
            "# outside the folder\n"
        );
    }
    // A symlinked folder is refused the same way.
    std::fs::remove_file(&kms).unwrap();
    let elsewhere = root.join("elsewhere");
    std::fs::rename(dir.join("report"), &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("report")).unwrap();
    let before = listing(&elsewhere);
    let out = plan("examples/shop.toml", &dir, &["--force"], 2);
    assert!(text(&out.stderr).contains("report: is a symlink"));
    assert_eq!(listing(&elsewhere), before);
}

#[test]
fn a_failure_while_writing_leaves_the_folder_byte_identical() {
    let root = scratch("failure");
    // A regular file where meridian needs its terraform/ folder.
    let dir = root.join("blocked");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("terraform"), "not a folder\n").unwrap();
    let before = listing(&dir);
    for force in [&[][..], &["--force"][..]] {
        let out = plan("examples/eu-saas.toml", &dir, force, 2);
        assert_eq!(listing(&dir), before, "no plan.json, no report");
        assert!(
            text(&out.stderr).contains("terraform: is a file where meridian needs a folder"),
            "{}",
            text(&out.stderr)
        );
    }
    // A class whose file names would exceed the OS limit of 255 bytes: the
    // spec's name limit rejects it before anything is written.
    let spec = format!(
        "name = \"long\"\n[users.a]\nnear = \"us-east-1\"\nshare = 1\n\
         [data.{}]\nkind = \"cache\"\nsize = \"1 GB\"\n",
        "c".repeat(300)
    );
    let spec_path = root.join("long.toml");
    std::fs::write(&spec_path, spec).unwrap();
    let spec_path = s(&spec_path);
    // Into a fresh folder: it is not created.
    let fresh = root.join("fresh");
    let out = plan(spec_path, &fresh, &[], 2);
    assert!(
        text(&out.stderr).contains("at most 48 are allowed"),
        "{}",
        text(&out.stderr)
    );
    assert!(!fresh.exists());
    // Into an earlier plan's folder: it is left exactly as it was.
    let dir = root.join("earlier");
    plan("examples/eu-saas.toml", &dir, &[], 0);
    let before = listing(&dir);
    plan(spec_path, &dir, &[], 2);
    plan(spec_path, &dir, &["--force"], 2);
    assert_eq!(listing(&dir), before);
    // Nothing is left beside the folders either.
    let mut left = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    left.sort();
    assert_eq!(left, ["blocked", "earlier", "long.toml"]);
}

#[test]
fn replanning_another_spec_removes_the_old_plans_files_only() {
    let dir = scratch("replan").join("out");
    plan("examples/shop.toml", &dir, &[], 0);
    assert!(dir.join("report/cost-carts.svg").exists());
    assert!(dir.join("terraform/data-carts.tf").exists());
    std::fs::write(dir.join("terraform/main.tf"), "# mine\n").unwrap();
    std::fs::write(dir.join("report/diagram.svg"), "<svg/>").unwrap();
    plan("examples/eu-saas.toml", &dir, &[], 0);
    let fresh = scratch("replan-fresh").join("out");
    plan("examples/eu-saas.toml", &fresh, &[], 0);
    // Exactly the fresh plan's files, plus the user's.
    let mut expected = paths(&fresh);
    expected.extend(["report/diagram.svg".into(), "terraform/main.tf".into()]);
    expected.sort();
    assert_eq!(paths(&dir), expected);
    assert_eq!(
        std::fs::read(dir.join(".meridian-manifest.json")).unwrap(),
        std::fs::read(fresh.join(".meridian-manifest.json")).unwrap()
    );
}

#[test]
fn simulate_and_diff_add_their_files_and_keep_the_plans() {
    let root = scratch("owners");
    let dir = root.join("out");
    plan("examples/shop.toml", &dir, &[], 0);
    let planned = manifest_paths(&dir);
    for region in ["us-east-1", "eu-west-1"] {
        let out = meridian(&[
            "simulate",
            "examples/shop.toml",
            "--fail",
            region,
            "--out",
            s(&dir),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let old = root.join("old");
    plan("examples/shop.toml", &old, &[], 0);
    let out = meridian(&[
        "diff",
        s(&old.join("plan.json")),
        s(&dir.join("plan.json")),
        "--out",
        s(&dir),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = manifest_paths(&dir);
    for p in &planned {
        assert!(listed.contains(p) && dir.join(p).exists(), "{p} kept");
    }
    for p in [
        "simulate-fail-us-east-1.json",
        "simulate-fail-us-east-1.md",
        "simulate-fail-eu-west-1.md",
        "diff.md",
        "diff.json",
    ] {
        assert!(listed.iter().any(|l| l == p), "{p} in the manifest");
    }
    let owners: Vec<(String, String)> = manifest(&dir)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["owner"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(owners.contains(&("diff.md".into(), "diff".into())));
    assert!(owners.contains(&("simulate-fail-eu-west-1.md".into(), "simulate".into())));
    assert!(owners.contains(&("plan.json".into(), "plan".into())));
    // A re-plan keeps the simulations and the diff; an edited one stops a
    // simulate run that would overwrite it.
    plan("examples/eu-saas.toml", &dir, &[], 0);
    assert!(dir.join("simulate-fail-us-east-1.md").exists() && dir.join("diff.md").exists());
    std::fs::write(dir.join("simulate-fail-us-east-1.md"), "my notes\n").unwrap();
    let out = meridian(&[
        "simulate",
        "examples/shop.toml",
        "--fail",
        "us-east-1",
        "--out",
        s(&dir),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("simulate-fail-us-east-1.md")).unwrap(),
        "my notes\n"
    );
}

#[test]
fn the_same_input_twice_gives_the_same_folder() {
    let dir = scratch("twice").join("out");
    plan("examples/global-game.toml", &dir, &[], 0);
    let first = listing(&dir);
    plan("examples/global-game.toml", &dir, &[], 0);
    assert_eq!(listing(&dir), first);
    let other = scratch("twice-other").join("out");
    plan("examples/global-game.toml", &other, &[], 0);
    assert_eq!(
        listing(&other),
        first,
        "and the same bytes in another folder"
    );
    // The manifest lists every file meridian wrote, sorted, with its hash.
    let listed = manifest_paths(&dir);
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted);
    let mut written = paths(&dir);
    written.retain(|p| !dir.join(p).is_dir() && p != ".meridian-manifest.json");
    assert_eq!(listed, written);
}

#[test]
fn a_folder_written_before_manifests_needs_force_for_what_differs() {
    let dir = scratch("upgrade").join("out");
    plan("examples/eu-saas.toml", &dir, &[], 0);
    // What an older meridian left: no manifest, one file that differs.
    std::fs::remove_file(dir.join(".meridian-manifest.json")).unwrap();
    std::fs::write(dir.join("terraform/dns.tf"), "# older\n").unwrap();
    std::fs::write(dir.join("terraform/data-gone.tf"), "# older\n").unwrap();
    let before = listing(&dir);
    let out = plan("examples/eu-saas.toml", &dir, &[], 2);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("terraform/dns.tf: not written by meridian"),
        "{stderr}"
    );
    assert!(stderr.contains("1 file in the way"), "{stderr}");
    assert_eq!(listing(&dir), before);
    plan("examples/eu-saas.toml", &dir, &["--force"], 0);
    assert_ne!(
        std::fs::read_to_string(dir.join("terraform/dns.tf")).unwrap(),
        "# older\n"
    );
    // A file it cannot know to be its own is never deleted.
    assert!(dir.join("terraform/data-gone.tf").exists());
    assert!(manifest_paths(&dir).contains(&"terraform/dns.tf".to_string()));
}

#[test]
fn force_needs_out() {
    let out = meridian(&["plan", "examples/eu-saas.toml", "--force"]);
    assert_eq!(out.status.code(), Some(2));
}
