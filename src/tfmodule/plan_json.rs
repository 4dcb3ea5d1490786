//! Reads the JSON of `terraform show -json PLANFILE` into the same
//! [`Module`] the HCL reader gives, for modules that need Terraform to
//! evaluate them (modules called, functions, data sources): every managed
//! resource of `planned_values` (child modules too), its values, and, where
//! the configuration refers to another resource, that reference (so a
//! cluster joined to its global cluster reads as it does in HCL, whether
//! the plan knows the id yet or not). Providers' regions come from the
//! configuration, through the plan's variables where a region is one.
//! Values the plan does not know yet are left out, never guessed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::{Module, Nested, Problem, ReadError, Resource, Value};

/// A configuration expression: `{"constant_value": …}`, `{"references":
/// […]}`, or a nested block's list of such maps.
fn reference(expr: Option<&Json>) -> Option<String> {
    expr?
        .get("references")?
        .as_array()?
        .first()?
        .as_str()
        .map(str::to_string)
}

/// Whether a reference names another resource (not a variable, a local,
/// a data source, a module output or an iteration value).
fn to_resource(reference: &str) -> bool {
    let root = reference.split('.').next().unwrap_or("");
    root.contains('_')
}

/// A value with the configuration's references folded in: a reference to
/// another resource wins over the value the plan shows (an ARN, an id, or
/// nothing yet); a variable's value is taken as the plan shows it.
fn value(v: &Json, expr: Option<&Json>) -> Option<Value> {
    if let Some(r) = reference(expr)
        && (to_resource(&r) || v.is_null())
    {
        return Some(Value::Reference(r));
    }
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Number(n.as_f64()?),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(items.iter().filter_map(|i| value(i, None)).collect()),
        Json::Object(o) => Value::Object(
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), value(v, None)?)))
                .collect(),
        ),
    })
}

/// Splits a resource's values into attributes and nested blocks (a list
/// of objects is a block, as the providers' schemas write them).
fn body(values: &Json, exprs: Option<&Json>) -> (BTreeMap<String, Value>, Vec<Nested>) {
    let mut attributes = BTreeMap::new();
    let mut blocks = Vec::new();
    let Some(values) = values.as_object() else {
        return (attributes, blocks);
    };
    for (key, v) in values {
        let expr = exprs.and_then(|e| e.get(key));
        match v {
            Json::Array(items) if !items.is_empty() && items.iter().all(Json::is_object) => {
                for (k, item) in items.iter().enumerate() {
                    let inner = expr.and_then(|e| e.get(k));
                    let (attributes, nested) = body(item, inner);
                    blocks.push(Nested {
                        kind: key.clone(),
                        attributes,
                        blocks: nested,
                    });
                }
            }
            Json::Array(items) if items.is_empty() && expr.is_some_and(Json::is_array) => {}
            _ => {
                if let Some(v) = value(v, expr) {
                    attributes.insert(key.clone(), v);
                }
            }
        }
    }
    // What the configuration refers to that the plan does not know yet.
    if let Some(exprs) = exprs.and_then(Json::as_object) {
        for (key, expr) in exprs {
            if !attributes.contains_key(key)
                && !blocks.iter().any(|b| &b.kind == key)
                && let Some(r) = reference(Some(expr))
            {
                attributes.insert(key.clone(), Value::Reference(r));
            }
            if let Some(items) = expr.as_array()
                && !blocks.iter().any(|b| &b.kind == key)
            {
                for item in items {
                    let (attributes, nested) = body(&Json::Object(Default::default()), Some(item));
                    blocks.push(Nested {
                        kind: key.clone(),
                        attributes,
                        blocks: nested,
                    });
                }
            }
        }
    }
    (attributes, blocks)
}

/// The configuration of each resource by address (without its index),
/// with the module's path prefix: `module.net.aws_x.y`.
fn configurations<'a>(module: &'a Json, prefix: &str, out: &mut BTreeMap<String, &'a Json>) {
    for r in module
        .get("resources")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(a) = r.get("address").and_then(Json::as_str) {
            out.insert(format!("{prefix}{a}"), r);
        }
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(m) = call.get("module") {
            configurations(m, &format!("{prefix}module.{name}."), out);
        }
    }
}

fn planned<'a>(module: &'a Json, out: &mut Vec<&'a Json>) {
    out.extend(
        module
            .get("resources")
            .and_then(Json::as_array)
            .into_iter()
            .flatten(),
    );
    for child in module
        .get("child_modules")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        planned(child, out);
    }
}

/// `aws_x.y[0]` → `aws_x.y`; `module.a["k"].aws_x.y` → `module.a.aws_x.y`.
fn unindexed(address: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Reads `terraform show -json` output.
pub fn read(path: &Path) -> Result<Module, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let plan: Json = serde_json::from_str(&text).map_err(|e| ReadError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let not_a_plan = |what: &str| ReadError::Parse {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: format!(
            "not the JSON of a Terraform plan ({what}); write it with `terraform show -json PLANFILE`"
        ),
    };
    let root = plan
        .get("planned_values")
        .and_then(|p| p.get("root_module"))
        .ok_or_else(|| not_a_plan("no planned_values.root_module"))?;
    let variables: BTreeMap<String, Json> = plan
        .get("variables")
        .and_then(Json::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.get("value")?.clone())))
                .collect()
        })
        .unwrap_or_default();
    let file = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
    let mut module = Module::default();
    let configuration = plan.get("configuration");
    // Providers: "aws" and "aws.ALIAS", their region a constant or a
    // variable of the plan.
    for (key, p) in configuration
        .and_then(|c| c.get("provider_config"))
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
    {
        if p.get("name").and_then(Json::as_str) != Some("aws") {
            continue;
        }
        let region = p.get("expressions").and_then(|e| e.get("region"));
        let region = region
            .and_then(|r| r.get("constant_value"))
            .and_then(Json::as_str)
            .map(str::to_string)
            .or_else(|| {
                let var = reference(region)?;
                variables
                    .get(var.strip_prefix("var.")?)?
                    .as_str()
                    .map(str::to_string)
            });
        if region.is_none() {
            module.problems.push(Problem {
                file: file.clone(),
                line: 0,
                what: format!("provider {key}: its region is not known from the plan"),
            });
        }
        let alias = key.split_once('.').map_or("", |(_, a)| a).to_string();
        module.providers.insert(alias, region);
    }
    let mut configs = BTreeMap::new();
    if let Some(root) = configuration.and_then(|c| c.get("root_module")) {
        configurations(root, "", &mut configs);
    }
    let mut resources = Vec::new();
    planned(root, &mut resources);
    for r in resources {
        if r.get("mode").and_then(Json::as_str) != Some("managed") {
            continue;
        }
        let (Some(address), Some(kind), Some(name)) = (
            r.get("address").and_then(Json::as_str),
            r.get("type").and_then(Json::as_str),
            r.get("name").and_then(Json::as_str),
        ) else {
            continue;
        };
        let config = configs.get(&unindexed(address)).copied();
        let (attributes, blocks) = body(
            r.get("values").unwrap_or(&Json::Null),
            config.and_then(|c| c.get("expressions")),
        );
        // Provider 6.x states each resource's region; before, its
        // provider's does ("aws.dr", or "module.x:aws.dr" in a module).
        let region = attributes
            .get("region")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                let key = config
                    .and_then(|c| c.get("provider_config_key"))
                    .and_then(Json::as_str)
                    .unwrap_or("aws");
                let key = key.rsplit(':').next().unwrap_or(key);
                let alias = key.split_once('.').map_or("", |(_, a)| a);
                module.providers.get(alias).cloned().flatten()
            });
        module.resources.push(Resource {
            kind: kind.to_string(),
            name: name.to_string(),
            address: address.to_string(),
            file: file.clone(),
            line: 0,
            region,
            attributes,
            blocks,
            instances_known: true,
        });
    }
    Ok(module)
}
