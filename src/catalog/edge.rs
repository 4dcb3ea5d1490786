//! The edge part of the catalog (`catalogs/aws/edge.toml`): CloudFront's
//! price geographies (which catalog regions' users each one bills, its
//! transfer and HTTPS request rates, the price class serving it), Origin
//! Shield's regions and request prices, and the origin-failover figures.
//! Data only, every figure cited; `edge` does the modelling.

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
    /// The smallest CloudFront price class whose edges serve it.
    pub price_class: String,
    pub transfer_usd_per_gb: Figure,
    pub https_usd_per_10k: Figure,
}

/// The edge catalog.
#[derive(Debug, Clone)]
pub struct EdgeCatalog {
    pub references: BTreeMap<String, String>,
    pub origin_fetch_usd_per_gb: Figure,
    pub connection_timeout_s: Figure,
    pub connection_attempts: Figure,
    pub failover_status_codes: Vec<u16>,
    pub failover_status_codes_source: String,
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
    origin_fetch_usd_per_gb: Figure,
    connection_timeout_s: Figure,
    connection_attempts: Figure,
    failover_status_codes: Vec<u16>,
    failover_status_codes_source: String,
    geography: BTreeMap<String, RawGeography>,
    origin_shield: RawShield,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGeography {
    name: String,
    countries: Vec<String>,
    price_class: String,
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
    let shield_regions = raw
        .origin_shield
        .regions
        .iter()
        .filter_map(|id| resolve(id))
        .collect();
    let shield_usd_per_10k = raw
        .origin_shield
        .usd_per_10k
        .iter()
        .filter_map(|(id, f)| resolve(id).map(|r| (r, f.clone())))
        .collect();
    Some(EdgeCatalog {
        references: raw.references,
        origin_fetch_usd_per_gb: raw.origin_fetch_usd_per_gb,
        connection_timeout_s: raw.connection_timeout_s,
        connection_attempts: raw.connection_attempts,
        failover_status_codes: raw.failover_status_codes,
        failover_status_codes_source: raw.failover_status_codes_source,
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
        shield_regions_source: raw.origin_shield.regions_source,
        shield_usd_per_10k,
    })
}
