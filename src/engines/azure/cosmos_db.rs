//! Azure Cosmos DB for NoSQL, provisioned throughput. An account's
//! throughput (RU/s) is provisioned in every region it spans, each billed
//! the full amount ("T × N"), with its storage; the rate per 100 RU/s-hour
//! doubles with multi-region writes. Replication bytes are billed as
//! inter-region transfer from the region that took the write.
//!
//! Two capacity modes, one per design (the cheaper):
//! - *Manual* (standard) throughput: provisioned for the peak, at least the
//!   account minimum and 1 RU/s per GB stored, in steps of 100 RU/s; with a
//!   single write region and zones in use, at the zone-redundancy premium;
//!   reserved capacity (a discount per term) covers it under a commitment.
//! - *Autoscale*: a maximum set at the peak, billed each hour on the
//!   highest RU/s reached (at least a tenth of the maximum) at 1.5× the
//!   manual rate with one write region, the manual rate with several; no
//!   zone premium. meridian bills the hour's highest at the workload's
//!   average (its peak-to-average describes the day, not the hour): a bill
//!   with bursts inside the hour is higher, which the capacity note says.
//!
//! - *Serverless* (where the catalog prices it): no throughput to
//!   provision; every request unit consumed is billed per million (×1.25
//!   in a zone-redundant region), with the storage. One region only, and
//!   up to a limit of RU/s per container that grows with the data's
//!   physical partitions: offered to single-region designs whose peak
//!   stays within it.
//!
//! Request units per operation come from Microsoft's table by item size
//! (reads doubled for strong and bounded-staleness consistency). Every
//! region carries every write (local or replicated) and the reads it
//! serves; throughput is one figure for the account, so each region is
//! provisioned for the busiest region's share of reads.

use std::collections::BTreeMap;

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{Capacity, CostCtx, FloorAsk, PriceFloor, PricingModel, price};
use crate::model::{CapacityMode, Commitment, Topology};
use crate::units::format_count;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    /// Manual throughput, one write region, per 100 RU/s-hour per region.
    pub manual_100rus_hour: f64,
    /// Multi-region writes, manual or autoscale, per 100 RU/s-hour.
    pub multi_write_100rus_hour: f64,
    /// Autoscale rate ÷ manual rate with one write region.
    pub autoscale_factor: f64,
    /// Zone-redundant regions' premium on manual single-write throughput.
    pub zone_redundancy_factor: f64,
    pub storage_gb_month: f64,
    /// Least manual throughput of a container, and per GB stored.
    pub min_rus: f64,
    pub min_rus_per_gb: f64,
    /// Least autoscale maximum, and the share of it always billed.
    pub autoscale_min_max_rus: f64,
    pub autoscale_floor_share: f64,
    /// Reserved-capacity discount on manual throughput, per term.
    pub reserved_1y_discount: Option<f64>,
    pub reserved_3y_discount: Option<f64>,
    /// Request units of a point read and of a write, by item size (KB).
    pub ru_table: Vec<(f64, f64, f64)>,
    /// Read RU multiplier for strong and bounded-staleness reads.
    pub strong_read_factor: f64,
    /// Published throughput price ratios to the list region, by region id
    /// (elsewhere the cloud's price index applies, marked derived).
    pub region_ratio: BTreeMap<String, f64>,
    /// A serverless account, where the catalog prices one.
    pub serverless: Option<Serverless>,
}

/// A serverless account's price and throughput limit.
#[derive(Debug, Clone)]
pub struct Serverless {
    /// The list price, moved to a region by the cloud's price index, and
    /// the regions' own prices where published.
    pub usd_per_million_ru: f64,
    pub region_usd: BTreeMap<String, f64>,
    /// RU/s a container serves per physical partition, and the data a
    /// physical partition holds (GB).
    pub rus_per_partition: f64,
    pub gb_per_partition: f64,
}

/// Throughput is provisioned in steps of 100 RU/s.
const STEP: f64 = 100.0;

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        let discount = |key: &str| -> Result<Option<f64>, String> {
            match crate::engines::optional_price(table, key)? {
                Some(d) if d < 1.0 => Ok(Some(d)),
                Some(_) => Err(format!("[prices] `{key}` must be below 1 (a share off)")),
                None => Ok(None),
            }
        };
        Ok(Self {
            manual_100rus_hour: price(table, "manual_usd_per_100rus_hour")?,
            multi_write_100rus_hour: price(table, "multi_write_usd_per_100rus_hour")?,
            autoscale_factor: price(table, "autoscale_rate_factor")?.max(1.0),
            zone_redundancy_factor: price(table, "zone_redundancy_factor")?.max(1.0),
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            min_rus: price(table, "min_rus")?,
            min_rus_per_gb: price(table, "min_rus_per_gb")?,
            autoscale_min_max_rus: price(table, "autoscale_min_max_rus")?,
            autoscale_floor_share: price(table, "autoscale_billed_floor_share")?.clamp(0.0, 1.0),
            reserved_1y_discount: discount("reserved_1y_discount")?,
            reserved_3y_discount: discount("reserved_3y_discount")?,
            ru_table: ru_table(table)?,
            strong_read_factor: price(table, "strong_read_factor")?.max(1.0),
            region_ratio: by_region(table, "region_ratio")?,
            serverless: match crate::engines::optional_price(
                table,
                "serverless_usd_per_million_ru",
            )? {
                None => None,
                Some(usd) => Some(Serverless {
                    usd_per_million_ru: usd,
                    region_usd: by_region(table, "serverless_region_usd_per_million_ru")?,
                    rus_per_partition: price(table, "serverless_rus_per_partition")?,
                    gb_per_partition: price(table, "serverless_gb_per_partition")?,
                }),
            },
        })
    }

    /// Request units a month at the workload's average rates (what a
    /// serverless account bills), before the zone factor.
    fn monthly_rus(&self, w: &Workload) -> f64 {
        let (read_ru, write_ru) = self.ru_per_op(w.item_bytes, w.strong_reads);
        (w.reads_per_s * read_ru + w.writes_per_s * write_ru) * crate::units::SECONDS_PER_MONTH
    }

    /// The most RU/s a serverless container serves with `w`'s data: a
    /// physical partition's share per partition the data fills.
    fn serverless_limit(s: &Serverless, w: &Workload) -> f64 {
        s.rus_per_partition * (w.size_gb / s.gb_per_partition).ceil().max(1.0)
    }

    /// Request units of one point read and one write of an item, read off
    /// the table (linear between its sizes, proportional beyond the last).
    pub fn ru_per_op(&self, item_bytes: f64, strong_reads: bool) -> (f64, f64) {
        let kb = (item_bytes / 1024.0).max(self.ru_table[0].0);
        let (read, write) = interpolate(&self.ru_table, kb);
        let factor = if strong_reads {
            self.strong_read_factor
        } else {
            1.0
        };
        (read * factor, write)
    }

    /// RU/s every region needs at the peak for all writes and, on top, for
    /// the reads of the busiest region (`read_share`).
    fn peak_rus(&self, w: &Workload, read_share: f64) -> f64 {
        let (read_ru, write_ru) = self.ru_per_op(w.item_bytes, w.strong_reads);
        (w.writes_per_s * write_ru + w.reads_per_s * read_share * read_ru) * w.peak_to_average
    }

    /// Manual throughput provisioned in each region: the peak, at least
    /// the minimum for the data stored, in whole steps.
    fn manual_rus(&self, w: &Workload, read_share: f64) -> f64 {
        let least = self.min_rus.max(w.size_gb * self.min_rus_per_gb);
        ((self.peak_rus(w, read_share).max(least)) / STEP).ceil() * STEP
    }

    /// Autoscale maximum (the peak, in steps, at least its minimum) and the
    /// RU/s billed per hour on average.
    fn autoscale_rus(&self, w: &Workload, read_share: f64) -> (f64, f64) {
        let peak = self.peak_rus(w, read_share);
        let max = (peak.max(self.autoscale_min_max_rus) / STEP).ceil() * STEP;
        let average = peak / w.peak_to_average.max(1.0);
        (max, average.max(max * self.autoscale_floor_share))
    }

    /// The busiest region's share of reads (0 when reads are not routed
    /// yet: the floor).
    fn busiest(ctx: &CostCtx) -> f64 {
        ctx.read_share.iter().copied().fold(0.0, f64::max)
    }

    fn multi_write(ctx: &CostCtx) -> bool {
        ctx.cand.topology == Topology::ActiveActive
    }

    fn discount(&self, commitment: Commitment) -> Option<f64> {
        match commitment {
            Commitment::None => None,
            Commitment::OneYear => self.reserved_1y_discount,
            Commitment::ThreeYear => self.reserved_3y_discount,
        }
    }

    /// RU/s billed in each region per hour in `mode`, with the busiest
    /// region's `read_share` of reads.
    fn billed_rus(&self, w: &Workload, mode: CapacityMode, read_share: f64) -> f64 {
        match mode {
            CapacityMode::Autoscale => self.autoscale_rus(w, read_share).1,
            _ => self.manual_rus(w, read_share),
        }
    }

    /// The rate per 100 RU/s-hour in `mode`, with multi-region writes or
    /// not, under `commitment` (reserved capacity covers manual
    /// throughput only).
    fn rate(&self, mode: CapacityMode, multi: bool, commitment: Commitment) -> f64 {
        match mode {
            CapacityMode::Autoscale if multi => self.multi_write_100rus_hour,
            CapacityMode::Autoscale => self.manual_100rus_hour * self.autoscale_factor,
            _ => {
                let list = if multi {
                    self.multi_write_100rus_hour
                } else {
                    self.manual_100rus_hour * self.zone_redundancy_factor
                };
                list * (1.0 - self.discount(commitment).unwrap_or(0.0))
            }
        }
    }

    /// Throughput billed in each region, per hour: RU/s and rate per 100
    /// RU/s-hour.
    fn throughput(&self, ctx: &CostCtx, read_share: f64) -> (f64, f64) {
        let rus = self.billed_rus(ctx.workload, ctx.mode, read_share);
        (
            rus,
            self.rate(ctx.mode, Self::multi_write(ctx), ctx.commitment),
        )
    }

    /// What the line of [`Self::throughput`] says of it (words are built
    /// only where lines are kept: the search sums).
    fn throughput_words(&self, ctx: &CostCtx, read_share: f64) -> String {
        let w = ctx.workload;
        match ctx.mode {
            CapacityMode::Autoscale => {
                let (max, billed) = self.autoscale_rus(w, read_share);
                format!(
                    "autoscale throughput, max {} RU/s, {} RU/s billed on average",
                    format_count(max as u64),
                    format_count(billed.round() as u64)
                )
            }
            _ => {
                let rus = self.billed_rus(w, ctx.mode, read_share);
                let mut what = if Self::multi_write(ctx) {
                    "multi-region-write throughput".to_string()
                } else {
                    "throughput (zone-redundant)".to_string()
                };
                if self.discount(ctx.commitment).is_some() {
                    what = format!("{what}, reserved {}", ctx.commitment.as_str());
                }
                format!("{what} {} RU/s", format_count(rus as u64))
            }
        }
    }

    /// Adds throughput `qty` at a list unit price moved to `region` by the
    /// published ratio, or by the cloud's price index where none is
    /// published (storage always moves by the index).
    fn add(
        &self,
        ctx: &CostCtx,
        sink: &mut dyn CostSink,
        region: usize,
        qty: Qty,
        list_unit_usd: f64,
        item: &dyn Fn() -> String,
    ) {
        match self.region_ratio.get(ctx.catalog.region_id(region)) {
            Some(ratio) => sink.add_qty(
                Some(region),
                qty,
                qty.amount * list_unit_usd * ratio,
                false,
                item,
            ),
            None => ctx.add_regional(sink, region, qty, list_unit_usd, item),
        }
    }

    /// Bills `rus` of throughput for a month in `region`.
    fn add_throughput(
        &self,
        ctx: &CostCtx,
        sink: &mut dyn CostSink,
        region: usize,
        (rus, rate): (f64, f64),
        what: &dyn Fn() -> String,
    ) {
        let hours = Qty::of(rus / STEP * HOURS_PER_MONTH, "100 RU/s-hour");
        self.add(ctx, sink, region, hours, rate, what);
    }
}

/// `[prices] ru_table = { kb = […], read = […], write = […], source = "…" }`.
fn ru_table(table: &toml::Table) -> Result<Vec<(f64, f64, f64)>, String> {
    let t = table
        .get("ru_table")
        .and_then(|v| v.as_table())
        .ok_or("[prices] needs `ru_table` = { kb, read, write, source }")?;
    let column = |key: &str| -> Result<Vec<f64>, String> {
        t.get(key)
            .and_then(|v| v.as_array())
            .ok_or_else(|| format!("[prices] `ru_table` needs `{key}`, a list of numbers"))?
            .iter()
            .map(|v| {
                v.as_float()
                    .or_else(|| v.as_integer().map(|i| i as f64))
                    .filter(|x| x.is_finite() && *x > 0.0)
                    .ok_or_else(|| format!("[prices] `ru_table.{key}`: positive numbers only"))
            })
            .collect()
    };
    let (kb, read, write) = (column("kb")?, column("read")?, column("write")?);
    if kb.is_empty() || kb.len() != read.len() || kb.len() != write.len() {
        return Err(
            "[prices] `ru_table`: kb, read and write need the same, non-zero length".into(),
        );
    }
    if kb.windows(2).any(|p| p[0] >= p[1]) {
        return Err("[prices] `ru_table.kb` must increase".into());
    }
    Ok(kb
        .into_iter()
        .zip(read)
        .zip(write)
        .map(|((k, r), w)| (k, r, w))
        .collect())
}

/// `[prices.<key>]`: region id = { value, source }.
fn by_region(table: &toml::Table, key: &str) -> Result<BTreeMap<String, f64>, String> {
    let Some(t) = table.get(key) else {
        return Ok(BTreeMap::new());
    };
    let t = t.as_table().ok_or_else(|| {
        format!("[prices] `{key}` must be a table of region = {{ value, source }}")
    })?;
    t.keys().map(|id| Ok((id.clone(), price(t, id)?))).collect()
}

/// (read, write) at `kb` on a table sorted by size.
fn interpolate(table: &[(f64, f64, f64)], kb: f64) -> (f64, f64) {
    let last = table[table.len() - 1];
    if kb >= last.0 {
        return (last.1 * kb / last.0, last.2 * kb / last.0);
    }
    let i = table.iter().position(|row| row.0 > kb).unwrap_or(1).max(1);
    let (a, b) = (table[i - 1], table[i]);
    let t = (kb - a.0) / (b.0 - a.0);
    (a.1 + t * (b.1 - a.1), a.2 + t * (b.2 - a.2))
}

impl PricingModel for Prices {
    fn modes(&self) -> &'static [CapacityMode] {
        if self.serverless.is_some() {
            &[
                CapacityMode::Provisioned,
                CapacityMode::Autoscale,
                CapacityMode::Serverless,
            ]
        } else {
            &[CapacityMode::Provisioned, CapacityMode::Autoscale]
        }
    }

    /// A serverless account runs in one region, within its limit.
    fn offers(&self, mode: CapacityMode, topology: Topology, w: &Workload) -> bool {
        match (mode, &self.serverless) {
            (CapacityMode::Serverless, Some(s)) => {
                topology == Topology::SingleRegion
                    && self.peak_rus(w, 1.0) <= Self::serverless_limit(s, w)
            }
            (CapacityMode::Serverless, None) => false,
            _ => true,
        }
    }

    fn capacity(&self, ctx: &CostCtx, capacity: &mut Capacity) {
        let term = ctx.commitment.as_str();
        let multi = Self::multi_write(ctx);
        capacity.note = match (ctx.mode, &self.serverless) {
            (CapacityMode::Serverless, Some(s)) => {
                let w = ctx.workload;
                let term = if ctx.commitment == Commitment::None {
                    String::new()
                } else {
                    format!(
                        " Commitment {term}: reserved capacity does not cover serverless accounts, so request units stay at list price."
                    )
                };
                format!(
                    "Serverless account (one region), cheaper than provisioned throughput for this load: {:.1} million request units a month billed as consumed (x{} zone-redundant), no throughput to provision; a container serves up to {} RU/s for {} GB (the peak needs {} RU/s), without Microsoft's promise of predictable throughput or latency.{term}",
                    self.monthly_rus(w) / 1e6,
                    crate::units::format_number(self.zone_redundancy_factor),
                    format_count(Self::serverless_limit(s, w) as u64),
                    crate::units::format_number(w.size_gb),
                    format_count(self.peak_rus(w, 1.0).round() as u64),
                )
            }
            (CapacityMode::Autoscale, _) => {
                let (max, billed) = self.autoscale_rus(ctx.workload, Self::busiest(ctx));
                capacity.throughput_rus = Some(max as u64);
                let mut note = format!(
                    "Autoscale throughput, maximum {} RU/s in every region, cheaper than manual throughput for this load; billed on each hour's highest RU/s, taken here at the average ({} RU/s): bursts within an hour bill more.",
                    format_count(max as u64),
                    format_count(billed.round() as u64)
                );
                if ctx.commitment != Commitment::None {
                    note.push_str(&format!(
                        " Commitment {term}: reserved capacity is priced on manual throughput only, so autoscale stays at list price."
                    ));
                }
                note
            }
            _ => {
                let rus = self.manual_rus(ctx.workload, Self::busiest(ctx));
                capacity.throughput_rus = Some(rus as u64);
                let mut note = format!(
                    "Manual throughput, {} RU/s in every region ({}), provisioned for the peak ({}x the average).",
                    format_count(rus as u64),
                    if multi {
                        "multi-region writes: no zone-redundancy premium"
                    } else {
                        "zone-redundant, at the 25% premium"
                    },
                    crate::units::format_number(ctx.workload.peak_to_average)
                );
                match (ctx.commitment, self.discount(ctx.commitment)) {
                    (Commitment::None, _) => {}
                    (_, Some(d)) => {
                        capacity.commitment = ctx.commitment;
                        note.push_str(&format!(
                            " Reserved capacity ({term} term) covers all of it, {:.0}% off.",
                            d * 100.0
                        ));
                    }
                    (_, None) => note.push_str(&format!(
                        " Commitment {term}: no reserved price for this term in the catalog, so throughput is at list price."
                    )),
                }
                note
            }
        };
    }

    /// Storage, and throughput for every write at the least the account
    /// can run with (reads are added once routed, in `shared_cost`).
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if role == Role::Backup {
            return;
        }
        let gb = ctx.workload.size_gb;
        ctx.add_storage(
            sink,
            region,
            gb,
            self.storage_gb_month,
            "transactional storage",
        );
        if let (CapacityMode::Serverless, Some(s)) = (ctx.mode, &self.serverless) {
            // One region serves every request.
            let million = self.monthly_rus(ctx.workload) / 1e6;
            let factor = self.zone_redundancy_factor;
            let qty = Qty::of(million * factor, "million RU");
            let item = || {
                format!(
                    "serverless request units, {million:.1} million (x{} zone-redundant)",
                    crate::units::format_number(factor)
                )
            };
            match s.region_usd.get(ctx.catalog.region_id(region)) {
                Some(usd) => sink.add_qty(Some(region), qty, qty.amount * usd, false, &item),
                // (Not the throughput ratios: West US's serverless price is
                // not its throughput ratio's.)
                None => ctx.add_regional(sink, region, qty, s.usd_per_million_ru, &item),
            }
            return;
        }
        let floor = self.throughput(ctx, 0.0);
        self.add_throughput(ctx, sink, region, floor, &|| {
            self.throughput_words(ctx, 0.0)
        });
    }

    /// Beyond each write's replication: every live region is provisioned
    /// for the busiest region's reads, at least an even share of them (the
    /// shares of at most k serving regions sum to one), so k regions bill
    /// at least k times what 1/k of the reads adds to a region's
    /// throughput (or what [`FloorAsk::busiest`] adds, where more). That
    /// is billed in every region, not where reads are served: see
    /// `routed_index_cap`.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        if ask.mode == CapacityMode::Serverless {
            // (`region_cost` bills every request: one region serves all.)
            return 0.0;
        }
        let w = ask.workload;
        let live = ask.copies + 1;
        let busiest = ask.busiest.max(1.0 / live as f64);
        let extra = self.billed_rus(w, ask.mode, busiest) - self.billed_rus(w, ask.mode, 0.0);
        let multi = ask.topology == Topology::ActiveActive;
        let reads = live as f64 * extra / STEP
            * HOURS_PER_MONTH
            * self.rate(ask.mode, multi, ask.commitment);
        floor.index * reads + floor.fanout(w.write_gb_per_month(), ask.copies)
    }

    /// The reads' term need not grow with the regions (see above).
    fn routed_floor_affine(&self) -> bool {
        false
    }

    /// Its one transfer term is replication's fanout (`shared_cost`).
    fn routed_floor_alone(&self) -> bool {
        true
    }

    /// Throughput is billed in every region, at its published ratio where
    /// there is one.
    fn routed_index_cap(&self) -> Option<f64> {
        Some(
            self.region_ratio
                .values()
                .copied()
                .fold(f64::INFINITY, f64::min),
        )
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if ctx.mode == CapacityMode::Serverless {
            // One region, every request billed in `region_cost`.
            return;
        }
        // The reads' share of throughput: what the busiest region's reads
        // add to every region's provisioning, beyond `region_cost`'s.
        let busiest = Self::busiest(ctx);
        let (with, rate) = self.throughput(ctx, busiest);
        let (without, _) = self.throughput(ctx, 0.0);
        let extra = with - without;
        let live = ctx.cand.regions.iter().copied();
        for region in live.clone().filter(|r| ctx.cand.role(*r) != Role::Backup) {
            if extra > 0.0 {
                self.add_throughput(ctx, sink, region, (extra, rate), &|| {
                    format!(
                        "throughput for reads (busiest region's share), {} RU/s",
                        format_count(extra.round() as u64)
                    )
                });
            }
        }
        // Replication: each region sends the writes it took to every other.
        let gb = ctx.workload.write_gb_per_month();
        for from in live {
            let share = match ctx.cand.primary {
                Some(p) => f64::from(u8::from(p == from)),
                None => ctx.write_share(from),
            };
            if share > 0.0 {
                ctx.add_fanout_transfer(sink, from, gb * share, "replication");
            }
        }
    }
}
