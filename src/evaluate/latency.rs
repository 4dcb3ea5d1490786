//! Where each population's reads and writes are served, and their p99
//! latency: network RTT (from `network`) plus the engine's service time.
//! Reads go to the nearest copy the consistency level allows; writes to the
//! primary (single-region, active-passive), the nearest region
//! (active-active), plus the commit round trip to another region (sync) or a
//! majority of voters (quorum).
//!
//! Two figures per population. *End-user*: from the users (last mile and
//! the path into the cloud included) to the serving region. *Service-side*:
//! from the region whose application tier serves the population — the
//! nearest region of the design running at full size, where services run —
//! to the serving region: the measured intra-region tail when they are the
//! same region, the inter-region p99 otherwise. The class's `latency_at`
//! says which one its SLOs bound; `read_ms`/`write_ms` hold that one.

use super::ClassCtx;
use crate::candidate::{Candidate, Role};
use crate::catalog::ReplicaReads;
use crate::model::{Consistency, LatencyAt, Replication, Topology};

/// Routing of every population for one candidate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routes {
    /// Per population: the region serving its reads / taking its writes.
    pub read_from: Vec<usize>,
    pub write_to: Vec<usize>,
    /// Per population: the p99 the class's latency SLOs bound (one of the
    /// two below).
    pub read_ms: Vec<f64>,
    pub write_ms: Vec<f64>,
    /// Per population: the region whose application tier serves it.
    pub front: Vec<usize>,
    /// End-user p99 (last mile included).
    pub user_read_ms: Vec<f64>,
    pub user_write_ms: Vec<f64>,
    /// Service-side p99 (from `front`).
    pub service_read_ms: Vec<f64>,
    pub service_write_ms: Vec<f64>,
    /// Per region of `cand.regions` (same order): share of reads / writes.
    pub read_share: Vec<f64>,
    pub write_share: Vec<f64>,
}

/// Whether non-primary copies may serve this class's reads.
pub fn replicas_serve_reads(ctx: &ClassCtx, cand: &Candidate) -> bool {
    let consistency = ctx.class.consistency;
    match (cand.topology, cand.replication) {
        // (Read-only replicas of a regional configuration serve stale
        // reads, as a quorum's followers do.)
        (Topology::SingleRegion, _) => {
            !cand.read_only.is_empty() && stale_reads_allowed(consistency)
        }
        (Topology::ActiveActive, Replication::Quorum) => stale_reads_allowed(consistency),
        (Topology::ActiveActive, _) => true,
        (Topology::ActivePassive, _) => match ctx.engine(cand).replica_reads {
            ReplicaReads::None => false,
            ReplicaReads::Stale => stale_reads_allowed(consistency),
            // Session replicas (Cosmos DB) apply writes in order: they give
            // consistent prefix too. Merely stale replicas promise no order.
            ReplicaReads::Session => consistency != Consistency::Strong,
            ReplicaReads::Strong => true,
        },
    }
}

/// Whether the consistency lets a replica that is not the leader (a
/// quorum's follower, a merely stale copy) serve reads.
pub fn stale_reads_allowed(consistency: Consistency) -> bool {
    matches!(
        consistency,
        Consistency::Eventual | Consistency::BoundedStaleness
    )
}

/// Whether a region can serve reads in this candidate.
fn readable(cand: &Candidate, region: usize, replicas_ok: bool) -> bool {
    match cand.role(region) {
        Role::Primary => true,
        Role::Active | Role::Hot | Role::ReadOnly => replicas_ok,
        Role::Warm | Role::Pilot | Role::Backup => false,
    }
}

/// The region nearest (lowest p99) to population `p` among `regions` that
/// pass `ok` (the earlier of ties).
pub(crate) fn nearest(
    ctx: &ClassCtx,
    p: usize,
    regions: &[usize],
    ok: impl Fn(usize) -> bool,
) -> usize {
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

/// Whether a design's commit wait only grows with its regions: one write
/// region waiting for every other (see [`write_floors_ms`]).
pub fn commit_only_grows(replication: Replication, topology: Topology) -> bool {
    replication == Replication::Sync && topology == Topology::ActivePassive
}

/// Per population, a floor on its write p99 (writes taken at `primary`)
/// in every design holding `cand`'s regions and more, where the commit
/// wait only grows with the regions (one write region waiting for every
/// other: the farthest pair can only get farther); None elsewhere.
/// End-user budgets add the way to the primary; service-side ones, from
/// the nearest full region, at least nothing.
pub fn write_floors_ms(ctx: &ClassCtx, cand: &Candidate, primary: usize) -> Option<Vec<f64>> {
    if !commit_only_grows(cand.replication, cand.topology) {
        return None;
    }
    let commit = commit_ms(ctx, cand, primary) + ctx.engine(cand).write_service_ms.value;
    Some(
        (0..ctx.users.len())
            .map(|p| match ctx.class.latency_at {
                LatencyAt::User => ctx.network.user_p99[p][primary] + commit,
                LatencyAt::Service => commit,
            })
            .collect(),
    )
}

/// Extra round trip a write pays to commit beyond its first region.
fn commit_ms(ctx: &ClassCtx, cand: &Candidate, first: usize) -> f64 {
    let rtt = &ctx.network.region_p99[first];
    match cand.replication {
        // One write region waiting for every other (Cosmos DB strong):
        // Microsoft gives the write p99 as two round trips between the two
        // farthest regions (plus the service time).
        Replication::Sync if cand.topology == Topology::ActivePassive => {
            let net = &ctx.network.region_p99;
            let far = cand
                .regions
                .iter()
                .flat_map(|a| cand.regions.iter().map(move |b| net[*a][*b]))
                .fold(0.0, f64::max);
            2.0 * far
        }
        Replication::Sync => cand
            .regions
            .iter()
            .copied()
            .chain(cand.witness)
            .filter(|r| *r != first)
            .map(|r| rtt[r])
            .fold(f64::INFINITY, f64::min),
        Replication::Quorum => {
            // A majority of voter regions (a witness votes too), the
            // leader's included: the leader waits for the (majority − 1)
            // nearest others.
            // Read-only replicas do not vote.
            let mut others: Vec<f64> = cand
                .voting()
                .chain(cand.witness)
                .filter(|r| *r != first)
                .map(|r| rtt[r])
                .collect();
            others.sort_by(f64::total_cmp);
            let need = others.len().div_ceil(2);
            others.get(need.saturating_sub(1)).copied().unwrap_or(0.0)
        }
        Replication::None | Replication::Async => 0.0,
    }
}

/// Routes every population: what the search needs (the bounded p99s, who
/// serves whom, the shares); `front` and the two figures per population
/// stay empty (see [`route_detailed`]).
pub fn route(ctx: &ClassCtx, cand: &Candidate) -> Routes {
    routes(ctx, cand, false)
}

/// [`route`] with the service region and both p99 figures per population,
/// for the plan.
pub fn route_detailed(ctx: &ClassCtx, cand: &Candidate) -> Routes {
    routes(ctx, cand, true)
}

fn routes(ctx: &ClassCtx, cand: &Candidate, detailed: bool) -> Routes {
    let engine = ctx.engine(cand);
    let read_service = engine.read_service_ms.value;
    let write_service = engine.write_service_ms.value;
    let replicas_ok = replicas_serve_reads(ctx, cand);
    let n = cand.regions.len();
    let users = ctx.users.len();
    let extra = if detailed { users } else { 0 };
    let mut routes = Routes {
        read_from: Vec::with_capacity(users),
        write_to: Vec::with_capacity(users),
        read_ms: Vec::with_capacity(users),
        write_ms: Vec::with_capacity(users),
        front: Vec::with_capacity(extra),
        user_read_ms: Vec::with_capacity(extra),
        user_write_ms: Vec::with_capacity(extra),
        service_read_ms: Vec::with_capacity(extra),
        service_write_ms: Vec::with_capacity(extra),
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
        let user = (
            row[read_region] + read_service,
            row[write_region] + commit + write_service,
        );
        let service_side = detailed || ctx.class.latency_at == LatencyAt::Service;
        let (front, service) = if service_side {
            let front = nearest(ctx, p, &cand.regions, |r| cand.role(r).is_full());
            let hop = &ctx.network.region_p99[front];
            (
                front,
                (
                    hop[read_region] + read_service,
                    hop[write_region] + commit + write_service,
                ),
            )
        } else {
            (read_region, user)
        };
        let (read_ms, write_ms) = match ctx.class.latency_at {
            LatencyAt::User => user,
            LatencyAt::Service => service,
        };
        routes.read_from.push(read_region);
        routes.write_to.push(write_region);
        routes.read_ms.push(read_ms);
        routes.write_ms.push(write_ms);
        if detailed {
            routes.front.push(front);
            routes.user_read_ms.push(user.0);
            routes.user_write_ms.push(user.1);
            routes.service_read_ms.push(service.0);
            routes.service_write_ms.push(service.1);
        }
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
