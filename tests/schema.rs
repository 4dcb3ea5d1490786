//! The spec's JSON Schema (`meridian schema`) as editors use it: it is a
//! valid draft-7 schema, every example spec passes it, typical mistakes
//! fail it, its keys are the README's spec reference key for key, its unit
//! patterns agree with meridian's own unit parsers, and it prints the same
//! bytes every run. Also `meridian completions`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

use meridian::catalog;
use meridian::spec::schema::{self, SpecDocument};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn the_schema() -> Value {
    schema::schema(&catalog::load_embedded().expect("embedded catalog"))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft7::new(&the_schema()).expect("the schema compiles")
}

/// Every example and the every-engine fixture.
fn spec_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files.push(root().join("tests/specs/every-engine.toml"));
    files
}

fn toml_to_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).expect("valid TOML");
    serde_json::to_value(table).expect("TOML converts to JSON")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_a_valid_draft_7_schema() {
    let schema = the_schema();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-07/schema#",
        "taplo reads draft 7"
    );
    assert!(jsonschema::meta::is_valid(&schema));
}

#[test]
fn every_example_passes_the_schema() {
    let validator = validator();
    let files = spec_files();
    assert!(files.len() >= 5, "examples found: {files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let errors = errors(&validator, &toml_to_json(&text));
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        // The document types read it too: they mirror the spec.
        let doc: Result<SpecDocument, _> = toml::from_str(&text);
        assert!(doc.is_ok(), "{}: {:?}", path.display(), doc.err());
    }
}

const GOOD: &str = r#"name = "mini"
regions = ["us-east-1", "us-west-2"]

[users.everyone]
near = "us-east-1"
share = 1.0

[data.orders]
kind = "relational"
size = "100 GB"
reads_per_sec = 100
writes_per_sec = 10
rpo = "5s"
rto = "1h 30m"
availability = 0.999
witness = "us-east-2"

[services.api]
depends_on = ["orders"]
instance = "m7g.large"
instances_per_region = 3
"#;

#[test]
fn mistakes_fail_the_schema() {
    let validator = validator();
    assert_eq!(
        errors(&validator, &toml_to_json(GOOD)),
        Vec::<String>::new()
    );
    let bad = [
        (
            "unknown top-level key",
            GOOD.replace("name = \"mini\"", "name = \"mini\"\nowner = \"me\""),
        ),
        (
            "unknown data key",
            GOOD.replace("kind = \"relational\"", "kind = \"relational\"\nrpo_s = 5"),
        ),
        (
            "unknown users key",
            GOOD.replace("share = 1.0", "share = 1.0\nweight = 2"),
        ),
        (
            "unknown service key",
            GOOD.replace(
                "instances_per_region = 3",
                "instances_per_region = 3\nram = 4",
            ),
        ),
        ("kind graph", GOOD.replace("\"relational\"", "\"graph\"")),
        ("share 0", GOOD.replace("share = 1.0", "share = 0")),
        ("share above 1", GOOD.replace("share = 1.0", "share = 1.5")),
        (
            "negative reads",
            GOOD.replace("reads_per_sec = 100", "reads_per_sec = -1"),
        ),
        (
            "too many writes",
            GOOD.replace("writes_per_sec = 10", "writes_per_sec = 2e9"),
        ),
        ("bad duration", GOOD.replace("\"5s\"", "\"5 minutes\"")),
        ("duration without unit", GOOD.replace("\"5s\"", "\"5\"")),
        ("bad size", GOOD.replace("\"100 GB\"", "\"100 gigs\"")),
        ("availability 1", GOOD.replace("0.999", "1")),
        ("availability without %", GOOD.replace("0.999", "\"99.9\"")),
        (
            "unknown region",
            GOOD.replace("\"us-east-2\"", "\"eu-west1\""),
        ),
        (
            "unknown instance type",
            GOOD.replace("\"m7g.large\"", "\"m7g.huge\""),
        ),
        (
            "no instances",
            GOOD.replace("instances_per_region = 3", "instances_per_region = 0"),
        ),
        (
            "fractional instances",
            GOOD.replace("instances_per_region = 3", "instances_per_region = 2.5"),
        ),
        ("capital name", GOOD.replace("\"mini\"", "\"Mini\"")),
        (
            "bad table name",
            GOOD.replace("[data.orders]", "[data.Orders]"),
        ),
        (
            "long table name",
            GOOD.replace("[data.orders]", &format!("[data.{}]", "o".repeat(49))),
        ),
        (
            "lat out of range",
            GOOD.replace("near = \"us-east-1\"", "lat = 91\nlon = 0"),
        ),
        (
            "lon out of range",
            GOOD.replace("near = \"us-east-1\"", "lat = 0\nlon = -181"),
        ),
        (
            "no users",
            GOOD.replace(
                "[users.everyone]\nnear = \"us-east-1\"\nshare = 1.0\n",
                "[users]\n",
            ),
        ),
        ("no kind", GOOD.replace("kind = \"relational\"\n", "")),
        // meridian rejects a region listed twice, an empty residency and a
        // service with no dependencies, and so does the schema.
        (
            "repeated replica",
            GOOD.replace(
                "witness = \"us-east-2\"",
                "replicas = [\"us-west-2\", \"us-west-2\"]",
            ),
        ),
        (
            "no dependencies",
            GOOD.replace("depends_on = [\"orders\"]\n", ""),
        ),
        (
            "empty dependencies",
            GOOD.replace("depends_on = [\"orders\"]", "depends_on = []"),
        ),
        (
            "empty residency",
            GOOD.replace("witness = \"us-east-2\"", "residency = []"),
        ),
    ];
    // meridian takes repeated dependencies, so the schema does too.
    let repeated = GOOD.replace("[\"orders\"]", "[\"orders\", \"orders\"]");
    assert_eq!(
        errors(&validator, &toml_to_json(&repeated)),
        Vec::<String>::new()
    );
    for (what, text) in bad {
        assert_ne!(text, GOOD, "{what}: the edit applies");
        assert!(
            !validator.is_valid(&toml_to_json(&text)),
            "{what} passes the schema:\n{text}"
        );
    }
}

/// Resolves `{"$ref": ...}` (also wrapped in `allOf`) to its definition.
fn resolve<'a>(schema: &'a Value, node: &'a Value) -> &'a Value {
    let reference = node
        .get("$ref")
        .or_else(|| node.get("allOf").and_then(|a| a[0].get("$ref")));
    match reference.and_then(Value::as_str) {
        Some(r) => {
            let name = r.strip_prefix("#/definitions/").expect("local definition");
            resolve(schema, &schema["definitions"][name])
        }
        None => node,
    }
}

fn keys(object: &Value) -> BTreeSet<String> {
    object
        .as_object()
        .expect("properties")
        .keys()
        .cloned()
        .collect()
}

/// Keys in the first column of the README's tables under each spec
/// reference heading (`[users.NAME]` as `users`, `lat`, `lon` as two keys).
fn readme_keys(heading: &str) -> BTreeSet<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let reference = readme
        .split("## Spec reference (v1)")
        .nth(1)
        .expect("README has the spec reference");
    let reference = reference.split("\n## ").next().unwrap();
    let section = reference
        .split("\n### ")
        .find(|s| s.lines().next() == Some(heading))
        .unwrap_or_else(|| panic!("README has no heading ### {heading}"));
    let mut keys = BTreeSet::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap();
        for key in first.split('`').skip(1).step_by(2) {
            let key = key
                .strip_prefix('[')
                .and_then(|k| k.strip_suffix(".NAME]"))
                .unwrap_or(key);
            keys.insert(key.to_string());
        }
    }
    assert!(!keys.is_empty(), "no key rows under ### {heading}");
    keys
}

#[test]
fn the_schema_has_the_readme_keys() {
    let schema = the_schema();
    let top = &schema["properties"];
    let table =
        |key: &str| keys(&resolve(&schema, &top[key]["additionalProperties"])["properties"]);
    assert_eq!(keys(top), readme_keys("Top level"), "top level");
    assert_eq!(
        table("users"),
        readme_keys("`[users.NAME]`"),
        "[users.NAME]"
    );
    assert_eq!(
        table("data"),
        readme_keys("`[data.NAME]`"),
        "[data.NAME] and its pins"
    );
    assert_eq!(
        table("services"),
        readme_keys("`[services.NAME]`"),
        "[services.NAME]"
    );
    assert_eq!(
        keys(&resolve(&schema, &top["static_assets"])["properties"]),
        readme_keys("`[static_assets]`"),
        "[static_assets]"
    );
}

#[test]
fn every_key_has_a_description_and_no_extra_keys_are_allowed() {
    let schema = the_schema();
    let mut tables = vec![("top level".to_string(), &schema)];
    for key in ["users", "data", "services"] {
        tables.push((
            key.to_string(),
            resolve(&schema, &schema["properties"][key]["additionalProperties"]),
        ));
    }
    for (name, table) in tables {
        assert_eq!(table["additionalProperties"], false, "{name}");
        for (key, property) in table["properties"].as_object().unwrap() {
            let described = property
                .get("description")
                .or_else(|| resolve(&schema, property).get("description"));
            assert!(described.is_some(), "{name}.{key} has no description");
        }
    }
}

#[test]
fn the_catalog_names_are_enums() {
    let catalog = catalog::load_embedded().unwrap();
    let schema = schema::schema(&catalog);
    let names = |definition: &str| -> Vec<String> {
        serde_json::from_value(schema["definitions"][definition]["enum"].clone()).unwrap()
    };
    assert_eq!(names("RegionId").len(), catalog.regions.len());
    assert!(names("RegionId").contains(&"eu-west-1".to_string()));
    assert!(names("EngineId").contains(&"dynamodb-mrsc".to_string()));
    assert!(names("Ec2InstanceType").contains(&"m7g.large".to_string()));
    assert!(
        names("EngineInstanceClass")
            .iter()
            .any(|n| n.starts_with("db."))
    );
    assert_eq!(
        names("Kind"),
        ["relational", "key-value", "object", "cache"]
    );
}

/// The patterns accept what meridian's parsers accept, and reject what
/// they reject, for the spellings the README documents.
#[test]
fn unit_patterns_agree_with_the_parsers() {
    let matches = |pattern: &str, text: &str| {
        jsonschema::draft7::is_valid(
            &serde_json::json!({ "type": "string", "pattern": pattern }),
            &Value::from(text),
        )
    };
    for good in ["0s", "250ms", "5m", "1h 30m", "1d", "90s", "2h30m", " 10m "] {
        assert!(matches(schema::DURATION_PATTERN, good), "{good}");
        assert!(meridian::units::parse_duration_s(good).is_ok(), "{good}");
    }
    for bad in ["5", "5 minutes please", "m", "1.5h", "-5s", ""] {
        assert!(!matches(schema::DURATION_PATTERN, bad), "{bad}");
    }
    for good in [
        "500 GB", "2 KiB", "10 B", "1 TiB", "1.5 TB", "3 PB", "1 EB", "2 PiB", "1 EiB", "100GB",
    ] {
        assert!(matches(schema::SIZE_PATTERN, good), "{good}");
        assert!(meridian::units::parse_size_bytes(good).is_ok(), "{good}");
    }
    for bad in ["ten GB", "500", "GB", "-1 GB", "5 ZB"] {
        assert!(!matches(schema::SIZE_PATTERN, bad), "{bad}");
        assert!(
            meridian::units::parse_size_bytes(bad).is_err() || bad == "500",
            "{bad}"
        );
    }
    for good in ["99.99%", "99.9%", "99 %", "50%"] {
        assert!(matches(schema::PERCENT_PATTERN, good), "{good}");
        assert!(
            meridian::units::parse_availability_percent(good).is_ok(),
            "{good}"
        );
    }
    for bad in ["99.99", "%", "ninety%"] {
        assert!(!matches(schema::PERCENT_PATTERN, bad), "{bad}");
    }
}

fn meridian(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_meridian"))
        .args(args)
        .output()
        .expect("meridian runs")
}

#[test]
fn meridian_schema_prints_the_same_bytes_every_run() {
    let first = meridian(&["schema"]);
    assert!(first.status.success());
    let second = meridian(&["schema"]);
    assert_eq!(first.stdout, second.stdout);
    let catalog = catalog::load_embedded().unwrap();
    let text = String::from_utf8(first.stdout).unwrap();
    assert_eq!(text, schema::render(&catalog));
    assert_eq!(text, schema::render(&catalog));
    assert!(text.ends_with("}\n"));
    let printed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(printed, the_schema());
    let with_catalog = meridian(&[
        "schema",
        "--catalog",
        &root().join("catalogs").display().to_string(),
    ]);
    assert!(with_catalog.status.success());
    assert_eq!(String::from_utf8(with_catalog.stdout).unwrap(), text);
}

#[test]
fn meridian_completions_bash() {
    let out = meridian(&["completions", "bash"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("plan"), "{text}");
    assert!(text.contains("meridian"));
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = meridian(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(!out.stdout.is_empty(), "{shell}");
    }
    assert!(!meridian(&["completions", "tcsh"]).status.success());
}
