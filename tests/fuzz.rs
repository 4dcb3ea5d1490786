//! A mutation fuzzer over the example specs, in `cargo test`: each case
//! takes an example (or the every-engine spec) and applies a few edits a
//! user might make — a value swapped for an extreme or another valid
//! spelling, a pin added under a class, a line dropped, doubled or cut, a
//! byte replaced, a service added — then checks the invariants of
//! `meridian::invariants` on every plan, and that rejected specs carry
//! errors with a line and column. A smaller CLI run checks exit codes and
//! that a rejected spec writes nothing. `PROPTEST_CASES=N` runs longer
//! campaigns (see README, Development).

mod common;

use proptest::prelude::*;

/// Values a numeric or string key may be swapped for.
const VALUES: &[&str] = &[
    "0",
    "-1",
    "1e308",
    "1e16",
    "1e9",
    "1000000000",
    "0.001",
    "nan",
    "inf",
    "-0.0",
    "1e-300",
    "3",
    "\"\"",
    "\"0s\"",
    "\"1ms\"",
    "\"366d\"",
    "\"365d\"",
    "\"1 B\"",
    "\"1 EB\"",
    "\"5 TB\"",
    "\"6 TB\"",
    "\"99.99%\"",
    "\"100%\"",
    "\"us-east-1\"",
    "\"eu-west-1\"",
    "\"ap-south-1\"",
    "\"sa-east-1\"",
    "\"aurora-dsql\"",
    "\"dynamodb-mrsc\"",
    "\"quorum-ec2\"",
    "\"s3\"",
    "\"active-active\"",
    "\"single-region\"",
    "\"pilot-light\"",
    "\"crdt\"",
    "\"strong\"",
    "[]",
    "[\"us-east-1\"]",
    "[\"us-east-2\", \"us-west-2\"]",
    "[\"in\"]",
];

/// Lines a mutation may add under a `[data.*]` header.
const PINS: &[&str] = &[
    "replicas = []",
    "replicas = [\"us-east-1\"]",
    "replicas = [\"us-east-2\", \"us-west-2\"]",
    "replicas = [\"us-east-2\", \"us-west-2\", \"eu-west-1\", \"eu-central-1\"]",
    "topology = \"single-region\"",
    "topology = \"active-passive\"",
    "topology = \"active-active\"",
    "standby = \"pilot-light\"",
    "standby = \"backup-restore\"",
    "engine = \"aurora-dsql\"",
    "engine = \"dynamodb-mrsc\"",
    "engine = \"quorum-ec2\"",
    "engine = \"elasticache-valkey\"",
    "engine = \"s3\"",
    "witness = \"us-east-2\"",
    "witness = \"us-west-2\"",
    "primary = \"eu-west-1\"",
    "primary = \"ap-south-1\"",
    "residency = []",
    "residency = [\"jp\"]",
    "residency = [\"in\"]",
    "instance = \"db.r6g.large\"",
    "rpo = \"0s\"",
    "rto = \"1s\"",
    "read_latency = \"1ms\"",
    "availability = \"99.9999%\"",
    "writes_per_sec = 1e9",
    "item_size = \"5 TB\"",
];

fn specs() -> Vec<String> {
    let mut texts: Vec<String> = common::examples().into_iter().map(|(_, t)| t).collect();
    texts.push(std::fs::read_to_string("tests/specs/every-engine.toml").unwrap());
    texts
}

/// One edit to a spec, chosen by `how` at position `at`.
fn mutate(text: &str, how: u8, at: usize, pick: usize) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = at % lines.len().max(1);
    match how % 8 {
        // Swap a value for another.
        0 | 1 => {
            let candidates: Vec<usize> = (0..lines.len())
                .filter(|i| lines[*i].contains(" = ") && !lines[*i].starts_with('#'))
                .collect();
            if let Some(&i) = candidates.get(at % candidates.len().max(1)) {
                let key = lines[i].split(" = ").next().unwrap_or("").to_string();
                lines[i] = format!("{key} = {}", VALUES[pick % VALUES.len()]);
            }
        }
        // Add a pin under a class header.
        2 | 3 => {
            let headers: Vec<usize> = (0..lines.len())
                .filter(|i| lines[*i].starts_with("[data."))
                .collect();
            if let Some(&i) = headers.get(at % headers.len().max(1)) {
                lines.insert(i + 1, PINS[pick % PINS.len()].to_string());
            }
        }
        4 => {
            lines.remove(n);
        }
        5 => lines.insert(n, lines[n].clone()),
        6 => {
            let half: String = lines[n]
                .chars()
                .take(lines[n].chars().count() / 2)
                .collect();
            lines[n] = half;
        }
        _ => {
            let mut bytes = text.as_bytes().to_vec();
            let k = at % bytes.len();
            bytes[k] = b" =\"[]0a.-\n#%_9e"[pick % 15];
            return String::from_utf8_lossy(&bytes).into_owned();
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    if how % 11 == 10 {
        // A service on some class, or on nothing.
        out.push_str(&format!(
            "\n[services.fuzz]\ninstance = \"m7g.large\"\ndepends_on = {}\n",
            [
                "[]",
                "[\"orders\"]",
                "[\"ledger\", \"fuzz\"]",
                "[\"sessions\", \"nope\"]"
            ][pick % 4]
        ));
    }
    out
}

fn mutated() -> impl Strategy<Value = String> {
    let texts = specs();
    (
        0..texts.len(),
        proptest::collection::vec((any::<u8>(), any::<usize>(), any::<usize>()), 1..4),
    )
        .prop_map(move |(i, edits)| {
            let mut text = texts[i].clone();
            for (how, at, pick) in edits {
                text = mutate(&text, how, at, pick);
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(256)))]

    #[test]
    fn mutated_examples_keep_every_invariant(text in mutated()) {
        let catalog = meridian::catalog::load_embedded().unwrap();
        match meridian::plan_text("fuzz.toml", &text, &catalog) {
            Ok(plan) => {
                if let Err(broken) = meridian::invariants::check(&plan) {
                    prop_assert!(false, "{broken}\n--- spec ---\n{text}");
                }
            }
            Err(errors) => {
                prop_assert!(!errors.errors.is_empty());
                for e in &errors.errors {
                    prop_assert!(e.line >= 1 && e.column >= 1, "{e:?}");
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(12)))]

    /// The binary: exit 0, 1 or 2; on 2 nothing is written; same bytes twice.
    #[test]
    fn the_cli_exits_0_1_or_2_and_writes_nothing_on_2(text in mutated()) {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("meridian-fuzz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("fuzz.toml");
        std::fs::write(&spec, &text).unwrap();
        let out_dir = dir.join("out");
        let run = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_meridian"))
                .args(["plan", spec.to_str().unwrap(), "--format", "json", "--out", out_dir.to_str().unwrap(), "--force"])
                .env("NO_COLOR", "1")
                .output()
                .unwrap()
        };
        let first = run();
        let code = first.status.code();
        prop_assert!(matches!(code, Some(0..=2)), "exit {code:?}: {}", String::from_utf8_lossy(&first.stderr));
        if code == Some(2) {
            prop_assert!(!out_dir.exists(), "wrote {} on exit 2", out_dir.display());
            prop_assert!(first.stdout.is_empty());
            prop_assert!(!String::from_utf8_lossy(&first.stderr).contains("internal error"), "{}", String::from_utf8_lossy(&first.stderr));
        } else {
            let second = run();
            prop_assert_eq!(first.stdout, second.stdout);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
