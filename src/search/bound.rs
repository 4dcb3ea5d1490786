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
use crate::engines::{EnginePricing, MAX_MODES, PriceFloor};
use crate::evaluate::ClassCtx;
use crate::model::{Commitment, Topology};
use crate::units::{BYTES_PER_GB, SECONDS_PER_MONTH};
use crate::workload::Workload;

/// Per-region prices the bounds read, fixed for a family.
pub(super) struct RegionPrices {
    /// Regional price ÷ list price.
    pub index: Vec<f64>,
    /// A floor of the transfer price from the region to another of the
    /// pool.
    pub transfer_from: Vec<f64>,
}

impl RegionPrices {
    /// Every region's index, and its cheapest transfer to another region
    /// of `pool` (the regions the family may use; a pinned region outside
    /// it is priced too; a region with no other in the pool, at its usual
    /// transfer-out price). Only `cloud`'s regions are priced: a design
    /// stays in its engine's cloud, and the others keep a floor of 0.
    pub fn new(catalog: &Catalog, pool: &[usize], cloud: usize) -> RegionPrices {
        let n = catalog.regions.len();
        let index = (0..n).map(|r| catalog.regional_price(1.0, r).0).collect();
        let mut sorted = pool.to_vec();
        sorted.sort_unstable();
        let transfer_from = (0..n)
            .map(|r| {
                if catalog.regions[r].cloud != cloud {
                    return 0.0;
                }
                catalog
                    .cheapest_transfer_from(r, &sorted)
                    .unwrap_or(catalog.regions[r].transfer_out_usd_per_gb)
            })
            .collect();
        RegionPrices {
            index,
            transfer_from,
        }
    }
}

/// An engine's routed floor ([`crate::engines::EnginePricing::routed_floors`])
/// as the search reads it, fixed for a family: per region count and
/// capacity mode, its factors on the price index and on the transfer
/// price, so a bound is a few products, not the engine's arithmetic again
/// for each node. The search bounds designs of *at least* k regions, so
/// each factor is the least over every count from k to the family's most
/// (a floor need not grow with the count: Cosmos DB bills each region for
/// its busiest region's reads, at least 1/k of them).
pub(super) struct RoutedFloor {
    /// By region count less one, per mode: the (index, transfer) factors
    /// (infinite past the engine's modes).
    factors: Vec<[(f64, f64); MAX_MODES]>,
    /// The most the index may be taken to be: the least price index of
    /// the regions where the engine bills its index terms (see
    /// [`crate::engines::PricingModel::routed_index_cap`]; infinite where
    /// they are billed where served, whose least index the caller gives).
    index_cap: f64,
}

impl RoutedFloor {
    /// `replicated`: the copies are live replicas, not backups; designs
    /// hold at most `max_regions` regions (a count beyond it reads the
    /// factors of `max_regions`), the busiest of them serving at least
    /// `busiest` of the reads (the largest population's share: each
    /// population is served from one region); `least_index`: the least
    /// price index of the engine's cloud.
    pub fn new(
        pricing: &EnginePricing,
        w: &Workload,
        commitment: Commitment,
        (topology, replicated): (Topology, bool),
        (max_regions, busiest): (usize, f64),
        least_index: impl FnOnce() -> f64,
    ) -> RoutedFloor {
        let index_cap = pricing
            .routed_index_cap()
            .map_or(f64::INFINITY, |ratio| ratio.min(least_index()));
        // An index at or below the cap, so the engine's floor is linear in it.
        let unit = index_cap.clamp(f64::MIN_POSITIVE, 1.0);
        let floors = |regions: usize, index: f64, transfer_per_gb: f64| {
            pricing.routed_floors(
                w,
                commitment,
                topology,
                (regions, replicated, busiest),
                &PriceFloor {
                    index,
                    transfer_per_gb,
                },
            )
        };
        let at = |k: usize| {
            let (index, transfer) = (floors(k, unit, 0.0), floors(k, 0.0, 1.0));
            let mut out = [(f64::INFINITY, f64::INFINITY); MAX_MODES];
            for (slot, (index, transfer)) in out.iter_mut().zip(index.into_iter().zip(transfer)) {
                if index.is_finite() {
                    *slot = (index / unit, transfer);
                }
            }
            out
        };
        let mut factors = vec![[(f64::INFINITY, f64::INFINITY); MAX_MODES]; max_regions.max(1)];
        if pricing.routed_floor_affine() {
            // Two counts give every other (the engine asks for less work).
            let (one, two) = (at(1), at(2));
            for (k, slot) in factors.iter_mut().enumerate() {
                for ((slot, one), two) in slot.iter_mut().zip(one).zip(two) {
                    if one.0.is_finite() {
                        let more = k as f64;
                        *slot = (
                            one.0 + more * (two.0 - one.0),
                            one.1 + more * (two.1 - one.1),
                        );
                    }
                }
            }
        } else {
            for (k, slot) in factors.iter_mut().enumerate() {
                *slot = at(k + 1);
            }
        }
        for k in (0..factors.len() - 1).rev() {
            let next = factors[k + 1];
            for (cur, next) in factors[k].iter_mut().zip(next) {
                *cur = (cur.0.min(next.0), cur.1.min(next.1));
            }
        }
        RoutedFloor { factors, index_cap }
    }

    /// Per mode, the routed floor of one design alone: `regions` regions,
    /// the busiest serving `busiest` of the reads, at `prices` (the
    /// design's own least, capped as [`Self::at`] caps them).
    pub fn alone(
        &self,
        (pricing, w, commitment): (&EnginePricing, &Workload, Commitment),
        (topology, replicated): (Topology, bool),
        (regions, busiest): (usize, f64),
        prices: &PriceFloor,
    ) -> [f64; MAX_MODES] {
        let capped = PriceFloor {
            index: prices.index.min(self.index_cap),
            transfer_per_gb: prices.transfer_per_gb,
        };
        pricing.routed_floors(
            w,
            commitment,
            topology,
            (regions, replicated, busiest),
            &capped,
        )
    }

    /// Per mode, the routed floor of designs of at least `regions` regions
    /// (at least one) at `prices`.
    pub fn at(&self, regions: usize, prices: &PriceFloor) -> [f64; MAX_MODES] {
        let k = regions.clamp(1, self.factors.len()) - 1;
        let index_price = prices.index.min(self.index_cap);
        // (A factor of 0 adds nothing, even at an infinite price.)
        let term = |factor: f64, price: f64| if factor == 0.0 { 0.0 } else { factor * price };
        let mut out = [f64::INFINITY; MAX_MODES];
        for (slot, (index, transfer)) in out.iter_mut().zip(self.factors[k]) {
            if index.is_finite() {
                *slot = term(index, index_price) + term(transfer, prices.transfer_per_gb);
            }
        }
        out
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
    /// Its RTO (the same for every region set it fits).
    pub rto_s: f64,
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
                // By the serving region's geography; another cloud's
                // regions never serve through this mechanism.
                catalog
                    .traffic
                    .geography
                    .iter()
                    .zip(&catalog.regions)
                    .map(|(geo, r)| {
                        if r.cloud == m.cloud {
                            m.premium_usd_per_gb.get(geo).map_or(0.0, |f| f.value)
                        } else {
                            0.0
                        }
                    })
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
                rto_s: rto,
                ruled_out_by: crate::evaluate::traffic::ruled_out_by(ctx, probe.topology, i),
            });
        }
    }
    out
}

/// The least prices among a set of regions that may serve a population:
/// price index, transfer out, and each traffic option's premium rate.
#[derive(Clone)]
pub(super) struct Served {
    pub index: f64,
    pub transfer: f64,
    /// Per option of [`option_floors`] (empty when no premium matters).
    pub premium: Vec<f64>,
}

impl Served {
    pub fn new(options: usize) -> Served {
        Served {
            index: f64::INFINITY,
            transfer: f64::INFINITY,
            premium: vec![f64::INFINITY; options],
        }
    }

    fn reset(&mut self) {
        self.index = f64::INFINITY;
        self.transfer = f64::INFINITY;
        self.premium.fill(f64::INFINITY);
    }

    /// Adds region `r` to the set.
    pub fn add(&mut self, r: usize, prices: &RegionPrices, options: &[OptionFloor]) {
        self.index = self.index.min(prices.index[r]);
        self.transfer = self.transfer.min(prices.transfer_from[r]);
        for (least, option) in self.premium.iter_mut().zip(options) {
            if let Some(rate) = option.premium_rate.get(r) {
                *least = least.min(*rate);
            }
        }
    }

    /// Adds the first `k` regions of a running minimum.
    fn add_first(&mut self, running: &Running, k: usize) {
        self.index = self.index.min(running.index[k]);
        self.transfer = self.transfer.min(running.transfer[k]);
        let options = self.premium.len();
        for (least, x) in self
            .premium
            .iter_mut()
            .zip(&running.premium[k * options..(k + 1) * options])
        {
            *least = least.min(*x);
        }
    }
}

/// Running minima of [`Served`] over the first k regions of an order
/// (k = 0 ..= its length), and how many regions they are.
struct Running {
    index: Vec<f64>,
    transfer: Vec<f64>,
    /// Options by k: `premium[k * options + o]`.
    premium: Vec<f64>,
    count: Vec<u32>,
}

impl Running {
    /// Over the regions of `order` that `keep` accepts.
    fn new(
        order: &[usize],
        keep: impl Fn(usize) -> bool,
        prices: &RegionPrices,
        options: &[OptionFloor],
        premium: usize,
    ) -> Running {
        let n = order.len() + 1;
        let mut out = Running {
            index: Vec::with_capacity(n),
            transfer: Vec::with_capacity(n),
            premium: Vec::with_capacity(n * premium),
            count: Vec::with_capacity(n),
        };
        let mut cur = Served::new(premium);
        let mut count = 0;
        for k in 0..n {
            if k > 0 && keep(k - 1) {
                cur.add(order[k - 1], prices, options);
                count += 1;
            }
            out.index.push(cur.index);
            out.transfer.push(cur.transfer);
            out.premium.extend_from_slice(&cur.premium);
            out.count.push(count);
        }
        out
    }
}

/// For each population, the regions of a pool in order of nearness, with
/// running minima of the prices the node bound reads. In the designs grown
/// from a set, a population is served by the set's nearest region or one
/// nearer still: a prefix of this order, so its prices are a lookup, not a
/// walk over the regions (which was a quarter of a plan's time).
pub(super) struct Nearness {
    /// Per population, the p99 to each region of its order.
    ms: Vec<Vec<f64>>,
    /// Per population and pool position: how many regions of its order
    /// are no farther than that one.
    upto: Vec<Vec<u32>>,
    /// Per population: over every region of its order, and over those
    /// within its latency SLOs only.
    all: Vec<Running>,
    within: Vec<Running>,
}

impl Nearness {
    /// The order of `pool` (regions) for each population; `within[p]`:
    /// the pool positions that serve `p` within its SLOs.
    pub fn new(
        ctx: &ClassCtx,
        prices: &RegionPrices,
        options: &[OptionFloor],
        pool: &[usize],
        within: &[crate::bits::Bits],
    ) -> Nearness {
        let net = &ctx.network;
        let mut position = vec![None; ctx.catalog.regions.len()];
        for (i, r) in pool.iter().enumerate() {
            position[*r] = Some(i);
        }
        let premium = premium_slots(options);
        let mut out = Nearness {
            ms: Vec::new(),
            upto: Vec::new(),
            all: Vec::new(),
            within: Vec::new(),
        };
        for (p, within) in within.iter().enumerate() {
            let row = &net.user_p99[p];
            let order: Vec<usize> = net.user_order[p]
                .iter()
                .filter_map(|r| position[*r])
                .collect();
            let ms: Vec<f64> = order.iter().map(|i| row[pool[*i]]).collect();
            let mut upto = vec![0u32; pool.len()];
            // (Ties share the count of the last of them.)
            let mut k = ms.len();
            for j in (0..ms.len()).rev() {
                if j + 1 < ms.len() && ms[j] < ms[j + 1] {
                    k = j + 1;
                }
                upto[order[j]] = k as u32;
            }
            let regions: Vec<usize> = order.iter().map(|i| pool[*i]).collect();
            out.all
                .push(Running::new(&regions, |_| true, prices, options, premium));
            out.within.push(Running::new(
                &regions,
                |k| within.contains(order[k]),
                prices,
                options,
                premium,
            ));
            out.ms.push(ms);
            out.upto.push(upto);
        }
        out
    }

    /// How many regions of `p`'s order are no farther than pool position
    /// `i`.
    pub fn upto(&self, p: usize, i: usize) -> usize {
        self.upto[p][i] as usize
    }

    /// How many regions of `p`'s order are no farther than `ms`.
    pub fn no_farther(&self, p: usize, ms: f64) -> usize {
        self.ms[p].partition_point(|m| *m <= ms)
    }

    /// Adds to `reads` the first `k` regions of `p`'s order: only those
    /// within its SLOs when `within_only`. Returns how many were added.
    pub fn add_first(&self, p: usize, k: usize, within_only: bool, reads: &mut Served) -> usize {
        let running = if within_only {
            &self.within[p]
        } else {
            &self.all[p]
        };
        reads.add_first(running, k);
        running.count[k] as usize
    }
}

/// Whether the premium matters: only where every option it is compared
/// with has one (the least over options is taken).
fn premium_needed(options: &[OptionFloor]) -> bool {
    options.iter().any(|o| !o.premium_rate.is_empty())
        && (options.iter().all(|o| !o.premium_rate.is_empty())
            || options.iter().any(|o| !o.meets_rto))
}

/// How many premium rates a [`Served`] keeps: one per option where the
/// premium matters, else none.
pub(super) fn premium_slots(options: &[OptionFloor]) -> usize {
    if premium_needed(options) {
        options.len()
    } else {
        0
    }
}

/// Fills, for population `p`, the least prices of the regions that may
/// serve its reads and take its writes: `servers(p, reads, writes)` (both
/// reset).
pub(super) type Servers<'s> = dyn FnMut(usize, &mut Served, &mut Served) + 's;

/// What a node's bound adds to the per-region floors: the routed prices
/// at the cheapest each population can be served, and each traffic
/// option's premium at least.
pub(super) struct NodeFloor {
    pub prices: PriceFloor,
    /// Per option of [`option_floors`]: the least premium (empty where no
    /// premium matters: none is 0).
    pub premium: Vec<f64>,
}

/// Weighted by population share (normalised, as routing does), the least
/// price index, transfer price and premium each population can be served
/// at, given its candidate servers ([`Servers`]) in the designs grown from
/// the node.
pub(super) fn node_floor(
    ctx: &ClassCtx,
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
    // (No premium that matters: none kept, nothing allocated.)
    let premium = premium_slots(options);
    let mut premium_out = vec![0.0; premium];
    let mut premium_in = vec![0.0; premium];
    let (mut reads, mut writes) = (Served::new(premium), Served::new(premium));
    for p in 0..ctx.users.len() {
        reads.reset();
        writes.reset();
        servers(p, &mut reads, &mut writes);
        let share = if total > 0.0 {
            ctx.users[p].share / total
        } else {
            0.0
        };
        read_index += share * reads.index;
        write_index += share * writes.index;
        transfer += share * writes.transfer;
        for (o, option) in options.iter().enumerate().take(premium) {
            if option.premium_rate.is_empty() {
                continue;
            }
            premium_out[o] += share * out_gb * reads.premium[o];
            premium_in[o] += share * in_gb * writes.premium[o];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every engine of the catalog, for workloads of several shapes, each
    /// commitment, replicas or backups: the routed floor read from its
    /// factors is the engine's own at 1–9 regions and several prices (the
    /// factors hold only while every engine's floor is linear in the prices
    /// and affine in the regions).
    #[test]
    fn routed_floor_factors_give_every_engines_floor() {
        let catalog = crate::catalog::load_embedded().expect("the embedded catalog loads");
        let workloads = [
            (200.0, 20.0, 2048.0, false, 11.0),
            (30_000.0, 9_000.0, 600.0, true, 4_000.0),
            (5.0, 300.0, 400_000.0, false, 50.0),
            (6_000.0, 10.0, 1024.0, false, 1.0),
        ];
        let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-9 * b.abs().max(1.0);
        let mut lowered = 0;
        for engine in &catalog.engines {
            let least = catalog.least_index(engine.cloud);
            let max = 9;
            for &(reads, writes, bytes, strong, gb) in &workloads {
                let w = Workload {
                    size_gb: gb,
                    reads_per_s: reads,
                    writes_per_s: writes,
                    item_bytes: bytes,
                    strong_reads: strong,
                    peak_to_average: 1.5,
                };
                for commitment in [Commitment::None, Commitment::OneYear] {
                    for replicated in [false, true] {
                        for topology in [Topology::ActivePassive, Topology::ActiveActive] {
                            let routed = RoutedFloor::new(
                                &engine.pricing,
                                &w,
                                commitment,
                                (topology, replicated),
                                (max, 0.0),
                                || least,
                            );
                            for (index, transfer_per_gb) in [(1.0, 0.02), (1.4, 0.09), (0.8, 0.0)] {
                                let prices = PriceFloor {
                                    index,
                                    transfer_per_gb,
                                };
                                // The engine's floor with the index capped where
                                // the engine bills it in every region.
                                let capped = PriceFloor {
                                    index: engine
                                        .pricing
                                        .routed_index_cap()
                                        .map_or(index, |c| index.min(c.min(least))),
                                    transfer_per_gb,
                                };
                                let floors = |index: f64, transfer_per_gb: f64| {
                                    let at = PriceFloor {
                                        index,
                                        transfer_per_gb,
                                    };
                                    (1..=max)
                                        .map(|k| {
                                            engine.pricing.routed_floors(
                                                &w,
                                                commitment,
                                                topology,
                                                (k, replicated, 0.0),
                                                &at,
                                            )
                                        })
                                        .collect::<Vec<_>>()
                                };
                                let want = floors(capped.index, transfer_per_gb);
                                // Its two terms apart (each is bounded apart).
                                let (by_index, by_transfer) =
                                    (floors(capped.index, 0.0), floors(0.0, transfer_per_gb));
                                for k in 1..=max {
                                    let got = routed.at(k, &prices);
                                    for m in 0..MAX_MODES {
                                        let later = want[k - 1..].iter().map(|f| f[m]);
                                        let least_later =
                                            later.clone().fold(f64::INFINITY, f64::min);
                                        // A floor of every design of at least k regions…
                                        assert!(
                                            got[m] <= least_later * (1.0 + 1e-9),
                                            "{}: {k}+ regions at {prices:?}: {} above {least_later}",
                                            engine.id,
                                            got[m]
                                        );
                                        // …and the engine's own where it grows with the count.
                                        let grows = |f: &[[f64; MAX_MODES]]| {
                                            f[k - 1..].windows(2).all(|p| p[0][m] <= p[1][m])
                                        };
                                        let grows = grows(&by_index) && grows(&by_transfer);
                                        assert!(
                                            grows || !engine.pricing.routed_floor_affine(),
                                            "{}: says its floor grows with the count",
                                            engine.id
                                        );
                                        if grows {
                                            assert!(
                                                close(got[m], want[k - 1][m]),
                                                "{}: {k} regions at {prices:?}: {} vs {}",
                                                engine.id,
                                                got[m],
                                                want[k - 1][m]
                                            );
                                        } else {
                                            lowered += 1;
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Cosmos DB's floor falls with the count for a read-heavy load
        // under its storage minimum: the case the suffix minima are for.
        assert!(lowered > 0, "no floor fell with the region count");
    }
}
