//! Services: stateless tiers that depend on data classes and on each other.
//! The dependency graph (petgraph) rejects cycles and is walked in
//! topological order so each service gets the worst RTO of everything it
//! depends on, an availability from the regional outages of every data
//! class it needs (an outage stops it as long as the slowest class it
//! stops), and runs in every region its data is served
//! from (full size where the data is active or hot, one instance where it is
//! a warm standby, none where only a pilot light or backups wait).

use std::collections::{BTreeMap, BTreeSet};

use crate::candidate::Role;
use crate::evaluate::availability::expected_max_outage_hours;
use crate::spec::dependencies::dependency_order;
use crate::spec::{Dependency, Service};
use crate::units::HOURS_PER_YEAR;

/// What a data class offers to the services that depend on it.
#[derive(Debug, Clone)]
pub struct DataFacts {
    /// False when no engine can hold the class: it has no design at all.
    pub designed: bool,
    pub rto_s: f64,
    /// Per region: the share of users an outage of that region stops
    /// (1 for a primary or leader, the routed share for an active region),
    /// and which outage process stops it there (index into
    /// [`Outages::processes`]).
    pub outage_share: Vec<(usize, f64)>,
    pub process: Vec<(usize, usize)>,
    /// The engine's in-region (Multi-AZ) failover time, hours (0 when it
    /// fails nothing over): an Availability Zone event in a region stops
    /// the region's `outage_share` for this long.
    pub in_region_failover_h: f64,
    /// Role of each region holding the data.
    pub roles: Vec<(usize, Role)>,
}

/// What a service inherits from its dependencies.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFacts {
    pub rto_s: f64,
    /// Expected yearly availability: a region outage stops the service for
    /// as long as the slowest of the data classes it needs (directly or
    /// through other services) that the outage stops.
    pub availability: f64,
    /// Data classes it needs, directly or through other services.
    pub data: std::collections::BTreeSet<usize>,
    /// Instances to run per region (region index → count).
    pub instances: BTreeMap<usize, u32>,
    /// Data classes it needs (directly or not) that have no design. A
    /// service needing one is not placed: it runs nowhere, costs nothing,
    /// never recovers (RTO unbounded) and is never available.
    pub missing: BTreeSet<usize>,
}

/// The outage processes (each region's, and engines' own histories).
#[derive(Debug, Clone, Copy)]
pub struct Outages<'a> {
    pub processes: &'a [crate::catalog::OutageProcess],
    /// Per region: events confined to one Availability Zone a year (its
    /// cloud's rate).
    pub az_events_per_year: &'a [f64],
}

/// Walks services in dependency order; `data[i]` describes data class i.
pub fn resolve(services: &[Service], data: &[DataFacts], outages: Outages) -> Vec<ServiceFacts> {
    let order = dependency_order(services);
    let mut facts: Vec<Option<ServiceFacts>> = vec![None; services.len()];
    for i in order {
        let service = &services[i];
        let mut rto_s: f64 = 0.0;
        let mut needs: BTreeSet<usize> = BTreeSet::new();
        let mut missing: BTreeSet<usize> = BTreeSet::new();
        let mut roles: BTreeMap<usize, Role> = BTreeMap::new();
        let mut note = |region: usize, role: Role| {
            let entry = roles.entry(region).or_insert(role);
            if role < *entry {
                *entry = role;
            }
        };
        for dep in &service.depends_on {
            match *dep {
                Dependency::Data(d) => {
                    if !data[d].designed {
                        missing.insert(d);
                    }
                    rto_s = rto_s.max(data[d].rto_s);
                    needs.insert(d);
                    for (r, role) in &data[d].roles {
                        note(*r, *role);
                    }
                }
                Dependency::Service(s) => {
                    if let Some(f) = &facts[s] {
                        missing.extend(f.missing.iter().copied());
                        rto_s = rto_s.max(f.rto_s);
                        needs.extend(f.data.iter().copied());
                        for (r, count) in &f.instances {
                            note(*r, if *count > 1 { Role::Active } else { Role::Warm });
                        }
                    }
                }
            }
        }
        if !missing.is_empty() {
            facts[i] = Some(ServiceFacts {
                rto_s: f64::INFINITY,
                availability: 0.0,
                instances: BTreeMap::new(),
                data: needs,
                missing,
            });
            continue;
        }
        let instances = roles
            .into_iter()
            .filter_map(|(r, role)| {
                let count = match role {
                    Role::Primary | Role::Active | Role::Hot | Role::ReadOnly => {
                        service.instances_per_region
                    }
                    Role::Warm => 1,
                    Role::Pilot | Role::Backup => 0,
                };
                (count > 0).then_some((r, count))
            })
            .collect();
        facts[i] = Some(ServiceFacts {
            rto_s,
            availability: availability(&needs, data, outages),
            instances,
            data: needs,
            missing,
        });
    }
    facts
        .into_iter()
        .map(|f| {
            f.unwrap_or(ServiceFacts {
                rto_s: 0.0,
                availability: 1.0,
                instances: BTreeMap::new(),
                data: BTreeSet::new(),
                missing: BTreeSet::new(),
            })
        })
        .collect()
}

/// 1 − expected yearly hours lost / hours in a year, where an outage of a
/// region stops the service as long as the slowest class it stops.
fn availability(needs: &BTreeSet<usize>, data: &[DataFacts], outages: Outages) -> f64 {
    let mut down_hours = 0.0;
    for (i, process) in outages.processes.iter().enumerate() {
        let region = process.region;
        let deps: Vec<(f64, f64)> = needs
            .iter()
            .filter(|d| data[**d].process.contains(&(region, i)))
            .filter_map(|d| {
                let share = data[*d]
                    .outage_share
                    .iter()
                    .find(|(r, _)| *r == region)
                    .map(|(_, s)| *s)?;
                Some((share, data[*d].rto_s / 3600.0))
            })
            .collect();
        if !deps.is_empty() {
            down_hours += process.per_year * expected_max_outage_hours(process.mean_hours, &deps);
        }
    }
    // An Availability Zone event stops the service while the slowest of
    // the classes it needs fails over within that region.
    let in_region = |d: usize| {
        data[d]
            .outage_share
            .iter()
            .map(move |(r, share)| (*r, share * data[d].in_region_failover_h))
            .filter(|(_, hours)| *hours > 0.0)
    };
    let mut regions: Vec<usize> = needs
        .iter()
        .flat_map(|d| in_region(*d).map(|(r, _)| r))
        .collect();
    regions.sort_unstable();
    regions.dedup();
    for region in regions {
        let hours = needs
            .iter()
            .flat_map(|d| in_region(*d))
            .filter(|(r, _)| *r == region)
            .fold(0.0, |most: f64, (_, h)| most.max(h));
        down_hours += outages.az_events_per_year[region] * hours;
    }
    1.0 - down_hours / HOURS_PER_YEAR
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::spec::dependencies::tests::service;

    #[test]
    fn services_take_the_worst_rto_and_combined_outages_of_their_dependencies() {
        let data = vec![
            DataFacts {
                designed: true,
                rto_s: 120.0,
                outage_share: vec![(0, 1.0)],
                process: vec![(0, 0), (1, 1)],
                in_region_failover_h: 0.0,
                roles: vec![(0, Role::Primary), (1, Role::Warm)],
            },
            DataFacts {
                designed: true,
                rto_s: 600.0,
                outage_share: vec![(0, 1.0)],
                process: vec![(0, 0), (2, 2)],
                in_region_failover_h: 0.0,
                roles: vec![(0, Role::Active), (2, Role::Pilot)],
            },
        ];
        let services = vec![
            service("api", vec![Dependency::Service(1)]),
            service("checkout", vec![Dependency::Data(0), Dependency::Data(1)]),
        ];
        let processes: Vec<crate::catalog::OutageProcess> = [0.5, 0.2, 0.2]
            .iter()
            .enumerate()
            .map(|(region, per_year)| crate::catalog::OutageProcess {
                region,
                engine: None,
                per_year: *per_year,
                mean_hours: 8.0,
            })
            .collect();
        let outages = Outages {
            processes: &processes,
            az_events_per_year: &[0.0; 3],
        };
        let facts = resolve(&services, &data, outages);
        assert_eq!(facts[1].rto_s, 600.0);
        // Region 0 stops both classes; the longer recovery (10 min) decides:
        // 0.5 × 8 × (1 − e^(−(1/6)/8)) = 0.08247 h a year.
        let want = 1.0 - 0.5 * 8.0 * (1.0 - (-(1.0 / 6.0) / 8.0_f64).exp()) / 8760.0;
        assert!((facts[1].availability - want).abs() < 1e-12);
        assert_eq!(facts[0].availability, facts[1].availability);
        // Region 0 active: 3 instances; region 1 warm: 1; region 2 pilot light: none.
        assert_eq!(facts[1].instances, BTreeMap::from([(0, 3), (1, 1)]));
        // api inherits through checkout.
        assert_eq!(facts[0].rto_s, 600.0);
        assert_eq!(facts[0].instances, BTreeMap::from([(0, 3), (1, 1)]));
    }

    /// Two regions of two clouds with different zone-event rates: a
    /// service's zone downtime is each region's own rate times the
    /// in-region failover of what it needs there.
    #[test]
    fn zone_events_are_counted_at_each_regions_own_rate() {
        let in_region = |region: usize| DataFacts {
            designed: true,
            rto_s: 60.0,
            outage_share: vec![(region, 1.0)],
            process: vec![],
            in_region_failover_h: 0.5,
            roles: vec![(region, Role::Primary)],
        };
        let data = vec![in_region(0), in_region(1)];
        let services = vec![
            service("first", vec![Dependency::Data(0)]),
            service("second", vec![Dependency::Data(1)]),
        ];
        let facts = resolve(
            &services,
            &data,
            Outages {
                processes: &[],
                az_events_per_year: &[2.0, 6.0],
            },
        );
        assert!((facts[0].availability - (1.0 - 2.0 * 0.5 / 8760.0)).abs() < 1e-12);
        assert!((facts[1].availability - (1.0 - 6.0 * 0.5 / 8760.0)).abs() < 1e-12);
    }
}
