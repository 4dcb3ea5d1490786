//! Expected availability over a year, as users see it, from regional outages.
//!
//! Each region fails `outages_per_year` times a year (catalog, from AWS
//! post-event summaries) for an exponentially distributed duration D with
//! mean `outage_mean_hours`. An outage of a region users depend on costs
//! them min(D, RTO): recovery ends it early, or the region comes back first.
//! E[min(D, T)] = μ(1 − e^(−T/μ)). Active-passive and quorum designs lose
//! everyone while the primary or leader is out; active-active designs lose
//! the share of users routed to the failed region. Losing a standby region
//! costs no downtime. In-region failures (instances, zones) are the engine's
//! Multi-AZ business and are not modelled here.

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

pub fn availability(ctx: &ClassCtx, cand: &Candidate, routes: &Routes, rto_s: f64) -> f64 {
    let mean = ctx.catalog.recovery.outage_mean_hours.value;
    let per_outage = expected_outage_hours(mean, rto_s / 3600.0);
    let mut down_hours = 0.0;
    for (i, &region) in cand.regions.iter().enumerate() {
        let affected = match (cand.topology, cand.primary) {
            (Topology::ActiveActive, None) => routes.write_share[i].max(routes.read_share[i]),
            (_, Some(p)) => f64::from(u8::from(p == region)),
            (_, None) => 0.0,
        };
        down_hours += ctx.catalog.regions[region].outages_per_year * per_outage * affected;
    }
    1.0 - down_hours / HOURS_PER_YEAR
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_outage_is_capped_by_recovery() {
        // No recovery: the whole mean outage.
        assert_eq!(expected_outage_hours(8.0, f64::INFINITY), 8.0);
        // Recovery in 5 minutes from a mean-8h outage: 8 × (1 − e^(−(1/12)/8)) = 0.0829 h.
        let h = expected_outage_hours(8.0, 5.0 / 60.0);
        assert!((h - 0.082901).abs() < 1e-5, "{h}");
    }
}
