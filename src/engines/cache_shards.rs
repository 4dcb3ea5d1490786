//! A node-based cache replicated from a primary cluster to secondary
//! clusters in other regions, shared by the clouds' cache engines
//! (ElastiCache for Valkey with Global Datastore, Memorystore for Valkey
//! with cross-region replication). The data is split in shards that fit in
//! a node's memory (less the reserved share), every cluster with the same
//! shards; a full-size region runs a primary and a replica node per shard,
//! a warm secondary one node per shard. Replication is inter-region
//! transfer.

use crate::candidate::Role;
use crate::cost::CostSink;
use crate::engines::{CostCtx, Fleet, PricingModel, instances_of, price};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    pub instances: Vec<InstanceType>,
    /// Share of node memory usable for data (the rest is reserved).
    pub usable_memory: f64,
    /// Requests per second one vCPU serves at the target utilisation.
    pub ops_per_vcpu_s: f64,
    pub nodes_per_shard_full: u32,
}

/// Most shards of one cluster.
const MAX_SHARDS: u32 = 500;

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("a sharded cache", "node types", instances)?,
            usable_memory: price(table, "usable_memory_fraction")?.clamp(0.05, 1.0),
            ops_per_vcpu_s: price(table, "ops_per_vcpu_s")?.max(1.0),
            nodes_per_shard_full: price(table, "nodes_per_shard_full")?.max(1.0) as u32,
        })
    }
}

impl PricingModel for Prices {
    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    /// Per shard: a primary and replicas in full-size regions, one node in
    /// a warm standby, none in a pilot light.
    fn nodes(&self, role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        let per_shard = match role {
            Role::Warm => 1,
            Role::Pilot => 0,
            _ => self.nodes_per_shard_full,
        };
        Some((fleet.class, fleet.per_full_region * per_shard))
    }

    /// Cheapest node type and shard count holding the data and the load
    /// (`per_full_region` counts shards).
    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        let gib = w.size_gb * 1e9 / (1u64 << 30) as f64;
        let ops = w.reads_per_s + w.writes_per_s;
        let mut best: Option<(f64, Fleet)> = None;
        for (i, node) in self.instances.iter().enumerate() {
            if pinned.is_some_and(|p| p != i) {
                continue;
            }
            let by_memory = (gib / (node.memory_gib * self.usable_memory)).ceil();
            let by_ops = (ops
                / (node.vcpu * self.ops_per_vcpu_s * f64::from(self.nodes_per_shard_full)))
            .ceil();
            let shards = by_memory.max(by_ops).max(1.0) as u32;
            let fleet = Fleet {
                class: i,
                per_full_region: shards.min(MAX_SHARDS),
                overloaded: shards > MAX_SHARDS,
                one_smallest_suffices: true,
            };
            let usd = node.usd_per_hour.value * f64::from(fleet.per_full_region);
            if best
                .as_ref()
                .is_none_or(|(b, f)| (f.overloaded && !fleet.overloaded) || usd < *b)
            {
                best = Some((usd, fleet));
            }
        }
        Some(best.map(|(_, f)| f).expect("at least one node type"))
    }

    /// `nodes`: the (node type, count) the region runs (`EnginePricing::nodes`).
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        _role: Role,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        let fleet = ctx.fleet.expect("node-based engines are always sized");
        let (class, count) = nodes.unwrap_or((fleet.class, 0));
        let shards = fleet.per_full_region;
        ctx.add_instances(
            sink,
            region,
            &self.instances[class],
            count,
            &format!("{shards} shard(s), node"),
        );
    }

    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if let Some(primary) = ctx.cand.primary {
            ctx.add_fanout_transfer(
                sink,
                primary,
                ctx.workload.write_gb_per_month(),
                "replication",
            );
        }
    }
}
