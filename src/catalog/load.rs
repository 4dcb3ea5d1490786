//! Reading catalog TOML files into a [`Catalog`]: the embedded AWS catalog,
//! or a folder of the user's files of the same format (`--catalog DIR`),
//! where each file present replaces the embedded one of the same path.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{
    ActiveActive, Catalog, Cloud, DnsPrices, Engine, Figure, InstanceType, LatencyFigures,
    Mechanism, RecoveryFigures, Region, ReplicaReads, TrafficFigures,
};
use crate::diagnostics::{SourceError, SourceErrors, SourceFile, did_you_mean};
use crate::engines::EnginePricing;
use crate::model::{Conflicts, Consistency, Kind, Standby};

/// The catalog files compiled into the binary, by path under `catalogs/`:
/// every `catalogs/<cloud>/**/*.toml`, listed by `build.rs`.
pub const EMBEDDED_FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/catalog_files.rs"));

/// A catalog file and its path under the catalog folder ("aws/rtt.toml").
struct CatalogFile {
    path: String,
    file: SourceFile,
}

/// The embedded catalog.
pub fn load_embedded() -> Result<Catalog, SourceErrors> {
    let files: Vec<CatalogFile> = EMBEDDED_FILES
        .iter()
        .map(|(path, text)| CatalogFile {
            path: path.to_string(),
            file: SourceFile::new(format!("catalogs/{path}"), *text),
        })
        .collect();
    from_files(&files)
}

/// The embedded catalog's clouds named in `clouds`, and the default one
/// (the first by name), without reading the others' files: a spec that
/// plans on AWS alone need not parse Azure's. Names that are no cloud are
/// left out (the spec reader reports them against the whole catalog). The
/// regions, engines and mechanisms of the clouds read keep the order and
/// figures they have in the whole catalog's leading clouds.
pub fn load_embedded_clouds(clouds: &[String]) -> Result<Catalog, SourceErrors> {
    let keep = cloud_filter(
        EMBEDDED_FILES
            .iter()
            .filter_map(|(path, _)| path.strip_suffix("/regions.toml"))
            .map(str::to_string)
            .collect(),
        clouds,
    );
    let files: Vec<CatalogFile> = EMBEDDED_FILES
        .iter()
        .filter(|(path, _)| keep(path))
        .map(|(path, text)| CatalogFile {
            path: path.to_string(),
            file: SourceFile::new(format!("catalogs/{path}"), *text),
        })
        .collect();
    from_files(&files)
}

/// Whether a catalog file (its path, `<folder>/...`) belongs to the
/// clouds kept: those named in `clouds` and the default one (the first of
/// `all`, the cloud folders, by name); folders that are no cloud (`geo`)
/// are always kept.
fn cloud_filter(mut all: Vec<String>, clouds: &[String]) -> impl Fn(&str) -> bool {
    all.sort_unstable();
    let clouds = clouds.to_vec();
    move |path: &str| {
        let f = path.split('/').next().unwrap_or_default().to_string();
        !all.contains(&f) || all.first() == Some(&f) || clouds.contains(&f)
    }
}

/// The embedded catalog with every file found under `dir` (same relative
/// paths, e.g. `DIR/aws/engines/dynamodb.toml`) put in place of its twin.
/// Files with no twin are added: engine files under `DIR/<cloud>/engines/`
/// and whole cloud folders (`DIR/<cloud>/regions.toml` and the rest).
pub fn load_dir(dir: &Path) -> Result<Catalog, SourceErrors> {
    load_dir_clouds(dir, None)
}

/// [`load_dir`] with only the clouds named in `only` (and the default
/// one), as [`load_embedded_clouds`]; every cloud with None.
pub fn load_dir_clouds(dir: &Path, only: Option<&[String]>) -> Result<Catalog, SourceErrors> {
    let dir_name = dir.display().to_string();
    if !dir.is_dir() {
        let file = SourceFile::new(dir_name.clone(), "");
        return Err(SourceErrors::new(
            dir_name.clone(),
            vec![file.error(0..0, format!("catalog folder {dir_name} does not exist")).help(
                "give a folder laid out like catalogs/ in the meridian repository (e.g. DIR/aws/engines/dynamodb.toml)",
            )],
        ));
    }
    let mut files = Vec::new();
    for (path, text) in EMBEDDED_FILES {
        let own = dir.join(path);
        let file = read_or(&own, format!("catalogs/{path}"), text)?;
        files.push(CatalogFile {
            path: path.to_string(),
            file,
        });
    }
    let mut extra = Vec::new();
    let mut clouds: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    clouds.sort();
    for cloud in clouds {
        let Some(name) = cloud.file_name().map(|n| n.to_string_lossy().to_string()) else {
            continue;
        };
        for sub in ["", "engines"] {
            let Ok(entries) = std::fs::read_dir(cloud.join(sub)) else {
                continue;
            };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.is_file() && path.extension().is_some_and(|x| x == "toml") {
                    let file_name = path.file_name().map(|n| n.to_string_lossy().to_string());
                    let rel = match sub {
                        "" => format!("{name}/{}", file_name.unwrap_or_default()),
                        _ => format!("{name}/{sub}/{}", file_name.unwrap_or_default()),
                    };
                    if !files.iter().any(|f| f.path == rel) {
                        extra.push((rel, path));
                    }
                }
            }
        }
    }
    extra.sort();
    for (rel, path) in extra {
        let file = read_or(&path, String::new(), "")?;
        files.push(CatalogFile { path: rel, file });
    }
    if let Some(only) = only {
        let keep = cloud_filter(
            files
                .iter()
                .filter_map(|f| f.path.strip_suffix("/regions.toml"))
                .map(str::to_string)
                .collect(),
            only,
        );
        files.retain(|f| keep(&f.path));
    }
    from_files(&files)
}

fn read_or(path: &Path, fallback_name: String, fallback: &str) -> Result<SourceFile, SourceErrors> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(SourceFile::new(path.display().to_string(), text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(SourceFile::new(fallback_name, fallback))
        }
        Err(e) => {
            let name = path.display().to_string();
            let file = SourceFile::new(name.clone(), "");
            Err(SourceErrors::new(
                name,
                vec![file.error(0..0, format!("cannot read catalog file: {e}"))],
            ))
        }
    }
}

fn parse<T: for<'de> Deserialize<'de>>(file: &SourceFile) -> Result<T, SourceErrors> {
    toml::from_str(&file.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        SourceErrors::new(
            file.name.clone(),
            vec![file.error(span, e.message().to_string()).label("here")],
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegions {
    region: Vec<RawRegion>,
    #[serde(default)]
    transfer_exception: Vec<RawTransferException>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    id: String,
    name: String,
    country: String,
    lat: f64,
    lon: f64,
    /// The cloud's price-index instance (network.toml `price_index_vm`),
    /// on demand, per hour.
    vm_usd_per_hour: Figure,
    transfer_out_usd_per_gb: Figure,
    /// Not generally available: no engine is offered there unless its file
    /// lists it, and no service runs there (e.g. a Spanner witness region).
    #[serde(default)]
    restricted: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransferException {
    from: Spanned<String>,
    to: Spanned<String>,
    usd_per_gb: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRtt {
    regions: Vec<String>,
    p50_ms: BTreeMap<String, Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNetwork {
    /// The cloud's name, for plans and reports.
    cloud_name: String,
    price_region: Spanned<String>,
    price_index_vm: String,
    fiber_km_per_ms: Figure,
    route_inflation: Option<Figure>,
    fit_min_km: f64,
    last_mile_p50_ms: Figure,
    last_mile_p99_ms: Figure,
    tail_p99_over_p50: Figure,
    intra_region_p99_ms: Figure,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecovery {
    az_events_per_region_year: Figure,
    outage_mean_hours: Figure,
    outages_per_region_year: Figure,
    #[serde(default)]
    outages_per_year: BTreeMap<String, Figure>,
    runbook: super::CloudRunbook,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTraffic {
    decision_s: Figure,
    dns_ttl_s: Figure,
    /// Premium-pricing geography → the regions in it.
    geography: BTreeMap<String, Vec<Spanned<String>>>,
    mechanism: Vec<RawMechanism>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMechanism {
    id: String,
    name: String,
    kind: crate::model::TrafficKind,
    health_check_interval_s: Option<Figure>,
    fast_health_check_interval_s: Option<Figure>,
    failure_threshold: Option<Figure>,
    timeout_s: Option<Figure>,
    attempts: Option<Figure>,
    control_plane: Option<RawControlPlane>,
    fixed_usd_hour: Option<Figure>,
    #[serde(default)]
    premium_usd_per_gb: BTreeMap<String, Figure>,
    health_check_item: Option<String>,
    demands: String,
    caveat: Option<String>,
    runbook: super::MechanismRunbook,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawControlPlane {
    region: Spanned<String>,
    source: String,
}

/// The traffic mechanisms, checked: every kind has the figures it is timed
/// with, and every region belongs to one premium geography.
fn traffic_from_raw(
    file: &SourceFile,
    raw_geography: BTreeMap<String, Vec<Spanned<String>>>,
    raw_mechanisms: Vec<RawMechanism>,
    cloud: usize,
    names: &RegionNames,
    errors: &mut Vec<SourceError>,
) -> (Vec<Mechanism>, Vec<(usize, String)>) {
    use crate::model::TrafficKind;
    let mut geography: Vec<(usize, String)> = Vec::new();
    for (geo, regions) in &raw_geography {
        for r in regions {
            if let Some(i) = names.resolve(file, r, errors) {
                geography.push((i, geo.clone()));
            }
        }
    }
    for i in names.cloud.clone() {
        if !geography.iter().any(|(r, _)| *r == i) {
            errors.push(file.error(
                0..0,
                format!("region {} has no [geography] entry", names.ids[i]),
            ));
        }
    }
    let mut mechanisms = Vec::new();
    for m in raw_mechanisms {
        let need = |what: &str, present: bool, errors: &mut Vec<SourceError>| {
            if !present {
                errors.push(file.error(
                    0..0,
                    format!("mechanism {} (kind {}) needs {what}", m.id, m.kind),
                ));
            }
        };
        match m.kind {
            TrafficKind::Dns | TrafficKind::Anycast => {
                need(
                    "health_check_interval_s",
                    m.health_check_interval_s.is_some(),
                    errors,
                );
                need("failure_threshold", m.failure_threshold.is_some(), errors);
            }
            TrafficKind::Client => {
                need("timeout_s", m.timeout_s.is_some(), errors);
                need("attempts", m.attempts.is_some(), errors);
            }
            TrafficKind::Switch => {}
        }
        check_text(file, "detect", Some(&m.runbook.detect), &["checks"], errors);
        for (key, text) in [
            ("shift_active", &m.runbook.shift_active),
            ("shift_passive", &m.runbook.shift_passive),
            ("shift_operator", &m.runbook.shift_operator),
        ] {
            check_text(
                file,
                key,
                text.as_ref(),
                &["primary", "target", "lost"],
                errors,
            );
        }
        if m.runbook.shift_active.is_none()
            && m.runbook.shift_passive.is_none()
            && m.runbook.shift_operator.is_none()
        {
            errors.push(file.error(
                0..0,
                format!("mechanism {}: [mechanism.runbook] needs shift_active, shift_passive or shift_operator", m.id),
            ));
        }
        if let Some(actor) = &m.runbook.passive_actor
            && !["automatic", "automation"].contains(&actor.as_str())
        {
            errors.push(
                file.error(0..0, format!("mechanism {}: passive_actor \"{actor}\"", m.id))
                    .help("write \"automatic\" (the mechanism moves users) or \"automation\" (your script does)"),
            );
        }
        if m.kind == TrafficKind::Anycast {
            for geo in raw_geography.keys() {
                need(
                    &format!("premium_usd_per_gb.{geo}"),
                    m.premium_usd_per_gb.contains_key(geo),
                    errors,
                );
            }
        }
        let control_plane = m.control_plane.and_then(|c| {
            names
                .resolve(file, &c.region, errors)
                .map(|r| (r, c.source))
        });
        mechanisms.push(Mechanism {
            id: m.id,
            name: m.name,
            kind: m.kind,
            health_check_interval_s: m.health_check_interval_s,
            fast_health_check_interval_s: m.fast_health_check_interval_s,
            failure_threshold: m.failure_threshold,
            timeout_s: m.timeout_s,
            attempts: m.attempts,
            control_plane,
            fixed_usd_hour: m.fixed_usd_hour,
            premium_usd_per_gb: m.premium_usd_per_gb,
            health_check_item: m.health_check_item,
            cloud,
            demands: m.demands,
            caveat: m.caveat,
            runbook: m.runbook,
        });
    }
    (mechanisms, geography)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrices {
    dns_service: String,
    hosted_zone_usd_month: Figure,
    health_check_usd_month: Figure,
    fast_interval_usd_month: Figure,
    standard_queries_usd_per_million: Figure,
    latency_queries_usd_per_million: Figure,
    compute: Vec<InstanceType>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEngine {
    id: String,
    name: String,
    /// Abbreviations the figures' sources use, e.g. IC → the infracost file.
    #[serde(default)]
    references: std::collections::BTreeMap<String, String>,
    model: Spanned<String>,
    kinds: Vec<Kind>,
    #[serde(default)]
    regions: Option<Vec<Spanned<String>>>,
    single_region: bool,
    #[serde(default)]
    fallback: bool,
    /// A quorum that loses its majority fails over to the surviving
    /// region (Spanner's dual-region configurations).
    #[serde(default)]
    quorum_failover: bool,
    #[serde(default)]
    standby: Vec<Standby>,
    active_active: ActiveActive,
    /// "sync": active-passive writes commit in every region (default async).
    #[serde(default)]
    standby_replication: Option<crate::model::Replication>,
    #[serde(default)]
    aa_conflicts: Vec<Conflicts>,
    /// The strongest consistency the engine is planned with (default
    /// strong).
    #[serde(default)]
    strongest_consistency: Option<Consistency>,
    replica_reads: ReplicaReads,
    max_regions: usize,
    #[serde(default)]
    sync_regions: usize,
    #[serde(default)]
    witness: bool,
    #[serde(default)]
    region_sets: Vec<Vec<Spanned<String>>>,
    /// The published region configurations a multi-region design must be
    /// one of (empty: any regions the other keys allow).
    #[serde(default)]
    configuration: Vec<RawConfiguration>,
    /// Named region sets a multi-region design lies within (Cloud
    /// Storage's dual-region locations); each is also a region set.
    #[serde(default)]
    location: Vec<RawLocation>,
    /// The engine's own outage history per region, where published.
    #[serde(default)]
    outages: BTreeMap<Spanned<String>, RawOutages>,
    figures: RawEngineFigures,
    prices: toml::Table,
    #[serde(default)]
    instance: Vec<InstanceType>,
    #[serde(default)]
    runbook: super::EngineRunbook,
}

/// `[[configuration]]`: one published multi-region configuration.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfiguration {
    name: String,
    /// The default leader region, one of `read_write`.
    leader: Spanned<String>,
    read_write: Vec<Spanned<String>>,
    witness: Option<Spanned<String>>,
    /// Read-only replicas the configuration has, per region.
    #[serde(default)]
    read_only: Vec<RawReadOnly>,
    /// Regions where a custom configuration may add a read-only replica.
    #[serde(default)]
    optional_read_only: Vec<Spanned<String>>,
    /// A regional configuration (one read-write region, no witness) listed
    /// for the read-only replicas a custom configuration on it may add.
    #[serde(default)]
    regional: bool,
    source: String,
}

/// `read_only = [{ region = "us-west1", replicas = 2 }]`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReadOnly {
    region: Spanned<String>,
    replicas: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLocation {
    name: String,
    regions: Vec<Spanned<String>>,
    source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutages {
    per_year: Figure,
    mean_hours: Figure,
    /// The events the figures rest on, with their sources.
    events: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEngineFigures {
    replication_lag_s: Figure,
    typical_lag_s: Option<Figure>,
    rpo_bound_s: Option<Figure>,
    rpo_parameter_min_s: Option<Figure>,
    promotion_s: Figure,
    in_region_failover_s: Option<Figure>,
    in_region_loss_s: Option<Figure>,
    capacity_start_s: Option<Figure>,
    scale_up_s: Option<Figure>,
    backup_interval_s: Option<Figure>,
    restore_fixed_s: Option<Figure>,
    restore_mb_per_s: Option<Figure>,
    read_service_ms: Figure,
    write_service_ms: Figure,
    sla: Option<Figure>,
    sla_single_region: Option<Figure>,
}

/// The file at `path` under the catalog folder.
fn find<'a>(files: &'a [CatalogFile], path: &str) -> Option<&'a SourceFile> {
    files.iter().find(|f| f.path == path).map(|f| &f.file)
}

/// The file at `path`, which every cloud folder holds.
fn require<'a>(
    files: &'a [CatalogFile],
    cloud: &str,
    name: &str,
) -> Result<&'a SourceFile, SourceErrors> {
    let path = format!("{cloud}/{name}");
    find(files, &path).ok_or_else(|| {
        let file = SourceFile::new(format!("catalogs/{cloud}"), "");
        SourceErrors::new(
            file.name.clone(),
            vec![file.error(0..0, format!("the catalog of cloud \"{cloud}\" has no {name}")).help(
                "a cloud folder holds regions.toml, rtt.toml, network.toml, recovery.toml, traffic.toml and prices.toml (edge.toml and engines/ are optional)",
            )],
        )
    })
}

/// Resolves region names in one cloud's catalog files to catalog indices,
/// collecting errors with spans: a cloud's files name its own regions only.
struct RegionNames<'a> {
    ids: Vec<&'a str>,
    /// The catalog indices of the cloud's regions.
    cloud: std::ops::Range<usize>,
    /// Per catalog index: the region is restricted (`restricted = true`).
    restricted: Vec<bool>,
}

impl RegionNames<'_> {
    fn own(&self) -> impl Iterator<Item = &str> {
        self.ids[self.cloud.clone()].iter().copied()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.cloud.clone().find(|i| self.ids[*i] == name)
    }

    fn resolve(
        &self,
        file: &SourceFile,
        name: &Spanned<String>,
        errors: &mut Vec<SourceError>,
    ) -> Option<usize> {
        let found = self.position(name.get_ref());
        if found.is_none() {
            errors.push(
                file.error(
                    name.span(),
                    format!("unknown region \"{}\"", name.get_ref()),
                )
                .label("not in this cloud's regions.toml")
                .maybe_help(did_you_mean(name.get_ref(), self.own())),
            );
        }
        found
    }
}

/// One cloud's files, parsed.
struct RawCloud<'f> {
    id: String,
    regions_file: &'f SourceFile,
    regions: RawRegions,
    rtt_file: &'f SourceFile,
    rtt: RawRtt,
    network_file: &'f SourceFile,
    network: RawNetwork,
    recovery_file: &'f SourceFile,
    recovery: RawRecovery,
    traffic_file: &'f SourceFile,
    traffic: RawTraffic,
    prices: RawPrices,
    edge: Option<&'f SourceFile>,
    engines: Vec<&'f SourceFile>,
}

fn parse_cloud<'f>(files: &'f [CatalogFile], id: &str) -> Result<RawCloud<'f>, SourceErrors> {
    let regions_file = require(files, id, "regions.toml")?;
    let rtt_file = require(files, id, "rtt.toml")?;
    let network_file = require(files, id, "network.toml")?;
    let recovery_file = require(files, id, "recovery.toml")?;
    let traffic_file = require(files, id, "traffic.toml")?;
    let prices_file = require(files, id, "prices.toml")?;
    let engines_dir = format!("{id}/engines/");
    Ok(RawCloud {
        id: id.to_string(),
        regions: parse(regions_file)?,
        regions_file,
        rtt: parse(rtt_file)?,
        rtt_file,
        network: parse(network_file)?,
        network_file,
        recovery: parse(recovery_file)?,
        recovery_file,
        traffic: parse(traffic_file)?,
        traffic_file,
        prices: parse(prices_file)?,
        edge: find(files, &format!("{id}/edge.toml")),
        engines: files
            .iter()
            .filter(|f| f.path.starts_with(&engines_dir))
            .map(|f| &f.file)
            .collect(),
    })
}

fn from_files(files: &[CatalogFile]) -> Result<Catalog, SourceErrors> {
    // Every folder holding a regions.toml is a cloud, in name order.
    let mut ids: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.strip_suffix("/regions.toml"))
        .filter(|c| !c.contains('/'))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        let file = SourceFile::new("catalogs".to_string(), "");
        return Err(SourceErrors::new(
            file.name.clone(),
            vec![file.error(0..0, "the catalog has no cloud (no <cloud>/regions.toml)")],
        ));
    }
    let raws = ids
        .iter()
        .map(|id| parse_cloud(files, id))
        .collect::<Result<Vec<_>, _>>()?;

    let mut errors = Vec::new();
    let owned_ids: Vec<String> = raws
        .iter()
        .flat_map(|c| c.regions.region.iter().map(|r| r.id.clone()))
        .collect();
    let all_ids: Vec<&str> = owned_ids.iter().map(String::as_str).collect();
    for (i, id) in all_ids.iter().enumerate() {
        if all_ids[..i].contains(id) {
            errors.push(raws[0].regions_file.error(
                0..0,
                format!("region id \"{id}\" is in two clouds' regions.toml: region ids must be unique across clouds"),
            ));
        }
    }
    // The search keeps regions in fixed-size sets.
    let most = crate::bits::Bits::CAPACITY;
    if all_ids.len() > most {
        errors.push(raws[0].regions_file.error(
            0..0,
            format!(
                "{} regions in all clouds; meridian handles at most {most}",
                all_ids.len()
            ),
        ));
    }
    let n = all_ids.len();
    let restricted: Vec<bool> = raws
        .iter()
        .flat_map(|c| c.regions.region.iter().map(|r| r.restricted))
        .collect();
    let mut regions = Vec::new();
    let mut clouds = Vec::new();
    let mut rtt = vec![vec![f64::NAN; n]; n];
    let mut transfer_exceptions: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut mechanisms = Vec::new();
    let mut geography = vec![String::new(); n];
    let mut engines: Vec<Engine> = Vec::new();
    for (c, raw) in raws.into_iter().enumerate() {
        let first = regions.len();
        let names = RegionNames {
            ids: all_ids.clone(),
            cloud: first..first + raw.regions.region.len(),
            restricted: restricted.clone(),
        };
        let price_region = names.resolve(raw.network_file, &raw.network.price_region, &mut errors);
        let base_price = price_region.map(|i| raw.regions.region[i - first].vm_usd_per_hour.value);
        for r in &raw.regions.region {
            let outages = raw
                .recovery
                .outages_per_year
                .get(&r.id)
                .unwrap_or(&raw.recovery.outages_per_region_year)
                .value;
            regions.push(Region {
                id: r.id.clone(),
                cloud: c,
                name: r.name.clone(),
                country: r.country.clone(),
                lat: r.lat,
                lon: r.lon,
                price_index: base_price.map_or(1.0, |base| r.vm_usd_per_hour.value / base),
                price_index_derived: r.vm_usd_per_hour.derived.is_some(),
                quotes_list_prices: Some(regions.len()) == price_region,
                transfer_out_usd_per_gb: r.transfer_out_usd_per_gb.value,
                transfer_derived: r.transfer_out_usd_per_gb.derived.is_some(),
                outages_per_year: outages,
                restricted: r.restricted,
            });
        }
        for name in raw.recovery.outages_per_year.keys() {
            if names.position(name).is_none() {
                errors.push(
                    raw.recovery_file
                        .error(
                            0..0,
                            format!("outages_per_year names unknown region \"{name}\""),
                        )
                        .maybe_help(did_you_mean(name, names.own())),
                );
            }
        }
        for ex in &raw.regions.transfer_exception {
            let from = names.resolve(raw.regions_file, &ex.from, &mut errors);
            let to = names.resolve(raw.regions_file, &ex.to, &mut errors);
            if let (Some(a), Some(b)) = (from, to) {
                transfer_exceptions[a].push((b, ex.usd_per_gb));
            }
        }
        read_rtt(raw.rtt_file, &raw.rtt, &names, &mut rtt, &mut errors);

        let (cloud_mechanisms, cloud_geography) = traffic_from_raw(
            raw.traffic_file,
            raw.traffic.geography,
            raw.traffic.mechanism,
            c,
            &names,
            &mut errors,
        );
        mechanisms.extend(cloud_mechanisms);
        for (i, geo) in cloud_geography {
            geography[i] = geo;
        }

        for file in &raw.engines {
            let raw_engine: RawEngine = parse(file)?;
            if let Some(engine) = engine_from_raw(file, raw_engine, c, &names, &mut errors) {
                if engines.iter().any(|e| e.id == engine.id) {
                    errors.push(
                        file.error(0..0, format!("engine \"{}\" is defined twice", engine.id)),
                    );
                } else {
                    engines.push(engine);
                }
            }
        }

        let edge = raw
            .edge
            .and_then(|file| super::edge::load(file, &names.ids, names.cloud.clone(), &mut errors));
        let net = raw.network;
        clouds.push(Cloud {
            id: raw.id,
            name: net.cloud_name,
            price_region: price_region.unwrap_or(first),
            price_index_vm: net.price_index_vm,
            latency: LatencyFigures {
                fiber_km_per_ms: net.fiber_km_per_ms,
                route_inflation: net.route_inflation,
                fit_min_km: net.fit_min_km,
                last_mile_p50_ms: net.last_mile_p50_ms,
                last_mile_p99_ms: net.last_mile_p99_ms,
                tail_p99_over_p50: net.tail_p99_over_p50,
                intra_region_p99_ms: net.intra_region_p99_ms,
            },
            recovery: RecoveryFigures {
                az_events_per_region_year: raw.recovery.az_events_per_region_year,
                outage_mean_hours: raw.recovery.outage_mean_hours,
                outages_per_region_year: raw.recovery.outages_per_region_year,
            },
            decision_s: raw.traffic.decision_s,
            dns_ttl_s: raw.traffic.dns_ttl_s,
            dns: DnsPrices {
                service: raw.prices.dns_service,
                hosted_zone_usd_month: raw.prices.hosted_zone_usd_month,
                health_check_usd_month: raw.prices.health_check_usd_month,
                fast_interval_usd_month: raw.prices.fast_interval_usd_month,
                standard_queries_usd_per_million: raw.prices.standard_queries_usd_per_million,
                latency_queries_usd_per_million: raw.prices.latency_queries_usd_per_million,
            },
            compute: raw.prices.compute,
            runbook: raw.recovery.runbook,
            edge,
        });
    }
    if mechanisms.is_empty() {
        errors.push(SourceFile::new("catalogs".to_string(), "").error(
            0..0,
            "no [[mechanism]] in any traffic.toml: plans need a way to route traffic",
        ));
    }

    if !errors.is_empty() {
        let name = errors[0].file.clone();
        return Err(SourceErrors::new(name, errors));
    }

    Ok(Catalog {
        clouds,
        regions,
        rtt_p50_ms: rtt,
        transfer_exceptions,
        traffic: TrafficFigures {
            mechanisms,
            geography,
        },
        engines,
    })
}

/// Fills one cloud's block of the RTT matrix from its rtt.toml, which must
/// cover exactly the cloud's regions, in any order.
fn read_rtt(
    file: &SourceFile,
    raw: &RawRtt,
    names: &RegionNames,
    rtt: &mut [Vec<f64>],
    errors: &mut Vec<SourceError>,
) {
    let order: Vec<Option<usize>> = raw.regions.iter().map(|id| names.position(id)).collect();
    for (i, id) in raw.regions.iter().enumerate() {
        if order[i].is_none() {
            errors.push(file.error(0..0, format!("rtt.toml lists unknown region \"{id}\"")));
        }
    }
    for (from, row) in &raw.p50_ms {
        let Some(a) = names.position(from) else {
            errors.push(file.error(
                0..0,
                format!("rtt.toml has a row for unknown region \"{from}\""),
            ));
            continue;
        };
        if row.len() != order.len() {
            errors.push(file.error(
                0..0,
                format!(
                    "rtt.toml row \"{from}\" has {} values for {} regions",
                    row.len(),
                    order.len()
                ),
            ));
            continue;
        }
        for (j, value) in row.iter().enumerate() {
            if let Some(b) = order[j] {
                rtt[a][b] = *value;
            }
        }
    }
    for a in names.cloud.clone() {
        for b in names.cloud.clone() {
            let value = rtt[a][b];
            if !(value.is_finite() && value > 0.0) {
                errors.push(file.error(
                    0..0,
                    format!(
                        "rtt.toml has no positive RTT from {} to {}",
                        names.ids[a], names.ids[b]
                    ),
                ));
            }
        }
    }
}

fn engine_from_raw(
    file: &SourceFile,
    raw: RawEngine,
    cloud: usize,
    names: &RegionNames,
    errors: &mut Vec<SourceError>,
) -> Option<Engine> {
    let n = names.ids.len();
    let regions = match &raw.regions {
        None => (0..n)
            .map(|r| names.cloud.contains(&r) && !names.restricted[r])
            .collect(),
        Some(list) => {
            let mut offered = vec![false; n];
            for name in list {
                if let Some(i) = names.resolve(file, name, errors) {
                    offered[i] = true;
                }
            }
            offered
        }
    };
    let mut region_sets = Vec::new();
    for set in &raw.region_sets {
        let resolved: Vec<usize> = set
            .iter()
            .filter_map(|name| names.resolve(file, name, errors))
            .collect();
        region_sets.push(resolved);
    }
    let mut locations: Vec<super::Location> = Vec::new();
    for l in &raw.location {
        let resolved: Vec<usize> = l
            .regions
            .iter()
            .filter_map(|name| names.resolve(file, name, errors))
            .collect();
        if resolved.len() != l.regions.len() {
            continue; // (an unknown region, reported)
        }
        region_sets.push(resolved.clone());
        locations.push(super::Location {
            name: l.name.clone(),
            regions: resolved,
            source: l.source.clone(),
        });
    }
    let configurations = configurations(file, &raw, names, errors);
    let pricing = match EnginePricing::from_catalog(raw.model.get_ref(), &raw.prices, &raw.instance)
    {
        Ok(p) => p,
        Err(message) => {
            errors.push(file.error(raw.model.span(), message).label("engine model"));
            return None;
        }
    };
    if raw.active_active != ActiveActive::None
        && raw.active_active != ActiveActive::Async
        && raw.sync_regions < 2
    {
        errors.push(file.error(
            0..0,
            format!(
                "engine {}: sync/quorum active-active needs sync_regions >= 2",
                raw.id
            ),
        ));
    }
    let mut outages = Vec::new();
    for (name, o) in &raw.outages {
        if let Some(r) = names.resolve(file, name, errors) {
            outages.push(super::EngineOutages {
                region: r,
                per_year: o.per_year.clone(),
                mean_hours: o.mean_hours.clone(),
                events: o.events.clone(),
            });
        }
    }
    check_engine_runbook(file, &raw, errors);
    let f = raw.figures;
    Some(Engine {
        outages,
        id: raw.id,
        name: raw.name,
        cloud,
        kinds: raw.kinds,
        regions,
        single_region: raw.single_region,
        fallback: raw.fallback,
        quorum_failover: raw.quorum_failover,
        standby: raw.standby,
        active_active: raw.active_active,
        standby_replication: raw
            .standby_replication
            .unwrap_or(crate::model::Replication::Async),
        aa_conflicts: raw.aa_conflicts,
        strongest: raw.strongest_consistency.unwrap_or(Consistency::Strong),
        replica_reads: raw.replica_reads,
        max_regions: raw.max_regions.max(1),
        sync_regions: raw.sync_regions,
        witness: raw.witness,
        region_sets,
        configurations,
        locations,
        references: raw.references,
        replication_lag_s: f.replication_lag_s,
        typical_lag_s: f.typical_lag_s,
        rpo_bound_s: f.rpo_bound_s,
        rpo_parameter_min_s: f.rpo_parameter_min_s,
        promotion_s: f.promotion_s,
        in_region_failover_s: f.in_region_failover_s,
        in_region_loss_s: f.in_region_loss_s,
        capacity_start_s: f.capacity_start_s,
        scale_up_s: f.scale_up_s,
        backup_interval_s: f.backup_interval_s,
        restore_fixed_s: f.restore_fixed_s,
        restore_mb_per_s: f.restore_mb_per_s,
        read_service_ms: f.read_service_ms,
        write_service_ms: f.write_service_ms,
        sla: f.sla,
        sla_single_region: f.sla_single_region,
        pricing,
        price_table: raw.prices,
        runbook: raw.runbook,
    })
}

/// An engine's `[[configuration]]`s, resolved: each names its leader among
/// `sync_regions` read-write regions, and a witness outside them where the
/// engine has one.
fn configurations(
    file: &SourceFile,
    raw: &RawEngine,
    names: &RegionNames,
    errors: &mut Vec<SourceError>,
) -> Vec<super::Configuration> {
    let mut out: Vec<super::Configuration> = Vec::new();
    for c in &raw.configuration {
        let read_write: Vec<usize> = c
            .read_write
            .iter()
            .filter_map(|r| names.resolve(file, r, errors))
            .collect();
        let leader = names.resolve(file, &c.leader, errors);
        let witness = c.witness.as_ref().map(|w| names.resolve(file, w, errors));
        let (Some(leader), true, false) = (
            leader,
            read_write.len() == c.read_write.len(),
            witness == Some(None),
        ) else {
            continue; // (an unknown region, reported)
        };
        let witness = witness.flatten();
        let resolved = |list: &mut dyn Iterator<Item = &Spanned<String>>,
                        errors: &mut Vec<SourceError>|
         -> Option<Vec<usize>> {
            let list: Vec<&Spanned<String>> = list.collect();
            let found: Vec<usize> = list
                .iter()
                .filter_map(|r| names.resolve(file, r, errors))
                .collect();
            (found.len() == list.len()).then_some(found)
        };
        let (Some(read_only), Some(optional)) = (
            resolved(&mut c.read_only.iter().map(|r| &r.region), errors),
            resolved(&mut c.optional_read_only.iter(), errors),
        ) else {
            continue; // (an unknown region, reported)
        };
        // The first read-only region named before, as a region of any kind.
        let mut seen: Vec<usize> = read_write.iter().copied().chain(witness).collect();
        let clash = c
            .read_only
            .iter()
            .map(|r| &r.region)
            .chain(&c.optional_read_only)
            .zip(read_only.iter().chain(&optional))
            .find(|(_, r)| {
                let clash = seen.contains(r);
                seen.push(**r);
                clash
            });
        if let Some((name, _)) = clash {
            errors.push(
                file.error(
                    name.span(),
                    format!(
                        "configuration \"{}\": {} is listed twice among its regions",
                        c.name,
                        name.get_ref()
                    ),
                )
                .help("a read-only replica's region holds no read-write or witness replica, and is listed once"),
            );
            continue;
        }
        if let Some(r) = c.read_only.iter().find(|r| r.replicas == 0) {
            errors.push(
                file.error(
                    r.region.span(),
                    format!("configuration \"{}\": 0 read-only replicas", c.name),
                )
                .help("give `replicas` 1 or more, or leave the region out"),
            );
            continue;
        }
        let problem = if out.iter().any(|o| o.name == c.name) {
            Some((
                format!("configuration \"{}\" is listed twice", c.name),
                "keep one [[configuration]] per name",
            ))
        } else if c.regional
            && (read_write != [leader]
                || witness.is_some()
                || !c.read_only.is_empty()
                || c.optional_read_only.is_empty())
        {
            Some((
                format!(
                    "configuration \"{}\": a regional configuration has one read-write region, its leader, no witness and no read-only replicas of its own",
                    c.name
                ),
                "list the region in read_write and leader, and the regions a custom configuration may add in optional_read_only",
            ))
        } else if !read_write.contains(&leader) {
            Some((
                format!(
                    "configuration \"{}\": the leader {} is not one of its read_write regions",
                    c.name,
                    c.leader.get_ref()
                ),
                "list the leader in read_write",
            ))
        } else if !c.regional && read_write.len() != raw.sync_regions {
            Some((
                format!(
                    "configuration \"{}\" has {} read_write regions; {} designs have {}",
                    c.name,
                    read_write.len(),
                    raw.id,
                    raw.sync_regions
                ),
                "set sync_regions to the configurations' read-write region count",
            ))
        } else if !c.regional
            && (witness.is_some() != raw.witness
                || witness.is_some_and(|w| read_write.contains(&w)))
        {
            Some((
                format!(
                    "configuration \"{}\": a witness outside its read_write regions exactly when the engine has `witness = true`",
                    c.name
                ),
                "give `witness` a region not in read_write, or leave it out",
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            errors.push(file.error(c.leader.span(), message).help(help));
            continue;
        }
        let mut sorted = read_write;
        sorted.sort_unstable();
        let mut read_only: Vec<(usize, u32)> = read_only
            .into_iter()
            .zip(c.read_only.iter().map(|r| r.replicas))
            .collect();
        read_only.sort_unstable();
        let mut optional = optional;
        optional.sort_unstable();
        out.push(super::Configuration {
            name: c.name.clone(),
            leader,
            read_write: sorted,
            witness,
            read_only,
            optional_read_only: optional,
            regional: c.regional,
            source: c.source.clone(),
        });
    }
    out
}

/// Checks a runbook text's placeholders against those its key may use.
fn check_text(
    file: &SourceFile,
    key: &str,
    text: Option<&String>,
    allowed: &[&str],
    errors: &mut Vec<SourceError>,
) {
    for p in text
        .map(|t| super::text::placeholders(t))
        .unwrap_or_default()
    {
        if !super::text::allowed(p, allowed) {
            errors.push(
                file.error(
                    0..0,
                    format!("runbook text `{key}` has an unknown placeholder {{{p}}}"),
                )
                .help(format!(
                    "`{key}` may use {}",
                    allowed
                        .iter()
                        .map(|a| if *a == "name" {
                            "{name:N}".to_string()
                        } else {
                            format!("{{{a}}}")
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
}

/// An engine's `[runbook]`: a text for every step its designs can take
/// (promotion and failback for a standby, restore for backup-restore, the
/// pilot light's start and the warm standby's growth), each naming only
/// the placeholders it may use.
fn check_engine_runbook(file: &SourceFile, raw: &RawEngine, errors: &mut Vec<SourceError>) {
    let r = &raw.runbook;
    let copies = ["primary", "target", "base", "name"];
    let replicas = raw.standby.iter().any(|s| *s != Standby::BackupRestore);
    let needs = [
        ("promote", &r.promote, replicas),
        ("failback", &r.failback, replicas),
        (
            "restore",
            &r.restore,
            raw.standby.contains(&Standby::BackupRestore),
        ),
        (
            "start_compute",
            &r.start_compute,
            raw.standby.contains(&Standby::PilotLight),
        ),
        (
            "scale_up",
            &r.scale_up,
            raw.standby.contains(&Standby::WarmStandby),
        ),
        ("survive", &r.survive, false),
    ];
    for (key, text, needed) in needs {
        if needed && text.is_none() {
            errors.push(
                file.error(0..0, format!("engine {}: [runbook] needs `{key}`", raw.id))
                    .help("say what the on-call engineer runs for this step (e.g. the CLI call), with {primary}, {target}, {base} and {name:N} where needed"),
            );
        }
        check_text(file, key, text.as_ref(), &copies, errors);
    }
}
