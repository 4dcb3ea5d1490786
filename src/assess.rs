//! `meridian assess`: the design a team already runs, measured against its
//! spec's SLOs, beside the design meridian would choose. The module's
//! designs (from [`crate::recognize`]) become pins, evaluated with the same
//! model as `plan`: cost lines, RPO, RTO, availability, latency and every
//! SLO missed. The result holds both plans, the difference between them,
//! and everything not assessed (classes with no design, resources not
//! placed, values the module reader could not know). It does no I/O and
//! renders nothing.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::Catalog;
use crate::diff::{PlanDiff, PlanView};
use crate::plan::{Assessed, ClassPlan, Comparison, Plan};
use crate::recognize::{Observed, Recognition, Unplaced};
use crate::spec::{Dependency, Spec};
use crate::tfmodule::{Module, Problem};

/// How one class of the spec was assessed.
#[derive(Debug, Clone, Serialize)]
pub struct ClassAssessment {
    pub name: String,
    pub assessed: bool,
    /// Why it was not assessed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The resources its design was read from.
    pub resources: Vec<String>,
    /// What the module does not state and how the design was completed;
    /// where the module's sizing differs from what the model prices.
    pub notes: Vec<String>,
}

/// A resource not assessed, for the JSON.
#[derive(Debug, Clone, Serialize)]
pub struct NotAssessed {
    pub address: String,
    pub file: String,
    pub line: usize,
    pub reason: String,
}

/// The whole assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub name: String,
    /// The module's designs, planned with their pins: classes not assessed
    /// are left out.
    pub current: Plan,
    /// The plan meridian chooses for the whole spec.
    pub proposed: Plan,
    pub classes: Vec<ClassAssessment>,
    /// `current` → `proposed`: what to change, what it costs or saves,
    /// which SLOs it fixes.
    pub diff: PlanDiff,
    pub not_assessed: Vec<NotAssessed>,
    /// What the module reader could not evaluate: variables with no value,
    /// counts it cannot know (what depends on them says so above).
    pub unknown_values: Vec<NotAssessed>,
    /// Resources that support the designs (keys, subnet groups, policies…),
    /// by kind: not part of the model.
    pub supporting: BTreeMap<String, usize>,
}

impl Assessment {
    /// Whether every class was assessed and meets its SLOs as it runs.
    pub fn meets_slos(&self) -> bool {
        self.classes.iter().all(|c| c.assessed) && self.current.feasible
    }
}

/// The spec with only the classes `keep` marks (services re-pointed; a
/// service left with nothing it depends on is dropped).
fn retain(spec: &Spec, keep: &[bool]) -> Spec {
    let mut data_index = vec![None; spec.data.len()];
    let mut n = 0;
    for (i, k) in keep.iter().enumerate() {
        if *k {
            data_index[i] = Some(n);
            n += 1;
        }
    }
    let mut alive = vec![true; spec.services.len()];
    loop {
        let mut changed = false;
        for (s, service) in spec.services.iter().enumerate() {
            let any = service.depends_on.iter().any(|d| match d {
                Dependency::Data(i) => keep[*i],
                Dependency::Service(j) => alive[*j],
            });
            if alive[s] && !any {
                alive[s] = false;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut service_index = vec![None; spec.services.len()];
    let mut m = 0;
    for (s, a) in alive.iter().enumerate() {
        if *a {
            service_index[s] = Some(m);
            m += 1;
        }
    }
    let mut out = spec.clone();
    out.data = spec
        .data
        .iter()
        .zip(keep)
        .filter(|(_, k)| **k)
        .map(|(c, _)| c.clone())
        .collect();
    out.services = spec
        .services
        .iter()
        .zip(&alive)
        .filter(|(_, a)| **a)
        .map(|(s, _)| {
            let mut s = s.clone();
            s.depends_on = s
                .depends_on
                .iter()
                .filter_map(|d| match d {
                    Dependency::Data(i) => data_index[*i].map(Dependency::Data),
                    Dependency::Service(j) => service_index[*j].map(Dependency::Service),
                })
                .collect();
            s
        })
        .collect();
    out
}

/// The pins of an observed design; Err when the engine cannot take them.
fn pin(class: &mut crate::spec::DataClass, o: &Observed, catalog: &Catalog) -> Result<(), String> {
    let pins = &mut class.pins;
    pins.engine = Some(o.engine);
    pins.topology = Some(o.topology);
    pins.standby = o.standby;
    pins.primary = o.primary;
    pins.replicas = Some(
        o.regions
            .iter()
            .copied()
            .filter(|r| Some(*r) != o.primary)
            .collect(),
    );
    pins.witness = o.witness;
    pins.instance = o.instance.clone();
    pins.capacity = o.capacity;
    pins.fast_health_checks = o.fast_health_checks;
    pins.global_db_rpo_s = o.global_db_rpo_s;
    if let Some(m) = o.traffic {
        class.failover.traffic = (0..catalog.traffic.mechanisms.len())
            .map(|i| i == m)
            .collect();
    }
    let engine = &catalog.engines[o.engine];
    match crate::catalog::misfit(catalog, engine, &class.pins.design(class.kind)) {
        Some(m) => Err(format!(
            "the module's design does not fit meridian's model of {}: {} ({})",
            engine.name, m.message, m.help
        )),
        None => Ok(()),
    }
}

/// Where the module runs a different number of instances than the model
/// sizes for the workload (the model's count is what is priced).
fn sizing_notes(o: &Observed, plan: &crate::plan::ClassPlan, catalog: &Catalog) -> Vec<String> {
    let mut notes = Vec::new();
    if let (Some((read, write)), Some(capacity)) = (o.fixed_capacity, &plan.capacity) {
        let model = capacity
            .units
            .values()
            .map(|u| (u.read_capacity, u.write_capacity))
            .fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1)));
        if model != (read, write) {
            notes.push(format!(
                "the module provisions {read} read and {write} write units per replica, with no auto scaling; the model prices what this workload needs with auto scaling (at most {} read and {} write units in a region)",
                model.0, model.1
            ));
        }
    }
    for (&r, &n) in &o.counts {
        let id = &catalog.regions[r].id;
        let model = plan.nodes.get(id).map_or(0, |x| x.count);
        if model != n {
            notes.push(format!(
                "the module runs {n} {} in {id}; the model sizes {model} for this workload and prices {model}",
                if n == 1 { "instance" } else { "instances" }
            ));
        }
    }
    notes
}

/// What the label does not show that differs: the capacity mode, the
/// instance class, Aurora's rds.global_db_rpo.
fn settings(current: &ClassPlan, proposed: &ClassPlan) -> Vec<String> {
    let mut out = Vec::new();
    let mode = |c: &ClassPlan| c.capacity.as_ref().map(|k| k.mode);
    if let (Some(a), Some(b)) = (mode(current), mode(proposed))
        && a != b
    {
        out.push(format!("{b} capacity"));
    }
    let class = |c: &ClassPlan| c.instance.as_ref().map(|i| i.class.clone());
    if let (Some(a), Some(b)) = (class(current), class(proposed))
        && a != b
    {
        out.push(format!("{b} instances"));
    }
    if current.global_db_rpo_s != proposed.global_db_rpo_s {
        out.push(match proposed.global_db_rpo_s {
            Some(s) => format!("rds.global_db_rpo = {s}s"),
            None => "no rds.global_db_rpo".into(),
        });
    }
    out
}

/// One class as the module runs it (if assessed) against meridian's choice.
fn compare(
    class: &ClassAssessment,
    current: Option<&ClassPlan>,
    proposed: &ClassPlan,
) -> Comparison {
    let changes = current.map_or_else(Vec::new, |c| settings(c, proposed));
    Comparison {
        class: class.name.clone(),
        not_assessed: class.why.clone(),
        same: current.is_some_and(|c| c.design == proposed.design && changes.is_empty()),
        design: proposed.design.clone(),
        changes,
        monthly_usd: proposed.monthly_usd,
        delta_usd: current.map(|c| proposed.monthly_usd - c.monthly_usd),
        fixes: current.map_or_else(Vec::new, |c| {
            c.violations
                .iter()
                .filter(|v| !proposed.violations.iter().any(|p| p.slo == v.slo))
                .map(|v| v.slo.clone())
                .collect()
        }),
        feasible: proposed.feasible,
    }
}

fn view(plan: &Plan) -> PlanView {
    let json = serde_json::to_value(plan).expect("a plan serializes");
    serde_json::from_value(json).expect("a plan's JSON reads as a plan view")
}

/// Assesses `module` (read from `source`, as the user named it) against
/// `spec`.
pub fn assess(spec: &Spec, catalog: &Catalog, module: &Module, source: &str) -> Assessment {
    let Recognition {
        classes: found,
        unplaced,
        supporting,
    } = crate::recognize::recognize(module, spec, catalog);
    let mut pinned = spec.clone();
    let mut classes = Vec::new();
    let mut keep = Vec::new();
    for (i, f) in found.iter().enumerate() {
        let name = spec.data[i].name.clone();
        let result = f
            .clone()
            .and_then(|o| pin(&mut pinned.data[i], &o, catalog).map(|()| o));
        keep.push(result.is_ok());
        classes.push(match result {
            Ok(o) => ClassAssessment {
                name,
                assessed: true,
                why: None,
                resources: o.resources.clone(),
                notes: o.notes.clone(),
            },
            Err(why) => ClassAssessment {
                name,
                assessed: false,
                why: Some(why),
                resources: f.as_ref().map(|o| o.resources.clone()).unwrap_or_default(),
                notes: Vec::new(),
            },
        });
    }
    let current = crate::pipeline::plan(&retain(&pinned, &keep), catalog);
    for (c, o) in classes.iter_mut().zip(&found) {
        if let (true, Ok(o)) = (c.assessed, o)
            && let Some(plan) = current.classes.iter().find(|p| p.name == c.name)
        {
            c.notes.extend(sizing_notes(o, plan, catalog));
        }
    }
    let proposed = crate::pipeline::plan(spec, catalog);
    let diff = crate::diff::diff(&view(&current), &view(&proposed));
    let comparisons = classes
        .iter()
        .zip(&proposed.classes)
        .map(|(c, p)| {
            let now = current.classes.iter().find(|k| k.name == c.name);
            compare(c, now, p)
        })
        .collect();
    let mut current = current;
    current.assessed = Some(Assessed {
        source: source.to_string(),
        classes: comparisons,
    });
    let not_assessed: Vec<NotAssessed> = unplaced
        .into_iter()
        .map(|u: Unplaced| NotAssessed {
            address: u.address,
            file: u.file.display().to_string(),
            line: u.line,
            reason: u.reason,
        })
        .collect();
    let unknown_values = module
        .problems
        .iter()
        .map(|p: &Problem| NotAssessed {
            address: String::new(),
            file: p.file.display().to_string(),
            line: p.line,
            reason: p.what.clone(),
        })
        .collect();
    Assessment {
        name: spec.name.clone(),
        current,
        proposed,
        classes,
        diff,
        not_assessed,
        unknown_values,
        supporting,
    }
}
