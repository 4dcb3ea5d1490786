//! The catalog: what meridian knows about the clouds. Regions with
//! coordinates, country, price index and outage rate; the measured RTT
//! matrix; inter-region transfer prices; the latency, recovery and outage
//! figures; DNS and compute prices; and the engines with their limits,
//! recovery figures and list prices. Every figure in the TOML files carries
//! its source; derived figures say how they were derived.
//!
//! A cloud is a value the catalog carries, not a branch in the code: each
//! is a folder `catalogs/<cloud>/` (regions, RTT, network, recovery,
//! traffic, prices, an optional edge catalog, and `engines/*.toml`), read
//! by `load` into one [`Cloud`] and its regions, mechanisms and engines,
//! each of which names its cloud by index. Adding a cloud is adding a
//! folder (the build embeds every file under `catalogs/`), its engines'
//! pricing models (`crate::engines`) and its templates.
//!
//! The catalog is read-only data behind a small interface: the planner asks it
//! for a price in a region, a transfer price or an engine, and tests build
//! tiny catalogs in code. It does no modelling of its own.

pub mod cited;
pub mod edge;
mod fit;
mod load;
pub mod text;

pub use fit::{DesignPins, Misfit, misfit, topologies};

pub use load::{EMBEDDED_FILES, load_dir, load_dir_clouds, load_embedded, load_embedded_clouds};

use serde::Deserialize;

use crate::engines::EnginePricing;
use crate::model::{Conflicts, Consistency, Kind, Standby};

pub use crate::figure::{Figure, InstanceType};

/// One cloud region.
#[derive(Debug, Clone)]
pub struct Region {
    pub id: String,
    /// The cloud it belongs to (index into `Catalog::clouds`).
    pub cloud: usize,
    pub name: String,
    /// ISO 3166-1 alpha-2 code of the country the region is in.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// Regional price ÷ the price in its cloud's price region for the same
    /// instance (the cloud's `price_index_vm`, e.g. AWS m6i.large).
    pub price_index: f64,
    /// Whether the index itself was derived rather than read from a price list.
    pub price_index_derived: bool,
    /// It is its cloud's price region: list prices apply as quoted.
    pub quotes_list_prices: bool,
    pub transfer_out_usd_per_gb: f64,
    pub transfer_derived: bool,
    pub outages_per_year: f64,
    /// Not generally available (a Spanner witness region, …): engines are
    /// offered there only where their files list it.
    pub restricted: bool,
}

/// How latencies are estimated (see `network`).
#[derive(Debug, Clone)]
pub struct LatencyFigures {
    /// One-way distance light covers in fibre per millisecond.
    pub fiber_km_per_ms: Figure,
    /// Measured RTT ÷ fibre bound; `None` means fit it to the RTT matrix.
    pub route_inflation: Option<Figure>,
    /// Pairs closer than this are left out of the fit (the ratio is noisy there).
    pub fit_min_km: f64,
    pub last_mile_p50_ms: Figure,
    pub last_mile_p99_ms: Figure,
    /// p99 RTT ÷ p50 RTT for inter-region paths.
    pub tail_p99_over_p50: Figure,
    /// p99 RTT of a service calling the data copy in its own region (one
    /// round trip across Availability Zones).
    pub intra_region_p99_ms: Figure,
}

/// Failure detection and DNS failover figures.
#[derive(Debug, Clone)]
pub struct RecoveryFigures {
    /// Mean duration of a regional outage, hours.
    pub outage_mean_hours: Figure,
    pub outages_per_region_year: Figure,
    /// Events confined to one Availability Zone, per region and year: each
    /// costs an engine its in-region failover time (`in_region_failover_s`).
    pub az_events_per_region_year: Figure,
}

/// How users reach a design's regions and move off a failed one: every
/// cloud's traffic mechanisms, which the search chooses among for designs
/// in that cloud.
#[derive(Debug, Clone)]
pub struct TrafficFigures {
    pub mechanisms: Vec<Mechanism>,
    /// Which premium-pricing geography each region belongs to (index by
    /// region); an anycast mechanism's per-GB premium is by geography.
    pub geography: Vec<String>,
}

/// One way traffic reaches a design's regions (catalog `[[mechanism]]`).
#[derive(Debug, Clone)]
pub struct Mechanism {
    pub id: String,
    pub name: String,
    pub kind: crate::model::TrafficKind,
    /// Endpoint health checks (DNS, anycast): interval, fast interval,
    /// consecutive failures before an endpoint is unhealthy.
    pub health_check_interval_s: Option<Figure>,
    pub fast_health_check_interval_s: Option<Figure>,
    pub failure_threshold: Option<Figure>,
    /// Client-side: the request timeout and the attempts before the client
    /// moves to the next region.
    pub timeout_s: Option<Figure>,
    pub attempts: Option<Figure>,
    /// The region of the control plane an operator's switch calls (Route 53
    /// record changes, Global Accelerator traffic dials), with its source;
    /// None when the switch is a data-plane call (ARC routing controls).
    pub control_plane: Option<(usize, String)>,
    /// Fixed fee per hour (an accelerator, an ARC cluster).
    pub fixed_usd_hour: Option<Figure>,
    /// Per GB of the dominant direction, by the serving region's geography.
    pub premium_usd_per_gb: std::collections::BTreeMap<String, Figure>,
    /// Where its health checks are billed per endpoint (at its cloud's
    /// prices.toml rates): the cost line's name, e.g. "Route 53 health check".
    pub health_check_item: Option<String>,
    /// The cloud it routes to (index into `Catalog::clouds`).
    pub cloud: usize,
    /// What the mechanism demands of the application, for the plan.
    pub demands: String,
    pub runbook: MechanismRunbook,
    /// What the timings leave out, for the plan.
    pub caveat: Option<String>,
}

impl Mechanism {
    /// Whether health checks come in a fast interval too.
    pub fn has_fast(&self) -> bool {
        self.fast_health_check_interval_s.is_some()
    }
}

/// What the runbook says for an engine (its file's `[runbook]`): the
/// steps only the engine knows how to take, with placeholders
/// ([`text::fill`]).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngineRunbook {
    /// Promote the standby (active-passive).
    pub promote: Option<String>,
    /// Restore the copied backup (backup-restore).
    pub restore: Option<String>,
    /// Start the pilot light's compute.
    pub start_compute: Option<String>,
    /// Grow the warm standby.
    pub scale_up: Option<String>,
    /// What happens in an active-active design (default: by replication).
    pub survive: Option<String>,
    /// Move the writer back once the region returns (active-passive).
    pub failback: Option<String>,
}

/// What the runbook says for a traffic mechanism (`[mechanism.runbook]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MechanismRunbook {
    /// How a lost region is noticed (placeholder `{checks}`).
    pub detect: String,
    /// How users move in an active-active design, automatically.
    pub shift_active: Option<String>,
    /// How users move to the standby, automatically, and who moves them
    /// (`passive_actor`: "automatic", or "automation" for a script).
    pub shift_passive: Option<String>,
    pub passive_actor: Option<String>,
    /// How an operator moves users (default: `shift_passive`).
    pub shift_operator: Option<String>,
}

/// What the runbook says the cloud's own tools show (recovery.toml
/// `[runbook]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudRunbook {
    /// How a single region's loss is noticed.
    pub single_region_detect: String,
    /// What an operator looks at to decide a region is lost.
    pub evidence: String,
}

/// DNS and health-check prices (global, not regional).
#[derive(Debug, Clone)]
pub struct DnsPrices {
    /// The DNS service's name, for cost lines ("Route 53").
    pub service: String,
    pub hosted_zone_usd_month: Figure,
    pub health_check_usd_month: Figure,
    pub fast_interval_usd_month: Figure,
    /// Per million DNS queries. Query volume depends on how many resolvers
    /// and clients ask, which a spec does not say, so plans list these
    /// prices without a line item.
    pub standard_queries_usd_per_million: Figure,
    pub latency_queries_usd_per_million: Figure,
}

/// How an engine can run across regions when every region takes writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActiveActive {
    /// Not offered.
    None,
    /// Every region writes; replication is asynchronous, conflicts resolved.
    Async,
    /// Every region writes; a commit waits for another region (RPO 0).
    Sync,
    /// A leader region commits with a majority of voter regions (RPO 0).
    Quorum,
}

/// What the copies that are not the primary may serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReplicaReads {
    /// Nothing: standby copies only take over.
    None,
    /// Stale reads (eventual and bounded-staleness).
    Stale,
    /// Stale reads, and session consistency (read-your-writes) too.
    Session,
    /// Strongly consistent reads: every write reaches every copy before
    /// it commits (`standby_replication = "sync"` with one write region).
    Strong,
}

/// An engine's own outage history in one region (its post-event summaries),
/// used instead of the region's "any service" rate for that engine there.
#[derive(Debug, Clone)]
pub struct EngineOutages {
    pub region: usize,
    pub per_year: Figure,
    pub mean_hours: Figure,
    /// The events, with their sources.
    pub events: String,
}

/// A source of regional outages: the region's shared dependencies (any
/// AWS service there), or one engine's own history in the region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutageProcess {
    pub region: usize,
    /// None: the region-wide process, stopping every engine without its own.
    pub engine: Option<usize>,
    pub per_year: f64,
    pub mean_hours: f64,
}

impl Engine {
    /// Whether a design may hold a copy or witness in `region`: where the
    /// engine is offered, or in one of its published configurations.
    pub fn may_hold(&self, region: usize) -> bool {
        self.offered_in(region)
            || self.configurations.iter().any(|c| {
                c.read_write.contains(&region)
                    || c.witness == Some(region)
                    || c.may_hold_read_only(region)
            })
    }

    /// For an engine with published configurations, the one `cand` is
    /// (None inside: a single-region design, a regional configuration);
    /// None for other engines.
    pub fn configuration_of(
        &self,
        cand: &crate::candidate::Candidate,
    ) -> Option<Option<&Configuration>> {
        if self.configurations.is_empty() {
            return None;
        }
        Some(match cand.configuration {
            Some(i) => self.configurations.get(i),
            None => self.configurations.iter().find(|c| {
                !c.regional
                    && c.witness == cand.witness
                    && c.read_only.is_empty()
                    && cand.read_only.is_empty()
                    && c.read_write == cand.regions
            }),
        })
    }

    /// For an engine with named locations, the first holding `cand`'s
    /// regions when it has several; None otherwise.
    pub fn location_of(&self, cand: &crate::candidate::Candidate) -> Option<&Location> {
        (cand.regions.len() > 1)
            .then(|| self.location_holding(&cand.regions))
            .flatten()
    }

    /// The first of the engine's named locations holding every region of
    /// `regions`.
    pub fn location_holding(&self, regions: &[usize]) -> Option<&Location> {
        self.locations
            .iter()
            .find(|l| regions.iter().all(|r| l.regions.contains(r)))
    }

    /// Whether a multi-region design may hold `regions`: within one of the
    /// engine's region sets (any regions when it has none). A set outside
    /// every region set has no superset inside one.
    pub fn within_region_sets(&self, regions: impl Iterator<Item = usize> + Clone) -> bool {
        self.region_sets.is_empty()
            || self
                .region_sets
                .iter()
                .any(|set| regions.clone().all(|r| set.contains(&r)))
    }
}

/// A named set of regions a multi-region design may lie within (Cloud
/// Storage's location `US`: any two of its regions).
#[derive(Debug, Clone)]
pub struct Location {
    pub name: String,
    pub regions: Vec<usize>,
    pub source: String,
}

/// A published multi-region configuration (Spanner's `nam3`, …): its
/// read-write regions, the default leader among them, and a witness.
#[derive(Debug, Clone)]
pub struct Configuration {
    pub name: String,
    pub leader: usize,
    /// Ascending.
    pub read_write: Vec<usize>,
    pub witness: Option<usize>,
    /// Its read-only replicas (Spanner's nam6, …): region and replica
    /// count, ascending by region.
    pub read_only: Vec<(usize, u32)>,
    /// Regions where a custom configuration on this base may add a
    /// read-only replica (one each), ascending.
    pub optional_read_only: Vec<usize>,
    /// A regional configuration (one read-write region, no witness): its
    /// designs are single-region designs with read-only replicas added
    /// (without any, the engine's plain single-region design).
    pub regional: bool,
    pub source: String,
}

impl Configuration {
    /// The regions of its own read-only replicas, ascending.
    pub fn own_read_only(&self) -> impl Iterator<Item = usize> + '_ {
        self.read_only.iter().map(|(r, _)| *r)
    }

    /// Whether a design on this configuration may hold a read-only replica
    /// in `region`: one of its own, or one of its optional regions.
    pub fn may_hold_read_only(&self, region: usize) -> bool {
        self.own_read_only().any(|r| r == region) || self.optional_read_only.contains(&region)
    }

    /// Whether `read_only` is what a design on this configuration may hold:
    /// its own read-only regions and any of its optional ones.
    pub fn admits_read_only(&self, read_only: &[usize]) -> bool {
        self.own_read_only().all(|r| read_only.contains(&r))
            && read_only.iter().all(|r| self.may_hold_read_only(*r))
    }

    /// The read-only regions a design adds to the published configuration
    /// (a custom configuration when any).
    pub fn added_read_only<'c>(
        &'c self,
        read_only: &'c [usize],
    ) -> impl Iterator<Item = usize> + 'c {
        read_only
            .iter()
            .copied()
            .filter(|r| !self.own_read_only().any(|o| o == *r))
    }

    /// Read-only replicas in `region`: the configuration's own count, one
    /// where a custom configuration adds it.
    pub fn read_only_replicas(&self, region: usize) -> u32 {
        self.read_only
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(1, |(_, n)| *n)
    }
}

/// A data engine and what its documentation says it can do.
#[derive(Debug, Clone)]
pub struct Engine {
    pub id: String,
    pub name: String,
    /// The cloud offering it (index into `Catalog::clouds`); its regions
    /// are that cloud's.
    pub cloud: usize,
    pub kinds: Vec<Kind>,
    /// Regions the engine is offered in (indices into `Catalog::regions`).
    pub regions: Vec<bool>,
    pub single_region: bool,
    /// Considered only when no other engine meets every SLO (self-managed).
    pub fallback: bool,
    /// A quorum design that loses its majority is failed over to the
    /// surviving region (by the provider on detection, or an operator)
    /// instead of stopping until a region returns: Spanner's dual-region
    /// configurations, where every commit needs both regions.
    pub quorum_failover: bool,
    pub standby: Vec<Standby>,
    pub active_active: ActiveActive,
    /// How an active-passive design's writes reach its standbys: `Async`
    /// (the primary commits first), or `Sync` (a write commits once every
    /// region has it: Cosmos DB's strong consistency across regions).
    pub standby_replication: crate::model::Replication,
    /// Conflict handling an async active-active deployment gives.
    pub aa_conflicts: Vec<Conflicts>,
    /// The strongest consistency it is planned with (a class asking for
    /// more is not given it).
    pub strongest: Consistency,
    pub replica_reads: ReplicaReads,
    /// Most regions holding a copy (primary included).
    pub max_regions: usize,
    /// Exact region count for sync/quorum active-active (peers or voters).
    pub sync_regions: usize,
    /// Whether sync active-active adds a witness region (DSQL).
    pub witness: bool,
    /// Multi-region deployments must lie within one of these sets (empty: any).
    pub region_sets: Vec<Vec<usize>>,
    /// Multi-region designs must be one of these published configurations
    /// (empty: any regions the other fields allow).
    pub configurations: Vec<Configuration>,
    /// Named region sets, in catalog order (also in `region_sets`): a
    /// multi-region design is in the first that holds its regions (Cloud
    /// Storage's dual-region locations, predefined ones listed first).
    pub locations: Vec<Location>,
    /// Its own outage history, per region where AWS published one.
    pub outages: Vec<EngineOutages>,
    /// Abbreviations its sources use (e.g. "IC" → the infracost test file).
    pub references: std::collections::BTreeMap<String, String>,
    /// The replication window the plan's RPO rests on (a bound where the
    /// engine publishes one, else its typical lag).
    pub replication_lag_s: Figure,
    /// The typical lag when it is well below that bound (S3 RTC: seconds,
    /// bounded by 15 minutes); simulate uses it for expected data loss.
    pub typical_lag_s: Option<Figure>,
    /// A published bound on the replication window (an SLA), if any.
    pub rpo_bound_s: Option<Figure>,
    /// The least value of a setting that makes the primary block commits
    /// while the replicas lag more than it (Aurora PostgreSQL's
    /// `rds.global_db_rpo`): a bound the design can set.
    pub rpo_parameter_min_s: Option<Figure>,
    pub promotion_s: Figure,
    /// Time to fail over within a region when an Availability Zone or the
    /// writer fails (Multi-AZ); None: nothing fails over (regional services).
    pub in_region_failover_s: Option<Figure>,
    /// The writes an in-region failover may lose (0: synchronous copies in
    /// other zones; None where nothing fails over).
    pub in_region_loss_s: Option<Figure>,
    pub capacity_start_s: Option<Figure>,
    pub scale_up_s: Option<Figure>,
    pub backup_interval_s: Option<Figure>,
    pub restore_fixed_s: Option<Figure>,
    pub restore_mb_per_s: Option<Figure>,
    pub read_service_ms: Figure,
    pub write_service_ms: Figure,
    /// The published availability SLA (multi-region where it differs).
    pub sla: Option<Figure>,
    /// The SLA of a single-region deployment, where it differs.
    pub sla_single_region: Option<Figure>,
    pub pricing: EnginePricing,
    /// The `[prices]` table as written, with its citations, for display.
    pub price_table: toml::Table,
    pub runbook: EngineRunbook,
}

impl Engine {
    pub fn offered_in(&self, region: usize) -> bool {
        self.regions.get(region).copied().unwrap_or(false)
    }
}

/// What one cloud's regions, engines and mechanisms share (its folder's
/// network, recovery, traffic and prices files).
#[derive(Debug, Clone)]
pub struct Cloud {
    /// The folder name, as the spec's `clouds` names it ("aws").
    pub id: String,
    pub name: String,
    /// The region whose list prices its engine files quote.
    pub price_region: usize,
    /// The instance whose regional prices make the price index.
    pub price_index_vm: String,
    pub latency: LatencyFigures,
    pub recovery: RecoveryFigures,
    /// An operator's decision time and the health-checked DNS TTL, unless
    /// the spec sets them.
    pub decision_s: Figure,
    pub dns_ttl_s: Figure,
    pub dns: DnsPrices,
    pub compute: Vec<InstanceType>,
    pub runbook: CloudRunbook,
    /// Its CDN (`[static_assets]`), where the catalog has one.
    pub edge: Option<edge::EdgeCatalog>,
}

/// Everything the planner knows: every cloud of the catalog.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// In folder-name order; the first is the default cloud of a spec
    /// without `clouds`, and supplies the catalog-wide figures (the physics
    /// of its network.toml, which every cloud's file repeats).
    pub clouds: Vec<Cloud>,
    pub regions: Vec<Region>,
    /// `rtt_p50_ms[a][b]`: median RTT from region a to region b, measured
    /// within a cloud; NaN between clouds, where `network` estimates it
    /// from the distance.
    pub rtt_p50_ms: Vec<Vec<f64>>,
    /// Per source region: the destinations whose transfer price differs
    /// from the source's usual one, with that price.
    pub transfer_exceptions: Vec<Vec<(usize, f64)>>,
    pub traffic: TrafficFigures,
    pub engines: Vec<Engine>,
}

impl crate::engines::PriceBook for Catalog {
    fn regional_price(&self, list_usd: f64, region: usize) -> (f64, bool) {
        Catalog::regional_price(self, list_usd, region)
    }

    fn transfer_usd_per_gb(&self, from: usize, to: usize) -> (f64, bool) {
        Catalog::transfer_usd_per_gb(self, from, to)
    }

    fn region_id(&self, region: usize) -> &str {
        &self.regions[region].id
    }

    fn transfer_floor(&self, pool: &[usize]) -> Option<f64> {
        let mut sorted = pool.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        sorted
            .iter()
            .filter_map(|a| self.cheapest_transfer_from(*a, &sorted))
            .reduce(f64::min)
    }

    fn read_only_replicas(&self, cand: &crate::candidate::Candidate, region: usize) -> u32 {
        match self.engines[cand.engine].configuration_of(cand) {
            Some(Some(c)) => c.read_only_replicas(region),
            _ => 1,
        }
    }
}

impl Catalog {
    pub fn region_index(&self, id: &str) -> Option<usize> {
        self.regions.iter().position(|r| r.id == id)
    }

    pub fn engine_index(&self, id: &str) -> Option<usize> {
        self.engines.iter().position(|e| e.id == id)
    }

    pub fn region_ids(&self) -> impl Iterator<Item = &str> {
        self.regions.iter().map(|r| r.id.as_str())
    }

    /// The cloud id of every region, in catalog order.
    pub fn region_cloud_ids(&self) -> Vec<String> {
        self.regions
            .iter()
            .map(|r| self.clouds[r.cloud].id.clone())
            .collect()
    }

    /// The default cloud: a spec's without `clouds`, whose files give the
    /// catalog-wide figures (the physics of network.toml, the decision
    /// time and DNS TTL a spec may override).
    pub fn default_cloud(&self) -> &Cloud {
        &self.clouds[0]
    }

    /// The catalog-wide network figures (the default cloud's).
    pub fn latency(&self) -> &LatencyFigures {
        &self.default_cloud().latency
    }

    /// The cloud a region belongs to.
    pub fn cloud_of(&self, region: usize) -> &Cloud {
        &self.clouds[self.regions[region].cloud]
    }

    pub fn cloud_index(&self, id: &str) -> Option<usize> {
        self.clouds.iter().position(|c| c.id == id)
    }

    /// The first of `clouds` the catalog has (the default cloud when none):
    /// whose figures a spec's plan-wide defaults are.
    pub fn first_cloud(&self, clouds: &[String]) -> usize {
        clouds
            .first()
            .and_then(|c| self.cloud_index(c))
            .unwrap_or(0)
    }

    /// The traffic mechanism `id` of cloud `cloud` (mechanism ids repeat
    /// across clouds: each has its own `client`).
    pub fn mechanism(&self, cloud: &str, id: &str) -> Option<&Mechanism> {
        self.traffic
            .mechanisms
            .iter()
            .find(|m| m.id == id && self.clouds[m.cloud].id == cloud)
    }

    /// The CDN catalog static assets are planned with: the first cloud's
    /// that has one.
    pub fn edge(&self) -> Option<&edge::EdgeCatalog> {
        self.edge_cloud().and_then(|c| c.edge.as_ref())
    }

    /// The cloud whose CDN [`Self::edge`] is.
    pub fn edge_cloud(&self) -> Option<&Cloud> {
        self.clouds.iter().find(|c| c.edge.is_some())
    }

    /// The least price index of `cloud`'s regions (1 for a region quoting
    /// list prices).
    pub fn least_index(&self, cloud: usize) -> f64 {
        (0..self.regions.len())
            .filter(|r| self.regions[*r].cloud == cloud)
            .map(|r| self.regional_price(1.0, r).0)
            .fold(f64::INFINITY, f64::min)
    }

    /// A list price of the region's cloud's price region moved to `region`
    /// by the region's price index. Returns the price and whether it is
    /// derived.
    pub fn regional_price(&self, list_usd: f64, region: usize) -> (f64, bool) {
        if self.regions[region].quotes_list_prices {
            (list_usd, false)
        } else {
            (list_usd * self.regions[region].price_index, true)
        }
    }

    /// Price per GB sent from one region to another, and whether it is derived.
    pub fn transfer_usd_per_gb(&self, from: usize, to: usize) -> (f64, bool) {
        if let Some(&(_, usd)) = self.transfer_exceptions[from]
            .iter()
            .find(|(b, _)| *b == to)
        {
            return (usd, false);
        }
        let region = &self.regions[from];
        (region.transfer_out_usd_per_gb, region.transfer_derived)
    }

    /// The least price per GB from `from` to another region of `pool`
    /// (sorted), or None when the pool holds no other region.
    pub fn cheapest_transfer_from(&self, from: usize, pool: &[usize]) -> Option<f64> {
        let others = pool.len() - usize::from(pool.binary_search(&from).is_ok());
        if others == 0 {
            return None;
        }
        let mut excepted = 0;
        let mut least = f64::INFINITY;
        for &(to, usd) in &self.transfer_exceptions[from] {
            if to != from && pool.binary_search(&to).is_ok() {
                excepted += 1;
                least = least.min(usd);
            }
        }
        // The usual price applies to the others, if any remain.
        if excepted < others {
            least = least.min(self.regions[from].transfer_out_usd_per_gb);
        }
        Some(least)
    }

    /// Every outage process: one per region (any service), and one per
    /// engine with its own history in a region.
    pub fn outage_processes(&self) -> Vec<OutageProcess> {
        let mut out: Vec<OutageProcess> = self
            .regions
            .iter()
            .enumerate()
            .map(|(r, region)| OutageProcess {
                region: r,
                engine: None,
                per_year: region.outages_per_year,
                mean_hours: self.clouds[region.cloud].recovery.outage_mean_hours.value,
            })
            .collect();
        for (e, engine) in self.engines.iter().enumerate() {
            for o in &engine.outages {
                out.push(OutageProcess {
                    region: o.region,
                    engine: Some(e),
                    per_year: o.per_year.value,
                    mean_hours: o.mean_hours.value,
                });
            }
        }
        out
    }

    /// The outage process that stops `engine` in `region`: its own history
    /// there if published, else the region's.
    pub fn outage_process(&self, engine: usize, region: usize) -> OutageProcess {
        match self.engines[engine]
            .outages
            .iter()
            .find(|o| o.region == region)
        {
            Some(o) => OutageProcess {
                region,
                engine: Some(engine),
                per_year: o.per_year.value,
                mean_hours: o.mean_hours.value,
            },
            None => OutageProcess {
                region,
                engine: None,
                per_year: self.regions[region].outages_per_year,
                mean_hours: self.cloud_of(region).recovery.outage_mean_hours.value,
            },
        }
    }

    /// A service instance type by name, in any cloud.
    pub fn compute_type(&self, name: &str) -> Option<&InstanceType> {
        self.compute_types().find(|i| i.name == name)
    }

    /// Every cloud's service instance types.
    pub fn compute_types(&self) -> impl Iterator<Item = &InstanceType> + Clone {
        self.clouds.iter().flat_map(|c| c.compute.iter())
    }

    /// The type a service named `name` runs on in `region`: that type in
    /// its own cloud; in another cloud, the cheapest type there with as
    /// many vCPUs and as much memory or more (None when the catalog has
    /// none so large). Instance names differ across clouds, so a service
    /// whose data lands on another cloud still runs on a like machine.
    pub fn compute_in(&self, name: &str, region: usize) -> Option<&InstanceType> {
        let cloud = &self.clouds[self.regions[region].cloud];
        if let Some(own) = cloud.compute.iter().find(|i| i.name == name) {
            return Some(own);
        }
        let named = self.compute_type(name)?;
        cloud
            .compute
            .iter()
            .filter(|i| i.vcpu >= named.vcpu && i.memory_gib >= named.memory_gib)
            .min_by(|a, b| a.usd_per_hour.value.total_cmp(&b.usd_per_hour.value))
    }
}
