//! Amazon Aurora PostgreSQL with Aurora Global Database. Billed: instances
//! per region (writer + reader for Multi-AZ in full-size regions; one small
//! instance for warm standby; none for a headless pilot-light secondary),
//! cluster storage in every region, I/O requests at the primary, replicated
//! write I/O in every secondary region, and log shipping as inter-region
//! transfer.

use super::{CostCtx, PriceFloor, SizingFigures, backup, price};
use crate::candidate::Role;
use crate::catalog::InstanceType;
use crate::cost::CostSink;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    pub storage_gb_month: f64,
    pub io_per_million: f64,
    pub replicated_write_io_per_million: f64,
    /// Fraction of reads that miss the buffer cache and cost an I/O.
    pub read_io_per_read: f64,
    pub backup: backup::Prices,
}

/// Aurora bills write I/O in 4 KiB units.
const IO_UNIT_BYTES: f64 = 4096.0;

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        if instances.is_empty() {
            return Err("aurora-postgresql needs [[instance]] classes".into());
        }
        Ok(Self {
            instances: instances.to_vec(),
            sizing: SizingFigures::from_table(table)?,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            io_per_million: price(table, "io_usd_per_million")?,
            replicated_write_io_per_million: price(table, "replicated_write_io_usd_per_million")?,
            read_io_per_read: price(table, "read_io_per_read")?,
            backup: backup::Prices::from_catalog(table)?,
        })
    }

    /// `nodes`: the (class, count) the region runs (`EnginePricing::nodes`).
    pub fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if role == Role::Backup {
            return self.backup.region_cost(ctx, region, sink);
        }
        if let Some((class, count)) = nodes {
            let what = if role == Role::Warm {
                "warm standby instance"
            } else {
                "instance"
            };
            ctx.add_instances(sink, region, &self.instances[class], count, what);
        }
        let gb = ctx.workload.size_gb;
        ctx.add_regional(sink, region, gb * self.storage_gb_month, &|| {
            format!("cluster storage {gb:.0} GB")
        });
    }

    /// What each secondary bills for writes: the replicated write I/O.
    pub fn writes_per_copy(&self, w: &Workload) -> f64 {
        w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6
            * self.replicated_write_io_per_million
    }

    /// Beyond the per-region floors: I/O at the primary and log shipping to
    /// each copy.
    pub fn routed_floor(&self, w: &Workload, copies: usize, floor: &PriceFloor) -> f64 {
        let write_ios = w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6;
        let read_ios = w.reads_per_month() * self.read_io_per_read / 1e6;
        floor.index * (write_ios + read_ios) * self.io_per_million
            + floor.fanout(w.write_gb_per_month(), copies)
    }

    pub fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary else {
            return;
        };
        let w = ctx.workload;
        let write_ios = w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6;
        let read_ios = w.reads_per_month() * self.read_io_per_read / 1e6;
        ctx.add_regional(sink, primary, write_ios * self.io_per_million, &|| {
            format!("write I/O {write_ios:.1}M requests")
        });
        for region in ctx.cand.regions.iter().copied() {
            let share = ctx.read_share(region);
            if share > 0.0 {
                let ios = read_ios * share;
                ctx.add_regional(sink, region, ios * self.io_per_million, &|| {
                    format!("read I/O {ios:.1}M requests")
                });
            }
        }
        for region in ctx.cand.others() {
            if ctx.cand.role(region) == Role::Backup {
                self.backup.copy_transfer(ctx, primary, region, sink);
                continue;
            }
            ctx.add_regional(
                sink,
                region,
                write_ios * self.replicated_write_io_per_million,
                &|| format!("replicated write I/O {write_ios:.1}M"),
            );
            ctx.add_transfer(sink, primary, region, w.write_gb_per_month(), "replication");
        }
    }
}
