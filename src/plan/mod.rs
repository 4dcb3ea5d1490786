//! The `Plan`: the one value every output renders (table, JSON, Markdown,
//! Terraform, the report, simulate and diff). It holds every figure an
//! output shows, so no renderer recomputes the model. Its JSON keys are
//! the contract in DESIGN.md; the rest are additions.
//!
//! This file holds the plan's types; it is built from the spec, the
//! catalog and the search results by `class` (one class's plan from its
//! search), `frontier` (the cost–recovery frontier), `assumptions`
//! (the cited figures used) and `assemble` (everything together, with the
//! services and shared costs). Nothing here searches or renders.

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
    search_class_feasible,
};
use crate::services::{self, DataFacts};
use crate::spec::Spec;
use crate::units::{format_availability, format_duration_s};

mod assemble;
mod assumptions;
mod class;
mod frontier;

pub use assemble::{Designs, Frontier, assemble, designs};
pub use class::{class_plan, describe};
pub use frontier::{frontier, without_recovery_targets};

/// The plan for a whole spec.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub name: String,
    pub cloud: String,
    /// The names of those clouds, as their catalogs give them.
    pub cloud_name: String,
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
    /// The cloud the design runs on (its engine's; empty with no design).
    pub cloud: String,
    /// The region taking every write; null for active-active.
    pub primary: Option<String>,
    /// The leaseholder region of a quorum design (serves strong reads,
    /// orders writes); null otherwise.
    pub leader: Option<String>,
    /// The engine's published configuration the design is (Spanner's
    /// `nam3`, or `regional-<region>` for one region), or the named
    /// location its regions lie in (Cloud Storage's dual-region `NAM4`, or
    /// `US` for two regions of that location code); absent for engines
    /// without either.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration: Option<String>,
    /// Regions where the design adds a read-only replica to its published
    /// `configuration` (a custom Spanner configuration on that base);
    /// absent when it adds none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub read_only_added: Vec<String>,
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
    /// False when a family's search, or one of the joint relaxation's
    /// searches for the nearest design, stopped at its evaluation cap: the
    /// design shown is then the best found, not proven the cheapest (or
    /// the nearest).
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
    /// The mechanism's probe interval (the fast one where the leading class
    /// pays for it) and the failed probes that mark a region down, as the
    /// RTO assumed them and the Terraform sets them; null without probes.
    pub health_check_interval_s: Option<f64>,
    pub failure_threshold: Option<f64>,
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

fn region_ids(catalog: &Catalog) -> Vec<String> {
    catalog.regions.iter().map(|r| r.id.clone()).collect()
}
