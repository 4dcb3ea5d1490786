//! Amazon DynamoDB on-demand, with global tables. Billed per region: storage
//! of every replica; write request units where a write lands and replicated
//! write units (same price) in every other replica; read request units where
//! reads are served (half for eventually consistent reads); inter-region
//! transfer of replicated items; or cross-Region backup copies.

use super::{CostCtx, PriceFloor, backup, price};
use crate::candidate::Role;
use crate::cost::CostSink;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub storage_gb_month: f64,
    pub wru_per_million: f64,
    pub rru_per_million: f64,
    pub replicated_wru_per_million: f64,
    pub backup: backup::Prices,
}

const WRITE_UNIT_BYTES: f64 = 1024.0;
const READ_UNIT_BYTES: f64 = 4096.0;

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            wru_per_million: price(table, "wru_usd_per_million")?,
            rru_per_million: price(table, "rru_usd_per_million")?,
            replicated_wru_per_million: price(table, "replicated_wru_usd_per_million")?,
            backup: backup::Prices::from_catalog(table)?,
        })
    }

    pub fn region_cost(&self, ctx: &CostCtx, region: usize, role: Role, sink: &mut dyn CostSink) {
        if role == Role::Backup {
            return self.backup.region_cost(ctx, region, sink);
        }
        let gb = ctx.workload.size_gb;
        ctx.add_regional(sink, region, gb * self.storage_gb_month, &|| {
            format!("table storage {gb:.0} GB")
        });
    }

    /// What every live replica bills for writes, whatever the routing: each
    /// write once, as a write or a replicated write unit (list price).
    pub fn writes_per_copy(&self, w: &Workload) -> f64 {
        let wru = w.writes_per_month() * w.units_per_item(WRITE_UNIT_BYTES) / 1e6;
        wru * self.wru_per_million.min(self.replicated_wru_per_million)
    }

    /// Beyond the per-replica floors: each read once, and each write's bytes
    /// to every other replica.
    pub fn routed_floor(&self, w: &Workload, copies: usize, floor: &PriceFloor) -> f64 {
        let read_factor = if w.strong_reads { 1.0 } else { 0.5 };
        let rru = w.reads_per_month() * w.units_per_item(READ_UNIT_BYTES) * read_factor / 1e6;
        floor.index * rru * self.rru_per_million + floor.fanout(w.write_gb_per_month(), copies)
    }

    pub fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let wru = w.writes_per_month() * w.units_per_item(WRITE_UNIT_BYTES) / 1e6;
        let read_factor = if w.strong_reads { 1.0 } else { 0.5 };
        let rru = w.reads_per_month() * w.units_per_item(READ_UNIT_BYTES) * read_factor / 1e6;
        let replicas: Vec<usize> = ctx
            .cand
            .regions
            .iter()
            .copied()
            .filter(|r| ctx.cand.role(*r) != Role::Backup)
            .collect();
        for &region in &replicas {
            let local = wru * ctx.write_share(region);
            ctx.add_regional(sink, region, local * self.wru_per_million, &|| {
                format!("write request units {local:.1}M")
            });
            let replicated = wru * (1.0 - ctx.write_share(region));
            if replicas.len() > 1 {
                ctx.add_regional(
                    sink,
                    region,
                    replicated * self.replicated_wru_per_million,
                    &|| format!("replicated write units {replicated:.1}M"),
                );
            }
            let reads = rru * ctx.read_share(region);
            ctx.add_regional(sink, region, reads * self.rru_per_million, &|| {
                format!("read request units {reads:.1}M")
            });
            let gb = w.write_gb_per_month() * ctx.write_share(region);
            if gb > 0.0 {
                for to in replicas.iter().copied().filter(|t| *t != region) {
                    ctx.add_transfer(sink, region, to, gb, "replication");
                }
            }
        }
        if let Some(primary) = ctx.cand.primary {
            for region in ctx
                .cand
                .others()
                .filter(|r| ctx.cand.role(*r) == Role::Backup)
            {
                self.backup.copy_transfer(ctx, primary, region, sink);
            }
        }
    }
}
