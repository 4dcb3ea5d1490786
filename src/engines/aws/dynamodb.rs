//! Amazon DynamoDB with global tables, in either capacity mode (one per
//! design: a table's billing mode applies to every replica).
//!
//! - *On-demand*: write request units where a write lands and replicated
//!   write units (same price) in every other replica; read request units
//!   where reads are served (half for eventually consistent reads). Billed
//!   on the average rate.
//! - *Provisioned with auto scaling*: every replica provisions write
//!   capacity for every write, and read capacity for the reads it serves,
//!   at peak ÷ the auto-scaling target utilisation; local writes as WCU,
//!   replicated writes as rWCU. With a commitment whose reserved price the
//!   catalog has, reserved capacity (blocks of 100) covers the steady floor
//!   of each region: its average local writes and reads, never replicated
//!   writes.
//!
//! Both bill storage of every replica, inter-region transfer of replicated
//! items, or cross-Region backup copies.

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{
    Capacity, CostCtx, FloorAsk, PriceFloor, PricingModel, ProvisionedUnits, backup,
    optional_price, price,
};
use crate::model::{CapacityMode, Commitment};
use crate::units::format_count;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub storage_gb_month: f64,
    pub wru_per_million: f64,
    pub rru_per_million: f64,
    pub replicated_wru_per_million: f64,
    /// Provisioned capacity, when the catalog prices it.
    pub provisioned: Option<Provisioned>,
    pub backup: backup::Prices,
}

/// Provisioned-capacity prices (per unit-hour) and the auto-scaling target.
#[derive(Debug, Clone)]
pub struct Provisioned {
    pub wcu_hour: f64,
    pub rcu_hour: f64,
    pub replicated_wcu_hour: f64,
    /// Consumed ÷ provisioned capacity that auto scaling keeps.
    pub target_utilization: f64,
    pub reserved_1y: Option<Reserved>,
    pub reserved_3y: Option<Reserved>,
}

/// Reserved capacity prices per block of 100 units: upfront for the term
/// and an hourly rate.
#[derive(Debug, Clone)]
pub struct Reserved {
    pub term_months: f64,
    pub wcu_100_upfront: f64,
    pub wcu_100_hour: f64,
    pub rcu_100_upfront: f64,
    pub rcu_100_hour: f64,
}

impl Reserved {
    fn read(table: &toml::Table, term: &str, months: f64) -> Result<Option<Reserved>, String> {
        let key = |what: &str| format!("reserved_{term}_{what}");
        let Some(wcu_100_upfront) = optional_price(table, &key("wcu_100_upfront_usd"))? else {
            return Ok(None);
        };
        Ok(Some(Reserved {
            term_months: months,
            wcu_100_upfront,
            wcu_100_hour: price(table, &key("wcu_100_usd_per_hour"))?,
            rcu_100_upfront: price(table, &key("rcu_100_upfront_usd"))?,
            rcu_100_hour: price(table, &key("rcu_100_usd_per_hour"))?,
        }))
    }

    /// Monthly price of one block of 100 WCU: the upfront spread over the
    /// term, plus the hourly rate.
    pub fn wcu_block_month(&self) -> f64 {
        self.wcu_100_upfront / self.term_months + self.wcu_100_hour * HOURS_PER_MONTH
    }

    pub fn rcu_block_month(&self) -> f64 {
        self.rcu_100_upfront / self.term_months + self.rcu_100_hour * HOURS_PER_MONTH
    }
}

impl Provisioned {
    /// The reservation a commitment buys, if the catalog prices it and it
    /// is cheaper than provisioned capacity.
    pub fn reserved(&self, commitment: Commitment) -> Option<&Reserved> {
        let r = match commitment {
            Commitment::None => None,
            Commitment::OneYear => self.reserved_1y.as_ref(),
            Commitment::ThreeYear => self.reserved_3y.as_ref(),
        }?;
        (r.wcu_block_month() < 100.0 * self.wcu_hour * HOURS_PER_MONTH).then_some(r)
    }

    fn label(&self) -> String {
        format!(
            "provisioned, {:.0}% target",
            self.target_utilization * 100.0
        )
    }
}

const WRITE_UNIT_BYTES: f64 = 1024.0;
const READ_UNIT_BYTES: f64 = 4096.0;
/// Reserved capacity is bought in blocks of 100 units.
const BLOCK: f64 = 100.0;

/// Whole units to provision for `load` units per second: never fewer than
/// one (the smallest a table takes). The tolerance keeps float noise from
/// adding a unit.
fn provision(load: f64) -> u64 {
    ((load - 1e-9).ceil().max(1.0)) as u64
}

/// Reserved units covering a steady `load`: whole blocks, at most `cap`.
fn reserve(load: f64, cap: u64) -> u64 {
    (((load / BLOCK).floor() * BLOCK) as u64).min(cap)
}

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        let provisioned = match optional_price(table, "wcu_usd_per_hour")? {
            None => None,
            Some(wcu_hour) => Some(Provisioned {
                wcu_hour,
                rcu_hour: price(table, "rcu_usd_per_hour")?,
                replicated_wcu_hour: price(table, "replicated_wcu_usd_per_hour")?,
                target_utilization: price(table, "autoscaling_target_utilization")?.clamp(0.2, 0.9),
                reserved_1y: Reserved::read(table, "1y", 12.0)?,
                reserved_3y: Reserved::read(table, "3y", 36.0)?,
            }),
        };
        Ok(Self {
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            wru_per_million: price(table, "wru_usd_per_million")?,
            rru_per_million: price(table, "rru_usd_per_million")?,
            replicated_wru_per_million: price(table, "replicated_wru_usd_per_million")?,
            provisioned,
            backup: backup::Prices::from_catalog(table)?,
        })
    }

    /// Average write units per second (each write in 1 KB units).
    fn write_units(w: &Workload) -> f64 {
        w.writes_per_s * w.units_per_item(WRITE_UNIT_BYTES)
    }

    /// Average read units per second (4 KB units; half for eventual reads).
    fn read_units(w: &Workload) -> f64 {
        let read_factor = if w.strong_reads { 1.0 } else { 0.5 };
        w.reads_per_s * w.units_per_item(READ_UNIT_BYTES) * read_factor
    }

    /// Provisioned mode in `ctx.mode`, if priced.
    fn provisioned_in(&self, mode: CapacityMode) -> Option<&Provisioned> {
        self.provisioned
            .as_ref()
            .filter(|_| mode == CapacityMode::Provisioned)
    }

    /// Live replicas of the candidate (every region but backup copies).
    fn replicas(ctx: &CostCtx) -> Vec<usize> {
        ctx.cand
            .regions
            .iter()
            .copied()
            .filter(|r| ctx.cand.role(*r) != Role::Backup)
            .collect()
    }

    /// The capacity one replica provisions (and reserves) in provisioned mode.
    pub fn units(&self, p: &Provisioned, ctx: &CostCtx, region: usize) -> ProvisionedUnits {
        let w = ctx.workload;
        let replicas = Self::replicas(ctx).len();
        let peak = w.peak_to_average / p.target_utilization;
        let write_share = if replicas > 1 {
            ctx.write_share(region)
        } else {
            1.0
        };
        let read_share = if replicas > 1 {
            ctx.read_share(region)
        } else {
            1.0
        };
        let writes = Self::write_units(w);
        let reads = Self::read_units(w) * read_share;
        let write_capacity = provision(writes * peak);
        let local_write_capacity =
            ((write_capacity as f64 * write_share).round() as u64).min(write_capacity);
        let read_capacity = provision(reads * peak);
        let reserved = p.reserved(ctx.commitment).is_some();
        ProvisionedUnits {
            write_capacity,
            local_write_capacity,
            read_capacity,
            reserved_write_capacity: if reserved {
                reserve(writes * write_share, local_write_capacity)
            } else {
                0
            },
            reserved_read_capacity: if reserved {
                reserve(reads, read_capacity)
            } else {
                0
            },
        }
    }

    fn on_demand(&self, ctx: &CostCtx, replicas: &[usize], sink: &mut dyn CostSink) {
        let w = ctx.workload;
        let wru = w.writes_per_month() * w.units_per_item(WRITE_UNIT_BYTES) / 1e6;
        let read_factor = if w.strong_reads { 1.0 } else { 0.5 };
        let rru = w.reads_per_month() * w.units_per_item(READ_UNIT_BYTES) * read_factor / 1e6;
        for &region in replicas {
            let local = wru * ctx.write_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(local, "million WRUs"),
                self.wru_per_million,
                &|| format!("write request units (on-demand) {local:.1}M"),
            );
            let replicated = wru * (1.0 - ctx.write_share(region));
            if replicas.len() > 1 {
                ctx.add_regional(
                    sink,
                    region,
                    Qty::of(replicated, "million rWRUs"),
                    self.replicated_wru_per_million,
                    &|| format!("replicated write units (on-demand) {replicated:.1}M"),
                );
            }
            let reads = rru * ctx.read_share(region);
            ctx.add_regional(
                sink,
                region,
                Qty::of(reads, "million RRUs"),
                self.rru_per_million,
                &|| format!("read request units (on-demand) {reads:.1}M"),
            );
        }
    }

    fn provisioned_region(
        &self,
        p: &Provisioned,
        ctx: &CostCtx,
        region: usize,
        replicas: usize,
        sink: &mut dyn CostSink,
    ) {
        let u = self.units(p, ctx, region);
        // Labels are built only by sinks that keep them (never in the search).
        let mode = || p.label();
        let month = HOURS_PER_MONTH;
        if let Some(r) = p.reserved(ctx.commitment) {
            let term = ctx.commitment.as_str();
            for (units, block_month, what) in [
                (u.reserved_write_capacity, r.wcu_block_month(), "WCU"),
                (u.reserved_read_capacity, r.rcu_block_month(), "RCU"),
            ] {
                if units > 0 {
                    let blocks = units / 100;
                    let blocks_qty = Qty::of(blocks as f64, "100-unit block-month");
                    ctx.add_regional(sink, region, blocks_qty, block_month, &|| {
                        format!(
                            "reserved {what} ({term} term) {} {what} ({blocks} x 100)",
                            format_count(units)
                        )
                    });
                }
            }
        }
        let wcu = u.local_write_capacity - u.reserved_write_capacity;
        let wcu_hours = Qty::of(wcu as f64 * month, "WCU-hour");
        ctx.add_regional(sink, region, wcu_hours, p.wcu_hour, &|| {
            format!(
                "write capacity units ({}) {} WCU",
                mode(),
                format_count(wcu)
            )
        });
        let rwcu = u.write_capacity - u.local_write_capacity;
        if replicas > 1 {
            ctx.add_regional(
                sink,
                region,
                Qty::of(rwcu as f64 * month, "rWCU-hour"),
                p.replicated_wcu_hour,
                &|| {
                    format!(
                        "replicated write capacity units ({}) {} rWCU",
                        mode(),
                        format_count(rwcu)
                    )
                },
            );
        }
        let rcu = u.read_capacity - u.reserved_read_capacity;
        let rcu_hours = Qty::of(rcu as f64 * month, "RCU-hour");
        ctx.add_regional(sink, region, rcu_hours, p.rcu_hour, &|| {
            format!("read capacity units ({}) {} RCU", mode(), format_count(rcu))
        });
    }
}

impl PricingModel for Prices {
    fn modes(&self) -> &'static [CapacityMode] {
        if self.provisioned.is_some() {
            &[CapacityMode::OnDemand, CapacityMode::Provisioned]
        } else {
            &[CapacityMode::OnDemand]
        }
    }

    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if role == Role::Backup {
            return self.backup.region_cost(ctx, region, sink);
        }
        let gb = ctx.workload.size_gb;
        ctx.add_storage(sink, region, gb, self.storage_gb_month, "table storage");
    }

    /// What every live replica bills for writes, whatever the routing, at
    /// list price: on-demand, each write once as a write or a replicated
    /// write unit; provisioned, capacity for every write at peak ÷ target,
    /// less what a reservation could save on at most the average.
    fn writes_per_copy(
        &self,
        w: &Workload,
        _role: Role,
        mode: CapacityMode,
        commitment: Commitment,
    ) -> f64 {
        match self.provisioned_in(mode) {
            None => {
                let wru = w.writes_per_month() * w.units_per_item(WRITE_UNIT_BYTES) / 1e6;
                wru * self.wru_per_million.min(self.replicated_wru_per_million)
            }
            Some(p) => {
                let unit_month = p.wcu_hour.min(p.replicated_wcu_hour) * HOURS_PER_MONTH;
                let saving = p
                    .reserved(commitment)
                    .map_or(0.0, |r| (unit_month - r.wcu_block_month() / BLOCK).max(0.0));
                let units = Self::write_units(w);
                units * w.peak_to_average / p.target_utilization * unit_month - units * saving
            }
        }
    }

    /// Beyond the per-replica floors: each read once, and each write's bytes
    /// to every other replica.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        let (w, commitment, copies) = (ask.workload, ask.commitment, ask.copies);
        let reads = match self.provisioned_in(ask.mode) {
            None => {
                let read_factor = if w.strong_reads { 1.0 } else { 0.5 };
                let rru =
                    w.reads_per_month() * w.units_per_item(READ_UNIT_BYTES) * read_factor / 1e6;
                rru * self.rru_per_million
            }
            Some(p) => {
                let unit_month = p.rcu_hour * HOURS_PER_MONTH;
                let saving = p
                    .reserved(commitment)
                    .map_or(0.0, |r| (unit_month - r.rcu_block_month() / BLOCK).max(0.0));
                let units = Self::read_units(w);
                units * w.peak_to_average / p.target_utilization * unit_month - units * saving
            }
        };
        floor.index * reads + floor.fanout(w.write_gb_per_month(), copies)
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let replicas = Self::replicas(ctx);
        match self.provisioned_in(ctx.mode) {
            None => self.on_demand(ctx, &replicas, sink),
            Some(p) => {
                for &region in &replicas {
                    self.provisioned_region(p, ctx, region, replicas.len(), sink);
                }
            }
        }
        let w = ctx.workload;
        for &region in &replicas {
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

    /// Fills the plan's view of the capacity mode.
    fn capacity(&self, ctx: &CostCtx, capacity: &mut Capacity) {
        let term = ctx.commitment.as_str();
        let Some(p) = self.provisioned_in(ctx.mode) else {
            capacity.note = if self.provisioned.is_some() {
                "On-demand: cheaper than provisioned capacity at this load's peak-to-average ratio (each request billed at the average rate).".into()
            } else {
                "On-demand: the catalog prices no provisioned capacity for this engine.".into()
            };
            if ctx.commitment != Commitment::None {
                capacity.note.push_str(&format!(
                    " Commitment {term} does not apply: reserved capacity covers provisioned tables only."
                ));
            }
            return;
        };
        capacity.target_utilization = Some(p.target_utilization);
        for region in Self::replicas(ctx) {
            capacity.units.insert(
                ctx.catalog.region_id(region).to_string(),
                self.units(p, ctx, region),
            );
        }
        let mut note = format!(
            "Provisioned with auto scaling: capacity for the peak ({}x the average) at a {:.0}% target utilisation, cheaper than on-demand for this load.",
            crate::units::format_number(ctx.workload.peak_to_average),
            p.target_utilization * 100.0
        );
        match (ctx.commitment, p.reserved(ctx.commitment)) {
            (Commitment::None, _) => {}
            (_, Some(_)) => {
                capacity.commitment = ctx.commitment;
                note.push_str(&format!(
                    " Reserved capacity ({term} term) covers the steady floor: each region's average local writes and reads in blocks of 100; replicated writes (rWCU) cannot be reserved."
                ));
            }
            (_, None) => note.push_str(&format!(
                " Commitment {term}: DynamoDB reserved-capacity prices for this term were not found, so capacity is priced as provisioned without a reservation."
            )),
        }
        capacity.note = note;
    }
}
