//! Services: stateless tiers that depend on data classes and on each other.
//! The dependency graph (petgraph) rejects cycles and is walked in
//! topological order so each service gets the worst RTO and availability of
//! everything it depends on, and runs in every region its data is served
//! from (full size where the data is active or hot, one instance where it is
//! a warm standby, none where only a pilot light or backups wait).

use std::collections::BTreeMap;

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use crate::candidate::Role;
use crate::spec::{Dependency, Service};

/// The first dependency cycle among services, as service indices, if any.
pub fn find_cycle(services: &[Service]) -> Option<Vec<usize>> {
    let graph = graph(services);
    tarjan_scc(&graph)
        .into_iter()
        .filter(|scc| scc.len() > 1 || scc.iter().any(|n| graph.contains_edge(*n, *n)))
        .map(|scc| {
            let mut ids: Vec<usize> = scc.iter().map(|n| graph[*n]).collect();
            ids.sort_unstable();
            ids
        })
        .min()
}

/// Edges from a service to the services it depends on.
fn graph(services: &[Service]) -> DiGraph<usize, ()> {
    let mut graph = DiGraph::new();
    let nodes: Vec<_> = (0..services.len()).map(|i| graph.add_node(i)).collect();
    for (i, s) in services.iter().enumerate() {
        for dep in &s.depends_on {
            if let Dependency::Service(j) = dep {
                graph.add_edge(nodes[i], nodes[*j], ());
            }
        }
    }
    graph
}

/// What a data class offers to the services that depend on it.
#[derive(Debug, Clone)]
pub struct DataFacts {
    pub rto_s: f64,
    pub availability: f64,
    /// Role of each region holding the data.
    pub roles: Vec<(usize, Role)>,
}

/// What a service inherits from its dependencies.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceFacts {
    pub rto_s: f64,
    pub availability: f64,
    /// Instances to run per region (region index → count).
    pub instances: BTreeMap<usize, u32>,
}

/// Walks services in dependency order; `data[i]` describes data class i.
pub fn resolve(services: &[Service], data: &[DataFacts]) -> Vec<ServiceFacts> {
    let graph = graph(services);
    // Dependencies first: reverse of the topological order of "depends on" edges.
    let order: Vec<usize> = match toposort(&graph, None) {
        Ok(nodes) => nodes.into_iter().rev().map(|n| graph[n]).collect(),
        Err(_) => (0..services.len()).collect(),
    };
    let mut facts: Vec<Option<ServiceFacts>> = vec![None; services.len()];
    for i in order {
        let service = &services[i];
        let mut rto_s: f64 = 0.0;
        let mut availability: f64 = 1.0;
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
                    rto_s = rto_s.max(data[d].rto_s);
                    availability = availability.min(data[d].availability);
                    for (r, role) in &data[d].roles {
                        note(*r, *role);
                    }
                }
                Dependency::Service(s) => {
                    if let Some(f) = &facts[s] {
                        rto_s = rto_s.max(f.rto_s);
                        availability = availability.min(f.availability);
                        for (r, count) in &f.instances {
                            note(*r, if *count > 1 { Role::Active } else { Role::Warm });
                        }
                    }
                }
            }
        }
        let instances = roles
            .into_iter()
            .filter_map(|(r, role)| {
                let count = match role {
                    Role::Primary | Role::Active | Role::Hot => service.instances_per_region,
                    Role::Warm => 1,
                    Role::Pilot | Role::Backup => 0,
                };
                (count > 0).then_some((r, count))
            })
            .collect();
        facts[i] = Some(ServiceFacts {
            rto_s,
            availability,
            instances,
        });
    }
    facts
        .into_iter()
        .map(|f| {
            f.unwrap_or(ServiceFacts {
                rto_s: 0.0,
                availability: 1.0,
                instances: BTreeMap::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(name: &str, deps: Vec<Dependency>) -> Service {
        Service {
            name: name.into(),
            depends_on: deps,
            instance: "m7g.large".into(),
            instances_per_region: 3,
        }
    }

    #[test]
    fn cycles_are_found() {
        let services = vec![
            service("a", vec![Dependency::Service(1)]),
            service("b", vec![Dependency::Service(2)]),
            service("c", vec![Dependency::Service(0)]),
            service("d", vec![Dependency::Data(0)]),
        ];
        assert_eq!(find_cycle(&services), Some(vec![0, 1, 2]));
        let acyclic = vec![
            service("a", vec![Dependency::Service(1)]),
            service("b", vec![Dependency::Data(0)]),
        ];
        assert_eq!(find_cycle(&acyclic), None);
    }

    #[test]
    fn services_take_the_worst_of_their_dependencies() {
        let data = vec![
            DataFacts {
                rto_s: 120.0,
                availability: 0.9999,
                roles: vec![(0, Role::Primary), (1, Role::Warm)],
            },
            DataFacts {
                rto_s: 600.0,
                availability: 0.999,
                roles: vec![(0, Role::Active), (2, Role::Pilot)],
            },
        ];
        let services = vec![
            service("api", vec![Dependency::Service(1)]),
            service("checkout", vec![Dependency::Data(0), Dependency::Data(1)]),
        ];
        let facts = resolve(&services, &data);
        assert_eq!(facts[1].rto_s, 600.0);
        assert_eq!(facts[1].availability, 0.999);
        // Region 0 active: 3 instances; region 1 warm: 1; region 2 pilot light: none.
        assert_eq!(facts[1].instances, BTreeMap::from([(0, 3), (1, 1)]));
        // api inherits through checkout.
        assert_eq!(facts[0].rto_s, 600.0);
        assert_eq!(facts[0].instances, BTreeMap::from([(0, 3), (1, 1)]));
    }
}
