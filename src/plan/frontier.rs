//! The cost–recovery frontier of a class: its search again without RTO
//! and RPO targets, and the Pareto-optimal designs of what it measured.

use super::*;

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
