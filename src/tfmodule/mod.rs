//! Reads a Terraform root module a team already runs, for `assess` (issue
//! 18; this is its first stage): the `.tf` files parsed with hcl-edit
//! (spans kept, so every entry names its file and line), input variables
//! from their defaults, `terraform.tfvars` and `*.auto.tfvars`, locals,
//! the `aws` providers' regions by alias, and every `resource` with its
//! address, file, line, region and attributes.
//!
//! It evaluates literals, `var.*` and `local.*` references, and literal
//! `count` and `for_each` (instances expanded); anything else is kept as
//! what it is (a reference to another resource, or an expression it does
//! not evaluate), never guessed. What it cannot place (a count it cannot
//! know, a variable with no value) is listed in `problems` with its file
//! and line. It knows nothing of meridian's designs or catalog.
//!
//! [`read_plan_json`] reads the same from `terraform show -json`, for
//! modules that need Terraform to evaluate them.

mod plan_json;

pub use plan_json::read as read_plan_json;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::{Block, Body, Structure};

/// A value as far as the module states it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    List(Vec<Value>),
    Object(BTreeMap<String, Value>),
    /// A reference to something else in the module ("aws.eu_west_1",
    /// "aws_kms_key.eu_west_1.arn").
    Reference(String),
    /// An expression not evaluated here, as written.
    Unknown(String),
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A nested block of a resource (`replica { region_name = … }`).
#[derive(Debug, Clone, PartialEq)]
pub struct Nested {
    pub kind: String,
    pub attributes: BTreeMap<String, Value>,
    pub blocks: Vec<Nested>,
}

/// One resource instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// "aws_dynamodb_table", and the name: "carts".
    pub kind: String,
    pub name: String,
    /// Terraform's address: `aws_db_instance.orders_us_east_1[1]`.
    pub address: String,
    /// The file in the module folder (its name only: a root module's
    /// files are all in that folder).
    pub file: PathBuf,
    pub line: usize,
    /// The region of its provider (`provider = aws.ALIAS`, else the
    /// default `aws` provider); None when that provider states none.
    pub region: Option<String>,
    pub attributes: BTreeMap<String, Value>,
    pub blocks: Vec<Nested>,
    /// False when its `count` or `for_each` is not known here: then it
    /// stands for an unknown number of instances, read once (address
    /// without an index), and `problems` says where.
    pub instances_known: bool,
}

/// Something the reader could not evaluate, where.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub what: String,
}

/// A root module as read.
#[derive(Debug, Clone, Default)]
pub struct Module {
    pub resources: Vec<Resource>,
    /// Region of each `aws` provider by alias ("" for the default one).
    pub providers: BTreeMap<String, Option<String>>,
    pub problems: Vec<Problem>,
}

/// Why a module could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: no .tf files")]
    Empty { path: PathBuf },
}

/// One parsed file and the text its spans point into.
struct Source {
    /// The file's name in the module folder, for what the module holds.
    name: PathBuf,
    text: String,
    body: Body,
}

impl Source {
    fn line(&self, span: Option<Range<usize>>) -> usize {
        span.map_or(0, |s| {
            self.text[..s.start.min(self.text.len())]
                .matches('\n')
                .count()
                + 1
        })
    }
}

fn parse(path: &Path) -> Result<Source, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let body = hcl_edit::parser::parse_body(&text).map_err(|e| ReadError::Parse {
        path: path.to_path_buf(),
        line: e.location().line(),
        column: e.location().column(),
        message: e.message().to_string(),
    })?;
    Ok(Source {
        name: PathBuf::from(path.file_name().unwrap_or(path.as_os_str())),
        text,
        body,
    })
}

/// Files of `dir` whose name ends in `suffix` (or is `suffix`, which
/// Terraform reads as a file name: `terraform.tfvars`), sorted: the same
/// module reads the same.
fn files(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>, ReadError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ReadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p
                .file_name()
                .map_or(String::new(), |n| n.to_string_lossy().into());
            p.is_file()
                && if suffix.starts_with('.') {
                    name.ends_with(suffix)
                } else {
                    name == suffix
                }
        })
        .collect();
    out.sort();
    Ok(out)
}

/// One instance of a resource block: its address suffix (`[1]`,
/// `["eu"]`), `count.index`, and `each.key`/`each.value`.
type Instance = (String, Option<f64>, Option<(String, Value)>);

/// What names resolve to while evaluating.
#[derive(Default)]
struct Scope {
    vars: BTreeMap<String, Value>,
    locals: BTreeMap<String, Value>,
    /// `count.index` or `each.key` / `each.value` of the instance read.
    count_index: Option<f64>,
    each: Option<(String, Value)>,
}

fn eval(expr: &Expression, scope: &Scope) -> Value {
    match expr {
        Expression::Null(_) => Value::Null,
        Expression::Bool(b) => Value::Bool(*b.value()),
        Expression::Number(n) => n
            .value()
            .as_f64()
            .map_or_else(|| Value::Unknown(expr.to_string()), Value::Number),
        Expression::String(s) => Value::String(s.value().to_string()),
        Expression::Array(a) => Value::List(a.iter().map(|e| eval(e, scope)).collect()),
        Expression::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_string(),
                        ObjectKey::Expression(e) => match eval(e, scope) {
                            Value::String(s) => s,
                            other => format!("{other:?}"),
                        },
                    };
                    (key, eval(v.expr(), scope))
                })
                .collect(),
        ),
        Expression::Parenthesis(p) => eval(p.inner(), scope),
        Expression::Traversal(t) => traversal(t, scope)
            .unwrap_or_else(|| Value::Reference(expr.to_string().trim().to_string())),
        // `jsonencode(…)` of a literal structure (a CloudFormation template
        // body, a policy): read as the structure it encodes.
        Expression::FuncCall(f)
            if f.name.name.as_str() == "jsonencode" && f.args.iter().count() == 1 =>
        {
            f.args
                .iter()
                .next()
                .map_or(Value::Null, |arg| eval(arg, scope))
        }
        _ => Value::Unknown(expr.to_string().trim().to_string()),
    }
}

/// `var.x`, `local.x`, `count.index`, `each.key`/`each.value` (with
/// attribute access into objects); None for other references.
fn traversal(t: &hcl_edit::expr::Traversal, scope: &Scope) -> Option<Value> {
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let names: Vec<&str> = t
        .operators
        .iter()
        .map(|op| match op.value() {
            TraversalOperator::GetAttr(i) => Some(i.as_str()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let (first, rest) = names.split_first()?;
    let mut value = match (root.as_str(), *first) {
        ("var", name) => scope.vars.get(name).cloned()?,
        ("local", name) => scope.locals.get(name).cloned()?,
        ("count", "index") => Value::Number(scope.count_index?),
        ("each", "key") => Value::String(scope.each.as_ref()?.0.clone()),
        ("each", "value") => scope.each.as_ref()?.1.clone(),
        _ => return None,
    };
    for name in rest {
        value = match value {
            Value::Object(mut o) => o.remove(*name)?,
            _ => return None,
        };
    }
    Some(value)
}

fn attributes(body: &Body, scope: &Scope) -> BTreeMap<String, Value> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Attribute(a) => Some((a.key.as_str().to_string(), eval(&a.value, scope))),
            Structure::Block(_) => None,
        })
        .collect()
}

fn nested(body: &Body, scope: &Scope) -> Vec<Nested> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) => Some(Nested {
                kind: b.ident.as_str().to_string(),
                attributes: attributes(&b.body, scope),
                blocks: nested(&b.body, scope),
            }),
            Structure::Attribute(_) => None,
        })
        .collect()
}

fn labels(b: &Block) -> Vec<String> {
    b.labels.iter().map(|l| l.as_str().to_string()).collect()
}

/// Reads the root module in `dir`.
pub fn read(dir: &Path) -> Result<Module, ReadError> {
    let sources: Vec<Source> = files(dir, ".tf")?
        .iter()
        .map(|p| parse(p))
        .collect::<Result<_, _>>()?;
    if sources.is_empty() {
        return Err(ReadError::Empty {
            path: dir.to_path_buf(),
        });
    }
    let mut module = Module::default();
    let mut scope = Scope::default();
    let blocks = || {
        sources.iter().flat_map(|src| {
            src.body.iter().filter_map(move |s| match s {
                Structure::Block(b) => Some((src, b)),
                Structure::Attribute(_) => None,
            })
        })
    };
    // Variables: defaults, then terraform.tfvars, then *.auto.tfvars in
    // name order (Terraform's precedence among files).
    let mut declared: Vec<(String, &Source, &Block)> = Vec::new();
    for (src, b) in blocks().filter(|(_, b)| b.ident.as_str() == "variable") {
        let Some(name) = labels(b).into_iter().next() else {
            continue;
        };
        if let Some(default) = b.body.get_attribute("default") {
            scope
                .vars
                .insert(name.clone(), eval(&default.value, &Scope::default()));
        }
        declared.push((name, src, b));
    }
    let mut value_files: Vec<PathBuf> = files(dir, "terraform.tfvars")?;
    value_files.extend(files(dir, ".auto.tfvars")?);
    for path in value_files {
        let src = parse(&path)?;
        for s in src.body.iter() {
            if let Structure::Attribute(a) = s {
                scope.vars.insert(
                    a.key.as_str().to_string(),
                    eval(&a.value, &Scope::default()),
                );
            }
        }
    }
    for (name, src, b) in &declared {
        if !scope.vars.contains_key(name) {
            module.problems.push(Problem {
                file: src.name.clone(),
                line: src.line(b.span()),
                what: format!(
                    "variable \"{name}\" has no value (no default, not in terraform.tfvars or *.auto.tfvars)"
                ),
            });
        }
    }
    // Locals, in file order (a local using a later one stays unknown).
    for (_, b) in blocks().filter(|(_, b)| b.ident.as_str() == "locals") {
        for s in b.body.iter() {
            if let Structure::Attribute(a) = s {
                let v = eval(&a.value, &scope);
                scope.locals.insert(a.key.as_str().to_string(), v);
            }
        }
    }
    for (_, b) in blocks().filter(|(_, b)| b.ident.as_str() == "provider") {
        if labels(b).first().map(String::as_str) != Some("aws") {
            continue;
        }
        let attrs = attributes(&b.body, &scope);
        let alias = attrs
            .get("alias")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let region = attrs
            .get("region")
            .and_then(Value::as_str)
            .map(str::to_string);
        module.providers.insert(alias, region);
    }
    for (src, b) in blocks().filter(|(_, b)| b.ident.as_str() == "resource") {
        let l = labels(b);
        let (Some(kind), Some(name)) = (l.first(), l.get(1)) else {
            continue;
        };
        let line = src.line(b.span());
        let mut known = true;
        // A count or for_each not known here: one entry for the resource,
        // marked so, and a problem with its line.
        let mut unknown = |what: &str, value: &Value| -> Vec<Instance> {
            module.problems.push(Problem {
                file: src.name.clone(),
                line,
                what: format!("{kind}.{name}: {what} known here ({})", describe(value)),
            });
            known = false;
            vec![(String::new(), None, None)]
        };
        let instances: Vec<Instance> = match (
            b.body.get_attribute("count"),
            b.body.get_attribute("for_each"),
        ) {
            (Some(c), _) => match eval(&c.value, &scope) {
                Value::Number(n) if n >= 0.0 && n.fract() == 0.0 => (0..n as usize)
                    .map(|i| (format!("[{i}]"), Some(i as f64), None))
                    .collect(),
                other => unknown("count is not a number", &other),
            },
            (None, Some(f)) => match eval(&f.value, &scope) {
                Value::Object(o) => o
                    .into_iter()
                    .map(|(k, v)| (format!("[\"{k}\"]"), None, Some((k, v))))
                    .collect(),
                Value::List(items) if items.iter().all(|v| v.as_str().is_some()) => items
                    .into_iter()
                    .filter_map(|v| {
                        let k = v.as_str()?.to_string();
                        Some((format!("[\"{k}\"]"), None, Some((k.clone(), v))))
                    })
                    .collect(),
                other => unknown("for_each is not a map or set", &other),
            },
            (None, None) => vec![(String::new(), None, None)],
        };
        for (suffix, index, each) in instances {
            // The instance's own names, beside the module's variables and
            // locals (not copied per instance).
            scope.count_index = index;
            scope.each = each;
            let instance = &scope;
            let attributes = attributes(&b.body, instance);
            let alias = match attributes.get("provider") {
                Some(Value::Reference(r)) => r.strip_prefix("aws.").unwrap_or(r).to_string(),
                _ => String::new(),
            };
            let region = module.providers.get(&alias).cloned().flatten();
            module.resources.push(Resource {
                kind: kind.clone(),
                name: name.clone(),
                address: format!("{kind}.{name}{suffix}"),
                file: src.name.clone(),
                line,
                region,
                blocks: nested(&b.body, instance),
                attributes,
                instances_known: known,
            });
        }
        (scope.count_index, scope.each) = (None, None);
    }
    Ok(module)
}

fn describe(v: &Value) -> String {
    match v {
        Value::Unknown(text) | Value::Reference(text) => text.clone(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn module(files: &[(&str, &str)]) -> Result<Module, ReadError> {
        let dir = std::env::temp_dir().join(format!(
            "meridian-tfmodule-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        let out = read(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        out
    }

    #[test]
    fn resources_get_their_provider_region_counts_and_variables() {
        let m = module(&[
            (
                "main.tf",
                r#"
variable "replicas" {
  default = 2
}
variable "name" {}
locals {
  prefix = "shop"
}
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}
resource "aws_dynamodb_table" "carts" {
  provider     = aws.eu
  name         = local.prefix
  billing_mode = "PROVISIONED"
  read_capacity = var.replicas
  replica {
    region_name = "us-east-1"
  }
}
resource "aws_db_instance" "r" {
  count      = var.replicas
  identifier = var.name
}
resource "aws_s3_bucket" "b" {
  count = length(var.list)
}
"#,
            ),
            ("terraform.tfvars", "name = \"orders\"\n"),
            // Terraform reads terraform.tfvars by name, not this one.
            ("old.terraform.tfvars", "name = \"not-read\"\n"),
        ])
        .unwrap();
        assert_eq!(m.providers.get("eu"), Some(&Some("eu-west-1".to_string())));
        let carts = &m.resources[0];
        assert_eq!(carts.address, "aws_dynamodb_table.carts");
        assert_eq!(carts.region.as_deref(), Some("eu-west-1"));
        assert_eq!(carts.attributes["name"], Value::String("shop".into()));
        assert_eq!(carts.attributes["read_capacity"], Value::Number(2.0));
        assert_eq!(carts.line, 16);
        assert_eq!(carts.blocks[0].kind, "replica");
        assert_eq!(
            carts.blocks[0].attributes["region_name"],
            Value::String("us-east-1".into())
        );
        // count expanded; the default provider's region; tfvars over defaults.
        let rds: Vec<&Resource> = m.resources.iter().filter(|r| r.name == "r").collect();
        assert_eq!(rds.len(), 2);
        assert_eq!(rds[1].address, "aws_db_instance.r[1]");
        assert_eq!(rds[0].region.as_deref(), Some("us-east-1"));
        assert_eq!(
            rds[0].attributes["identifier"],
            Value::String("orders".into())
        );
        // A count it cannot know is a problem with its line, not a guess:
        // the resource is read once, marked as of unknown instances.
        let b: Vec<&Resource> = m.resources.iter().filter(|r| r.name == "b").collect();
        assert_eq!(b.len(), 1);
        assert!(!b[0].instances_known);
        assert!(rds.iter().all(|r| r.instances_known));
        assert!(
            m.problems
                .iter()
                .any(|p| p.line == 29 && p.what.contains("count is not a number")),
            "{:?}",
            m.problems
        );
    }

    #[test]
    fn a_module_that_does_not_parse_names_file_line_and_column() {
        let err = module(&[("bad.tf", "resource \"a\" \"b\" {\n  x = \n}\n")]).unwrap_err();
        match err {
            ReadError::Parse { path, line, .. } => {
                assert!(path.ends_with("bad.tf"));
                assert_eq!(line, 2);
            }
            other => panic!("{other}"),
        }
    }
}
