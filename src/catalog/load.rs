//! Reading catalog TOML files into a [`Catalog`]: the embedded AWS catalog,
//! or a folder of the user's files of the same format (`--catalog DIR`),
//! where each file present replaces the embedded one of the same path.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{
    ActiveActive, Catalog, DnsPrices, Engine, Figure, InstanceType, LatencyFigures, Mechanism,
    RecoveryFigures, Region, ReplicaReads, TrafficFigures,
};
use crate::diagnostics::{SourceError, SourceErrors, SourceFile, did_you_mean};
use crate::engines::EnginePricing;
use crate::model::{Conflicts, Kind, Standby};

macro_rules! embedded {
    ($($path:literal),+ $(,)?) => {
        &[$(($path, include_str!(concat!("../../catalogs/", $path)))),+]
    };
}

/// The catalog files compiled into the binary, by path under `catalogs/`.
pub const EMBEDDED_FILES: &[(&str, &str)] = embedded!(
    "aws/regions.toml",
    "aws/rtt.toml",
    "aws/network.toml",
    "aws/recovery.toml",
    "aws/traffic.toml",
    "aws/prices.toml",
    "aws/edge.toml",
    "aws/engines/aurora-postgresql.toml",
    "aws/engines/aurora-dsql.toml",
    "aws/engines/rds-postgresql.toml",
    "aws/engines/dynamodb.toml",
    "aws/engines/dynamodb-mrsc.toml",
    "aws/engines/s3.toml",
    "aws/engines/s3-crr.toml",
    "aws/engines/elasticache-valkey.toml",
    "aws/engines/quorum-ec2.toml",
);

/// The embedded AWS catalog.
pub fn load_embedded() -> Result<Catalog, SourceErrors> {
    let files: Vec<SourceFile> = EMBEDDED_FILES
        .iter()
        .map(|(path, text)| SourceFile::new(format!("catalogs/{path}"), *text))
        .collect();
    from_files(&files)
}

/// The embedded catalog with every file found under `dir` (same relative
/// paths, e.g. `DIR/aws/engines/dynamodb.toml`) put in place of its twin.
/// Engine files under `DIR/aws/engines/` that have no twin are added.
pub fn load_dir(dir: &Path) -> Result<Catalog, SourceErrors> {
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
        files.push(read_or(&own, format!("catalogs/{path}"), text)?);
    }
    let engines_dir = dir.join("aws/engines");
    if let Ok(entries) = std::fs::read_dir(&engines_dir) {
        let mut extra: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter(|p| !files.iter().any(|f| Path::new(&f.name) == p.as_path()))
            .collect();
        extra.sort();
        for path in extra {
            files.push(read_or(&path, String::new(), "")?);
        }
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
    ec2_m6i_large_usd_per_hour: Figure,
    transfer_out_usd_per_gb: Figure,
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
    price_region: Spanned<String>,
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
    #[serde(default)]
    route53_health_checks: bool,
    demands: String,
    caveat: Option<String>,
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
    raw: RawTraffic,
    names: &RegionNames,
    errors: &mut Vec<SourceError>,
) -> TrafficFigures {
    use crate::model::TrafficKind;
    let mut geography = vec![String::new(); names.ids.len()];
    for (geo, regions) in &raw.geography {
        for r in regions {
            if let Some(i) = names.resolve(file, r, errors) {
                geography[i] = geo.clone();
            }
        }
    }
    for (i, geo) in geography.iter().enumerate() {
        if geo.is_empty() {
            errors.push(file.error(
                0..0,
                format!("region {} has no [geography] entry", names.ids[i]),
            ));
        }
    }
    let mut mechanisms = Vec::new();
    for m in raw.mechanism {
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
        if m.kind == TrafficKind::Anycast {
            for geo in geography.iter().filter(|g| !g.is_empty()) {
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
            route53_health_checks: m.route53_health_checks,
            demands: m.demands,
            caveat: m.caveat,
        });
    }
    if mechanisms.is_empty() {
        errors.push(file.error(0..0, "no [[mechanism]]: plans need a way to route traffic"));
    }
    TrafficFigures {
        decision_s: raw.decision_s,
        dns_ttl_s: raw.dns_ttl_s,
        mechanisms,
        geography,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrices {
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
    #[serde(default)]
    standby: Vec<Standby>,
    active_active: ActiveActive,
    #[serde(default)]
    aa_conflicts: Vec<Conflicts>,
    replica_reads: ReplicaReads,
    max_regions: usize,
    #[serde(default)]
    sync_regions: usize,
    #[serde(default)]
    witness: bool,
    #[serde(default)]
    region_sets: Vec<Vec<Spanned<String>>>,
    /// The engine's own outage history per region, where published.
    #[serde(default)]
    outages: BTreeMap<Spanned<String>, RawOutages>,
    figures: RawEngineFigures,
    prices: toml::Table,
    #[serde(default)]
    instance: Vec<InstanceType>,
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

fn find<'a>(files: &'a [SourceFile], suffix: &str) -> &'a SourceFile {
    files
        .iter()
        .find(|f| f.name.ends_with(suffix))
        .expect("every embedded catalog path is always in the list")
}

/// Resolves region names in a catalog file, collecting errors with spans.
struct RegionNames<'a> {
    ids: Vec<&'a str>,
}

impl RegionNames<'_> {
    fn resolve(
        &self,
        file: &SourceFile,
        name: &Spanned<String>,
        errors: &mut Vec<SourceError>,
    ) -> Option<usize> {
        let found = self.ids.iter().position(|id| *id == name.get_ref());
        if found.is_none() {
            errors.push(
                file.error(
                    name.span(),
                    format!("unknown region \"{}\"", name.get_ref()),
                )
                .label("not in regions.toml")
                .maybe_help(did_you_mean(name.get_ref(), self.ids.iter().copied())),
            );
        }
        found
    }
}

fn from_files(files: &[SourceFile]) -> Result<Catalog, SourceErrors> {
    let regions_file = find(files, "aws/regions.toml");
    let raw_regions: RawRegions = parse(regions_file)?;
    let rtt_file = find(files, "aws/rtt.toml");
    let raw_rtt: RawRtt = parse(rtt_file)?;
    let network_file = find(files, "aws/network.toml");
    let raw_network: RawNetwork = parse(network_file)?;
    let recovery_file = find(files, "aws/recovery.toml");
    let raw_recovery: RawRecovery = parse(recovery_file)?;
    let traffic_file = find(files, "aws/traffic.toml");
    let raw_traffic: RawTraffic = parse(traffic_file)?;
    let prices_file = find(files, "aws/prices.toml");
    let raw_prices: RawPrices = parse(prices_file)?;

    let mut errors = Vec::new();
    let names = RegionNames {
        ids: raw_regions.region.iter().map(|r| r.id.as_str()).collect(),
    };
    let us_east_1 = names.resolve(network_file, &raw_network.price_region, &mut errors);
    let base_price = us_east_1.map(|i| raw_regions.region[i].ec2_m6i_large_usd_per_hour.value);

    let mut regions = Vec::new();
    for raw in &raw_regions.region {
        let outages = raw_recovery
            .outages_per_year
            .get(&raw.id)
            .unwrap_or(&raw_recovery.outages_per_region_year)
            .value;
        regions.push(Region {
            id: raw.id.clone(),
            name: raw.name.clone(),
            country: raw.country.clone(),
            lat: raw.lat,
            lon: raw.lon,
            price_index: base_price.map_or(1.0, |base| raw.ec2_m6i_large_usd_per_hour.value / base),
            price_index_derived: raw.ec2_m6i_large_usd_per_hour.derived.is_some(),
            transfer_out_usd_per_gb: raw.transfer_out_usd_per_gb.value,
            transfer_derived: raw.transfer_out_usd_per_gb.derived.is_some(),
            outages_per_year: outages,
        });
    }
    for name in raw_recovery.outages_per_year.keys() {
        if !names.ids.contains(&name.as_str()) {
            errors.push(
                recovery_file
                    .error(
                        0..0,
                        format!("outages_per_year names unknown region \"{name}\""),
                    )
                    .maybe_help(did_you_mean(name, names.ids.iter().copied())),
            );
        }
    }

    let mut transfer_exceptions = Vec::new();
    for ex in &raw_regions.transfer_exception {
        let from = names.resolve(regions_file, &ex.from, &mut errors);
        let to = names.resolve(regions_file, &ex.to, &mut errors);
        if let (Some(a), Some(b)) = (from, to) {
            transfer_exceptions.push((a, b, ex.usd_per_gb));
        }
    }

    // The search keeps regions in fixed-size sets.
    let most = crate::bits::Bits::CAPACITY;
    if regions.len() > most {
        errors.push(regions_file.error(
            0..0,
            format!(
                "{} regions; meridian handles at most {most} per cloud",
                regions.len()
            ),
        ));
    }
    // The RTT matrix must cover exactly the regions, in any order.
    let n = regions.len();
    let mut rtt = vec![vec![f64::NAN; n]; n];
    let order: Vec<Option<usize>> = raw_rtt
        .regions
        .iter()
        .map(|id| names.ids.iter().position(|x| x == id))
        .collect();
    for (i, id) in raw_rtt.regions.iter().enumerate() {
        if order[i].is_none() {
            errors.push(rtt_file.error(0..0, format!("rtt.toml lists unknown region \"{id}\"")));
        }
    }
    for (from, row) in &raw_rtt.p50_ms {
        let Some(a) = names.ids.iter().position(|x| x == from) else {
            errors.push(rtt_file.error(
                0..0,
                format!("rtt.toml has a row for unknown region \"{from}\""),
            ));
            continue;
        };
        if row.len() != order.len() {
            errors.push(rtt_file.error(
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
    for (a, row) in rtt.iter().enumerate() {
        for (b, value) in row.iter().enumerate() {
            if !(value.is_finite() && *value > 0.0) {
                errors.push(rtt_file.error(
                    0..0,
                    format!(
                        "rtt.toml has no positive RTT from {} to {}",
                        regions[a].id, regions[b].id
                    ),
                ));
            }
        }
    }

    let traffic = traffic_from_raw(traffic_file, raw_traffic, &names, &mut errors);

    let mut engines = Vec::new();
    for file in files
        .iter()
        .filter(|f| f.name.contains("/engines/") || f.name.contains("\\engines\\"))
    {
        let raw: RawEngine = parse(file)?;
        match engine_from_raw(file, raw, &names, &mut errors) {
            Some(engine) => {
                if engines.iter().any(|e: &Engine| e.id == engine.id) {
                    errors.push(
                        file.error(0..0, format!("engine \"{}\" is defined twice", engine.id)),
                    );
                } else {
                    engines.push(engine);
                }
            }
            None => continue,
        }
    }

    let edge = super::edge::load(find(files, "aws/edge.toml"), &names.ids, &mut errors);

    if !errors.is_empty() {
        let name = errors[0].file.clone();
        return Err(SourceErrors::new(name, errors));
    }

    Ok(Catalog {
        cloud: "aws".to_string(),
        regions,
        rtt_p50_ms: rtt,
        transfer_exceptions,
        latency: LatencyFigures {
            fiber_km_per_ms: raw_network.fiber_km_per_ms,
            route_inflation: raw_network.route_inflation,
            fit_min_km: raw_network.fit_min_km,
            last_mile_p50_ms: raw_network.last_mile_p50_ms,
            last_mile_p99_ms: raw_network.last_mile_p99_ms,
            tail_p99_over_p50: raw_network.tail_p99_over_p50,
            intra_region_p99_ms: raw_network.intra_region_p99_ms,
        },
        traffic,
        recovery: RecoveryFigures {
            az_events_per_region_year: raw_recovery.az_events_per_region_year,
            outage_mean_hours: raw_recovery.outage_mean_hours,
            outages_per_region_year: raw_recovery.outages_per_region_year,
        },
        dns: DnsPrices {
            hosted_zone_usd_month: raw_prices.hosted_zone_usd_month,
            health_check_usd_month: raw_prices.health_check_usd_month,
            fast_interval_usd_month: raw_prices.fast_interval_usd_month,
            standard_queries_usd_per_million: raw_prices.standard_queries_usd_per_million,
            latency_queries_usd_per_million: raw_prices.latency_queries_usd_per_million,
        },
        compute: raw_prices.compute,
        engines,
        price_region: us_east_1.unwrap_or(0),
        edge: edge.expect("edge.toml loads when there are no errors"),
    })
}

fn engine_from_raw(
    file: &SourceFile,
    raw: RawEngine,
    names: &RegionNames,
    errors: &mut Vec<SourceError>,
) -> Option<Engine> {
    let n = names.ids.len();
    let regions = match &raw.regions {
        None => vec![true; n],
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
    let f = raw.figures;
    Some(Engine {
        outages,
        id: raw.id,
        name: raw.name,
        kinds: raw.kinds,
        regions,
        single_region: raw.single_region,
        fallback: raw.fallback,
        standby: raw.standby,
        active_active: raw.active_active,
        aa_conflicts: raw.aa_conflicts,
        replica_reads: raw.replica_reads,
        max_regions: raw.max_regions.max(1),
        sync_regions: raw.sync_regions,
        witness: raw.witness,
        region_sets,
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
    })
}
