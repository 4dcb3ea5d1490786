//! A self-managed quorum database on EC2 (CockroachDB- or YugabyteDB-style):
//! one voting replica per region across three regions; a leaseholder
//! region serves strong reads and commits each write with a majority. Billed:
//! nodes and gp3 volumes in every region, and transfer of every write from
//! the leaseholder to the other voters. Software licences are not priced.

use crate::candidate::Role;
use crate::cost::CostSink;
use crate::engines::{
    CostCtx, Fleet, PricingModel, SizingFigures, instances_of, price, size_fleet,
};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    pub sizing: SizingFigures,
    pub ebs_gb_month: f64,
    /// Volume size ÷ data size per node set (free space the engine needs).
    pub disk_headroom: f64,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("quorum-ec2", "types", instances)?,
            sizing: SizingFigures::from_table(table)?,
            ebs_gb_month: price(table, "ebs_gp3_usd_per_gb_month")?,
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
        ctx.add_storage(sink, region, gb, self.ebs_gb_month, "EBS gp3");
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if let Some(leader) = ctx.cand.primary {
            ctx.add_fanout_transfer(sink, leader, ctx.workload.write_gb_per_month(), "Raft log");
        }
    }
}
