//! `meridian simulate`: what losing regions does to the plan.
//!
//! [`fail`] answers one scenario: these regions are down. Per data class it
//! says whether the data is still served, how long users wait (the RTO
//! path), how many writes and bytes are lost (write rate × the replication
//! window at the moment of failure: the typical window for the expected
//! loss, the plan's RPO bound for the worst case), what consistency users
//! see, where each population is served from afterwards and at what p99,
//! and what the failed-over design costs beyond the original. Services
//! inherit the outcome of what they depend on, walked in dependency order.
//!
//! [`year`] is a Monte Carlo of a year of single-region outages drawn from
//! the catalog's outage rate per region (Poisson) and duration (exponential
//! with the catalog's mean), so the plan's analytic availability can be
//! checked against the distribution it implies. The random stream is a
//! seeded PCG (`rand_pcg`), so the same seed gives the same result.

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Serialize, Serializer};

use crate::candidate::{Candidate, Role};
use crate::catalog::Catalog;
use crate::cost::{Cents, CostSink, HOURS_PER_MONTH};
use crate::evaluate::latency::{Routes, route};
use crate::evaluate::{ClassCtx, Metrics, cost};
use crate::model::{Conflicts, Replication, Standby, Topology};
use crate::network::Network;
use crate::plan::{self, Designs, Plan, Scenario, ScenarioClass};
use crate::spec::dependencies::dependency_order;
use crate::spec::{Dependency, Spec};
use crate::units::HOURS_PER_YEAR;

/// The outcome of losing `failed` (region indices) at once.
#[derive(Debug, Clone, Serialize)]
pub struct Simulation {
    pub name: String,
    pub failed: Vec<String>,
    /// Regions of the list the plan does not use.
    pub unused: Vec<String>,
    /// Mean duration of a regional outage in the catalog, hours.
    pub outage_mean_hours: f64,
    pub classes: Vec<ClassOutcome>,
    pub services: Vec<ServiceOutcome>,
    /// Extra cost of the failed-over designs (promoted and added capacity,
    /// service surge), per hour and over a mean-length outage.
    pub extra_usd_per_hour: Cents,
    pub extra_usd_mean_outage: Cents,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassOutcome {
    pub name: String,
    pub engine: String,
    pub topology: Topology,
    pub standby: Option<Standby>,
    /// "none", "standby lost", "witness lost", "read-only replica lost"
    /// (serving no one), "reads re-routed" (a standby
    /// serving reads was lost), "failover", "users re-routed"
    /// (active-active) or "down".
    pub impact: &'static str,
    /// The data is still served without waiting for the region to return.
    pub survives: bool,
    /// Share of users who lose service for `downtime_s`.
    pub affected_share: f64,
    /// Seconds those users cannot read or write; null: until the region returns.
    #[serde(serialize_with = "seconds")]
    pub downtime_s: f64,
    pub downtime_steps: Vec<(String, f64)>,
    /// Where writes go after the failure (active-passive and quorum designs).
    pub new_primary: Option<String>,
    pub writes_lost_expected: f64,
    /// null: unbounded (the data exists only in the lost region).
    #[serde(serialize_with = "opt_round")]
    pub writes_lost_worst: Option<f64>,
    pub bytes_lost_expected: f64,
    #[serde(serialize_with = "opt_round")]
    pub bytes_lost_worst: Option<f64>,
    /// What users see during and after the failure, in plain words.
    pub consistency: String,
    pub users: Vec<UserOutcome>,
    pub extra_usd_per_hour: Cents,
}

#[derive(Debug, Clone, Serialize)]
pub struct UserOutcome {
    pub name: String,
    pub read_from_before: String,
    pub write_to_before: String,
    pub read_ms_before: f64,
    pub write_ms_before: f64,
    /// Null when the class is down for them until the region returns.
    pub read_from: Option<String>,
    pub write_to: Option<String>,
    pub read_ms: Option<f64>,
    pub write_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceOutcome {
    pub name: String,
    /// "unaffected", "degraded", "down", or "not placed" (it needs a data
    /// class with no design, so it never runs).
    pub status: &'static str,
    #[serde(serialize_with = "seconds")]
    pub downtime_s: f64,
    pub why: Vec<String>,
    /// Instances lost in failed regions, to be added in the others.
    pub instances_lost: u32,
    pub extra_usd_per_hour: Cents,
}

fn seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64((v * 1000.0).round() / 1000.0)
    } else {
        s.serialize_none()
    }
}

fn opt_round<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_f64(v.round()),
        None => s.serialize_none(),
    }
}

/// Cost by region (None: not attributed to one).
#[derive(Default)]
struct ByRegion(BTreeMap<Option<usize>, f64>);

impl CostSink for ByRegion {
    fn add(&mut self, region: Option<usize>, usd: f64, _: bool, _: &dyn Fn() -> String) {
        *self.0.entry(region).or_default() += usd;
    }
}

/// Simulates losing `failed` (catalog region indices) at once.
pub fn fail(spec: &Spec, catalog: &Catalog, failed: &[usize]) -> Simulation {
    let network = Network::build(catalog, &spec.users);
    let d = plan::designs(spec, catalog, &network, plan::Frontier::Skip);
    fail_with(&d, spec, catalog, failed)
}

/// Losing `failed`, for designs already searched.
pub fn fail_with(d: &Designs, spec: &Spec, catalog: &Catalog, failed: &[usize]) -> Simulation {
    let id = |r: usize| catalog.regions[r].id.clone();
    let mut classes = Vec::new();
    for (i, ctx) in d.ctxs.iter().enumerate() {
        classes.push(match &d.chosen[i] {
            Some((cand, metrics)) => class_outcome(ctx, cand, metrics, failed),
            None => no_design(ctx),
        });
    }
    let services = service_outcomes(spec, &d.plan, &classes, failed, &id);
    let extra = classes.iter().map(|c| c.extra_usd_per_hour).sum::<Cents>()
        + services.iter().map(|s| s.extra_usd_per_hour).sum::<Cents>();
    // The failed region's cloud's mean outage (the default cloud's when
    // none is named).
    let mean = failed
        .first()
        .map_or(catalog.default_cloud(), |r| catalog.cloud_of(*r))
        .recovery
        .outage_mean_hours
        .value;
    Simulation {
        name: spec.name.clone(),
        failed: failed.iter().map(|r| id(*r)).collect(),
        unused: failed
            .iter()
            .filter(|r| !uses(d, catalog, **r))
            .map(|r| id(*r))
            .collect(),
        outage_mean_hours: mean,
        classes,
        services,
        extra_usd_per_hour: extra,
        extra_usd_mean_outage: Cents::of_usd(extra.usd() * mean),
    }
}

fn no_design(ctx: &ClassCtx) -> ClassOutcome {
    ClassOutcome {
        name: ctx.class.name.clone(),
        engine: String::new(),
        topology: Topology::SingleRegion,
        standby: None,
        impact: "none",
        survives: false,
        affected_share: 0.0,
        downtime_s: 0.0,
        downtime_steps: Vec::new(),
        new_primary: None,
        writes_lost_expected: 0.0,
        writes_lost_worst: Some(0.0),
        bytes_lost_expected: 0.0,
        bytes_lost_worst: Some(0.0),
        consistency: "no design: nothing to fail".into(),
        users: Vec::new(),
        extra_usd_per_hour: Cents::ZERO,
    }
}

/// Readiness of a standby to take over: hot first, backup copies last.
fn readiness(role: Role) -> u8 {
    match role {
        Role::Primary | Role::Active | Role::Hot => 0,
        Role::Warm => 1,
        Role::Pilot => 2,
        Role::Backup => 3,
        // Takes no writes: never promoted.
        Role::ReadOnly => 4,
    }
}

/// What happens to one class's design when `failed` are down.
fn class_outcome(
    ctx: &ClassCtx,
    cand: &Candidate,
    metrics: &Metrics,
    failed: &[usize],
) -> ClassOutcome {
    let engine = ctx.engine(cand);
    let id = |r: usize| ctx.catalog.regions[r].id.clone();
    let is_failed = |r: &usize| failed.contains(r);
    let lost: Vec<usize> = cand.regions.iter().copied().filter(is_failed).collect();
    let witness_lost = cand.witness.is_some_and(|w| failed.contains(&w));
    let survivors: Vec<usize> = cand
        .regions
        .iter()
        .copied()
        .filter(|r| !is_failed(r))
        .collect();
    let w = &ctx.workload;
    let named = |steps: Vec<(crate::evaluate::recovery::Step, f64)>| -> Vec<(String, f64)> {
        steps
            .into_iter()
            .filter(|(_, v)| *v > 0.0)
            .map(|(s, v)| (s.name().to_string(), v))
            .collect()
    };
    let rto_steps = named(crate::evaluate::recovery::rto_steps(ctx, cand));
    // Readers of a lost standby or read-only replica move once the checks
    // fail and traffic shifts: no one decides and nothing is promoted for
    // them.
    let reroute_steps = named(crate::evaluate::recovery::reroute_steps(ctx, cand));
    let share_of = |shares: &[f64], regions: &[usize]| -> f64 {
        cand.regions
            .iter()
            .zip(shares)
            .filter(|(r, _)| regions.contains(r))
            .fold(0.0, |total, (_, s)| total + s)
    };
    let backup_window = cand.standby == Some(Standby::BackupRestore);
    let expected_window = crate::evaluate::recovery::expected_window_s(ctx, cand);
    let mut out = ClassOutcome {
        name: ctx.class.name.clone(),
        engine: engine.id.clone(),
        topology: cand.topology,
        standby: cand.standby,
        impact: "none",
        survives: true,
        affected_share: 0.0,
        downtime_s: 0.0,
        downtime_steps: Vec::new(),
        new_primary: cand.primary.filter(|p| !is_failed(p)).map(id),
        writes_lost_expected: 0.0,
        writes_lost_worst: Some(0.0),
        bytes_lost_expected: 0.0,
        bytes_lost_worst: Some(0.0),
        consistency: "No effect: the design uses none of the failed regions.".into(),
        users: Vec::new(),
        extra_usd_per_hour: Cents::ZERO,
    };
    if lost.is_empty() && !witness_lost {
        out.users = users(ctx, &metrics.routes, Some(&metrics.routes));
        return out;
    }
    let mut post = cand.clone();
    post.regions = survivors.clone();
    post.read_only.retain(|r| !is_failed(r));
    // Regions that can take the writes or the leadership.
    let voting_survivors: Vec<usize> = post.voting().collect();
    // Writes lost: the write rate the lost regions were taking × the window.
    let lose = |out: &mut ClassOutcome, rate: f64| {
        out.writes_lost_expected = rate * expected_window;
        out.writes_lost_worst = metrics
            .rpo_bound_s
            .is_finite()
            .then_some(rate * metrics.rpo_bound_s);
        out.bytes_lost_expected = out.writes_lost_expected * w.item_bytes;
        out.bytes_lost_worst = out.writes_lost_worst.map(|n| n * w.item_bytes);
    };
    let down = |out: &mut ClassOutcome, why: String| {
        out.impact = "down";
        out.survives = false;
        out.affected_share = 1.0;
        out.downtime_s = f64::INFINITY;
        out.new_primary = None;
        out.consistency = why;
    };
    let lag = crate::units::format_duration_s(expected_window);
    match (cand.topology, cand.replication) {
        (Topology::SingleRegion, _) if cand.primary.is_some_and(|p| !is_failed(&p)) => {
            // Only read-only replicas are lost: their readers move.
            out.new_primary = cand.primary.map(id);
            out.affected_share = share_of(&metrics.routes.read_share, &lost);
            if out.affected_share > 0.0 {
                out.impact = "users re-routed";
                out.downtime_s = reroute_steps.iter().map(|(_, s)| s).sum();
                out.downtime_steps = reroute_steps.clone();
            } else {
                out.impact = "read-only replica lost";
            }
            out.consistency = format!(
                "Only read-only replicas are down ({}): the read-write region is up, so writes and strongly consistent reads go on and nothing is lost; the readers they served move to the nearest other copy.",
                lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", ")
            );
        }
        (Topology::SingleRegion, _) => {
            let primary = cand.primary.map_or(lost[0], |p| p);
            down(
                &mut out,
                format!(
                    "Unavailable until {} recovers; no write is lost unless its storage is lost for good, and then everything since the last backup kept elsewhere is.",
                    id(primary)
                ),
            );
            out.writes_lost_worst = None;
            out.bytes_lost_worst = None;
        }
        (Topology::ActivePassive, _) => {
            let primary = cand.primary.expect("active-passive designs have a primary");
            if is_failed(&primary) {
                let promoted = survivors
                    .iter()
                    .copied()
                    .min_by_key(|r| (readiness(cand.role(*r)), *r));
                match promoted {
                    None => down(
                        &mut out,
                        "Every copy is in a failed region: unavailable until one returns.".into(),
                    ),
                    Some(new) => {
                        out.impact = "failover";
                        out.affected_share = 1.0;
                        out.downtime_s = metrics.rto_s;
                        out.downtime_steps = rto_steps.clone();
                        out.new_primary = Some(id(new));
                        lose(&mut out, w.writes_per_s);
                        post.primary = Some(new);
                        out.consistency = if backup_window {
                            format!(
                                "Restored in {} from the newest backup copy: the writes since it are lost (expected {:.0}, at most {:.0}: up to {} of writes).",
                                id(new),
                                out.writes_lost_expected,
                                out.writes_lost_worst.unwrap_or(f64::INFINITY),
                                crate::units::format_duration_s(metrics.rpo_s)
                            )
                        } else {
                            format!(
                                "The promoted copy in {} lacks the writes of the last ~{lag} before the failure: they are lost, not delayed (expected {:.0}). Reads there show the state as of the last replicated write; when {} returns, its unreplicated writes must be reconciled by hand or discarded.",
                                id(new),
                                out.writes_lost_expected,
                                id(primary)
                            )
                        };
                    }
                }
            } else {
                out.impact = "standby lost";
                // Users reading from a lost hot standby move to another copy
                // once health checks and DNS catch up.
                let readers = share_of(&metrics.routes.read_share, &lost);
                if readers > 0.0 {
                    out.impact = "reads re-routed";
                    out.affected_share = readers;
                    out.downtime_s = reroute_steps.iter().fold(0.0, |sum, (_, v)| sum + v);
                    out.downtime_steps = reroute_steps.clone();
                }
                let names = lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", ");
                out.consistency = if readers > 0.0 {
                    format!(
                        "Writes are unaffected. Reads served from {names} ({:.0}% of them) move to another copy once health checks and DNS catch up; until {names} returns the design runs with one copy fewer.",
                        readers * 100.0
                    )
                } else {
                    format!(
                        "No effect on reads or writes; until {names} returns the design runs without that copy, so a second failure would be that of a design with one copy fewer."
                    )
                };
            }
            if post.regions.len() == 1 {
                post.topology = Topology::SingleRegion;
                post.standby = None;
                post.replication = Replication::None;
            }
        }
        (Topology::ActiveActive, Replication::Async | Replication::None) => {
            if survivors.is_empty() {
                down(
                    &mut out,
                    "Every replica is in a failed region: unavailable until one returns.".into(),
                );
            } else {
                let write_share = share_of(&metrics.routes.write_share, &lost);
                let read_share = share_of(&metrics.routes.read_share, &lost);
                out.impact = "users re-routed";
                out.affected_share = write_share.max(read_share);
                out.downtime_s = metrics.rto_s;
                out.downtime_steps = rto_steps.clone();
                lose(&mut out, w.writes_per_s * write_share);
                out.consistency = match ctx.class.conflicts {
                    Conflicts::LastWriterWins | Conflicts::SingleWriter => format!(
                        "Writes accepted in {} in its last ~{lag} and not yet replicated are missing elsewhere (expected {:.0}); if they arrive when it returns, last writer wins: of two concurrent updates to one item one is kept, silently.",
                        lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", "),
                        out.writes_lost_expected
                    ),
                    Conflicts::Surface => format!(
                        "Writes accepted in {} in its last ~{lag} arrive when it returns; where they conflict with writes made elsewhere meanwhile, both versions are kept for the application to resolve (the conflicts feed): nothing is dropped, but readers elsewhere miss them until then.",
                        lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", ")
                    ),
                    _ => format!(
                        "Writes accepted in {} in its last ~{lag} arrive when it returns and are merged ({}): nothing is overwritten, but readers elsewhere miss them until then.",
                        lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", "),
                        ctx.class.conflicts
                    ),
                };
            }
        }
        (Topology::ActiveActive, Replication::Sync | Replication::Quorum) => {
            let voters = cand.voting().count() + usize::from(cand.witness.is_some());
            let lost_voters = cand.voting().filter(is_failed).count() + usize::from(witness_lost);
            if voters - lost_voters > voters / 2 && !voting_survivors.is_empty() {
                let leader_lost = cand.primary.is_some_and(|p| is_failed(&p));
                if leader_lost {
                    post.primary = voting_survivors.first().copied();
                }
                if witness_lost {
                    post.witness = None;
                }
                out.new_primary = post.primary.map(id);
                let share = share_of(&metrics.routes.write_share, &lost)
                    .max(share_of(&metrics.routes.read_share, &lost));
                out.affected_share = if leader_lost { 1.0 } else { share };
                if out.affected_share > 0.0 {
                    out.impact = "users re-routed";
                    out.downtime_s = metrics.rto_s;
                    out.downtime_steps = rto_steps.clone();
                } else if lost.is_empty() {
                    out.impact = "witness lost";
                } else if lost_voters == 0 {
                    out.impact = "read-only replica lost";
                } else {
                    out.impact = "standby lost";
                }
                out.consistency = if lost_voters == 0 {
                    format!(
                        "Only read-only replicas are down ({}): every voting region is up, so writes and strongly consistent reads go on and nothing is lost; the readers they served move to the nearest other copy.",
                        lost.iter().map(|r| id(*r)).collect::<Vec<_>>().join(", ")
                    )
                } else {
                    "No committed write is lost (each commit was in a majority before it was acknowledged); strongly consistent reads and writes continue in the surviving regions, with no margin left for a second failure.".into()
                };
            } else if ctx.engine(cand).quorum_failover && !voting_survivors.is_empty() {
                // The quorum shrinks to the surviving region: every commit
                // was in both regions, so nothing is lost.
                post.primary = voting_survivors.first().copied();
                out.new_primary = post.primary.map(id);
                out.affected_share = 1.0;
                out.impact = "quorum failed over";
                out.downtime_s = metrics.rto_s;
                out.downtime_steps = rto_steps.clone();
                out.consistency = format!(
                    "{lost_voters} of {voters} voting regions are down: the quorum fails over to {} (writes stop until it does). No committed write is lost; no margin is left for a second failure until the quorum fails back.",
                    voting_survivors
                        .iter()
                        .map(|r| id(*r))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            } else {
                down(
                    &mut out,
                    format!(
                        "{lost_voters} of {voters} voting regions are down: no majority, so writes (and strongly consistent reads) stop until one returns. No committed write is lost."
                    ),
                );
                out.writes_lost_worst = Some(0.0);
                out.bytes_lost_worst = Some(0.0);
            }
        }
    }
    if out.survives {
        let after = route(ctx, &post);
        out.users = users(ctx, &metrics.routes, Some(&after));
        // Extra cost: the failed-over design against what the original
        // design bills in the regions still up.
        let mut before = ByRegion::default();
        cost(ctx, cand, &metrics.routes, &mut before);
        let mut now = ByRegion::default();
        cost(ctx, &post, &after, &mut now);
        let up = |b: &ByRegion| -> f64 {
            b.0.iter()
                .filter(|(r, _)| r.is_none_or(|r| !failed.contains(&r)))
                .map(|(_, usd)| usd)
                .sum()
        };
        out.extra_usd_per_hour =
            Cents::of_usd(((up(&now) - up(&before)) / HOURS_PER_MONTH).max(0.0));
    } else {
        out.users = users(ctx, &metrics.routes, None);
    }
    out
}

fn users(ctx: &ClassCtx, before: &Routes, after: Option<&Routes>) -> Vec<UserOutcome> {
    let id = |r: usize| ctx.catalog.regions[r].id.clone();
    let r1 = |v: f64| (v * 10.0).round() / 10.0;
    ctx.users
        .iter()
        .enumerate()
        .map(|(p, u)| UserOutcome {
            name: u.name.clone(),
            read_from_before: id(before.read_from[p]),
            write_to_before: id(before.write_to[p]),
            read_ms_before: r1(before.read_ms[p]),
            write_ms_before: r1(before.write_ms[p]),
            read_from: after.map(|a| id(a.read_from[p])),
            write_to: after.map(|a| id(a.write_to[p])),
            read_ms: after.map(|a| r1(a.read_ms[p])),
            write_ms: after.map(|a| r1(a.write_ms[p])),
        })
        .collect()
}

/// Services in dependency order: down when something they need is down for
/// everyone, degraded when some users are re-routed or they lose regions.
fn service_outcomes(
    spec: &Spec,
    plan: &Plan,
    classes: &[ClassOutcome],
    failed: &[usize],
    id: &dyn Fn(usize) -> String,
) -> Vec<ServiceOutcome> {
    let failed_ids: Vec<String> = failed.iter().map(|r| id(*r)).collect();
    let mut outcomes: Vec<Option<ServiceOutcome>> = vec![None; spec.services.len()];
    for i in dependency_order(&spec.services) {
        let service = &spec.services[i];
        let placed = &plan.services[i];
        if !placed.placed {
            outcomes[i] = Some(ServiceOutcome {
                name: service.name.clone(),
                status: "not placed",
                downtime_s: f64::INFINITY,
                why: vec![format!(
                    "not placed: no design for {}",
                    placed.missing_designs.join(", ")
                )],
                instances_lost: 0,
                extra_usd_per_hour: Cents::ZERO,
            });
            continue;
        }
        let mut downtime: f64 = 0.0;
        let mut status = "unaffected";
        let mut why = Vec::new();
        let mut worse = |s: &'static str| {
            if s == "down" || status == "unaffected" {
                status = s;
            }
        };
        for dep in &service.depends_on {
            let (name, share, down, dep_status) = match *dep {
                Dependency::Data(d) => {
                    let c = &classes[d];
                    let st = match c.impact {
                        "down" | "failover" => "down",
                        "users re-routed" | "reads re-routed" => "degraded",
                        _ => "unaffected",
                    };
                    (&c.name, c.affected_share, c.downtime_s, st)
                }
                Dependency::Service(s) => match &outcomes[s] {
                    Some(o) => (&o.name, 1.0, o.downtime_s, o.status),
                    None => continue,
                },
            };
            if dep_status == "unaffected" {
                continue;
            }
            worse(dep_status);
            if dep_status == "down" {
                downtime = downtime.max(down);
            }
            why.push(format!(
                "{name}: {} for {}{}",
                if dep_status == "down" {
                    "down"
                } else {
                    "some users re-routed"
                },
                crate::units::format_duration_s(down),
                if dep_status == "down" || share >= 1.0 {
                    String::new()
                } else {
                    format!(" ({:.0}% of users)", share * 100.0)
                }
            ));
        }
        let lost: u32 = placed
            .regions
            .iter()
            .filter(|(r, _)| failed_ids.contains(r))
            .map(|(_, n)| *n)
            .sum();
        let total: u32 = placed.regions.values().sum();
        if lost > 0 {
            worse(if lost == total { "down" } else { "degraded" });
            why.push(format!(
                "{lost} of its {total} instances were in the failed regions; the others take their users after health checks fail"
            ));
            if lost == total {
                downtime = f64::INFINITY;
            }
        }
        let per_instance = if total > 0 {
            placed.monthly_usd.usd() / f64::from(total)
        } else {
            0.0
        };
        let extra = if lost < total {
            f64::from(lost) * per_instance / HOURS_PER_MONTH
        } else {
            0.0
        };
        outcomes[i] = Some(ServiceOutcome {
            name: service.name.clone(),
            status,
            downtime_s: downtime,
            why,
            instances_lost: lost,
            extra_usd_per_hour: Cents::of_usd(extra),
        });
    }
    outcomes.into_iter().flatten().collect()
}

/// Whether a design holds a copy or witness in `region`, or a service runs there.
fn uses(d: &Designs, catalog: &Catalog, region: usize) -> bool {
    let id = &catalog.regions[region].id;
    d.chosen
        .iter()
        .flatten()
        .any(|(c, _)| c.regions.contains(&region) || c.witness == Some(region))
        || d.plan.services.iter().any(|s| s.regions.contains_key(id))
}

/// Every region the designs or services use, lost one at a time.
pub fn scenarios(d: &Designs, spec: &Spec, catalog: &Catalog) -> Vec<Scenario> {
    let used: Vec<usize> = (0..catalog.regions.len())
        .filter(|r| uses(d, catalog, *r))
        .collect();
    // Each region's loss is simulated apart, on the machine's cores.
    crate::parallel::map(used.len(), |i| {
        let r = used[i];
        let s = fail_with(d, spec, catalog, &[r]);
        let services_in = |status: &str| -> Vec<String> {
            s.services
                .iter()
                .filter(|v| v.status == status)
                .map(|v| v.name.clone())
                .collect()
        };
        Scenario {
            region: catalog.regions[r].id.clone(),
            classes: s
                .classes
                .iter()
                .map(|c| ScenarioClass {
                    name: c.name.clone(),
                    impact: c.impact,
                    affected_share: (c.affected_share * 1e4).round() / 1e4,
                    downtime_s: c.downtime_s,
                    new_primary: c.new_primary.clone(),
                    writes_lost_expected: c.writes_lost_expected.round(),
                })
                .collect(),
            services_down: services_in("down"),
            services_degraded: services_in("degraded"),
            extra_usd_per_hour: s.extra_usd_per_hour,
        }
    })
}

/// A year of outages, `trials` times.
#[derive(Debug, Clone, Serialize)]
pub struct YearSimulation {
    pub name: String,
    pub seed: u64,
    pub trials: u32,
    pub outage_mean_hours: f64,
    pub classes: Vec<YearOutcome>,
    pub services: Vec<YearOutcome>,
}

/// The distribution of a year's downtime (hours) and data loss (writes).
#[derive(Debug, Clone, Serialize)]
pub struct YearOutcome {
    pub name: String,
    /// The plan's analytic availability and its expected yearly downtime.
    pub analytic_availability: f64,
    pub analytic_downtime_hours: f64,
    pub downtime_hours: Distribution,
    /// 1 − mean downtime / hours in a year.
    pub simulated_availability: f64,
    /// The analytic downtime lies within the mean's 95% confidence interval.
    pub agrees: bool,
    pub writes_lost: Distribution,
    /// Share of years with any downtime.
    pub years_with_downtime: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Distribution {
    pub mean: f64,
    /// Half-width of the 95% confidence interval of the mean.
    pub ci95: f64,
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

impl Distribution {
    fn of(mut samples: Vec<f64>) -> Distribution {
        let n = samples.len().max(1) as f64;
        let mean = samples.iter().sum::<f64>() / n;
        let var = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
        samples.sort_by(f64::total_cmp);
        let q = |p: f64| {
            samples
                .get(((p * n).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0.0)
        };
        let round = |v: f64| (v * 1e6).round() / 1e6;
        Distribution {
            mean: round(mean),
            ci95: round(1.96 * (var / n).sqrt()),
            p50: round(q(0.5)),
            p99: round(q(0.99)),
            max: round(samples.last().copied().unwrap_or(0.0)),
        }
    }
}

/// One region outage's effect on a class: (share of users down × hours, writes lost).
fn outage_effect(
    ctx: &ClassCtx,
    cand: &Candidate,
    metrics: &Metrics,
    region: usize,
    hours: f64,
    rng: &mut Pcg64Mcg,
) -> (f64, f64) {
    let Some(i) = cand.regions.iter().position(|r| *r == region) else {
        return (0.0, 0.0);
    };
    let rto_h = metrics.rto_s / 3600.0;
    let served = hours.min(rto_h);
    let writes = ctx.workload.writes_per_s;
    // The same windows as `fail` and the plan's expected loss.
    let typical = crate::evaluate::recovery::expected_window_s(ctx, cand);
    // The same rule as the analytic availability: the primary's (or
    // leader's) outage stops everyone; an active-active region's outage
    // stops its share of users; a standby's outage stops no one.
    match (cand.topology, cand.primary) {
        (Topology::ActiveActive, None) => {
            let r = &metrics.routes;
            let share = r.write_share[i].max(r.read_share[i]);
            let lost = if cand.replication == Replication::Async {
                writes * r.write_share[i] * typical
            } else {
                0.0
            };
            (share * served, lost)
        }
        (_, Some(p)) if p == region => {
            let lost = match (cand.topology, cand.replication, cand.standby) {
                (Topology::SingleRegion, _, _) => 0.0,
                (_, Replication::Sync | Replication::Quorum, _) => 0.0,
                // A failure falls anywhere between two backups.
                (_, _, Some(Standby::BackupRestore)) => {
                    writes
                        * crate::evaluate::recovery::rpo_window_s(ctx, cand)
                        * rng.random::<f64>()
                }
                _ => writes * typical,
            };
            // The region returning first ends the outage with nothing lost.
            let lost = if hours < rto_h { 0.0 } else { lost };
            (served, lost)
        }
        _ => (0.0, 0.0),
    }
}

/// Draws `trials` years of single-region outages.
pub fn year(spec: &Spec, catalog: &Catalog, seed: u64, trials: u32) -> YearSimulation {
    let network = Network::build(catalog, &spec.users);
    let d = plan::designs(spec, catalog, &network, plan::Frontier::Skip);
    let mean = catalog.default_cloud().recovery.outage_mean_hours.value;
    let mut regions: Vec<usize> = d
        .chosen
        .iter()
        .flatten()
        .flat_map(|(c, _)| c.regions.iter().copied().chain(c.witness))
        .collect();
    regions.sort_unstable();
    regions.dedup();
    let classes = d.ctxs.len();
    let n = trials.max(1) as usize;
    let mut down = vec![vec![0.0; n]; classes];
    let mut lost = vec![vec![0.0; n]; classes];
    let mut service_down = vec![vec![0.0; n]; spec.services.len()];
    let order = dependency_order(&spec.services);
    // A service that is not placed is down all year, every year.
    for (s, p) in d.plan.services.iter().enumerate() {
        if !p.placed {
            service_down[s] = vec![HOURS_PER_YEAR; n];
        }
    }
    // The outage processes of the regions in use: each region's, and the
    // engines' own histories (a class is stopped only by its engine's
    // process in a region, the same rule as the analytic availability).
    let processes: Vec<crate::catalog::OutageProcess> = catalog
        .outage_processes()
        .into_iter()
        .filter(|p| regions.contains(&p.region) && p.per_year > 0.0)
        .collect();
    // Each region's cloud's rate of events confined to one zone.
    let az_rate = |region: usize| {
        catalog
            .cloud_of(region)
            .recovery
            .az_events_per_region_year
            .value
    };
    let in_region: Vec<Vec<(usize, f64)>> = d
        .ctxs
        .iter()
        .zip(&d.chosen)
        .map(|(ctx, chosen)| {
            chosen.as_ref().map_or_else(Vec::new, |(cand, metrics)| {
                crate::evaluate::availability::in_region_hours(ctx, cand, &metrics.routes).collect()
            })
        })
        .collect();
    // A service is out while anything it needs is (the longest).
    let services_down = |class_hours: &[f64], service_down: &mut [Vec<f64>], t: usize| {
        let mut svc_hours = vec![0.0; spec.services.len()];
        for &s in &order {
            let mut h: f64 = 0.0;
            for dep in &spec.services[s].depends_on {
                h = h.max(match *dep {
                    Dependency::Data(c) => class_hours[c],
                    Dependency::Service(o) => svc_hours[o],
                });
            }
            svc_hours[s] = h;
            if d.plan.services[s].placed {
                service_down[s][t] += h;
            }
        }
    };
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    for t in 0..n {
        for process in &processes {
            let region = process.region;
            // Poisson arrivals over one year: exponential gaps of mean 1/rate.
            let mut at = exponential(&mut rng) / process.per_year;
            while at < 1.0 {
                let hours = process.mean_hours * exponential(&mut rng);
                let mut class_hours = vec![0.0; classes];
                for (c, ctx) in d.ctxs.iter().enumerate() {
                    if let Some((cand, metrics)) = &d.chosen[c] {
                        if catalog.outage_process(cand.engine, region) != *process {
                            continue;
                        }
                        let (h, w) = outage_effect(ctx, cand, metrics, region, hours, &mut rng);
                        down[c][t] += h;
                        lost[c][t] += w;
                        class_hours[c] = h;
                    }
                }
                services_down(&class_hours, &mut service_down, t);
                at += exponential(&mut rng) / process.per_year;
            }
        }
        // Availability Zone events: each region's, stopping every class
        // there for its in-region failover time.
        for &region in &regions {
            let rate = az_rate(region);
            if rate > 0.0 {
                let mut at = exponential(&mut rng) / rate;
                while at < 1.0 {
                    let class_hours: Vec<f64> = in_region
                        .iter()
                        .map(|hours| {
                            hours
                                .iter()
                                .find(|(r, _)| *r == region)
                                .map_or(0.0, |(_, h)| *h)
                        })
                        .collect();
                    for (c, h) in class_hours.iter().enumerate() {
                        down[c][t] += h;
                    }
                    services_down(&class_hours, &mut service_down, t);
                    at += exponential(&mut rng) / rate;
                }
            }
        }
    }
    let outcome = |name: &str, analytic: f64, down: Vec<f64>, lost: Vec<f64>| {
        let analytic_hours = (1.0 - analytic) * HOURS_PER_YEAR;
        let years_with = down.iter().filter(|h| **h > 0.0).count() as f64 / n as f64;
        let downtime = Distribution::of(down);
        YearOutcome {
            name: name.to_string(),
            analytic_availability: analytic,
            analytic_downtime_hours: (analytic_hours * 1e6).round() / 1e6,
            simulated_availability: ((1.0 - downtime.mean / HOURS_PER_YEAR) * 1e9).round() / 1e9,
            agrees: (downtime.mean - analytic_hours).abs() <= downtime.ci95.max(1e-6),
            downtime_hours: downtime,
            writes_lost: Distribution::of(lost),
            years_with_downtime: (years_with * 1e4).round() / 1e4,
        }
    };
    YearSimulation {
        name: spec.name.clone(),
        seed,
        trials: n as u32,
        outage_mean_hours: mean,
        classes: d
            .plan
            .classes
            .iter()
            .enumerate()
            .map(|(c, p)| outcome(&p.name, p.availability, down[c].clone(), lost[c].clone()))
            .collect(),
        services: d
            .plan
            .services
            .iter()
            .enumerate()
            .map(|(s, p)| {
                outcome(
                    &p.name,
                    p.availability,
                    service_down[s].clone(),
                    vec![0.0; n],
                )
            })
            .collect(),
    }
}

/// An exponential draw of mean 1: −ln(1 − u), u uniform in [0, 1).
fn exponential(rng: &mut Pcg64Mcg) -> f64 {
    -(-rng.random::<f64>()).ln_1p()
}
