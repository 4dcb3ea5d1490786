//! Azure Managed Redis: one cache instance per region, of one SKU (a
//! memory size and vCPUs), with high availability (two nodes, each billed
//! the SKU's node-hour rate); every region of a design runs the same SKU,
//! as active geo-replication requires. Geo-replication traffic is billed
//! as inter-region transfer only where the catalog says it is (Microsoft
//! absorbs it today: see the catalog file).

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{CostCtx, Fleet, PricingModel, instances_of, price};
use crate::figure::InstanceType;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    /// SKUs, each priced per node-hour.
    pub instances: Vec<InstanceType>,
    /// Share of a SKU's memory the data may use.
    pub usable_memory: f64,
    pub ops_per_vcpu_s: f64,
    /// Nodes billed per instance (two with high availability).
    pub nodes_per_instance: u32,
    /// Whether geo-replication traffic is billed as inter-region transfer.
    pub transfer_billed: bool,
}

impl Prices {
    pub fn from_catalog(table: &toml::Table, instances: &[InstanceType]) -> Result<Self, String> {
        Ok(Self {
            instances: instances_of("azure-managed-redis", "SKUs", instances)?,
            usable_memory: price(table, "usable_memory_fraction")?.clamp(0.05, 1.0),
            ops_per_vcpu_s: price(table, "ops_per_vcpu_s")?.max(1.0),
            nodes_per_instance: price(table, "nodes_per_instance")?.max(1.0) as u32,
            transfer_billed: price(table, "geo_replication_transfer_billed")? > 0.0,
        })
    }
}

impl PricingModel for Prices {
    fn instances(&self) -> &[InstanceType] {
        &self.instances
    }

    /// The cheapest SKU holding the data and carrying the load (one
    /// instance: a SKU does not shard across instances); overloaded when
    /// none does.
    fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        let gib = w.size_gb * 1e9 / (1u64 << 30) as f64;
        let ops = w.reads_per_s + w.writes_per_s;
        let fits = |sku: &InstanceType| {
            gib <= sku.memory_gib * self.usable_memory && ops <= sku.vcpu * self.ops_per_vcpu_s
        };
        let class = match pinned {
            Some(p) => p,
            None => (0..self.instances.len())
                .filter(|&i| fits(&self.instances[i]))
                .min_by(|&a, &b| {
                    let price = |i: usize| self.instances[i].usd_per_hour.value;
                    price(a).total_cmp(&price(b))
                })
                .unwrap_or_else(|| {
                    // None fits: the largest, reported overloaded.
                    (0..self.instances.len())
                        .max_by(|&a, &b| {
                            let mem = |i: usize| self.instances[i].memory_gib;
                            mem(a).total_cmp(&mem(b))
                        })
                        .unwrap_or(0)
                }),
        };
        Some(Fleet {
            class,
            per_full_region: 1,
            overloaded: !fits(&self.instances[class]),
            one_smallest_suffices: true,
        })
    }

    /// Every region runs the same SKU (a geo-replication group's members
    /// must match).
    fn nodes(&self, _role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        Some((fleet.class, self.nodes_per_instance))
    }

    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        _role: Role,
        nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        let Some((class, count)) = nodes else {
            return;
        };
        let sku = &self.instances[class];
        let qty = Qty::of(HOURS_PER_MONTH * f64::from(count), "node-hour");
        ctx.add_regional(sink, region, qty, sku.usd_per_hour.value, &|| {
            format!(
                "Managed Redis {} ({count} nodes, high availability)",
                sku.name
            )
        });
    }

    /// Where it is billed, each region's accepted writes sent to every
    /// other instance.
    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if !self.transfer_billed {
            return;
        }
        let gb = ctx.workload.write_gb_per_month();
        for (i, &region) in ctx.cand.regions.iter().enumerate() {
            let share = ctx.write_share.get(i).copied().unwrap_or(0.0);
            if share > 0.0 {
                ctx.add_fanout_transfer(sink, region, gb * share, "geo-replication");
            }
        }
    }

    /// The default fan-out where transfer is billed, else nothing.
    fn routed_floor(
        &self,
        ask: &crate::engines::FloorAsk,
        floor: &crate::engines::PriceFloor,
    ) -> f64 {
        if self.transfer_billed {
            floor.fanout(ask.workload.write_gb_per_month(), ask.copies)
        } else {
            0.0
        }
    }
}
