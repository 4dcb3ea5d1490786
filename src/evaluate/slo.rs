//! A candidate's measurements against the data class's SLOs and constraints.
//! [`assess`] gives a shortfall score (0 = meets everything) for the search,
//! and, when asked, the violations in words for the plan. Latency SLOs below
//! the physical bound (fibre on the great circle, [`Bounds`]) are reported
//! as impossible: no design can meet them.

use serde::Serialize;

use super::{ClassCtx, Metrics};
use crate::candidate::Candidate;
use crate::model::{Conflicts, Consistency, Replication, Topology};
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
    /// No design can meet it (below the physical bound).
    pub impossible: bool,
}

/// Physical lower bounds on p99 latency per population, whatever the design.
#[derive(Debug, Clone)]
pub struct Bounds {
    /// Fibre RTT to the nearest allowed region, and that region.
    pub read_ms: Vec<(f64, usize)>,
    /// The same, plus one more allowed region when RPO must be 0.
    pub write_ms: Vec<(f64, usize)>,
}

impl Bounds {
    pub fn new(network: &Network, class: &DataClass, populations: usize) -> Self {
        let allowed: Vec<usize> = (0..class.allowed.len())
            .filter(|r| class.allowed[*r])
            .collect();
        let needs_second = class.slo.rpo_s == Some(0.0);
        let mut read_ms = Vec::new();
        let mut write_ms = Vec::new();
        for p in 0..populations {
            let fiber = &network.user_fiber[p];
            let mut read = (f64::INFINITY, 0);
            let mut write = (f64::INFINITY, 0);
            for &r in &allowed {
                if fiber[r] < read.0 {
                    read = (fiber[r], r);
                }
                let extra = if needs_second {
                    allowed
                        .iter()
                        .filter(|o| **o != r)
                        .map(|o| network.region_fiber[r][*o])
                        .fold(f64::INFINITY, f64::min)
                } else {
                    0.0
                };
                if fiber[r] + extra < write.0 {
                    write = (fiber[r] + extra, r);
                }
            }
            read_ms.push(read);
            write_ms.push(write);
        }
        Bounds { read_ms, write_ms }
    }
}

/// Whether the design can give the class's consistency and conflict handling.
pub fn semantics_ok(ctx: &ClassCtx, cand: &Candidate) -> (bool, bool) {
    let engine = ctx.engine(cand);
    let async_aa =
        cand.topology == Topology::ActiveActive && cand.replication == Replication::Async;
    let consistency_ok = !(async_aa && ctx.class.consistency == Consistency::Strong);
    let conflicts_ok = !async_aa
        || (ctx.class.conflicts != Conflicts::SingleWriter
            && engine.aa_conflicts.contains(&ctx.class.conflicts));
    (consistency_ok, conflicts_ok)
}

fn ratio_score(estimate: f64, target: f64) -> f64 {
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
        });
    }
    if let Some(target) = slo.rpo_s.filter(|t| m.rpo_s > *t) {
        c.fail(kind::RPO, ratio_score(m.rpo_s, target), || Violation {
            slo: "rpo".into(),
            target: format_duration_s(target),
            estimate: format_duration_s(m.rpo_s),
            why: rpo_why(ctx, cand, m),
            impossible: false,
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
                        .map(|(s, t)| format!("{s} {}", format_duration_s(*t)))
                        .collect::<Vec<_>>()
                        .join(" + ")
                )
            },
            impossible: false,
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
            },
        );
    }
    for (bit, which, target, estimates, regions, bounds) in [
        (
            kind::READ_LATENCY,
            "read_latency",
            slo.read_latency_ms,
            &m.routes.read_ms,
            &m.routes.read_from,
            &ctx.bounds.read_ms,
        ),
        (
            kind::WRITE_LATENCY,
            "write_latency",
            slo.write_latency_ms,
            &m.routes.write_ms,
            &m.routes.write_to,
            &ctx.bounds.write_ms,
        ),
    ] {
        let Some(target) = target else { continue };
        for (p, est) in estimates.iter().enumerate() {
            if *est <= target {
                continue;
            }
            let (bound, bound_region) = bounds[p];
            let impossible = target < bound;
            c.fail(bit, ratio_score(*est, target), || {
                let pop = &ctx.users[p].name;
                let why = if impossible {
                    let extra = if bit == kind::WRITE_LATENCY && ctx.class.slo.rpo_s == Some(0.0) {
                        " and on to a second region (RPO 0 needs two copies before a write is acknowledged)"
                    } else {
                        ""
                    };
                    format!(
                        "{which} {target:.0}ms is below the {bound:.0}ms physical bound: light in fibre from {pop} to the nearest allowed region ({}){extra}",
                        ctx.catalog.regions[bound_region].id
                    )
                } else {
                    let region = &ctx.catalog.regions[regions[p]].id;
                    if bit == kind::WRITE_LATENCY {
                        format!("p99 write from {pop} via {region} (commit included) is {est:.0}ms")
                    } else {
                        format!("p99 read from {pop} at {region} is {est:.0}ms")
                    }
                };
                Violation {
                    slo: format!("{which}:{pop}"),
                    target: format!("{target:.0}ms"),
                    estimate: format!("{est:.0}ms"),
                    why,
                    impossible,
                }
            });
        }
    }
    c.result
}

fn rpo_why(ctx: &ClassCtx, cand: &Candidate, m: &Metrics) -> String {
    let engine = ctx.engine(cand);
    match (cand.topology, cand.replication) {
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
