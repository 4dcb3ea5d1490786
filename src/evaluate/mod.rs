//! Evaluation of one candidate for one data class: where each population's
//! reads and writes go and how long they take (`latency`), what a region
//! loss costs in data and time (`recovery`), expected availability
//! (`availability`), the monthly bill (engines + DNS, through a cost sink),
//! and how the result stands against the SLOs (`slo`). No I/O, no text on
//! the fast path: the search calls [`measure`] millions of times.

pub mod availability;
pub mod latency;
pub mod recovery;
pub mod slo;
pub mod traffic;

use crate::candidate::{Candidate, Role};
use crate::catalog::{Catalog, Engine};
use crate::cost::{Cents, CostSink, Total};
use crate::engines::{CostCtx, Fleet};
use crate::model::{CapacityMode, Commitment};
use crate::network::Network;
use crate::spec::{DataClass, Population, Spec};
use crate::workload::Workload;

/// Everything fixed for one data class while its candidates are evaluated.
pub struct ClassCtx<'a> {
    pub catalog: &'a Catalog,
    pub network: &'a Network,
    pub users: &'a [Population],
    pub class: &'a DataClass,
    pub workload: Workload,
    /// Fleet per engine, sized once for this class (None: serverless or unsized).
    pub fleets: Vec<Option<Fleet>>,
    /// The latency bounds, without their derivations in words (the search
    /// reads the figures only).
    pub bounds: slo::Bounds,
    /// The same bounds with their derivations, built when a violation is
    /// first put in words.
    worded: std::sync::OnceLock<slo::Bounds>,
    /// The class the bounds are of (a joint relaxation keeps its class's).
    bounds_class: &'a DataClass,
    /// The spec's capacity commitment.
    pub commitment: Commitment,
    /// TTL of the health-checked DNS records, seconds.
    pub dns_ttl_s: f64,
    /// Per population: the p99 read and write targets. The class's latency
    /// SLOs, one for every population, unless a joint relaxation
    /// ([`ClassCtx::relaxed`]) raised some.
    pub read_target_ms: Vec<Option<f64>>,
    pub write_target_ms: Vec<Option<f64>>,
}

impl<'a> ClassCtx<'a> {
    pub fn new(
        catalog: &'a Catalog,
        network: &'a Network,
        spec: &'a Spec,
        class: &'a DataClass,
    ) -> Self {
        let workload = Workload {
            size_gb: class.size_bytes as f64 / crate::units::BYTES_PER_GB,
            reads_per_s: class.reads_per_sec,
            writes_per_s: class.writes_per_sec,
            item_bytes: class.item_bytes as f64,
            strong_reads: class.consistency == crate::model::Consistency::Strong,
            peak_to_average: class.peak_to_average,
        };
        let fleets = catalog
            .engines
            .iter()
            .map(|e| {
                let pinned =
                    class.pins.instance.as_ref().and_then(|name| {
                        e.pricing.instances().iter().position(|c| &c.name == name)
                    });
                e.pricing.size(&workload, pinned)
            })
            .collect();
        let bounds = slo::Bounds::new(catalog, network, class, &spec.users, false);
        ClassCtx {
            catalog,
            network,
            users: &spec.users,
            class,
            workload,
            fleets,
            bounds,
            worded: Default::default(),
            bounds_class: class,
            commitment: spec.commitment,
            dns_ttl_s: spec.dns_ttl_s,
            read_target_ms: vec![class.slo.read_latency_ms; spec.users.len()],
            write_target_ms: vec![class.slo.write_latency_ms; spec.users.len()],
        }
    }

    /// The latency bounds with how each was derived, in words.
    pub fn worded_bounds(&self) -> &slo::Bounds {
        self.worded.get_or_init(|| {
            slo::Bounds::new(
                self.catalog,
                self.network,
                self.bounds_class,
                self.users,
                true,
            )
        })
    }

    /// This context for `class` (the same class with other RPO, RTO or
    /// availability targets) and these per-population latency targets:
    /// what a joint relaxation searches. Fleets and bounds are kept (they
    /// do not read the targets).
    pub fn relaxed<'b>(
        &'b self,
        class: &'b DataClass,
        read_target_ms: Vec<Option<f64>>,
        write_target_ms: Vec<Option<f64>>,
    ) -> ClassCtx<'b> {
        ClassCtx {
            catalog: self.catalog,
            network: self.network,
            users: self.users,
            class,
            workload: self.workload.clone(),
            fleets: self.fleets.clone(),
            bounds: self.bounds.clone(),
            worded: self.worded.clone(),
            bounds_class: self.bounds_class,
            commitment: self.commitment,
            dns_ttl_s: self.dns_ttl_s,
            read_target_ms,
            write_target_ms,
        }
    }

    /// What the engine's cost functions read for `cand`, with these shares,
    /// priced in capacity `mode`.
    fn cost_ctx<'c>(
        &'c self,
        cand: &'c Candidate,
        read_share: &'c [f64],
        write_share: &'c [f64],
        mode: CapacityMode,
    ) -> CostCtx<'c> {
        CostCtx {
            catalog: self.catalog,
            cand,
            workload: &self.workload,
            fleet: self.fleets[cand.engine],
            read_share,
            write_share,
            mode,
            commitment: self.commitment,
        }
    }

    pub fn engine(&self, cand: &Candidate) -> &'a Engine {
        &self.catalog.engines[cand.engine]
    }
}

/// The numbers a candidate scores: cost, recovery, availability, latency.
#[derive(Debug, Clone, PartialEq)]
pub struct Metrics {
    pub monthly_usd: crate::cost::Cents,
    /// Seconds; infinite when a region loss loses the data for good. The
    /// guaranteed bound when the class requires one, else the window.
    pub rpo_s: f64,
    /// The worst case: infinite when nothing bounds it.
    pub rpo_bound_s: f64,
    /// Seconds; infinite when nothing takes over.
    pub rto_s: f64,
    pub availability: f64,
    pub routes: latency::Routes,
    /// The workload needs more than the engine's largest fleet.
    pub overloaded: bool,
    /// The traffic mechanism's share of `monthly_usd`.
    pub traffic_usd: Cents,
}

impl Metrics {
    pub fn worst_read_ms(&self) -> f64 {
        self.routes.read_ms.iter().copied().fold(0.0, f64::max)
    }

    pub fn worst_write_ms(&self) -> f64 {
        self.routes.write_ms.iter().copied().fold(0.0, f64::max)
    }
}

/// Measures a candidate (the search's hot path: no labels are built).
pub fn measure(ctx: &ClassCtx, cand: &Candidate) -> Metrics {
    let routes = latency::route(ctx, cand);
    let (_, data_usd) = cheapest_mode(ctx, cand, &routes);
    let rpo_bound_s = recovery::rpo_bound_s(ctx, cand);
    let rpo_s = recovery::rpo_s(ctx, cand, rpo_bound_s);
    let overloaded = ctx.fleets[cand.engine].is_some_and(|f| f.overloaded);
    let mut metrics = Metrics {
        monthly_usd: data_usd,
        rpo_s,
        rpo_bound_s,
        rto_s: f64::INFINITY,
        availability: 0.0,
        routes,
        overloaded,
        traffic_usd: Cents::ZERO,
    };
    retime(ctx, cand, &mut metrics);
    metrics
}

/// The monthly cost of `cand`'s traffic mechanism alone.
pub fn traffic_usd(ctx: &ClassCtx, cand: &Candidate, routes: &latency::Routes) -> Cents {
    let mut total = Total::default();
    traffic::cost(
        ctx,
        cand,
        &routes.read_share,
        &routes.write_share,
        &mut total,
    );
    total.0
}

/// Re-measures what `cand`'s traffic mechanism decides (its cost lines,
/// the RTO and the availability) on metrics measured for the same design
/// with another mechanism: the search tries every mechanism that fits a
/// design without routing and pricing its data tier again.
pub fn retime(ctx: &ClassCtx, cand: &Candidate, metrics: &mut Metrics) {
    let usd = traffic_usd(ctx, cand, &metrics.routes);
    metrics.monthly_usd = metrics.monthly_usd - metrics.traffic_usd + usd;
    metrics.traffic_usd = usd;
    metrics.rto_s = recovery::rto_s(ctx, cand);
    metrics.availability = availability::availability(ctx, cand, &metrics.routes, metrics.rto_s);
}

/// `cand` reached through another (mechanism, fast checks) option, with
/// `metrics` (measured for `cand`) re-measured for it by [`retime`].
pub fn with_traffic(
    ctx: &ClassCtx,
    cand: &Candidate,
    metrics: &Metrics,
    (traffic, fast): (usize, bool),
) -> (Candidate, Metrics) {
    let mut other = cand.clone();
    other.traffic = traffic;
    other.fast_detection = fast;
    let mut metrics = metrics.clone();
    retime(ctx, &other, &mut metrics);
    (other, metrics)
}

/// The capacity mode a candidate is priced in (the cheapest its engine
/// offers, the first listed on a tie; the pinned one where the class pins
/// one the engine offers) and its data tier's monthly total
/// (the traffic mechanism's lines left out: they do not depend on the mode).
pub fn cheapest_mode(
    ctx: &ClassCtx,
    cand: &Candidate,
    routes: &latency::Routes,
) -> (CapacityMode, Cents) {
    ctx.engine(cand)
        .pricing
        .modes()
        .iter()
        .filter(|&&mode| {
            pinned_mode(ctx, cand).is_none_or(|p| p == mode)
                && ctx
                    .engine(cand)
                    .pricing
                    .offers(mode, cand.topology, &ctx.workload)
        })
        .map(|&mode| {
            let mut total = Total::default();
            data_cost_in(ctx, cand, routes, mode, &mut total);
            (mode, total.0)
        })
        .min_by_key(|(_, cents)| *cents)
        .expect("every engine has a capacity mode")
}

/// The capacity mode the plan shows for a candidate: [`cheapest_mode`].
pub fn capacity_mode(ctx: &ClassCtx, cand: &Candidate, routes: &latency::Routes) -> CapacityMode {
    match (ctx.engine(cand).pricing.modes(), pinned_mode(ctx, cand)) {
        ([only], _) => *only,
        (_, Some(mode)) => mode,
        _ => cheapest_mode(ctx, cand, routes).0,
    }
}

/// The class's pinned capacity mode, where the candidate's engine offers it.
fn pinned_mode(ctx: &ClassCtx, cand: &Candidate) -> Option<CapacityMode> {
    ctx.class.pins.capacity.filter(|m| {
        let pricing = &ctx.engine(cand).pricing;
        pricing.modes().contains(m) && pricing.offers(*m, cand.topology, &ctx.workload)
    })
}

/// What the engine reports about how the candidate buys capacity.
pub fn capacity(
    ctx: &ClassCtx,
    cand: &Candidate,
    routes: &latency::Routes,
) -> crate::engines::Capacity {
    let mode = capacity_mode(ctx, cand, routes);
    let cost_ctx = ctx.cost_ctx(cand, &routes.read_share, &routes.write_share, mode);
    ctx.engine(cand).pricing.capacity(&cost_ctx)
}

/// Writes every cost line of a candidate to `sink`, in its capacity mode.
pub fn cost(ctx: &ClassCtx, cand: &Candidate, routes: &latency::Routes, sink: &mut dyn CostSink) {
    let mode = capacity_mode(ctx, cand, routes);
    cost_in(ctx, cand, routes, mode, sink);
}

fn cost_in(
    ctx: &ClassCtx,
    cand: &Candidate,
    routes: &latency::Routes,
    mode: CapacityMode,
    sink: &mut dyn CostSink,
) {
    data_cost_in(ctx, cand, routes, mode, sink);
    traffic::cost(ctx, cand, &routes.read_share, &routes.write_share, sink);
}

fn data_cost_in(
    ctx: &ClassCtx,
    cand: &Candidate,
    routes: &latency::Routes,
    mode: CapacityMode,
    sink: &mut dyn CostSink,
) {
    let engine = ctx.engine(cand);
    let cost_ctx = ctx.cost_ctx(cand, &routes.read_share, &routes.write_share, mode);
    for &region in &cand.regions {
        engine
            .pricing
            .region_cost(&cost_ctx, region, cand.role(region), sink);
    }
    engine.pricing.shared_cost(&cost_ctx, sink);
}

/// A lower bound of what `region` adds to any candidate of this engine in
/// `role`, per capacity mode: the search prunes a partial region set once
/// its floor is dearer than the best design found in every mode.
pub fn region_floor(
    ctx: &ClassCtx,
    cand: &Candidate,
    region: usize,
    role: Role,
) -> [f64; crate::engines::MAX_MODES] {
    let engine = ctx.engine(cand);
    let cost_ctx = ctx.cost_ctx(cand, &[], &[], engine.pricing.modes()[0]);
    engine.pricing.region_floors(&cost_ctx, region, role)
}
