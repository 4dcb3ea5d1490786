//! Amazon S3 Standard with Cross-Region Replication, with or without
//! Replication Time Control (the catalog's `rtc_usd_per_gb` says which).
//! Billed: storage of every copy; PUT requests where objects are written
//! and again where they are replicated to; GET requests where they are
//! read; replication transfer, and with RTC its fee per GB replicated.

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, PriceFloor, PricingModel, price};
use crate::model::{CapacityMode, Commitment};
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub storage_gb_month: f64,
    pub put_per_thousand: f64,
    pub get_per_thousand: f64,
    /// The Replication Time Control fee; None without RTC.
    pub rtc_per_gb: Option<f64>,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            put_per_thousand: price(table, "put_usd_per_thousand")?,
            get_per_thousand: price(table, "get_usd_per_thousand")?,
            rtc_per_gb: table
                .contains_key("rtc_usd_per_gb")
                .then(|| price(table, "rtc_usd_per_gb"))
                .transpose()?,
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
        ctx.add_storage(sink, region, gb, self.storage_gb_month, "Standard storage");
    }

    /// What every copy bills for writes, whatever the routing: each object
    /// PUT once, by the writer or by replication (list price).
    fn writes_per_copy(
        &self,
        w: &Workload,
        _role: Role,
        _mode: CapacityMode,
        _commitment: Commitment,
    ) -> f64 {
        w.writes_per_month() / 1e3 * self.put_per_thousand
    }

    /// Beyond the per-copy floors: each object read once; its bytes travel
    /// to, and pay the RTC fee for, every other copy.
    fn routed_floor(
        &self,
        w: &Workload,
        _mode: CapacityMode,
        _commitment: Commitment,
        _regions: usize,
        copies: usize,
        floor: &PriceFloor,
    ) -> f64 {
        let gets = w.reads_per_month() / 1e3;
        let gb = w.write_gb_per_month();
        let rtc = self.rtc_per_gb.unwrap_or(0.0);
        floor.index * (gets * self.get_per_thousand + gb * copies as f64 * rtc)
            + floor.fanout(gb, copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let puts = w.writes_per_month() / 1e3;
        let gets = w.reads_per_month() / 1e3;
        for region in ctx.cand.regions.iter().copied() {
            let share = ctx.write_share(region);
            let local_puts = puts * share;
            ctx.add_regional(
                sink,
                region,
                Qty::of(local_puts, "thousand requests"),
                self.put_per_thousand,
                &|| format!("PUT requests {:.1}M", local_puts / 1e3),
            );
            let replicated_puts = puts * (1.0 - share);
            if ctx.cand.regions.len() > 1 {
                ctx.add_regional(
                    sink,
                    region,
                    Qty::of(replicated_puts, "thousand requests"),
                    self.put_per_thousand,
                    &|| format!("replication PUT requests {:.1}M", replicated_puts / 1e3),
                );
            }
            let reads = gets * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(reads, "thousand requests"),
                self.get_per_thousand,
                &|| format!("GET requests {:.1}M", reads / 1e3),
            );
            let gb = w.write_gb_per_month() * share;
            if gb > 0.0 && ctx.cand.regions.len() > 1 {
                ctx.add_fanout_transfer(sink, region, gb, "replication");
                if let Some(rtc) = self.rtc_per_gb {
                    let destinations = (ctx.cand.regions.len() - 1) as f64;
                    let rtc_gb = gb * destinations;
                    ctx.add_regional(sink, region, Qty::of(rtc_gb, "GB"), rtc, &|| {
                        format!("Replication Time Control {rtc_gb:.1} GB")
                    });
                }
            }
        }
    }
}
