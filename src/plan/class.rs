//! One class's plan from its search: the chosen (or nearest) design
//! measured and described, its zone-loss behaviour, what binds (the
//! one-SLO relaxations and the joint one) and the alternatives the
//! report compares. Reads the search's results; searches nothing.

use super::*;

fn zone_loss(ctx: &ClassCtx, cand: &Candidate, m: &crate::evaluate::Metrics) -> ZoneLoss {
    let engine = ctx.engine(cand);
    let Some(failover) = &engine.in_region_failover_s else {
        return ZoneLoss {
            downtime_s: 0.0,
            share: 0.0,
            loss_s: 0.0,
            what: "no interruption (a regional service: copies in several zones)".into(),
        };
    };
    let hours = failover.value / 3600.0;
    let share = crate::evaluate::availability::in_region_hours(ctx, cand, &m.routes)
        .map(|(_, h)| h / hours)
        .fold(0.0, f64::max);
    let loss_s = engine.in_region_loss_s.as_ref().map_or(0.0, |f| f.value);
    let mut what = format!(
        "fails over within the region in {}",
        format_duration_s(failover.value)
    );
    if share < 0.999 {
        what.push_str(&format!(" for {:.0}% of users", share * 100.0));
    }
    if loss_s > 0.0 {
        what.push_str(&format!(", ~{} of writes lost", format_duration_s(loss_s)));
    } else {
        what.push_str(", no writes lost");
    }
    ZoneLoss {
        downtime_s: failover.value,
        share,
        loss_s,
        what,
    }
}

/// The joint relaxation of an infeasible class whose nearest design misses
/// more than one SLO.
fn joint_relaxation(
    ctx: &ClassCtx,
    picked: &Scored,
    violations: &[Violation],
) -> Option<JointRelaxation> {
    if violations.len() < 2 {
        return None;
    }
    // A latency relaxed to its estimate rounded up: a budget of that many
    // whole milliseconds is met.
    let m = &picked.metrics;
    let population = |name: &str| ctx.users.iter().position(|u| u.name == name);
    let slos: Vec<RelaxedSlo> = violations
        .iter()
        .map(|v| {
            let latency = match v.slo.split_once(':') {
                Some(("read_latency", pop)) => population(pop).map(|p| m.routes.read_ms[p]),
                Some(("write_latency", pop)) => population(pop).map(|p| m.routes.write_ms[p]),
                _ => None,
            };
            RelaxedSlo {
                slo: v.slo.clone(),
                target: v.target.clone(),
                relaxed_to: latency.map_or(v.estimate.clone(), |ms| format!("{:.0}ms", ms.ceil())),
            }
        })
        .collect();
    // Read and write latency of one population relaxed alike read as one
    // phrase.
    let mut phrases: Vec<(Vec<&str>, String)> = Vec::new();
    for s in &slos {
        match s.slo.split_once(':') {
            Some((kind, pop)) => {
                let what = kind.trim_end_matches("_latency");
                let change = format!("latency for {pop} {} → {}", s.target, s.relaxed_to);
                match phrases.iter_mut().find(|(_, c)| *c == change) {
                    Some((kinds, _)) => kinds.push(what),
                    None => phrases.push((vec![what], change)),
                }
            }
            None => {
                let what = match s.slo.as_str() {
                    "rpo" => "RPO",
                    "rto" => "RTO",
                    other => other,
                };
                phrases.push((vec![what], format!("{} → {}", s.target, s.relaxed_to)));
            }
        }
    }
    let summary = phrases
        .iter()
        .map(|(kinds, change)| format!("{} {change}", kinds.join(" and ")))
        .collect::<Vec<_>>()
        .join(", ");
    Some(JointRelaxation {
        slos,
        summary,
        design: describe(ctx, &picked.cand),
        monthly_usd: picked.metrics.monthly_usd,
    })
}

/// Milliseconds per population, rounded to 0.1 ms, by population name.
fn per_population(ctx: &ClassCtx, ms: &[f64]) -> BTreeMap<String, f64> {
    ctx.users
        .iter()
        .zip(ms)
        .map(|(u, v)| (u.name.clone(), round1(*v)))
        .collect()
}

/// Builds the class part of the plan from a search result.
pub fn class_plan(ctx: &ClassCtx, found: &ClassSearch) -> ClassPlan {
    let catalog = ctx.catalog;
    let id = |r: usize| catalog.regions[r].id.clone();
    let picked: Option<&Scored> = found.best().or_else(|| found.nearest());
    let Some(picked) = picked else {
        return empty_class(ctx, found);
    };
    let cand = &picked.cand;
    let m = &picked.metrics;
    let detail = crate::evaluate::latency::route_detailed(ctx, cand);
    let engine = ctx.engine(cand);
    let mechanism = &ctx.catalog.traffic.mechanisms[cand.traffic];
    let mut lines = Lines {
        region_ids: &region_ids(catalog),
        region_clouds: &catalog.region_cloud_ids(),
        cloud: &catalog.clouds[engine.cloud].id,
        lines: Vec::new(),
    };
    cost(ctx, cand, &m.routes, &mut lines);
    let monthly = lines.total();
    let mut violations = Vec::new();
    assess(ctx, cand, m, Some(&mut violations));
    let feasible = violations.is_empty();
    let names = |f: &dyn Fn(usize) -> String| -> BTreeMap<String, String> {
        ctx.users
            .iter()
            .enumerate()
            .map(|(p, u)| (u.name.clone(), f(p)))
            .collect()
    };
    let configuration = engine.configuration_of(cand);
    let fleet = ctx.fleets[cand.engine];
    let instance = fleet.map(|f| InstancePlan {
        class: engine.pricing.instances()[f.class].name.clone(),
        per_full_region: f.per_full_region,
    });
    // What the design does with concurrent writes: active-active designs
    // resolve them as the class allows; the others have one writer.
    let conflicts = if cand.topology == Topology::ActiveActive {
        ctx.class.conflicts
    } else {
        Conflicts::SingleWriter
    };
    ClassPlan {
        name: ctx.class.name.clone(),
        kind: ctx.class.kind,
        feasible,
        designed: true,
        design: describe(ctx, cand),
        topology: cand.topology,
        standby: cand.standby,
        replication: cand.replication,
        consistency: ctx.class.consistency,
        conflicts,
        engine: engine.id.clone(),
        engine_name: engine.name.clone(),
        cloud: ctx.catalog.clouds[engine.cloud].id.clone(),
        primary: (cand.topology != Topology::ActiveActive)
            .then(|| cand.primary.map(id))
            .flatten(),
        leader: (cand.replication == Replication::Quorum)
            .then(|| cand.primary.map(id))
            .flatten(),
        configuration: match configuration {
            Some(Some(c)) => Some(c.name.clone()),
            Some(None) if cand.topology == Topology::SingleRegion => {
                cand.primary.map(|p| format!("regional-{}", id(p)))
            }
            _ => engine.location_of(cand).map(|l| l.name.clone()),
        },
        read_only_added: match configuration {
            Some(Some(c)) => c.added_read_only(&cand.read_only).map(id).collect(),
            _ => Vec::new(),
        },
        regions: cand.regions.iter().map(|r| id(*r)).collect(),
        roles: cand.regions.iter().map(|r| cand.role(*r)).collect(),
        witness: cand.witness.map(id),
        instance,
        nodes: fleet
            .map(|f| {
                cand.regions
                    .iter()
                    .filter_map(|r| {
                        let (class, count) = engine.pricing.nodes(cand.role(*r), f)?;
                        let class = engine.pricing.instances()[class].name.clone();
                        Some((id(*r), Nodes { class, count }))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        workload: WorkloadPlan::of(ctx),
        capacity: Some(crate::evaluate::capacity(ctx, cand, &m.routes)),
        fast_health_checks: cand.fast_detection,
        traffic: mechanism.id.clone(),
        traffic_name: mechanism.name.clone(),
        failover: ctx.class.failover.failover,
        decision_s: (ctx.class.failover.failover == crate::model::Failover::Operator
            && cand.topology != Topology::SingleRegion)
            .then_some(ctx.class.failover.decision_s),
        traffic_demands: if cand.routed() {
            mechanism.demands.clone()
        } else {
            String::new()
        },
        traffic_caveat: cand.routed().then(|| mechanism.caveat.clone()).flatten(),
        monthly_usd: monthly,
        cost: lines.lines,
        rpo_s: m.rpo_s,
        rpo_typical_s: recovery::expected_window_s(ctx, cand),
        rpo_bound_s: m.rpo_bound_s,
        rpo_bound: recovery::rpo_bound(ctx, cand).1,
        global_db_rpo_s: recovery::global_db_rpo_s(ctx, cand).map(|s| s as u64),
        rto_s: m.rto_s,
        rto_steps: recovery::rto_steps(ctx, cand)
            .into_iter()
            .map(|(kind, seconds)| RtoStep {
                phase: kind.phase(),
                step: kind.name().to_string(),
                kind,
                seconds,
            })
            .collect(),
        zone_loss: Some(zone_loss(ctx, cand, m)),
        runbook: Vec::new(),
        behaviour: String::new(),
        availability: m.availability,
        sla: if cand.topology == Topology::SingleRegion {
            engine.sla_single_region.as_ref().or(engine.sla.as_ref())
        } else {
            engine.sla.as_ref()
        }
        .map(|f| f.value),
        latency_at: ctx.class.latency_at,
        read_latency_ms: per_population(ctx, &m.routes.read_ms),
        write_latency_ms: per_population(ctx, &m.routes.write_ms),
        user_read_latency_ms: per_population(ctx, &detail.user_read_ms),
        user_write_latency_ms: per_population(ctx, &detail.user_write_ms),
        service_read_latency_ms: per_population(ctx, &detail.service_read_ms),
        service_write_latency_ms: per_population(ctx, &detail.service_write_ms),
        service_region: names(&|p| id(detail.front[p])),
        read_from: names(&|p| id(m.routes.read_from[p])),
        write_to: names(&|p| id(m.routes.write_to[p])),
        slo: SloPlan::of(ctx.class),
        joint_relaxation: if feasible {
            None
        } else {
            joint_relaxation(ctx, picked, &violations)
        },
        violations,
        tradeoffs: tradeoffs(ctx, found, feasible.then_some(monthly)),
        alternatives: alternatives(ctx, found, picked),
        candidates_evaluated: found.evaluated(),
        frontier: Vec::new(),
        search_complete: found.complete(),
    }
}

/// ", via AWS Global Accelerator, fast health checks" for a design's
/// label: the mechanism moving users on failover, named for every
/// multi-region design (two designs differing only there differ in price
/// and RTO). Empty for a single region, which has no failover.
fn traffic_words(ctx: &ClassCtx, cand: &Candidate) -> String {
    if !cand.routed() {
        return String::new();
    }
    let m = &ctx.catalog.traffic.mechanisms[cand.traffic];
    let mut out = format!(", via {}", m.name);
    if cand.fast_detection && m.has_fast() {
        out.push_str(", fast health checks");
    }
    out
}

fn empty_class(ctx: &ClassCtx, found: &ClassSearch) -> ClassPlan {
    ClassPlan {
        name: ctx.class.name.clone(),
        kind: ctx.class.kind,
        feasible: false,
        designed: false,
        design: String::new(),
        topology: Topology::SingleRegion,
        standby: None,
        replication: Replication::None,
        consistency: ctx.class.consistency,
        conflicts: ctx.class.conflicts,
        engine: String::new(),
        engine_name: String::new(),
        cloud: String::new(),
        primary: None,
        leader: None,
        configuration: None,
        read_only_added: Vec::new(),
        regions: Vec::new(),
        roles: Vec::new(),
        witness: None,
        instance: None,
        nodes: BTreeMap::new(),
        workload: WorkloadPlan::of(ctx),
        capacity: None,
        fast_health_checks: false,
        traffic: String::new(),
        traffic_name: String::new(),
        failover: ctx.class.failover.failover,
        decision_s: None,
        traffic_demands: String::new(),
        traffic_caveat: None,
        monthly_usd: Cents::ZERO,
        cost: Vec::new(),
        rpo_s: f64::INFINITY,
        rpo_typical_s: f64::INFINITY,
        rpo_bound_s: f64::INFINITY,
        rpo_bound: "no design".into(),
        global_db_rpo_s: None,
        rto_s: f64::INFINITY,
        rto_steps: Vec::new(),
        zone_loss: None,
        runbook: Vec::new(),
        behaviour: String::new(),
        availability: 0.0,
        sla: None,
        latency_at: ctx.class.latency_at,
        read_latency_ms: BTreeMap::new(),
        write_latency_ms: BTreeMap::new(),
        user_read_latency_ms: BTreeMap::new(),
        user_write_latency_ms: BTreeMap::new(),
        service_read_latency_ms: BTreeMap::new(),
        service_write_latency_ms: BTreeMap::new(),
        service_region: BTreeMap::new(),
        read_from: BTreeMap::new(),
        write_to: BTreeMap::new(),
        slo: SloPlan::of(ctx.class),
        violations: vec![Violation {
            slo: "engine".into(),
            target: format!("an engine for {} data in the allowed regions", ctx.class.kind),
            estimate: "none".into(),
            why: "no engine in the catalog (or allowed by the pins) offers this kind of data in an allowed region".into(),
            impossible: false,
            bound_ms: None,
        }],
        tradeoffs: Vec::new(),
        joint_relaxation: None,
        alternatives: Vec::new(),
        candidates_evaluated: found.evaluated(),
        frontier: Vec::new(),
        search_complete: found.complete(),
    }
}

/// One line naming a design: engine, topology, regions and the traffic
/// mechanism. The one label every output gives a design (summary,
/// alternatives, trade-offs, relaxations, `explain`, the JSON), so that
/// one label always goes with one price and one RTO.
pub fn describe(ctx: &ClassCtx, cand: &Candidate) -> String {
    regions_words(ctx, cand) + &traffic_words(ctx, cand)
}

/// Engine, topology and regions, without the traffic mechanism.
fn regions_words(ctx: &ClassCtx, cand: &Candidate) -> String {
    let id = |r: usize| ctx.catalog.regions[r].id.as_str();
    let mut text = format!("{} {}", ctx.engine(cand).id, cand.topology);
    match (cand.standby, cand.replication) {
        (Some(tier), _) => text.push_str(&format!(" ({tier})")),
        (None, Replication::None) => {}
        (None, replication) => text.push_str(&format!(" ({replication})")),
    }
    let regions: Vec<String> = cand
        .voting()
        .map(|r| match cand.role(r) {
            Role::Primary => format!("{}*", id(r)),
            _ => id(r).to_string(),
        })
        .collect();
    text.push_str(&format!(" in {}", regions.join(", ")));
    if !cand.read_only.is_empty() {
        let read_only: Vec<&str> = cand.read_only.iter().map(|r| id(*r)).collect();
        text.push_str(&format!(" + read-only {}", read_only.join(", ")));
    }
    if let Some(w) = cand.witness {
        text.push_str(&format!(" + witness {}", id(w)));
    }
    text
}

fn estimate_of(bit: u16, s: &Scored) -> String {
    let m = &s.metrics;
    match bit {
        kind::RPO => format_duration_s(m.rpo_s),
        kind::RTO => format_duration_s(m.rto_s),
        kind::AVAILABILITY => format_availability(m.availability),
        kind::READ_LATENCY => format!("{:.0}ms", m.worst_read_ms()),
        kind::WRITE_LATENCY => format!("{:.0}ms", m.worst_write_ms()),
        _ => "—".into(),
    }
}

fn target_of(ctx: &ClassCtx, bit: u16) -> String {
    let slo = &ctx.class.slo;
    let dur = |v: Option<f64>| v.map_or("—".to_string(), format_duration_s);
    match bit {
        kind::RPO => dur(slo.rpo_s),
        kind::RTO => dur(slo.rto_s),
        kind::AVAILABILITY => slo.availability.map_or("—".into(), format_availability),
        kind::READ_LATENCY => slo
            .read_latency_ms
            .map_or("—".into(), |v| format!("{v:.0}ms")),
        kind::WRITE_LATENCY => slo
            .write_latency_ms
            .map_or("—".into(), |v| format!("{v:.0}ms")),
        kind::CONSISTENCY => ctx.class.consistency.to_string(),
        kind::CONFLICTS => ctx.class.conflicts.to_string(),
        kind::RESIDENCY => ctx
            .class
            .residency
            .as_ref()
            .map_or("—".into(), |r| r.join(", ")),
        _ => "—".into(),
    }
}

fn tradeoffs(ctx: &ClassCtx, found: &ClassSearch, chosen_usd: Option<Cents>) -> Vec<Tradeoff> {
    found
        .relaxations
        .iter()
        .filter(|(bit, _)| *bit != kind::CAPACITY)
        .map(|(bit, s)| Tradeoff {
            slo: kind::name(*bit).to_string(),
            target: target_of(ctx, *bit),
            relaxed_to: match *bit {
                kind::CONSISTENCY => "eventual across regions".into(),
                kind::CONFLICTS => "last-writer-wins".into(),
                kind::RESIDENCY => describe(ctx, &s.cand),
                b => estimate_of(b, s),
            },
            design: describe(ctx, &s.cand),
            monthly_usd: s.metrics.monthly_usd,
            delta_usd: chosen_usd.map(|c| s.metrics.monthly_usd - c),
        })
        .collect()
}

fn alternatives(ctx: &ClassCtx, found: &ClassSearch, picked: &Scored) -> Vec<Alternative> {
    let best: Vec<(usize, &Scored)> = found
        .families
        .iter()
        .filter_map(|f| {
            // The nearest design a joint relaxation found stands for its
            // family (it is nearer than what the family's search kept).
            let joint = found
                .joint
                .as_ref()
                .filter(|j| Family::of(&j.cand) == f.family);
            f.best
                .as_ref()
                .or(joint)
                .or(f.nearest.as_ref())
                .map(|s| (f.evaluated, s))
        })
        .collect();
    let picked_usd = picked.metrics.monthly_usd;
    let mut out: Vec<Alternative> = best
        .into_iter()
        .map(|(evaluated, s)| {
            let chosen = s.cand == picked.cand;
            let why_not = if chosen {
                "chosen".to_string()
            } else if s.assessment.feasible() {
                let delta = s.metrics.monthly_usd - picked_usd;
                if delta >= Cents::ZERO {
                    format!("meets every SLO but costs {} more a month", delta.format())
                } else {
                    format!("{} cheaper, but the chosen design wins a tie-break or meets an SLO this one does not", (picked_usd - s.metrics.monthly_usd).format())
                }
            } else {
                let mut v = Vec::new();
                assess(ctx, &s.cand, &s.metrics, Some(&mut v));
                let mut kinds: Vec<String> = Vec::new();
                for violation in &v {
                    let k = violation.slo.split(':').next().unwrap_or("").to_string();
                    let text = if violation.impossible { format!("{k} (impossible)") } else { k };
                    if !kinds.contains(&text) {
                        kinds.push(text);
                    }
                }
                format!("fails {}", kinds.join(", "))
            };
            Alternative {
                design: describe(ctx, &s.cand),
                traffic: traffic_words(ctx, &s.cand),
                topology: s.cand.topology,
                standby: s.cand.standby,
                replication: s.cand.replication,
                engine: ctx.engine(&s.cand).id.clone(),
                regions: s.cand.regions.iter().map(|r| ctx.catalog.regions[*r].id.clone()).collect(),
                feasible: s.assessment.feasible(),
                monthly_usd: s.metrics.monthly_usd,
                rpo_s: s.metrics.rpo_s,
                rto_s: s.metrics.rto_s,
                availability: s.metrics.availability,
                worst_read_ms: round1(s.metrics.worst_read_ms()),
                worst_write_ms: round1(s.metrics.worst_write_ms()),
                chosen,
                why_not,
                evaluated,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.topology, a.standby, a.replication, &a.engine).cmp(&(
            b.topology,
            b.standby,
            b.replication,
            &b.engine,
        ))
    });
    out
}
