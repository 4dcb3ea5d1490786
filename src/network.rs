//! The region graph and the latency model. Regions and user populations are
//! nodes of a petgraph graph; region→region edges carry the measured median
//! RTT, population→region edges an estimate from great-circle distance at
//! the speed of light in fibre times a route-inflation factor fitted to the
//! measured matrix. Shortest paths (Dijkstra) give each population's median
//! RTT to every region, possibly entering the cloud's backbone at a nearer
//! region. p99 adds the tail model and the last mile (catalog, cited).
//! The fibre bound (no inflation, no last mile) is what physics allows: an
//! SLO below it is impossible, not merely unmet.

use petgraph::algo::dijkstra;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::catalog::Catalog;
use crate::spec::Population;

/// Mean Earth radius, km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km (haversine).
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// A node of the region graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Region(usize),
    Population(usize),
}

/// Latencies between everything a plan routes between, in milliseconds.
#[derive(Debug, Clone)]
pub struct Network {
    pub graph: DiGraph<Node, f64>,
    /// Measured-or-estimated RTT / fibre bound, used for user paths: the
    /// default cloud's (the plan reports it).
    pub route_inflation: f64,
    /// The same per cloud (index into `Catalog::clouds`): paths into a
    /// region use its cloud's.
    pub route_inflations: Vec<f64>,
    /// `region_p99[a][b]`: p99 RTT between regions (within one region on the
    /// diagonal).
    pub region_p99: Vec<Vec<f64>>,
    /// `user_p99[p][r]`: p99 RTT from population p to region r, last mile included.
    pub user_p99: Vec<Vec<f64>>,
    /// `user_order[p]`: every region, nearest first by `user_p99` (ties to
    /// the lower region index, as routing picks the nearest region).
    pub user_order: Vec<Vec<usize>>,
    /// `user_p50[p][r]`: median RTT, last mile included.
    pub user_p50: Vec<Vec<f64>>,
    /// `user_fiber[p][r]`: RTT at the speed of light in fibre on the great circle.
    pub user_fiber: Vec<Vec<f64>>,
    /// `region_fiber[a][b]`: the same between regions.
    pub region_fiber: Vec<Vec<f64>>,
    /// `user_km[p][r]`: great-circle distance.
    pub user_km: Vec<Vec<f64>>,
    /// Per population: the p99 of its access link, in `user_p99`.
    pub last_mile_p99: Vec<f64>,
}

impl Network {
    pub fn build(catalog: &Catalog, users: &[Population]) -> Network {
        let lat = catalog.latency();
        let km_per_ms = lat.fiber_km_per_ms.value;
        let regions = &catalog.regions;
        let n = regions.len();
        let fiber_rtt = |km: f64| 2.0 * km / km_per_ms;

        let region_fiber: Vec<Vec<f64>> = (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| {
                        fiber_rtt(great_circle_km(
                            regions[a].lat,
                            regions[a].lon,
                            regions[b].lat,
                            regions[b].lon,
                        ))
                    })
                    .collect()
            })
            .collect();
        // Each cloud's own: its file's figure, else the fit to its measured
        // pairs (one cloud's backbone says nothing of another's).
        let inflation: Vec<f64> = (0..catalog.clouds.len())
            .map(|c| {
                catalog.clouds[c]
                    .latency
                    .route_inflation
                    .as_ref()
                    .map_or_else(
                        || fit_route_inflation(catalog, &region_fiber, c),
                        |f| f.value,
                    )
            })
            .collect();
        let inflation_of = |r: usize| inflation[regions[r].cloud];
        let route_inflation = inflation[0];

        // Between clouds nothing is measured: the fibre bound on the great
        // circle times the larger of the two clouds' route inflations, and
        // never less than either region's own round trip.
        let rtt: Vec<Vec<f64>> = (0..n)
            .map(|a| {
                (0..n)
                    .map(|b| {
                        let measured = catalog.rtt_p50_ms[a][b];
                        if measured.is_finite() {
                            measured
                        } else {
                            (region_fiber[a][b] * inflation_of(a).max(inflation_of(b)))
                                .max(catalog.rtt_p50_ms[a][a])
                                .max(catalog.rtt_p50_ms[b][b])
                        }
                    })
                    .collect()
            })
            .collect();
        // p99 ÷ p50 of a path into a region: its cloud's measurement.
        let tail_of = |r: usize| catalog.cloud_of(r).latency.tail_p99_over_p50.value;

        let mut graph = DiGraph::new();
        let region_nodes: Vec<NodeIndex> =
            (0..n).map(|r| graph.add_node(Node::Region(r))).collect();
        // A user's path to a region rides that region's cloud's backbone
        // only: no edge between two clouds' regions (their RTT, estimated,
        // serves replication between them).
        for a in 0..n {
            for b in 0..n {
                if a != b && regions[a].cloud == regions[b].cloud {
                    graph.add_edge(region_nodes[a], region_nodes[b], rtt[a][b]);
                }
            }
        }
        let mut user_km = Vec::new();
        let mut user_fiber = Vec::new();
        let mut user_p50 = Vec::new();
        let mut user_p99 = Vec::new();
        let mut last_mile_p99 = Vec::new();
        for (p, pop) in users.iter().enumerate() {
            let node = graph.add_node(Node::Population(p));
            let km: Vec<f64> = regions
                .iter()
                .map(|r| great_circle_km(pop.lat, pop.lon, r.lat, r.lon))
                .collect();
            for r in 0..n {
                let backbone = match pop.near {
                    Some(home) if home == r => rtt[r][r],
                    _ => fiber_rtt(km[r]) * inflation_of(r),
                };
                graph.add_edge(node, region_nodes[r], backbone);
            }
            let paths = dijkstra(&graph, node, None, |e| *e.weight());
            let network_p50: Vec<f64> = region_nodes.iter().map(|rn| paths[rn]).collect();
            user_p50.push(
                network_p50
                    .iter()
                    .map(|ms| ms + lat.last_mile_p50_ms.value)
                    .collect(),
            );
            let last_mile = pop.last_mile_p99_ms.unwrap_or(lat.last_mile_p99_ms.value);
            user_p99.push(
                network_p50
                    .iter()
                    .enumerate()
                    .map(|(r, ms)| ms * tail_of(r) + last_mile)
                    .collect(),
            );
            last_mile_p99.push(last_mile);
            user_fiber.push(km.iter().map(|k| fiber_rtt(*k)).collect());
            user_km.push(km);
        }
        // Within a region (the diagonal): a call across availability zones,
        // as the region's cloud measures it; between regions, the dearer
        // tail of the two clouds.
        let region_p99 = rtt
            .iter()
            .enumerate()
            .map(|(a, row)| {
                row.iter()
                    .enumerate()
                    .map(|(b, ms)| {
                        if a == b {
                            catalog.cloud_of(a).latency.intra_region_p99_ms.value
                        } else {
                            ms * tail_of(a).max(tail_of(b))
                        }
                    })
                    .collect()
            })
            .collect();
        let user_order = user_p99
            .iter()
            .map(|row: &Vec<f64>| {
                let mut order: Vec<usize> = (0..row.len()).collect();
                order.sort_by(|a, b| row[*a].total_cmp(&row[*b]).then(a.cmp(b)));
                order
            })
            .collect();
        Network {
            graph,
            route_inflation,
            route_inflations: inflation.clone(),
            region_p99,
            user_p99,
            user_order,
            user_p50,
            user_fiber,
            region_fiber,
            user_km,
            last_mile_p99,
        }
    }
}

/// Median of measured RTT ÷ fibre bound over the pairs of `cloud`'s
/// regions at least `fit_min_km` apart (closer pairs are dominated by
/// fixed overheads).
pub fn fit_route_inflation(catalog: &Catalog, region_fiber: &[Vec<f64>], cloud: usize) -> f64 {
    let lat = catalog.latency();
    let min_ms = 2.0 * lat.fit_min_km / lat.fiber_km_per_ms.value;
    let mut ratios: Vec<f64> = Vec::new();
    for (a, row) in region_fiber.iter().enumerate() {
        for (b, fiber) in row.iter().enumerate() {
            if a != b
                && *fiber >= min_ms
                && catalog.regions[a].cloud == cloud
                && catalog.regions[b].cloud == cloud
                && catalog.rtt_p50_ms[a][b].is_finite()
            {
                ratios.push(catalog.rtt_p50_ms[a][b] / fiber);
            }
        }
    }
    if ratios.is_empty() {
        return 1.7;
    }
    ratios.sort_by(f64::total_cmp);
    let mid = ratios.len() / 2;
    if ratios.len() % 2 == 0 {
        (ratios[mid - 1] + ratios[mid]) / 2.0
    } else {
        ratios[mid]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn great_circle_matches_known_distances() {
        // Frankfurt (50.11, 8.68) to New York (40.71, -74.01): about 6,200 km.
        let d = great_circle_km(50.11, 8.68, 40.71, -74.01);
        assert!((d - 6200.0).abs() < 30.0, "{d}");
        assert_eq!(great_circle_km(10.0, 10.0, 10.0, 10.0), 0.0);
    }
}
