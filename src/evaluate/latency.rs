//! Where each population's reads and writes are served, and their p99
//! latency: network RTT (from `network`) plus the engine's service time.
//! Reads go to the nearest copy the consistency level allows; writes to the
//! primary (single-region, active-passive), the nearest region
//! (active-active), plus the commit round trip to another region (sync) or a
//! majority of voters (quorum).

use super::ClassCtx;
use crate::candidate::{Candidate, Role};
use crate::catalog::ReplicaReads;
use crate::model::{Consistency, Replication, Topology};

/// Routing of every population for one candidate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routes {
    /// Per population: the region serving its reads / taking its writes.
    pub read_from: Vec<usize>,
    pub write_to: Vec<usize>,
    pub read_ms: Vec<f64>,
    pub write_ms: Vec<f64>,
    /// Per region of `cand.regions` (same order): share of reads / writes.
    pub read_share: Vec<f64>,
    pub write_share: Vec<f64>,
}

/// Whether non-primary copies may serve this class's reads.
pub fn replicas_serve_reads(ctx: &ClassCtx, cand: &Candidate) -> bool {
    let consistency = ctx.class.consistency;
    match (cand.topology, cand.replication) {
        (Topology::SingleRegion, _) => false,
        (Topology::ActiveActive, Replication::Quorum) => {
            matches!(
                consistency,
                Consistency::Eventual | Consistency::BoundedStaleness
            )
        }
        (Topology::ActiveActive, _) => true,
        (Topology::ActivePassive, _) => match ctx.engine(cand).replica_reads {
            ReplicaReads::None => false,
            ReplicaReads::Stale => matches!(
                consistency,
                Consistency::Eventual | Consistency::BoundedStaleness
            ),
            ReplicaReads::Session => consistency != Consistency::Strong,
        },
    }
}

/// Whether a region can serve reads in this candidate.
fn readable(cand: &Candidate, region: usize, replicas_ok: bool) -> bool {
    match cand.role(region) {
        Role::Primary => true,
        Role::Active | Role::Hot => replicas_ok,
        Role::Warm | Role::Pilot | Role::Backup => false,
    }
}

/// The region nearest (lowest p99) to population `p` among `regions` that pass `ok`.
fn nearest(ctx: &ClassCtx, p: usize, regions: &[usize], ok: impl Fn(usize) -> bool) -> usize {
    let row = &ctx.network.user_p99[p];
    let mut best = usize::MAX;
    let mut best_ms = f64::INFINITY;
    for &r in regions {
        if ok(r) && row[r] < best_ms {
            best = r;
            best_ms = row[r];
        }
    }
    best
}

/// Extra round trip a write pays to commit beyond its first region.
fn commit_ms(ctx: &ClassCtx, cand: &Candidate, first: usize) -> f64 {
    let rtt = &ctx.network.region_p99[first];
    match cand.replication {
        Replication::Sync => cand
            .regions
            .iter()
            .copied()
            .chain(cand.witness)
            .filter(|r| *r != first)
            .map(|r| rtt[r])
            .fold(f64::INFINITY, f64::min),
        Replication::Quorum => {
            // A majority of voters, the leader included: the leader waits
            // for the (majority − 1) nearest others.
            let mut others: Vec<f64> = cand
                .regions
                .iter()
                .copied()
                .filter(|r| *r != first)
                .map(|r| rtt[r])
                .collect();
            others.sort_by(f64::total_cmp);
            let need = cand.regions.len() / 2;
            others.get(need.saturating_sub(1)).copied().unwrap_or(0.0)
        }
        Replication::None | Replication::Async => 0.0,
    }
}

pub fn route(ctx: &ClassCtx, cand: &Candidate) -> Routes {
    let engine = ctx.engine(cand);
    let read_service = engine.read_service_ms.value;
    let write_service = engine.write_service_ms.value;
    let replicas_ok = replicas_serve_reads(ctx, cand);
    let n = cand.regions.len();
    let users = ctx.users.len();
    let mut routes = Routes {
        read_from: Vec::with_capacity(users),
        write_to: Vec::with_capacity(users),
        read_ms: Vec::with_capacity(users),
        write_ms: Vec::with_capacity(users),
        read_share: vec![0.0; n],
        write_share: vec![0.0; n],
    };
    let leader_commit = cand.primary.map(|p| commit_ms(ctx, cand, p));
    for (p, pop) in ctx.users.iter().enumerate() {
        let row = &ctx.network.user_p99[p];
        let read_region = nearest(ctx, p, &cand.regions, |r| readable(cand, r, replicas_ok));
        let (write_region, commit) = match (cand.topology, cand.primary) {
            (Topology::ActiveActive, None) => {
                let w = nearest(ctx, p, &cand.regions, |r| cand.role(r).is_full());
                (w, commit_ms(ctx, cand, w))
            }
            (_, Some(primary)) => (primary, leader_commit.unwrap_or(0.0)),
            (_, None) => (read_region, 0.0),
        };
        routes.read_from.push(read_region);
        routes.write_to.push(write_region);
        routes.read_ms.push(row[read_region] + read_service);
        routes
            .write_ms
            .push(row[write_region] + commit + write_service);
        if let Some(i) = cand.regions.iter().position(|r| *r == read_region) {
            routes.read_share[i] += pop.share;
        }
        if let Some(i) = cand.regions.iter().position(|r| *r == write_region) {
            routes.write_share[i] += pop.share;
        }
    }
    normalise(&mut routes.read_share);
    normalise(&mut routes.write_share);
    routes
}

/// Shares in the spec sum to 1 ± 0.01; bills use exact fractions.
fn normalise(shares: &mut [f64]) {
    let total: f64 = shares.iter().sum();
    if total > 0.0 {
        for s in shares.iter_mut() {
            *s /= total;
        }
    }
}
