//! The module's resources as `recognize` reads them: lookups by address
//! and by reference, attributes, tags and the words of names.

use crate::tfmodule::{Nested, Resource, Value};

use super::Unplaced;

/// The module's resources with lookups by address.
pub(super) struct Index<'m> {
    pub resources: &'m [Resource],
    pub used: Vec<bool>,
    pub unplaced: Vec<Unplaced>,
}

/// `aws_rds_cluster.orders_us_east_1` from a reference such as
/// `aws_rds_cluster.orders_us_east_1[0].arn` (None for `var.`, `data.`…).
pub(super) fn base_of(reference: &str) -> Option<String> {
    let mut parts = reference.splitn(3, '.');
    let kind = parts.next()?;
    let name = parts.next()?;
    // Resource types are provider_type; var., local., data. and the like
    // are not resources.
    if !kind.contains('_') || kind == "each" {
        return None;
    }
    let name = name.split('[').next().unwrap_or(name);
    Some(format!("{kind}.{name}"))
}

pub(super) fn base_address(r: &Resource) -> String {
    format!("{}.{}", r.kind, r.name)
}

/// Every reference base inside a value.
pub(super) fn references(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect_references(v, &mut out);
    out
}

fn collect_references(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Reference(r) | Value::Unknown(r) => {
            // An expression may hold several references
            // (`"${aws_s3_bucket.x.arn}/*"`): every word that reads as one.
            for word in r.split(|c: char| !(c.is_alphanumeric() || "_.[]".contains(c))) {
                out.extend(base_of(word));
            }
        }
        Value::List(items) => items.iter().for_each(|i| collect_references(i, out)),
        Value::Object(o) => o.values().for_each(|i| collect_references(i, out)),
        _ => {}
    }
}

/// Whether `v` points at `target`: by reference, or by the literal value
/// of `target`'s `ident` attribute.
fn refers(v: &Value, target: &Resource, ident: &str) -> bool {
    references(v).contains(&base_address(target))
        || v.as_str().is_some_and(|s| text(target, ident) == Some(s))
}

pub(super) fn attr<'r>(r: &'r Resource, key: &str) -> Option<&'r Value> {
    r.attributes.get(key)
}

pub(super) fn text<'r>(r: &'r Resource, key: &str) -> Option<&'r str> {
    attr(r, key).and_then(Value::as_str)
}

pub(super) fn nested_text<'n>(n: &'n Nested, key: &str) -> Option<&'n str> {
    n.attributes.get(key).and_then(Value::as_str)
}

pub(super) fn blocks<'r>(r: &'r Resource, kind: &'r str) -> impl Iterator<Item = &'r Nested> + 'r {
    r.blocks.iter().filter(move |b| b.kind == kind)
}

/// A tag of the resource (`tags = { "meridian:class" = "orders" }`).
pub(super) fn tag<'r>(r: &'r Resource, key: &str) -> Option<&'r str> {
    match attr(r, "tags") {
        Some(Value::Object(o)) => o.get(key).and_then(Value::as_str),
        _ => None,
    }
}

pub(super) fn object_path<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, key| match v {
        Value::Object(o) => o.get(*key),
        _ => None,
    })
}

impl<'m> Index<'m> {
    pub(super) fn of_kind(&self, kind: &str) -> Vec<usize> {
        (0..self.resources.len())
            .filter(|&i| self.resources[i].kind == kind)
            .collect()
    }

    /// Resources of `kind` that `v` points at: by reference, or by the
    /// literal value of their `ident` attribute.
    pub(super) fn pointed(&self, v: Option<&Value>, kind: &str, ident: &str) -> Vec<usize> {
        let Some(v) = v else { return Vec::new() };
        self.of_kind(kind)
            .into_iter()
            .filter(|&i| refers(v, &self.resources[i], ident))
            .collect()
    }

    /// Whether resource `from`'s attribute `key` points at resource `to`:
    /// by reference, or by the literal value of `to`'s `ident` attribute.
    pub(super) fn points_at(&self, from: usize, key: &str, to: usize, ident: &str) -> bool {
        attr(&self.resources[from], key).is_some_and(|v| refers(v, &self.resources[to], ident))
    }

    /// Whether resource `from`'s attribute `key` refers to resource `to`.
    pub(super) fn mentions(&self, from: usize, key: &str, to: usize) -> bool {
        attr(&self.resources[from], key)
            .is_some_and(|v| references(v).contains(&base_address(&self.resources[to])))
    }

    pub(super) fn skip(&mut self, i: usize, reason: impl Into<String>) {
        let r = &self.resources[i];
        self.used[i] = true;
        self.unplaced.push(Unplaced {
            file: r.file.clone(),
            line: r.line,
            address: r.address.clone(),
            reason: reason.into(),
        });
    }

    pub(super) fn region(&self, i: usize) -> Option<String> {
        self.resources[i].region.clone()
    }
}

/// The words of a name: `shop-orders_us-east-1` → shop, orders, us, east, 1.
pub(super) fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

pub(super) fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// The names a resource goes by: its Terraform name, then its
/// identifiers (which often carry a prefix, such as the spec's name).
pub(super) fn names(r: &Resource) -> Vec<Vec<String>> {
    let mut out = vec![words(&r.name)];
    for key in [
        "name",
        "identifier",
        "cluster_identifier",
        "global_cluster_identifier",
        "bucket",
        "replication_group_id",
        "global_replication_group_id_suffix",
    ] {
        if let Some(s) = text(r, key) {
            out.push(words(s));
        }
    }
    out
}

/// Which of `owners` (names) a resource names: the longest owner name in
/// its Terraform name, else in its identifiers; Err when two owners of
/// that length are.
pub(super) fn owner_by_name(r: &Resource, owners: &[String]) -> Result<Option<usize>, String> {
    let names = names(r);
    let (own, identifiers) = names.split_at(1);
    for pool in [own, identifiers] {
        let mut best: Vec<(usize, usize)> = Vec::new();
        for (i, owner) in owners.iter().enumerate() {
            let w = words(owner);
            if pool.iter().any(|n| contains_words(n, &w)) {
                best.push((w.len(), i));
            }
        }
        let Some(longest) = best.iter().map(|b| b.0).max() else {
            continue;
        };
        let top: Vec<usize> = best
            .iter()
            .filter(|b| b.0 == longest)
            .map(|b| b.1)
            .collect();
        return match top.as_slice() {
            [one] => Ok(Some(*one)),
            _ => Err(format!(
                "its name fits more than one class ({}): tag it with meridian:class",
                top.iter()
                    .map(|i| owners[*i].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
    }
    Ok(None)
}
