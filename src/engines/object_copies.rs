//! Object stores kept by replication from one copy to the others (S3
//! Cross-Region Replication, Blob Storage object replication), shared by
//! the clouds' object engines, which name their meters ([`Meters`]).
//! Billed: storage of every copy; write operations where objects are
//! written and again where they are replicated to; read operations where
//! they are read; the replicated bytes as inter-region transfer, and where
//! the cloud charges one (S3 Replication Time Control) a fee per GB.

use super::{CostCtx, FloorAsk, PriceFloor, PricingModel, price};
use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::model::{CapacityMode, Commitment};
use crate::workload::Workload;

/// How a cloud names and counts an object store's meters.
#[derive(Debug)]
pub struct Meters {
    /// Operations per priced unit (1,000 requests, 10,000 operations).
    pub ops_per_unit: f64,
    pub unit: &'static str,
    /// `[prices]` keys of a unit of writes and of reads.
    pub write_key: &'static str,
    pub read_key: &'static str,
    /// Line items: storage, writes where accepted, writes replicated in,
    /// reads, the replication transfer.
    pub storage: &'static str,
    pub write: &'static str,
    pub replicated_write: &'static str,
    pub read: &'static str,
    pub replication: &'static str,
    /// A replication fee per GB replicated, where the catalog gives one:
    /// its `[prices]` key and line item.
    pub fee: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Clone)]
pub struct Prices {
    pub meters: &'static Meters,
    pub storage_gb_month: f64,
    pub write_per_unit: f64,
    pub read_per_unit: f64,
    /// The replication fee per GB; None where the catalog has none.
    pub fee_per_gb: Option<f64>,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, meters: &'static Meters) -> Result<Self, String> {
        let fee_per_gb = match meters.fee {
            Some((key, _)) if table.contains_key(key) => Some(price(table, key)?),
            _ => None,
        };
        Ok(Self {
            meters,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            write_per_unit: price(table, meters.write_key)?,
            read_per_unit: price(table, meters.read_key)?,
            fee_per_gb,
        })
    }

    /// `units` of operations in millions, for line items.
    fn millions(&self, units: f64) -> f64 {
        units / (1e6 / self.meters.ops_per_unit)
    }
}

impl PricingModel for Prices {
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        _role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        let gb = ctx.workload.size_gb;
        ctx.add_storage(sink, region, gb, self.storage_gb_month, self.meters.storage);
    }

    /// What every copy bills for writes, whatever the routing: each object
    /// written once, by the writer or by replication (list price).
    fn writes_per_copy(
        &self,
        w: &Workload,
        _role: Role,
        _mode: CapacityMode,
        _commitment: Commitment,
    ) -> f64 {
        w.writes_per_month() / self.meters.ops_per_unit * self.write_per_unit
    }

    /// Beyond the per-copy floors: each object read once; its bytes travel
    /// to, and pay the replication fee for, every other copy.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let (w, copies) = (ask.workload, ask.copies);
        let reads = w.reads_per_month() / self.meters.ops_per_unit;
        let gb = w.write_gb_per_month();
        let fee = self.fee_per_gb.unwrap_or(0.0);
        floor.index * (reads * self.read_per_unit + gb * copies as f64 * fee)
            + floor.fanout(gb, copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let m = self.meters;
        let w = ctx.workload;
        let writes = w.writes_per_month() / m.ops_per_unit;
        let reads = w.reads_per_month() / m.ops_per_unit;
        let replicated = ctx.cand.regions.len() > 1;
        for region in ctx.cand.regions.iter().copied() {
            let share = ctx.write_share(region);
            let local = writes * share;
            ctx.add_regional(
                sink,
                region,
                Qty::of(local, m.unit),
                self.write_per_unit,
                &|| format!("{} {:.1}M", m.write, self.millions(local)),
            );
            let copied = writes * (1.0 - share);
            if replicated {
                ctx.add_regional(
                    sink,
                    region,
                    Qty::of(copied, m.unit),
                    self.write_per_unit,
                    &|| format!("{} {:.1}M", m.replicated_write, self.millions(copied)),
                );
            }
            let served = reads * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(served, m.unit),
                self.read_per_unit,
                &|| format!("{} {:.1}M", m.read, self.millions(served)),
            );
            let gb = w.write_gb_per_month() * share;
            if gb > 0.0 && replicated {
                ctx.add_fanout_transfer(sink, region, gb, m.replication);
                if let (Some(fee), Some((_, what))) = (self.fee_per_gb, m.fee) {
                    let destinations = (ctx.cand.regions.len() - 1) as f64;
                    let fee_gb = gb * destinations;
                    ctx.add_regional(sink, region, Qty::of(fee_gb, "GB"), fee, &|| {
                        format!("{what} {fee_gb:.1} GB")
                    });
                }
            }
        }
    }
}
