//! How users reach a design and move off a failed region: which traffic
//! mechanisms can carry a candidate's failover and what each costs a month
//! (the search bounds that cost in `search::bound`).
//!
//! A mechanism fits a candidate when the spec allows it and it can move
//! traffic the way the class fails over: a switch (ARC) detects nothing, so
//! it needs an operator; clients retry by themselves, so they need no one,
//! and only where every region takes writes (nothing to promote). A switch
//! an operator makes through a control plane (Route 53 record changes,
//! Global Accelerator traffic dials) does not fit a design holding that
//! control plane's region: losing it would take the switch with it.
//! Timings are `recovery`'s business; this module neither times nor
//! decides which mechanism wins (the search does).

use super::ClassCtx;
use crate::candidate::Candidate;
use crate::catalog::Mechanism;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::model::{Failover, Topology, TrafficKind};
use crate::units::{BYTES_PER_GB, SECONDS_PER_MONTH};

/// Whether failing over through `m` needs a call to its control plane.
fn needs_control_plane(m: &Mechanism, failover: Failover, topology: Topology) -> bool {
    m.control_plane.is_some()
        && match m.kind {
            TrafficKind::Dns => failover == Failover::Operator,
            // Without an operator, an accelerator moves users between active
            // regions by its health checks; a standby's traffic dial (0 %
            // until failover) is raised through the control plane.
            TrafficKind::Anycast => {
                failover == Failover::Operator || topology == Topology::ActivePassive
            }
            TrafficKind::Client | TrafficKind::Switch => false,
        }
}

/// Whether a mechanism of `kind` can move traffic the way `failover` is
/// decided, for a design of `topology`.
fn kind_fits(kind: TrafficKind, failover: Failover, topology: Topology) -> bool {
    match (kind, failover) {
        (TrafficKind::Switch, Failover::Automatic) | (TrafficKind::Client, Failover::Operator) => {
            false
        }
        (TrafficKind::Client, Failover::Automatic) => topology == Topology::ActiveActive,
        _ => true,
    }
}

/// Whether mechanism `index` can carry `cand`'s users and failover: one
/// of its engine's cloud.
pub fn fits(ctx: &ClassCtx, cand: &Candidate, index: usize) -> bool {
    let m = &ctx.catalog.traffic.mechanisms[index];
    m.cloud == ctx.catalog.engines[cand.engine].cloud
        && ctx.class.failover.traffic[index]
        && kind_fits(m.kind, ctx.class.failover.failover, cand.routing_topology())
        && !(needs_control_plane(m, ctx.class.failover.failover, cand.routing_topology())
            && m.control_plane
                .as_ref()
                .is_some_and(|(region, _)| cand.regions.contains(region)))
}

/// The region whose presence in a design of `topology` rules mechanism
/// `index` out (its control plane, where failover goes through it), if
/// any: [`fits`] depends on the regions through this alone, so a set
/// holding it and every superset are ruled out alike.
pub fn ruled_out_by(ctx: &ClassCtx, topology: Topology, index: usize) -> Option<usize> {
    let m = &ctx.catalog.traffic.mechanisms[index];
    if needs_control_plane(m, ctx.class.failover.failover, topology) {
        m.control_plane.as_ref().map(|(region, _)| *region)
    } else {
        None
    }
}

/// Whether some allowed mechanism fits a design of `topology` in some
/// region sets and not others (its control plane's region), so the best
/// RTO depends on the regions.
pub fn fit_depends_on_regions(ctx: &ClassCtx, topology: Topology) -> bool {
    let failover = ctx.class.failover.failover;
    ctx.catalog
        .traffic
        .mechanisms
        .iter()
        .enumerate()
        .any(|(i, m)| {
            ctx.class.failover.traffic[i]
                && kind_fits(m.kind, failover, topology)
                && needs_control_plane(m, failover, topology)
        })
}

/// Every (mechanism, fast checks) option that fits `cand`, in catalog
/// order (the health-check speed the class pins, if any); a single
/// region, which never fails over, has one.
pub fn options(ctx: &ClassCtx, cand: &Candidate) -> Vec<(usize, bool)> {
    if !cand.routed() {
        return vec![(single_region_default(ctx, cand.engine), false)];
    }
    let mut out = Vec::new();
    let pinned = ctx.class.pins.fast_health_checks;
    for (i, m) in ctx.catalog.traffic.mechanisms.iter().enumerate() {
        if fits(ctx, cand, i) {
            if !m.has_fast() || pinned != Some(true) {
                out.push((i, false));
            }
            if m.has_fast() && pinned != Some(false) {
                out.push((i, true));
            }
        }
    }
    out
}

/// The mechanism a single-region design of `engine` is reached through
/// (no failover): the first allowed DNS mechanism of the engine's cloud,
/// else its first allowed one.
pub fn single_region_default(ctx: &ClassCtx, engine: usize) -> usize {
    let ms = &ctx.catalog.traffic.mechanisms;
    let cloud = ctx.catalog.engines[engine].cloud;
    let allowed = |i: &usize| ctx.class.failover.traffic[*i] && ms[*i].cloud == cloud;
    (0..ms.len())
        .filter(allowed)
        .find(|i| ms[*i].kind == TrafficKind::Dns)
        .or_else(|| (0..ms.len()).find(allowed))
        .unwrap_or(0)
}

/// The monthly lines of `cand`'s traffic mechanism: health checks billed
/// per region (Route 53's) (plus the fast-interval feature), the fixed fee (an
/// accelerator, an ARC cluster) and the per-GB premium of the dominant
/// direction, by the serving region's geography. A single region has none.
pub fn cost(
    ctx: &ClassCtx,
    cand: &Candidate,
    read_share: &[f64],
    write_share: &[f64],
    sink: &mut dyn CostSink,
) {
    if !cand.routed() {
        return;
    }
    let traffic = &ctx.catalog.traffic;
    let m = &traffic.mechanisms[cand.traffic];
    if let Some(item) = &m.health_check_item {
        let dns = &ctx.catalog.clouds[m.cloud].dns;
        let fast = cand.fast_detection && m.has_fast();
        for &region in &cand.regions {
            let mut usd = dns.health_check_usd_month.value;
            if fast {
                usd += dns.fast_interval_usd_month.value;
            }
            sink.add_qty(
                Some(region),
                Qty::of(1.0, "health check-month"),
                usd,
                false,
                &|| {
                    if fast {
                        format!("{item} (fast interval)")
                    } else {
                        item.clone()
                    }
                },
            );
        }
    }
    if let Some(fee) = &m.fixed_usd_hour {
        let hours = Qty::of(HOURS_PER_MONTH, "hour");
        sink.add_qty(None, hours, fee.value * HOURS_PER_MONTH, false, &|| {
            format!("{} (fixed fee, {} h)", m.name, HOURS_PER_MONTH)
        });
    }
    if !m.premium_usd_per_gb.is_empty() {
        let w = &ctx.workload;
        for (i, &region) in cand.regions.iter().enumerate() {
            let out_gb = w.reads_per_s
                * read_share.get(i).copied().unwrap_or(0.0)
                * w.item_bytes
                * SECONDS_PER_MONTH
                / BYTES_PER_GB;
            let in_gb = w.writes_per_s
                * write_share.get(i).copied().unwrap_or(0.0)
                * w.item_bytes
                * SECONDS_PER_MONTH
                / BYTES_PER_GB;
            let gb = out_gb.max(in_gb);
            let geo = &traffic.geography[region];
            if gb <= 0.0 {
                continue;
            }
            if let Some(rate) = m.premium_usd_per_gb.get(geo) {
                sink.add_qty(Some(region), Qty::of(gb, "GB"), gb * rate.value, false, &|| {
                    format!(
                        "{} data transfer premium ({gb:.1} GB dominant direction × ${}/GB, {geo})",
                        m.name, rate.value
                    )
                });
            }
        }
    }
}
