//! Lower bounds on the cost of every design a partial region set can grow
//! into, for the search's pruning. What it may assume and what it must not:
//!
//! - *Routing only tightens.* Each population is served by its nearest
//!   region, so in any design grown from a set it is served by its nearest
//!   region of the set or by a region nearer still. Its requests and the
//!   transfer of its writes are billed at the cheapest of those regions at
//!   least, and an accelerator's premium at the cheapest of their
//!   geographies' rates. This holds for every design of the subtree, met
//!   SLOs or not.
//! - *Latency, when assumed met*, narrows each population's servers to the
//!   regions within its budget (the search grows sets only towards them).
//! - *The RTO, when assumed met*, narrows the traffic mechanisms to those
//!   whose recovery meets it (a mechanism's RTO does not depend on the
//!   regions, only whether it fits them). A design failing only the RTO is
//!   what relaxing it would cost, so the search bounds it apart, without
//!   that assumption (see `FamilySearch::pruned`).
//!
//! Nothing here measures a design: bounds are sums of catalog prices.

use crate::catalog::Catalog;
use crate::engines::PriceFloor;
use crate::evaluate::ClassCtx;
use crate::model::Topology;
use crate::units::{BYTES_PER_GB, SECONDS_PER_MONTH};

/// Per-region prices the bounds read, fixed for a family.
pub(super) struct RegionPrices {
    /// Regional price ÷ list price.
    pub index: Vec<f64>,
    /// A floor of the transfer price from the region to another of the
    /// pool.
    pub transfer_from: Vec<f64>,
}

impl RegionPrices {
    /// Every region's index, and its cheapest transfer to a region of
    /// `pool` (the regions the family may use; a pinned region outside it
    /// is priced too).
    pub fn new(catalog: &Catalog, pool: &[usize]) -> RegionPrices {
        let n = catalog.regions.len();
        let index = (0..n).map(|r| catalog.regional_price(1.0, r).0).collect();
        // A region sends at its own transfer-out price, except to the
        // regions of a listed exception: the least of those is a floor.
        let mut in_pool = vec![false; n];
        for &r in pool {
            in_pool[r] = true;
        }
        let mut transfer_from: Vec<f64> = catalog
            .regions
            .iter()
            .map(|r| r.transfer_out_usd_per_gb)
            .collect();
        for (from, exceptions) in catalog.transfer_exceptions.iter().enumerate() {
            for &(to, usd) in exceptions {
                if in_pool[to] && from != to {
                    transfer_from[from] = transfer_from[from].min(usd);
                }
            }
        }
        RegionPrices {
            index,
            transfer_from,
        }
    }
}

/// One traffic option (mechanism × check speed) as the bound sees it.
pub(super) struct OptionFloor {
    /// Health checks per region, a month.
    pub per_region_usd: f64,
    /// Fixed fee, a month.
    pub fixed_usd: f64,
    /// Premium per GB of the dominant direction, by serving region
    /// (empty: no premium).
    pub premium_rate: Vec<f64>,
    /// Its recovery meets the class's RTO (true when the class has none).
    pub meets_rto: bool,
    /// The region whose presence in a set rules it out, if any.
    pub ruled_out_by: Option<usize>,
}

/// The traffic options that may fit a family's designs, with what each
/// costs at least and whether its RTO meets the target.
pub(super) fn option_floors(
    ctx: &ClassCtx,
    probe: &crate::candidate::Candidate,
) -> Vec<OptionFloor> {
    if probe.topology == Topology::SingleRegion {
        return Vec::new();
    }
    let catalog = ctx.catalog;
    let target = ctx.class.slo.rto_s;
    let mut out = Vec::new();
    // The probe holds no region, so every option that fits some region set
    // fits it; its RTO does not depend on the regions.
    let mut probe = probe.clone();
    probe.regions.clear();
    probe.primary = None;
    probe.witness = None;
    for (i, m) in catalog.traffic.mechanisms.iter().enumerate() {
        if !crate::evaluate::traffic::fits(ctx, &probe, i) {
            continue;
        }
        let speeds: &[bool] = if m.has_fast() {
            &[false, true]
        } else {
            &[false]
        };
        for &fast in speeds {
            probe.traffic = i;
            probe.fast_detection = fast;
            let rto = crate::evaluate::recovery::rto_s(ctx, &probe);
            let mut per_region_usd = 0.0;
            if m.health_check_item.is_some() {
                let dns = &catalog.clouds[m.cloud].dns;
                per_region_usd = dns.health_check_usd_month.value;
                if fast {
                    per_region_usd += dns.fast_interval_usd_month.value;
                }
            }
            let premium_rate = if m.premium_usd_per_gb.is_empty() {
                Vec::new()
            } else {
                catalog
                    .traffic
                    .geography
                    .iter()
                    .map(|geo| m.premium_usd_per_gb.get(geo).map_or(0.0, |f| f.value))
                    .collect()
            };
            out.push(OptionFloor {
                per_region_usd,
                fixed_usd: m
                    .fixed_usd_hour
                    .as_ref()
                    .map_or(0.0, |f| f.value * crate::cost::HOURS_PER_MONTH),
                premium_rate,
                meets_rto: target.is_none_or(|t| rto <= t),
                ruled_out_by: crate::evaluate::traffic::ruled_out_by(ctx, probe.topology, i),
            });
        }
    }
    out
}

/// Fills, for population `p`, the regions that may serve its reads and
/// take its writes: `servers(p, reads, writes)`.
pub(super) type Servers<'s> = dyn FnMut(usize, &mut Vec<usize>, &mut Vec<usize>) + 's;

/// What a node's bound adds to the per-region floors: the routed prices
/// at the cheapest each population can be served, and each traffic
/// option's premium at least.
pub(super) struct NodeFloor {
    pub prices: PriceFloor,
    /// Per option of [`option_floors`]: the least premium.
    pub premium: Vec<f64>,
}

/// Weighted by population share (normalised, as routing does), the least
/// price index, transfer price and premium each population can be served
/// at, given its candidate servers ([`Servers`]) in the designs grown from
/// the node.
pub(super) fn node_floor(
    ctx: &ClassCtx,
    prices: &RegionPrices,
    options: &[OptionFloor],
    servers: &mut Servers,
) -> NodeFloor {
    let total: f64 = ctx.users.iter().map(|u| u.share).sum();
    let w = &ctx.workload;
    let out_gb = w.reads_per_s * w.item_bytes * SECONDS_PER_MONTH / BYTES_PER_GB;
    let in_gb = w.writes_per_s * w.item_bytes * SECONDS_PER_MONTH / BYTES_PER_GB;
    let mut read_index = 0.0;
    let mut write_index = 0.0;
    let mut transfer = 0.0;
    let mut premium_out = vec![0.0; options.len()];
    let mut premium_in = vec![0.0; options.len()];
    let (mut reads, mut writes) = (Vec::new(), Vec::new());
    // The premium matters only where every option it is compared with has
    // one (the least over options is taken).
    let premium_needed = options.iter().any(|o| !o.premium_rate.is_empty())
        && (options.iter().all(|o| !o.premium_rate.is_empty())
            || options.iter().any(|o| !o.meets_rto));
    for p in 0..ctx.users.len() {
        reads.clear();
        writes.clear();
        servers(p, &mut reads, &mut writes);
        let share = if total > 0.0 {
            ctx.users[p].share / total
        } else {
            0.0
        };
        let (mut r_index, mut w_index, mut w_transfer) =
            (f64::INFINITY, f64::INFINITY, f64::INFINITY);
        for &r in &reads {
            r_index = r_index.min(prices.index[r]);
        }
        for &r in &writes {
            w_index = w_index.min(prices.index[r]);
            w_transfer = w_transfer.min(prices.transfer_from[r]);
        }
        read_index += share * r_index;
        write_index += share * w_index;
        transfer += share * w_transfer;
        if !premium_needed {
            continue;
        }
        for (o, option) in options.iter().enumerate() {
            if option.premium_rate.is_empty() {
                continue;
            }
            let least = |set: &[usize]| {
                set.iter()
                    .map(|r| option.premium_rate[*r])
                    .fold(f64::INFINITY, f64::min)
            };
            premium_out[o] += share * out_gb * least(&reads);
            premium_in[o] += share * in_gb * least(&writes);
        }
    }
    let finite = |x: f64| if x.is_finite() { x } else { f64::INFINITY };
    NodeFloor {
        prices: PriceFloor {
            index: finite(read_index.min(write_index)),
            transfer_per_gb: finite(transfer),
        },
        premium: premium_out
            .iter()
            .zip(&premium_in)
            .map(|(a, b)| a.max(*b))
            .collect(),
    }
}

/// The least any option (of those meeting the RTO, when `assume_rto`)
/// costs for a design of `regions` regions: checks, fee and premium.
pub(super) fn traffic_floor(
    options: &[OptionFloor],
    premium: &[f64],
    regions: usize,
    assume_rto: bool,
) -> f64 {
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| !assume_rto || o.meets_rto)
        .map(|(i, o)| {
            o.per_region_usd * regions as f64 + o.fixed_usd + premium.get(i).copied().unwrap_or(0.0)
        })
        .reduce(f64::min)
        // No mechanism fits (or none meets the RTO): such designs fail
        // over through nothing, and cost nothing here.
        .unwrap_or(if assume_rto && !options.is_empty() {
            f64::INFINITY
        } else {
            0.0
        })
}
