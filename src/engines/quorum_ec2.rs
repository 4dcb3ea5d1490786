//! A self-managed quorum database on EC2 (CockroachDB- or YugabyteDB-style):
//! one voting replica per region across three regions; a leaseholder
//! region serves strong reads and commits each write with a majority. Billed:
//! nodes and gp3 volumes in every region, and transfer of every write from
//! the leaseholder to the other voters. Software licences are not priced.

use super::{CostCtx, SizingFigures, price};
use crate::cost::{CostSink, Qty};
use crate::figure::InstanceType;

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
        if instances.is_empty() {
            return Err("quorum-ec2 needs [[instance]] types".into());
        }
        Ok(Self {
            instances: instances.to_vec(),
            sizing: SizingFigures::from_table(table)?,
            ebs_gb_month: price(table, "ebs_gp3_usd_per_gb_month")?,
            disk_headroom: price(table, "disk_headroom")?.max(1.0),
        })
    }

    /// `nodes`: the (class, count) each voting region runs.
    pub fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if let Some((class, count)) = nodes {
            ctx.add_instances(sink, region, &self.instances[class], count, "node");
        }
        let gb = ctx.workload.size_gb * self.disk_headroom;
        ctx.add_regional(
            sink,
            region,
            Qty::of(gb, "GB-month"),
            self.ebs_gb_month,
            &|| format!("EBS gp3 {gb:.0} GB"),
        );
    }

    pub fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if let Some(leader) = ctx.cand.primary {
            ctx.add_fanout_transfer(sink, leader, ctx.workload.write_gb_per_month(), "Raft log");
        }
    }
}
