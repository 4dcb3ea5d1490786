//! What losing a region costs in data (RPO) and time (RTO).
//!
//! RPO: synchronous or quorum commits lose nothing; asynchronous replication
//! loses the engine's published replication lag; backup-restore loses up to
//! one backup interval; a single region loses everything.
//!
//! RTO, in four phases: detect (the traffic mechanism's health checks,
//! interval × failure threshold, or the client's timeout × attempts),
//! decide (nothing when failover is automatic, the operator's decision
//! time otherwise), promote (the engine's published failover time, leader
//! election, starting compute for a pilot light, scaling a warm standby up
//! when it is smaller than the load, or restoring from backup, size ÷
//! restore rate; nothing for active-active) and shift (the DNS TTL for
//! DNS records and ARC, none for an accelerator or a client's retry).

use super::ClassCtx;
use crate::candidate::Candidate;
use crate::model::{Replication, Standby, Topology};

/// The RPO the SLO is checked against: the guaranteed bound (`bound_s`,
/// from [`rpo_bound_s`]) when the class requires one (`rpo_guaranteed`),
/// the replication window otherwise.
pub fn rpo_s(ctx: &ClassCtx, cand: &Candidate, bound_s: f64) -> f64 {
    if ctx.class.slo.rpo_guaranteed {
        bound_s
    } else {
        rpo_window_s(ctx, cand)
    }
}

/// The `rds.global_db_rpo` a design sets, seconds: Aurora PostgreSQL
/// replicating asynchronously to live secondaries, for a class that
/// requires a guaranteed RPO — the target, at least the parameter's least
/// value (or what an assessed module sets, if anything). None for every
/// other design.
pub fn global_db_rpo_s(ctx: &ClassCtx, cand: &Candidate) -> Option<f64> {
    let engine = ctx.engine(cand);
    let slo = &ctx.class.slo;
    let async_live = cand.topology != Topology::SingleRegion
        && cand.replication == Replication::Async
        && cand.standby != Some(Standby::BackupRestore);
    match (
        &engine.rpo_parameter_min_s,
        slo.rpo_s,
        ctx.class.pins.global_db_rpo_s,
    ) {
        // As a module sets it (or not).
        (Some(min), _, Some(set)) if async_live && engine.rpo_bound_s.is_none() => {
            set.map(|s| s.max(min.value))
        }
        (Some(min), Some(target), None)
            if async_live && slo.rpo_guaranteed && engine.rpo_bound_s.is_none() =>
        {
            Some(target.floor().max(min.value))
        }
        _ => None,
    }
}

/// The replication window a region loss loses: the engine's published lag
/// (a bound where it publishes one, else its typical lag), the backup
/// interval, or everything for a single region.
pub fn rpo_window_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let engine = ctx.engine(cand);
    match (cand.topology, cand.standby, cand.replication) {
        (Topology::SingleRegion, _, _) => f64::INFINITY,
        (_, _, Replication::Sync | Replication::Quorum) => 0.0,
        (_, Some(Standby::BackupRestore), _) => engine
            .backup_interval_s
            .as_ref()
            .map_or(f64::INFINITY, |f| f.value),
        _ => engine.replication_lag_s.value,
    }
}

/// The expected loss window: the typical lag (S3 RTC: seconds, though its
/// bound is 15 minutes), half a backup interval on average, none for
/// synchronous commits; infinite for a single region.
pub fn expected_window_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let engine = ctx.engine(cand);
    match (cand.topology, cand.standby, cand.replication) {
        (Topology::SingleRegion, _, _) => f64::INFINITY,
        (_, _, Replication::Sync | Replication::Quorum) => 0.0,
        (_, Some(Standby::BackupRestore), _) => rpo_window_s(ctx, cand) / 2.0,
        _ => engine
            .typical_lag_s
            .as_ref()
            .map_or(engine.replication_lag_s.value, |f| f.value),
    }
}

/// The worst case: what bounds the data lost with a region, and why
/// (seconds, infinite when nothing does). Synchronous and quorum commits
/// lose nothing; a backup copy is at most one interval old; asynchronous
/// replication is bounded only where the engine publishes a bound (S3 RTC)
/// or the design sets one (Aurora PostgreSQL's `rds.global_db_rpo`, which
/// blocks commits while the secondaries lag more, set to the class's RPO
/// target when it requires a guarantee).
pub fn rpo_bound(ctx: &ClassCtx, cand: &Candidate) -> (f64, String) {
    bound(ctx, cand, true)
}

/// [`rpo_bound`] without the words, for the search's hot path.
pub fn rpo_bound_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    bound(ctx, cand, false).0
}

fn bound(ctx: &ClassCtx, cand: &Candidate, words: bool) -> (f64, String) {
    let engine = ctx.engine(cand);
    let say = |text: &dyn Fn() -> String| if words { text() } else { String::new() };
    match (cand.topology, cand.standby, cand.replication) {
        (Topology::SingleRegion, _, _) => (
            f64::INFINITY,
            say(&|| {
                if cand.read_only.is_empty() {
                    "a single region keeps no copy elsewhere".into()
                } else {
                    "the read-only replicas elsewhere cannot be promoted: only the lost read-write region takes writes"
                        .into()
                }
            }),
        ),
        (_, _, Replication::Sync | Replication::Quorum) => (
            0.0,
            say(&|| "a write is acknowledged only once another region holds it".into()),
        ),
        (_, Some(Standby::BackupRestore), _) => (
            rpo_window_s(ctx, cand),
            say(&|| {
                "the newest backup copy in the standby region is at most one backup interval old"
                    .into()
            }),
        ),
        _ => {
            if let Some(b) = &engine.rpo_bound_s {
                return (
                    b.value,
                    say(&|| format!("{} publishes a bound on its replication lag", engine.id)),
                );
            }
            if let (Some(set), Some(min)) =
                (global_db_rpo_s(ctx, cand), &engine.rpo_parameter_min_s)
            {
                return (
                    set,
                    say(&|| {
                        format!(
                            "rds.global_db_rpo = {set:.0}s: the primary blocks commits while a secondary lags more (at least {:.0}s)",
                            min.value
                        )
                    }),
                );
            }
            (
                f64::INFINITY,
                say(&|| {
                    format!(
                        "{} publishes no bound on its replication lag (typically {})",
                        engine.id,
                        crate::units::format_duration_s(expected_window_s(ctx, cand))
                    )
                }),
            )
        }
    }
}

/// The four phases of recovery from a region loss, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Something notices: health checks fail, or a client's requests time out.
    Detect,
    /// Someone decides the region is lost: no one (automatic) or an operator.
    Decide,
    /// The data tier takes writes elsewhere: promotion, election, restore.
    Promote,
    /// Users move: DNS answers expire, the accelerator reroutes, the client retries.
    Shift,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Detect => "detect",
            Phase::Decide => "decide",
            Phase::Promote => "promote",
            Phase::Shift => "shift",
        }
    }
}

/// One step of recovery from a region loss: what the RTO model times, and
/// what the runbook describes (it finds its steps by this, not by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A single region: nothing to fail over to.
    RegionRecovers,
    /// No allowed mechanism can move users.
    NoMechanism,
    HealthChecksFail,
    ClientTimesOut,
    NoOneDecides,
    OperatorDecides,
    LeaderElection,
    NothingToPromote,
    RestoreFromBackup,
    Promotion,
    StartCompute,
    ScaleUp,
    DnsTtl,
    AcceleratorReroutes,
    ClientRetries,
}

impl Step {
    /// The plan's `rto_steps[].step`.
    pub fn name(self) -> &'static str {
        match self {
            Step::RegionRecovers => "wait for the region to recover",
            Step::NoMechanism => {
                "no allowed traffic mechanism can move users off the failed region"
            }
            Step::HealthChecksFail => "health checks fail",
            Step::ClientTimesOut => "client requests time out",
            Step::NoOneDecides => "automatic: no one decides",
            Step::OperatorDecides => "an operator decides the region is lost",
            Step::LeaderElection => "leader election",
            Step::NothingToPromote => "nothing to promote",
            Step::RestoreFromBackup => "restore from backup",
            Step::Promotion => "promotion",
            Step::StartCompute => "start compute",
            Step::ScaleUp => "scale up",
            Step::DnsTtl => "DNS TTL",
            Step::AcceleratorReroutes => "accelerator reroutes (no TTL)",
            Step::ClientRetries => "client retries the next region",
        }
    }

    pub fn phase(self) -> Phase {
        match self {
            Step::HealthChecksFail | Step::ClientTimesOut => Phase::Detect,
            Step::NoOneDecides | Step::OperatorDecides => Phase::Decide,
            Step::RegionRecovers
            | Step::LeaderElection
            | Step::NothingToPromote
            | Step::RestoreFromBackup
            | Step::Promotion
            | Step::StartCompute
            | Step::ScaleUp => Phase::Promote,
            Step::NoMechanism | Step::DnsTtl | Step::AcceleratorReroutes | Step::ClientRetries => {
                Phase::Shift
            }
        }
    }
}

/// Seconds from a region failing to the mechanism noticing: endpoint
/// health checks (interval × consecutive failures), or the client's
/// request timeout × attempts.
pub fn detection_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let m = &ctx.catalog.traffic.mechanisms[cand.traffic];
    if let (Some(timeout), Some(attempts)) = (&m.timeout_s, &m.attempts) {
        return timeout.value * attempts.value;
    }
    let interval = match (&m.fast_health_check_interval_s, &m.health_check_interval_s) {
        (Some(fast), _) if cand.fast_detection => fast.value,
        (_, Some(standard)) => standard.value,
        _ => return 0.0,
    };
    interval * m.failure_threshold.as_ref().map_or(1.0, |f| f.value)
}

/// The steps of recovery, in order, with their seconds (for the plan's
/// runbook and the RTO): detect, decide, promote (one or more steps),
/// shift.
pub fn rto_steps(ctx: &ClassCtx, cand: &Candidate) -> Vec<(Step, f64)> {
    let mut steps = Vec::with_capacity(6);
    visit_steps(ctx, cand, &mut |step, seconds| steps.push((step, seconds)));
    steps
}

/// The RTO: the sum of [`rto_steps`], without allocating (the search times
/// every candidate through every traffic mechanism).
pub fn rto_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let mut sum = 0.0;
    visit_steps(ctx, cand, &mut |_, seconds| sum += seconds);
    sum
}

/// The steps that move the readers of a lost region that takes no writes
/// (a standby serving reads, a read-only replica) to another copy: the
/// checks fail and traffic shifts; no one decides and nothing is promoted.
/// None for a design users do not reach through a mechanism.
pub fn reroute_steps(ctx: &ClassCtx, cand: &Candidate) -> Vec<(Step, f64)> {
    if !cand.routed() {
        return Vec::new();
    }
    if !super::traffic::fits(ctx, cand, cand.traffic) {
        return vec![(Step::NoMechanism, f64::INFINITY)];
    }
    vec![detect_step(ctx, cand), shift_step(ctx, cand)]
}

/// How the design's mechanism notices a region is lost, and how long it
/// takes.
fn detect_step(ctx: &ClassCtx, cand: &Candidate) -> (Step, f64) {
    let step = match ctx.catalog.traffic.mechanisms[cand.traffic].kind {
        crate::model::TrafficKind::Client => Step::ClientTimesOut,
        _ => Step::HealthChecksFail,
    };
    (step, detection_s(ctx, cand))
}

/// How the design's mechanism moves users to another region, and how long
/// it takes.
fn shift_step(ctx: &ClassCtx, cand: &Candidate) -> (Step, f64) {
    use crate::model::TrafficKind;
    match ctx.catalog.traffic.mechanisms[cand.traffic].kind {
        TrafficKind::Dns | TrafficKind::Switch => (Step::DnsTtl, ctx.dns_ttl_s),
        TrafficKind::Anycast => (Step::AcceleratorReroutes, 0.0),
        TrafficKind::Client => (Step::ClientRetries, 0.0),
    }
}

/// Calls `step` with each step of recovery, in order.
fn visit_steps(ctx: &ClassCtx, cand: &Candidate, step: &mut dyn FnMut(Step, f64)) {
    use crate::model::Failover;
    let engine = ctx.engine(cand);
    if cand.topology == Topology::SingleRegion {
        step(Step::RegionRecovers, f64::INFINITY);
        return;
    }
    if !super::traffic::fits(ctx, cand, cand.traffic) {
        step(Step::NoMechanism, f64::INFINITY);
        return;
    }
    let (detect, seconds) = detect_step(ctx, cand);
    step(detect, seconds);
    match ctx.class.failover.failover {
        Failover::Automatic => step(Step::NoOneDecides, 0.0),
        Failover::Operator => step(Step::OperatorDecides, ctx.class.failover.decision_s),
    }
    match (cand.topology, cand.standby) {
        (Topology::SingleRegion, _) => unreachable!("returned above"),
        (Topology::ActiveActive, _) => {
            if cand.replication == Replication::Quorum {
                step(Step::LeaderElection, engine.promotion_s.value);
            } else {
                step(Step::NothingToPromote, 0.0);
            }
        }
        (Topology::ActivePassive, Some(Standby::BackupRestore)) => {
            let fixed = engine
                .restore_fixed_s
                .as_ref()
                .map_or(f64::INFINITY, |f| f.value);
            let rate = engine.restore_mb_per_s.as_ref().map_or(0.0, |f| f.value);
            let size_mb = ctx.workload.size_gb * 1000.0;
            let restore = if rate > 0.0 {
                fixed + size_mb / rate
            } else {
                f64::INFINITY
            };
            step(Step::RestoreFromBackup, restore);
        }
        (Topology::ActivePassive, tier) => {
            step(Step::Promotion, engine.promotion_s.value);
            match tier {
                Some(Standby::PilotLight) => {
                    let start = engine
                        .capacity_start_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    step(Step::StartCompute, start);
                }
                Some(Standby::WarmStandby) if warm_needs_scale_up(ctx, cand) => {
                    let scale = engine
                        .scale_up_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    step(Step::ScaleUp, scale);
                }
                _ => {}
            }
        }
    }
    let (shift, seconds) = shift_step(ctx, cand);
    step(shift, seconds);
}

/// A warm standby runs one smallest instance; it must grow unless that
/// already carries the whole load.
fn warm_needs_scale_up(ctx: &ClassCtx, cand: &Candidate) -> bool {
    ctx.fleets[cand.engine].is_some_and(|fleet| !fleet.one_smallest_suffices)
}
