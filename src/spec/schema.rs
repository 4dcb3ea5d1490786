//! The spec as a JSON Schema (draft 7, what taplo / Even Better TOML read),
//! for `meridian schema`: editors use it to complete keys, region, engine
//! and instance names, to show each key's meaning on hover, and to flag
//! unknown keys, misspelt enum values and malformed units as you type.
//!
//! The document types below mirror the TOML spec key for key (README,
//! "Spec reference (v1)"); each doc comment becomes the key's
//! `description`. They describe the input and nothing more: this module
//! must not validate specs or be used to read them — `spec::validate` does
//! that, with spans, against the catalog, and with the rules a schema cannot
//! say (shares summing to 1, `near` or `lat`/`lon`, dependency cycles,
//! residency leaving a region). A spec the schema accepts may still be
//! rejected by `meridian validate`; the schema must not reject a spec
//! meridian accepts, except unit spellings outside the README's (the
//! parsers also take `"500gb"` or `"5min"`; the patterns keep to
//! `B KB … EiB` and `ms s m h d`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde_json::Value;

use crate::catalog::Catalog;
use crate::model::{
    Commitment, Conflicts, Consistency, Failover, Kind, LatencyAt, Standby, Topology,
};

/// A duration: numbers with `ms s m h d` units, e.g. `"250ms"`, `"1h 30m"`.
pub const DURATION_PATTERN: &str = r"^\s*[0-9]+\s*(ms|s|m|h|d)(\s*[0-9]+\s*(ms|s|m|h|d))*\s*$";
/// A size: a number and a decimal (`B KB MB GB TB PB EB`) or binary
/// (`KiB MiB GiB TiB PiB EiB`) unit, e.g. `"500 GB"`, `"2 KiB"`.
pub const SIZE_PATTERN: &str =
    r"^\s*[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)\s*$";
/// Availability as a percentage string, e.g. `"99.99%"`.
pub const PERCENT_PATTERN: &str = r"^\s*[0-9]+(\.[0-9]+)?\s*%\s*$";
/// The system's name.
pub const NAME_PATTERN: &str = "^[a-z0-9-]+$";
/// The name of a `[users.NAME]`, `[data.NAME]` or `[services.NAME]` table.
pub const TABLE_NAME_PATTERN: &str = "^[a-z0-9_-]+$";
/// Longest table name.
pub const TABLE_NAME_MAX: u64 = 48;

/// The JSON Schema of a spec, with the catalog's region ids, engine ids and
/// instance names as enums so that editors complete them. The same catalog
/// gives the same bytes.
pub fn schema(catalog: &Catalog) -> Value {
    // Tidy first, so that draft 7's `$ref` rule (no siblings) sees the
    // final shape of every optional key.
    let generator = SchemaSettings::draft07()
        .with(|s| s.transforms.insert(0, Box::new(tidy)))
        .into_generator();
    let mut value = generator.into_root_schema_for::<SpecDocument>().to_value();
    let definitions = &mut value["definitions"];
    set_enum(
        &mut definitions["Cloud"],
        catalog.clouds.iter().map(|c| c.id.as_str()),
    );
    set_enum(
        &mut definitions["RegionId"],
        catalog.regions.iter().map(|r| r.id.as_str()),
    );
    set_enum(
        &mut definitions["EngineId"],
        catalog.engines.iter().map(|e| e.id.as_str()),
    );
    set_enum(
        &mut definitions["TrafficId"],
        catalog.traffic.mechanisms.iter().map(|m| m.id.as_str()),
    );
    set_enum(
        &mut definitions["Ec2InstanceType"],
        catalog.compute_types().map(|c| c.name.as_str()),
    );
    set_enum(
        &mut definitions["EngineInstanceClass"],
        catalog
            .engines
            .iter()
            .flat_map(|e| e.pricing.instances().iter().map(|c| c.name.as_str())),
    );
    value
}

/// The schema as `meridian schema` prints it: pretty JSON and a newline.
pub fn render(catalog: &Catalog) -> String {
    let mut text =
        serde_json::to_string_pretty(&schema(catalog)).expect("a JSON value always serializes");
    text.push('\n');
    text
}

fn set_enum<'a>(definition: &mut Value, names: impl Iterator<Item = &'a str>) {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    if let Value::Object(map) = definition {
        map.insert("enum".into(), names.into());
    }
}

/// TOML has no null (an optional key is left out, never null), Rust's
/// number formats (`double`, `uint32`) mean nothing to editors, and doc
/// comments wrap where the source does, not where the editor does.
fn tidy(schema: &mut Schema) {
    if schema.get("format").and_then(Value::as_str).is_some() {
        schema.remove("format");
    }
    if let Some(Value::String(text)) = schema.get_mut("description") {
        *text = text
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types[0].clone();
            schema.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(options)) = schema.get_mut("anyOf") {
        options.retain(|o| o.get("type").is_none_or(|t| t != "null"));
        if options.len() == 1 {
            let only = options.pop().expect("one option");
            schema.remove("anyOf");
            if let Value::Object(map) = only {
                for (k, v) in map {
                    schema.insert(k, v);
                }
            }
        }
    }
    schemars::transform::transform_subschemas(&mut tidy, schema);
}

/// A meridian spec (v1): the data classes with their workload and SLOs,
/// the user populations, and the services that depend on them. Unknown keys
/// are errors. `meridian validate SPEC` checks everything this schema cannot.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "meridian spec (v1)")]
pub struct SpecDocument {
    /// The system's name (a-z, 0-9 and -).
    #[schemars(regex(pattern = NAME_PATTERN), length(min = 1))]
    pub name: String,
    /// Clouds to plan on (the catalog's; its clouds are added by
    /// [`schema`]). Default `["aws"]`.
    #[schemars(extend("default" = ["aws"], "minItems" = 1))]
    pub clouds: Option<Vec<Cloud>>,
    /// Allow-list of regions any class may use. Default: every region.
    #[schemars(extend("minItems" = 1))]
    pub regions: Option<Vec<RegionId>>,
    /// Capacity commitment priced for every class: "none" (on-demand and
    /// provisioned prices), "1y" or "3y" (reserved capacity where a
    /// published price exists; the plan notes what stays on-demand).
    /// Default "none".
    #[schemars(extend("default" = "none"))]
    pub commitment: Option<Commitment>,
    /// Who decides a region is lost: "automatic" (health checks or
    /// clients move users at once) or "operator" (an operator decides,
    /// taking decision_time). Default "automatic".
    #[schemars(extend("default" = "automatic"))]
    pub failover: Option<Failover>,
    /// An operator's time to decide a region is lost, in the RTO of
    /// operator failover. Default "15m" (catalog).
    pub decision_time: Option<Duration>,
    /// The traffic mechanisms the search may choose among: "route53",
    /// "global-accelerator", "client", "arc". Default: all but "client"
    /// (client-side routing asks the application to carry the region list).
    #[schemars(extend("minItems" = 1))]
    pub traffic: Option<Vec<TrafficId>>,
    /// TTL of the health-checked DNS records, whole seconds from 1s to 1d.
    /// Default "60s" (catalog).
    pub dns_ttl: Option<Duration>,
    /// The user populations (at least one), each a `[users.NAME]` table.
    #[schemars(extend("minProperties" = 1, "propertyNames" = table_names()))]
    pub users: BTreeMap<String, Users>,
    /// The data classes (at least one), each a `[data.NAME]` table.
    #[schemars(extend("minProperties" = 1, "propertyNames" = table_names()))]
    pub data: BTreeMap<String, Data>,
    /// Stateless services, each a `[services.NAME]` table. Default: none.
    #[schemars(extend("propertyNames" = table_names()))]
    pub services: Option<BTreeMap<String, Service>>,
    /// Static content served through the CDN (CloudFront in front of S3
    /// origin buckets): a `[static_assets]` table. Default: none.
    pub static_assets: Option<StaticAssets>,
}

/// Static content served by CloudFront from S3 origin buckets in the
/// plan's regions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StaticAssets {
    /// Bytes stored at the origin, e.g. "50 GB".
    pub size: Size,
    /// Average viewer requests per second, all populations served (0 to 1e9).
    #[schemars(range(min = 0.0, max = 1e9))]
    pub requests_per_sec: f64,
    /// Average bytes per response, e.g. "120 KB" (above 0, at most 5 TB).
    pub response_size: Size,
    /// Share of requests served from the edge cache, above 0 and at most 1.
    #[schemars(range(max = 1.0), extend("exclusiveMinimum" = 0.0))]
    pub cache_hit_ratio: f64,
    /// The populations served, names of [users.NAME] tables, each once.
    /// Default: every population.
    #[schemars(extend("minItems" = 1, "uniqueItems" = true))]
    pub populations: Option<Vec<PopulationName>>,
    /// With a target, the origin is an origin group across two regions
    /// (CloudFront fails over per request). Left out: one origin.
    pub rto: Option<Duration>,
    /// Route every cache miss through CloudFront Origin Shield. Default false.
    #[schemars(extend("default" = false))]
    pub origin_shield: Option<bool>,
    /// Bytes uploaded (new or changed objects) a month: what a second
    /// origin replicates. Default: `size` (everything re-uploaded monthly).
    pub change_per_month: Option<Size>,
}

fn table_names() -> Value {
    serde_json::json!({
        "type": "string",
        "pattern": TABLE_NAME_PATTERN,
        "minLength": 1,
        "maxLength": TABLE_NAME_MAX,
    })
}

/// A user population: where a share of the requests comes from. Give
/// `near`, or both `lat` and `lon`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Users {
    /// The users sit next to this region.
    pub near: Option<RegionId>,
    /// Or: the users' latitude in degrees (give `lon` too, not `near`).
    #[schemars(range(min = -90.0, max = 90.0))]
    pub lat: Option<f64>,
    /// Or: the users' longitude in degrees (give `lat` too, not `near`).
    #[schemars(range(min = -180.0, max = 180.0))]
    pub lon: Option<f64>,
    /// Fraction of requests, above 0 and at most 1; the shares of all
    /// populations sum to 1 ± 0.01.
    #[schemars(range(max = 1.0), extend("exclusiveMinimum" = 0.0))]
    pub share: f64,
    /// p99 of these users' access link (above 0, at most 10s), in their
    /// end-user latency. Default: the catalog's (40ms, a fixed line).
    pub last_mile_p99: Option<Duration>,
}

/// A data class: its workload, SLOs, residency and optional pins.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// What the data is; decides the engines that can hold it.
    pub kind: Kind,
    /// Bytes stored, e.g. "500 GB" or "2 TiB".
    pub size: Size,
    /// Reads per second, all populations. Default 0.
    #[schemars(range(min = 0.0, max = 1e9), extend("default" = 0))]
    pub reads_per_sec: Option<f64>,
    /// Writes per second. Default 0.
    #[schemars(range(min = 0.0, max = 1e9), extend("default" = 0))]
    pub writes_per_sec: Option<f64>,
    /// Ratio of the peak request rate to the average, 1 to 100; spiky
    /// loads favour on-demand. Default 1.
    #[schemars(range(min = 1.0, max = 100.0), extend("default" = 1))]
    pub peak_to_average: Option<f64>,
    /// Average bytes per write; drives replication traffic and request
    /// units. Default "1 KiB".
    #[schemars(extend("default" = "1 KiB"))]
    pub item_size: Option<Size>,
    /// What reads must see. Default "strong".
    #[schemars(extend("default" = "strong"))]
    pub consistency: Option<Consistency>,
    /// How concurrent writes to one item may be resolved. Default
    /// "single-writer".
    #[schemars(extend("default" = "single-writer"))]
    pub conflicts: Option<Conflicts>,
    /// Most data (as time of writes) lost when a whole region is lost.
    /// Left out: not constrained.
    pub rpo: Option<Duration>,
    /// The RPO must be guaranteed by a bound (synchronous or quorum
    /// commits, backups, S3 Replication Time Control, Aurora PostgreSQL
    /// with rds.global_db_rpo), not met by a typical lag. Default false.
    #[schemars(extend("default" = false))]
    pub rpo_guaranteed: Option<bool>,
    /// Longest time to serve again after losing a region. Left out: not
    /// constrained.
    pub rto: Option<Duration>,
    /// Yearly availability as users see it: "99.99%" or 0.9999. Left out:
    /// not constrained.
    pub availability: Option<Availability>,
    /// p99 budget for a read, network + service, for every population.
    pub read_latency: Option<Duration>,
    /// p99 budget for a write.
    pub write_latency: Option<Duration>,
    /// Which p99 the latency budgets bound: "user" (end-user: last mile and
    /// path to the serving region included) or "service" (from the region
    /// whose service tier serves the users to the data). Default "user".
    #[schemars(extend("default" = "user"))]
    pub latency_at: Option<LatencyAt>,
    /// Who decides this class's region is lost: "automatic" or
    /// "operator". Default: the top level's.
    pub failover: Option<Failover>,
    /// The operator's decision time for this class. Default: the top
    /// level's.
    pub decision_time: Option<Duration>,
    /// The traffic mechanisms allowed for this class. Default: the top
    /// level's.
    #[schemars(extend("minItems" = 1))]
    pub traffic: Option<Vec<TrafficId>>,
    /// Jurisdictions where copies may be stored: ISO country codes (`us`,
    /// `de`, …) or blocs: `eu` (the 27 member states — not the UK, not
    /// Switzerland), `eea`, `gcc`, `uk`; at least one. Default: anywhere.
    #[schemars(extend("minItems" = 1))]
    pub residency: Option<Vec<Jurisdiction>>,
    /// Pin: the topology to evaluate instead of searching.
    pub topology: Option<Topology>,
    /// Pin: the standby tier (active-passive only).
    pub standby: Option<Standby>,
    /// Pin: an engine id from `meridian catalog engines`.
    pub engine: Option<EngineId>,
    /// Pin: the primary region.
    pub primary: Option<RegionId>,
    /// Pin: the replica regions (not the primary), each once.
    #[schemars(extend("uniqueItems" = true))]
    pub replicas: Option<Vec<RegionId>>,
    /// Pin: the witness region (Aurora DSQL and DynamoDB MRSC; not one of
    /// `primary`/`replicas`).
    pub witness: Option<RegionId>,
    /// Pin: an instance class of the engine, e.g. "db.r6g.large".
    pub instance: Option<EngineInstanceClass>,
    /// For `meridian assess`: the Terraform resource address (or
    /// addresses) holding this class, e.g. "aws_rds_global_cluster.orders",
    /// where neither a `meridian:class` tag nor the resource's name says.
    pub terraform: Option<Addresses>,
}

/// One Terraform resource address or several.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Addresses {
    One(String),
    Many(Vec<String>),
}

/// A stateless service, routed by DNS, running where its data is active.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// What the service needs: names of data classes and services (at
    /// least one: meridian runs a service in the regions of its data);
    /// cycles are an error.
    #[schemars(extend("minItems" = 1))]
    pub depends_on: Vec<TableName>,
    /// Instance type from `meridian catalog prices`, e.g. "m7g.large"; in
    /// another cloud the service runs on that cloud's cheapest type with as
    /// many vCPUs and as much memory.
    pub instance: Ec2InstanceType,
    /// Instances in each region where its data is active (1–1000). Default 2.
    #[schemars(range(min = 1, max = 1000), extend("default" = 2))]
    pub instances_per_region: Option<u32>,
}

/// Declares a string newtype whose schema is a named definition.
macro_rules! string_type {
    ($(#[$meta:meta])* $name:ident, $schema:expr) => {
        $(#[$meta])*
        #[derive(Debug, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

string_type!(
    /// A cloud name (the catalog's ids are added by [`schema`]).
    Cloud,
    json_schema!({ "type": "string" })
);
string_type!(
    /// A region id (the catalog's ids are added by [`schema`]).
    RegionId,
    json_schema!({
        "type": "string",
        "description": "A region id from `meridian catalog regions`, e.g. \"us-east-1\"."
    })
);
string_type!(
    /// A traffic mechanism id (the catalog's ids are added by [`schema`]).
    TrafficId,
    json_schema!({
        "type": "string",
        "description": "A traffic mechanism from the catalog's traffic.toml, e.g. \"route53\"."
    })
);
string_type!(
    /// An engine id (the catalog's ids are added by [`schema`]).
    EngineId,
    json_schema!({
        "type": "string",
        "description": "An engine id from `meridian catalog engines`, e.g. \"aurora-postgresql\"."
    })
);
string_type!(
    /// A database instance class of an engine.
    EngineInstanceClass,
    json_schema!({
        "type": "string",
        "description": "An instance class of the engine, e.g. \"db.r6g.large\"."
    })
);
string_type!(
    /// An instance type for services (any cloud's).
    Ec2InstanceType,
    json_schema!({
        "type": "string",
        "description": "An instance type from `meridian catalog prices`, e.g. \"m7g.large\" or \"Standard_D2s_v5\"; in another cloud, that cloud's cheapest type with as many vCPUs and as much memory."
    })
);
string_type!(
    /// A data residency jurisdiction.
    Jurisdiction,
    json_schema!({
        "type": "string",
        "description": "An ISO 3166-1 alpha-2 country code (\"us\", \"de\") or a bloc: \"eu\", \"eea\", \"gcc\", \"uk\"."
    })
);
string_type!(
    /// The name of a data class or service.
    TableName,
    json_schema!({
        "type": "string",
        "description": "The name of a [data.NAME] or [services.NAME] table.",
        "pattern": TABLE_NAME_PATTERN,
        "minLength": 1,
        "maxLength": TABLE_NAME_MAX
    })
);
string_type!(
    /// The name of a user population.
    PopulationName,
    json_schema!({
        "type": "string",
        "description": "The name of a [users.NAME] table.",
        "pattern": TABLE_NAME_PATTERN,
        "minLength": 1,
        "maxLength": TABLE_NAME_MAX
    })
);
string_type!(
    /// A duration.
    Duration,
    json_schema!({
        "type": "string",
        "description": "A duration: numbers with ms, s, m, h or d, e.g. \"250ms\", \"5m\", \"1h 30m\" (at most a year).",
        "pattern": DURATION_PATTERN
    })
);
string_type!(
    /// A size.
    Size,
    json_schema!({
        "type": "string",
        "description": "A size: a number and a decimal (B KB MB GB TB PB EB) or binary (KiB MiB GiB TiB PiB EiB) unit, e.g. \"500 GB\", \"2 KiB\" (at most 1 EB).",
        "pattern": SIZE_PATTERN
    })
);

/// Availability: a percentage string or a fraction.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Availability {
    Percent(String),
    Fraction(f64),
}

impl JsonSchema for Availability {
    fn schema_name() -> Cow<'static, str> {
        "Availability".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A percentage string such as \"99.99%\", or a fraction above 0 and below 1 such as 0.9999.",
            "anyOf": [
                { "type": "string", "pattern": PERCENT_PATTERN },
                { "type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1 }
            ]
        })
    }
}

/// Schemas of model enums: their spec spellings, from `model.rs`.
macro_rules! spelled_schema {
    ($($name:ident),+) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "enum": $name::spellings() })
            }
        }
    )+};
}

spelled_schema!(
    Kind,
    Consistency,
    Conflicts,
    Topology,
    Standby,
    LatencyAt,
    Commitment,
    Failover
);
