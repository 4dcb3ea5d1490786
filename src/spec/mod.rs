//! The user's spec (v1, as DESIGN.md): data classes with workload and SLOs,
//! user populations, services and their dependencies. Reading is two phases:
//! `reader` walks the raw TOML with spans; `validate` (here) turns it into
//! the valid types below against the catalog, collecting every error with
//! file, line, column and the fix. A `Spec` that exists is valid.

pub mod dependencies;
mod reader;
pub mod schema;
mod validate;

pub use validate::parse;

use crate::model::{
    CapacityMode, Commitment, Conflicts, Consistency, Failover, Kind, LatencyAt, Standby, Topology,
};

/// A valid spec.
#[derive(Debug, Clone)]
pub struct Spec {
    pub name: String,
    pub clouds: Vec<String>,
    /// Regions the spec allows (by catalog index).
    pub allowed_regions: Vec<bool>,
    pub users: Vec<Population>,
    pub data: Vec<DataClass>,
    pub services: Vec<Service>,
    /// The capacity commitment every class is priced with.
    pub commitment: Commitment,
    /// TTL of the health-checked DNS records, seconds (`dns_ttl`).
    pub dns_ttl_s: f64,
    /// Static content served through the CDN (`[static_assets]`).
    pub static_assets: Option<StaticAssets>,
}

/// How a class fails over: who decides, how long deciding takes, and which
/// traffic mechanisms may carry its users (`failover`, `decision_time`,
/// `traffic`, each at the top level with a per-class override).
#[derive(Debug, Clone, PartialEq)]
pub struct FailoverPolicy {
    pub failover: Failover,
    /// Seconds an operator takes to decide (used with `Failover::Operator`).
    pub decision_s: f64,
    /// Allowed mechanisms, by catalog index.
    pub traffic: Vec<bool>,
}

/// The `[static_assets]` section: content served by CloudFront from S3
/// origin buckets (planned by `edge`).
#[derive(Debug, Clone, PartialEq)]
pub struct StaticAssets {
    /// Bytes stored at the origin.
    pub size_bytes: u64,
    /// Average viewer requests per second, all populations served.
    pub requests_per_sec: f64,
    /// Average bytes per response.
    pub response_bytes: u64,
    /// Share of requests served from the edge cache, in (0, 1].
    pub cache_hit_ratio: f64,
    /// The populations served (indices into `Spec::users`), in spec order.
    pub populations: Vec<usize>,
    /// With a target, the origin is an origin group across two regions.
    pub rto_s: Option<f64>,
    pub origin_shield: bool,
    /// Bytes uploaded (new or changed objects) a month; what replication
    /// to a second origin copies.
    pub change_bytes_per_month: u64,
}

/// Where a share of the requests comes from.
#[derive(Debug, Clone)]
pub struct Population {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Set when the spec placed the users next to a region.
    pub near: Option<usize>,
    pub share: f64,
    /// p99 of the users' access link (`last_mile_p99`); None: the catalog's.
    pub last_mile_p99_ms: Option<f64>,
}

/// One data class with its workload, SLOs and pins.
#[derive(Debug, Clone)]
pub struct DataClass {
    pub name: String,
    pub kind: Kind,
    pub size_bytes: u64,
    pub reads_per_sec: f64,
    pub writes_per_sec: f64,
    /// Peak request rate ÷ average, in [1, 100]: provisioned capacity
    /// carries the peak, on-demand bills the average.
    pub peak_to_average: f64,
    pub item_bytes: u64,
    pub consistency: Consistency,
    pub conflicts: Conflicts,
    /// Which p99 `read_latency` / `write_latency` bound.
    pub latency_at: LatencyAt,
    pub failover: FailoverPolicy,
    pub slo: Slo,
    /// Jurisdictions as written, for the plan and report.
    pub residency: Option<Vec<String>>,
    /// Regions allowed by the spec's allow-list and this class's residency.
    pub allowed: Vec<bool>,
    pub pins: Pins,
    /// Resource addresses holding the class in the module `assess` reads
    /// (spec key `terraform`).
    pub terraform: Vec<String>,
}

/// Service-level objectives; `None` means the spec set none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slo {
    pub rpo_s: Option<f64>,
    /// The RPO must be guaranteed (a bound), not only typical.
    pub rpo_guaranteed: bool,
    pub rto_s: Option<f64>,
    pub availability: Option<f64>,
    pub read_latency_ms: Option<f64>,
    pub write_latency_ms: Option<f64>,
}

/// Parts of the design the user fixed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    pub topology: Option<Topology>,
    pub standby: Option<Standby>,
    pub engine: Option<usize>,
    pub primary: Option<usize>,
    /// Regions other than the primary, in the user's order, each once.
    pub replicas: Option<Vec<usize>>,
    /// The witness region (Aurora DSQL, DynamoDB MRSC).
    pub witness: Option<usize>,
    pub instance: Option<String>,
    /// The capacity mode (DynamoDB on-demand or provisioned, Aurora
    /// Standard or I/O-Optimized); None: the cheapest the engine offers.
    /// Set by `assess` from what a module states; not a spec key.
    pub capacity: Option<CapacityMode>,
    /// Fast (10 s) health checks or standard (30 s); None: whichever the
    /// search finds cheapest. Set by `assess`; not a spec key.
    pub fast_health_checks: Option<bool>,
    /// Aurora PostgreSQL's `rds.global_db_rpo` as a module sets it: Some(None)
    /// when it is not set, Some(Some(seconds)) when it is; None: the model
    /// sets it where the class needs a guaranteed RPO. Set by `assess`.
    pub global_db_rpo_s: Option<Option<f64>>,
}

impl Pins {
    /// The pins as the catalog checks them against an engine.
    pub fn design(&self, kind: Kind) -> crate::catalog::DesignPins<'_> {
        crate::catalog::DesignPins {
            kind,
            topology: self.topology,
            standby: self.standby,
            primary: self.primary,
            replicas: self.replicas.as_deref(),
            witness: self.witness,
            instance: self.instance.as_deref(),
        }
    }
}

/// A stateless tier routed by DNS.
#[derive(Debug, Clone)]
pub struct Service {
    pub name: String,
    pub depends_on: Vec<Dependency>,
    pub instance: String,
    pub instances_per_region: u32,
}

/// What a service needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dependency {
    Data(usize),
    Service(usize),
}
