//! What losing a region costs in data (RPO) and time (RTO).
//!
//! RPO: synchronous or quorum commits lose nothing; asynchronous replication
//! loses the engine's published replication lag; backup-restore loses up to
//! one backup interval; a single region loses everything.
//!
//! RTO: detection (health-check interval × failure threshold) + promotion
//! (the engine's published failover time; none for active-active) + DNS TTL,
//! plus starting compute (pilot light), scaling a warm standby up when it is
//! smaller than the load, or restoring from backup (size ÷ restore rate).

use super::ClassCtx;
use crate::candidate::Candidate;
use crate::model::{Replication, Standby, Topology};

pub fn rpo_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
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

/// Seconds from a region failing to a health check declaring it down.
pub fn detection_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    let r = &ctx.catalog.recovery;
    let interval = if cand.fast_detection {
        r.fast_health_check_interval_s.value
    } else {
        r.health_check_interval_s.value
    };
    interval * r.failure_threshold.value
}

/// The steps of recovery, in order, with seconds each (for the plan's runbook
/// summary and the RTO): (step, seconds).
pub fn rto_steps(ctx: &ClassCtx, cand: &Candidate) -> Vec<(&'static str, f64)> {
    let engine = ctx.engine(cand);
    let ttl = ctx.catalog.recovery.dns_ttl_s.value;
    // At most four steps (detection, promotion, start or scale, DNS): one
    // allocation, as the search computes the RTO of every candidate.
    let mut steps = Vec::with_capacity(4);
    steps.push(("detection", detection_s(ctx, cand)));
    match (cand.topology, cand.standby) {
        (Topology::SingleRegion, _) => {
            return vec![("wait for the region to recover", f64::INFINITY)];
        }
        (Topology::ActiveActive, _) => {
            if cand.replication == Replication::Quorum {
                steps.push(("leader election", engine.promotion_s.value));
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
            steps.push(("restore from backup", restore));
        }
        (Topology::ActivePassive, tier) => {
            steps.push(("promotion", engine.promotion_s.value));
            match tier {
                Some(Standby::PilotLight) => {
                    let start = engine
                        .capacity_start_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    steps.push(("start compute", start));
                }
                Some(Standby::WarmStandby) if warm_needs_scale_up(ctx, cand) => {
                    let scale = engine
                        .scale_up_s
                        .as_ref()
                        .map_or(f64::INFINITY, |f| f.value);
                    steps.push(("scale up", scale));
                }
                _ => {}
            }
        }
    }
    steps.push(("DNS TTL", ttl));
    steps
}

/// A warm standby runs one smallest instance; it must grow unless that
/// already carries the whole load.
fn warm_needs_scale_up(ctx: &ClassCtx, cand: &Candidate) -> bool {
    ctx.fleets[cand.engine].is_some_and(|fleet| !fleet.one_smallest_suffices)
}

pub fn rto_s(ctx: &ClassCtx, cand: &Candidate) -> f64 {
    rto_steps(ctx, cand).iter().fold(0.0, |sum, (_, s)| sum + s)
}
