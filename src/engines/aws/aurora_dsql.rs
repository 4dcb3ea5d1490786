//! Amazon Aurora DSQL: serverless, billed in DPUs and storage. A multi-Region
//! cluster is two peered clusters plus a witness Region; every write is
//! billed once more per active peer (MultiRegionWriteDPU); all DPUs are
//! billed to the Region where the transaction started; storage is billed per
//! peered cluster; the witness is free.

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, FloorAsk, PriceFloor, PricingModel, price};

#[derive(Debug, Clone)]
pub struct Prices {
    pub dpu_per_million: f64,
    pub storage_gb_month: f64,
    /// Compute DPUs of a point read / a single-row write (AWS worked examples).
    pub read_compute_dpu: f64,
    pub write_compute_dpu: f64,
    /// ReadDPU per byte read (at least 2,048 bytes) and WriteDPU per byte
    /// written (at least 1,024 bytes), from AWS's billing formulas.
    pub read_dpu_per_byte: f64,
    pub write_dpu_per_byte: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            dpu_per_million: price(table, "dpu_usd_per_million")?,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            read_compute_dpu: price(table, "read_compute_dpu")?,
            write_compute_dpu: price(table, "write_compute_dpu")?,
            read_dpu_per_byte: price(table, "read_dpu_per_byte")?,
            write_dpu_per_byte: price(table, "write_dpu_per_byte")?,
        })
    }

    /// DPUs of one point read and one single-item write.
    pub fn dpus(&self, item_bytes: f64) -> (f64, f64) {
        let read = self.read_compute_dpu + item_bytes.max(2048.0) * self.read_dpu_per_byte;
        let write = self.write_compute_dpu
            + 2048.0 * self.read_dpu_per_byte
            + item_bytes.max(1024.0) * self.write_dpu_per_byte;
        (read, write)
    }
}

impl PricingModel for Prices {
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if role.is_full() {
            let gb = ctx.workload.size_gb;
            ctx.add_storage(sink, region, gb, self.storage_gb_month, "storage");
        }
    }

    /// Every DPU is billed somewhere; writes once more per other peer.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let (w, regions) = (ask.workload, ask.regions);
        let (read_dpu, write_dpu) = self.dpus(w.item_bytes);
        let dpus = w.reads_per_month() * read_dpu
            + w.writes_per_month() * write_dpu * regions.max(1) as f64;
        floor.index * dpus / 1e6 * self.dpu_per_million
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let (read_dpu, write_dpu) = self.dpus(w.item_bytes);
        let peers = ctx.cand.regions.len().saturating_sub(1) as f64;
        for region in ctx.cand.regions.iter().copied() {
            let reads = w.reads_per_month() * ctx.read_share(region) * read_dpu / 1e6;
            ctx.add_regional(
                sink,
                region,
                Qty::of(reads, "million DPUs"),
                self.dpu_per_million,
                &|| format!("read DPUs {reads:.2}M"),
            );
            let writes = w.writes_per_month() * ctx.write_share(region) * write_dpu / 1e6;
            ctx.add_regional(
                sink,
                region,
                Qty::of(writes, "million DPUs"),
                self.dpu_per_million,
                &|| format!("write DPUs {writes:.2}M"),
            );
            let replicated = writes * peers;
            ctx.add_regional(
                sink,
                region,
                Qty::of(replicated, "million DPUs"),
                self.dpu_per_million,
                &|| format!("multi-Region write DPUs {replicated:.2}M"),
            );
        }
    }
}
