//! A self-managed quorum database on a cloud's VMs (CockroachDB- or
//! YugabyteDB-style), shared by the clouds' quorum engines (EC2, Compute
//! Engine, Azure VMs), which name their disk ([`Disk`]): one voting replica
//! per region across three regions; a leaseholder region serves strong reads
//! and commits each write with a majority. Billed: nodes and their disks in
//! every region, and transfer of every write from the leaseholder to the
//! other voters. Software licences are not priced.

use crate::candidate::Role;
use crate::cost::CostSink;
use crate::engines::{
    CostCtx, Fleet, PricingModel, SizingFigures, instances_of, price, size_fleet,
};
use crate::figure::InstanceType;
use crate::workload::Workload;

/// The block storage a cloud's quorum nodes keep their data on.
#[derive(Debug)]
pub struct Disk {
    /// The `[prices]` key of its price per GB-month.
    pub key: &'static str,
    /// Its line item.
    pub label: &'static str,
}

pub const EBS_GP3: Disk = Disk {
    key: "ebs_gp3_usd_per_gb_month",
    label: "EBS gp3",
};

pub const PD_SSD: Disk = Disk {
    key: "pd_ssd_usd_per_gb_month",
    label: "PD-SSD persistent disk",
};

pub const PREMIUM_SSD: Disk = Disk {
    key: "premium_ssd_usd_per_gb_month",
    label: "Premium SSD managed disk",
};

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    pub disk: &'static Disk,
    pub disk_gb_month: f64,
    /// Volume size ÷ data size per node set (free space the engine needs).
    pub disk_headroom: f64,
}

impl Prices {
    pub fn from_catalog(
        table: &toml::Table,
        instances: &[InstanceType],
        disk: &'static Disk,
    ) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("a quorum engine", "types", instances)?,
            sizing: SizingFigures::from_table(table)?,
            disk,
            disk_gb_month: price(table, disk.key)?,
            disk_headroom: price(table, "disk_headroom")?.max(1.0),
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

    /// Every voting region runs the full node set.
    fn nodes(&self, _role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        Some((fleet.class, fleet.per_full_region))
    }

    /// `nodes`: the (class, count) each voting region runs.
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        _role: Role,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if let Some((class, count)) = nodes {
            ctx.add_instances(sink, region, &self.instances[class], count, "node");
        }
        let gb = ctx.workload.size_gb * self.disk_headroom;
        ctx.add_storage(sink, region, gb, self.disk_gb_month, self.disk.label);
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if let Some(leader) = ctx.cand.primary {
            ctx.add_fanout_transfer(sink, leader, ctx.workload.write_gb_per_month(), "Raft log");
        }
    }
}
