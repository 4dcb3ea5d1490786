//! A managed database instance with a high-availability primary and
//! cross-region read replicas, as Amazon RDS for PostgreSQL and Cloud SQL
//! for PostgreSQL bill it: the primary and its in-region standby billed per
//! instance-hour (a factor on one instance) with their storage, read
//! replicas as single instances (same class for hot standby, the smallest
//! class for warm), replication as inter-region transfer, or cross-region
//! backup copies. Each cloud names its meters ([`Words`]: `RDS`,
//! `CLOUD_SQL`).

use crate::candidate::Role;
use crate::cost::{CostSink, Qty};
use crate::engines::{
    CostCtx, Fleet, PricingModel, SizingFigures, backup, instances_of, price, size_fleet,
    size_single,
};
use crate::figure::InstanceType;
use crate::workload::Workload;

/// How a cloud names this model's line items.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    /// The model, for errors.
    pub model: &'static str,
    /// The primary with its in-region standby, and their storage.
    pub ha_instance: &'static str,
    pub ha_storage: &'static str,
    /// A replica's storage.
    pub replica_storage: &'static str,
    /// A region runs one server, sized up rather than multiplied (Cloud
    /// SQL: more instances would be in-region read replicas).
    pub one_server: bool,
}

/// Amazon RDS: Multi-AZ DB instances on gp3 volumes.
pub const RDS: Words = Words {
    model: "rds-postgresql",
    ha_instance: "Multi-AZ instance",
    ha_storage: "Multi-AZ gp3 storage",
    replica_storage: "gp3 storage",
    one_server: false,
};

/// Cloud SQL: regional (high-availability) instances on SSD.
pub const CLOUD_SQL: Words = Words {
    model: "cloud-sql-postgresql",
    ha_instance: "HA (regional) instance",
    ha_storage: "HA (regional) SSD storage",
    replica_storage: "SSD storage",
    one_server: true,
};

#[derive(Debug, Clone)]
pub struct Prices {
    pub words: Words,
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    /// Multi-AZ instance price ÷ Single-AZ price.
    pub multi_az_factor: f64,
    pub storage_gb_month: f64,
    pub multi_az_storage_gb_month: f64,
    pub backup: backup::Prices,
}

impl Prices {
    pub fn from_catalog(
        table: &toml::Table,
        instances: &[InstanceType],
        words: Words,
    ) -> Result<Self, String> {
        Ok(Self {
            words,
            instances: instances_of(words.model, "classes", instances)?,
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
        Some(if self.words.one_server {
            size_single(&self.instances, &self.sizing, w, pinned)
        } else {
            size_fleet(&self.instances, &self.sizing, w, pinned)
        })
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
                let what = self.words.ha_instance;
                ctx.add_regional(sink, region, hours, class.usd_per_hour.value, &|| {
                    format!("{what} {} x{count}", class.name)
                });
                ctx.add_storage(
                    sink,
                    region,
                    gb,
                    self.multi_az_storage_gb_month,
                    self.words.ha_storage,
                );
            }
            _ => {
                ctx.add_instances(sink, region, class, count, "read replica");
                let what = self.words.replica_storage;
                ctx.add_storage(sink, region, gb, self.storage_gb_month, what);
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
