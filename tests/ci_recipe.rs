//! The pull-request recipe (examples/ci/meridian-pr.sh), run on a throwaway
//! git repository: a base branch with the shop's spec and the Terraform
//! meridian wrote for it, and a pull request that changes the spec.

use std::path::Path;
use std::process::{Command, Output};

mod common;

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=meridian test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        common::text(&status.stderr)
    );
}

/// The recipe in `repo` against the base branch `main`.
fn recipe(repo: &Path) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci/meridian-pr.sh");
    Command::new("bash")
        .arg(script)
        .args(["specs/shop.toml", "terraform/shop"])
        .current_dir(repo)
        .env("MERIDIAN", env!("CARGO_BIN_EXE_meridian"))
        .env("BASE_REF", "main")
        .env("OUT", "meridian-pr")
        .output()
        .expect("bash runs")
}

fn comment(repo: &Path) -> String {
    std::fs::read_to_string(repo.join("meridian-pr/comment.md")).unwrap()
}

/// A repository whose main branch holds the shop's spec and its Terraform
/// (as `meridian plan --out` wrote it), checked out on a new branch `pr`.
fn repository(name: &str) -> std::path::PathBuf {
    let repo = common::scratch("ci-recipe", name);
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(repo.join("specs")).unwrap();
    std::fs::copy("examples/shop.toml", repo.join("specs/shop.toml")).unwrap();
    let planned = Command::new(env!("CARGO_BIN_EXE_meridian"))
        .args(["plan", "specs/shop.toml", "--out", "build"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        planned.status.success(),
        "{}",
        common::text(&planned.stderr)
    );
    std::fs::create_dir_all(repo.join("terraform")).unwrap();
    std::fs::rename(repo.join("build/terraform"), repo.join("terraform/shop")).unwrap();
    std::fs::remove_dir_all(repo.join("build")).unwrap();
    git(&repo, &["add", "specs", "terraform"]);
    git(&repo, &["commit", "-q", "-m", "the shop"]);
    git(&repo, &["checkout", "-q", "-b", "pr"]);
    repo
}

#[test]
fn a_pull_request_that_changes_nothing_passes_with_one_comment() {
    let repo = repository("unchanged");
    let run = recipe(&repo);
    assert!(
        run.status.success(),
        "{}{}",
        common::text(&run.stdout),
        common::text(&run.stderr)
    );
    let md = comment(&repo);
    assert!(md.contains("### meridian plan diff: shop → shop"), "{md}");
    assert!(md.contains("## meridian assess: shop"), "{md}");
    assert!(
        md.contains("5 of 5 classes assessed, 5 meeting every SLO"),
        "{md}"
    );
}

#[test]
fn a_pull_request_over_the_cost_guardrail_fails_and_says_why() {
    let repo = repository("dearer");
    // Ten times the product images: storage and replication cost more than
    // the 10% the guardrail allows; the Terraform still meets the SLOs.
    let spec = repo.join("specs/shop.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let changed = text.replacen("size = \"4 TB\"", "size = \"40 TB\"", 1);
    assert_ne!(text, changed, "the spec has the line the test changes");
    std::fs::write(&spec, changed).unwrap();
    git(&repo, &["commit", "-q", "-am", "ten times the images"]);
    let run = recipe(&repo);
    assert_eq!(run.status.code(), Some(1), "{}", common::text(&run.stderr));
    let md = comment(&repo);
    assert!(
        md.contains("more than the 10% allowed"),
        "the guardrail crossed is named: {md}"
    );
    assert!(md.contains("product-images"), "{md}");
    assert!(md.contains("## meridian assess: shop"), "{md}");
}

#[test]
fn a_pull_request_whose_terraform_misses_the_new_slos_fails() {
    let repo = repository("tighter");
    // A 1-second RPO bound on the carts: the Terraform's global table has
    // no bound on its replication lag.
    let spec = repo.join("specs/shop.toml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let changed = text.replacen("[data.carts]\n", "[data.carts]\nrpo_guaranteed = true\n", 1);
    assert_ne!(text, changed);
    std::fs::write(&spec, changed).unwrap();
    git(&repo, &["commit", "-q", "-am", "a bounded RPO for carts"]);
    let run = recipe(&repo);
    assert_ne!(run.status.code(), Some(0), "{}", common::text(&run.stderr));
    let md = comment(&repo);
    assert!(md.contains("| carts |"), "{md}");
    assert!(md.contains("✗ misses"), "{md}");
}
