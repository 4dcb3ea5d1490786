//! Azure Blob Storage, Hot tier, zone-redundant (ZRS) accounts, one per
//! region, kept by object replication from the primary account (the
//! destination containers refuse writes while the policy exists, so one
//! writer). Billed: storage of every copy; write operations where objects
//! are written and again where they are replicated to; read operations
//! where they are read; the replicated bytes as inter-region transfer.

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, PriceFloor, PricingModel, price};
use crate::model::{CapacityMode, Commitment};
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub storage_gb_month: f64,
    pub write_per_10k: f64,
    pub read_per_10k: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            write_per_10k: price(table, "write_usd_per_10k")?,
            read_per_10k: price(table, "read_usd_per_10k")?,
        })
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
        ctx.add_storage(sink, region, gb, self.storage_gb_month, "Hot ZRS storage");
    }

    /// Every copy writes each object once, by the writer or by replication.
    fn writes_per_copy(
        &self,
        w: &Workload,
        _role: Role,
        _mode: CapacityMode,
        _commitment: Commitment,
    ) -> f64 {
        w.writes_per_month() / 1e4 * self.write_per_10k
    }

    /// Beyond the per-copy floors: each object read once; its bytes sent
    /// to every other copy.
    fn routed_floor(
        &self,
        w: &Workload,
        _mode: CapacityMode,
        _commitment: Commitment,
        _regions: usize,
        copies: usize,
        floor: &PriceFloor,
    ) -> f64 {
        floor.index * w.reads_per_month() / 1e4 * self.read_per_10k
            + floor.fanout(w.write_gb_per_month(), copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let writes = w.writes_per_month() / 1e4;
        let reads = w.reads_per_month() / 1e4;
        let replicated = ctx.cand.regions.len() > 1;
        for region in ctx.cand.regions.iter().copied() {
            let share = ctx.write_share(region);
            let (what, ops) = if share > 0.0 {
                ("write operations", writes * share)
            } else {
                ("object replication write operations", writes)
            };
            ctx.add_regional(
                sink,
                region,
                Qty::of(ops, "10,000 operations"),
                self.write_per_10k,
                &|| format!("{what} {:.1}M", ops / 100.0),
            );
            let local = reads * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(local, "10,000 operations"),
                self.read_per_10k,
                &|| format!("read operations {:.1}M", local / 100.0),
            );
            let gb = w.write_gb_per_month() * share;
            if gb > 0.0 && replicated {
                ctx.add_fanout_transfer(sink, region, gb, "object replication");
            }
        }
    }
}
