//! Amazon RDS for PostgreSQL: a Multi-AZ primary (primary and standby billed
//! per instance-hour, Multi-AZ gp3 storage), cross-Region read replicas
//! (Single-AZ, same class for hot standby, the smallest class for warm),
//! replication as inter-region transfer, or cross-Region backup copies.

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{
    CostCtx, Fleet, PricingModel, SizingFigures, backup, instances_of, price, size_fleet,
};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    /// Multi-AZ instance price ÷ Single-AZ price.
    pub multi_az_factor: f64,
    pub storage_gb_month: f64,
    pub multi_az_storage_gb_month: f64,
    pub backup: backup::Prices,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("rds-postgresql", "classes", instances)?,
            sizing: SizingFigures::from_table(table)?,
            multi_az_factor: price(table, "multi_az_factor")?,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            multi_az_storage_gb_month: price(table, "multi_az_storage_usd_per_gb_month")?,
            backup: backup::Prices::from_catalog(table)?,
        })
    }
}

impl PricingModel for Prices {
    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        Some(size_fleet(&self.instances, &self.sizing, w, pinned))
    }

    /// A full-size region runs the fleet; warm and pilot-light replicas
    /// one instance of the smallest class.
    fn nodes(&self, role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        match role {
            Role::Warm | Role::Pilot => Some((0, 1)),
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
        let gb = ctx.workload.size_gb;
        let Some((class, count)) = nodes else {
            return self.backup.region_cost(ctx, region, sink);
        };
        let class = &self.instances[class];
        match role {
            Role::Primary | Role::Active => {
                // Both the primary and its standby are billed.
                let hours = Qty::of(
                    crate::cost::HOURS_PER_MONTH * f64::from(count) * self.multi_az_factor,
                    "instance-hour",
                );
                ctx.add_regional(sink, region, hours, class.usd_per_hour.value, &|| {
                    format!("Multi-AZ instance {} x{count}", class.name)
                });
                ctx.add_storage(
                    sink,
                    region,
                    gb,
                    self.multi_az_storage_gb_month,
                    "Multi-AZ gp3 storage",
                );
            }
            _ => {
                ctx.add_instances(sink, region, class, count, "read replica");
                ctx.add_storage(sink, region, gb, self.storage_gb_month, "gp3 storage");
            }
        }
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary else {
            return;
        };
        for region in ctx.cand.others() {
            if ctx.cand.role(region) == Role::Backup {
                self.backup.copy_transfer(ctx, primary, region, sink);
            } else {
                ctx.add_transfer(
                    sink,
                    primary,
                    region,
                    ctx.workload.write_gb_per_month(),
                    "replication",
                );
            }
        }
    }
}
