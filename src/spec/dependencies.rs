//! The "depends on" graph among a spec's services (petgraph): its first
//! cycle, which the spec reader refuses, and an order with every service
//! after those it depends on, which `services` resolves them in.

use petgraph::algo::{tarjan_scc, toposort};
use petgraph::graph::DiGraph;

use super::{Dependency, Service};

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

/// Service indices with every service after the services it depends on
/// (the reverse topological order of the "depends on" graph).
pub fn dependency_order(services: &[Service]) -> Vec<usize> {
    let graph = graph(services);
    match toposort(&graph, None) {
        Ok(nodes) => nodes.into_iter().rev().map(|n| graph[n]).collect(),
        Err(_) => (0..services.len()).collect(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A service of three instances depending on `deps` (also for the
    /// services' tests).
    pub(crate) fn service(name: &str, deps: Vec<Dependency>) -> Service {
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
}
