//! Cloud Storage, Standard class: one bucket in a region, or in a
//! dual-region (two regions of one location) that Google keeps as one
//! active-active bucket, replicating each object written in one region to
//! the other asynchronously (default replication, or turbo replication
//! with its fee per GB). Billed at the location's rates: storage in every
//! region of the bucket, Class A operations (writes) where they are made,
//! Class B (reads) where they are served, and each written byte's
//! replication to the other region at the inter-region rate.

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, FloorAsk, PriceFloor, PricingModel, price};
use crate::model::Topology;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    /// A regional bucket's rates, and a dual-region's (storage per region).
    pub regional: Rates,
    pub dual_region: Rates,
    /// Turbo replication's fee per GB replicated; None for default
    /// replication.
    pub turbo_per_gb: Option<f64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub storage_gb_month: f64,
    /// Per 1,000 operations.
    pub class_a_1k: f64,
    pub class_b_1k: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        let rates = |at: &str| -> Result<Rates, String> {
            Ok(Rates {
                storage_gb_month: price(table, &format!("{at}_storage_usd_per_gb_month"))?,
                class_a_1k: price(table, &format!("{at}_class_a_usd_per_1k"))?,
                class_b_1k: price(table, &format!("{at}_class_b_usd_per_1k"))?,
            })
        };
        Ok(Self {
            regional: rates("regional")?,
            dual_region: rates("dual_region")?,
            turbo_per_gb: crate::engines::optional_price(table, "turbo_usd_per_gb")?,
        })
    }

    fn rates(&self, topology: Topology) -> Rates {
        if topology == Topology::SingleRegion {
            self.regional
        } else {
            self.dual_region
        }
    }
}

/// Thousands of operations a month.
fn thousands(per_month: f64) -> f64 {
    per_month / 1e3
}

impl PricingModel for Prices {
    /// The bucket's storage in this region, at its own rate (a floor of
    /// every design holding it, whoever the region serves).
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        _role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        let rates = self.rates(ctx.cand.topology);
        let location = if ctx.cand.topology == Topology::SingleRegion {
            "regional"
        } else {
            "dual-region"
        };
        ctx.add_storage(
            sink,
            region,
            ctx.workload.size_gb,
            rates.storage_gb_month,
            &format!("Standard storage ({location})"),
        );
    }

    /// Every operation once, and each written byte's replication (and
    /// turbo fee) to the other regions, at the floor's prices.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let w: &Workload = ask.workload;
        let rates = self.rates(ask.topology);
        let gb = w.write_gb_per_month();
        let usd = thousands(w.writes_per_month()) * rates.class_a_1k
            + thousands(w.reads_per_month()) * rates.class_b_1k
            + gb * ask.copies as f64 * self.turbo_per_gb.unwrap_or(0.0);
        floor.index * usd + floor.fanout(gb, ask.copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let dual = ctx.cand.regions.len() > 1;
        let rates = self.rates(ctx.cand.topology);
        let writes = thousands(w.writes_per_month());
        let reads = thousands(w.reads_per_month());
        for region in ctx.cand.regions.iter().copied() {
            let share = ctx.write_share(region);
            let made = writes * share;
            ctx.add_regional(
                sink,
                region,
                Qty::of(made, "1,000 operations"),
                rates.class_a_1k,
                &|| format!("Class A operations (writes) {:.1}M", made / 1e3),
            );
            let served = reads * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(served, "1,000 operations"),
                rates.class_b_1k,
                &|| format!("Class B operations (reads) {:.1}M", served / 1e3),
            );
            let gb = w.write_gb_per_month() * share;
            if dual && gb > 0.0 {
                let label = if self.turbo_per_gb.is_some() {
                    "turbo replication"
                } else {
                    "default replication"
                };
                ctx.add_fanout_transfer(sink, region, gb, label);
                if let Some(fee) = self.turbo_per_gb {
                    let fee_gb = gb * (ctx.cand.regions.len() - 1) as f64;
                    ctx.add_regional(sink, region, Qty::of(fee_gb, "GB"), fee, &|| {
                        format!("turbo replication fee {fee_gb:.1} GB")
                    });
                }
            }
        }
    }
}
