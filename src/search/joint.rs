//! The nearest design of a class no design can make feasible, found by
//! relaxing its SLOs jointly and searching again.
//!
//! The order is [`super::rank_nearest`]: fewest SLO kinds missed, then the
//! smallest shortfall (the sum over violations of ln(estimate / target)),
//! then cost. The class's own search looks for feasible designs and prunes
//! by cost, so the designs it keeps when nothing is feasible are not
//! always the nearest (a set that cannot serve some population within its
//! budget is not grown, so a design missing that population by 10 ms is
//! never measured). Relaxed searches find it instead, fewest kinds first:
//! the latency kinds no design can meet (some population's budget below
//! every engine's floor), then those and one kind more, and so on, no
//! further than what the kept design misses. For each set of kinds:
//!
//! 1. *To the floors.* Per engine, each relaxed target is raised to the
//!    best that engine's designs reach on it alone: for latency, per
//!    population, the nearest region it may use plus its service time (a
//!    lower bound on every design's p99, so exact); for RPO, RTO and
//!    availability, the best the class's search measured. A design meeting
//!    those targets misses each relaxed SLO by the least its engine can.
//! 2. *To the nearest found.* When no engine's floors are reachable
//!    together (the fastest recovery and the lowest latency are different
//!    designs), the relaxed targets are dropped: the cheapest design
//!    missing only those kinds, which is also the cheapest at least as
//!    near as itself (where that search stopped at the cap, the targets
//!    are raised to what it reaches and searched again).
//!
//! A family every design of which fails the relaxed kinds is not searched
//! again: the class's search already found the cheapest design failing
//! only what the family always fails, which is its best under relaxed
//! targets it meets.
//!
//! Fixed-size (active-active sync and quorum) families of at most
//! [`EXHAUSTIVE_MAX`] designs are also searched whole, unpruned, for their
//! nearest design.
//!
//! Constraints (consistency, conflicts, residency, capacity) have no target
//! and are never relaxed. The design is assessed against the class's own
//! SLOs; the plan states its violations as the joint relaxation that makes
//! it feasible. This module reads the class's search and runs
//! [`super::search_family_for`] for feasible designs only; it must not
//! change how a feasible class is searched.

use super::{
    ClassSearch, FamilyResult, Purpose, Scored, fixed_size_designs, rank_nearest, search_class_by,
    search_family_for,
};
use crate::evaluate::ClassCtx;
use crate::evaluate::slo::kind;

/// The best value a class's search measured on each recovery target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    pub rpo_s: f64,
    pub rto_s: f64,
    pub availability: f64,
}

impl Default for Reach {
    fn default() -> Self {
        Reach {
            rpo_s: f64::INFINITY,
            rto_s: f64::INFINITY,
            availability: 0.0,
        }
    }
}

impl Reach {
    pub fn add(&mut self, m: &crate::evaluate::Metrics) {
        *self = self.join(Reach {
            rpo_s: m.rpo_s,
            rto_s: m.rto_s,
            availability: m.availability,
        });
    }

    fn join(mut self, other: Reach) -> Reach {
        self.rpo_s = self.rpo_s.min(other.rpo_s);
        self.rto_s = self.rto_s.min(other.rto_s);
        self.availability = self.availability.max(other.availability);
        self
    }
}

/// Targets for a relaxed search: the class's recovery targets and
/// per-population latency targets, raised where needed.
#[derive(Debug, Clone, PartialEq)]
struct Targets {
    rpo_s: Option<f64>,
    rto_s: Option<f64>,
    availability: Option<f64>,
    read_ms: Vec<Option<f64>>,
    write_ms: Vec<Option<f64>>,
}

impl Targets {
    fn of(ctx: &ClassCtx) -> Targets {
        let slo = &ctx.class.slo;
        Targets {
            rpo_s: slo.rpo_s,
            rto_s: slo.rto_s,
            availability: slo.availability,
            read_ms: ctx.read_target_ms.clone(),
            write_ms: ctx.write_target_ms.clone(),
        }
    }

    fn raise(target: &mut Option<f64>, to: f64) {
        if let Some(t) = target.as_mut()
            && *t < to
        {
            *t = to;
        }
    }

    fn lower(target: &mut Option<f64>, to: f64) {
        if let Some(t) = target.as_mut()
            && *t > to
        {
            *t = to;
        }
    }

    /// The kinds these targets relax beyond the class's own.
    fn beyond(&self, ctx: &ClassCtx) -> u16 {
        let slo = &ctx.class.slo;
        let mut out = 0;
        if self.rpo_s != slo.rpo_s {
            out |= kind::RPO;
        }
        if self.rto_s != slo.rto_s {
            out |= kind::RTO;
        }
        if self.availability != slo.availability {
            out |= kind::AVAILABILITY;
        }
        if self.read_ms != ctx.read_target_ms {
            out |= kind::READ_LATENCY;
        }
        if self.write_ms != ctx.write_target_ms {
            out |= kind::WRITE_LATENCY;
        }
        out
    }

    /// Without the targets of the `dropped` kinds.
    fn without(mut self, dropped: u16) -> Targets {
        if dropped & kind::RPO != 0 {
            self.rpo_s = None;
        }
        if dropped & kind::RTO != 0 {
            self.rto_s = None;
        }
        if dropped & kind::AVAILABILITY != 0 {
            self.availability = None;
        }
        if dropped & kind::READ_LATENCY != 0 {
            self.read_ms.fill(None);
        }
        if dropped & kind::WRITE_LATENCY != 0 {
            self.write_ms.fill(None);
        }
        self
    }

    /// The targets of the `relaxed` kinds raised to `to`.
    fn raised(mut self, relaxed: u16, to: &Levels) -> Targets {
        if relaxed & kind::RPO != 0 {
            Targets::raise(&mut self.rpo_s, to.reach.rpo_s);
        }
        if relaxed & kind::RTO != 0 {
            Targets::raise(&mut self.rto_s, to.reach.rto_s);
        }
        if relaxed & kind::AVAILABILITY != 0 {
            Targets::lower(&mut self.availability, to.reach.availability);
        }
        for p in 0..self.read_ms.len() {
            if relaxed & kind::READ_LATENCY != 0 {
                Targets::raise(&mut self.read_ms[p], to.read_ms[p]);
            }
            if relaxed & kind::WRITE_LATENCY != 0 {
                Targets::raise(&mut self.write_ms[p], to.write_ms[p]);
            }
        }
        self
    }

    /// The cheapest design meeting these targets (on `engine` alone, if
    /// given), assessed against the class's own SLOs, and the candidates
    /// the search measured.
    ///
    /// A family of the class's search (`found`) that every design of
    /// which fails what these targets relax is not searched again: a
    /// design meeting them fails nothing else, so it is one the class's
    /// search ranked (the cheapest failing only what the family always
    /// fails), and that one is the answer when it meets them.
    fn search(
        self,
        ctx: &ClassCtx,
        found: &ClassSearch,
        engine: Option<usize>,
    ) -> (Option<Scored>, usize, bool) {
        let beyond = self.beyond(ctx);
        let mut class = ctx.class.clone();
        if engine.is_some() {
            class.pins.engine = engine;
        }
        class.slo.rpo_s = self.rpo_s;
        class.slo.rto_s = self.rto_s;
        class.slo.availability = self.availability;
        let relaxed = ctx.relaxed(&class, self.read_ms, self.write_ms);
        let found = search_class_by(&relaxed, &mut |f, relax| {
            if let Some(known) = found.families.iter().find(|r| r.family == f)
                && let Some(reused) = known_best(&relaxed, known, beyond)
            {
                return reused;
            }
            search_family_for(&relaxed, f, relax, None, Purpose::FeasibleOnly).0
        });
        let evaluated = found.evaluated();
        let complete = found.complete();
        let design = found.best().map(|b| {
            let metrics = b.metrics.clone();
            let assessment = crate::evaluate::slo::assess(ctx, &b.cand, &metrics, None);
            Scored {
                cand: b.cand.clone(),
                metrics,
                assessment,
            }
        });
        (design, evaluated, complete)
    }
}

/// `known`'s result under `relaxed`, whose targets relax the kinds
/// `beyond` the class's own, where no search is needed: every design of
/// the family fails those kinds, and the cheapest failing only what it
/// always fails meets `relaxed`. (Where the family's search stopped at
/// the cap, so does this result, as searching again would: the class is
/// reported incomplete either way.)
fn known_best(relaxed: &ClassCtx, known: &FamilyResult, beyond: u16) -> Option<FamilyResult> {
    let fails = known.always_fails;
    let nearest = known.nearest.as_ref()?;
    if fails == 0 || beyond & !fails != 0 || nearest.assessment.mask & !fails != 0 {
        return None;
    }
    let assessment = crate::evaluate::slo::assess(relaxed, &nearest.cand, &nearest.metrics, None);
    assessment.feasible().then(|| FamilyResult {
        best: Some(Scored {
            assessment,
            ..nearest.clone()
        }),
        nearest: None,
        evaluated: 0,
        ..known.clone()
    })
}

/// What targets are raised to: recovery figures and per-population p99s.
struct Levels {
    reach: Reach,
    read_ms: Vec<f64>,
    write_ms: Vec<f64>,
}

impl Levels {
    /// The best the designs on engine `e` reach: the best recovery figures
    /// the class's search measured on it, and its latency floors.
    fn floors(ctx: &ClassCtx, found: &ClassSearch, e: usize) -> Levels {
        let reach = found
            .families
            .iter()
            .filter(|f| f.family.engine == e)
            .fold(Reach::default(), |r, f| r.join(f.reach));
        let (read_ms, write_ms) = latency_floors(ctx, &ctx.catalog.engines[e]);
        Levels {
            reach,
            read_ms,
            write_ms,
        }
    }

    /// What `design` reaches.
    fn of(design: &Scored) -> Levels {
        let m = &design.metrics;
        let mut reach = Reach::default();
        reach.add(m);
        Levels {
            reach,
            read_ms: m.routes.read_ms.clone(),
            write_ms: m.routes.write_ms.clone(),
        }
    }
}

/// Per population, the least p99 read and write any design on `engine`
/// can reach: the nearest region it may use, plus its service time (a
/// commit round trip only adds to writes).
fn latency_floors(ctx: &ClassCtx, engine: &crate::catalog::Engine) -> (Vec<f64>, Vec<f64>) {
    let net = ctx.network;
    let regions = super::usable_regions(ctx, engine);
    // Service-side: from the region serving the population's application
    // tier, at least the least p99 between two regions (or within one).
    let service_side = regions
        .iter()
        .flat_map(|a| regions.iter().map(move |b| net.region_p99[*a][*b]))
        .fold(f64::INFINITY, f64::min);
    (0..ctx.users.len())
        .map(|p| {
            let access = match ctx.class.latency_at {
                crate::model::LatencyAt::User => regions
                    .iter()
                    .map(|r| net.user_p99[p][*r])
                    .fold(f64::INFINITY, f64::min),
                crate::model::LatencyAt::Service => service_side,
            };
            (
                access + engine.read_service_ms.value,
                access + engine.write_service_ms.value,
            )
        })
        .unzip()
}

/// The nearest design of a class with no feasible design, by joint
/// relaxations (see the module doc), when it is nearer than the nearest the
/// class's search kept. Returns it, the candidates the relaxed searches
/// measured, and whether every one of them finished (none stopped at the
/// evaluation cap).
pub fn nearest(ctx: &ClassCtx, found: &ClassSearch) -> (Option<Scored>, usize, bool) {
    let Some(kept) = found.nearest().cloned() else {
        return (None, 0, true);
    };
    // The kinds with a target to relax (constraints have none): the kept
    // design may miss a constraint where another design misses only one
    // of these.
    let slo = &ctx.class.slo;
    let relaxable: Vec<u16> = [
        (kind::RPO, slo.rpo_s.is_some()),
        (kind::RTO, slo.rto_s.is_some()),
        (kind::AVAILABILITY, slo.availability.is_some()),
        (
            kind::READ_LATENCY,
            ctx.read_target_ms.iter().any(Option::is_some),
        ),
        (
            kind::WRITE_LATENCY,
            ctx.write_target_ms.iter().any(Option::is_some),
        ),
    ]
    .into_iter()
    .filter_map(|(bit, set)| set.then_some(bit))
    .collect();
    let fewest = kept.assessment.mask.count_ones() as usize;
    let mut engines: Vec<usize> = found.families.iter().map(|f| f.family.engine).collect();
    engines.dedup();
    // Candidates measured, and whether every search finished.
    let mut tally = (0, true);
    let mut best: Option<Scored> = None;
    let mut tried: Vec<(Targets, Option<usize>)> = Vec::new();
    let mut run = |targets: Targets, engine: Option<usize>, tally: &mut (usize, bool)| {
        let key = (targets, engine);
        if tried.contains(&key) {
            return (None, true);
        }
        tried.push(key.clone());
        let (design, n, complete) = key.0.clone().search(ctx, found, engine);
        tally.0 += n;
        tally.1 &= complete;
        (design, complete)
    };
    // Per engine, the latency kinds its designs cannot meet (a target
    // beyond its floor); those every engine misses, no design meets.
    let all = relaxable.iter().fold(0, |m, b| m | b);
    let floors: Vec<(usize, Levels, u16)> = engines
        .iter()
        .map(|&e| {
            let levels = Levels::floors(ctx, found, e);
            // Only latency floors bound every design (the recovery ones
            // are the best measured, not proven).
            let missed = Targets::of(ctx).raised(all, &levels).beyond(ctx)
                & (kind::READ_LATENCY | kind::WRITE_LATENCY);
            (e, levels, missed)
        })
        .collect();
    let unavoidable = floors.iter().fold(u16::MAX, |m, (_, _, missed)| m & missed);
    let optional: Vec<u16> = relaxable
        .iter()
        .copied()
        .filter(|b| unavoidable & b == 0)
        .collect();
    // Fewest kinds first: the unavoidable ones, then with one more, ...
    // (no more than the kept design misses).
    let least = unavoidable.count_ones() as usize;
    for extra in 0..=optional.len() {
        if least + extra > fewest {
            break;
        }
        for added in subsets(&optional, extra) {
            let relaxed = added.iter().fold(unavoidable, |m, b| m | b);
            if relaxed == 0 {
                // The class's own targets: no design meets them.
                continue;
            }
            // The least shortfall on those kinds: per engine whose designs
            // can meet the rest, each relaxed target raised to its floor
            // (exact where the floors are reachable together).
            let mut here: Option<Scored> = None;
            for (e, levels, missed) in &floors {
                if missed & !relaxed != 0 {
                    continue;
                }
                let targets = Targets::of(ctx).raised(relaxed, levels);
                if targets.beyond(ctx) == 0 {
                    // The class's own targets: nothing on it is feasible.
                    continue;
                }
                if let (Some(d), _) = run(targets, Some(*e), &mut tally) {
                    keep_nearer(&mut here, d);
                }
            }
            // Else the cheapest design missing those kinds alone, which is
            // the cheapest at least as near as itself: targets raised to
            // what it reaches admit fewer designs, it among them. (Only
            // where its search stopped at the cap may a search under those
            // targets find a cheaper one.)
            if here.is_none()
                && let (Some(reference), complete) =
                    run(Targets::of(ctx).without(relaxed), None, &mut tally)
            {
                let reached = Targets::of(ctx).raised(relaxed, &Levels::of(&reference));
                here = Some(match complete {
                    true => reference,
                    false => run(reached, None, &mut tally).0.unwrap_or(reference),
                });
            }
            if let Some(d) = here {
                keep_nearer(&mut best, d);
            }
        }
        if best.is_some() {
            break;
        }
    }
    // Fixed-size families of few designs are searched whole: pruned by
    // cost, they keep the nearest design only by chance.
    for f in &found.families {
        if fixed_size_designs(ctx, f.family).is_some_and(|n| n <= EXHAUSTIVE_MAX) {
            let (whole, _) =
                search_family_for(ctx, f.family, &mut Vec::new(), None, Purpose::Exhaustive);
            tally.0 += whole.evaluated;
            tally.1 &= whole.complete;
            if let Some(d) = whole.nearest {
                keep_nearer(&mut best, d);
            }
        }
    }
    let nearer = best.filter(|b| rank_nearest(b, &kept) == std::cmp::Ordering::Less);
    (nearer, tally.0, tally.1)
}

/// Most designs of a fixed-size family searched whole for the nearest.
const EXHAUSTIVE_MAX: f64 = 200.0;

fn keep_nearer(best: &mut Option<Scored>, d: Scored) {
    if best
        .as_ref()
        .is_none_or(|b| rank_nearest(&d, b) == std::cmp::Ordering::Less)
    {
        *best = Some(d);
    }
}

/// Every subset of `items` with `size` elements, in order.
fn subsets(items: &[u16], size: usize) -> Vec<Vec<u16>> {
    if size == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (i, first) in items.iter().enumerate() {
        for mut rest in subsets(&items[i + 1..], size - 1) {
            rest.insert(0, *first);
            out.push(rest);
        }
    }
    out
}
