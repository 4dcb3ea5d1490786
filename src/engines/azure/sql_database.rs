//! Azure SQL Database, vCore purchasing model, one provisioned single
//! database per class: its compute size is a number of vCores (one
//! database, never a fleet: it grows by a larger size, not more nodes),
//! billed per vCore-hour for compute and for the SQL Server licence, with
//! its data storage per GB-month.
//!
//! - *Primary*: zone-redundant (General Purpose: a zone-redundancy add-on
//!   per vCore-hour and zone-redundant storage; Business Critical: free).
//! - *Geo-secondaries* (active geo-replication, the first in a failover
//!   group): the primary's compute size, billed for compute and storage
//!   as a database of their own, without zone redundancy (turned on after
//!   a failover, as the runbook says). One secondary that serves no reads
//!   may be designated a *standby replica*, whose licence Microsoft
//!   waives; meridian waives it for the first such secondary.
//!
//! Storage is billed on the configured maximum data size, plus 30 % for
//! the log; meridian configures a quarter more than the class's data (the
//! Terraform's `max_size_gb`). Geo-replication streams the log to each
//! secondary: billed as inter-region transfer of the written bytes.
//! Geo-restore is not a standby tier here: geo-replicated backups go only
//! to the primary's paired region, which the search does not choose.

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{CostCtx, Fleet, PricingModel, SizingFigures, instances_of, price};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    /// Compute sizes, ascending (each `[[instance]]` is one database of
    /// that many vCores, priced for compute alone).
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    /// SQL Server licence per vCore-hour (waived for a standby replica).
    pub license_vcore_hour: f64,
    /// Zone redundancy per vCore-hour (0 where it is free).
    pub zone_redundancy_vcore_hour: f64,
    /// Data storage of the zone-redundant primary, per GB-month.
    pub primary_storage_gb_month: f64,
    /// Data storage of a geo-secondary, per GB-month.
    pub secondary_storage_gb_month: f64,
    /// Billable storage ÷ configured maximum data size (the log's share).
    pub log_storage_factor: f64,
}

/// The maximum data size meridian configures: a quarter above the data,
/// in whole GB (the Terraform template writes the same `max_size_gb`).
pub fn max_size_gb(size_gb: f64) -> f64 {
    (size_gb * 1.25).ceil().max(1.0)
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        if instances.windows(2).any(|w| w[0].vcpu >= w[1].vcpu) {
            return Err("azure-sql's [[instance]] sizes must grow in vCores".into());
        }
        Ok(Self {
            instances: instances_of("azure-sql", "compute sizes", instances)?,
            sizing: SizingFigures::from_table(table)?,
            license_vcore_hour: price(table, "license_usd_per_vcore_hour")?,
            zone_redundancy_vcore_hour: price(table, "zone_redundancy_usd_per_vcore_hour")?,
            primary_storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            secondary_storage_gb_month: price(table, "secondary_storage_usd_per_gb_month")?,
            log_storage_factor: price(table, "log_storage_factor")?.max(1.0),
        })
    }

    /// Adds `vcores` × a month × `usd_per_vcore_hour` to `region`.
    fn add_vcore_hours(
        &self,
        ctx: &CostCtx,
        sink: &mut dyn CostSink,
        region: usize,
        vcores: f64,
        usd_per_vcore_hour: f64,
        what: &str,
    ) {
        if usd_per_vcore_hour == 0.0 {
            return;
        }
        let qty = Qty::of(HOURS_PER_MONTH * vcores, "vCore-hour");
        ctx.add_regional(sink, region, qty, usd_per_vcore_hour, &|| {
            format!("{what} ({vcores:.0} vCores)")
        });
    }

    /// Whether `region`, in `role`, is the design's standby replica: a hot
    /// standby serving no reads, the first such (in the design's order).
    /// (The search's floors probe a region alone, reads unrouted: the
    /// waiver then applies, as a lower bound needs.)
    fn standby_replica(ctx: &CostCtx, region: usize, role: Role) -> bool {
        let idle = |r: usize| ctx.cand.role(r) == Role::Hot && ctx.read_share(r) == 0.0;
        let earlier = ctx
            .cand
            .regions
            .iter()
            .take_while(|&&r| r != region)
            .any(|&r| idle(r));
        role == Role::Hot && ctx.read_share(region) == 0.0 && !earlier
    }
}

impl PricingModel for Prices {
    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    /// The least compute size that carries every read and write at the
    /// target utilisation (a single database: one node, `per_full_region`
    /// 1); overloaded past the largest, or when a pinned size is too small.
    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        let s = &self.sizing;
        let vcores = (w.writes_per_s / s.writes_per_vcpu_s + w.reads_per_s / s.reads_per_vcpu_s)
            / s.target_utilization;
        let last = self.instances.len() - 1;
        let class = pinned.unwrap_or_else(|| {
            self.instances
                .iter()
                .position(|c| c.vcpu >= vcores)
                .unwrap_or(last)
        });
        Some(Fleet {
            class,
            per_full_region: 1,
            overloaded: self.instances[class].vcpu < vcores,
            one_smallest_suffices: vcores <= self.instances[0].vcpu,
        })
    }

    /// Every live region runs the primary's size (Microsoft recommends a
    /// secondary of the primary's tier and size, so it can take the load).
    fn nodes(&self, _role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        Some((fleet.class, 1))
    }

    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        let Some((class, _)) = nodes else {
            return; // no backup copies (see the module docs)
        };
        let size = &self.instances[class];
        let gb = max_size_gb(ctx.workload.size_gb) * self.log_storage_factor;
        ctx.add_instances(sink, region, size, 1, "vCore compute");
        let primary = matches!(role, Role::Primary | Role::Active);
        if primary || !Self::standby_replica(ctx, region, role) {
            self.add_vcore_hours(
                ctx,
                sink,
                region,
                size.vcpu,
                self.license_vcore_hour,
                "SQL licence",
            );
        }
        if primary {
            self.add_vcore_hours(
                ctx,
                sink,
                region,
                size.vcpu,
                self.zone_redundancy_vcore_hour,
                "zone redundancy",
            );
            ctx.add_storage(
                sink,
                region,
                gb,
                self.primary_storage_gb_month,
                "zone-redundant data and log storage",
            );
        } else {
            ctx.add_storage(
                sink,
                region,
                gb,
                self.secondary_storage_gb_month,
                "geo-secondary data and log storage",
            );
        }
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary else {
            return;
        };
        for region in ctx.cand.others() {
            if ctx.cand.role(region) != Role::Backup {
                let gb = ctx.workload.write_gb_per_month();
                ctx.add_transfer(sink, primary, region, gb, "geo-replication");
            }
        }
    }
}
