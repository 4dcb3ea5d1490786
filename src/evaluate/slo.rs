//! A candidate's measurements against the data class's SLOs and constraints.
//! [`assess`] gives a shortfall score (0 = meets everything) for the search,
//! and, when asked, the violations in words for the plan. Latency SLOs below
//! the physical bound (fibre on the great circle, [`Bounds`]) are reported
//! as impossible: no design can meet them.

use serde::Serialize;

use super::{ClassCtx, Metrics};
use crate::candidate::Candidate;
use crate::model::{Conflicts, Consistency, LatencyAt, Replication, Topology};
use crate::network::Network;
use crate::spec::DataClass;
use crate::units::{format_availability, format_duration_s};

/// One SLO or constraint a candidate does not meet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub slo: String,
    pub target: String,
    pub estimate: String,
    pub why: String,
    /// No design can meet it (below a bound that holds for every design).
    pub impossible: bool,
    /// That bound, when impossible (ms for latency SLOs); `why` derives it.
    pub bound_ms: Option<f64>,
}

/// A lower bound on a p99 latency that holds for every design, and how it
/// was derived, in words a reviewer can check.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub ms: f64,
    pub why: String,
}

/// Lower bounds on p99 latency per population that hold for every design
/// the catalog and spec allow: light in fibre on the great circle to the
/// nearest allowed region, the population's last mile (end-user SLOs), the
/// fastest service time of any engine for the class's kind offered in an
/// allowed region, a second region when RPO is 0; and, for single-writer
/// data, the geometry of one writer serving every population, which bounds
/// the worst population's write p99, not any one population's.
#[derive(Debug, Clone)]
pub struct Bounds {
    pub read: Vec<Bound>,
    pub write: Vec<Bound>,
    /// What the worst population's write p99 is at least, whatever the
    /// design (single-writer data, end-user SLOs, several populations):
    /// a budget below it cannot hold for every population at once, though
    /// each population alone could be served within it.
    pub write_worst: Option<Bound>,
    /// The least RPO any design reaches (seconds; `ms` holds seconds
    /// here): no engine for the class's kind in an allowed region commits
    /// in a second region before acknowledging, or guarantees less.
    pub rpo: Bound,
}

impl Bounds {
    pub fn new(
        catalog: &crate::catalog::Catalog,
        network: &Network,
        class: &DataClass,
        users: &[crate::spec::Population],
        words: bool,
    ) -> Self {
        let id = |r: usize| catalog.regions[r].id.as_str();
        let allowed: Vec<usize> = (0..class.allowed.len())
            .filter(|r| class.allowed[*r])
            .collect();
        let engines: Vec<&crate::catalog::Engine> = catalog
            .engines
            .iter()
            .filter(|e| e.kinds.contains(&class.kind) && allowed.iter().any(|r| e.offered_in(*r)))
            .collect();
        let fastest = |f: fn(&crate::catalog::Engine) -> f64| {
            engines.iter().map(|e| f(e)).fold(f64::INFINITY, f64::min)
        };
        let read_svc = fastest(|e| e.read_service_ms.value);
        let write_svc = fastest(|e| e.write_service_ms.value);
        let (read_svc, write_svc) = (
            if read_svc.is_finite() { read_svc } else { 0.0 },
            if write_svc.is_finite() {
                write_svc
            } else {
                0.0
            },
        );
        let user_side = class.latency_at == LatencyAt::User;
        let rpo_zero = class.slo.rpo_s == Some(0.0);
        // The nearest other allowed region to each allowed region (fibre).
        let second = |r: usize| {
            allowed
                .iter()
                .filter(|o| **o != r)
                .map(|o| (network.region_fiber[r][*o], *o))
                .fold((f64::INFINITY, r), |a, b| if b.0 < a.0 { b } else { a })
        };
        let mut read = Vec::new();
        let mut write = Vec::new();
        for (p, pop) in users.iter().enumerate() {
            let fiber = &network.user_fiber[p];
            let last_mile = if user_side {
                network.last_mile_p99.get(p).copied().unwrap_or(0.0)
            } else {
                0.0
            };
            let access = |r: usize| if user_side { fiber[r] } else { 0.0 };
            let nearest = allowed.iter().map(|r| (access(*r), *r)).fold(
                (f64::INFINITY, usize::MAX),
                |a, b| if b.0 < a.0 { b } else { a },
            );
            let parts = |network_ms: f64, svc: f64, via: &str| -> String {
                if !words {
                    return String::new();
                }
                let mut parts = Vec::new();
                if user_side {
                    parts.push(format!(
                        "light in fibre from {} {via} {network_ms:.1}ms",
                        pop.name
                    ));
                    parts.push(format!("the last mile p99 {last_mile:.0}ms"));
                } else if network_ms > 0.0 {
                    parts.push(format!("light in fibre {via} {network_ms:.1}ms"));
                }
                parts.push(format!(
                    "the fastest service time of any engine for {} data {svc:.0}ms",
                    class.kind
                ));
                parts.join(" + ")
            };
            if nearest.1 == usize::MAX {
                read.push(Bound {
                    ms: 0.0,
                    why: String::new(),
                });
                write.push(Bound {
                    ms: 0.0,
                    why: String::new(),
                });
                continue;
            }
            let via = match words {
                true => format!("to the nearest allowed region ({})", id(nearest.1)),
                false => String::new(),
            };
            read.push(Bound {
                ms: nearest.0 + last_mile + read_svc,
                why: parts(nearest.0, read_svc, &via),
            });
            let mut w = Bound {
                ms: nearest.0 + last_mile + write_svc,
                why: parts(nearest.0, write_svc, &via),
            };
            if rpo_zero && allowed.len() > 1 {
                // RPO 0: a write is acknowledged only once a second region
                // has it; the best first region is not always the nearest.
                let (ms, r, o) = allowed
                    .iter()
                    .map(|&r| {
                        let (extra, o) = second(r);
                        (access(r) + extra, r, o)
                    })
                    .fold((f64::INFINITY, 0, 0), |a, b| if b.0 < a.0 { b } else { a });
                let via = match words {
                    true => format!(
                        "to {} and on to a second region, {} (RPO 0 needs two copies before a write is acknowledged)",
                        id(r),
                        id(o)
                    ),
                    false => String::new(),
                };
                w = Bound {
                    ms: ms + last_mile + write_svc,
                    why: parts(ms, write_svc, &via),
                };
            }
            write.push(w);
        }
        let write_worst =
            (user_side && class.conflicts == Conflicts::SingleWriter && users.len() > 1)
                .then(|| {
                    single_writer_bound(catalog, network, class, users, &allowed, write_svc, words)
                })
                .flatten();
        let rpo = rpo_floor(&engines, class, &allowed, words);
        Bounds {
            read,
            write,
            write_worst,
            rpo,
        }
    }
}

/// The least RPO any of `engines` reaches with a copy in a second allowed
/// region: 0 where writes commit in another region first (synchronous or
/// quorum), else the engine's replication window or backup interval (with
/// `rpo_guaranteed`, only a published bound or a bound the design sets).
fn rpo_floor(
    engines: &[&crate::catalog::Engine],
    class: &DataClass,
    allowed: &[usize],
    words: bool,
) -> Bound {
    use crate::catalog::ActiveActive;
    let guaranteed = class.slo.rpo_guaranteed;
    let floor = |e: &crate::catalog::Engine| -> f64 {
        if allowed.iter().filter(|r| e.may_hold(**r)).count() < 2 {
            return f64::INFINITY;
        }
        let sync = matches!(e.active_active, ActiveActive::Sync | ActiveActive::Quorum)
            || (!e.standby.is_empty() && e.standby_replication == crate::model::Replication::Sync);
        if sync {
            return 0.0;
        }
        let backups = e
            .standby
            .contains(&crate::model::Standby::BackupRestore)
            .then(|| e.backup_interval_s.as_ref().map(|f| f.value))
            .flatten()
            .unwrap_or(f64::INFINITY);
        let replicas = e.active_active != ActiveActive::None
            || e.standby
                .iter()
                .any(|s| *s != crate::model::Standby::BackupRestore);
        let lag = match (replicas, guaranteed) {
            (false, _) => f64::INFINITY,
            (true, false) => e.replication_lag_s.value,
            (true, true) => {
                let published = e.rpo_bound_s.as_ref().map_or(f64::INFINITY, |f| f.value);
                let set = e
                    .rpo_parameter_min_s
                    .as_ref()
                    .map_or(f64::INFINITY, |f| f.value);
                published.min(set)
            }
        };
        lag.min(backups)
    };
    let floors: Vec<f64> = engines.iter().map(|e| floor(e)).collect();
    let best = floors.iter().copied().fold(f64::INFINITY, f64::min);
    let why = if !words || best == 0.0 {
        String::new()
    } else if best.is_infinite() {
        format!(
            "no {} engine keeps a copy in a second allowed region{}",
            class.kind,
            if guaranteed {
                " with a bounded loss window"
            } else {
                ""
            }
        )
    } else {
        let at_best: Vec<&str> = engines
            .iter()
            .zip(&floors)
            .filter(|(_, f)| **f == best)
            .map(|(e, _)| e.id.as_str())
            .collect();
        format!(
            "no {} engine offered in an allowed region commits a write in a second region before acknowledging it; the floor is the {} of {}",
            class.kind,
            if guaranteed {
                "guaranteed loss window"
            } else {
                "replication window"
            },
            at_best.join(", ")
        )
    };
    Bound { ms: best, why }
}

/// Single-writer data has one region taking every write (single-region,
/// active-passive, a quorum's leader) or commits synchronously in a second
/// region (Aurora DSQL, DynamoDB MRSC). Either way some population's write
/// p99 is at least this, whatever the design.
fn single_writer_bound(
    catalog: &crate::catalog::Catalog,
    network: &Network,
    class: &DataClass,
    users: &[crate::spec::Population],
    allowed: &[usize],
    write_svc: f64,
    words: bool,
) -> Option<Bound> {
    let id = |r: usize| catalog.regions[r].id.as_str();
    let reach = |p: usize, r: usize| network.user_fiber[p][r] + network.last_mile_p99[p];
    // One writer region: the best location's worst population.
    let (one_ms, writer, worst) = allowed
        .iter()
        .map(|&w| {
            let (ms, p) = (0..users.len())
                .map(|p| (reach(p, w), p))
                .fold((f64::NEG_INFINITY, 0), |a, b| if b.0 > a.0 { b } else { a });
            (ms, w, p)
        })
        .fold((f64::INFINITY, 0, 0), |a, b| if b.0 < a.0 { b } else { a });
    if !one_ms.is_finite() {
        return None;
    }
    // Synchronous commits: every population writes at one of two peers,
    // which lie (with the witness) within one of the engine's Region sets,
    // and waits for a round trip to another region of that set. The best
    // pair of peers of any set still leaves the worst population this far.
    let sync_engines: Vec<&crate::catalog::Engine> = catalog
        .engines
        .iter()
        .filter(|e| {
            e.kinds.contains(&class.kind) && e.active_active == crate::catalog::ActiveActive::Sync
        })
        .collect();
    let mut sync_ms = f64::INFINITY;
    for e in &sync_engines {
        let sets: Vec<Vec<usize>> = if e.region_sets.is_empty() {
            vec![allowed.to_vec()]
        } else {
            e.region_sets.clone()
        };
        for set in sets {
            let set: Vec<usize> = set.into_iter().filter(|r| allowed.contains(r)).collect();
            let commit = |r: usize| {
                set.iter()
                    .filter(|o| **o != r)
                    .map(|o| network.region_fiber[r][*o])
                    .fold(f64::INFINITY, f64::min)
            };
            for (i, &a) in set.iter().enumerate() {
                for &b in &set[i + 1..] {
                    let worst = (0..users.len())
                        .map(|p| (reach(p, a) + commit(a)).min(reach(p, b) + commit(b)))
                        .fold(f64::NEG_INFINITY, f64::max);
                    sync_ms = sync_ms.min(worst);
                }
            }
        }
    }
    let sync_offered = !sync_engines.is_empty();
    let ms = one_ms.min(sync_ms) + write_svc;
    if !words {
        return Some(Bound {
            ms,
            why: String::new(),
        });
    }
    let mut why = format!(
        "single-writer data: with one region taking every write, the best writer region ({}) is still {one_ms:.1}ms from {} (light in fibre plus the last mile p99)",
        id(writer),
        users[worst].name
    );
    if sync_offered && sync_ms.is_finite() {
        why.push_str(&format!(
            ", and synchronous commits need at least {sync_ms:.1}ms for the farthest population (its nearer peer plus a round trip to another region of the peers' Region set)"
        ));
    } else if sync_offered {
        why.push_str(&format!(
            ", and no engine for {} data commits synchronously across two of the allowed regions (each engine's Region sets hold fewer)",
            class.kind
        ));
    } else {
        why.push_str(&format!(
            ", and no engine for {} data commits synchronously in several regions",
            class.kind
        ));
    }
    why.push_str(&format!(
        " + the fastest write service time {write_svc:.0}ms"
    ));
    Some(Bound { ms, why })
}

/// Whether the design can give the class's consistency and conflict handling.
pub fn semantics_ok(ctx: &ClassCtx, cand: &Candidate) -> (bool, bool) {
    let engine = ctx.engine(cand);
    let async_aa =
        cand.topology == Topology::ActiveActive && cand.replication == Replication::Async;
    let consistency_ok = !(async_aa && ctx.class.consistency == Consistency::Strong)
        && engine.strongest <= ctx.class.consistency;
    let conflicts_ok = !async_aa
        || (ctx.class.conflicts != Conflicts::SingleWriter
            && engine.aa_conflicts.contains(&ctx.class.conflicts));
    (consistency_ok, conflicts_ok)
}

/// A shortfall's share of a design's score: ln(estimate / target), at
/// most 8 (0 when met).
pub fn ratio_score(estimate: f64, target: f64) -> f64 {
    if estimate <= target {
        0.0
    } else if target <= 0.0 || estimate.is_infinite() {
        8.0
    } else {
        (estimate / target).ln().min(8.0)
    }
}

fn unavailability_score(estimate: f64, target: f64) -> f64 {
    ratio_score(1.0 - estimate, 1.0 - target)
}

/// Bits of [`Assessment::mask`]: which SLOs or constraints fail.
pub mod kind {
    pub const CONSISTENCY: u16 = 1;
    pub const CONFLICTS: u16 = 1 << 1;
    pub const RESIDENCY: u16 = 1 << 2;
    pub const CAPACITY: u16 = 1 << 3;
    pub const RPO: u16 = 1 << 4;
    pub const RTO: u16 = 1 << 5;
    pub const AVAILABILITY: u16 = 1 << 6;
    pub const READ_LATENCY: u16 = 1 << 7;
    pub const WRITE_LATENCY: u16 = 1 << 8;
    /// Names as the spec spells the SLO (constraints by their own name).
    pub const NAMES: &[(u16, &str)] = &[
        (CONSISTENCY, "consistency"),
        (CONFLICTS, "conflicts"),
        (RESIDENCY, "residency"),
        (CAPACITY, "capacity"),
        (RPO, "rpo"),
        (RTO, "rto"),
        (AVAILABILITY, "availability"),
        (READ_LATENCY, "read_latency"),
        (WRITE_LATENCY, "write_latency"),
    ];

    pub fn name(bit: u16) -> &'static str {
        NAMES
            .iter()
            .find(|(b, _)| *b == bit)
            .map_or("?", |(_, n)| n)
    }
}

/// How far a candidate is from meeting everything.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Assessment {
    /// 0 when every SLO and constraint is met; grows with the shortfall.
    pub score: f64,
    /// Which kinds fail (see [`kind`]).
    pub mask: u16,
}

impl Assessment {
    pub fn feasible(&self) -> bool {
        self.mask == 0
    }
}

struct Collect<'o> {
    result: Assessment,
    out: Option<&'o mut Vec<Violation>>,
}

impl Collect<'_> {
    fn fail(&mut self, bit: u16, score: f64, violation: impl FnOnce() -> Violation) {
        self.result.score += score;
        self.result.mask |= bit;
        if let Some(list) = self.out.as_deref_mut() {
            list.push(violation());
        }
    }
}

/// Shortfall against every SLO and constraint; with `out`, the violations
/// in words too (built only then).
pub fn assess(
    ctx: &ClassCtx,
    cand: &Candidate,
    m: &Metrics,
    out: Option<&mut Vec<Violation>>,
) -> Assessment {
    let slo = &ctx.class.slo;
    let mut c = Collect {
        result: Assessment::default(),
        out,
    };
    let engine = ctx.engine(cand);

    let (consistency_ok, conflicts_ok) = semantics_ok(ctx, cand);
    if !consistency_ok {
        c.fail(kind::CONSISTENCY, 10.0, || Violation {
            slo: "consistency".into(),
            target: ctx.class.consistency.to_string(),
            estimate: "eventual across regions".into(),
            why: "asynchronous active-active replication cannot give strong reads: a region may read before another region's write arrives".into(),
            impossible: false,
            bound_ms: None,
        });
    }
    if !conflicts_ok {
        c.fail(kind::CONFLICTS, 10.0, || Violation {
            slo: "conflicts".into(),
            target: ctx.class.conflicts.to_string(),
            estimate: engine.aa_conflicts.first().map_or("none".to_string(), |c| c.to_string()),
            why: if ctx.class.conflicts == Conflicts::SingleWriter {
                "asynchronous active-active accepts concurrent writes to the same item in two regions and resolves them; single-writer data needs one writer or synchronous commits".into()
            } else {
                format!(
                    "{} resolves conflicts by {}, not {}",
                    engine.id,
                    engine.aa_conflicts.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("/"),
                    ctx.class.conflicts
                )
            },
            impossible: false,
            bound_ms: None,
        });
    }
    for &r in cand.regions.iter().chain(cand.witness.iter()) {
        if !ctx.class.allowed[r] {
            c.fail(kind::RESIDENCY, 10.0, || {
                let id = &ctx.catalog.regions[r].id;
                Violation {
                    slo: "residency".into(),
                    target: ctx
                        .class
                        .residency
                        .as_ref()
                        .map_or("allowed regions".into(), |j| j.join(", ")),
                    estimate: id.clone(),
                    why: format!(
                        "{id} ({}) is outside the allowed jurisdictions or regions",
                        ctx.catalog.regions[r].country
                    ),
                    impossible: false,
                    bound_ms: None,
                }
            });
        }
    }
    if m.overloaded {
        c.fail(kind::CAPACITY, 10.0, || Violation {
            slo: "capacity".into(),
            target: format!("{} reads/s, {} writes/s", ctx.class.reads_per_sec, ctx.class.writes_per_sec),
            estimate: "beyond the largest fleet".into(),
            why: format!("the workload needs more than the largest {} fleet can carry (one writer takes every write)", engine.id),
            impossible: false,
            bound_ms: None,
        });
    }
    if let Some(target) = slo.rpo_s.filter(|t| m.rpo_s > *t) {
        let impossible = target < ctx.bounds.rpo.ms;
        // (Missing an RPO of 0 counts as far as a shortfall goes, plus a
        // little more the more is lost: 5 s is nearer than 5 minutes.)
        let score = if target <= 0.0 {
            8.0 + (1.0 + m.rpo_s).ln().min(8.0) / 100.0
        } else {
            ratio_score(m.rpo_s, target)
        };
        c.fail(kind::RPO, score, || Violation {
            slo: "rpo".into(),
            target: format_duration_s(target),
            estimate: format_duration_s(m.rpo_s),
            why: if impossible {
                let floor = &ctx.worded_bounds().rpo;
                format!(
                    "rpo {} is below the {} that no design can beat: {}",
                    format_duration_s(target),
                    format_duration_s(floor.ms),
                    floor.why
                )
            } else {
                rpo_why(ctx, cand, m)
            },
            impossible,
            bound_ms: None,
        });
    }
    if let Some(target) = slo.rto_s.filter(|t| m.rto_s > *t) {
        c.fail(kind::RTO, ratio_score(m.rto_s, target), || Violation {
            slo: "rto".into(),
            target: format_duration_s(target),
            estimate: format_duration_s(m.rto_s),
            why: if m.rto_s.is_infinite() {
                "a single region has nothing to fail over to".into()
            } else {
                let steps = super::recovery::rto_steps(ctx, cand);
                format!(
                    "recovery takes {}",
                    steps
                        .iter()
                        .filter(|(_, t)| *t > 0.0)
                        .map(|(s, t)| format!("{} {}", s.name(), format_duration_s(*t)))
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            },
            impossible: false,
            bound_ms: None,
        });
    }
    if let Some(target) = slo.availability.filter(|t| m.availability < *t) {
        c.fail(
            kind::AVAILABILITY,
            unavailability_score(m.availability, target),
            || Violation {
                slo: "availability".into(),
                target: format_availability(target),
                estimate: format_availability(m.availability),
                why: format!(
                    "expected downtime {:.1} h/year from regional outages with an RTO of {}",
                    (1.0 - m.availability) * crate::units::HOURS_PER_YEAR,
                    format_duration_s(m.rto_s)
                ),
                impossible: false,
                bound_ms: None,
            },
        );
    }
    for (bit, which, target, estimates, regions, bounds) in [
        (
            kind::READ_LATENCY,
            "read_latency",
            &ctx.read_target_ms,
            &m.routes.read_ms,
            &m.routes.read_from,
            &ctx.bounds.read,
        ),
        (
            kind::WRITE_LATENCY,
            "write_latency",
            &ctx.write_target_ms,
            &m.routes.write_ms,
            &m.routes.write_to,
            &ctx.bounds.write,
        ),
    ] {
        for (p, est) in estimates.iter().enumerate() {
            let Some(target) = target[p].filter(|t| est > t) else {
                continue;
            };
            // A population's own bound first; then, for writes, the bound
            // on the worst population (no design keeps them all within).
            let worst = (bit == kind::WRITE_LATENCY)
                .then_some(ctx.bounds.write_worst.as_ref())
                .flatten()
                .filter(|w| target < w.ms && target >= bounds[p].ms);
            let bound = worst.unwrap_or(&bounds[p]);
            let impossible = target < bound.ms;
            c.fail(bit, ratio_score(*est, target), || {
                // The same bound, with how it was derived.
                let worded = ctx.worded_bounds();
                let bound = match (worst.is_some(), bit == kind::WRITE_LATENCY) {
                    (true, _) => worded.write_worst.as_ref().unwrap_or(bound),
                    (false, true) => &worded.write[p],
                    (false, false) => &worded.read[p],
                };
                let pop = &ctx.users[p].name;
                let side = match ctx.class.latency_at {
                    LatencyAt::User => "",
                    LatencyAt::Service => " service-side",
                };
                let why = if worst.is_some() {
                    format!(
                        "no design keeps every population's write p99 within {target:.0}ms (the worst population's is at least {:.0}ms): {}",
                        bound.ms, bound.why
                    )
                } else if impossible {
                    format!(
                        "{which} {target:.0}ms is below the {:.0}ms that no design can beat for {pop}: {}",
                        bound.ms, bound.why
                    )
                } else {
                    let region = &ctx.catalog.regions[regions[p]].id;
                    if bit == kind::WRITE_LATENCY {
                        format!("p99{side} write from {pop} via {region} (commit included) is {est:.0}ms")
                    } else {
                        format!("p99{side} read from {pop} at {region} is {est:.0}ms")
                    }
                };
                Violation {
                    slo: format!("{which}:{pop}"),
                    target: format!("{target:.0}ms"),
                    estimate: format!("{est:.0}ms"),
                    why,
                    impossible,
                    bound_ms: impossible.then_some((bound.ms * 10.0).round() / 10.0),
                }
            });
        }
    }
    c.result
}

fn rpo_why(ctx: &ClassCtx, cand: &Candidate, m: &Metrics) -> String {
    let engine = ctx.engine(cand);
    if ctx.class.slo.rpo_guaranteed {
        let (bound, why) = super::recovery::rpo_bound(ctx, cand);
        return if bound.is_finite() {
            format!(
                "the guaranteed worst case is {}: {why}",
                format_duration_s(bound)
            )
        } else {
            format!("the RPO must be guaranteed, but {why}")
        };
    }
    match (cand.topology, cand.replication) {
        (Topology::SingleRegion, _) if !cand.read_only.is_empty() => {
            "the read-only replicas elsewhere cannot be promoted: losing the read-write region stops every write until it recovers".into()
        }
        (Topology::SingleRegion, _) => {
            "a single region keeps no copy elsewhere: losing it loses the data".into()
        }
        (_, Replication::Async) => format!(
            "{} replicates asynchronously: up to {} of writes are lost with the region",
            engine.id,
            format_duration_s(m.rpo_s)
        ),
        _ => format!("backups are copied every {}", format_duration_s(m.rpo_s)),
    }
}
