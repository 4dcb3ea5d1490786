//! Azure Blob Storage with read-access geo-redundant storage (RA-GRS): one
//! account whose data Azure copies asynchronously to the primary region's
//! paired region, readable there. Billed in the primary's region: storage
//! at the RA-GRS rate (which covers both copies), write and read
//! operations where they are made, and the geo-replication of the written
//! bytes to the paired region as inter-region transfer (its own per-GB
//! rate was not found: the catalog's transfer price stands in).

use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, FloorAsk, PriceFloor, PricingModel, price};

#[derive(Debug, Clone)]
pub struct Prices {
    pub storage_gb_month: f64,
    /// Per 10,000 operations.
    pub write_10k: f64,
    pub read_10k: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            write_10k: price(table, "write_usd_per_10k")?,
            read_10k: price(table, "read_usd_per_10k")?,
        })
    }
}

impl PricingModel for Prices {
    /// The account's storage once, every operation once, each written
    /// byte copied to the other region, at the floor's prices.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let w = ask.workload;
        let usd = w.size_gb * self.storage_gb_month
            + w.writes_per_month() / 1e4 * self.write_10k
            + w.reads_per_month() / 1e4 * self.read_10k;
        floor.index * usd + floor.fanout(w.write_gb_per_month(), ask.copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary.or(ctx.cand.regions.first().copied()) else {
            return;
        };
        let w = ctx.workload;
        ctx.add_storage(
            sink,
            primary,
            w.size_gb,
            self.storage_gb_month,
            "Hot RA-GRS storage (both copies)",
        );
        let writes = w.writes_per_month() / 1e4;
        ctx.add_regional(
            sink,
            primary,
            Qty::of(writes, "10,000 operations"),
            self.write_10k,
            &|| format!("RA-GRS write operations {:.1}M", writes / 100.0),
        );
        for region in ctx.cand.regions.iter().copied() {
            let served = w.reads_per_month() / 1e4 * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(served, "10,000 operations"),
                self.read_10k,
                &|| format!("read operations {:.1}M", served / 100.0),
            );
        }
        let gb = w.write_gb_per_month();
        if gb > 0.0 {
            ctx.add_fanout_transfer(sink, primary, gb, "geo-replication");
        }
    }
}
