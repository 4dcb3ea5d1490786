//! Cross-region backup copies (the backup-restore standby tier): snapshots
//! copied on a schedule to the standby region, stored there, and restored
//! after losing the primary. Shared by the engines that offer the tier.

use super::{CostCtx, price};
use crate::cost::CostSink;

/// Prices of keeping backup copies in another region.
#[derive(Debug, Clone)]
pub struct Prices {
    /// Snapshot storage in the standby region, per GB-month.
    pub storage_gb_month: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            storage_gb_month: price(table, "backup_storage_usd_per_gb_month")?,
        })
    }

    /// Storage of one full copy in `region`.
    pub fn region_cost(&self, ctx: &CostCtx, region: usize, sink: &mut dyn CostSink) {
        let gb = ctx.workload.size_gb;
        ctx.add_storage(
            sink,
            region,
            gb,
            self.storage_gb_month,
            "backup copy storage",
        );
    }

    /// Copies after the first are incremental: a month moves the bytes
    /// written that month, capped at the data size.
    pub fn copy_transfer(&self, ctx: &CostCtx, from: usize, to: usize, sink: &mut dyn CostSink) {
        let gb = ctx.workload.write_gb_per_month().min(ctx.workload.size_gb);
        ctx.add_transfer(sink, from, to, gb, "backup copy");
    }
}
