//! The edge part of a cloud's catalog (`catalogs/<cloud>/edge.toml`): its
//! CDN (CloudFront, Cloud CDN) and the object store its origins are
//! (`[origin]`: an engine of the same cloud and the `[prices]` keys of its
//! storage, reads and writes); the CDN's price geographies (which catalog
//! regions' users each one bills, its transfer and request rates, the price
//! class serving it where the CDN has price classes), Origin Shield's regions
//! and request prices where it has one, and how a second origin takes over:
//! an origin group's timeouts (CloudFront) or a dual-region bucket
//! (`dual_region_origin`, Cloud CDN over Cloud Storage). Data only, every
//! figure cited; `edge` does the modelling.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Figure;
use crate::diagnostics::{SourceError, SourceFile};

/// One CloudFront price geography.
#[derive(Debug, Clone)]
pub struct Geography {
    pub id: String,
    pub name: String,
    /// ISO codes (upper case, as regions.toml) of the regions it covers.
    pub countries: Vec<String>,
    /// The smallest CloudFront price class whose edges serve it (None: the
    /// CDN has no price classes).
    pub price_class: Option<String>,
    pub transfer_usd_per_gb: Figure,
    pub https_usd_per_10k: Figure,
}

/// The object store the origins are: an engine of the cloud, and the
/// `[prices]` keys of its storage (per GB-month) and of its reads and
/// writes (per 1,000), for a bucket in one region and, where the origin is
/// a dual-region bucket, for one in two.
#[derive(Debug, Clone)]
pub struct OriginStore {
    pub engine: String,
    /// What the cost lines call it ("S3 Standard"), its reads ("S3 GET
    /// requests"), its writes and, at a second origin, its replicated
    /// writes.
    pub name: String,
    pub read_name: String,
    pub write_name: String,
    pub replicated_write_name: String,
    pub storage: String,
    pub reads: String,
    pub writes: String,
    pub dual_storage: Option<String>,
    pub dual_reads: Option<String>,
    pub dual_writes: Option<String>,
}

/// CloudFront origin groups: a cache miss tries the primary origin
/// `connection_attempts` times `connection_timeout_s`, or fails over at
/// once on one of the status codes.
#[derive(Debug, Clone)]
pub struct OriginGroup {
    pub connection_timeout_s: Figure,
    pub connection_attempts: Figure,
    pub failover_status_codes: Vec<u16>,
    pub failover_status_codes_source: String,
}

/// The edge catalog.
#[derive(Debug, Clone)]
pub struct EdgeCatalog {
    pub references: BTreeMap<String, String>,
    /// The CDN's name in cost lines and reports ("CloudFront").
    pub service: String,
    /// What the plan notes about its transfer tiers.
    pub transfer_note: String,
    pub origin: OriginStore,
    pub origin_fetch_usd_per_gb: Figure,
    /// How a second origin takes over: an origin group, or (None) a
    /// dual-region bucket ([`Self::dual_region_origin`]).
    pub origin_group: Option<OriginGroup>,
    /// The origin is one bucket in two regions of one of the origin
    /// engine's locations (Cloud Storage): no failover to configure.
    pub dual_region_origin: bool,
    /// The load balancer in front of the cache (Cloud CDN): a forwarding
    /// rule per hour, and data processing per GB of cache misses.
    pub fixed_usd_per_hour: Option<Figure>,
    pub miss_processing_usd_per_gb: Option<Figure>,
    pub geographies: Vec<Geography>,
    /// Regions Origin Shield runs in (catalog indices), and how the list
    /// was obtained.
    pub shield_regions: Vec<usize>,
    pub shield_regions_source: String,
    /// Per shield region: the price per 10,000 requests (absent: not found).
    pub shield_usd_per_10k: BTreeMap<usize, Figure>,
}

impl EdgeCatalog {
    /// The geography billing users nearest a region of `country`.
    pub fn geography_of(&self, country: &str) -> Option<usize> {
        self.geographies
            .iter()
            .position(|g| g.countries.iter().any(|c| c == country))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    references: BTreeMap<String, String>,
    service: String,
    transfer_note: String,
    origin: RawOrigin,
    origin_fetch_usd_per_gb: Figure,
    connection_timeout_s: Option<Figure>,
    connection_attempts: Option<Figure>,
    #[serde(default)]
    failover_status_codes: Vec<u16>,
    failover_status_codes_source: Option<String>,
    #[serde(default)]
    dual_region_origin: bool,
    fixed_usd_per_hour: Option<Figure>,
    miss_processing_usd_per_gb: Option<Figure>,
    geography: BTreeMap<String, RawGeography>,
    origin_shield: Option<RawShield>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrigin {
    engine: String,
    name: String,
    read_name: String,
    write_name: String,
    replicated_write_name: Option<String>,
    storage: String,
    reads: String,
    writes: String,
    dual_storage: Option<String>,
    dual_reads: Option<String>,
    dual_writes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeography {
    name: String,
    countries: Vec<String>,
    price_class: Option<String>,
    transfer_usd_per_gb: Figure,
    https_usd_per_10k: Figure,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShield {
    regions_source: String,
    regions: Vec<String>,
    #[serde(default)]
    usd_per_10k: BTreeMap<String, Figure>,
}

/// Reads `edge.toml`; region names must be in regions.toml.
pub(super) fn load(
    file: &SourceFile,
    region_ids: &[&str],
    cloud: std::ops::Range<usize>,
    errors: &mut Vec<SourceError>,
) -> Option<EdgeCatalog> {
    let raw: Raw = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(e) => {
            errors.push(
                file.error(e.span().unwrap_or(0..0), e.message().to_string())
                    .label("here"),
            );
            return None;
        }
    };
    let mut resolve = |id: &str| {
        let found = cloud.clone().find(|i| region_ids[*i] == id);
        if found.is_none() {
            errors.push(file.error(0..0, format!("edge.toml names unknown region \"{id}\"")));
        }
        found
    };
    let (shield_regions, shield_usd_per_10k, shield_regions_source) = match &raw.origin_shield {
        Some(shield) => (
            shield.regions.iter().filter_map(|id| resolve(id)).collect(),
            shield
                .usd_per_10k
                .iter()
                .filter_map(|(id, f)| resolve(id).map(|r| (r, f.clone())))
                .collect(),
            shield.regions_source.clone(),
        ),
        None => (Vec::new(), BTreeMap::new(), String::new()),
    };
    let origin_group = match (
        raw.connection_timeout_s,
        raw.connection_attempts,
        raw.failover_status_codes_source,
    ) {
        (Some(connection_timeout_s), Some(connection_attempts), Some(source)) => {
            Some(OriginGroup {
                connection_timeout_s,
                connection_attempts,
                failover_status_codes: raw.failover_status_codes,
                failover_status_codes_source: source,
            })
        }
        (None, None, None) => None,
        _ => {
            errors.push(file.error(
                0..0,
                "edge.toml: an origin group needs connection_timeout_s, connection_attempts and failover_status_codes_source together",
            ));
            None
        }
    };
    if origin_group.is_some() == raw.dual_region_origin {
        errors.push(file.error(
            0..0,
            "edge.toml: a second origin is either an origin group (connection_timeout_s, ...) or a dual-region bucket (dual_region_origin = true), one of them",
        ));
    }
    let o = raw.origin;
    if raw.dual_region_origin
        && (o.dual_storage.is_none() || o.dual_reads.is_none() || o.dual_writes.is_none())
    {
        errors.push(file.error(
            0..0,
            "edge.toml: a dual-region origin needs [origin] dual_storage, dual_reads and dual_writes",
        ));
    }
    Some(EdgeCatalog {
        references: raw.references,
        service: raw.service,
        transfer_note: raw.transfer_note,
        origin: OriginStore {
            engine: o.engine,
            name: o.name,
            replicated_write_name: o
                .replicated_write_name
                .unwrap_or_else(|| o.write_name.clone()),
            read_name: o.read_name,
            write_name: o.write_name,
            storage: o.storage,
            reads: o.reads,
            writes: o.writes,
            dual_storage: o.dual_storage,
            dual_reads: o.dual_reads,
            dual_writes: o.dual_writes,
        },
        origin_fetch_usd_per_gb: raw.origin_fetch_usd_per_gb,
        origin_group,
        dual_region_origin: raw.dual_region_origin,
        fixed_usd_per_hour: raw.fixed_usd_per_hour,
        miss_processing_usd_per_gb: raw.miss_processing_usd_per_gb,
        geographies: raw
            .geography
            .into_iter()
            .map(|(id, g)| Geography {
                id,
                name: g.name,
                countries: g.countries,
                price_class: g.price_class,
                transfer_usd_per_gb: g.transfer_usd_per_gb,
                https_usd_per_10k: g.https_usd_per_10k,
            })
            .collect(),
        shield_regions,
        shield_regions_source,
        shield_usd_per_10k,
    })
}
