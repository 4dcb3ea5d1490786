//! Expected availability over a year, as users see it, from regional outages.
//!
//! Each region fails `outages_per_year` times a year (catalog, from AWS
//! post-event summaries) for an exponentially distributed duration D with
//! mean `outage_mean_hours`; an engine whose own event history AWS
//! published for a region (DynamoDB in us-east-1) fails there at its own
//! rate and mean instead ([`crate::catalog::Catalog::outage_process`]). An outage of a region users depend on costs
//! them min(D, RTO): recovery ends it early, or the region comes back first.
//! E[min(D, T)] = μ(1 − e^(−T/μ)). Active-passive and quorum designs lose
//! everyone while the primary or leader is out; active-active designs lose
//! the share of users routed to the failed region. Losing a standby region
//! costs no downtime. An event confined to one Availability Zone
//! (`az_events_per_region_year`) costs the engine's in-region (Multi-AZ)
//! failover time where it has one (Aurora, RDS, ElastiCache); regional
//! services (DynamoDB, S3, DSQL) fail nothing over. Instance failures and
//! maintenance failovers are not counted (no published rate).

use super::ClassCtx;
use super::latency::Routes;
use crate::candidate::Candidate;
use crate::model::Topology;
use crate::units::HOURS_PER_YEAR;

/// Expected hours of a mean-μ exponential outage that a recovery of `t_hours` leaves.
pub fn expected_outage_hours(mean_hours: f64, t_hours: f64) -> f64 {
    if t_hours.is_infinite() {
        mean_hours
    } else {
        mean_hours * (1.0 - (-t_hours / mean_hours).exp())
    }
}

/// Expected hours users lose to one outage of mean `mean_hours` when
/// several things they need go down with it: `deps` holds (share of users
/// each stops, hours until it recovers). The loss at outage length D is
/// max over deps of share × min(D, T); it is piecewise linear in D, so the
/// expectation over an exponential D is summed exactly between breakpoints.
/// With one dependency it is `share × expected_outage_hours`.
pub fn expected_max_outage_hours(mean_hours: f64, deps: &[(f64, f64)]) -> f64 {
    let deps: Vec<(f64, f64)> = deps.iter().copied().filter(|(s, _)| *s > 0.0).collect();
    if deps.is_empty() {
        return 0.0;
    }
    let mut points = vec![0.0];
    for &(si, _) in &deps {
        for &(sj, tj) in &deps {
            if tj.is_finite() {
                points.push(tj);
                points.push(sj * tj / si);
            }
        }
    }
    points.sort_by(f64::total_cmp);
    points.dedup();
    points.push(f64::INFINITY);
    let rate = 1.0 / mean_hours;
    let tail = |x: f64| {
        if x.is_finite() {
            (-rate * x).exp()
        } else {
            0.0
        }
    };
    let mut total = 0.0;
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let mid = if b.is_finite() {
            (a + b) / 2.0
        } else {
            a + mean_hours
        };
        // The dependency losing most at `mid` gives f = alpha + beta × D here.
        let (alpha, beta) = deps
            .iter()
            .map(|&(s, t)| if mid < t { (0.0, s) } else { (s * t, 0.0) })
            .max_by(|x, y| (x.0 + x.1 * mid).total_cmp(&(y.0 + y.1 * mid)))
            .expect("deps is not empty");
        let b_term = if b.is_finite() {
            (b + mean_hours) * tail(b)
        } else {
            0.0
        };
        total += alpha * (tail(a) - tail(b)) + beta * ((a + mean_hours) * tail(a) - b_term);
    }
    total
}

/// The share of users an outage of each region of `cand` stops (same
/// order as `cand.regions`): everyone where the primary or leader is, the
/// routed share of an active region, nobody at a standby.
fn affected(cand: &Candidate, routes: &Routes) -> impl Iterator<Item = (usize, f64)> {
    cand.regions.iter().enumerate().map(move |(i, &region)| {
        let share = match (cand.topology, cand.primary) {
            (Topology::ActiveActive, None) => routes.write_share[i].max(routes.read_share[i]),
            (_, Some(p)) => f64::from(u8::from(p == region)),
            (_, None) => 0.0,
        };
        (region, share)
    })
}

/// Hours users lose to one Availability Zone event in each region of
/// `cand`: the engine's in-region (Multi-AZ) failover time × the share it
/// stops. Regions where nothing fails over are left out.
pub fn in_region_hours<'c>(
    ctx: &ClassCtx,
    cand: &'c Candidate,
    routes: &'c Routes,
) -> impl Iterator<Item = (usize, f64)> + 'c {
    let failover_h = ctx
        .engine(cand)
        .in_region_failover_s
        .as_ref()
        .map(|f| f.value / 3600.0);
    affected(cand, routes).filter_map(move |(region, share)| {
        let hours = failover_h?;
        (share > 0.0).then_some((region, share * hours))
    })
}

pub fn availability(ctx: &ClassCtx, cand: &Candidate, routes: &Routes, rto_s: f64) -> f64 {
    let mut down_hours = 0.0;
    for (region, share) in affected(cand, routes) {
        if share > 0.0 {
            let process = ctx.catalog.outage_process(cand.engine, region);
            let per_outage = expected_outage_hours(process.mean_hours, rto_s / 3600.0);
            down_hours += process.per_year * per_outage * share;
        }
    }
    let az_rate = ctx.catalog.clouds[ctx.catalog.engines[cand.engine].cloud]
        .recovery
        .az_events_per_region_year
        .value;
    for (_, hours) in in_region_hours(ctx, cand, routes) {
        down_hours += az_rate * hours;
    }
    1.0 - down_hours / HOURS_PER_YEAR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_max_of_several_outages_is_exact() {
        // One dependency: the closed form, scaled by its share.
        let one = expected_max_outage_hours(7.4, &[(0.6, 0.05)]);
        assert!((one - 0.6 * expected_outage_hours(7.4, 0.05)).abs() < 1e-12);
        // Two with full shares: the longer recovery decides.
        let two = expected_max_outage_hours(7.4, &[(1.0, 0.05), (1.0, 0.2)]);
        assert!((two - expected_outage_hours(7.4, 0.2)).abs() < 1e-12);
        // Against a fine numerical integral for mixed shares and an unbounded one.
        let deps = [(0.3, 0.1), (1.0, 0.04), (0.5, f64::INFINITY)];
        let mean = 7.4;
        let n = 2_000_000;
        let numeric: f64 = (0..n)
            .map(|i| {
                let u = (i as f64 + 0.5) / n as f64;
                let d = -mean * (1.0 - u).ln();
                deps.iter().map(|(s, t)| s * d.min(*t)).fold(0.0, f64::max)
            })
            .sum::<f64>()
            / n as f64;
        let exact = expected_max_outage_hours(mean, &deps);
        assert!(
            (exact - numeric).abs() < 1e-3 * exact,
            "{exact} vs {numeric}"
        );
    }

    #[test]
    fn expected_outage_is_capped_by_recovery() {
        // No recovery: the whole mean outage.
        assert_eq!(expected_outage_hours(8.0, f64::INFINITY), 8.0);
        // Recovery in 5 minutes from a mean-8h outage: 8 × (1 − e^(−(1/12)/8)) = 0.0829 h.
        let h = expected_outage_hours(8.0, 5.0 / 60.0);
        assert!((h - 0.082901).abs() < 1e-5, "{h}");
    }
}
