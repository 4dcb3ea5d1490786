//! What each engine costs. Engines are grouped by cloud (`aws/`, …), one
//! file per priced model: a `Prices` struct read from the engine's catalog
//! file (list prices of its cloud's price region, each cited there) that
//! implements [`PricingModel`]: `region_cost` (what one region of a given
//! role adds: compute and storage, also the search's lower bound) and
//! `shared_cost` (what depends on several regions: requests, replicated
//! writes, transfer). Regional prices come from the catalog's price index,
//! read through [`PriceBook`] (the engines import nothing of the catalog,
//! which loads them); hours↔months and per-second↔per-month conversions
//! live in `cost`.
//!
//! **Where a cloud plugs in**: a folder here with its models and a
//! `MODELS` list, named in [`models`]; its catalog folder's engine files
//! name those models. Nothing outside this module matches on a model.
//! What several clouds bill alike lives beside the folders, each cloud
//! giving its own meters: [`backup`] copies, [`object_copies`] (S3, Blob
//! Storage, Cloud Storage), [`primary_replicas`] (RDS and Cloud SQL for
//! PostgreSQL), [`quorum_vms`] (a self-managed quorum database on EC2,
//! Compute Engine or Azure VMs), [`cache_shards`] (ElastiCache and
//! Memorystore for Valkey).
//!
//! Where an engine offers a choice of how capacity is bought (DynamoDB
//! on-demand or provisioned, Aurora Standard or I/O-Optimized), both cost
//! functions price one [`CapacityMode`] given in the context; the
//! evaluation prices every mode of [`EnginePricing::modes`] and keeps the
//! cheapest, and the floors are given per mode, so the search's bound (the
//! least over modes of each mode's total) stays a lower bound whichever
//! mode a design ends up in.

pub mod aws;
pub mod azure;
pub mod backup;
pub mod cache_shards;
pub mod gcp;
pub mod object_copies;
pub mod primary_replicas;
pub mod quorum_vms;

use std::sync::Arc;

use crate::candidate::{Candidate, Role};
use crate::cost::{CostSink, HOURS_PER_MONTH, Qty};
use crate::figure::{Figure, InstanceType};
use crate::model::{CapacityMode, Commitment, Topology};
use crate::workload::Workload;

/// How a design buys its capacity, for the plan (`capacity` per class).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Capacity {
    pub mode: CapacityMode,
    /// The commitment priced: the spec's, or "none" where no reserved
    /// price was found (see `note`).
    pub commitment: Commitment,
    /// Auto-scaling target utilisation (provisioned DynamoDB).
    pub target_utilization: Option<f64>,
    pub peak_to_average: f64,
    /// Provisioned units per region (provisioned DynamoDB), by region id.
    pub units: std::collections::BTreeMap<String, ProvisionedUnits>,
    /// Throughput provisioned in every region, in request units per
    /// second (Cosmos DB: the manual RU/s, or autoscale's maximum); absent
    /// for engines that provision none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput_rus: Option<u64>,
    /// Compute capacity of each replica, in processing units (Spanner:
    /// 1,000 to a node); absent for engines sized otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processing_units: Option<u64>,
    /// Why the mode was chosen and what the commitment covers, in words.
    pub note: String,
}

/// Capacity units one region of a provisioned DynamoDB table carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct ProvisionedUnits {
    /// Write capacity units provisioned (every replica carries every write).
    pub write_capacity: u64,
    /// Of those, the units carrying writes accepted in this region (billed
    /// as WCU; the rest are replicated writes, rWCU).
    pub local_write_capacity: u64,
    pub read_capacity: u64,
    /// Units covered by reserved capacity (bought in blocks of 100).
    pub reserved_write_capacity: u64,
    pub reserved_read_capacity: u64,
}

/// The most capacity modes an engine offers (see [`EnginePricing::modes`]).
pub const MAX_MODES: usize = 3;

/// An engine's priced model: how one of its designs is billed. Each engine
/// file implements it for its `Prices` (read from the catalog's `[prices]`
/// table), and its cloud's module lists it in `MODELS` under the name a
/// catalog's `model` key gives. What is common to every engine (backup
/// copies carry no instances; floors per capacity mode; the plan's
/// capacity record) lives in [`EnginePricing`], which wraps it.
pub trait PricingModel: std::fmt::Debug + Send + Sync {
    /// The capacity modes a design may be priced in, the default first (it
    /// wins ties).
    fn modes(&self) -> &'static [CapacityMode] {
        &[CapacityMode::OnDemand]
    }

    /// Whether a design of `topology` may be priced in `mode` for `w`
    /// (Cosmos DB serverless: one region, within its throughput limit).
    /// By default every mode the engine lists.
    fn offers(&self, _mode: CapacityMode, _topology: Topology, _w: &Workload) -> bool {
        true
    }

    /// Fills the plan's record of how a design priced in `ctx.mode` buys
    /// its capacity (`capacity` arrives with the mode, no commitment and an
    /// empty note). By default, the note: instances on-demand, or billed
    /// per request for engines with none, no commitment priced.
    fn capacity(&self, ctx: &CostCtx, capacity: &mut Capacity) {
        let term = ctx.commitment.as_str();
        let committed = ctx.commitment != Commitment::None;
        capacity.note = match (self.instances().is_empty(), committed) {
            (false, false) => "Instances on-demand.".into(),
            (false, true) => format!(
                "Commitment {term}: no citable reserved-instance rate was found for these instances, so they stay on-demand."
            ),
            (true, false) => "Billed per request (no capacity to buy).".into(),
            (true, true) => format!(
                "Billed per request; commitment {term} has no reserved price for this engine."
            ),
        };
    }

    /// Instance classes the engine runs on (empty for serverless engines).
    fn instances(&self) -> &[InstanceType] {
        &[]
    }

    /// Sizes the fleet for a workload (None for serverless engines).
    fn size(&self, _w: &Workload, _pinned: Option<usize>) -> Option<Fleet> {
        None
    }

    /// The instances (class index, count) a live region of `role` runs, or
    /// None when it runs none (never asked for backup copies).
    fn nodes(&self, _role: Role, _fleet: Fleet) -> Option<(usize, u32)> {
        None
    }

    /// What one region adds by itself: compute and storage for its role.
    /// `nodes` is [`EnginePricing::nodes`] for it. By default nothing: an
    /// engine billing the whole account at its location's rates (Firestore,
    /// Blob Storage RA-GRS) bills it all in
    /// [`Self::shared_cost`] and bounds it in [`Self::routed_floor`].
    fn region_cost(
        &self,
        _ctx: &CostCtx,
        _region: usize,
        _role: Role,
        _nodes: Option<(usize, u32)>,
        _sink: &mut dyn CostSink,
    ) {
    }

    /// What every live copy in `role` bills for writes whatever the
    /// routing (each write lands in every copy, as a write or as a
    /// replicated write), at list price; part of the search's floor.
    fn writes_per_copy(
        &self,
        _w: &Workload,
        _role: Role,
        _mode: CapacityMode,
        _commitment: Commitment,
    ) -> f64 {
        0.0
    }

    /// A lower bound of [`Self::shared_cost`] beyond the per-copy floors,
    /// for designs of `ask`, every routed price at `floor` (see
    /// [`EnginePricing::routed_floors`]). By default each write's bytes
    /// sent to every other copy.
    fn routed_floor(&self, ask: &FloorAsk, floor: &PriceFloor) -> f64 {
        floor.fanout(ask.workload.write_gb_per_month(), ask.copies)
    }

    /// Whether [`Self::routed_floor`] is affine and nondecreasing in the
    /// number of regions, so the search reads it at one and two regions
    /// only (a test checks every engine that says so).
    fn routed_floor_affine(&self) -> bool {
        true
    }

    /// Where [`Self::routed_floor`]'s terms on the price index are billed.
    /// None (the default): in the regions that serve the requests, so the
    /// search prices them at the least index of the regions that may
    /// serve. Some(ratio): in every region of a design, each at its own
    /// published ratio where the engine has one (the least of them is
    /// `ratio`) and at the cloud's index elsewhere, so the search prices
    /// them at the least of `ratio` and every index of the cloud.
    fn routed_index_cap(&self) -> Option<f64> {
        None
    }

    /// Whether the search bounds one region set alone, before measuring
    /// it, with [`Self::routed_floor`]: [`FloorAsk::busiest`] the set's own
    /// busiest share of reads, and [`PriceFloor::transfer_per_gb`] the
    /// set's own mean price of a write's copy (each write sent from the
    /// region that took it to every other region of the set). True only
    /// for an engine whose one transfer term is that fanout, and worth it
    /// only where a region's provisioning follows the busiest region's
    /// reads (which a region more may split, so a set's supersets may be
    /// cheaper than the set).
    fn routed_floor_alone(&self) -> bool {
        false
    }

    /// What depends on the whole candidate: requests, replication, transfer.
    fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink);
}

/// What [`PricingModel::routed_floor`] bounds: the designs of one family
/// of at least `regions` copies, `copies` of which receive replicated
/// writes (0 when the other copies are backups), priced in one mode.
#[derive(Debug, Clone, Copy)]
pub struct FloorAsk<'a> {
    pub workload: &'a Workload,
    pub mode: CapacityMode,
    pub commitment: Commitment,
    pub topology: Topology,
    pub regions: usize,
    pub copies: usize,
    /// The busiest serving region's share of reads, at least: 0 when the
    /// designs are many (any of them serves at least an even share from
    /// one region); one design's own share when the search bounds a
    /// region set alone.
    pub busiest: f64,
}

/// Reads an engine's prices from its catalog file (`[prices]` and its
/// `[[instance]]` classes).
pub type LoadModel = fn(&toml::Table, &[InstanceType]) -> Result<Arc<dyn PricingModel>, String>;

/// The models a catalog may name, every cloud's.
pub fn models() -> impl Iterator<Item = &'static (&'static str, LoadModel)> {
    aws::MODELS.iter().chain(azure::MODELS).chain(gcp::MODELS)
}

/// The priced model behind an engine, chosen by the catalog's `model` key.
#[derive(Debug, Clone)]
pub struct EnginePricing(Arc<dyn PricingModel>);

/// Reads a priced figure from an engine's `[prices]` table.
pub(crate) fn price(table: &toml::Table, key: &str) -> Result<f64, String> {
    let value = table
        .get(key)
        .ok_or_else(|| format!("[prices] needs `{key}`"))?
        .clone();
    let figure: Figure = value
        .try_into()
        .map_err(|e| format!("[prices] `{key}`: {e}"))?;
    if figure.value.is_finite() && figure.value >= 0.0 {
        Ok(figure.value)
    } else {
        Err(format!("[prices] `{key}` must be a non-negative number"))
    }
}

/// An instance engine's `[[instance]]` classes, which it cannot do
/// without (`what` they are: "classes", "node types", ...).
pub(crate) fn instances_of(
    model: &str,
    what: &str,
    instances: &[InstanceType],
) -> Result<Vec<InstanceType>, String> {
    if instances.is_empty() {
        return Err(format!("{model} needs [[instance]] {what}"));
    }
    Ok(instances.to_vec())
}

/// Reads a priced figure that a catalog may leave out (a price that was
/// not found is absent, with a comment saying so).
pub(crate) fn optional_price(table: &toml::Table, key: &str) -> Result<Option<f64>, String> {
    if table.contains_key(key) {
        price(table, key).map(Some)
    } else {
        Ok(None)
    }
}

/// Instance-based sizing figures (in `[prices]`, as they are assumptions
/// about the engine rather than prices, each cited or marked derived).
#[derive(Debug, Clone)]
pub struct SizingFigures {
    pub reads_per_vcpu_s: f64,
    pub writes_per_vcpu_s: f64,
    pub target_utilization: f64,
    /// Instances per full-size region (e.g. writer + reader for Multi-AZ).
    pub min_instances: u32,
}

impl SizingFigures {
    pub fn from_table(table: &toml::Table) -> Result<Self, String> {
        Ok(Self {
            reads_per_vcpu_s: price(table, "reads_per_vcpu_s")?.max(1e-9),
            writes_per_vcpu_s: price(table, "writes_per_vcpu_s")?.max(1e-9),
            target_utilization: price(table, "target_utilization")?.clamp(0.05, 1.0),
            min_instances: price(table, "min_instances")?.max(1.0) as u32,
        })
    }
}

/// A chosen instance class and how many run in each full-size region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fleet {
    pub class: usize,
    pub per_full_region: u32,
    /// The workload needs more than the largest class or count allows.
    pub overloaded: bool,
    /// One instance of the smallest class carries the whole load (a warm
    /// standby of that size need not grow before it serves).
    pub one_smallest_suffices: bool,
}

/// Most instances one full-size region runs (Aurora: writer + 15 readers).
pub const MAX_INSTANCES: u32 = 16;

/// The cheapest single instance that carries the whole workload (engines
/// whose region runs one server: a bigger class, not more of them); the
/// largest class, overloaded, when none does. A pinned class is used as
/// given.
pub fn size_single(
    classes: &[InstanceType],
    sizing: &SizingFigures,
    w: &Workload,
    pinned: Option<usize>,
) -> Fleet {
    let one = SizingFigures {
        min_instances: 1,
        ..sizing.clone()
    };
    let fleet = |class: usize| {
        let f = size_fleet(classes, &one, w, Some(class));
        Fleet {
            overloaded: f.overloaded || f.per_full_region > 1,
            per_full_region: 1,
            ..f
        }
    };
    if let Some(p) = pinned {
        return fleet(p);
    }
    (0..classes.len())
        .map(fleet)
        .filter(|f| !f.overloaded)
        .min_by(|a, b| {
            classes[a.class]
                .usd_per_hour
                .value
                .total_cmp(&classes[b.class].usd_per_hour.value)
        })
        .unwrap_or_else(|| fleet(classes.len().saturating_sub(1)))
}

/// The cheapest fleet that carries the workload: the writer alone must take
/// every write; all instances together take reads and writes, each kept at
/// the target utilisation. A pinned class is used as given.
pub fn size_fleet(
    classes: &[InstanceType],
    sizing: &SizingFigures,
    w: &Workload,
    pinned: Option<usize>,
) -> Fleet {
    let writer_vcpu = w.writes_per_s / sizing.writes_per_vcpu_s / sizing.target_utilization;
    let total_vcpu =
        writer_vcpu + w.reads_per_s / sizing.reads_per_vcpu_s / sizing.target_utilization;
    let mut best: Option<(f64, Fleet)> = None;
    for (i, class) in classes.iter().enumerate() {
        if pinned.is_some_and(|p| p != i) {
            continue;
        }
        let count = ((total_vcpu / class.vcpu).ceil() as u32).max(sizing.min_instances);
        let overloaded = class.vcpu < writer_vcpu || count > MAX_INSTANCES;
        let fleet = Fleet {
            class: i,
            per_full_region: count.min(MAX_INSTANCES),
            overloaded,
            one_smallest_suffices: total_vcpu <= classes[0].vcpu,
        };
        let usd = class.usd_per_hour.value * f64::from(fleet.per_full_region);
        let better = match &best {
            None => true,
            Some((best_usd, best_fleet)) => {
                (best_fleet.overloaded && !overloaded)
                    || (best_fleet.overloaded == overloaded && usd < *best_usd)
            }
        };
        if better {
            best = Some((usd, fleet));
        }
    }
    best.map(|(_, f)| f).unwrap_or(Fleet {
        class: 0,
        per_full_region: sizing.min_instances,
        overloaded: true,
        one_smallest_suffices: false,
    })
}

/// What the cost functions read of the regions: prices moved to a region
/// by its price index, transfer prices between regions, and region ids
/// for line items. The catalog provides it; the engines read nothing else
/// of the catalog (their own prices come from their files' `[prices]`).
pub trait PriceBook {
    /// A list price (quoted for the region's cloud's price region) moved
    /// to `region`, and whether it is derived.
    fn regional_price(&self, list_usd: f64, region: usize) -> (f64, bool);
    /// Price per GB sent from one region to another, and whether derived.
    fn transfer_usd_per_gb(&self, from: usize, to: usize) -> (f64, bool);
    fn region_id(&self, region: usize) -> &str;
    /// The least transfer price per GB between two regions of `pool`, or
    /// None when it holds fewer than two.
    fn transfer_floor(&self, pool: &[usize]) -> Option<f64>;
    /// Read-only replicas `cand` holds in `region` (one of its
    /// `read_only`): its published configuration's count, one where a
    /// custom configuration adds it.
    fn read_only_replicas(&self, cand: &Candidate, region: usize) -> u32;
}

/// The cheapest prices any region of a search pool offers, for
/// [`EnginePricing::routed_floors`].
#[derive(Debug, Clone, Copy)]
pub struct PriceFloor {
    /// Lowest regional price ÷ list price (1 for the list-price region).
    pub index: f64,
    /// Lowest inter-region transfer price per GB.
    pub transfer_per_gb: f64,
}

impl PriceFloor {
    pub fn of(catalog: &dyn PriceBook, pool: &[usize]) -> PriceFloor {
        let index = Self::least_index(catalog, pool);
        PriceFloor {
            index: if index.is_finite() { index } else { 0.0 },
            transfer_per_gb: catalog.transfer_floor(pool).unwrap_or(0.0),
        }
    }

    /// The least price index of the regions of `pool` (infinite when it
    /// holds none).
    pub fn least_index(catalog: &dyn PriceBook, pool: &[usize]) -> f64 {
        pool.iter()
            .map(|r| catalog.regional_price(1.0, *r).0)
            .fold(f64::INFINITY, f64::min)
    }

    /// Transfer of `gb` to each of `copies` other regions, at the floor price.
    pub fn fanout(&self, gb: f64, copies: usize) -> f64 {
        gb * copies as f64 * self.transfer_per_gb
    }
}

/// Everything an engine's cost functions may read.
#[derive(Clone, Copy)]
pub struct CostCtx<'a> {
    pub catalog: &'a dyn PriceBook,
    pub cand: &'a Candidate,
    pub workload: &'a Workload,
    pub fleet: Option<Fleet>,
    /// Share of reads served by each region of `cand.regions` (same order).
    pub read_share: &'a [f64],
    /// Share of writes accepted by each region of `cand.regions`.
    pub write_share: &'a [f64],
    /// The capacity mode to price (one of [`EnginePricing::modes`]).
    pub mode: CapacityMode,
    /// The spec's commitment (what is priced depends on the catalog).
    pub commitment: Commitment,
}

impl CostCtx<'_> {
    /// The share of reads `region` serves (0 where reads are not routed:
    /// the search's floors).
    pub fn read_share(&self, region: usize) -> f64 {
        self.position(region)
            .and_then(|i| self.read_share.get(i).copied())
            .unwrap_or(0.0)
    }

    /// The share of writes `region` accepts (0 where not routed).
    pub fn write_share(&self, region: usize) -> f64 {
        self.position(region)
            .and_then(|i| self.write_share.get(i).copied())
            .unwrap_or(0.0)
    }

    fn position(&self, region: usize) -> Option<usize> {
        self.cand.regions.iter().position(|r| *r == region)
    }

    /// Adds `qty` at a us-east-1 list unit price scaled to `region`.
    pub fn add_regional(
        &self,
        sink: &mut dyn CostSink,
        region: usize,
        qty: Qty,
        list_unit_usd: f64,
        item: &dyn Fn() -> String,
    ) {
        let (usd, derived) = self
            .catalog
            .regional_price(qty.amount * list_unit_usd, region);
        sink.add_qty(Some(region), qty, usd, derived, item);
    }

    /// `gb` stored for a month at a list price per GB-month, as
    /// "`what` N GB".
    pub fn add_storage(
        &self,
        sink: &mut dyn CostSink,
        region: usize,
        gb: f64,
        usd_per_gb_month: f64,
        what: &str,
    ) {
        let qty = Qty::of(gb, "GB-month");
        self.add_regional(sink, region, qty, usd_per_gb_month, &|| {
            format!("{what} {gb:.0} GB")
        });
    }

    /// Instance-hours for `count` instances of a class for a month.
    pub fn add_instances(
        &self,
        sink: &mut dyn CostSink,
        region: usize,
        class: &InstanceType,
        count: u32,
        what: &str,
    ) {
        if count == 0 {
            return;
        }
        let hours = Qty::of(HOURS_PER_MONTH * f64::from(count), "instance-hour");
        self.add_regional(sink, region, hours, class.usd_per_hour.value, &|| {
            format!("{what} {} x{count}", class.name)
        });
    }

    /// Transfer of `gb` per month from `from` to `to`, billed at the source.
    pub fn add_transfer(
        &self,
        sink: &mut dyn CostSink,
        from: usize,
        to: usize,
        gb: f64,
        what: &str,
    ) {
        let (per_gb, derived) = self.catalog.transfer_usd_per_gb(from, to);
        let to_id = self.catalog.region_id(to);
        sink.add_qty(Some(from), Qty::of(gb, "GB"), gb * per_gb, derived, &|| {
            format!("{what} transfer to {to_id} ({gb:.1} GB)")
        });
    }

    /// Transfer of `gb` per month from `from` to every other region holding
    /// a full copy (and to no witness).
    pub fn add_fanout_transfer(&self, sink: &mut dyn CostSink, from: usize, gb: f64, what: &str) {
        for to in self.cand.regions.iter().copied().filter(|r| *r != from) {
            self.add_transfer(sink, from, to, gb, what);
        }
    }
}

impl EnginePricing {
    pub fn from_catalog(
        model: &str,
        table: &toml::Table,
        instances: &[InstanceType],
    ) -> Result<Self, String> {
        match models().find(|(name, _)| *name == model) {
            Some((_, load)) => load(table, instances).map(Self),
            None => Err(format!(
                "unknown engine model \"{model}\"; meridian knows: {}",
                models()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// The capacity modes a design of this engine may be priced in, the
    /// default first (it wins ties).
    pub fn modes(&self) -> &'static [CapacityMode] {
        self.0.modes()
    }

    /// See [`PricingModel::offers`].
    pub fn offers(&self, mode: CapacityMode, topology: Topology, w: &Workload) -> bool {
        self.0.offers(mode, topology, w)
    }

    /// How a design priced in `ctx.mode` buys its capacity, for the plan.
    pub fn capacity(&self, ctx: &CostCtx) -> Capacity {
        let mut capacity = Capacity {
            mode: ctx.mode,
            commitment: Commitment::None,
            target_utilization: None,
            peak_to_average: ctx.workload.peak_to_average,
            units: Default::default(),
            throughput_rus: None,
            processing_units: None,
            note: String::new(),
        };
        self.0.capacity(ctx, &mut capacity);
        capacity
    }

    /// Instance classes the engine runs on (empty for serverless engines).
    pub fn instances(&self) -> &[InstanceType] {
        self.0.instances()
    }

    /// The instances (class index, count) a region of `role` runs, or None
    /// when it runs none (serverless engines, pilot lights, backup copies).
    /// The cost model and the plan's per-region placement both read this.
    pub fn nodes(&self, role: Role, fleet: Fleet) -> Option<(usize, u32)> {
        if role == Role::Backup {
            return None;
        }
        self.0.nodes(role, fleet).filter(|(_, count)| *count > 0)
    }

    /// Sizes the fleet for a workload (None for serverless engines).
    pub fn size(&self, w: &Workload, pinned: Option<usize>) -> Option<Fleet> {
        self.0.size(w, pinned)
    }

    /// What one region adds by itself: compute and storage for its role.
    pub fn region_cost(&self, ctx: &CostCtx, region: usize, role: Role, sink: &mut dyn CostSink) {
        let nodes = if self.instances().is_empty() {
            None
        } else {
            let fleet = ctx.fleet.expect("instance engines are always sized");
            self.nodes(role, fleet)
        };
        self.0.region_cost(ctx, region, role, nodes, sink);
    }

    /// A lower bound of what `region` adds in `role` to any candidate, per
    /// capacity mode (in [`Self::modes`] order; infinite past the engine's
    /// modes): its compute and storage, and the requests every copy bills
    /// whatever the routing (each write lands in every live copy, as a
    /// write or as a replicated write). The search sums each mode's floors
    /// over a region set apart, so a bound never mixes one mode's region
    /// cost with another's routed cost.
    pub fn region_floors(&self, ctx: &CostCtx, region: usize, role: Role) -> [f64; MAX_MODES] {
        let mut out = [f64::INFINITY; MAX_MODES];
        for (slot, &mode) in out.iter_mut().zip(self.modes()) {
            if !self.offers(mode, ctx.cand.topology, ctx.workload) {
                continue;
            }
            *slot = {
                let ctx = CostCtx { mode, ..*ctx };
                let mut total = crate::cost::Total::default();
                self.region_cost(&ctx, region, role, &mut total);
                let per_copy = if role == Role::Backup {
                    0.0
                } else {
                    self.0
                        .writes_per_copy(ctx.workload, role, mode, ctx.commitment)
                };
                total.0.usd() + ctx.catalog.regional_price(per_copy, region).0
            };
        }
        out
    }

    /// A lower bound of [`Self::shared_cost`] for any candidate with at least
    /// `regions` copies (`replicated`: the copies are live replicas, not
    /// backups), however requests are routed: every routed price at the
    /// pool's cheapest, per capacity mode as [`Self::region_floors`]. The
    /// search prunes with it.
    pub fn routed_floors(
        &self,
        w: &Workload,
        commitment: Commitment,
        topology: Topology,
        (regions, replicated, busiest): (usize, bool, f64),
        floor: &PriceFloor,
    ) -> [f64; MAX_MODES] {
        let copies = if replicated {
            regions.saturating_sub(1)
        } else {
            0
        };
        let mut out = [f64::INFINITY; MAX_MODES];
        for (slot, &mode) in out.iter_mut().zip(self.modes()) {
            if !self.offers(mode, topology, w) {
                continue;
            }
            let ask = FloorAsk {
                workload: w,
                mode,
                commitment,
                topology,
                regions,
                copies,
                busiest,
            };
            *slot = self.0.routed_floor(&ask, floor);
        }
        out
    }

    /// See [`PricingModel::routed_floor_affine`].
    pub fn routed_floor_affine(&self) -> bool {
        self.0.routed_floor_affine()
    }

    /// See [`PricingModel::routed_index_cap`].
    pub fn routed_index_cap(&self) -> Option<f64> {
        self.0.routed_index_cap()
    }

    /// See [`PricingModel::routed_floor_alone`].
    pub fn routed_floor_alone(&self) -> bool {
        self.0.routed_floor_alone()
    }

    /// What depends on the whole candidate: requests, replication, transfer.
    pub fn shared_cost(&self, ctx: &CostCtx, sink: &mut dyn CostSink) {
        self.0.shared_cost(ctx, sink);
    }
}
