//! Spanner, priced per replica as Google bills it (editions model):
//! compute capacity in processing units (PU; 1,000 to a node), provisioned
//! in full in every replica ("Spanner doesn't divide or distribute the
//! total PUs among the zones"), at the edition's rate per 100 PU-hour;
//! storage per GB-month in every replica that holds data (witnesses hold
//! none); inter-region replication per GB.
//!
//! - A single-region design is a regional configuration: three read-write
//!   replicas in three zones, on the Standard edition; with read-only
//!   replicas added in other regions (a custom configuration on the
//!   regional one), on the Enterprise edition.
//! - A multi-region design is a published configuration (see the catalog's
//!   `[[configuration]]`s): two read-write replicas in each of its two
//!   read-write regions and a witness replica in a third, on the
//!   Enterprise Plus edition (the only one offering them).
//! - A dual-region design (its own catalog file) is one of the published
//!   dual-region configurations: two read-write replicas and a witness in
//!   each of its two regions, Enterprise Plus.
//!
//! Compute is sized on Google's throughput per node, reads and writes
//! sharing it; below one node it moves in steps of 100 PU, above in whole
//! nodes. Committed-use discounts cover compute only.

use crate::candidate::Role;
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::engines::{Capacity, CostCtx, FloorAsk, PriceFloor, PricingModel, price};
use crate::model::{Commitment, Topology};
use crate::units::format_count;
use crate::workload::Workload;

#[derive(Debug, Clone)]
pub struct Prices {
    /// Per 100 PU-hour per replica: Standard edition (regional designs),
    /// Enterprise (regional with read-only replicas) and Enterprise Plus
    /// (multi-region).
    pub standard_100pu_hour: f64,
    pub enterprise_100pu_hour: f64,
    pub enterprise_plus_100pu_hour: f64,
    /// Per GB-month per replica holding data.
    pub storage_gb_month: f64,
    /// Per GB replicated from the leader's region to another region.
    pub replication_usd_per_gb: f64,
    pub regional_replicas: f64,
    /// Read-write replicas in each read-write region of a multi-region
    /// configuration, and witness replicas in its witness region.
    pub replicas_per_read_write_region: f64,
    pub witness_replicas: f64,
    /// Witness replicas inside each read-write region (dual-region
    /// configurations: one in each).
    pub witness_replicas_per_read_write_region: f64,
    /// Whether a witness replica is billed for compute.
    pub witness_compute_billed: bool,
    /// Per node: reads/s and writes/s, regional and multi-region.
    pub regional_reads_per_node: f64,
    pub regional_writes_per_node: f64,
    pub multi_region_reads_per_node: f64,
    pub multi_region_writes_per_node: f64,
    /// Data a replica holds per 100 PU (GiB); a node's 1,000 PU hold ten
    /// times as much.
    pub storage_gib_per_100pu: f64,
    /// Committed-use discounts on compute.
    pub cud_1y: f64,
    pub cud_3y: f64,
}

/// Processing units in a node.
const NODE_PU: f64 = 1000.0;

impl Prices {
    pub fn from_catalog(table: &toml::Table) -> Result<Self, String> {
        let share = |key: &str| -> Result<f64, String> {
            let d = price(table, key)?;
            if d < 1.0 {
                Ok(d)
            } else {
                Err(format!("[prices] `{key}` must be below 1 (a share off)"))
            }
        };
        let positive = |key: &str| -> Result<f64, String> {
            let v = price(table, key)?;
            if v > 0.0 {
                Ok(v)
            } else {
                Err(format!("[prices] `{key}` must be above 0"))
            }
        };
        Ok(Self {
            standard_100pu_hour: price(table, "standard_usd_per_100pu_hour")?,
            enterprise_100pu_hour: price(table, "enterprise_usd_per_100pu_hour")?,
            enterprise_plus_100pu_hour: price(table, "enterprise_plus_usd_per_100pu_hour")?,
            storage_gb_month: price(table, "storage_usd_per_gb_month")?,
            replication_usd_per_gb: price(table, "replication_usd_per_gb")?,
            regional_replicas: positive("regional_replicas")?,
            replicas_per_read_write_region: positive("replicas_per_read_write_region")?,
            witness_replicas: price(table, "witness_replicas")?,
            witness_replicas_per_read_write_region: crate::engines::optional_price(
                table,
                "witness_replicas_per_read_write_region",
            )?
            .unwrap_or(0.0),
            witness_compute_billed: price(table, "witness_compute_billed")? > 0.0,
            regional_reads_per_node: positive("regional_reads_per_node")?,
            regional_writes_per_node: positive("regional_writes_per_node")?,
            multi_region_reads_per_node: positive("multi_region_reads_per_node")?,
            multi_region_writes_per_node: positive("multi_region_writes_per_node")?,
            storage_gib_per_100pu: positive("storage_gib_per_100pu")?,
            cud_1y: share("cud_1y_discount")?,
            cud_3y: share("cud_3y_discount")?,
        })
    }

    /// Processing units each replica needs for the workload at its peak:
    /// the share of a node its reads and writes take (every read may reach
    /// one region: strong reads are served at the leader), or the data's
    /// share of what a node may hold if more, in steps of 100 PU below a
    /// node and of whole nodes above, at least 100.
    pub fn processing_units(&self, w: &Workload, multi_region: bool) -> f64 {
        let (load, data) = self.needs(w, multi_region);
        let pu = load.max(data);
        if pu <= NODE_PU {
            ((pu / 100.0).ceil() * 100.0).max(100.0)
        } else {
            (pu / NODE_PU).ceil() * NODE_PU
        }
    }

    /// Processing units the load at its peak and the data need, unrounded.
    fn needs(&self, w: &Workload, multi_region: bool) -> (f64, f64) {
        let (reads, writes) = if multi_region {
            (
                self.multi_region_reads_per_node,
                self.multi_region_writes_per_node,
            )
        } else {
            (self.regional_reads_per_node, self.regional_writes_per_node)
        };
        let nodes = (w.reads_per_s / reads + w.writes_per_s / writes) * w.peak_to_average;
        (
            nodes * NODE_PU,
            w.size_gib() / self.storage_gib_per_100pu * 100.0,
        )
    }

    fn multi_region(ctx: &CostCtx) -> bool {
        ctx.cand.topology != Topology::SingleRegion
    }

    /// The design's edition's name and rate per 100 PU-hour after the
    /// commitment's discount: Enterprise Plus for dual- and multi-region
    /// configurations, Enterprise for a regional one with read-only
    /// replicas, Standard for a plain regional one.
    fn rate(&self, ctx: &CostCtx, commitment: Commitment) -> (&'static str, f64) {
        let (edition, list) = if Self::multi_region(ctx) {
            ("Enterprise Plus", self.enterprise_plus_100pu_hour)
        } else if !ctx.cand.read_only.is_empty() {
            ("Enterprise", self.enterprise_100pu_hour)
        } else {
            ("Standard", self.standard_100pu_hour)
        };
        (edition, list * (1.0 - self.discount(commitment)))
    }

    fn discount(&self, commitment: Commitment) -> f64 {
        match commitment {
            Commitment::None => 0.0,
            Commitment::OneYear => self.cud_1y,
            Commitment::ThreeYear => self.cud_3y,
        }
    }

    /// Bills `replicas` replicas' compute for a month in `region`.
    fn add_compute(
        &self,
        ctx: &CostCtx,
        sink: &mut dyn CostSink,
        region: usize,
        replicas: f64,
        what: &str,
    ) {
        let multi = Self::multi_region(ctx);
        let pu = self.processing_units(ctx.workload, multi);
        let (edition, rate) = self.rate(ctx, ctx.commitment);
        let hours = Qty::of(replicas * pu / 100.0 * HOURS_PER_MONTH, "100 PU-hour");
        let term = match ctx.commitment {
            Commitment::None => String::new(),
            c => format!(", {c} committed use"),
        };
        ctx.add_regional(sink, region, hours, rate, &|| {
            format!(
                "{} {what} x {} PU ({edition}{term})",
                format_count(replicas as u64),
                format_count(pu as u64)
            )
        });
    }

    /// Bills the data's SSD storage in `replicas` replicas in `region`.
    fn add_storage(
        &self,
        ctx: &CostCtx,
        sink: &mut dyn CostSink,
        region: usize,
        replicas: f64,
        what: &str,
    ) {
        ctx.add_storage(
            sink,
            region,
            ctx.workload.size_gb * replicas,
            self.storage_gb_month,
            &format!("SSD storage, {} {what},", format_count(replicas as u64)),
        );
    }
}

impl PricingModel for Prices {
    fn capacity(&self, ctx: &CostCtx, capacity: &mut Capacity) {
        let multi = Self::multi_region(ctx);
        let pu = self.processing_units(ctx.workload, multi);
        capacity.processing_units = Some(pu as u64);
        let (edition, _) = self.rate(ctx, Commitment::None);
        let w = ctx.workload;
        let (load, data) = self.needs(w, multi);
        let sized = if data > load && data > 100.0 {
            format!(
                "sized for the {} GB stored (a replica holds 1,024 GiB per 100 processing units)",
                crate::units::format_number(w.size_gb)
            )
        } else {
            format!(
                "sized on Google's throughput per node at the peak ({}x the average)",
                crate::units::format_number(w.peak_to_average)
            )
        };
        let mut note = format!(
            "{} processing units ({} nodes) in every replica, {edition} edition, {sized}.",
            format_count(pu as u64),
            crate::units::format_number(pu / NODE_PU),
        );
        if ctx.commitment != Commitment::None {
            capacity.commitment = ctx.commitment;
            note.push_str(&format!(
                " Committed use ({}) covers compute, {:.0}% off; storage and replication stay at list price.",
                ctx.commitment.as_str(),
                self.discount(ctx.commitment) * 100.0
            ));
        }
        capacity.note = note;
    }

    /// A read-write region: its replicas' compute and storage.
    fn region_cost(
        &self,
        ctx: &CostCtx,
        region: usize,
        role: Role,
        _nodes: Option<(usize, u32)>,
        sink: &mut dyn CostSink,
    ) {
        if role == Role::Backup {
            return;
        }
        if role == Role::ReadOnly {
            let replicas = f64::from(ctx.catalog.read_only_replicas(ctx.cand, region));
            let what = if replicas > 1.0 {
                "read-only replicas"
            } else {
                "read-only replica"
            };
            self.add_compute(ctx, sink, region, replicas, what);
            self.add_storage(ctx, sink, region, replicas, what);
            return;
        }
        let replicas = if Self::multi_region(ctx) {
            self.replicas_per_read_write_region
        } else {
            self.regional_replicas
        };
        self.add_compute(ctx, sink, region, replicas, "read-write replicas");
        let witnesses = self.witness_replicas_per_read_write_region;
        if Self::multi_region(ctx) && witnesses > 0.0 && self.witness_compute_billed {
            self.add_compute(ctx, sink, region, witnesses, "witness replica");
        }
        self.add_storage(ctx, sink, region, replicas, "replicas");
    }

    /// Replication is billed at one flat rate, not the catalog's transfer
    /// prices, and a witness's compute is not a region's: neither bounds
    /// below by the floor's prices, so the floor adds nothing (the search
    /// measures every published configuration anyway).
    fn routed_floor(&self, _ask: &FloorAsk, _floor: &PriceFloor) -> f64 {
        0.0
    }

    /// The witness's compute, and replication from the leader's region to
    /// every other voting region.
    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        if let Some(witness) = ctx.cand.witness
            && self.witness_compute_billed
        {
            self.add_compute(ctx, sink, witness, self.witness_replicas, "witness replica");
        }
        let Some(leader) = ctx.cand.primary else {
            return;
        };
        let gb = ctx.workload.write_gb_per_month();
        let others = ctx.cand.others().chain(ctx.cand.witness);
        for to in others {
            let to_id = ctx.catalog.region_id(to).to_string();
            sink.add_qty(
                Some(leader),
                Qty::of(gb, "GB"),
                gb * self.replication_usd_per_gb,
                true,
                &|| format!("inter-region replication to {to_id} ({gb:.1} GB)"),
            );
        }
    }
}
