//! Firestore (Standard edition, Native mode): serverless, billed per
//! document operation and per GiB stored, at a location's rates. One
//! database; a multi-region location replicates synchronously to its two
//! serving regions and a witness, with the replication in its (higher)
//! rates: nothing is billed per region or per copy, so the bill sits in the
//! leader's region.

use crate::cost::{CostSink, Qty};
use crate::engines::{CostCtx, FloorAsk, PriceFloor, PricingModel, price};
use crate::model::Topology;

#[derive(Debug, Clone)]
pub struct Prices {
    /// Per 100,000 document reads and writes, and per GiB-month, at a
    /// regional location and at a multi-region one.
    pub regional: Rates,
    pub multi_region: Rates,
}

#[derive(Debug, Clone, Copy)]
pub struct Rates {
    pub reads_100k: f64,
    pub writes_100k: f64,
    pub storage_gib_month: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        let rates = |at: &str| -> Result<Rates, String> {
            Ok(Rates {
                reads_100k: price(table, &format!("{at}_reads_usd_per_100k"))?,
                writes_100k: price(table, &format!("{at}_writes_usd_per_100k"))?,
                storage_gib_month: price(table, &format!("{at}_storage_usd_per_gib_month"))?,
            })
        };
        Ok(Self {
            regional: rates("regional")?,
            multi_region: rates("multi_region")?,
        })
    }

    fn rates(&self, topology: Topology) -> Rates {
        if topology == Topology::SingleRegion {
            self.regional
        } else {
            self.multi_region
        }
    }

    /// The month's bill at `rates`: (quantity, unit, what, unit price) of
    /// reads, writes and storage.
    fn bill(
        w: &crate::workload::Workload,
        rates: Rates,
    ) -> [(f64, &'static str, &'static str, f64); 3] {
        [
            (
                w.reads_per_month() / 1e5,
                "100,000 reads",
                "document reads",
                rates.reads_100k,
            ),
            (
                w.writes_per_month() / 1e5,
                "100,000 writes",
                "document writes",
                rates.writes_100k,
            ),
            (
                w.size_gib(),
                "GiB-month",
                "stored data",
                rates.storage_gib_month,
            ),
        ]
    }
}

impl PricingModel for Prices {
    /// The month's operations and storage at the location's rates, at the
    /// floor's price index (the bill does not grow with the regions).
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let rates = self.rates(ask.topology);
        let usd: f64 = Self::bill(ask.workload, rates)
            .iter()
            .map(|(qty, _, _, rate)| qty * rate)
            .sum();
        floor.index * usd
    }

    /// Reads, writes and storage, billed in the leader's (or the one)
    /// region at the location's rates.
    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(at) = ctx.cand.primary.or(ctx.cand.regions.first().copied()) else {
            return;
        };
        let multi = ctx.cand.topology != Topology::SingleRegion;
        let location = if multi { "multi-region" } else { "regional" };
        for (qty, unit, what, rate) in Self::bill(ctx.workload, self.rates(ctx.cand.topology)) {
            ctx.add_regional(sink, at, Qty::of(qty, unit), rate, &|| {
                format!("{what} ({location} location)")
            });
        }
    }
}
