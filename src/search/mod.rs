//! The search: for one data class, every engine × topology × standby tier ×
//! primary × region set (× witness or leader) the catalog and the spec
//! allow, and the cheapest that meets every SLO (ties: lower RTO, then
//! lower latency, then name).
//!
//! It is exact without enumerating every subset of regions, by rules that
//! never discard a possible optimum:
//! - *bounds*: each region adds at least its own compute, storage and the
//!   writes every copy bills ([`crate::evaluate::region_floor`]); requests,
//!   replication and the traffic mechanism add at least their cost at the
//!   cheapest prices each population can still be served at (`bound`); a
//!   partial set whose bound exceeds the family's best is dropped with all
//!   its supersets;
//! - *shared failures*: what every design of a family fails (the engine's
//!   lag against the RPO, its semantics, its recovery steps) is learnt from
//!   the first design; the family is then searched for the cheapest design
//!   failing only that, which is what relaxing it would cost; a primary whose
//!   smallest design fails what replicas cannot change ends its replicas;
//! - *latency*: while a population misses its latency SLO, only regions that
//!   would serve it within the SLO are added (every feasible superset holds
//!   one), and populations needing disjoint regions raise the bound;
//! - *dominance*: a region serving nobody only adds cost, so sets holding
//!   one (beyond the regions a topology needs) are not grown;
//! - *coverage*: a set leaving populations outside their latency budgets
//!   is bounded with one region more, two where no region serves them all;
//! - *one set alone*: where every region is billed for the busiest
//!   region's reads (Cosmos DB), a set is bounded before it is measured with
//!   its own busiest share and its own replication prices; its supersets,
//!   which may split that share, are bounded apart (every design serves at
//!   least the largest population's share from one region);
//! - *commit waits that only grow*: a set whose commit wait (one write
//!   region waiting for the farthest) already puts a population over its
//!   write budget ends its branch when only feasible designs are of use,
//!   or, in a family failing something on every design, once the nearest
//!   so far misses fewer SLOs or as many by less than that set's write
//!   shortfall and the fastest mechanism's RTO shortfall;
//! - *purpose*: a search for feasible designs only (the joint
//!   relaxation's) measures no design that cannot be one: a smallest set
//!   leaving a population out, a mechanism too slow for the RTO, a set
//!   holding the control plane of every fast-enough mechanism.
//!
//! A first design is measured before the sets are explored (regions added
//! greedily for coverage, then those made redundant dropped), so the
//! bounds have something to beat from the start. Where every design fails
//! the RTO whatever its mechanism, dearer mechanisms are measured only
//! while they can still change what the search keeps. Relaxations and an
//! infeasible family's nearest design are the best among the designs
//! measured.
//!
//! `tests/search_oracle.rs` checks this against brute-force enumeration.

mod bound;
mod joint;

pub use joint::Reach;

use std::cmp::Ordering;

use crate::bits::Bits;
use crate::candidate::{Candidate, Role};
use crate::catalog::ActiveActive;
use crate::engines::PriceFloor;
use crate::evaluate::slo::{Assessment, assess, kind};
use crate::evaluate::{ClassCtx, Metrics, measure, region_floor};
use crate::model::{Replication, Standby, Topology};

/// A lower bound on cost for each capacity mode of the engine (infinite
/// past its modes). Floors of one mode are summed with that mode's routed
/// bound only: a design is priced in one mode, so the bound is the least
/// over modes of each mode's total, never one mode's region costs with
/// another's routed costs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Floor([f64; crate::engines::MAX_MODES]);

impl Floor {
    const ZERO: Floor = Floor([0.0; crate::engines::MAX_MODES]);

    /// The least over modes, for ordering regions.
    fn low(&self) -> f64 {
        self.0.iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// The least over modes of this plus `other`, mode by mode.
    fn low_with(&self, other: &Floor) -> f64 {
        self.0
            .iter()
            .zip(other.0)
            .map(|(a, b)| a + b)
            .fold(f64::INFINITY, f64::min)
    }

    /// Mode by mode, the smaller of the two.
    fn meet(self, other: Floor) -> Floor {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a = a.min(b);
        }
        out
    }
}

impl std::ops::Add for Floor {
    type Output = Floor;
    fn add(self, other: Floor) -> Floor {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a += b;
        }
        out
    }
}

impl std::ops::AddAssign for Floor {
    fn add_assign(&mut self, other: Floor) {
        *self = *self + other;
    }
}

/// Sorts a pool by its least floor, then region.
fn sort_pool(pool: &mut [(usize, Floor)]) {
    pool.sort_by(|a, b| a.1.low().total_cmp(&b.1.low()).then(a.0.cmp(&b.0)));
}

/// Mode by mode, the cheapest floor among the pool positions in `mask`.
fn cheapest(pool: &[(usize, Floor)], mask: Bits) -> Floor {
    let mut out = Floor([f64::INFINITY; crate::engines::MAX_MODES]);
    for i in mask.iter() {
        if let Some((_, f)) = pool.get(i) {
            out = out.meet(*f);
        }
    }
    out
}

/// Mode by mode, the cheapest and the second cheapest floor among the pool
/// positions of a mask: the cheapest of the mask without any one of them
/// is then a lookup (each child's bound reads it).
struct Cheapest {
    least: Floor,
    at: [usize; crate::engines::MAX_MODES],
    second: Floor,
}

impl Cheapest {
    fn of(pool: &[(usize, Floor)], mask: Bits) -> Cheapest {
        let none = Floor([f64::INFINITY; crate::engines::MAX_MODES]);
        let mut out = Cheapest {
            least: none,
            at: [usize::MAX; crate::engines::MAX_MODES],
            second: none,
        };
        for i in mask.iter() {
            let Some((_, f)) = pool.get(i) else { continue };
            for (m, &x) in f.0.iter().enumerate() {
                if x < out.least.0[m] {
                    out.second.0[m] = out.least.0[m];
                    out.least.0[m] = x;
                    out.at[m] = i;
                } else if x < out.second.0[m] {
                    out.second.0[m] = x;
                }
            }
        }
        out
    }

    /// The cheapest without position `i`.
    fn without(&self, i: usize) -> Floor {
        let mut out = self.least;
        for (m, at) in self.at.iter().enumerate() {
            if *at == i {
                out.0[m] = self.second.0[m];
            }
        }
        out
    }
}

/// A topology family of one engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    pub engine: usize,
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub replication: Replication,
}

impl Family {
    /// The family `cand` belongs to.
    pub fn of(cand: &Candidate) -> Family {
        Family {
            engine: cand.engine,
            topology: cand.topology,
            standby: cand.standby,
            replication: cand.replication,
        }
    }
}

/// A measured, assessed candidate.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub cand: Candidate,
    pub metrics: Metrics,
    pub assessment: Assessment,
}

/// What the search found in one family.
#[derive(Debug, Clone)]
pub struct FamilyResult {
    pub family: Family,
    /// Cheapest candidate meeting everything.
    pub best: Option<Scored>,
    /// Candidate with the smallest shortfall (when none meets everything).
    pub nearest: Option<Scored>,
    pub evaluated: usize,
    /// False when the family hit [`EVALUATION_CAP`] before finishing.
    pub complete: bool,
    /// The best RPO, RTO and availability among the candidates measured.
    pub reach: Reach,
    /// What every design of the family fails (0 when unknown); `nearest`
    /// failing only that is the cheapest design that does.
    pub always_fails: u16,
}

/// What the search found for a class.
#[derive(Debug, Clone)]
pub struct ClassSearch {
    pub families: Vec<FamilyResult>,
    /// Index into `families` of the chosen family, if any is feasible.
    pub chosen: Option<usize>,
    /// For each failing kind (bit of `kind`), the cheapest candidate that
    /// fails only that kind: what relaxing that one SLO would cost.
    pub relaxations: Vec<(u16, Scored)>,
    /// When no design is feasible: the nearest design, found by relaxing the
    /// SLOs jointly, when it is nearer than every family's nearest
    /// ([`joint`]).
    pub joint: Option<Scored>,
    /// Candidates the joint relaxation's searches measured.
    pub joint_evaluated: usize,
    /// Every joint relaxation's search finished (none stopped at the cap).
    pub joint_complete: bool,
}

impl ClassSearch {
    pub fn best(&self) -> Option<&Scored> {
        self.chosen.and_then(|i| self.families[i].best.as_ref())
    }

    /// The candidate with the smallest shortfall: the joint relaxation's
    /// design, else the nearest over all families.
    pub fn nearest(&self) -> Option<&Scored> {
        self.joint.as_ref().or_else(|| {
            self.families
                .iter()
                .filter_map(|f| f.nearest.as_ref())
                .min_by(|a, b| rank_nearest(a, b))
        })
    }

    pub fn evaluated(&self) -> usize {
        self.families.iter().map(|f| f.evaluated).sum::<usize>() + self.joint_evaluated
    }

    /// Whether no search behind the result (each family's, the joint
    /// relaxation's) stopped at [`EVALUATION_CAP`].
    pub fn complete(&self) -> bool {
        self.joint_complete && self.families.iter().all(|f| f.complete)
    }

    /// With no feasible design, looks for a nearer one by relaxing the SLOs
    /// jointly ([`joint`]).
    fn with_joint(mut self, ctx: &ClassCtx) -> ClassSearch {
        if self.chosen.is_none() {
            let (design, evaluated, complete) = joint::nearest(ctx, &self);
            self.joint = design;
            self.joint_evaluated = evaluated;
            self.joint_complete = complete;
        }
        self
    }
}

fn worst_latency(m: &Metrics) -> f64 {
    m.worst_read_ms().max(m.worst_write_ms())
}

/// Order of feasible candidates: cheaper, then lower RTO, then lower
/// latency, then detection, then name.
pub fn rank_feasible(a: &Scored, b: &Scored) -> Ordering {
    a.metrics
        .monthly_usd
        .cmp(&b.metrics.monthly_usd)
        .then(a.metrics.rto_s.total_cmp(&b.metrics.rto_s))
        .then(worst_latency(&a.metrics).total_cmp(&worst_latency(&b.metrics)))
        .then(a.cand.fast_detection.cmp(&b.cand.fast_detection))
        .then(a.cand.traffic.cmp(&b.cand.traffic))
        .then_with(|| cmp_identity(&a.cand, &b.cand))
}

/// Order of infeasible candidates: fewer SLOs missed (kinds: every
/// population's read latency is one SLO), then the smaller relative
/// shortfall, then as feasible ones (cost first).
pub fn rank_nearest(a: &Scored, b: &Scored) -> Ordering {
    a.assessment
        .mask
        .count_ones()
        .cmp(&b.assessment.mask.count_ones())
        .then(a.assessment.score.total_cmp(&b.assessment.score))
        .then_with(|| rank_feasible(a, b))
}

/// The last tie-breaker: engine (catalog order), topology, tier, primary,
/// regions and witness (by region id, the catalog's order).
fn cmp_identity(a: &Candidate, b: &Candidate) -> Ordering {
    a.engine
        .cmp(&b.engine)
        .then(a.topology.cmp(&b.topology))
        .then(a.standby.cmp(&b.standby))
        .then(a.primary.cmp(&b.primary))
        .then_with(|| a.regions.cmp(&b.regions))
        .then(a.witness.cmp(&b.witness))
}

/// The families a class may use: engines holding its kind, with the
/// topologies each offers, narrowed by the pins.
pub fn families(ctx: &ClassCtx) -> Vec<Family> {
    let pins = &ctx.class.pins;
    let mut out = Vec::new();
    for (e, engine) in ctx.catalog.engines.iter().enumerate() {
        if !engine.kinds.contains(&ctx.class.kind) || pins.engine.is_some_and(|p| p != e) {
            continue;
        }
        let mut add = |topology, standby: Option<Standby>, replication| {
            let pinned_out = pins.topology.is_some_and(|t| t != topology)
                || (pins.standby.is_some() && pins.standby != standby);
            // The pinned regions, witness and instance must fit this family.
            let mut design = pins.design(ctx.class.kind);
            design.topology = Some(topology);
            design.standby = standby.or(design.standby);
            let misfit = crate::catalog::misfit(ctx.catalog, engine, &design).is_some();
            if !pinned_out && !misfit {
                out.push(Family {
                    engine: e,
                    topology,
                    standby,
                    replication,
                });
            }
        };
        if engine.single_region {
            add(Topology::SingleRegion, None, Replication::None);
        }
        for tier in &engine.standby {
            add(
                Topology::ActivePassive,
                Some(*tier),
                engine.standby_replication,
            );
        }
        match engine.active_active {
            ActiveActive::None => {}
            ActiveActive::Async => add(Topology::ActiveActive, None, Replication::Async),
            ActiveActive::Sync => add(Topology::ActiveActive, None, Replication::Sync),
            ActiveActive::Quorum => add(Topology::ActiveActive, None, Replication::Quorum),
        }
    }
    out
}

/// Searches every family of a class.
pub fn search_class(ctx: &ClassCtx) -> ClassSearch {
    search_class_by(ctx, &mut |f, relax| search_family(ctx, f, relax, None).0).with_joint(ctx)
}

/// Searches every family of a class and of `relaxed`, the same class
/// without its RTO and RPO targets (the frontier's search), returning the
/// class's search and the relaxed families, each searched for its
/// cheapest feasible design only (the frontier reads nothing else).
///
/// A family whose every candidate the class's search measured is assessed
/// the same (mask and score) under `relaxed` takes the same path in the
/// relaxed search (the two contexts differ only in those targets, which
/// nothing but the assessment reads), so its result is reused rather than
/// searched again: the second search was half of a plan's time.
pub fn search_class_and_relaxed(
    ctx: &ClassCtx,
    relaxed: &ClassCtx,
) -> (ClassSearch, Vec<FamilyResult>) {
    let mut same: Vec<FamilyResult> = Vec::new();
    let found = search_class_by(ctx, &mut |f, relax| {
        let (result, same_when_relaxed) = search_family(ctx, f, relax, Some(relaxed));
        if same_when_relaxed {
            same.push(result.clone());
        }
        result
    })
    .with_joint(ctx);
    let relaxed = search_class_by(relaxed, &mut |f, relax| match same
        .iter()
        .position(|r| r.family == f)
    {
        Some(i) => same.swap_remove(i),
        None => search_family_for(relaxed, f, relax, None, Purpose::FeasibleOnly).0,
    });
    (found, relaxed.families)
}

/// Each family's cheapest feasible design, searched for feasible designs
/// only (the frontier reads nothing else: no nearest design, no
/// relaxations, no joint relaxation).
pub fn search_class_feasible(ctx: &ClassCtx) -> Vec<FamilyResult> {
    search_class_by(ctx, &mut |f, relax| {
        search_family_for(ctx, f, relax, None, Purpose::FeasibleOnly).0
    })
    .families
}

/// Searches one family, adding to the class's relaxations.
type SearchFamily<'s> = dyn FnMut(Family, &mut Vec<(u16, Scored)>) -> FamilyResult + 's;

/// The class search around `search`, which searches one family.
fn search_class_by(ctx: &ClassCtx, search: &mut SearchFamily) -> ClassSearch {
    let mut relax: Vec<(u16, Scored)> = Vec::new();
    // Self-managed (fallback) engines are searched only when no managed
    // engine meets every SLO.
    let (fallback, managed): (Vec<Family>, Vec<Family>) = families(ctx)
        .into_iter()
        .partition(|f| ctx.catalog.engines[f.engine].fallback);
    let mut results: Vec<FamilyResult> =
        managed.into_iter().map(|f| search(f, &mut relax)).collect();
    if !results.iter().any(|r| r.best.is_some()) {
        results.extend(fallback.into_iter().map(|f| search(f, &mut relax)));
    }
    // Keep only relaxations cheaper than the chosen design.
    let chosen = results
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.best.as_ref().map(|b| (i, b)))
        .min_by(|a, b| rank_feasible(a.1, b.1))
        .map(|(i, _)| i);
    if let Some(best) = chosen.and_then(|i| results[i].best.as_ref()) {
        let limit = best.metrics.monthly_usd;
        relax.retain(|(_, s)| s.metrics.monthly_usd < limit);
    }
    relax.sort_by_key(|(bit, _)| *bit);
    for f in &mut results {
        if f.best.is_some() {
            f.nearest = None;
        }
    }
    ClassSearch {
        families: results,
        chosen,
        relaxations: relax,
        joint: None,
        joint_evaluated: 0,
        joint_complete: true,
    }
}

struct FamilySearch<'c, 'a> {
    ctx: &'c ClassCtx<'a>,
    family: Family,
    best: Option<Scored>,
    nearest: Option<Scored>,
    evaluated: usize,
    /// Sets bounded alone instead of measured ([`Self::alone_pruned`]).
    bounded: usize,
    /// The populations' shares, as [`Self::split_pruned`] reads them.
    shares: Shares,
    /// Region sets explored (each once), measured or not.
    visits: usize,
    /// Designs considered (each measured through its traffic options).
    designs: usize,
    relax: &'c mut Vec<(u16, Scored)>,
    instance: Option<usize>,
    complete: bool,
    /// Failures every design of the family shares (found on the first
    /// design measured); the search then looks for the cheapest design
    /// failing only those, which is what relaxing them would cost.
    ignore: u16,
    /// Some allowed traffic mechanism fits this family's designs in some
    /// region sets and not others (its control plane's region), so the RTO
    /// and availability depend on the regions
    /// ([`crate::evaluate::traffic::fit_depends_on_regions`], once per family).
    recovery_by_region: bool,
    best_relaxed: Option<Scored>,
    /// Latency SLOs every design of the family fails, known before any is
    /// measured ([`certain_failures`]; only when searching for feasible
    /// designs alone); part of `ignore`.
    certain: u16,
    purpose: Purpose,
    /// Per region: the least commit round trip a write taken there pays
    /// (0 unless synchronous or quorum: the nearest other region the
    /// engine is offered in, or the quorum's majority-th nearest).
    commit_floor: Vec<f64>,
    /// The cheapest design of this family failing only read latency, and
    /// only write latency, so far (dollars; infinite before one is found).
    latency_alone: [f64; 2],
    /// The cheapest prices among the regions this family may use.
    prices: PriceFloor,
    /// The engine's routed floor for this family.
    routed: bound::RoutedFloor,
    /// Per traffic option, the least premium any design pays (each
    /// population served by whichever region is cheapest for it): the
    /// bound's premium where no node narrows the servers.
    premium: Vec<f64>,
    /// Per region: its price index and cheapest transfer out, for the
    /// per-population bounds ([`bound::node_floor`]).
    region_prices: bound::RegionPrices,
    /// The traffic options that may fit this family's designs, as bounded.
    options: Vec<bound::OptionFloor>,
    /// Some option meets the class's RTO and some does not: a design
    /// meeting the RTO costs at least the cheapest option that does.
    rto_tightens: bool,
    /// The class without its RTO and RPO targets, when the caller also
    /// searches it (see [`search_class_and_relaxed`]).
    relaxed: Option<&'c ClassCtx<'a>>,
    /// Every candidate measured so far is assessed the same under `relaxed`.
    same_when_relaxed: bool,
    reach: Reach,
}

impl FamilySearch<'_, '_> {
    /// Whether nothing the search is for is left to find: it looks for
    /// feasible designs only and every design of the family fails something.
    fn hopeless(&self) -> bool {
        self.purpose == Purpose::FeasibleOnly && self.ignore != 0
    }

    /// The cost to beat: the best feasible design, or, in a family that
    /// cannot be feasible, the best design failing only what no region
    /// choice changes.
    fn best_cost(&self) -> f64 {
        self.best
            .as_ref()
            .or(self.best_relaxed.as_ref())
            .map_or(f64::INFINITY, |b| b.metrics.monthly_usd.usd())
    }

    /// Whether every design of at least `regions` regions whose per-region
    /// floors sum to `floor` (routed prices bounded by `node`, else at the
    /// pool's cheapest) is of no use: dearer than the best found and, while
    /// the RTO narrows the traffic options, dearer through the cheapest
    /// option than what relaxing the RTO costs so far. The margin covers
    /// per-line rounding to cents, so equal-cost designs are never cut.
    fn pruned(&self, floor: Floor, regions: usize, node: Option<&bound::NodeFloor>) -> bool {
        self.pruned_by(|assume_rto| self.bound(floor, regions, node, assume_rto))
    }

    /// Whether the designs bounded by `bound` (given whether the RTO is
    /// assumed met) are of no use: see [`Self::pruned`].
    fn pruned_by(&self, bound: impl Fn(bool) -> f64) -> bool {
        if self.purpose == Purpose::Exhaustive {
            return false;
        }
        let best = self.best_cost();
        let assume_rto = self.rto_tightens && self.ignore & kind::RTO == 0;
        if bound(assume_rto) <= best + PRUNE_MARGIN_USD {
            return false;
        }
        // (Designs failing the RTO alone are what relaxing it costs, unless
        // the search is for feasible designs only. In a family failing
        // something on every design, none fails the RTO alone.)
        if !assume_rto || self.purpose == Purpose::FeasibleOnly || self.ignore != 0 {
            return true;
        }
        let relax_rto = self
            .relax
            .iter()
            .find(|(bit, _)| *bit == kind::RTO)
            .map_or(f64::INFINITY, |(_, s)| s.metrics.monthly_usd.usd());
        bound(false) > best.min(relax_rto) + PRUNE_MARGIN_USD
    }

    /// Whether every design grown from `set` fails a write latency SLO
    /// (where the commit wait only grows with the regions, `set`'s already
    /// puts a population over its budget) and is of no use for it: looking
    /// for feasible designs only; or, once the family is known to fail
    /// something else on every design, when such designs can be neither
    /// the best, nor a relaxation of one SLO, nor the cheapest failing only
    /// what the family always fails, nor nearer than the nearest so far
    /// (more SLOs missed, or as many and a larger shortfall: the
    /// populations' write shortfalls at `set`'s commit wait and the
    /// fastest mechanism's RTO's, at least).
    fn writes_out_of_reach(&self, grow: &Grow, set: &[usize]) -> bool {
        let Some(primary) = grow.primary else {
            return false;
        };
        let of_use_only_as_nearest = self.purpose == Purpose::Everything
            && self.designs > 0
            && self.ignore != 0
            && self.ignore & kind::WRITE_LATENCY == 0;
        if set.len() < 2
            || !(self.purpose == Purpose::FeasibleOnly || of_use_only_as_nearest)
            || !crate::evaluate::latency::commit_only_grows(
                self.family.replication,
                self.family.topology,
            )
        {
            return false;
        }
        let cand = self.candidate(Some(primary), set, None);
        let Some(floors) = crate::evaluate::latency::write_floors_ms(self.ctx, &cand, primary)
        else {
            return false;
        };
        let mut over = false;
        let mut shortfall = 0.0;
        for (ms, target) in floors.into_iter().zip(&self.ctx.write_target_ms) {
            if let Some(target) = *target
                && ms > target
            {
                over = true;
                shortfall += crate::evaluate::slo::ratio_score(ms, target);
            }
        }
        if !over || self.purpose == Purpose::FeasibleOnly || self.best.is_some() {
            return over;
        }
        let Some(nearest) = &self.nearest else {
            return false;
        };
        if self.ignore & kind::RTO != 0
            && let Some(target) = self.ctx.class.slo.rto_s
        {
            let fastest = (self.options.iter())
                .map(|o| o.rto_s)
                .fold(f64::INFINITY, f64::min);
            shortfall += crate::evaluate::slo::ratio_score(fastest, target);
        }
        let missed = (self.ignore | kind::WRITE_LATENCY).count_ones();
        let nearer = nearest.assessment.mask.count_ones();
        nearer < missed || nearer == missed && nearest.assessment.score < shortfall
    }

    /// Whether the design of exactly `set` (pool floors summing to
    /// `floor`; `node` bounds its subtree) is of no use on its own, where
    /// the engine's routed floor reads the busiest region's share of reads:
    /// the set's reads routed, its own least prices. (A region more may
    /// split the busiest share, so the set's supersets are bounded apart:
    /// [`Self::split_pruned`].)
    fn alone_pruned(
        &mut self,
        grow: &Grow,
        set: &[usize],
        (floor, node): (Floor, Option<&bound::NodeFloor>),
        read_share: &mut Option<Vec<f64>>,
    ) -> bool {
        if set.len() < grow.min || !self.bounds_alone() {
            return false;
        }
        let catalog = self.ctx.catalog;
        let cand = self.candidate(grow.primary, set, None);
        let routes = crate::evaluate::latency::route(self.ctx, &cand);
        let busiest = routes.read_share.iter().copied().fold(0.0, f64::max);
        // A write's copies: from the region that took it to every other.
        let mut copy_usd = 0.0;
        for (i, &from) in cand.regions.iter().enumerate() {
            let share = match cand.primary {
                Some(p) => f64::from(u8::from(p == from)),
                None => routes.write_share[i],
            };
            for &to in cand.regions.iter().filter(|r| **r != from) {
                copy_usd += share * catalog.transfer_usd_per_gb(from, to).0;
            }
        }
        let prices = PriceFloor {
            index: PriceFloor::least_index(catalog, &cand.regions),
            transfer_per_gb: copy_usd / (set.len().max(2) - 1) as f64,
        };
        let premium = node.map_or(&self.premium[..], |n| &n.premium[..]);
        self.bounded += 1;
        *read_share = Some(routes.read_share);
        self.useless_alone(floor, (set.len(), busiest), (&prices, premium))
    }

    /// Whether designs of `regions` regions whose floors sum to `floor`,
    /// the busiest region serving `busiest` of the reads, are of no use at
    /// `prices` and accelerator premiums `premium`: the engine's routed
    /// floor of one design alone ([`bound::RoutedFloor::alone`]) and the
    /// cheapest traffic option.
    fn useless_alone(
        &self,
        floor: Floor,
        (regions, busiest): (usize, f64),
        (prices, premium): (&PriceFloor, &[f64]),
    ) -> bool {
        let engine = &self.ctx.catalog.engines[self.family.engine];
        let routed = Floor(self.routed.alone(
            (&engine.pricing, &self.ctx.workload, self.ctx.commitment),
            (
                self.family.topology,
                self.family.standby != Some(Standby::BackupRestore),
            ),
            (regions, busiest),
            prices,
        ));
        self.pruned_by(|assume_rto| {
            floor.low_with(&routed)
                + bound::traffic_floor(&self.options, premium, regions, assume_rto)
        })
    }

    /// Whether the engine's routed floor reads the busiest region's share
    /// of reads and there is a design to beat: then a set and its
    /// supersets are bounded by their own routing.
    fn bounds_alone(&self) -> bool {
        let engine = &self.ctx.catalog.engines[self.family.engine];
        engine.pricing.routed_floor_alone() && self.best_cost().is_finite()
    }

    /// Whether every proper superset of `set` (`rest`: the cheapest floors
    /// of the pool outside it; its own summing to `floor`) is of no use,
    /// where the engine's
    /// routed floor reads the busiest region's share of reads.
    ///
    /// A region added takes a population from the set's region serving it
    /// only by being nearer (routing picks the nearest readable region), so
    /// with `j` regions added, the populations each region of the set
    /// serves stay with it or move to those `j`. Whatever moves, the
    /// busiest region serves at least the least `t` with
    /// `Σ max(0, Lᵣ − t) ≤ j·t` (`Lᵣ` each region's share now: what
    /// the regions over `t` shed, the `j` take), which is the largest over
    /// `m` of the `m` largest shares' sum over `m + j`, and at least the
    /// largest population's share. Bounded for every `j` until that share
    /// stops falling (past it a region more only adds), from
    /// `least_added`, the regions every superset of use adds at least
    /// (those of populations still over their latency SLOs), whose floors
    /// sum to `committed` at least; each region more costs the pool's
    /// cheapest floor at least (the second cheapest past the first, when
    /// none is committed).
    fn split_pruned(
        &self,
        grow: &Grow,
        (set, rest, read_share): (&[usize], &Cheapest, Option<Vec<f64>>),
        (floor, node): (Floor, Option<&bound::NodeFloor>),
        (least_added, committed): (usize, Floor),
    ) -> bool {
        let k = set.len();
        if k == 0 || !self.bounds_alone() {
            return false;
        }
        if k >= grow.max {
            return true;
        }
        let prices = node.map_or(self.prices, |n| n.prices);
        let premium = node.map_or(&self.premium[..], |n| &n.premium[..]);
        let useless = |added: Floor, regions: usize, busiest: f64| {
            self.useless_alone(added, (regions, busiest), (&prices, premium))
        };
        let first = least_added.max(1);
        let step = |j: usize| match (least_added, j) {
            (0, 1) => rest.least,
            (0, _) => rest.second,
            _ if j > least_added => rest.least,
            _ => Floor::ZERO,
        };
        // (Not even with every read at one region: no need to route.)
        let mut added = floor + committed + step(first);
        if !added.low().is_finite() {
            return true;
        }
        if !useless(added, k + first, self.shares.total) {
            return false;
        }
        let mut shares = read_share.unwrap_or_else(|| {
            if grow.primary.is_none() && grow.replica_reads {
                // Every region reads: each population at its nearest, as
                // routing picks it (without routing the whole design).
                let mut shares = vec![0.0; set.len()];
                for (p, user) in self.ctx.users.iter().enumerate() {
                    let r = crate::evaluate::latency::nearest(self.ctx, p, set, |_| true);
                    if let Some(i) = set.iter().position(|x| *x == r) {
                        shares[i] += user.share;
                    }
                }
                return shares;
            }
            let cand = self.candidate(grow.primary, set, None);
            crate::evaluate::latency::route(self.ctx, &cand).read_share
        });
        shares.sort_by(|a, b| b.total_cmp(a));
        let mut last = f64::INFINITY;
        for j in first..=grow.max - k {
            if j > first {
                added += step(j);
            }
            if !added.low().is_finite() {
                return true;
            }
            let regions = k + j;
            let mut sum = 0.0;
            let mut busiest = self.shares.largest;
            for (m, share) in shares.iter().enumerate() {
                sum += share;
                busiest = f64::max(busiest, sum / (m + 1 + j) as f64);
            }
            busiest = self.shares.unit.map_or(busiest, |u| u.round_up(busiest));
            if !useless(added, regions, busiest) {
                return false;
            }
            // Past here the share no longer falls (nor the even split the
            // floor assumes at least): each region more only adds.
            if busiest >= last && busiest >= 1.0 / regions as f64 {
                return true;
            }
            last = busiest;
        }
        true
    }

    /// Whether the fixed-size design `cand` (its regions' floors summing to
    /// `floor`; `failing`: the latency kinds it fails, known from its
    /// regions) is of no use. Failing a latency, it is of no use looking
    /// for feasible designs only; else it may be the family's nearest,
    /// which no cost bounds, and is measured. Meeting them, it is bounded
    /// with its own routing, as [`Self::pruned`] bounds a node: each
    /// population's reads and writes priced at the regions serving them
    /// (an accelerator's premium at their geographies' rates), not at the
    /// cheapest any design may use.
    fn routed_pruned(&mut self, cand: &Candidate, floor: Floor, failing: u16) -> bool {
        if self.purpose == Purpose::Exhaustive || self.evaluated == 0 {
            return false;
        }
        if failing != 0 && self.purpose == Purpose::FeasibleOnly {
            return true;
        }
        let routes = crate::evaluate::latency::route(self.ctx, cand);
        let prices = &self.region_prices;
        let node = bound::node_floor(self.ctx, &self.options, &mut |p, reads, writes| {
            reads.add(routes.read_from[p], prices, &self.options);
            writes.add(routes.write_to[p], prices, &self.options);
        });
        if failing == 0 {
            return self.pruned(floor, cand.regions.len(), Some(&node));
        }
        // Its latency shortfalls, known from its routing, are the least
        // it misses by: past the nearest so far, it is of use only as the
        // cheapest design failing one latency alone.
        let ctx = self.ctx;
        let mut missed = 0;
        let mut score = 0.0;
        for (bit, targets, estimates) in [
            (kind::READ_LATENCY, &ctx.read_target_ms, &routes.read_ms),
            (kind::WRITE_LATENCY, &ctx.write_target_ms, &routes.write_ms),
        ] {
            for (target, ms) in targets.iter().zip(estimates) {
                if let Some(target) = *target
                    && *ms > target
                {
                    missed |= bit;
                    score += crate::evaluate::slo::ratio_score(*ms, target);
                }
            }
        }
        let nearer = self.nearest.as_ref().is_some_and(|n| {
            let kinds = n.assessment.mask.count_ones();
            kinds < missed.count_ones()
                || kinds == missed.count_ones() && n.assessment.score < score
        });
        if !nearer {
            return false;
        }
        if self.ignore != 0 || missed.count_ones() != 1 {
            return true;
        }
        let relaxed = match missed {
            kind::READ_LATENCY => self.latency_alone[0],
            _ => self.latency_alone[1],
        };
        // (Designs failing that latency alone meet the RTO.)
        let assume_rto = self.rto_tightens && self.ignore & kind::RTO == 0;
        self.bound(floor, cand.regions.len(), Some(&node), assume_rto) > relaxed + PRUNE_MARGIN_USD
    }

    /// A lower bound of the cost of designs of at least `regions` regions
    /// whose per-region floors sum to `floor`: routed costs at `node`'s
    /// prices (else the pool's cheapest) and the cheapest traffic option
    /// (of those meeting the RTO, with `assume_rto`).
    fn bound(
        &self,
        floor: Floor,
        regions: usize,
        node: Option<&bound::NodeFloor>,
        assume_rto: bool,
    ) -> f64 {
        let prices = node.map_or(self.prices, |n| n.prices);
        let routed = Floor(self.routed.at(regions, &prices));
        let premium = node.map_or(&self.premium[..], |n| &n.premium[..]);
        floor.low_with(&routed) + bound::traffic_floor(&self.options, premium, regions, assume_rto)
    }

    /// The node bound of the set of pool positions `mask`: where each
    /// population can still be served in the designs grown from it.
    fn node(&self, grow: &Grow, mask: Bits) -> bound::NodeFloor {
        let net = &self.ctx.network;
        let full = mask.len() + usize::from(grow.primary.is_some()) >= grow.max;
        let prices = &self.region_prices;
        if grow.reads_at_primary() {
            // Reads and writes at the primary.
            let primary = grow.primary.expect("no replica reads: a primary");
            return bound::node_floor(self.ctx, &self.options, &mut |_, reads, writes| {
                reads.add(primary, prices, &self.options);
                writes.clone_from(reads);
            });
        }
        let shared = &grow.nearness;
        let near = shared.cell.get_or_init(|| {
            bound::Nearness::new(
                self.ctx,
                &self.region_prices,
                &self.options,
                &shared.pool,
                &shared.within,
            )
        });
        // A pool position of the exploration in the shared pool, which
        // also holds the primary.
        let shared_at = |i: usize| match grow.primary_at {
            Some(at) if i >= at => i + 1,
            _ => i,
        };
        bound::node_floor(self.ctx, &self.options, &mut |p, reads, writes| {
            let row = &net.user_p99[p];
            // The nearest readable region of the set (ties to the lower
            // region index, as routing does), whether it serves p within
            // its latency SLOs, and how many regions of p's order are no
            // farther (all of them while the set is empty).
            let mut nearest = grow.primary.map(|r| (r, grow.base_served.contains(p)));
            let mut nearest_at = None;
            for i in mask.iter() {
                let r = grow.pool[i].0;
                if nearest.is_none_or(|(n, _)| row[r] < row[n] || (row[r] == row[n] && r < n)) {
                    nearest = Some((r, grow.within[p].contains(i)));
                    nearest_at = Some(i);
                }
            }
            let first = match (nearest, nearest_at) {
                // A full set grows no more: only its nearest serves p.
                _ if full => 0,
                (None, _) => shared.pool.len(),
                (Some(_), Some(i)) => near.upto(p, shared_at(i)),
                (Some((n, _)), None) => near.no_farther(p, row[n]),
            };
            // Regions that may serve p's reads: its nearest now, or one
            // nearer still; those within its SLOs when some is (latency
            // assumed met). (The first regions of p's order hold no other
            // region of the set but ties with the nearest, which serve p
            // within its SLOs exactly when the nearest does.)
            let within = nearest.is_some_and(|(_, w)| w);
            let within_only = near.add_first(p, first, true, reads) > 0 || within;
            if !within_only {
                near.add_first(p, first, false, reads);
            }
            if let Some((n, _)) = nearest.filter(|_| within || !within_only) {
                reads.add(n, prices, &self.options);
            }
            match grow.primary {
                Some(primary) => writes.add(primary, prices, &self.options),
                None => writes.clone_from(reads),
            }
        })
    }

    fn candidate(
        &self,
        primary: Option<usize>,
        regions: &[usize],
        witness: Option<usize>,
    ) -> Candidate {
        let mut sorted = regions.to_vec();
        sorted.sort_unstable();
        Candidate {
            engine: self.family.engine,
            topology: self.family.topology,
            standby: self.family.standby,
            replication: self.family.replication,
            primary,
            regions: sorted,
            witness,
            read_only: Vec::new(),
            configuration: None,
            instance: self.instance,
            traffic: crate::evaluate::traffic::single_region_default(self.ctx, self.family.engine),
            fast_detection: false,
        }
    }

    /// The failures siblings may share: all, unless a traffic mechanism's
    /// fit depends on the regions, when the RTO and the availability differ
    /// between siblings.
    fn sibling_mask(&self) -> u16 {
        if self.recovery_by_region {
            !(kind::RTO | kind::AVAILABILITY)
        } else {
            u16::MAX
        }
    }

    /// Measures a candidate through every traffic mechanism (and health-check
    /// speed) that fits it: the data tier is routed and priced once, then
    /// each mechanism's cost, RTO and availability are re-measured on it,
    /// cheapest first. A mechanism dearer than the best so far is skipped
    /// once that one fails neither the RTO nor the availability (it cannot
    /// do better), and so is one no cheaper and no faster than one tried.
    /// Returns what the best fails, and the populations over a latency SLO.
    fn consider(&mut self, cand: Candidate) -> (u16, Vec<usize>) {
        let (fails, over, _) = self.consider_billed(cand);
        (fails, over)
    }

    /// [`Self::consider`], also returning the design's data-tier bill (the
    /// same through every traffic option: the data tier is priced once).
    fn consider_billed(&mut self, cand: Candidate) -> (u16, Vec<usize>, f64) {
        let mut options = crate::evaluate::traffic::options(self.ctx, &cand);
        // Looking for feasible designs only, mechanisms too slow for the RTO
        // are of no use where another fits (a mechanism's RTO does not
        // depend on the regions).
        if self.purpose == Purpose::FeasibleOnly
            && let Some(target) = self.ctx.class.slo.rto_s
        {
            let mut probe = cand.clone();
            let meeting: Vec<(usize, bool)> = options
                .iter()
                .copied()
                .filter(|&(traffic, fast)| {
                    probe.traffic = traffic;
                    probe.fast_detection = fast;
                    crate::evaluate::recovery::rto_s(self.ctx, &probe) <= target
                })
                .collect();
            if !meeting.is_empty() {
                options = meeting;
            }
        }
        let mut cand = cand;
        if let Some(&(traffic, fast)) = options.first() {
            cand.traffic = traffic;
            cand.fast_detection = fast;
        }
        let mut scored = self.score(cand);
        let data_usd = (scored.metrics.monthly_usd - scored.metrics.traffic_usd).usd();
        let mut first_others: Vec<Scored> = Vec::new();
        if options.len() > 1 {
            // One probe, re-pointed at each mechanism: no clone per option.
            let mut probe = scored.cand.clone();
            let mut others: Vec<(crate::cost::Cents, f64, usize, bool)> = options[1..]
                .iter()
                .map(|&(traffic, fast)| {
                    probe.traffic = traffic;
                    probe.fast_detection = fast;
                    let usd =
                        crate::evaluate::traffic_usd(self.ctx, &probe, &scored.metrics.routes);
                    let rto = crate::evaluate::recovery::rto_s(self.ctx, &probe);
                    (usd, rto, traffic, fast)
                })
                .collect();
            others.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let mut tried: Vec<(crate::cost::Cents, f64)> =
                vec![(scored.metrics.traffic_usd, scored.metrics.rto_s)];
            // Where every design fails the RTO whatever its mechanism, a
            // dearer, faster one still fails it: once the availability is
            // met, the family has a design failing only what it always
            // fails (so its nearest is that one), and the search has
            // reached this mechanism's RTO and the availability target, it
            // changes nothing the search keeps.
            let rto_out_of_reach = self.ignore & kind::RTO != 0
                && self.best_relaxed.is_some()
                && self
                    .ctx
                    .class
                    .slo
                    .availability
                    .is_none_or(|t| self.reach.availability >= t);
            // (What the first design's other options are kept for waits
            // until it tells what the family always fails.)
            for (usd, rto, traffic, fast) in others {
                let recovery_met = scored.assessment.mask & (kind::RTO | kind::AVAILABILITY) == 0;
                if recovery_met && usd > scored.metrics.traffic_usd {
                    break;
                }
                if rto_out_of_reach
                    && scored.assessment.mask & kind::AVAILABILITY == 0
                    && self.reach.rto_s <= rto
                    && usd > scored.metrics.traffic_usd
                {
                    continue;
                }
                if tried
                    .iter()
                    .any(|t| t.0 <= usd && t.1 <= rto && (t.0 < usd || t.1 < rto))
                {
                    continue;
                }
                tried.push((usd, rto));
                let (other, metrics) = crate::evaluate::with_traffic(
                    self.ctx,
                    &scored.cand,
                    &scored.metrics,
                    (traffic, fast),
                );
                let other = self.assessed(other, metrics);
                let better = match (other.assessment.feasible(), scored.assessment.feasible()) {
                    (true, true) => rank_feasible(&other, &scored) == Ordering::Less,
                    (true, false) => true,
                    (false, true) => false,
                    (false, false) => rank_nearest(&other, &scored) == Ordering::Less,
                };
                let other = if better {
                    std::mem::replace(&mut scored, other)
                } else {
                    other
                };
                if self.designs == 0 {
                    first_others.push(other);
                } else {
                    self.keep(other);
                }
            }
        }
        let ctx = self.ctx;
        let routes = &scored.metrics.routes;
        let over: Vec<usize> = (0..ctx.users.len())
            .filter(|p| {
                ctx.read_target_ms[*p].is_some_and(|t| routes.read_ms[*p] > t)
                    || ctx.write_target_ms[*p].is_some_and(|t| routes.write_ms[*p] > t)
            })
            .collect();
        let mask = scored.assessment.mask;
        // The first design tells (each design is measured through every
        // traffic option that fits it: counting measurements here missed
        // it once designs had more than two options).
        self.designs += 1;
        if self.designs == 1 {
            // Which mechanisms fit may depend on the regions (a set holding
            // one's control plane leaves only the others, or none), but a
            // mechanism's RTO does not: when no option meets the RTO, no
            // design does.
            let mut independent = REGION_INDEPENDENT;
            if self.recovery_by_region && self.options.iter().any(|o| o.meets_rto) {
                independent &= !kind::RTO;
            }
            self.ignore = self.certain | mask & independent;
        }
        for other in first_others {
            self.keep(other);
        }
        self.keep(scored);
        (mask & !self.ignore, over, data_usd)
    }

    fn score(&mut self, cand: Candidate) -> Scored {
        let metrics = measure(self.ctx, &cand);
        self.assessed(cand, metrics)
    }

    fn assessed(&mut self, cand: Candidate, metrics: Metrics) -> Scored {
        self.evaluated += 1;
        self.reach.add(&metrics);
        let assessment = assess(self.ctx, &cand, &metrics, None);
        if let Some(relaxed) = self.relaxed.filter(|_| self.same_when_relaxed) {
            let other = assess(relaxed, &cand, &metrics, None);
            // Bitwise: the search orders scores by `total_cmp`.
            self.same_when_relaxed = other.mask == assessment.mask
                && other.score.to_bits() == assessment.score.to_bits();
        }
        Scored {
            cand,
            metrics,
            assessment,
        }
    }

    fn keep(&mut self, s: Scored) {
        let unfixed = s.assessment.mask & !self.ignore;
        if self.ignore != 0
            && unfixed == 0
            && self
                .best_relaxed
                .as_ref()
                .is_none_or(|b| rank_feasible(&s, b) == Ordering::Less)
        {
            self.best_relaxed = Some(s.clone());
        }
        if s.assessment.feasible() {
            if self
                .best
                .as_ref()
                .is_none_or(|b| rank_feasible(&s, b) == Ordering::Less)
            {
                self.best = Some(s);
            }
            return;
        }
        let cheaper = self
            .best
            .as_ref()
            .is_none_or(|b| s.metrics.monthly_usd < b.metrics.monthly_usd);
        let usd = s.metrics.monthly_usd.usd();
        match s.assessment.mask {
            kind::READ_LATENCY => self.latency_alone[0] = self.latency_alone[0].min(usd),
            kind::WRITE_LATENCY => self.latency_alone[1] = self.latency_alone[1].min(usd),
            _ => {}
        }
        if s.assessment.mask.count_ones() == 1 && cheaper {
            let bit = s.assessment.mask;
            match self.relax.iter_mut().find(|(b, _)| *b == bit) {
                Some((_, cur)) if rank_feasible(&s, cur) == Ordering::Less => *cur = s.clone(),
                Some(_) => {}
                None => self.relax.push((bit, s.clone())),
            }
        }
        if self.best.is_none()
            && self
                .nearest
                .as_ref()
                .is_none_or(|n| rank_nearest(&s, n) == Ordering::Less)
        {
            self.nearest = Some(s);
        }
    }

    fn floor(&self, region: usize, role: Role) -> Floor {
        let probe = self.candidate(Some(region), &[region], None);
        Floor(region_floor(self.ctx, &probe, region, role))
    }

    /// Regions a design of this family may use, cheapest floor first.
    fn pool(&self, role: Role) -> Vec<(usize, Floor)> {
        let engine = &self.ctx.catalog.engines[self.family.engine];
        let mut pool: Vec<(usize, Floor)> = usable_regions(self.ctx, engine)
            .into_iter()
            .map(|r| (r, self.floor(r, role)))
            .collect();
        sort_pool(&mut pool);
        pool
    }

    /// Whether a region of `set` other than the primary serves nobody: then
    /// the set without it routes the same and costs less, and so does every
    /// superset, so the branch is dominated. (Nearest: lowest p99, ties to
    /// the lower region index, as routing does.)
    fn dominated(&self, primary: Option<usize>, set: &[usize]) -> bool {
        let net = &self.ctx.network;
        let mut used = Bits::EMPTY;
        for row in net.user_p99.iter().take(self.ctx.users.len()) {
            let mut best = usize::MAX;
            for &r in set {
                if best == usize::MAX || row[r] < row[best] || (row[r] == row[best] && r < best) {
                    best = r;
                }
            }
            used.insert(best);
        }
        set.iter()
            .any(|r| Some(*r) != primary && !used.contains(*r))
    }

    /// For each population, the pool positions (bits) of the regions that
    /// alone would serve it within its latency SLOs.
    fn within_slo(&self, pool: &[(usize, Floor)], reads_only: bool) -> Vec<Bits> {
        coverage(pool, self.ctx.users.len(), |p, r| {
            self.serves_within_slo(p, r, reads_only)
        })
    }

    /// Whether `region` would serve population `p` within its latency SLOs.
    /// Service-side SLOs do not depend on where the users are (the service
    /// runs beside its data), so every region may serve them: no pruning.
    fn serves_within_slo(&self, p: usize, region: usize, reads_only: bool) -> bool {
        if self.ctx.class.latency_at == crate::model::LatencyAt::Service {
            return true;
        }
        let engine = &self.ctx.catalog.engines[self.family.engine];
        let ms = self.ctx.network.user_p99[p][region];
        let read_ok =
            self.ctx.read_target_ms[p].is_none_or(|t| ms + engine.read_service_ms.value <= t);
        let write_ok = reads_only
            || self.ctx.write_target_ms[p].is_none_or(|t| ms + engine.write_service_ms.value <= t);
        read_ok && write_ok
    }

    /// Whether `region` could take population `p`'s writes within its write
    /// budget (a commit round trip only adds). Service-side: always.
    fn writes_within_slo(&self, p: usize, region: usize) -> bool {
        if self.ctx.class.latency_at == crate::model::LatencyAt::Service {
            return true;
        }
        let engine = &self.ctx.catalog.engines[self.family.engine];
        let ms = self.ctx.network.user_p99[p][region] + self.commit_floor[region];
        self.ctx.write_target_ms[p].is_none_or(|t| ms + engine.write_service_ms.value <= t)
    }

    /// The populations a smallest set leaves with no region within their
    /// latency SLOs, when measuring it is of no use. Such a set fails a
    /// latency SLO; once the family has a feasible design it is neither the
    /// family's best nor its nearest, only, perhaps, the cheapest design
    /// failing one latency alone (what relaxing it costs). It cannot be
    /// that when some population has no region within its read budget
    /// alone and another none within its write budget (it fails both), nor
    /// when its bound exceeds the best design and the family's cheapest
    /// design failing that latency alone so far (either latency, where
    /// which one it fails depends on the regions). (Active-active designs,
    /// where each population reads and writes at its nearest region. The
    /// family's own designs only: the class's relaxations so far differ
    /// when the frontier's search reuses other families' results.)
    fn useless_smallest(
        &self,
        grow: &Grow,
        mask: Bits,
        floor: Floor,
        regions: usize,
    ) -> Option<Vec<usize>> {
        if grow.reads_within.is_empty() || self.best.is_none() {
            return None;
        }
        let unserved = grow.unserved(mask);
        if unserved.is_empty() {
            return None;
        }
        let fails_reads = unserved.iter().any(|p| !grow.reads_within[*p].meets(&mask));
        let fails_writes = unserved
            .iter()
            .any(|p| !grow.writes_within[*p].meets(&mask));
        let [reads_alone, writes_alone] = self.latency_alone;
        let limit = match (fails_reads, fails_writes) {
            (true, true) => return Some(unserved),
            (true, false) => reads_alone,
            (false, true) => writes_alone,
            (false, false) => reads_alone.max(writes_alone),
        };
        // (A design failing one latency alone meets the RTO. Routed costs at
        // the pool's cheapest prices: the node bound assumes latency met.)
        let assume_rto = self.rto_tightens && self.ignore & kind::RTO == 0;
        let bound = self.bound(floor, regions, None, assume_rto);
        (bound > self.best_cost().min(limit) + PRUNE_MARGIN_USD).then_some(unserved)
    }

    /// Whether no design holding the regions of `set` can meet the RTO:
    /// every mechanism fast enough is ruled out by its control plane's
    /// region being in the set (and so in every superset). Only looking for
    /// feasible designs: others are of use failing the RTO.
    fn rto_out_of_reach(&self, set: &[usize]) -> bool {
        self.purpose == Purpose::FeasibleOnly
            && self.rto_tightens
            && self
                .options
                .iter()
                .filter(|o| o.meets_rto)
                .all(|o| o.ruled_out_by.is_some_and(|r| set.contains(&r)))
    }

    /// Measures one design before the exploration, so that its bounds have
    /// a design to beat from the start (in floor order, the exploration
    /// meets deep, dear sets before cheap ones that serve everyone): grown
    /// from `set` (`mask`: its pool positions), each added region the one
    /// serving the most populations still outside their latency SLOs
    /// (ties: the cheaper floor), until every population is served. None is
    /// measured when the pool cannot serve them all.
    fn seed(&mut self, grow: &mut Grow, set: &[usize], mask: Bits) {
        if self.hopeless() || self.rto_out_of_reach(set) {
            return;
        }
        let mut set = set.to_vec();
        let start = mask;
        let mut mask = mask;
        let mut unserved = grow.unserved(mask);
        let all = Bits::below(grow.pool.len());
        while !unserved.is_empty() || set.len() < grow.min {
            if set.len() >= grow.max {
                return;
            }
            let mut pick = None;
            let mut gain = 0;
            for i in (all & !mask).iter() {
                // (Not a region ruling out every mechanism fast enough.)
                set.push(grow.pool[i].0);
                let out_of_reach = self.rto_out_of_reach(&set);
                set.pop();
                if out_of_reach {
                    continue;
                }
                let g = unserved
                    .iter()
                    .filter(|p| grow.within[**p].contains(i))
                    .count();
                if pick.is_none() || g > gain {
                    pick = Some(i);
                    gain = g;
                }
            }
            let Some(i) = pick else { return };
            if gain == 0 && !unserved.is_empty() {
                return;
            }
            set.push(grow.pool[i].0);
            mask.insert(i);
            unserved.retain(|p| !grow.within[*p].contains(i));
        }
        // Regions the later ones made redundant are dropped, dearest
        // first (the pool is in floor order).
        for i in (mask & !start).iter().collect::<Vec<_>>().into_iter().rev() {
            let without = mask & !Bits::one(i);
            if set.len() > grow.min && grow.unserved(without).is_empty() {
                mask = without;
                set.retain(|r| *r != grow.pool[i].0);
            }
        }
        if !self.ctx.catalog.engines[self.family.engine].within_region_sets(set.iter().copied()) {
            return;
        }
        let cand = self.candidate(grow.primary, &set, None);
        grow.seeded = Some((mask, self.consider(cand)));
    }

    /// Explores region sets grown from `set` (`mask`: the pool positions in
    /// it), each set once. Exact rules: floors prune sets dearer than the
    /// best; a set failing something no added region can fix (outside
    /// `fixable`) ends its branch; a set with a region serving nobody is
    /// dominated; while a population misses its latency SLO, only regions
    /// that would serve it within the SLO are added (every feasible superset
    /// holds one); otherwise only regions that become some population's
    /// nearest. Returns what the set itself fails, when it was measured.
    fn explore(
        &mut self,
        grow: &mut Grow,
        set: &mut Vec<usize>,
        mask: Bits,
        floor: Floor,
    ) -> Option<u16> {
        // A set is pruned or explored once (a pruned set stays pruned: the
        // best only gets cheaper).
        let regions = set.len().max(grow.min);
        if self.hopeless()
            || !grow.visited.insert(mask)
            || self.pruned(floor, regions, None)
            || self.rto_out_of_reach(set)
            || self.writes_out_of_reach(grow, set)
            || !self.ctx.catalog.engines[self.family.engine].within_region_sets(set.iter().copied())
        {
            return None;
        }
        self.visits += 1;
        // Nothing prunes before a design to beat is found: no node bound.
        // (Where reads and writes stay at the primary, the node bound does
        // not depend on the set: it is computed once.)
        let fixed = grow.reads_at_primary();
        let node = match fixed {
            false if self.best_cost().is_finite() => Some(self.node(grow, mask)),
            _ => None,
        };
        let node = match fixed {
            true => Some(grow.fixed_node.get_or_init(|| self.node(grow, Bits::EMPTY))),
            false => node.as_ref(),
        };
        if self.pruned(floor, regions, node) {
            return None;
        }
        if self.evaluated + self.bounded / BOUNDED_PER_MEASURED + self.visits / VISITS_PER_MEASURED
            >= EVALUATION_CAP
        {
            self.complete = false;
            return None;
        }
        let users = self.ctx.users.len();
        let mut over: Vec<usize> = Vec::new();
        let mut measured = None;
        // The set's reads routed, where bounding it alone did.
        let mut read_share = None;
        if set.len() >= grow.min {
            if set.len() > grow.min && self.dominated(grow.primary, set) {
                return None;
            }
            // Beyond the smallest designs, a set leaving some population with
            // no region within its latency SLO cannot be feasible: grow it
            // without measuring it (smallest designs are measured, for the
            // nearest design and for what relaxing latency would cost).
            // (Looking for feasible designs only, the smallest too, once a
            // first design has told what the family always fails.)
            if set.len() > grow.min || self.purpose == Purpose::FeasibleOnly && self.designs > 0 {
                over = grow.unserved(mask);
            }
            if over.is_empty()
                && set.len() == grow.min
                && let Some(unserved) = self.useless_smallest(grow, mask, floor, regions)
            {
                over = unserved;
            } else if over.is_empty() {
                let seeded = grow.seeded.take_if(|(m, _)| *m == mask);
                // A set dearer on its own than the best is not measured;
                // its supersets are still grown (they may split its load).
                if seeded.is_some() || !self.alone_pruned(grow, set, (floor, node), &mut read_share)
                {
                    let (failed, violating) = match seeded {
                        Some((_, measured)) => measured,
                        None => self.consider(self.candidate(grow.primary, set, None)),
                    };
                    if failed & !grow.fixable != 0 || failed == 0 && !grow.grow_when_feasible {
                        return Some(failed);
                    }
                    over = violating;
                    measured = Some(failed);
                }
            }
        }
        if set.len() >= grow.max {
            return measured;
        }
        let all = Bits::below(grow.pool.len());
        // Every child adds at least the cheapest region not yet in the set
        // (mode by mode).
        let rest = all & !mask;
        let rest_cheapest = Cheapest::of(&grow.pool, rest);
        if rest.is_empty()
            || self.pruned(
                floor + rest_cheapest.least,
                regions.max(set.len() + 1),
                node,
            )
        {
            return measured;
        }
        let mut common = all;
        // Regions every superset of use adds at least, and their floors.
        let mut committed = (0, Floor::ZERO);
        let next = if set.len() < grow.min {
            all & !mask
        } else if !over.is_empty() {
            // Every feasible superset holds, for each population over its
            // latency SLO, a region serving it within the SLO.
            let mut needs: Vec<Bits> = over.iter().map(|p| grow.within[*p] & !mask).collect();
            if needs.iter().any(Bits::is_empty) {
                return measured;
            }
            needs.sort_by_key(Bits::len);
            // Populations whose candidate regions are pairwise disjoint need
            // one distinct region each: a bound on what the branch adds.
            let mut taken = Bits::EMPTY;
            let mut extra = Floor::ZERO;
            let mut count = 0;
            for need in &needs {
                if !need.meets(&taken) {
                    taken |= *need;
                    extra += cheapest(&grow.pool, *need);
                    count += 1;
                }
            }
            // Regions serving every population still over: a child adding
            // any other needs one more region at least.
            common = needs.iter().fold(all, |m, n| m & *n);
            if count == 1 && common.is_empty() {
                extra += cheapest(&grow.pool, taken);
                count = 2;
            }
            if self.pruned(floor + extra, regions.max(set.len() + count), node) {
                return measured;
            }
            committed = (count, extra);
            needs[0]
        } else {
            let net = &self.ctx.network;
            let mut useful = Bits::EMPTY;
            for row in net.user_p99.iter().take(users) {
                let nearest = set.iter().map(|r| row[*r]).fold(f64::INFINITY, f64::min);
                for (i, (r, _)) in grow.pool.iter().enumerate() {
                    if row[*r] < nearest {
                        useful.insert(i);
                    }
                }
            }
            useful & !mask
        };
        if self.split_pruned(
            grow,
            (set, &rest_cheapest, read_share),
            (floor, node),
            committed,
        ) {
            return measured;
        }
        // A child not serving every population still over needs one more
        // region at least.
        let mut children = Bits::EMPTY;
        for i in next.iter() {
            let f = grow.pool[i].1;
            if common.contains(i)
                || !self.pruned(
                    floor + f + rest_cheapest.without(i),
                    regions.max(set.len() + 2),
                    node,
                )
            {
                children.insert(i);
            }
        }
        for i in children.iter() {
            let (r, f) = grow.pool[i];
            set.push(r);
            let child = self.explore(grow, set, mask | Bits::one(i), floor + f);
            set.pop();
            // A failure the first smallest design shares with every sibling
            // (active-passive: whatever the primary alone decides) ends
            // the loop over siblings.
            if set.len() + 1 == grow.min
                && child.is_some_and(|m| m & grow.shared_by_siblings & self.sibling_mask() != 0)
            {
                break;
            }
        }
        measured
    }
}

/// For each of `users` populations, the positions in `pool` of the regions
/// `ok(population, region)` accepts.
fn coverage(pool: &[(usize, Floor)], users: usize, ok: impl Fn(usize, usize) -> bool) -> Vec<Bits> {
    (0..users)
        .map(|p| {
            pool.iter()
                .enumerate()
                .filter(|(_, (r, _))| ok(p, *r))
                .map(|(i, _)| i)
                .collect()
        })
        .collect()
}

/// Failures no choice of regions within a family changes: the engine's
/// replication lag or backup interval, its semantics, its capacity, and its
/// recovery steps (every traffic mechanism is tried on each design; the RTO
/// counts only while no mechanism's fit depends on the regions).
const REGION_INDEPENDENT: u16 =
    kind::RPO | kind::RTO | kind::CONSISTENCY | kind::CONFLICTS | kind::CAPACITY;

/// The populations' shares (as given: routing sums them unnormalised).
#[derive(Debug, Clone, Copy)]
struct Shares {
    total: f64,
    largest: f64,
    unit: Option<ShareUnit>,
}

impl Shares {
    fn of(ctx: &ClassCtx) -> Shares {
        let shares = || ctx.users.iter().map(|u| u.share);
        Shares {
            total: shares().sum(),
            largest: shares().fold(0.0, f64::max),
            unit: ShareUnit::of(shares()),
        }
    }
}

/// A share every population's is a whole multiple of, when there is one
/// not too small to matter: the sum of the shares a region serves is then
/// a multiple of it too.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ShareUnit(f64);

impl ShareUnit {
    /// Relative tolerance on a share's being a multiple of the unit.
    const TOLERANCE: f64 = 1e-9;

    /// The greatest common divisor of the positive `shares`, to within
    /// [`Self::TOLERANCE`] of the largest; None when it is below a
    /// thousandth of the largest (no bound gains from it) or a share is not
    /// finite.
    fn of(shares: impl Iterator<Item = f64>) -> Option<ShareUnit> {
        let shares: Vec<f64> = shares.filter(|s| *s > 0.0).collect();
        let largest = shares.iter().copied().fold(0.0, f64::max);
        if !largest.is_finite() || largest <= 0.0 {
            return None;
        }
        let eps = largest * Self::TOLERANCE;
        let gcd = |mut a: f64, mut b: f64| {
            while b > eps {
                (a, b) = (b, a % b);
                // (A remainder within eps of b is b's multiple too.)
                if a - b <= eps {
                    b = 0.0;
                }
            }
            a
        };
        let unit = shares.iter().copied().fold(0.0, gcd);
        (unit >= largest / 1000.0).then_some(ShareUnit(unit))
    }

    /// The least multiple of the unit at or above `share` (a share a hair
    /// over a multiple, by rounding, is that multiple).
    fn round_up(self, share: f64) -> f64 {
        (share / self.0 - Self::TOLERANCE * 1000.0).ceil().max(0.0) * self.0
    }
}

/// Hashes the region-set bitmasks of the visited set: they are already
/// well spread, so a multiply-fold is enough (SipHash was a fifth of the
/// search's time).
#[derive(Default)]
struct SetHasher(u64);

impl std::hash::Hasher for SetHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Slack on pruning bounds for the rounding of each cost line to cents.
const PRUNE_MARGIN_USD: f64 = 0.5;

/// Most work per family, in designs measured; past it the family's result
/// is marked incomplete in the plan rather than left to run for minutes.
/// Sets bounded alone and sets explored count too, at what each costs
/// beside a measured design ([`BOUNDED_PER_MEASURED`],
/// [`VISITS_PER_MEASURED`]): where sets tie within every bound, the search
/// explores millions it never measures.
pub const EVALUATION_CAP: usize = 200_000;

/// Sets bounded alone (routed, not measured) that cost one measured design.
const BOUNDED_PER_MEASURED: usize = 4;

/// Sets explored (node bound, children) that cost one measured design.
const VISITS_PER_MEASURED: usize = 8;

/// The fixed parts of one region-set exploration.
struct Grow {
    primary: Option<usize>,
    pool: Vec<(usize, Floor)>,
    min: usize,
    max: usize,
    /// Failures that adding regions can fix.
    fixable: u16,
    /// Keep growing after a feasible set (added regions may cost less to
    /// serve from); false when added regions can change nothing.
    grow_when_feasible: bool,
    /// Per population: pool positions (bits) of the regions that alone
    /// would serve it within its latency SLOs (reads only, for
    /// active-passive replicas).
    within: Vec<Bits>,
    /// Populations (bits) the fixed part of the set (the primary) already
    /// serves within their latency SLOs.
    base_served: Bits,
    /// Failures of a smallest design that every design sharing its first
    /// regions has too (for active-passive: all but read latency, which
    /// replicas change, and write latency with synchronous replication,
    /// which waits for the standby).
    shared_by_siblings: u16,
    /// Replicas serve reads (active-passive; active-active designs have
    /// no primary and every region serves).
    replica_reads: bool,
    /// The node bound when it does not depend on the set (reads and writes
    /// at the primary), computed at the first node.
    fixed_node: std::cell::OnceCell<bound::NodeFloor>,
    /// Each population's order of the pool, for the node bounds, shared by
    /// the explorations of a family (built at the first node bound).
    nearness: std::rc::Rc<SharedNearness>,
    /// The primary's position in the shared pool (then every later
    /// position of `pool` is one more there).
    primary_at: Option<usize>,
    /// The set [`FamilySearch::seed`] measured (pool positions) and what it
    /// failed, until the exploration meets it.
    seeded: Option<(Bits, (u16, Vec<usize>))>,
    /// Per population, the pool positions of the regions within its read
    /// budget alone, and within its write budget alone (active-active
    /// designs; empty for others).
    reads_within: Vec<Bits>,
    writes_within: Vec<Bits>,
    /// Sets seen, as pool-position masks.
    visited: std::collections::HashSet<Bits, std::hash::BuildHasherDefault<SetHasher>>,
}

/// A family's pool with each population's nearness order, built when a
/// first node bound needs it.
struct SharedNearness {
    pool: Vec<usize>,
    /// Per population: pool positions within its latency SLOs.
    within: Vec<Bits>,
    cell: std::cell::OnceCell<bound::Nearness>,
}

impl SharedNearness {
    fn new(pool: &[(usize, Floor)], within: Vec<Bits>) -> std::rc::Rc<SharedNearness> {
        std::rc::Rc::new(SharedNearness {
            pool: pool.iter().map(|(r, _)| *r).collect(),
            within,
            cell: Default::default(),
        })
    }
}

impl Grow {
    /// Reads and writes stay at the primary (no replica serves reads):
    /// what the set holds besides does not change where anyone is served.
    fn reads_at_primary(&self) -> bool {
        self.primary.is_some() && !self.replica_reads
    }

    /// The populations the set of pool positions `mask` (with the fixed
    /// part, the primary) leaves with no region within their latency SLOs.
    fn unserved(&self, mask: Bits) -> Vec<usize> {
        (0..self.within.len())
            .filter(|p| !self.base_served.contains(*p) && !self.within[*p].meets(&mask))
            .collect()
    }
}

/// Searches one family. With `relaxed`, also says whether every candidate
/// measured is assessed the same under it (then searching `relaxed` would
/// give the same result).
pub fn search_family<'c, 'a>(
    ctx: &'c ClassCtx<'a>,
    family: Family,
    relax: &'c mut Vec<(u16, Scored)>,
    relaxed: Option<&'c ClassCtx<'a>>,
) -> (FamilyResult, bool) {
    search_family_for(ctx, family, relax, relaxed, Purpose::Everything)
}

/// The cheapest feasible design of one family, searched for feasible
/// designs only, as the joint relaxation's searches do ([`joint`]): the
/// same as [`search_family`]'s best, found with fewer designs measured.
pub fn search_family_feasible(ctx: &ClassCtx, family: Family) -> Option<Scored> {
    search_family_for(ctx, family, &mut Vec::new(), None, Purpose::FeasibleOnly)
        .0
        .best
}

/// What a family's search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// The cheapest feasible design, the family's nearest, and the
    /// one-SLO relaxations.
    Everything,
    /// The cheapest feasible design only: the search stops once the family
    /// is known to fail something every design of it fails.
    FeasibleOnly,
    /// Every design of a fixed-size family, unpruned: its nearest by
    /// [`rank_nearest`], exactly (for families of few designs; see
    /// [`fixed_size_designs`]).
    Exhaustive,
}

/// How many designs a fixed-size (active-active sync or quorum) family has: per Region
/// set, its k-sets of allowed regions, times a leader each (quorum) or a
/// witness outside them (engines with one). None for other families.
pub(super) fn fixed_size_designs(ctx: &ClassCtx, family: Family) -> Option<f64> {
    // (A synchronous hot standby is not: its read replicas grow.)
    if family.topology != Topology::ActiveActive
        || !matches!(family.replication, Replication::Sync | Replication::Quorum)
    {
        return None;
    }
    let engine = &ctx.catalog.engines[family.engine];
    if !engine.configurations.is_empty() {
        let designs = |c: &crate::catalog::Configuration| {
            (c.read_write.len() * read_only_options(ctx, engine, c).len()) as f64
        };
        return Some(
            usable_configurations(ctx, engine)
                .map(|(_, c)| designs(c))
                .sum(),
        );
    }
    let pool = usable_regions(ctx, engine);
    let k = engine.sync_regions as f64;
    let sizes: Vec<usize> = region_groups(engine, &pool, |r| *r)
        .iter()
        .map(Vec::len)
        .collect();
    let choose =
        |n: f64| (0..engine.sync_regions).fold(1.0, |c, i| c * (n - i as f64) / (i as f64 + 1.0));
    Some(
        sizes
            .iter()
            .map(|&n| {
                let n = n as f64;
                let sets = if n < k { 0.0 } else { choose(n) };
                let leaders = if family.replication == Replication::Quorum {
                    k
                } else {
                    1.0
                };
                let witnesses = if engine.witness {
                    (n - k).max(0.0)
                } else {
                    1.0
                };
                sets * leaders * witnesses
            })
            .sum(),
    )
}

/// The regions `engine` is offered in that the class allows, in catalog
/// order.
pub(super) fn usable_regions(ctx: &ClassCtx, engine: &crate::catalog::Engine) -> Vec<usize> {
    (0..ctx.catalog.regions.len())
        .filter(|r| engine.offered_in(*r) && ctx.class.allowed[*r])
        .collect()
}

/// `pool` split by the engine's Region sets, which a multi-Region design
/// must stay within (the whole pool when it has none); `region` reads an
/// item's region.
fn region_groups<T: Copy>(
    engine: &crate::catalog::Engine,
    pool: &[T],
    region: impl Fn(&T) -> usize,
) -> Vec<Vec<T>> {
    if engine.region_sets.is_empty() {
        return vec![pool.to_vec()];
    }
    engine
        .region_sets
        .iter()
        .map(|set| {
            pool.iter()
                .copied()
                .filter(|x| set.contains(&region(x)))
                .collect()
        })
        .collect()
}

fn search_family_for<'c, 'a>(
    ctx: &'c ClassCtx<'a>,
    family: Family,
    relax: &'c mut Vec<(u16, Scored)>,
    relaxed: Option<&'c ClassCtx<'a>>,
    purpose: Purpose,
) -> (FamilyResult, bool) {
    let engine = &ctx.catalog.engines[family.engine];
    let pins = &ctx.class.pins;
    let instance = pins.instance.as_ref().and_then(|name| {
        engine
            .pricing
            .instances()
            .iter()
            .position(|c| &c.name == name)
    });
    let mut s = FamilySearch {
        ctx,
        family,
        best: None,
        nearest: None,
        evaluated: 0,
        bounded: 0,
        shares: Shares::of(ctx),
        visits: 0,
        designs: 0,
        relax,
        instance,
        complete: true,
        ignore: 0,
        recovery_by_region: crate::evaluate::traffic::fit_depends_on_regions(ctx, family.topology),
        best_relaxed: None,
        certain: 0,
        purpose,
        commit_floor: Vec::new(),
        latency_alone: [f64::INFINITY; 2],
        prices: PriceFloor {
            index: 0.0,
            transfer_per_gb: 0.0,
        },
        routed: bound::RoutedFloor::new(
            &engine.pricing,
            &ctx.workload,
            ctx.commitment,
            (
                family.topology,
                family.standby != Some(Standby::BackupRestore),
            ),
            (engine.max_regions.max(2), largest_share(ctx)),
            || ctx.catalog.least_index(engine.cloud),
        ),
        region_prices: bound::RegionPrices {
            index: Vec::new(),
            transfer_from: Vec::new(),
        },
        options: Vec::new(),
        premium: Vec::new(),
        rto_tightens: false,
        relaxed,
        same_when_relaxed: true,
        reach: Reach::default(),
    };
    // Each region's floor is a costing: the pool of primaries is priced once.
    let primaries_pool = s.pool(Role::Primary);
    let everywhere: Vec<usize> = primaries_pool.iter().map(|(r, _)| *r).collect();
    s.commit_floor = commit_floors(ctx, family, &everywhere);
    // Where only feasible designs are of use, a family every design of
    // which fails a latency SLO is not searched. (Otherwise it is: its
    // cheapest design failing only that is what relaxing it costs, and
    // the first designs measured tell.)
    if purpose == Purpose::FeasibleOnly {
        s.certain = certain_failures(&s, &everywhere);
        s.ignore = s.certain;
    }
    s.prices = PriceFloor::of(ctx.catalog, &everywhere);
    s.region_prices = bound::RegionPrices::new(
        ctx.catalog,
        &everywhere,
        ctx.catalog.engines[family.engine].cloud,
    );
    s.options = bound::option_floors(ctx, &s.candidate(None, &[], None));
    s.rto_tightens =
        s.options.iter().any(|o| o.meets_rto) && s.options.iter().any(|o| !o.meets_rto);
    // Any region of the engine's cloud may serve anyone (a pinned one
    // outside the pool too): the same least prices for every population,
    // found once.
    let cloud = ctx.catalog.engines[family.engine].cloud;
    let mut anywhere = bound::Served::new(bound::premium_slots(&s.options));
    for r in (0..ctx.catalog.regions.len()).filter(|r| ctx.catalog.regions[*r].cloud == cloud) {
        anywhere.add(r, &s.region_prices, &s.options);
    }
    s.premium = bound::node_floor(ctx, &s.options, &mut |_, reads, writes| {
        reads.clone_from(&anywhere);
        writes.clone_from(&anywhere);
    })
    .premium;
    // The relaxed class (no RTO target) would bound designs without it and
    // walk another path: its search cannot reuse this one.
    s.same_when_relaxed = !s.rto_tightens;
    // A fully pinned set of regions is evaluated as given.
    let pinned_set: Option<Vec<usize>> = match (pins.primary, &pins.replicas) {
        (Some(p), Some(rs)) => Some(std::iter::once(p).chain(rs.iter().copied()).collect()),
        (None, Some(rs)) if family.topology == Topology::ActiveActive => Some(rs.clone()),
        _ => None,
    };
    match family.topology {
        Topology::SingleRegion => {
            let primaries: Vec<usize> = match pins.primary {
                Some(p) => vec![p],
                None => everywhere.clone(),
            };
            // Pinned read-only replicas rule the plain design out.
            let plain = pins.replicas.as_ref().is_none_or(|rs| rs.is_empty());
            for p in primaries {
                if s.hopeless() {
                    break;
                }
                if plain {
                    let cand = s.candidate(Some(p), &[p], None);
                    s.consider(cand);
                }
                search_regional_read_only(&mut s, p);
            }
        }
        Topology::ActivePassive => {
            let tier = family
                .standby
                .expect("active-passive families carry a tier");
            let role = Role::of_standby(tier);
            if let Some(set) = pinned_set {
                let cand = s.candidate(Some(set[0]), &set, None);
                s.consider(cand);
            } else if let Some(replicas) = &pins.replicas {
                for &(p, _) in &primaries_pool {
                    if !replicas.contains(&p) && !s.hopeless() {
                        let set: Vec<usize> =
                            std::iter::once(p).chain(replicas.iter().copied()).collect();
                        let cand = s.candidate(Some(p), &set, None);
                        s.consider(cand);
                    }
                }
            } else {
                let primaries: Vec<(usize, Floor)> = match pins.primary {
                    Some(p) => vec![(p, s.floor(p, Role::Primary))],
                    None => primaries_pool.clone(),
                };
                let pool = s.pool(role);
                let probe = s.candidate(Some(0), &[0, 1], None);
                let reads_useful = role == Role::Hot
                    && crate::evaluate::latency::replicas_serve_reads(ctx, &probe);
                let max = if reads_useful {
                    engine.max_regions.max(2)
                } else {
                    2
                };
                // Per population, the pool positions within its read budget,
                // once: each primary's pool is this one without it.
                let within = s.within_slo(&pool, true);
                let nearness = SharedNearness::new(&pool, within.clone());
                for (p, pf) in primaries {
                    if s.hopeless() {
                        break;
                    }
                    // A primary whose every design costs more than the best
                    // so far (with the cheapest standby at the pool's
                    // cheapest routed prices) is not explored: its
                    // exploration would measure nothing.
                    let primary_at = pool.iter().position(|(r, _)| *r == p);
                    let standbys = match primary_at {
                        Some(i) => Bits::below(pool.len()) & !Bits::one(i),
                        None => Bits::below(pool.len()),
                    };
                    if s.pruned(pf + cheapest(&pool, standbys), 2, None) {
                        continue;
                    }
                    let others: Vec<(usize, Floor)> =
                        pool.iter().copied().filter(|(r, _)| *r != p).collect();
                    let within = match primary_at {
                        Some(i) => within.iter().map(|w| w.collapse(i)).collect(),
                        None => within.clone(),
                    };
                    let base_served = (0..ctx.users.len())
                        .filter(|u| s.serves_within_slo(*u, p, true))
                        .collect();
                    let mut grow = Grow {
                        primary: Some(p),
                        within,
                        pool: others,
                        min: 2,
                        max,
                        fixable: if reads_useful { kind::READ_LATENCY } else { 0 },
                        replica_reads: reads_useful,
                        grow_when_feasible: reads_useful,
                        base_served,
                        // With service-side latency SLOs a hot standby nearer
                        // the users hosts their service tier, so which
                        // standby is added changes read and write latency.
                        shared_by_siblings: (if role == Role::Hot
                            && ctx.class.latency_at == crate::model::LatencyAt::Service
                        {
                            !(kind::READ_LATENCY | kind::WRITE_LATENCY)
                        } else if reads_useful {
                            !kind::READ_LATENCY
                        } else {
                            u16::MAX
                        }) & if family.replication == Replication::Sync {
                            // A write commits in every region: which
                            // standby it waits for sets its latency.
                            !kind::WRITE_LATENCY
                        } else {
                            u16::MAX
                        },
                        fixed_node: Default::default(),
                        nearness: nearness.clone(),
                        primary_at,
                        seeded: None,
                        reads_within: Vec::new(),
                        writes_within: Vec::new(),
                        visited: Default::default(),
                    };
                    let mut set = vec![p];
                    // (Once per family: the design to beat carries over.)
                    if s.designs == 0 {
                        s.seed(&mut grow, &set, Bits::EMPTY);
                    }
                    s.explore(&mut grow, &mut set, Bits::EMPTY, pf);
                }
            }
        }
        Topology::ActiveActive => match family.replication {
            Replication::Async => {
                if let Some(set) = pinned_set {
                    let cand = s.candidate(None, &set, None);
                    s.consider(cand);
                } else {
                    let mut pool = s.pool(Role::Active);
                    // A pinned region outside the allowed ones is still
                    // evaluated as given (its violation reported).
                    if let Some(p) = pins.primary.filter(|p| !pool.iter().any(|(r, _)| r == p)) {
                        pool.push((p, s.floor(p, Role::Active)));
                        sort_pool(&mut pool);
                    }
                    let (mut set, mask, floor) = match pins
                        .primary
                        .and_then(|p| pool.iter().position(|(r, _)| *r == p))
                    {
                        Some(i) => (vec![pool[i].0], Bits::one(i), pool[i].1),
                        None => (Vec::new(), Bits::EMPTY, Floor::ZERO),
                    };
                    let within = s.within_slo(&pool, false);
                    let mut grow = Grow {
                        primary: None,
                        nearness: SharedNearness::new(&pool, within.clone()),
                        primary_at: None,
                        within,
                        reads_within: s.within_slo(&pool, true),
                        writes_within: coverage(&pool, ctx.users.len(), |p, r| {
                            s.writes_within_slo(p, r)
                        }),
                        pool,
                        min: 2,
                        max: engine.max_regions.max(2),
                        fixable: kind::READ_LATENCY | kind::WRITE_LATENCY | kind::AVAILABILITY,
                        replica_reads: true,
                        grow_when_feasible: true,
                        base_served: Bits::EMPTY,
                        shared_by_siblings: 0,
                        fixed_node: Default::default(),
                        seeded: None,
                        visited: Default::default(),
                    };
                    s.seed(&mut grow, &set, mask);
                    s.explore(&mut grow, &mut set, mask, floor);
                }
            }
            Replication::Sync | Replication::Quorum => search_fixed_size(&mut s, pinned_set),
            Replication::None => {}
        },
    }
    // In a family that cannot be feasible, the nearest design to report is
    // the cheapest failing only what the family always fails.
    let nearest = if s.best.is_none() && purpose != Purpose::Exhaustive {
        s.best_relaxed.or(s.nearest)
    } else {
        s.nearest
    };
    let same_when_relaxed = relaxed.is_some() && s.same_when_relaxed;
    (
        FamilyResult {
            family,
            best: s.best,
            nearest,
            evaluated: s.evaluated,
            complete: s.complete,
            reach: s.reach,
            always_fails: s.ignore,
        },
        same_when_relaxed,
    )
}

/// The largest population's share of the requests (shares normalised as
/// routing normalises them): some region serves at least that much.
fn largest_share(ctx: &ClassCtx) -> f64 {
    let total: f64 = ctx.users.iter().map(|u| u.share).sum();
    let largest = ctx.users.iter().map(|u| u.share).fold(0.0, f64::max);
    if total > 0.0 { largest / total } else { 0.0 }
}

/// Per region, the least commit round trip a write taken there pays in
/// the family's designs: for synchronous peers, the nearest other region
/// the engine is offered in (a peer or witness); for a quorum of `k`
/// voter regions (a witness's included) led from there, the (k / 2)-th
/// nearest; else 0. Computed for the
/// regions of `pool` (the others, which no searched design writes to,
/// keep 0).
fn commit_floors(ctx: &ClassCtx, family: Family, pool: &[usize]) -> Vec<f64> {
    let engine = &ctx.catalog.engines[family.engine];
    let regions = ctx.catalog.regions.len();
    let mut out = vec![0.0; regions];
    let need = match family.replication {
        Replication::Sync => 1,
        Replication::Quorum => ((engine.sync_regions + usize::from(engine.witness)) / 2).max(1),
        Replication::None | Replication::Async => return out,
    };
    for &r in pool {
        let mut rtts: Vec<f64> = (0..regions)
            .filter(|o| *o != r && engine.may_hold(*o))
            .map(|o| ctx.network.region_p99[r][o])
            .collect();
        rtts.sort_by(f64::total_cmp);
        out[r] = rtts.get(need - 1).copied().unwrap_or(0.0);
    }
    out
}

/// The latency SLOs every design of the family fails: where one region
/// serves every population's reads (no replica reads) or takes every write
/// (one writer), and no region of `pool` is within every population's
/// budget for them. (End-user budgets only: service-side ones are met
/// beside the data.)
fn certain_failures(s: &FamilySearch, pool: &[usize]) -> u16 {
    let ctx = s.ctx;
    if ctx.class.latency_at == crate::model::LatencyAt::Service || pool.is_empty() {
        return 0;
    }
    let (one_reader, one_writer) = one_reader_writer(s, pool);
    let users = ctx.users.len();
    let mut out = 0;
    if one_reader
        && !pool
            .iter()
            .any(|r| (0..users).all(|p| s.serves_within_slo(p, *r, true)))
    {
        out |= kind::READ_LATENCY;
    }
    if one_writer
        && !pool
            .iter()
            .any(|r| (0..users).all(|p| s.writes_within_slo(p, *r)))
    {
        out |= kind::WRITE_LATENCY;
    }
    out
}

/// Whether one region serves every read of the family's designs (no
/// replica reads), and whether one takes every write (one writer).
fn one_reader_writer(s: &FamilySearch, pool: &[usize]) -> (bool, bool) {
    let probe = s.candidate(pool.first().copied(), &pool[..pool.len().min(2)], None);
    let one_reader = if s.family.topology == Topology::SingleRegion {
        // (Unless a regional configuration's read-only replicas serve some.)
        let engine = &s.ctx.catalog.engines[s.family.engine];
        !(engine.configurations.iter().any(|c| c.regional)
            && crate::evaluate::latency::stale_reads_allowed(s.ctx.class.consistency))
    } else {
        !crate::evaluate::latency::replicas_serve_reads(s.ctx, &probe)
    };
    let one_writer =
        s.family.topology != Topology::ActiveActive || s.family.replication == Replication::Quorum;
    (one_reader, one_writer)
}

/// The usable published multi-region configurations of an engine that
/// has them, with their index: every region (the witness and read-only
/// replicas too) allowed (a configuration's regions are the engine's by its
/// publication, whatever regions it is offered in alone). Regional ones
/// are single-region designs' (see [`search_regional_read_only`]).
fn usable_configurations<'e>(
    ctx: &ClassCtx,
    engine: &'e crate::catalog::Engine,
) -> impl Iterator<Item = (usize, &'e crate::catalog::Configuration)> {
    let allowed = &ctx.class.allowed;
    engine
        .configurations
        .iter()
        .enumerate()
        .filter(move |(_, c)| {
            !c.regional
                && c.read_write
                    .iter()
                    .copied()
                    .chain(c.witness)
                    .chain(c.own_read_only())
                    .all(|r| allowed[r])
        })
}

/// The read-only replica sets a design on configuration `c` may hold: its
/// own, plus each set of the allowed optional regions in which every
/// region added brings some population's reads within its target that
/// the others leave over it. Without such a region the design fails the
/// same SLOs and costs less: read-only replicas neither vote nor take
/// writes, so they change only where reads are served (and what that
/// region bills; the traffic mechanisms that reach Spanner charge one rate
/// per GB wherever it is served). Where the class's reads cannot be served
/// by a replica (strong reads go to the leader; configurations are quorum
/// designs), or have no target, none is added.
fn read_only_options(
    ctx: &ClassCtx,
    engine: &crate::catalog::Engine,
    c: &crate::catalog::Configuration,
) -> Vec<Vec<usize>> {
    let own: Vec<usize> = c.own_read_only().collect();
    if !crate::evaluate::latency::stale_reads_allowed(ctx.class.consistency) {
        return vec![own];
    }
    let service = engine.read_service_ms.value;
    // A population's read p99 when served by `r` (service-side: from the
    // application tier in `r` itself, every full region being readable).
    let read_ms = |p: usize, r: usize| match ctx.class.latency_at {
        crate::model::LatencyAt::User => ctx.network.user_p99[p][r] + service,
        crate::model::LatencyAt::Service => ctx.network.region_p99[r][r] + service,
    };
    let base: Vec<usize> = c.read_write.iter().chain(&own).copied().collect();
    let over = |p: usize, regions: &[usize]| {
        ctx.read_target_ms[p].is_some_and(|t| regions.iter().all(|r| read_ms(p, *r) > t))
    };
    let fixes = |p: usize, r: usize| ctx.read_target_ms[p].is_some_and(|t| read_ms(p, r) <= t);
    let users = ctx.users.len();
    // Regions bringing some population over target in the base within it.
    let helpful: Vec<usize> = c
        .optional_read_only
        .iter()
        .copied()
        .filter(|r| ctx.class.allowed[*r])
        .filter(|r| (0..users).any(|p| fixes(p, *r) && over(p, &base)))
        .collect();
    let mut out = Vec::new();
    for bits in 0u32..1 << helpful.len() {
        if bits.count_ones() as usize > users {
            continue;
        }
        let added: Vec<usize> = (0..helpful.len())
            .filter(|i| bits >> i & 1 == 1)
            .map(|i| helpful[i])
            .collect();
        let needed = |r: usize| {
            let others: Vec<usize> = base
                .iter()
                .chain(&added)
                .copied()
                .filter(|o| *o != r)
                .collect();
            (0..users).any(|p| fixes(p, r) && over(p, &others))
        };
        if added.iter().all(|r| needed(*r)) {
            let mut set: Vec<usize> = own.iter().chain(&added).copied().collect();
            set.sort_unstable();
            out.push(set);
        }
    }
    // Fewest added first: a set's bound needs its regions alone measured.
    out.sort_by_key(Vec::len);
    out
}

/// A single-region design on `primary` with read-only replicas added: a
/// custom configuration on the regional configuration led there (Spanner,
/// Enterprise edition), with each set [`read_only_options`] keeps, or the
/// set the pins name. Each is measured: a handful, and the edition's rate
/// moves every replica's bill, so no set bounds another.
fn search_regional_read_only(s: &mut FamilySearch, primary: usize) {
    let ctx = s.ctx;
    let engine = &ctx.catalog.engines[s.family.engine];
    for (index, c) in engine.configurations.iter().enumerate() {
        if !c.regional || c.leader != primary {
            continue;
        }
        let sets = match &ctx.class.pins.replicas {
            Some(pinned) => {
                let mut set: Vec<usize> =
                    pinned.iter().copied().filter(|r| *r != primary).collect();
                set.sort_unstable();
                set.dedup();
                vec![set]
            }
            None => read_only_options(ctx, engine, c),
        };
        for read_only in sets {
            if read_only.is_empty() || !c.admits_read_only(&read_only) {
                continue;
            }
            if s.hopeless() {
                return;
            }
            let regions: Vec<usize> = std::iter::once(primary)
                .chain(read_only.iter().copied())
                .collect();
            let mut cand = s.candidate(Some(primary), &regions, None);
            cand.read_only = read_only;
            cand.configuration = Some(index);
            s.consider(cand);
        }
    }
}

/// An engine whose multi-region designs are published configurations
/// (Spanner): each usable one, with its read-only replica options, led
/// from its default leader or another of its read-write regions (the
/// default leader may be moved among them), as the pins allow. A handful
/// of designs: each is measured, none bounded.
fn search_configurations(s: &mut FamilySearch, pinned: Option<Vec<usize>>) {
    let ctx = s.ctx;
    let engine = &ctx.catalog.engines[s.family.engine];
    let pins = &ctx.class.pins;
    let pinned = pinned.map(|mut set| {
        set.sort_unstable();
        set.dedup();
        set
    });
    for (index, c) in usable_configurations(ctx, engine) {
        if pins.witness.is_some_and(|w| Some(w) != c.witness) {
            continue;
        }
        // Pinned regions name the read-only replicas themselves.
        let sets = match &pinned {
            Some(set) => vec![
                set.iter()
                    .copied()
                    .filter(|r| !c.read_write.contains(r))
                    .collect(),
            ],
            None => read_only_options(ctx, engine, c),
        };
        let options: Vec<(Vec<usize>, Vec<usize>)> = sets
            .into_iter()
            .filter(|read_only| c.admits_read_only(read_only))
            .map(|read_only| {
                let mut regions: Vec<usize> =
                    c.read_write.iter().chain(&read_only).copied().collect();
                regions.sort_unstable();
                (read_only, regions)
            })
            .filter(|(_, regions)| pinned.as_ref().is_none_or(|set| set == regions))
            .collect();
        // Sets adding two or more regions are bounded by the bills of the
        // design adding none and of each adding one alone.
        let bounded = options
            .iter()
            .any(|(read_only, _)| c.added_read_only(read_only).nth(1).is_some());
        let leaders = std::iter::once(c.leader)
            .chain(c.read_write.iter().copied().filter(|r| *r != c.leader))
            .filter(|l| pins.primary.is_none_or(|p| p == *l));
        for leader in leaders {
            // The data tier's bill without added read-only replicas, and
            // what adding each alone adds: a set's bill is at least the sum
            // (each read-only replica bills its own compute, storage and
            // replication; the traffic's share only adds).
            let mut base: Option<f64> = None;
            let mut adds: Vec<(usize, f64)> = Vec::new();
            for (read_only, regions) in &options {
                if s.hopeless() {
                    return;
                }
                let added: Vec<usize> = c.added_read_only(read_only).collect();
                if added.len() > 1
                    && let Some(base) = base
                {
                    let floor = added.iter().fold(base, |sum, r| {
                        sum + adds
                            .iter()
                            .find(|(a, _)| a == r)
                            .map_or(0.0, |(_, usd)| *usd)
                    });
                    if s.pruned_by(|_| floor) {
                        continue;
                    }
                }
                let mut cand = s.candidate(Some(leader), regions, c.witness);
                cand.read_only.clone_from(read_only);
                cand.configuration = Some(index);
                let (_, _, data) = s.consider_billed(cand);
                if bounded {
                    match (added.first(), added.len(), base) {
                        (None, _, _) => base = Some(data),
                        (Some(r), 1, Some(b)) => adds.push((*r, (data - b).max(0.0))),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// Sync (peers, plus a witness where the engine has one) and quorum
/// (voters, one of them the leader) designs have a fixed number of regions
/// within one of the engine's region sets.
fn search_fixed_size(s: &mut FamilySearch, pinned: Option<Vec<usize>>) {
    let engine = &s.ctx.catalog.engines[s.family.engine];
    if !engine.configurations.is_empty() {
        search_configurations(s, pinned);
        return;
    }
    let k = engine.sync_regions;
    let quorum = s.family.replication == Replication::Quorum;
    let pool = s.pool(Role::Active);
    let sets = region_groups(engine, &pool, |(r, _)| *r);
    let pinned_primary = s.ctx.class.pins.primary;
    let pinned_witness = s.ctx.class.pins.witness;
    if let Some(regions) = pinned {
        // Every leader and witness the search could pick for these regions
        // (the pins fix them where given).
        let witnesses: Vec<Option<usize>> = match (engine.witness, pinned_witness) {
            (false, _) => vec![None],
            (true, Some(w)) => vec![Some(w)],
            (true, None) => (0..s.ctx.catalog.regions.len())
                .filter(|w| !regions.contains(w) && within_one_set(engine, &regions, *w))
                .map(Some)
                .collect(),
        };
        let leaders: Vec<Option<usize>> = match (quorum, pinned_primary) {
            (false, _) => vec![None],
            (true, Some(p)) => vec![Some(p)],
            (true, None) => regions.iter().copied().map(Some).collect(),
        };
        for w in &witnesses {
            for l in &leaders {
                let cand = s.candidate(*l, &regions, *w);
                s.consider(cand);
            }
        }
        return;
    }
    let (one_reader, one_writer) =
        one_reader_writer(s, &pool.iter().map(|(r, _)| *r).collect::<Vec<_>>());
    for group in sets {
        let mut chosen = Vec::new();
        // Per population, the group's regions that could serve its reads,
        // and take its writes, within its budgets: every design meeting
        // them holds one of each; where one region takes every write (the
        // quorum's leader) or serves every read, one region within every
        // population's budget.
        let users = s.ctx.users.len();
        let mut needs: Vec<(u16, Bits)> = Vec::new();
        for (bit, ok, one) in [
            (
                kind::READ_LATENCY,
                &(|p, r| s.serves_within_slo(p, r, true)) as &dyn Fn(usize, usize) -> bool,
                one_reader,
            ),
            (
                kind::WRITE_LATENCY,
                &|p, r| s.writes_within_slo(p, r),
                one_writer,
            ),
        ] {
            let each = coverage(&group, users, ok);
            if one {
                let all = each.iter().fold(Bits::below(group.len()), |m, b| m & *b);
                needs.push((bit, all));
            }
            needs.extend(each.into_iter().map(|b| (bit, b)));
        }
        let mut walk = Combinations {
            pool: &group,
            k,
            needs: &needs,
        };
        walk.run(
            s,
            0,
            Floor::ZERO,
            Bits::EMPTY,
            &mut chosen,
            &mut |s, regions, floor, failing| {
                if pinned_primary.is_some_and(|p| !regions.contains(&p)) {
                    return;
                }
                let witnesses: Vec<Option<usize>> = match (engine.witness, pinned_witness) {
                    (false, _) => vec![None],
                    (true, Some(w))
                        if regions.contains(&w) || !within_one_set(engine, regions, w) =>
                    {
                        return;
                    }
                    (true, Some(w)) => vec![Some(w)],
                    (true, None) => group
                        .iter()
                        .map(|(r, _)| *r)
                        .filter(|r| !regions.contains(r))
                        .map(Some)
                        .collect(),
                };
                let leaders: Vec<Option<usize>> = if quorum {
                    regions
                        .iter()
                        .copied()
                        .filter(|r| pinned_primary.is_none_or(|p| p == *r))
                        .map(Some)
                        .collect()
                } else {
                    vec![None]
                };
                for w in &witnesses {
                    for l in &leaders {
                        let cand = s.candidate(*l, regions, *w);
                        if !s.routed_pruned(&cand, floor, failing) {
                            s.consider(cand);
                        }
                    }
                }
            },
        );
    }
}

/// Whether `regions` and the witness `w` lie within one of the engine's
/// Region sets (any set when it has none), where it is offered.
fn within_one_set(engine: &crate::catalog::Engine, regions: &[usize], w: usize) -> bool {
    engine.offered_in(w) && engine.within_region_sets(regions.iter().copied().chain([w]))
}

/// What [`Combinations::run`] does with each set: its regions, their
/// floors' sum, and the latency kinds it fails.
type Visit<'v> = dyn FnMut(&mut FamilySearch, &[usize], Floor, u16) + 'v;

/// The fixed-size region sets of a group, cheapest floors first.
struct Combinations<'p> {
    pool: &'p [(usize, Floor)],
    k: usize,
    /// Sets of pool positions a design meeting the latency SLO (the bit)
    /// holds one of.
    needs: &'p [(u16, Bits)],
}

impl Combinations<'_> {
    /// Visits every `k`-set grown from `chosen` (`mask`: its positions) with
    /// regions from `start` on, except those no design of use can be:
    /// dearer than the best, or, once the family fails something no region
    /// choice changes (so a design failing a latency SLO too is neither
    /// feasible, nor a one-SLO relaxation, nor the cheapest failing only
    /// that), a set left without a region in some population's budget.
    fn run(
        &mut self,
        s: &mut FamilySearch,
        start: usize,
        floor: Floor,
        mask: Bits,
        chosen: &mut Vec<usize>,
        visit: &mut Visit,
    ) {
        if s.hopeless() {
            return;
        }
        if chosen.len() == self.k {
            // The latency kinds the set fails: a need it holds no region of.
            let failing = (self.needs.iter())
                .filter(|(_, n)| !n.meets(&mask))
                .fold(0, |m, (bit, _)| m | bit);
            visit(s, chosen, floor, failing);
            return;
        }
        // The latency kinds every completion fails: a read or write need no
        // region left can meet.
        let reachable = mask | (Bits::below(self.pool.len()) & !Bits::below(start));
        let mut failing = self
            .needs
            .iter()
            .filter(|(_, n)| !n.meets(&reachable))
            .fold(0, |m, (bit, _)| m | bit);
        // Or more needs of one kind, unmet and pairwise disjoint among the
        // regions left, than regions left to add: each takes its own.
        let rest = reachable & !mask;
        let slots = self.k - chosen.len();
        for bit in [kind::READ_LATENCY, kind::WRITE_LATENCY] {
            if failing & bit != 0 {
                continue;
            }
            let mut open: Vec<Bits> = self
                .needs
                .iter()
                .filter(|(b, n)| *b == bit && !n.meets(&mask))
                .map(|(_, n)| *n & rest)
                .collect();
            if open.len() <= slots {
                continue;
            }
            open.sort_by_key(Bits::len);
            let mut taken = Bits::EMPTY;
            let mut disjoint = 0;
            for n in &open {
                if !n.meets(&taken) {
                    taken |= *n;
                    disjoint += 1;
                }
            }
            if disjoint > slots {
                failing |= bit;
            }
        }
        // (The family's first design is measured whatever it fails: it
        // stands for the family among the alternatives.)
        if failing != 0 && s.evaluated > 0 && s.purpose != Purpose::Exhaustive {
            // What prunes here (what the family always fails, its designs
            // failing one latency alone) may differ under the class without
            // its recovery targets: its search cannot reuse this one.
            s.same_when_relaxed = false;
            // Such designs are not feasible (all a search for feasible
            // designs only wants). Once the family fails something no
            // region choice changes, or when they fail both latencies, they
            // are no one-SLO relaxation either; else only while no cheaper
            // design of the family fails that latency alone.
            if s.ignore != 0 || failing.count_ones() > 1 || s.purpose == Purpose::FeasibleOnly {
                return;
            }
            let relaxed = if failing == kind::READ_LATENCY {
                s.latency_alone[0]
            } else {
                s.latency_alone[1]
            };
            // Every completion adds at least the cheapest region left per
            // region still to choose.
            let Some(&(_, first)) = self.pool.get(start) else {
                return;
            };
            let rest = self.pool[start..]
                .iter()
                .fold(first, |m, (_, g)| m.meet(*g));
            let mut least = floor;
            for _ in chosen.len()..self.k {
                least += rest;
            }
            // (Designs failing that latency alone meet the RTO.)
            let assume_rto = s.rto_tightens && s.ignore & kind::RTO == 0;
            if s.bound(least, self.k, None, assume_rto) > relaxed + PRUNE_MARGIN_USD {
                return;
            }
        }
        for i in start..self.pool.len() {
            let (r, f) = self.pool[i];
            // When even the cheapest of the remaining regions (mode by mode)
            // is beyond the best, so is every later one.
            let rest = self.pool[i..].iter().fold(f, |m, (_, g)| m.meet(*g));
            if s.pruned(floor + rest, self.k, None) {
                break;
            }
            if s.pruned(floor + f, self.k, None) {
                continue;
            }
            chosen.push(r);
            self.run(s, i + 1, floor + f, mask | Bits::one(i), chosen, visit);
            chosen.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit of whole-population shares: exact where every share is a
    /// multiple of one, absent where none is worth having; rounding up
    /// never passes a multiple a share reaches by float arithmetic.
    #[test]
    fn share_unit_is_the_shares_common_divisor() {
        let unit = |shares: &[f64]| ShareUnit::of(shares.iter().copied()).map(|u| u.0);
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-12);
        assert!(close(unit(&[0.0625; 16]), 0.0625));
        assert!(close(unit(&[0.4, 0.3, 0.3]), 0.1));
        assert!(close(unit(&[40.0, 30.0, 30.0]), 10.0));
        assert!(close(unit(&[0.5, 0.25, 0.25, 0.0]), 0.25));
        let third = 1.0 / 3.0;
        assert!(close(unit(&[third, third, third]), third));
        // No unit worth rounding to.
        assert_eq!(unit(&[1.0, std::f64::consts::PI]), None);
        assert_eq!(unit(&[]), None);
        assert_eq!(unit(&[f64::INFINITY, 1.0]), None);
        let u = ShareUnit(0.0625);
        assert_eq!(u.round_up(8.0 / 3.0 / 16.0), 0.1875);
        assert_eq!(u.round_up(0.125 + 1e-15), 0.125);
        assert_eq!(u.round_up(0.125), 0.125);
        assert_eq!(u.round_up(0.0), 0.0);
        let tenth = ShareUnit(0.1);
        assert!((tenth.round_up(0.1 + 0.2) - 0.3).abs() < 1e-12);
    }

    /// The cheapest of a mask without one position, by lookup, is the
    /// cheapest found by walking the mask without it, mode by mode (ties
    /// and infinite modes included).
    #[test]
    fn cheapest_without_one_is_the_walk_without_it() {
        let inf = f64::INFINITY;
        let pool: Vec<(usize, Floor)> = [
            [3.0, inf, inf],
            [1.0, 7.0, inf],
            [1.0, 2.0, 6.0],
            [5.0, 2.0, inf],
            [0.5, 9.0, 0.2],
            [4.0, 1.0, inf],
        ]
        .into_iter()
        .enumerate()
        .map(|(r, f)| (r, Floor(f)))
        .collect();
        for mask in [
            Bits::below(pool.len()),
            Bits::below(pool.len()) & !Bits::one(4),
            Bits::one(2) | Bits::one(3),
            Bits::one(5),
        ] {
            let lookup = Cheapest::of(&pool, mask);
            assert_eq!(lookup.least, cheapest(&pool, mask));
            for i in 0..pool.len() {
                assert_eq!(
                    lookup.without(i),
                    cheapest(&pool, mask & !Bits::one(i)),
                    "{i}"
                );
            }
        }
    }
}
