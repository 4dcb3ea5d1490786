//! The `Plan`: the one value every output renders (table, JSON, Markdown,
//! and later Terraform, the report, simulate and diff). It is built here
//! from the spec, the catalog and the search results, and holds every figure
//! an output shows, so no renderer recomputes the model. Its JSON keys are
//! the contract in DESIGN.md; the rest are additions.

use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

use crate::candidate::{Candidate, Role};
use crate::catalog::Catalog;
use crate::cost::{Cents, CostLine, Lines};
use crate::evaluate::slo::{Violation, assess, kind};
use crate::evaluate::{ClassCtx, cost, recovery};
use crate::model::{Conflicts, Consistency, Kind, Replication, Standby, Topology};
use crate::network::Network;
use crate::search::{
    ClassSearch, Family, FamilyResult, Scored, search_class, search_class_and_relaxed,
};
use crate::services::{self, DataFacts};
use crate::spec::Spec;
use crate::units::{format_availability, format_duration_s};

/// The plan for a whole spec.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub name: String,
    pub cloud: String,
    pub total_monthly_usd: Cents,
    pub feasible: bool,
    pub classes: Vec<ClassPlan>,
    pub services: Vec<ServicePlan>,
    /// Costs shared by the whole plan (the Route 53 hosted zone).
    pub shared_cost: Vec<CostLine>,
    /// The spec's capacity commitment, and what it could not cover: the
    /// classes and services whose lines stay on-demand or provisioned
    /// without a reservation, and why.
    pub commitment: crate::model::Commitment,
    pub commitment_notes: Vec<String>,
    pub users: Vec<UserPlan>,
    /// Every region the plan names (copies, witnesses, services, users'
    /// nearest), with its coordinates, for maps.
    pub regions: Vec<RegionPlan>,
    pub model: ModelFacts,
    /// The catalog figures the plan rests on, with their sources: the
    /// engines' lags, failover and restore times and prices, the recovery
    /// and latency model.
    pub assumptions: Vec<Assumption>,
    /// The abbreviations those sources use (`[IC]` …), per engine.
    pub references: Vec<Reference>,
    /// What losing each region the plan uses does (`simulate --fail R`, in brief).
    pub scenarios: Vec<Scenario>,
    /// The `[static_assets]` section (CloudFront and S3 origins, see
    /// `edge`); absent from the JSON when the spec has none. Its cost is in
    /// `total_monthly_usd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub static_assets: Option<crate::edge::StaticPlan>,
    /// Set when the plan is the design a Terraform module runs (`meridian
    /// assess`): where it was read from, and per class meridian's choice.
    /// Absent from the JSON of `plan`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessed: Option<Assessed>,
}

/// Losing one region, in brief: what the plan's report shows per region.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub region: String,
    pub classes: Vec<ScenarioClass>,
    /// Services down, and degraded, while the region is out.
    pub services_down: Vec<String>,
    pub services_degraded: Vec<String>,
    pub extra_usd_per_hour: Cents,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioClass {
    pub name: String,
    pub impact: &'static str,
    pub affected_share: f64,
    #[serde(serialize_with = "seconds")]
    pub downtime_s: f64,
    pub new_primary: Option<String>,
    pub writes_lost_expected: f64,
}

/// One step of a class's failover runbook (written by `runbook`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunbookStep {
    pub phase: &'static str,
    /// "automatic" (AWS, the traffic mechanism or the clients do it),
    /// "automation" (failover automation the team deploys, not in the
    /// generated module) or "operator".
    pub actor: &'static str,
    pub action: String,
    /// Seconds the RTO model assumed for this step (null: not on the RTO path).
    pub seconds: Option<f64>,
}

/// The design a module runs, against meridian's choice (`assess`).
#[derive(Debug, Clone, Serialize)]
pub struct Assessed {
    /// The module folder or plan file, as the user named it.
    pub source: String,
    /// One per class of the spec, in spec order.
    pub classes: Vec<Comparison>,
}

/// One class as the module runs it against meridian's choice.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub class: String,
    /// Why the class was not assessed (null when it was).
    pub not_assessed: Option<String>,
    /// meridian's choice is the design the module runs.
    pub same: bool,
    /// meridian's choice: its label, what the label does not show that
    /// differs (capacity mode, instance class, rds.global_db_rpo), its
    /// cost and the difference, the SLOs the module misses that it meets.
    pub design: String,
    pub changes: Vec<String>,
    pub monthly_usd: Cents,
    pub delta_usd: Option<Cents>,
    pub fixes: Vec<String>,
    /// meridian's choice meets every SLO.
    pub feasible: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionPlan {
    pub id: String,
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

pub use crate::catalog::cited::{Assumption, Reference};

/// The regions the plan runs in: live copies of designed classes and
/// service regions, by catalog index, in catalog order.
fn live_regions(catalog: &Catalog, classes: &[ClassPlan], services: &[ServicePlan]) -> Vec<usize> {
    (0..catalog.regions.len())
        .filter(|r| {
            let id = &catalog.regions[*r].id;
            classes.iter().filter(|c| c.designed).any(|c| {
                c.regions
                    .iter()
                    .zip(&c.roles)
                    .any(|(x, role)| x == id && *role != Role::Backup)
            }) || services.iter().any(|s| s.regions.contains_key(id))
        })
        .collect()
}

/// The figures behind the plan: for each engine it uses, its documented
/// behaviour and its prices (instance prices of the classes it runs), then
/// the recovery, latency and DNS model.
fn assumptions(catalog: &Catalog, classes: &[ClassPlan]) -> Vec<Assumption> {
    let mut out = Vec::new();
    let mut engines: Vec<&str> = classes.iter().map(|c| c.engine.as_str()).collect();
    engines.sort_unstable();
    engines.dedup();
    for engine in catalog
        .engines
        .iter()
        .filter(|e| engines.contains(&e.id.as_str()))
    {
        let id = engine.id.as_str();
        let figures: [(&str, Option<&crate::catalog::Figure>); 16] = [
            ("replication_lag_s", Some(&engine.replication_lag_s)),
            ("typical_lag_s", engine.typical_lag_s.as_ref()),
            ("rpo_bound_s", engine.rpo_bound_s.as_ref()),
            ("rpo_parameter_min_s", engine.rpo_parameter_min_s.as_ref()),
            ("promotion_s", Some(&engine.promotion_s)),
            ("in_region_failover_s", engine.in_region_failover_s.as_ref()),
            ("in_region_loss_s", engine.in_region_loss_s.as_ref()),
            ("capacity_start_s", engine.capacity_start_s.as_ref()),
            ("scale_up_s", engine.scale_up_s.as_ref()),
            ("backup_interval_s", engine.backup_interval_s.as_ref()),
            ("restore_fixed_s", engine.restore_fixed_s.as_ref()),
            ("restore_mb_per_s", engine.restore_mb_per_s.as_ref()),
            ("read_service_ms", Some(&engine.read_service_ms)),
            ("write_service_ms", Some(&engine.write_service_ms)),
            ("sla", engine.sla.as_ref()),
            ("sla_single_region", engine.sla_single_region.as_ref()),
        ];
        for (name, f) in figures {
            if let Some(f) = f {
                out.push(Assumption::of(id, name, f));
            }
        }
        for o in &engine.outages {
            let region = &catalog.regions[o.region].id;
            for (what, f) in [("per_year", &o.per_year), ("mean_hours", &o.mean_hours)] {
                let mut a = Assumption::of(id, &format!("outages in {region} {what}"), f);
                a.source = Some(o.events.clone());
                out.push(a);
            }
        }
        for (name, value) in &engine.price_table {
            let Some(t) = value.as_table() else { continue };
            let Some(v) = t
                .get("value")
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            else {
                continue;
            };
            out.push(Assumption {
                subject: id.to_string(),
                figure: name.clone(),
                value: v,
                source: t.get("source").and_then(|s| s.as_str()).map(str::to_string),
                derived: t
                    .get("derived")
                    .and_then(|s| s.as_str())
                    .map(str::to_string),
            });
        }
        let used: Vec<&str> = classes
            .iter()
            .filter(|c| c.engine == id)
            .flat_map(|c| c.nodes.values().map(|n| n.class.as_str()))
            .collect();
        for i in engine
            .pricing
            .instances()
            .iter()
            .filter(|i| used.contains(&i.name.as_str()))
        {
            out.push(Assumption::of(
                id,
                &format!("{} usd_per_hour", i.name),
                &i.usd_per_hour,
            ));
        }
    }
    let mut used: Vec<&str> = classes
        .iter()
        .filter(|c| c.regions.len() > 1)
        .map(|c| c.traffic.as_str())
        .collect();
    used.sort_unstable();
    used.dedup();
    for m in catalog
        .traffic
        .mechanisms
        .iter()
        .filter(|m| used.contains(&m.id.as_str()))
    {
        let figures = [
            (
                "health_check_interval_s",
                m.health_check_interval_s.as_ref(),
            ),
            (
                "fast_health_check_interval_s",
                m.fast_health_check_interval_s.as_ref(),
            ),
            ("failure_threshold", m.failure_threshold.as_ref()),
            ("timeout_s", m.timeout_s.as_ref()),
            ("attempts", m.attempts.as_ref()),
            ("fixed_usd_hour", m.fixed_usd_hour.as_ref()),
        ];
        for (name, f) in figures {
            if let Some(f) = f {
                out.push(Assumption::of(&m.id, name, f));
            }
        }
        for (geo, f) in &m.premium_usd_per_gb {
            out.push(Assumption::of(
                &m.id,
                &format!("premium_usd_per_gb {geo}"),
                f,
            ));
        }
    }
    let cloud = catalog.default_cloud();
    let (r, l, d) = (&cloud.recovery, &cloud.latency, &cloud.dns);
    for (subject, name, f) in [
        ("traffic", "decision_s", &cloud.decision_s),
        ("traffic", "dns_ttl_s", &cloud.dns_ttl_s),
        ("recovery", "outage_mean_hours", &r.outage_mean_hours),
        (
            "recovery",
            "outages_per_region_year",
            &r.outages_per_region_year,
        ),
        ("latency", "fiber_km_per_ms", &l.fiber_km_per_ms),
        ("latency", "last_mile_p99_ms", &l.last_mile_p99_ms),
        ("latency", "tail_p99_over_p50", &l.tail_p99_over_p50),
        ("latency", "intra_region_p99_ms", &l.intra_region_p99_ms),
        ("dns", "hosted_zone_usd_month", &d.hosted_zone_usd_month),
        ("dns", "health_check_usd_month", &d.health_check_usd_month),
        ("dns", "fast_interval_usd_month", &d.fast_interval_usd_month),
    ] {
        out.push(Assumption::of(subject, name, f));
    }
    out
}

/// Figures of the model the plan rests on, for reviewers.
#[derive(Debug, Clone, Serialize)]
pub struct ModelFacts {
    /// Measured RTT ÷ fibre bound, fitted to the catalog's RTT matrix.
    #[serde(serialize_with = "three")]
    pub route_inflation: f64,
    pub tail_p99_over_p50: f64,
    pub last_mile_p99_ms: f64,
    pub health_check_interval_s: f64,
    pub fast_health_check_interval_s: f64,
    pub failure_threshold: f64,
    pub dns_ttl_s: f64,
    pub outage_mean_hours: f64,
    /// Line items that rest on derived (not published) regional prices.
    pub derived_line_items: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserPlan {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub share: f64,
    pub near: Option<String>,
}

/// The design for one data class (or its nearest candidate when infeasible).
#[derive(Debug, Clone, Serialize)]
pub struct ClassPlan {
    pub name: String,
    pub kind: Kind,
    pub feasible: bool,
    /// False when no engine can hold the class (in its allowed regions,
    /// with its pins): it has no design, nothing is built or priced for it,
    /// and the services needing it are not placed.
    pub designed: bool,
    /// The design in one line (engine, topology, regions, traffic
    /// mechanism), as every other place naming it; empty without a design.
    pub design: String,
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub replication: Replication,
    pub consistency: Consistency,
    pub conflicts: Conflicts,
    pub engine: String,
    pub engine_name: String,
    /// The region taking every write; null for active-active.
    pub primary: Option<String>,
    /// The leaseholder region of a quorum design (serves strong reads,
    /// orders writes); null otherwise.
    pub leader: Option<String>,
    pub regions: Vec<String>,
    /// Role of each region, in `regions` order.
    pub roles: Vec<Role>,
    pub witness: Option<String>,
    /// Instance class and count per full-size region, for instance engines.
    pub instance: Option<InstancePlan>,
    /// Instances each region of the design runs (instance engines; regions
    /// running none, such as pilot lights and backup copies, are absent).
    pub nodes: BTreeMap<String, Nodes>,
    /// The workload the class was sized and priced for.
    pub workload: WorkloadPlan,
    /// How the design buys capacity: the mode chosen by cost (DynamoDB
    /// on-demand or provisioned, Aurora Standard or I/O-Optimized), the
    /// commitment priced, and why; null when the class has no design.
    pub capacity: Option<crate::engines::Capacity>,
    /// Fast (10 s) endpoint health checks instead of standard (30 s).
    pub fast_health_checks: bool,
    /// The traffic mechanism users reach the design through (catalog id:
    /// route53, global-accelerator, client, arc) and its name.
    pub traffic: String,
    pub traffic_name: String,
    /// Who decides a region is lost, as the RTO assumes: automatic or operator.
    pub failover: crate::model::Failover,
    /// The operator's decision time in the RTO (operator failover only).
    #[serde(serialize_with = "optional_seconds")]
    pub decision_s: Option<f64>,
    /// What the mechanism demands of the application, and what its
    /// timings leave out.
    pub traffic_demands: String,
    pub traffic_caveat: Option<String>,
    pub monthly_usd: Cents,
    pub cost: Vec<CostLine>,
    #[serde(serialize_with = "seconds")]
    pub rpo_s: f64,
    /// The expected loss window (typical lag; half a backup interval).
    #[serde(serialize_with = "seconds")]
    pub rpo_typical_s: f64,
    /// The worst case; null when nothing bounds it (`rpo_bound` says why).
    #[serde(serialize_with = "seconds")]
    pub rpo_bound_s: f64,
    pub rpo_bound: String,
    /// `rds.global_db_rpo` the Terraform sets (Aurora PostgreSQL with a
    /// guaranteed RPO), seconds.
    pub global_db_rpo_s: Option<u64>,
    #[serde(serialize_with = "seconds")]
    pub rto_s: f64,
    pub rto_steps: Vec<RtoStep>,
    /// What losing one Availability Zone of a region the design uses does
    /// (null without a design).
    pub zone_loss: Option<ZoneLoss>,
    /// What happens, in order, when the region is lost (see `runbook`).
    pub runbook: Vec<RunbookStep>,
    /// The consistency and conflict behaviour users see, in plain words.
    pub behaviour: String,
    #[serde(serialize_with = "nine")]
    pub availability: f64,
    /// The engine's published availability SLA for this shape of design
    /// (a monthly credit threshold, not a forecast); null when the catalog
    /// has none.
    pub sla: Option<f64>,
    /// Which p99 the latency SLOs bound: "user" or "service"; the two maps
    /// below hold that one.
    pub latency_at: crate::model::LatencyAt,
    pub read_latency_ms: BTreeMap<String, f64>,
    pub write_latency_ms: BTreeMap<String, f64>,
    /// End-user p99 per population (last mile and path included).
    pub user_read_latency_ms: BTreeMap<String, f64>,
    pub user_write_latency_ms: BTreeMap<String, f64>,
    /// Service-side p99 per population: from the region whose application
    /// tier serves it (`service_region`) to the data.
    pub service_read_latency_ms: BTreeMap<String, f64>,
    pub service_write_latency_ms: BTreeMap<String, f64>,
    pub service_region: BTreeMap<String, String>,
    /// Region serving each population's reads / taking its writes.
    pub read_from: BTreeMap<String, String>,
    pub write_to: BTreeMap<String, String>,
    pub slo: SloPlan,
    pub violations: Vec<Violation>,
    /// SLOs that bind: relaxing each alone would allow a cheaper design
    /// (feasible classes), or would make the class feasible (infeasible).
    pub tradeoffs: Vec<Tradeoff>,
    /// When no design meets every SLO and the nearest misses more than one:
    /// what relaxing them together takes (null otherwise).
    pub joint_relaxation: Option<JointRelaxation>,
    /// The best design of every family searched (engine × topology × tier),
    /// and why it lost.
    pub alternatives: Vec<Alternative>,
    pub candidates_evaluated: usize,
    /// The cost–recovery trade-off: the designs meeting every SLO but RTO
    /// and RPO that no other such design beats on cost, RTO and RPO at
    /// once (a Pareto frontier), by RTO. What relaxing or tightening the
    /// recovery targets would cost.
    pub frontier: Vec<FrontierPoint>,
    /// False when a family's search stopped at its evaluation cap: the
    /// design shown is then the best found, not proven the cheapest.
    pub search_complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstancePlan {
    pub class: String,
    pub per_full_region: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Nodes {
    pub class: String,
    pub count: u32,
}

/// The class's workload, from the spec.
#[derive(Debug, Clone, Serialize)]
pub struct WorkloadPlan {
    pub size_gb: f64,
    pub reads_per_s: f64,
    pub writes_per_s: f64,
    pub item_bytes: f64,
    pub peak_to_average: f64,
}

impl WorkloadPlan {
    fn of(ctx: &ClassCtx) -> WorkloadPlan {
        let w = &ctx.workload;
        WorkloadPlan {
            size_gb: (w.size_gb * 1000.0).round() / 1000.0,
            reads_per_s: w.reads_per_s,
            writes_per_s: w.writes_per_s,
            item_bytes: w.item_bytes,
            peak_to_average: w.peak_to_average,
        }
    }
}

impl ClassPlan {
    /// Seconds the RTO spends in `phase` (the sum of its `rto_steps`);
    /// None when the design has no step in it (a single region).
    pub fn phase_s(&self, phase: crate::evaluate::recovery::Phase) -> Option<f64> {
        let mut steps = self
            .rto_steps
            .iter()
            .filter(|s| s.phase == phase)
            .peekable();
        steps.peek()?;
        Some(steps.fold(0.0, |sum, s| sum + s.seconds))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RtoStep {
    /// detect, decide, promote or shift.
    pub phase: crate::evaluate::recovery::Phase,
    pub step: String,
    /// Which step it is (the runbook finds steps by this).
    #[serde(skip)]
    pub kind: crate::evaluate::recovery::Step,
    #[serde(serialize_with = "seconds")]
    pub seconds: f64,
}

/// The SLO targets as the spec set them (absent ones are null).
#[derive(Debug, Clone, Serialize)]
pub struct SloPlan {
    pub consistency: Consistency,
    pub conflicts: Conflicts,
    pub rpo_s: Option<f64>,
    /// The RPO must be a guaranteed bound, not a typical lag.
    pub rpo_guaranteed: bool,
    pub rto_s: Option<f64>,
    pub availability: Option<f64>,
    pub read_latency_ms: Option<f64>,
    pub write_latency_ms: Option<f64>,
    pub residency: Option<Vec<String>>,
}

impl SloPlan {
    fn of(class: &crate::spec::DataClass) -> SloPlan {
        SloPlan {
            consistency: class.consistency,
            conflicts: class.conflicts,
            rpo_s: class.slo.rpo_s,
            rpo_guaranteed: class.slo.rpo_guaranteed,
            rto_s: class.slo.rto_s,
            availability: class.slo.availability,
            read_latency_ms: class.slo.read_latency_ms,
            write_latency_ms: class.slo.write_latency_ms,
            residency: class.residency.clone(),
        }
    }
}

/// One Availability Zone of a region lost, at worst for the class: the
/// engine's in-region (Multi-AZ) failover where it has one; regional
/// services (DynamoDB, S3, Aurora DSQL) fail nothing over.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneLoss {
    /// How long the users it reaches wait (0: no interruption).
    #[serde(serialize_with = "seconds")]
    pub downtime_s: f64,
    /// The largest share of users waiting (those served by the region
    /// that lost the zone).
    #[serde(serialize_with = "three")]
    pub share: f64,
    /// The window of acknowledged writes the failover may lose.
    #[serde(serialize_with = "seconds")]
    pub loss_s: f64,
    /// The same in words.
    pub what: String,
}

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

/// What relaxing one SLO would buy.
#[derive(Debug, Clone, Serialize)]
pub struct Tradeoff {
    pub slo: String,
    pub target: String,
    /// What the alternative design gives on that SLO.
    pub relaxed_to: String,
    pub design: String,
    pub monthly_usd: Cents,
    /// Against the chosen design (negative: saves); null when infeasible.
    pub delta_usd: Option<Cents>,
}

/// What relaxing several SLOs together would take: each SLO the nearest
/// design misses, relaxed to what that design reaches. The nearest design
/// then meets every SLO.
#[derive(Debug, Clone, Serialize)]
pub struct JointRelaxation {
    pub slos: Vec<RelaxedSlo>,
    /// The same in words, read and write latency of one population grouped:
    /// "read and write latency for na 60ms → 69ms".
    pub summary: String,
    pub design: String,
    pub monthly_usd: Cents,
}

/// One SLO of a joint relaxation.
#[derive(Debug, Clone, Serialize)]
pub struct RelaxedSlo {
    /// As in `violations`: "rto", "read_latency:na".
    pub slo: String,
    pub target: String,
    pub relaxed_to: String,
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

/// One design on the cost–RTO–RPO frontier.
#[derive(Debug, Clone, Serialize)]
pub struct FrontierPoint {
    pub design: String,
    pub engine: String,
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub replication: Replication,
    pub fast_health_checks: bool,
    /// The traffic mechanism (catalog id).
    pub traffic: String,
    pub monthly_usd: Cents,
    #[serde(serialize_with = "seconds")]
    pub rpo_s: f64,
    #[serde(serialize_with = "seconds")]
    pub rto_s: f64,
    #[serde(serialize_with = "nine")]
    pub availability: f64,
    pub worst_ms: f64,
    /// The plan's design.
    pub chosen: bool,
    /// Meets the spec's RTO and RPO targets too.
    pub meets_targets: bool,
}

/// The best design of one topology family.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub replication: Replication,
    pub engine: String,
    pub regions: Vec<String>,
    pub feasible: bool,
    pub monthly_usd: Cents,
    #[serde(serialize_with = "seconds")]
    pub rpo_s: f64,
    #[serde(serialize_with = "seconds")]
    pub rto_s: f64,
    #[serde(serialize_with = "nine")]
    pub availability: f64,
    pub worst_read_ms: f64,
    pub worst_write_ms: f64,
    /// The design in one line, as every other place naming it.
    pub design: String,
    /// How the design's users are reached and moved on failover: ", via
    /// AWS Global Accelerator, fast health checks" (empty for a single
    /// region).
    pub traffic: String,
    pub chosen: bool,
    pub why_not: String,
    /// Candidates of this family the search measured.
    pub evaluated: usize,
}

/// A service and where it runs.
#[derive(Debug, Clone, Serialize)]
pub struct ServicePlan {
    pub name: String,
    /// False when a data class it needs (directly or through other
    /// services) has no design: it runs nowhere and is never available.
    pub placed: bool,
    /// Those data classes.
    pub missing_designs: Vec<String>,
    pub depends_on: Vec<String>,
    pub instance: String,
    pub regions: BTreeMap<String, u32>,
    /// The traffic mechanism its users reach it through (catalog id): that
    /// of `traffic_class`, the multi-region data class it needs with the
    /// shortest RTO; the first DNS mechanism when it needs none.
    pub traffic: String,
    pub traffic_class: Option<String>,
    pub monthly_usd: Cents,
    pub cost: Vec<CostLine>,
    #[serde(serialize_with = "seconds")]
    pub rto_s: f64,
    #[serde(serialize_with = "nine")]
    pub availability: f64,
}

/// Infinite durations (nothing recovers) are null in JSON.
fn seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64((v * 1000.0).round() / 1000.0)
    } else {
        s.serialize_none()
    }
}

fn optional_seconds<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => seconds(v, s),
        None => s.serialize_none(),
    }
}

/// Availability to nine decimals: six would print 0.9999996 as 1.0.
fn nine<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((v * 1e9).round() / 1e9)
}

fn three<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((v * 1e3).round() / 1e3)
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Milliseconds per population, rounded to 0.1 ms, by population name.
fn per_population(ctx: &ClassCtx, ms: &[f64]) -> BTreeMap<String, f64> {
    ctx.users
        .iter()
        .zip(ms)
        .map(|(u, v)| (u.name.clone(), round1(*v)))
        .collect()
}

/// The chosen (or nearest) design of every class, measured, and the plan
/// built from them: what `pipeline::plan` completes with the region-loss
/// scenarios and `simulate` fails regions of.
pub struct Designs<'a> {
    pub ctxs: Vec<ClassCtx<'a>>,
    /// None when no engine can hold the class.
    pub chosen: Vec<Option<(Candidate, crate::evaluate::Metrics)>>,
    pub plan: Plan,
}

/// Whether `designs` also searches each class's cost–recovery frontier
/// (a second search per class; `simulate` has no use for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontier {
    Search,
    Skip,
}

/// Searches every class (and, if asked, its cost–recovery frontier) and
/// assembles the plan.
pub fn designs<'a>(
    spec: &'a Spec,
    catalog: &'a Catalog,
    network: &'a Network,
    frontier_search: Frontier,
) -> Designs<'a> {
    let mut ctxs = Vec::new();
    let mut chosen = Vec::new();
    let mut classes = Vec::new();
    for class in &spec.data {
        let ctx = ClassCtx::new(catalog, network, spec, class);
        let relaxed_class = match frontier_search {
            Frontier::Search => without_recovery_targets(class),
            Frontier::Skip => None,
        };
        let relaxed_ctx = relaxed_class
            .as_ref()
            .map(|r| ClassCtx::new(catalog, network, spec, r));
        let (found, relaxed) = match &relaxed_ctx {
            // A guaranteed RPO changes what a design measures (its RPO is
            // the bound), not only how it is assessed: search both anew.
            Some(rctx) if class.slo.rpo_guaranteed => {
                (search_class(&ctx), Some(search_class(rctx).families))
            }
            Some(rctx) => {
                let (found, relaxed) = search_class_and_relaxed(&ctx, rctx);
                (found, Some(relaxed))
            }
            None => (search_class(&ctx), None),
        };
        let mut plan = class_plan(&ctx, &found);
        plan.frontier = match (frontier_search, &relaxed_ctx, &relaxed) {
            (Frontier::Skip, _, _) => Vec::new(),
            (_, Some(rctx), Some(families)) => frontier(&ctx, rctx, families, found.best()),
            _ => frontier(&ctx, &ctx, &found.families, found.best()),
        };
        chosen.push(
            found
                .best()
                .or_else(|| found.nearest())
                .map(|s| (s.cand.clone(), s.metrics.clone())),
        );
        classes.push(plan);
        ctxs.push(ctx);
    }
    let plan = assemble(spec, catalog, network, classes);
    Designs { ctxs, chosen, plan }
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
        primary: (cand.topology != Topology::ActiveActive)
            .then(|| cand.primary.map(id))
            .flatten(),
        leader: (cand.replication == Replication::Quorum)
            .then(|| cand.primary.map(id))
            .flatten(),
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
        traffic_demands: if cand.topology == Topology::SingleRegion {
            String::new()
        } else {
            mechanism.demands.clone()
        },
        traffic_caveat: (cand.topology != Topology::SingleRegion)
            .then(|| mechanism.caveat.clone())
            .flatten(),
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
        search_complete: found.families.iter().all(|f| f.complete),
    }
}

/// The class with its RTO and RPO targets dropped, for the frontier search.
pub fn without_recovery_targets(class: &crate::spec::DataClass) -> Option<crate::spec::DataClass> {
    if class.slo.rto_s.is_none() && class.slo.rpo_s.is_none() {
        return None;
    }
    let mut relaxed = class.clone();
    relaxed.slo.rto_s = None;
    relaxed.slo.rpo_s = None;
    relaxed.slo.rpo_guaranteed = false;
    Some(relaxed)
}

/// The Pareto frontier over cost, RTO and RPO of the designs that meet
/// every SLO but the recovery targets. `relaxed` is the families' search of
/// the class without RTO/RPO targets: each family's cheapest design there,
/// the same design through every other traffic mechanism and health-check
/// speed that fits (a shorter RTO for a little more), and the chosen
/// design are the candidates; those another beats on
/// all three are dropped.
pub fn frontier(
    ctx: &ClassCtx,
    relaxed_ctx: &ClassCtx,
    relaxed: &[FamilyResult],
    chosen: Option<&Scored>,
) -> Vec<FrontierPoint> {
    let mut points: Vec<(Candidate, crate::evaluate::Metrics)> = Vec::new();
    for f in relaxed {
        let Some(best) = &f.best else { continue };
        points.push((best.cand.clone(), best.metrics.clone()));
        for option in crate::evaluate::traffic::options(relaxed_ctx, &best.cand) {
            if option == (best.cand.traffic, best.cand.fast_detection) {
                continue;
            }
            let (other, metrics) =
                crate::evaluate::with_traffic(relaxed_ctx, &best.cand, &best.metrics, option);
            if assess(relaxed_ctx, &other, &metrics, None).feasible() {
                points.push((other, metrics));
            }
        }
    }
    if let Some(c) = chosen {
        points.push((c.cand.clone(), c.metrics.clone()));
    }
    let key = |m: &crate::evaluate::Metrics| (m.monthly_usd, m.rto_s, m.rpo_s);
    let dominated = |a: &crate::evaluate::Metrics| {
        points.iter().any(|(_, b)| {
            let (ac, at, ap) = key(a);
            let (bc, bt, bp) = key(b);
            bc <= ac && bt <= at && bp <= ap && (bc < ac || bt < at || bp < ap)
        })
    };
    let mut out: Vec<FrontierPoint> = Vec::new();
    for (cand, m) in &points {
        if dominated(m) {
            continue;
        }
        let is_chosen = chosen.is_some_and(|c| c.cand == *cand);
        // Equal on all three: keep one (the chosen one if it is among them).
        if let Some(i) = out.iter().position(|p| {
            p.monthly_usd == m.monthly_usd && p.rto_s == m.rto_s && p.rpo_s == m.rpo_s
        }) {
            if is_chosen {
                out.remove(i);
            } else {
                continue;
            }
        }
        let slo = &ctx.class.slo;
        out.push(FrontierPoint {
            design: describe(ctx, cand),
            engine: ctx.engine(cand).id.clone(),
            topology: cand.topology,
            standby: cand.standby,
            replication: cand.replication,
            fast_health_checks: cand.fast_detection,
            traffic: ctx.catalog.traffic.mechanisms[cand.traffic].id.clone(),
            monthly_usd: m.monthly_usd,
            rpo_s: m.rpo_s,
            rto_s: m.rto_s,
            availability: m.availability,
            worst_ms: round1(m.worst_read_ms().max(m.worst_write_ms())),
            chosen: is_chosen,
            meets_targets: slo.rto_s.is_none_or(|t| m.rto_s <= t)
                && slo.rpo_s.is_none_or(|t| m.rpo_s <= t),
        });
    }
    out.sort_by(|a, b| {
        a.rto_s
            .total_cmp(&b.rto_s)
            .then(a.rpo_s.total_cmp(&b.rpo_s))
            .then(a.monthly_usd.cmp(&b.monthly_usd))
            .then(a.design.cmp(&b.design))
    });
    out
}

/// ", via AWS Global Accelerator, fast health checks" for a design's
/// label: the mechanism moving users on failover, named for every
/// multi-region design (two designs differing only there differ in price
/// and RTO). Empty for a single region, which has no failover.
fn traffic_words(ctx: &ClassCtx, cand: &Candidate) -> String {
    if cand.topology == Topology::SingleRegion {
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
        primary: None,
        leader: None,
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
        search_complete: found.families.iter().all(|f| f.complete),
    }
}

fn region_ids(catalog: &Catalog) -> Vec<String> {
    catalog.regions.iter().map(|r| r.id.clone()).collect()
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
        .regions
        .iter()
        .map(|r| match cand.role(*r) {
            Role::Primary => format!("{}*", id(*r)),
            _ => id(*r).to_string(),
        })
        .collect();
    text.push_str(&format!(" in {}", regions.join(", ")));
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

/// Services, shared costs and totals around the class plans.
/// Every region the plan names, in catalog order.
fn plan_regions(
    catalog: &Catalog,
    spec: &Spec,
    classes: &[ClassPlan],
    services: &[ServicePlan],
) -> Vec<RegionPlan> {
    catalog
        .regions
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            classes
                .iter()
                .any(|c| c.regions.contains(&r.id) || c.witness.as_ref() == Some(&r.id))
                || services.iter().any(|s| s.regions.contains_key(&r.id))
                || spec.users.iter().any(|u| u.near == Some(*i))
        })
        .map(|(_, r)| RegionPlan {
            id: r.id.clone(),
            name: r.name.clone(),
            country: r.country.clone(),
            lat: r.lat,
            lon: r.lon,
        })
        .collect()
}

/// The share of users an outage of each region stops, as the class's
/// availability counts it: everyone for the primary (or quorum leader), the
/// routed share for an active-active region, no one for a standby.
fn outage_share(spec: &Spec, c: &ClassPlan) -> Vec<(String, f64)> {
    if let Some(p) = c.primary.as_ref().or(c.leader.as_ref()) {
        return vec![(p.clone(), 1.0)];
    }
    let total: f64 = spec.users.iter().map(|u| u.share).sum();
    c.regions
        .iter()
        .map(|r| {
            let routed = |to: &BTreeMap<String, String>| -> f64 {
                spec.users
                    .iter()
                    .filter(|u| to.get(&u.name) == Some(r))
                    .fold(0.0, |sum, u| sum + u.share / total)
            };
            (r.clone(), routed(&c.read_from).max(routed(&c.write_to)))
        })
        .collect()
}

/// What `commitment` could not cover, one line per class and for services.
fn commitment_notes(spec: &Spec, classes: &[ClassPlan], services: &[ServicePlan]) -> Vec<String> {
    if spec.commitment == crate::model::Commitment::None {
        return Vec::new();
    }
    let mut notes: Vec<String> = classes
        .iter()
        .filter_map(|c| {
            let capacity = c.capacity.as_ref()?;
            (capacity.commitment != spec.commitment)
                .then(|| format!("{} ({}): {}", c.name, c.engine, capacity.note))
        })
        .collect();
    if services.iter().any(|s| s.placed) {
        notes.push(format!(
            "services: EC2 instances stay on-demand: no citable {} reserved-instance or savings-plan rate was found.",
            spec.commitment
        ));
    }
    notes
}

pub fn assemble(
    spec: &Spec,
    catalog: &Catalog,
    network: &Network,
    classes: Vec<ClassPlan>,
) -> Plan {
    let index = |id: &str| {
        catalog
            .region_index(id)
            .expect("plan regions come from the catalog")
    };
    let processes = catalog.outage_processes();
    let facts: Vec<DataFacts> = classes
        .iter()
        .map(|c| DataFacts {
            in_region_failover_h: catalog
                .engine_index(&c.engine)
                .and_then(|e| catalog.engines[e].in_region_failover_s.as_ref())
                .map_or(0.0, |f| f.value / 3600.0),
            designed: c.designed,
            rto_s: c.rto_s,
            process: match catalog.engine_index(&c.engine) {
                Some(e) => c
                    .regions
                    .iter()
                    .map(|r| {
                        let p = catalog.outage_process(e, index(r));
                        let i = processes
                            .iter()
                            .position(|x| *x == p)
                            .expect("every process is listed");
                        (index(r), i)
                    })
                    .collect(),
                None => Vec::new(),
            },
            outage_share: outage_share(spec, c)
                .into_iter()
                .map(|(r, s)| (index(&r), s))
                .collect(),
            roles: c
                .regions
                .iter()
                .zip(&c.roles)
                .map(|(r, role)| (index(r), *role))
                .collect(),
        })
        .collect();
    let outages = services::Outages {
        processes: &processes,
        az_events_per_year: catalog
            .default_cloud()
            .recovery
            .az_events_per_region_year
            .value,
    };
    let service_facts = services::resolve(&spec.services, &facts, outages);
    let ids = region_ids(catalog);
    let services: Vec<ServicePlan> = spec
        .services
        .iter()
        .zip(service_facts)
        .map(|(s, f)| {
            let instance = catalog
                .compute_type(&s.instance)
                .expect("validated against the catalog");
            let mut lines = Lines {
                region_ids: &ids,
                lines: Vec::new(),
            };
            for (&region, &count) in &f.instances {
                let list =
                    instance.usd_per_hour.value * crate::cost::HOURS_PER_MONTH * f64::from(count);
                let (usd, derived) = catalog.regional_price(list, region);
                let hours = crate::cost::Qty::of(
                    crate::cost::HOURS_PER_MONTH * f64::from(count),
                    "instance-hour",
                );
                crate::cost::CostSink::add_qty(
                    &mut lines,
                    Some(region),
                    hours,
                    usd,
                    derived,
                    &|| format!("instance {} x{count}", instance.name),
                );
            }
            let monthly = lines.total();
            let leading = f
                .data
                .iter()
                .map(|d| &classes[*d])
                .filter(|c| c.regions.len() > 1 && !c.traffic.is_empty())
                .min_by(|a, b| a.rto_s.total_cmp(&b.rto_s));
            let traffic = leading.map_or_else(
                || {
                    catalog
                        .traffic
                        .mechanisms
                        .iter()
                        .find(|m| m.kind == crate::model::TrafficKind::Dns)
                        .map_or_else(String::new, |m| m.id.clone())
                },
                |c| c.traffic.clone(),
            );
            ServicePlan {
                traffic,
                traffic_class: leading.map(|c| c.name.clone()),
                name: s.name.clone(),
                placed: f.missing.is_empty(),
                missing_designs: f
                    .missing
                    .iter()
                    .map(|d| spec.data[*d].name.clone())
                    .collect(),
                depends_on: s
                    .depends_on
                    .iter()
                    .map(|d| match d {
                        crate::spec::Dependency::Data(i) => spec.data[*i].name.clone(),
                        crate::spec::Dependency::Service(i) => spec.services[*i].name.clone(),
                    })
                    .collect(),
                instance: s.instance.clone(),
                regions: f
                    .instances
                    .iter()
                    .map(|(r, c)| (ids[*r].clone(), *c))
                    .collect(),
                monthly_usd: monthly,
                cost: lines.lines,
                rto_s: f.rto_s,
                availability: f.availability,
            }
        })
        .collect();
    let regions = plan_regions(catalog, spec, &classes, &services);
    let assumptions = assumptions(catalog, &classes);
    let dns_mechanism = catalog
        .traffic
        .mechanisms
        .iter()
        .find(|m| m.kind == crate::model::TrafficKind::Dns);
    let multi_region =
        classes.iter().any(|c| c.regions.len() > 1) || services.iter().any(|s| s.placed);
    let dns = &catalog.default_cloud().dns;
    let shared_cost = if multi_region {
        vec![CostLine {
            item: format!("{} hosted zone", dns.service),
            region: "global".into(),
            monthly_usd: Cents::of_usd(dns.hosted_zone_usd_month.value),
            derived: false,
            quantity: Some(1.0),
            unit: Some("hosted zone-month"),
            unit_usd: Some(dns.hosted_zone_usd_month.value),
        }]
    } else {
        Vec::new()
    };
    let static_assets = crate::edge::plan(
        spec,
        catalog,
        network,
        &live_regions(catalog, &classes, &services),
    );
    let mut assumptions = assumptions;
    let mut references = Vec::new();
    if let Some(s) = &static_assets {
        assumptions.extend(s.assumptions.iter().cloned());
        references.extend(s.references.iter().cloned());
    }
    let total = classes.iter().map(|c| c.monthly_usd).sum::<Cents>()
        + services.iter().map(|s| s.monthly_usd).sum::<Cents>()
        + shared_cost.iter().map(|l| l.monthly_usd).sum::<Cents>()
        + static_assets
            .as_ref()
            .map_or(Cents::ZERO, |s| s.monthly_usd);
    let derived = classes
        .iter()
        .flat_map(|c| &c.cost)
        .chain(services.iter().flat_map(|s| &s.cost))
        .filter(|l| l.derived)
        .count();
    let commitment_notes = commitment_notes(spec, &classes, &services);
    let r = &catalog.default_cloud().recovery;
    Plan {
        commitment: spec.commitment,
        commitment_notes,
        name: spec.name.clone(),
        cloud: spec.clouds.join(", "),
        total_monthly_usd: total,
        feasible: classes.iter().all(|c| c.feasible),
        classes,
        services,
        shared_cost,
        users: spec
            .users
            .iter()
            .map(|u| UserPlan {
                name: u.name.clone(),
                lat: u.lat,
                lon: u.lon,
                share: u.share,
                near: u.near.map(|r| catalog.regions[r].id.clone()),
            })
            .collect(),
        regions,
        scenarios: Vec::new(),
        static_assets,
        assessed: None,
        references: catalog
            .engines
            .iter()
            .filter(|e| assumptions.iter().any(|a| a.subject == e.id))
            .flat_map(|e| {
                e.references.iter().map(|(key, text)| Reference {
                    subject: e.id.clone(),
                    key: key.clone(),
                    text: text.clone(),
                })
            })
            .chain(references)
            .collect(),
        assumptions,
        model: ModelFacts {
            route_inflation: network.route_inflation,
            tail_p99_over_p50: catalog.latency().tail_p99_over_p50.value,
            last_mile_p99_ms: catalog.latency().last_mile_p99_ms.value,
            health_check_interval_s: dns_mechanism
                .and_then(|m| m.health_check_interval_s.as_ref())
                .map_or(0.0, |f| f.value),
            fast_health_check_interval_s: dns_mechanism
                .and_then(|m| m.fast_health_check_interval_s.as_ref())
                .map_or(0.0, |f| f.value),
            failure_threshold: dns_mechanism
                .and_then(|m| m.failure_threshold.as_ref())
                .map_or(0.0, |f| f.value),
            dns_ttl_s: spec.dns_ttl_s,
            outage_mean_hours: r.outage_mean_hours.value,
            derived_line_items: derived,
        },
    }
}
