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
            say(&|| "a single region keeps no copy elsewhere".into()),
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

/// The steps of recovery, in order, with their phase and seconds (for the
/// plan's runbook summary and the RTO): detect, decide, promote (one or
/// more steps), shift. The names are the plan's `rto_steps[].step`.
pub fn rto_steps(ctx: &ClassCtx, cand: &Candidate) -> Vec<(Phase, &'static str, f64)> {
    let mut steps = Vec::with_capacity(6);
    visit_steps(ctx, cand, &mut |phase, step, seconds| {
        steps.push((phase, step, seconds))
    });
    steps
}

/// The RTO: the sum of [`rto_steps`], without allocating (the search times
/// every candidate through every traffic mechanism).
pub fn rto_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let mut sum = 0.0;
    visit_steps(ctx, cand, &mut |_, _, seconds| sum += seconds);
    sum
}

/// Calls `step` with each step of recovery, in order.
fn visit_steps(ctx: &ClassCtx, cand: &Candidate, step: &mut dyn FnMut(Phase, &'static str, f64)) {
    use crate::model::{Failover, TrafficKind};
    let engine = ctx.engine(cand);
    if cand.topology == Topology::SingleRegion {
        step(
            Phase::Promote,
            "wait for the region to recover",
            f64::INFINITY,
        );
        return;
    }
    let m = &ctx.catalog.traffic.mechanisms[cand.traffic];
    if !super::traffic::fits(ctx, cand, cand.traffic) {
        step(
            Phase::Shift,
            "no allowed traffic mechanism can move users off the failed region",
            f64::INFINITY,
        );
        return;
    }
    let detect = match m.kind {
        TrafficKind::Client => "client requests time out",
        _ => "health checks fail",
    };
    step(Phase::Detect, detect, detection_s(ctx, cand));
    match ctx.class.failover.failover {
        Failover::Automatic => step(Phase::Decide, "automatic: no one decides", 0.0),
        Failover::Operator => step(
            Phase::Decide,
            "an operator decides the region is lost",
            ctx.class.failover.decision_s,
        ),
    }
    match (cand.topology, cand.standby) {
        (Topology::SingleRegion, _) => unreachable!("returned above"),
        (Topology::ActiveActive, _) => {
            if cand.replication == Replication::Quorum {
                step(Phase::Promote, "leader election", engine.promotion_s.value);
            } else {
                step(Phase::Promote, "nothing to promote", 0.0);
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
            step(Phase::Promote, "restore from backup", restore);
        }
        (Topology::ActivePassive, tier) => {
            step(Phase::Promote, "promotion", engine.promotion_s.value);
            match tier {
                Some(Standby::PilotLight) => {
                    let start = engine
                        .capacity_start_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    step(Phase::Promote, "start compute", start);
                }
                Some(Standby::WarmStandby) if warm_needs_scale_up(ctx, cand) => {
                    let scale = engine
                        .scale_up_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    step(Phase::Promote, "scale up", scale);
                }
                _ => {}
            }
        }
    }
    match m.kind {
        TrafficKind::Dns | TrafficKind::Switch => {
            step(Phase::Shift, "DNS TTL", ctx.dns_ttl_s);
        }
        TrafficKind::Anycast => step(Phase::Shift, "accelerator reroutes (no TTL)", 0.0),
        TrafficKind::Client => step(Phase::Shift, "client retries the next region", 0.0),
    }
}

/// A warm standby runs one smallest instance; it must grow unless that
/// already carries the whole load.
fn warm_needs_scale_up(ctx: &ClassCtx, cand: &Candidate) -> bool {
    ctx.fleets[cand.engine].is_some_and(|fleet| !fleet.one_smallest_suffices)
}
