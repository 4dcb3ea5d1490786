//! Amazon Aurora PostgreSQL with Aurora Global Database. Billed: instances
//! per region (writer + reader for Multi-AZ in full-size regions; one small
//! instance for warm standby; none for a headless pilot-light secondary),
//! cluster storage in every region, I/O requests at the primary, replicated
//! write I/O in every secondary region, and log shipping as inter-region
//! transfer.
//!
//! Two storage configurations, one per design (the cheaper): *Standard*
//! bills storage and every I/O request; *I/O-Optimized* bills no I/O
//! requests but dearer storage and instances. Replicated write I/O is billed
//! in both (whether I/O-Optimized waives it was not found; see the catalog).

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{
    Capacity, CostCtx, Fleet, FloorAsk, PriceFloor, PricingModel, SizingFigures, backup,
    instances_of, optional_price, price, size_fleet,
};
use crate::figure::InstanceType;
use crate::model::{CapacityMode, Commitment};
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
    /// The I/O-Optimized configuration, when the catalog prices it.
    pub io_optimized: Option<IoOptimized>,
    pub backup: backup::Prices,
}

/// Aurora I/O-Optimized: no charge per I/O request, dearer storage, and
/// instances at a multiple of the Standard price.
#[derive(Debug, Clone)]
pub struct IoOptimized {
    pub storage_gb_month: f64,
    pub instance_multiplier: f64,
}

/// Aurora bills write I/O in 4 KiB units.
const IO_UNIT_BYTES: f64 = 4096.0;

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("aurora-postgresql", "classes", instances)?,
            sizing: SizingFigures::from_table(table)?,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            io_per_million: price(table, "io_usd_per_million")?,
            replicated_write_io_per_million: price(table, "replicated_write_io_usd_per_million")?,
            read_io_per_read: price(table, "read_io_per_read")?,
            io_optimized: match optional_price(table, "io_optimized_storage_usd_per_gb_month")? {
                None => None,
                Some(storage_gb_month) => Some(IoOptimized {
                    storage_gb_month,
                    instance_multiplier: price(table, "io_optimized_instance_multiplier")?,
                }),
            },
            backup: backup::Prices::from_catalog(table)?,
        })
    }

    /// The plan's note on the storage configuration chosen.
    pub fn capacity_note(&self, ctx: &CostCtx) -> String {
        match (self.io_optimized_in(ctx.mode), &self.io_optimized) {
            (Some(io), _) => format!(
                "Aurora I/O-Optimized: no charge per I/O request; storage ${}/GB-month and instances at {:.0}% of the Standard price; cheaper than Standard for this class's I/O.",
                io.storage_gb_month,
                io.instance_multiplier * 100.0
            ),
            (None, Some(_)) => format!(
                "Aurora Standard: storage ${}/GB-month and ${} per million I/O requests; cheaper than I/O-Optimized for this class's I/O.",
                self.storage_gb_month, self.io_per_million
            ),
            (None, None) => {
                "Aurora Standard (the catalog prices no I/O-Optimized configuration).".into()
            }
        }
    }

    /// The I/O-Optimized prices when `mode` is I/O-Optimized and priced.
    fn io_optimized_in(&self, mode: CapacityMode) -> Option<&IoOptimized> {
        self.io_optimized
            .as_ref()
            .filter(|_| mode == CapacityMode::IoOptimized)
    }
}

impl PricingModel for Prices {
    fn modes(&self) -> &'static [CapacityMode] {
        if self.io_optimized.is_some() {
            &[CapacityMode::Standard, CapacityMode::IoOptimized]
        } else {
            &[CapacityMode::Standard]
        }
    }

    fn capacity(&self, ctx: &CostCtx, capacity: &mut Capacity) {
        capacity.note = self.capacity_note(ctx);
        if ctx.commitment != Commitment::None {
            capacity.note.push_str(&format!(
                " Commitment {}: no citable Aurora reserved-instance rate was found, so instances stay on-demand.",
                ctx.commitment.as_str()
            ));
        }
    }

    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        Some(size_fleet(&self.instances, &self.sizing, w, pinned))
    }

    /// A full-size region runs the fleet, a warm standby one instance of
    /// the smallest class, a headless pilot light none.
    fn nodes(&self, role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        match role {
            Role::Pilot => None,
            Role::Warm => Some((0, 1)),
            _ => Some((fleet.class, fleet.per_full_region)),
        }
    }

    /// `nodes`: the (class, count) the region runs (`EnginePricing::nodes`).
    fn region_cost(
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
        let (storage_gb_month, multiplier, config) = match self.io_optimized_in(ctx.mode) {
            Some(io) => (io.storage_gb_month, io.instance_multiplier, "I/O-Optimized"),
            None => (self.storage_gb_month, 1.0, "Standard"),
        };
        if let Some((class, count)) = nodes.filter(|(_, count)| *count > 0) {
            let what = if role == Role::Warm {
                "warm standby instance"
            } else {
                "instance"
            };
            let class = &self.instances[class];
            let hours = Qty::of(HOURS_PER_MONTH * f64::from(count), "instance-hour");
            ctx.add_regional(
                sink,
                region,
                hours,
                class.usd_per_hour.value * multiplier,
                &|| format!("{what} {} x{count} ({config})", class.name),
            );
        }
        let gb = ctx.workload.size_gb;
        ctx.add_regional(
            sink,
            region,
            Qty::of(gb, "GB-month"),
            storage_gb_month,
            &|| format!("cluster storage {gb:.0} GB ({config})"),
        );
    }

    /// What each secondary bills for writes: the replicated write I/O.
    fn writes_per_copy(
        &self,
        w: &Workload,
        role: Role,
        _mode: CapacityMode,
        _commitment: Commitment,
    ) -> f64 {
        if matches!(role, Role::Primary | Role::Active) {
            return 0.0;
        }
        w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6
            * self.replicated_write_io_per_million
    }

    /// Beyond the per-region floors: I/O at the primary and log shipping to
    /// each copy.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let (w, copies) = (ask.workload, ask.copies);
        if self.io_optimized_in(ask.mode).is_some() {
            return floor.fanout(w.write_gb_per_month(), copies);
        }
        let write_ios = w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6;
        let read_ios = w.reads_per_month() * self.read_io_per_read / 1e6;
        floor.index * (write_ios + read_ios) * self.io_per_million
            + floor.fanout(w.write_gb_per_month(), copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary else {
            return;
        };
        let w = ctx.workload;
        let write_ios = w.writes_per_month() * w.units_per_item(IO_UNIT_BYTES) / 1e6;
        let read_ios = w.reads_per_month() * self.read_io_per_read / 1e6;
        if self.io_optimized_in(ctx.mode).is_none() {
            ctx.add_regional(
                sink,
                primary,
                Qty::of(write_ios, "million I/Os"),
                self.io_per_million,
                &|| format!("write I/O (Standard) {write_ios:.1}M requests"),
            );
            for region in ctx.cand.regions.iter().copied() {
                let share = ctx.read_share(region);
                if share > 0.0 {
                    let ios = read_ios * share;
                    ctx.add_regional(
                        sink,
                        region,
                        Qty::of(ios, "million I/Os"),
                        self.io_per_million,
                        &|| format!("read I/O (Standard) {ios:.1}M requests"),
                    );
                }
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
                Qty::of(write_ios, "million I/Os"),
                self.replicated_write_io_per_million,
                &|| format!("replicated write I/O {write_ios:.1}M"),
            );
            ctx.add_transfer(sink, primary, region, w.write_gb_per_month(), "replication");
        }
    }
}
