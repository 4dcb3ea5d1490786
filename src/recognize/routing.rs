//! The traffic mechanism each class is reached through: Route 53 records
//! and health checks, Global Accelerator, ARC routing controls, named for
//! the class or for a service that depends on it. A service's routing
//! carries every class it needs (users fail over through it), unless its
//! routing is tagged `meridian:class`: then it carries that class only (as
//! meridian's own modules say: a service fails over with the data class
//! of shortest RTO it needs).

use std::collections::{BTreeMap, BTreeSet};

use crate::catalog::Catalog;
use crate::spec::Spec;
use crate::tfmodule::Value;

use super::module::{Index, attr, owner_by_name, tag, text};

/// The traffic mechanisms the module routes each owner (a class or a
/// service) through, and its health-check speed.
#[derive(Default)]
pub(super) struct Routing {
    /// Per owner name: mechanism ids found, and intervals seen.
    by_owner: BTreeMap<String, (BTreeSet<usize>, BTreeSet<u32>)>,
    /// Services whose routing is tagged with the one class it carries.
    carries: BTreeMap<String, String>,
}

impl Routing {
    /// The owners whose routing carries `class`: itself and the services
    /// that depend on it (those whose routing names no other class).
    fn owners(&self, class: usize, spec: &Spec) -> Vec<String> {
        let name = &spec.data[class].name;
        let mut out = vec![name.clone()];
        for s in &spec.services {
            if s.depends_on.contains(&crate::spec::Dependency::Data(class))
                && self.carries.get(&s.name).is_none_or(|c| c == name)
            {
                out.push(s.name.clone());
            }
        }
        out
    }

    fn mechanisms(&self, class: usize, spec: &Spec) -> (BTreeSet<usize>, BTreeSet<u32>) {
        let mut m = BTreeSet::new();
        let mut speeds = BTreeSet::new();
        for o in self.owners(class, spec) {
            if let Some((ms, ss)) = self.by_owner.get(&o) {
                m.extend(ms);
                speeds.extend(ss);
            }
        }
        (m, speeds)
    }

    pub(super) fn of_class(&self, class: usize, spec: &Spec) -> (Option<usize>, Option<bool>) {
        let (m, speeds) = self.mechanisms(class, spec);
        match (m.len(), speeds.len()) {
            (1, 1) => (m.first().copied(), speeds.first().map(|s| *s <= 10)),
            (1, _) => (m.first().copied(), None),
            _ => (None, None),
        }
    }

    pub(super) fn conflict(&self, class: usize, spec: &Spec) -> Option<String> {
        let (m, speeds) = self.mechanisms(class, spec);
        if m.len() > 1 {
            Some("the services that reach it use different traffic mechanisms: the cheapest of those the spec allows is assessed".into())
        } else if speeds.len() > 1 {
            Some("its health checks differ in interval: the cheaper interval that meets the SLOs is assessed".into())
        } else {
            None
        }
    }
}

pub(super) fn read(ix: &mut Index, spec: &Spec, catalog: &Catalog) -> Routing {
    let owners: Vec<String> = spec
        .data
        .iter()
        .map(|c| c.name.clone())
        .chain(spec.services.iter().map(|s| s.name.clone()))
        .collect();
    let mechanism = |id: &str| catalog.traffic.mechanisms.iter().position(|m| m.id == id);
    let is_service = |name: &str| spec.services.iter().any(|s| s.name == name);
    let mut out = Routing::default();
    // ARC routing controls first: their switch health checks are part of
    // the ARC mechanism, not Route 53's.
    let kinds: [(&str, &str); 5] = [
        ("aws_route53recoverycontrolconfig_routing_control", "arc"),
        ("aws_globalaccelerator_accelerator", "global-accelerator"),
        ("aws_globalaccelerator_endpoint_group", "global-accelerator"),
        ("aws_route53_health_check", "route53"),
        ("aws_route53_record", "route53"),
    ];
    for (kind, id) in kinds {
        for i in ix.of_kind(kind) {
            let r = &ix.resources[i];
            let named = match owner_by_name(r, &owners) {
                Ok(o) => o.map(|k| owners[k].clone()),
                Err(why) => {
                    ix.skip(i, why);
                    continue;
                }
            };
            let owner = match (tag(r, "meridian:class"), tag(r, "meridian:service")) {
                (Some(class), _) => {
                    if let Some(service) = named.as_ref().filter(|n| is_service(n)) {
                        out.carries.insert(service.clone(), class.to_string());
                    }
                    Some(class.to_string())
                }
                (None, Some(service)) => Some(service.to_string()),
                (None, None) => named,
            };
            let Some(owner) = owner else {
                if kind == "aws_route53_record" {
                    // Records of other names (MX, TXT, …) are not routing.
                    ix.skip(i, "a record no data class or service of the spec names");
                } else {
                    ix.skip(i, "routing no data class or service of the spec names");
                }
                continue;
            };
            let entry = out.by_owner.entry(owner).or_default();
            let is_switch =
                kind == "aws_route53_health_check" && text(r, "type") == Some("RECOVERY_CONTROL");
            let has_arc = entry
                .0
                .iter()
                .any(|m| catalog.traffic.mechanisms[*m].id != "route53");
            let counts = match kind {
                "aws_route53_record" => {
                    attr(r, "health_check_id").is_some()
                        || r.blocks.iter().any(|b| b.kind.ends_with("routing_policy"))
                }
                "aws_route53_health_check" => !is_switch,
                _ => true,
            };
            // Route 53 records in front of an accelerator or behind ARC
            // controls are part of that mechanism.
            if counts && !(id == "route53" && has_arc) {
                entry.0.extend(mechanism(id));
            }
            let interval = match kind {
                "aws_route53_health_check" if !is_switch => attr(r, "request_interval")
                    .and_then(Value::as_f64)
                    .or(Some(30.0)),
                "aws_globalaccelerator_endpoint_group" => attr(r, "health_check_interval_seconds")
                    .and_then(Value::as_f64)
                    .or(Some(30.0)),
                _ => None,
            };
            entry.1.extend(interval.map(|s| s as u32));
            ix.used[i] = true;
        }
    }
    out
}
