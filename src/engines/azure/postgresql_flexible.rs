//! Azure Database for PostgreSQL flexible server: a primary with
//! zone-redundant high availability (a standby server in another zone,
//! "billed at the same rate as the primary server": compute and storage
//! twice) and read replicas in other regions, each a server of the
//! primary's size and storage ("symmetrical"), without high availability.
//! Storage is billed on the size provisioned, one of the sizes Azure
//! offers (the next above a quarter more than the data, as the Terraform
//! template chooses). Replication is billed as inter-region transfer of the
//! written bytes.

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{
    CostCtx, Fleet, PricingModel, SizingFigures, instances_of, price, size_single,
};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    /// Servers billed for the primary (two with high availability).
    pub ha_servers: f64,
    pub storage_gb_month: f64,
}

/// The storage sizes a server may provision, GiB (32 GiB to 32 TiB).
const STORAGE_GIB: [f64; 11] = [
    32.0, 64.0, 128.0, 256.0, 512.0, 1024.0, 2048.0, 4096.0, 8192.0, 16384.0, 32767.0,
];

/// The storage meridian provisions for `size_gb` of data: the smallest
/// size holding a quarter more (the template's `storage_mb`).
pub fn provisioned_gib(size_gb: f64) -> f64 {
    let wanted = size_gb * 1.25;
    STORAGE_GIB
        .into_iter()
        .find(|s| *s >= wanted)
        .unwrap_or(STORAGE_GIB[STORAGE_GIB.len() - 1])
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("postgresql-flexible", "compute sizes", instances)?,
            sizing: SizingFigures::from_table(table)?,
            ha_servers: price(table, "ha_servers")?.max(1.0),
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
        })
    }
}

impl PricingModel for Prices {
    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    /// One server (a single writer); a larger size, not more servers.
    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        Some(size_single(&self.instances, &self.sizing, w, pinned))
    }

    /// Replicas are symmetrical: the primary's size everywhere.
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
            return; // no backup copies
        };
        let size = &self.instances[class];
        let servers = match role {
            Role::Primary | Role::Active => self.ha_servers,
            _ => 1.0,
        };
        let (what, storage) = if servers > 1.0 {
            (
                "server with zone-redundant high availability (primary and standby)",
                "storage, primary and standby",
            )
        } else {
            ("read replica server", "storage")
        };
        let hours = Qty::of(HOURS_PER_MONTH * servers, "server-hour");
        ctx.add_regional(sink, region, hours, size.usd_per_hour.value, &|| {
            format!("{what} {}", size.name)
        });
        let gb = provisioned_gib(ctx.workload.size_gb);
        ctx.add_storage(
            sink,
            region,
            gb * servers,
            self.storage_gb_month,
            &format!("Premium SSD {storage}"),
        );
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        let Some(primary) = ctx.cand.primary else {
            return;
        };
        let gb = ctx.workload.write_gb_per_month();
        for region in ctx.cand.others() {
            ctx.add_transfer(sink, primary, region, gb, "replication");
        }
    }
}
