//! Phase two of reading a spec: raw values to valid types, against the
//! catalog (region, engine and instance names). Every error is collected.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::DeTable;

use super::reader::{StrOrNum, TableReader};
use super::{DataClass, Dependency, FailoverPolicy, Pins, Population, Service, Slo, Spec};
use crate::catalog::Catalog;
use crate::diagnostics::{
    SourceError, SourceErrors, SourceFile, did_you_mean, did_you_mean_or_list,
};
use crate::model::{
    Commitment, Conflicts, Consistency, Failover, Kind, LatencyAt, Standby, Topology, TrafficKind,
};
use crate::residency;
use crate::units;

mod static_assets;

const ROOT_KEYS: &[&str] = &[
    "name",
    "clouds",
    "regions",
    "commitment",
    "failover",
    "decision_time",
    "traffic",
    "dns_ttl",
    "users",
    "data",
    "services",
    "static_assets",
];
const USER_KEYS: &[&str] = &["near", "lat", "lon", "share", "last_mile_p99"];
const DATA_KEYS: &[&str] = &[
    "kind",
    "size",
    "reads_per_sec",
    "writes_per_sec",
    "peak_to_average",
    "item_size",
    "consistency",
    "conflicts",
    "rpo",
    "rpo_guaranteed",
    "rto",
    "availability",
    "read_latency",
    "write_latency",
    "latency_at",
    "failover",
    "decision_time",
    "traffic",
    "residency",
    "topology",
    "standby",
    "engine",
    "primary",
    "replicas",
    "witness",
    "instance",
    "terraform",
];
const SERVICE_KEYS: &[&str] = &["depends_on", "instance", "instances_per_region"];
/// The search keeps populations in fixed-size sets ([`crate::bits::Bits`]).
const MAX_POPULATIONS: usize = 128;

/// The input contract: the largest values meridian plans for. They keep
/// every figure finite and every line item far inside integer cents (the
/// dearest line, transfer of 1 PB/s to 31 copies at $0.02/GB, is about
/// $1.6 × 10^12 a month), so money never overflows or rounds away.
pub mod limits {
    /// Requests per second (reads or writes) of one data class.
    pub const MAX_RATE_PER_S: f64 = 1e9;
    /// Bytes one data class stores: 1 EB.
    pub const MAX_SIZE_BYTES: u64 = 1_000_000_000_000_000_000;
    /// Bytes of one item: 5 TB, the largest object any engine in the
    /// catalog stores (an S3 object).
    pub const MAX_ITEM_BYTES: u64 = 5_000_000_000_000;
    /// Bytes per second written or read (rate × item size): 1 PB/s.
    pub const MAX_BYTES_PER_S: f64 = 1e15;
    /// Peak request rate ÷ average (`peak_to_average`): at most 100.
    pub const MAX_PEAK_TO_AVERAGE: f64 = 100.0;
    /// Durations (RPO, RTO, latency budgets): one year.
    pub const MAX_DURATION_S: f64 = 365.0 * 86_400.0;
    /// Characters in the name of a data class, service or population: the
    /// names become file names (`data-NAME.tf`, `report/cost-NAME.svg`)
    /// and parts of cloud resource names.
    pub const MAX_NAME_CHARS: usize = 48;
}

/// Reads and validates a spec file against a catalog.
pub fn parse(file: &SourceFile, catalog: &Catalog) -> Result<Spec, SourceErrors> {
    let doc = match DeTable::parse(&file.text) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let error = file
                .error(
                    span,
                    format!("this is not valid TOML: {}", e.message().trim()),
                )
                .label("here")
                .help("see the spec reference in README.md");
            return Err(SourceErrors::new(file.name.clone(), vec![error]));
        }
    };
    let mut errors = Vec::new();
    let root = TableReader {
        file,
        table: doc.get_ref(),
        path: String::new(),
        span: 0..0,
    };
    let spec = read_spec(&root, catalog, &mut errors);
    match spec {
        Some(spec) if errors.is_empty() => Ok(spec),
        _ => Err(SourceErrors::new(file.name.clone(), errors)),
    }
}

fn read_spec(root: &TableReader, catalog: &Catalog, errors: &mut Vec<SourceError>) -> Option<Spec> {
    root.deny_unknown(ROOT_KEYS, errors);
    root.required("name", "\"my-system\"", errors);
    root.required(
        "data",
        "{ ... } (one [data.NAME] table per data class)",
        errors,
    );
    root.required(
        "users",
        "{ ... } (one [users.NAME] table per user population)",
        errors,
    );
    let file = root.file;

    let name = root.string("name", errors).and_then(|(name, span)| {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Some(name)
        } else {
            errors.push(
                file.error(span, format!("name \"{name}\" may use only a-z, 0-9 and -"))
                    .label("invalid name")
                    .help(format!("try \"{}\"", slug(&name))),
            );
            None
        }
    });

    let known = || catalog.clouds.iter().map(|c| c.id.as_str());
    let clouds = match root.string_list("clouds", errors) {
        None => vec![catalog.default_cloud().id.clone()],
        Some((list, span)) => {
            if list.is_empty() {
                errors.push(file.error(span, "clouds is empty").help(format!(
                    "write clouds = [\"{}\"] or leave it out",
                    catalog.default_cloud().id
                )));
            }
            for (cloud, span) in &list {
                if catalog.cloud_index(cloud).is_none() {
                    errors.push(
                        file.error(
                            span.clone(),
                            format!("cloud \"{cloud}\" is not in meridian's catalog"),
                        )
                        .label("unknown cloud")
                        .help(format!(
                            "the catalog covers {}",
                            known()
                                .map(|c| format!("\"{c}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
            }
            list.into_iter().map(|(c, _)| c).collect()
        }
    };

    let n = catalog.regions.len();
    // The regions of the clouds the spec plans on.
    let in_clouds: Vec<bool> = catalog
        .regions
        .iter()
        .map(|r| clouds.contains(&catalog.clouds[r.cloud].id))
        .collect();
    let allowed_regions =
        match root.string_list("regions", errors) {
            None => in_clouds.clone(),
            Some((list, span)) => {
                let mut mask = vec![false; n];
                for (id, span) in &list {
                    let listed = Listed {
                        in_clouds: &in_clouds,
                        instead: "leave this region out",
                    };
                    if let Some(i) = listed.region(catalog, id, span.clone(), file, errors) {
                        mask[i] = true;
                    }
                }
                if list.is_empty() {
                    errors.push(file.error(span, "regions is empty").help(
                        "list at least one region, or leave the key out to allow every region",
                    ));
                }
                mask
            }
        };

    let commitment = match root.get("commitment") {
        Some(_) => parse_enum(
            root,
            "commitment",
            Commitment::parse,
            Commitment::spellings(),
            errors,
        ),
        None => Some(Commitment::None),
    };

    // Catalog defaults come from the first cloud the spec names.
    let first = &catalog.clouds[catalog.first_cloud(&clouds)];
    let defaults = FailoverPolicy {
        failover: Failover::Automatic,
        decision_s: first.decision_s.value,
        traffic: catalog
            .traffic
            .mechanisms
            .iter()
            .map(|m| m.kind != TrafficKind::Client)
            .collect(),
    };
    let failover = read_failover(root, &defaults, catalog, errors);
    let dns_ttl_s = match root.get("dns_ttl") {
        None => first.dns_ttl_s.value,
        Some(v) => match duration(root, "dns_ttl", errors) {
            Some(s) if (1.0..=86_400.0).contains(&s) && s.fract() == 0.0 => s,
            Some(s) => {
                errors.push(
                    file.error(v.span(), format!("dns_ttl {} is out of range", units::format_duration_s(s)))
                        .label("not a TTL Route 53 health-checked records use")
                        .help("give whole seconds from 1s to 1d; 60s is the usual choice for failover records"),
                );
                first.dns_ttl_s.value
            }
            None => first.dns_ttl_s.value,
        },
    };

    let users = root
        .table("users", errors)
        .map(|t| read_users(&t, catalog, errors))
        .unwrap_or_default();

    let static_assets = root
        .table("static_assets", errors)
        .and_then(|t| static_assets::read(&t, &users, errors));
    // Static assets are planned on a cloud's CDN: the catalog needs one.
    if static_assets.is_some()
        && catalog.edge().is_none()
        && let Some(v) = root.get("static_assets")
    {
        errors.push(
            file.error(v.span(), "no cloud of the catalog has a CDN to plan [static_assets] on")
                .label("no edge catalog")
                .help("give a catalog with an edge.toml (the embedded AWS one has CloudFront), or leave [static_assets] out"),
        );
    }

    let data_reader = root.table("data", errors);
    let mut data = Vec::new();
    if let Some(table) = &data_reader {
        let entries = table.entries(errors);
        check_labels(file, &entries, "data class", errors);
        for (name, span, reader) in entries {
            check_item_name(file, &name, span, "data class", errors);
            if let Some(class) = read_class(
                &reader,
                name,
                catalog,
                (&allowed_regions, &in_clouds),
                &failover,
                errors,
            ) {
                data.push(class);
            }
        }
        if table.table.is_empty() {
            errors.push(
                file.error(table.span.clone(), "no data classes")
                    .help("add a [data.NAME] table"),
            );
        }
    }

    // Names of every [data.*] table, valid or not: a service naming a class
    // that has its own errors is not reported again.
    let data_names: Vec<String> = data_reader
        .as_ref()
        .map(|t| {
            t.table
                .iter()
                .map(|(k, _)| k.get_ref().to_string())
                .collect()
        })
        .unwrap_or_default();
    let services = match root.table("services", errors) {
        Some(t) => read_services(&t, &data, &data_names, catalog, errors),
        None => Vec::new(),
    };

    Some(Spec {
        name: name?,
        clouds,
        allowed_regions,
        users,
        data,
        services,
        commitment: commitment?,
        dns_ttl_s,
        static_assets,
    })
}

/// `failover`, `decision_time` and `traffic` of a table, over `defaults`
/// (the catalog's at the top level, the top level's in a class).
fn read_failover(
    reader: &TableReader,
    defaults: &FailoverPolicy,
    catalog: &Catalog,
    errors: &mut Vec<SourceError>,
) -> FailoverPolicy {
    let file = reader.file;
    let failover = match reader.get("failover") {
        Some(_) => parse_enum(
            reader,
            "failover",
            Failover::parse,
            Failover::spellings(),
            errors,
        )
        .unwrap_or(defaults.failover),
        None => defaults.failover,
    };
    let decision_s = match reader.get("decision_time") {
        Some(_) => duration(reader, "decision_time", errors).unwrap_or(defaults.decision_s),
        None => defaults.decision_s,
    };
    let mechanisms = &catalog.traffic.mechanisms;
    let (traffic, span) = match reader.string_list("traffic", errors) {
        None => (defaults.traffic.clone(), None),
        Some((list, span)) => {
            let mut mask = vec![false; mechanisms.len()];
            for (id, span) in &list {
                // An id names that mechanism in every cloud that has one.
                let mut found = false;
                for (i, m) in mechanisms.iter().enumerate() {
                    if &m.id == id {
                        mask[i] = true;
                        found = true;
                    }
                }
                if !found {
                    errors.push(
                        file.error(span.clone(), format!("unknown traffic mechanism \"{id}\""))
                            .label("not in the catalog's traffic.toml")
                            .help(did_you_mean_or_list(
                                id,
                                mechanisms.iter().map(|m| m.id.as_str()),
                                "use some of",
                            )),
                    );
                }
            }
            if list.is_empty() {
                errors.push(
                    file.error(span.clone(), "traffic is empty: users could not reach any region")
                        .label("empty list")
                        .help("list the mechanisms allowed (e.g. [\"route53\", \"global-accelerator\"]), or leave the key out"),
                );
            }
            (mask, Some(span))
        }
    };
    // Some allowed mechanism must be able to move traffic the way the
    // failover is decided: a switch detects nothing; clients retry by
    // themselves, with no one to decide.
    let usable = |kind: TrafficKind| match failover {
        Failover::Automatic => kind != TrafficKind::Switch,
        Failover::Operator => kind != TrafficKind::Client,
    };
    let any = mechanisms
        .iter()
        .zip(&traffic)
        .any(|(m, allowed)| *allowed && usable(m.kind));
    if !any && traffic.iter().any(|a| *a) {
        let span = span
            .or_else(|| reader.get("failover").map(|v| v.span()))
            .unwrap_or(0..0);
        let (what, fix) = match failover {
            Failover::Automatic => (
                "automatic failover needs a mechanism that detects a failed region; a switch (arc) only moves traffic when an operator flips it",
                "add \"route53\" or \"global-accelerator\" to traffic, or set failover = \"operator\"",
            ),
            Failover::Operator => (
                "operator failover needs a mechanism an operator switches; clients (client) retry other regions by themselves",
                "add \"arc\" or \"route53\" to traffic, or set failover = \"automatic\"",
            ),
        };
        errors.push(
            file.error(span, what)
                .label("no usable mechanism")
                .help(fix),
        );
    }
    FailoverPolicy {
        failover,
        decision_s,
        traffic,
    }
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn check_item_name(
    file: &SourceFile,
    name: &str,
    span: Range<usize>,
    what: &str,
    errors: &mut Vec<SourceError>,
) {
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok && name.len() > limits::MAX_NAME_CHARS {
        errors.push(
            file.error(
                span,
                format!(
                    "{what} name \"{name}\" has {} characters; at most {} are allowed",
                    name.len(),
                    limits::MAX_NAME_CHARS
                ),
            )
            .label("too long")
            .help(format!(
                "shorten it (it becomes file and resource names), e.g. \"{}\"",
                name[..limits::MAX_NAME_CHARS].trim_end_matches(['-', '_'])
            )),
        );
        return;
    }
    if !ok {
        errors.push(
            file.error(
                span,
                format!("{what} name \"{name}\" may use only a-z, 0-9, - and _"),
            )
            .label("invalid name")
            .help(format!("try \"{}\"", slug(name))),
        );
    }
}

/// Names that differ only in `-` against `_` would share a Terraform label
/// (`a-b` and `a_b` are both `a_b`): the second is an error.
fn check_labels(
    file: &SourceFile,
    entries: &[(String, Range<usize>, TableReader)],
    what: &str,
    errors: &mut Vec<SourceError>,
) {
    for (i, (name, span, _)) in entries.iter().enumerate() {
        let label = crate::naming::tf_label(name);
        if let Some((first, _, _)) = entries[..i]
            .iter()
            .find(|(other, _, _)| crate::naming::tf_label(other) == label)
        {
            errors.push(
                file.error(
                    span.clone(),
                    format!("{what} names \"{first}\" and \"{name}\" differ only in - and _"),
                )
                .label("same Terraform label as an earlier name")
                .help(format!("both become `{label}` in Terraform; rename one")),
            );
        }
    }
}

fn region(
    catalog: &Catalog,
    id: &str,
    span: Range<usize>,
    file: &SourceFile,
    errors: &mut Vec<SourceError>,
) -> Option<usize> {
    let found = catalog.region_index(id);
    if found.is_none() {
        errors.push(
            file.error(span, format!("unknown region \"{id}\""))
                .label("not a region in the catalog")
                .help(
                    did_you_mean(id, catalog.region_ids()).unwrap_or_else(|| {
                        "run `meridian catalog regions` for the list".to_string()
                    }),
                ),
        );
    }
    found
}

/// Regions of the clouds a spec lists: a region id must exist and be in
/// one of them.
struct Listed<'a> {
    in_clouds: &'a [bool],
    /// The fix the error offers besides listing the region's cloud.
    instead: &'static str,
}

impl Listed<'_> {
    fn region(
        &self,
        catalog: &Catalog,
        id: &str,
        span: Range<usize>,
        file: &SourceFile,
        errors: &mut Vec<SourceError>,
    ) -> Option<usize> {
        let i = region(catalog, id, span.clone(), file, errors)?;
        if self.in_clouds[i] {
            return Some(i);
        }
        let cloud = &catalog.cloud_of(i).id;
        errors.push(
            file.error(
                span,
                format!("region \"{id}\" is in cloud \"{cloud}\", which clouds does not list"),
            )
            .label("another cloud's region")
            .help(format!("add \"{cloud}\" to clouds, or {}", self.instead)),
        );
        None
    }
}

fn read_users(
    table: &TableReader,
    catalog: &Catalog,
    errors: &mut Vec<SourceError>,
) -> Vec<Population> {
    let file = table.file;
    let mut users = Vec::new();
    let mut share_total = 0.0;
    let entries = table.entries(errors);
    for (name, span, reader) in &entries {
        check_item_name(file, name, span.clone(), "user population", errors);
        reader.deny_unknown(USER_KEYS, errors);
        reader.required("share", "0.5", errors);
        let share = match reader.number("share", errors) {
            Some((s, span)) if !(0.0..=1.0).contains(&s) || s == 0.0 => {
                errors.push(
                    file.error(span, format!("share {s} must be above 0 and at most 1"))
                        .label("out of range"),
                );
                None
            }
            Some((s, _)) => Some(s),
            None => None,
        };
        let near = reader.string("near", errors);
        let lat = reader.number("lat", errors);
        let lon = reader.number("lon", errors);
        let location = match (&near, &lat, &lon) {
            (Some((id, span)), None, None) => {
                region(catalog, id, span.clone(), file, errors).map(|i| {
                    let r = &catalog.regions[i];
                    (r.lat, r.lon, Some(i))
                })
            }
            (None, Some((la, la_span)), Some((lo, lo_span))) => {
                let mut ok = true;
                if !(-90.0..=90.0).contains(la) {
                    errors.push(
                        file.error(la_span.clone(), format!("lat {la} is outside -90..90"))
                            .label("latitude"),
                    );
                    ok = false;
                }
                if !(-180.0..=180.0).contains(lo) {
                    errors.push(
                        file.error(lo_span.clone(), format!("lon {lo} is outside -180..180"))
                            .label("longitude"),
                    );
                    ok = false;
                }
                ok.then_some((*la, *lo, None))
            }
            (Some(_), _, _) => {
                errors.push(
                    file.error(
                        span.clone(),
                        format!("users.{name} gives both `near` and lat/lon"),
                    )
                    .label("ambiguous location")
                    .help("keep either near = \"REGION\" or lat and lon"),
                );
                None
            }
            _ => {
                errors.push(
                    file.error(span.clone(), format!("users.{name} has no location"))
                        .label("where are these users?")
                        .help("add near = \"us-east-1\" (a region) or both lat = .. and lon = .."),
                );
                None
            }
        };
        let last_mile = match reader.get("last_mile_p99") {
            None => Some(None),
            Some(_) => match duration(reader, "last_mile_p99", errors) {
                Some(s) if s <= 0.0 || s > 10.0 => {
                    let span = reader
                        .get("last_mile_p99")
                        .map(|v| v.span())
                        .unwrap_or(0..0);
                    errors.push(
                        file.error(span, "last_mile_p99 must be above 0 and at most 10s")
                            .label("out of range")
                            .help("the p99 of these users' access link, e.g. \"40ms\" for a fixed line or \"150ms\" for mobile"),
                    );
                    None
                }
                Some(s) => Some(Some(s * 1000.0)),
                None => None,
            },
        };
        if let (Some(share), Some((lat, lon, near)), Some(last_mile_p99_ms)) =
            (share, location, last_mile)
        {
            share_total += share;
            users.push(Population {
                name: name.clone(),
                lat,
                lon,
                near,
                share,
                last_mile_p99_ms,
            });
        }
    }
    if entries.len() > MAX_POPULATIONS {
        errors.push(
            file.error(
                table.span.clone(),
                format!(
                    "{} user populations; meridian plans for at most {MAX_POPULATIONS}",
                    entries.len()
                ),
            )
            .label("too many populations")
            .help("merge nearby populations: latency is estimated per population, not per user"),
        );
    }
    if entries.is_empty() {
        errors.push(
            file.error(table.span.clone(), "no user populations")
                .help("add a [users.NAME] table with near (or lat/lon) and share"),
        );
    } else if users.len() == entries.len() && (share_total - 1.0).abs() > 0.01 {
        errors.push(
            file.error(
                table.span.clone(),
                format!("user shares sum to {share_total:.3}, not 1"),
            )
            .label("shares of these populations")
            .help("make the shares add up to 1 (within ±0.01)"),
        );
    }
    users
}

fn parse_enum<T>(
    reader: &TableReader,
    key: &str,
    parse: fn(&str) -> Option<T>,
    spellings: Vec<&'static str>,
    errors: &mut Vec<SourceError>,
) -> Option<T> {
    let (text, span) = reader.string(key, errors)?;
    let value = parse(&text);
    if value.is_none() {
        errors.push(
            reader
                .file
                .error(span, format!("unknown {key} \"{text}\""))
                .label(format!("not a {key}"))
                .help(did_you_mean_or_list(
                    &text,
                    spellings.iter().copied(),
                    "use one of",
                )),
        );
    }
    value
}

fn duration(reader: &TableReader, key: &str, errors: &mut Vec<SourceError>) -> Option<f64> {
    let (text, span) = reader.string(key, errors)?;
    match units::parse_duration_s(&text) {
        Ok(s) if s > limits::MAX_DURATION_S => {
            errors.push(
                reader
                    .file
                    .error(span, format!("{key} \"{text}\" is longer than a year"))
                    .label("out of range")
                    .help("durations run from 0s to 365d; leave the key out for no target"),
            );
            None
        }
        Ok(s) => Some(s),
        Err(e) => {
            errors.push(
                reader
                    .file
                    .error(span, format!("{key} \"{text}\" is not a duration"))
                    .label("bad duration")
                    .help(e),
            );
            None
        }
    }
}

fn size(reader: &TableReader, key: &str, max: u64, errors: &mut Vec<SourceError>) -> Option<u64> {
    let (text, span) = reader.string(key, errors)?;
    match units::parse_size_bytes(&text) {
        Ok(b) if b > max => {
            errors.push(
                reader
                    .file
                    .error(
                        span,
                        format!(
                            "{key} \"{text}\" is above the {} meridian plans for",
                            units::format_size(max)
                        ),
                    )
                    .label("out of range")
                    .help(format!("{key} runs up to {}", units::format_size(max))),
            );
            None
        }
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(
                reader
                    .file
                    .error(span, format!("{key} \"{text}\" is not a size"))
                    .label("bad size")
                    .help(e),
            );
            None
        }
    }
}

/// A request rate in [0, 10^9] per second; the span is kept for later checks.
fn rate(
    reader: &TableReader,
    key: &str,
    errors: &mut Vec<SourceError>,
) -> (f64, Option<Range<usize>>) {
    match reader.number(key, errors) {
        Some((n, span)) if !(0.0..=limits::MAX_RATE_PER_S).contains(&n) => {
            errors.push(
                reader
                    .file
                    .error(
                        span.clone(),
                        format!("{key} {} is outside 0 to 1e9", units::format_number(n)),
                    )
                    .label("out of range")
                    .help(format!(
                        "{key} runs from 0 to 1,000,000,000 requests per second"
                    )),
            );
            (0.0, Some(span))
        }
        Some((n, span)) => (n, Some(span)),
        None => (0.0, None),
    }
}

/// The ratio of peak to average request rate, in [1, 100]; 1 when left out.
fn peak_to_average(reader: &TableReader, errors: &mut Vec<SourceError>) -> f64 {
    let key = "peak_to_average";
    match reader.number(key, errors) {
        Some((n, span)) if !(1.0..=limits::MAX_PEAK_TO_AVERAGE).contains(&n) => {
            errors.push(
                reader
                    .file
                    .error(
                        span,
                        format!("{key} {} is outside 1 to 100", units::format_number(n)),
                    )
                    .label("out of range")
                    .help(format!(
                        "{key} is the peak request rate divided by the average: 1 (steady) up to 100"
                    )),
            );
            1.0
        }
        Some((n, _)) => n,
        None => 1.0,
    }
}

fn read_class(
    reader: &TableReader,
    name: String,
    catalog: &Catalog,
    (allowed_regions, in_clouds): (&[bool], &[bool]),
    failover: &FailoverPolicy,
    errors: &mut Vec<SourceError>,
) -> Option<DataClass> {
    let file = reader.file;
    reader.deny_unknown(DATA_KEYS, errors);
    reader.required("kind", "\"relational\"", errors);
    reader.required("size", "\"100 GB\"", errors);
    let kind = parse_enum(reader, "kind", Kind::parse, Kind::spellings(), errors);
    let size_bytes = size(reader, "size", limits::MAX_SIZE_BYTES, errors);
    let item_bytes = match reader.get("item_size") {
        Some(_) => size(reader, "item_size", limits::MAX_ITEM_BYTES, errors),
        None => Some(1024),
    };
    if let (Some(0), Some((_, span))) = (item_bytes, reader.string("item_size", &mut Vec::new())) {
        errors.push(file.error(span, "item_size must be above 0").label("zero"));
    }
    let (reads_per_sec, reads_span) = rate(reader, "reads_per_sec", errors);
    let (writes_per_sec, writes_span) = rate(reader, "writes_per_sec", errors);
    let peak_to_average = peak_to_average(reader, errors);
    // Bytes moved per second: what replication and transfer are priced on.
    if let Some(item) = item_bytes {
        for (key, per_s, span) in [
            ("writes_per_sec", writes_per_sec, writes_span),
            ("reads_per_sec", reads_per_sec, reads_span),
        ] {
            let bytes_per_s = per_s * item as f64;
            if let (true, Some(span)) = (bytes_per_s > limits::MAX_BYTES_PER_S, span) {
                errors.push(
                    file.error(
                        span,
                        format!(
                            "{key} {} × item_size {} = {bytes_per_s:.3e} bytes/s, above the 1 PB/s meridian plans for",
                            units::format_number(per_s),
                            units::format_size(item)
                        ),
                    )
                    .label("too much traffic")
                    .help("lower the rate or the item_size (rate × item_size runs up to 10^15 bytes per second)"),
                );
            }
        }
    }
    let consistency = match reader.get("consistency") {
        Some(_) => parse_enum(
            reader,
            "consistency",
            Consistency::parse,
            Consistency::spellings(),
            errors,
        ),
        None => Some(Consistency::Strong),
    };
    let conflicts = match reader.get("conflicts") {
        Some(_) => parse_enum(
            reader,
            "conflicts",
            Conflicts::parse,
            Conflicts::spellings(),
            errors,
        ),
        None => Some(Conflicts::SingleWriter),
    };
    let latency_at = match reader.get("latency_at") {
        Some(_) => parse_enum(
            reader,
            "latency_at",
            LatencyAt::parse,
            LatencyAt::spellings(),
            errors,
        ),
        None => Some(LatencyAt::User),
    };
    let latency_ms = |key: &str, errors: &mut Vec<SourceError>| {
        let s = duration(reader, key, errors)?;
        if s <= 0.0 {
            let span = reader.get(key).map(|v| v.span()).unwrap_or(0..0);
            errors.push(
                file.error(span, format!("{key} must be above 0"))
                    .label("zero latency is not possible"),
            );
            return None;
        }
        Some(s * 1000.0)
    };
    let rpo_s = duration(reader, "rpo", errors);
    let rpo_guaranteed = match reader.boolean("rpo_guaranteed", errors) {
        Some((true, span)) if reader.get("rpo").is_none() => {
            errors.push(
                file.error(span, "rpo_guaranteed without an rpo target")
                    .label("guaranteed what?")
                    .help("add rpo = \"30s\" (the most data loss to guarantee), or remove rpo_guaranteed"),
            );
            false
        }
        Some((b, _)) => b,
        None => false,
    };
    let slo = Slo {
        rpo_s,
        rpo_guaranteed,
        rto_s: duration(reader, "rto", errors),
        availability: reader
            .string_or_number("availability", errors)
            .and_then(|(v, span)| {
                let parsed = match v {
                    StrOrNum::Str(s) => units::parse_availability_percent(&s),
                    StrOrNum::Num(n) => units::check_fraction(n),
                };
                parsed
                    .map_err(|e| {
                        errors.push(
                            file.error(span, "availability is not valid")
                                .label("bad availability")
                                .help(e),
                        )
                    })
                    .ok()
            }),
        read_latency_ms: latency_ms("read_latency", errors),
        write_latency_ms: latency_ms("write_latency", errors),
    };

    let mut allowed = allowed_regions.to_vec();
    let residency = reader.string_list("residency", errors).map(|(list, list_span)| {
        if list.is_empty() {
            errors.push(
                file.error(list_span.clone(), "residency is empty: no jurisdiction may store the data")
                    .label("empty list")
                    .help("list the jurisdictions allowed (e.g. [\"eu\"]), or leave the key out to allow every region"),
            );
        }
        let mut countries: Vec<&str> = Vec::new();
        for (j, span) in &list {
            match residency::countries(j) {
                Some(cs) => countries.extend(cs),
                None => {
                    let names = residency::all_names();
                    errors.push(
                        file.error(span.clone(), format!("unknown jurisdiction \"{j}\""))
                            .label("not an ISO country code or a known bloc")
                            .help(did_you_mean(j, names.iter().map(String::as_str)).unwrap_or_else(|| {
                                "use ISO 3166-1 alpha-2 codes (de, us, jp) or a bloc: eu, eea, gcc, uk".to_string()
                            })),
                    );
                }
            }
        }
        for (i, region) in catalog.regions.iter().enumerate() {
            if !countries.contains(&region.country.as_str()) {
                allowed[i] = false;
            }
        }
        if !allowed.iter().any(|a| *a) && !countries.is_empty() {
            errors.push(
                file.error(list_span, format!("no allowed region stores data in {}", list.iter().map(|(j, _)| j.as_str()).collect::<Vec<_>>().join(", ")))
                    .label("residency leaves no region")
                    .help("widen residency or the top-level regions allow-list"),
            );
        }
        list.into_iter().map(|(j, _)| j).collect::<Vec<_>>()
    });

    let pins = read_pins(reader, kind, catalog, in_clouds, errors);
    let failover = read_failover(reader, failover, catalog, errors);
    let terraform = read_addresses(reader, errors);
    Some(DataClass {
        name,
        kind: kind?,
        size_bytes: size_bytes?,
        reads_per_sec,
        writes_per_sec,
        peak_to_average,
        item_bytes: item_bytes.filter(|b| *b > 0)?,
        consistency: consistency?,
        conflicts: conflicts?,
        latency_at: latency_at?,
        failover,
        slo,
        residency,
        allowed,
        pins: pins?,
        terraform,
    })
}

/// `terraform`: the addresses of the resources holding the class in a
/// module `assess` reads, one string or a list.
fn read_addresses(reader: &TableReader, errors: &mut Vec<SourceError>) -> Vec<String> {
    let file = reader.file;
    let items: Vec<(String, std::ops::Range<usize>)> = match reader.get("terraform") {
        None => return Vec::new(),
        Some(v) if matches!(v.get_ref(), toml::de::DeValue::String(_)) => {
            reader.string("terraform", errors).into_iter().collect()
        }
        Some(_) => reader
            .string_list("terraform", errors)
            .map(|(list, _)| list)
            .unwrap_or_default(),
    };
    let mut out = Vec::new();
    for (address, span) in items {
        let mut parts = address.splitn(2, '.');
        let (kind, name) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-[]\"".contains(c))
        };
        if word(kind) && kind.contains('_') && word(name) {
            out.push(address);
        } else {
            errors.push(
                file.error(span, format!("\"{address}\" is not a resource address"))
                    .label("expected TYPE.NAME")
                    .help("write a Terraform resource address, e.g. \"aws_rds_global_cluster.orders\" (an instance: \"aws_db_instance.orders[0]\")"),
            );
        }
    }
    out
}

fn read_pins(
    reader: &TableReader,
    kind: Option<Kind>,
    catalog: &Catalog,
    in_clouds: &[bool],
    errors: &mut Vec<SourceError>,
) -> Option<Pins> {
    let file = reader.file;
    // A pinned region must exist and be in a cloud the spec plans on.
    let listed = Listed {
        in_clouds,
        instead: "pin a region of a listed cloud",
    };
    let before = errors.len();
    let topology = parse_enum(
        reader,
        "topology",
        Topology::parse,
        Topology::spellings(),
        errors,
    );
    let standby = parse_enum(
        reader,
        "standby",
        Standby::parse,
        Standby::spellings(),
        errors,
    );
    if let (Some(t), Some(_)) = (topology, standby) {
        if t != Topology::ActivePassive {
            let span = reader.get("standby").map(|v| v.span()).unwrap_or(0..0);
            errors.push(
                file.error(
                    span,
                    format!("a standby tier only applies to active-passive, not {t}"),
                )
                .label("standby without active-passive")
                .help("remove `standby` or set topology = \"active-passive\""),
            );
        }
    }
    let engine = reader.string("engine", errors).and_then(|(id, span)| {
        let found = catalog.engine_index(&id);
        match found {
            None => errors.push(
                file.error(span, format!("unknown engine \"{id}\""))
                    .label("not in the catalog")
                    .help(did_you_mean_or_list(
                        &id,
                        catalog.engines.iter().map(|e| e.id.as_str()),
                        "engines",
                    )),
            ),
            Some(i) => {
                if let Some(kind) = kind {
                    if !catalog.engines[i].kinds.contains(&kind) {
                        let fits: Vec<&str> = catalog
                            .engines
                            .iter()
                            .filter(|e| e.kinds.contains(&kind))
                            .map(|e| e.id.as_str())
                            .collect();
                        errors.push(
                            file.error(span, format!("engine \"{id}\" does not hold {kind} data"))
                                .label("wrong kind of engine")
                                .help(format!("engines for {kind} data: {}", fits.join(", "))),
                        );
                    }
                }
            }
        }
        found
    });
    let primary = reader
        .string("primary", errors)
        .and_then(|(id, span)| listed.region(catalog, &id, span, file, errors));
    // Replicas stay in the user's order (the first is the quorum leader's
    // successor only by choice of the search, never by sorting).
    let replicas = reader.string_list("replicas", errors).map(|(list, _)| {
        let mut out: Vec<usize> = Vec::new();
        for (id, span) in &list {
            if let Some(r) = listed.region(catalog, id, span.clone(), file, errors) {
                if out.contains(&r) {
                    errors.push(
                        file.error(span.clone(), format!("replicas list {id} twice"))
                            .label("duplicate")
                            .help("list each region once"),
                    );
                } else {
                    out.push(r);
                }
            }
        }
        out
    });
    let witness = reader
        .string("witness", errors)
        .and_then(|(id, span)| listed.region(catalog, &id, span, file, errors));
    if let (Some(p), Some(rs)) = (primary, &replicas) {
        if rs.contains(&p) {
            let span = reader.get("replicas").map(|v| v.span()).unwrap_or(0..0);
            errors.push(
                file.error(
                    span,
                    format!("replicas list the primary {}", catalog.regions[p].id),
                )
                .label("primary among replicas")
                .help("list only the other regions in `replicas`"),
            );
        }
    }
    let instance = reader.string("instance", errors).and_then(|(name, span)| {
        let engines: Vec<_> = match engine {
            Some(i) => vec![&catalog.engines[i]],
            None => catalog
                .engines
                .iter()
                .filter(|e| kind.is_none_or(|k| e.kinds.contains(&k)))
                .collect(),
        };
        let known = engines
            .iter()
            .any(|e| e.pricing.instances().iter().any(|c| c.name == name));
        if !known {
            let names: Vec<&str> = engines
                .iter()
                .flat_map(|e| e.pricing.instances().iter().map(|c| c.name.as_str()))
                .collect();
            errors.push(
                file.error(span, format!("unknown instance class \"{name}\""))
                    .label("not in the engine's catalog")
                    .help(did_you_mean_or_list(
                        &name,
                        names.iter().copied(),
                        "classes",
                    )),
            );
            return None;
        }
        Some(name)
    });
    if errors.len() != before {
        return None;
    }
    let pins = Pins {
        topology,
        standby,
        engine,
        primary,
        replicas,
        witness,
        instance,
        capacity: None,
        fast_health_checks: None,
        global_db_rpo_s: None,
    };
    if let Some(kind) = kind {
        check_pins_fit(reader, kind, &pins, catalog, errors);
    }
    (errors.len() == before).then_some(pins)
}

/// Pins checked against the catalog before the search: a pinned engine must
/// be able to take the pinned design; without a pinned engine, some engine
/// of the class's kind must.
fn check_pins_fit(
    reader: &TableReader,
    kind: Kind,
    pins: &Pins,
    catalog: &Catalog,
    errors: &mut Vec<SourceError>,
) {
    let design = pins.design(kind);
    let pinned_shape = pins.topology.is_some()
        || pins.standby.is_some()
        || pins.primary.is_some()
        || pins.replicas.is_some()
        || pins.witness.is_some();
    let span_of = |key: &str| {
        reader
            .get(key)
            .map(|v| v.span())
            .unwrap_or(reader.span.clone())
    };
    match pins.engine {
        Some(e) => {
            if let Some(m) = crate::catalog::misfit(catalog, &catalog.engines[e], &design) {
                errors.push(
                    reader
                        .file
                        .error(span_of(m.key), m.message)
                        .label(format!("the `engine` pin cannot take this `{}`", m.key))
                        .help(m.help),
                );
            }
        }
        None if pinned_shape => {
            let engines: Vec<_> = catalog
                .engines
                .iter()
                .filter(|e| e.kinds.contains(&kind))
                .collect();
            let misfits: Vec<(String, crate::catalog::Misfit)> = engines
                .iter()
                .map(|e| (e.id.clone(), crate::catalog::misfit(catalog, e, &design)))
                .map(|(id, m)| m.map(|m| (id, m)))
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default();
            if !engines.is_empty() && misfits.len() == engines.len() {
                // Point at what is wrong with the engines that offer the
                // pinned topology, where some does (an engine without it
                // only says the topology is not its own).
                let key = misfits
                    .iter()
                    .map(|(_, m)| m.key)
                    .find(|k| *k != "topology")
                    .unwrap_or(misfits[0].1.key);
                errors.push(
                    reader
                        .file
                        .error(
                            span_of(key),
                            format!("no engine for {kind} data can take the pinned design"),
                        )
                        .label("pinned here")
                        .help(
                            misfits
                                .iter()
                                .map(|(id, m)| format!("{id}: {}", m.message))
                                .collect::<Vec<_>>()
                                .join("; "),
                        ),
                );
            }
        }
        None => {}
    }
}

fn read_services(
    table: &TableReader,
    data: &[DataClass],
    data_names: &[String],
    catalog: &Catalog,
    errors: &mut Vec<SourceError>,
) -> Vec<Service> {
    let file = table.file;
    let entries = table.entries(errors);
    check_labels(file, &entries, "service", errors);
    let service_names: Vec<&str> = entries.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut spans: BTreeMap<usize, Range<usize>> = BTreeMap::new();
    let mut services = Vec::new();
    for (name, span, reader) in &entries {
        check_item_name(file, name, span.clone(), "service", errors);
        if data.iter().any(|d| &d.name == name) {
            errors.push(
                file.error(
                    span.clone(),
                    format!("\"{name}\" names both a data class and a service"),
                )
                .label("ambiguous in depends_on")
                .help("rename the service or the data class"),
            );
        }
        reader.deny_unknown(SERVICE_KEYS, errors);
        reader.required("instance", "\"m7g.large\"", errors);
        let mut depends_on = Vec::new();
        let deps = reader.string_list("depends_on", errors);
        match &deps {
            None => errors.push(
                file.error(span.clone(), format!("service {name} depends on nothing"))
                    .label("no depends_on")
                    .help("add depends_on = [\"CLASS\", ...]: meridian runs a service in the regions of the data it needs"),
            ),
            Some((list, list_span)) if list.is_empty() => errors.push(
                file.error(list_span.clone(), format!("service {name} depends on nothing"))
                    .label("empty list")
                    .help("name the data classes (or services) it needs: meridian runs a service in the regions of its data"),
            ),
            Some(_) => {}
        }
        if let Some((list, list_span)) = deps {
            spans.insert(services.len(), list_span);
            for (dep, span) in list {
                if let Some(i) = data.iter().position(|d| d.name == dep) {
                    depends_on.push(Dependency::Data(i));
                } else if let Some(i) = service_names.iter().position(|s| *s == dep) {
                    depends_on.push(Dependency::Service(i));
                } else if !data_names.contains(&dep) {
                    let names = data_names
                        .iter()
                        .map(String::as_str)
                        .chain(service_names.iter().copied());
                    errors.push(
                        file.error(span, format!("service {name} depends on unknown \"{dep}\""))
                            .label("no such data class or service")
                            .help(did_you_mean(&dep, names).unwrap_or_else(|| {
                                "name a [data.*] or [services.*] table".to_string()
                            })),
                    );
                }
            }
        }
        let instance = reader.string("instance", errors).and_then(|(inst, span)| {
            if catalog.compute_type(&inst).is_some() {
                Some(inst)
            } else {
                errors.push(
                    file.error(span, format!("unknown instance type \"{inst}\""))
                        .label("not in any cloud's prices.toml")
                        .help(did_you_mean_or_list(
                            &inst,
                            catalog.compute_types().map(|c| c.name.as_str()),
                            "types",
                        )),
                );
                None
            }
        });
        let count = match reader.number("instances_per_region", errors) {
            None => 2,
            Some((n, span)) if n < 1.0 || n.fract() != 0.0 || n > 1000.0 => {
                errors.push(
                    file.error(
                        span,
                        format!("instances_per_region {n} must be a whole number from 1 to 1000"),
                    )
                    .label("bad count"),
                );
                2
            }
            Some((n, _)) => n as u32,
        };
        services.push(Service {
            name: name.clone(),
            depends_on,
            instance: instance.unwrap_or_default(),
            instances_per_region: count,
        });
    }
    if let Some(cycle) = super::dependencies::find_cycle(&services) {
        let names: Vec<&str> = cycle.iter().map(|i| services[*i].name.as_str()).collect();
        let span = spans.get(&cycle[0]).cloned().unwrap_or(table.span.clone());
        errors.push(
            file.error(
                span,
                format!(
                    "services depend on each other in a cycle: {} -> {}",
                    names.join(" -> "),
                    names[0]
                ),
            )
            .label("part of the cycle")
            .help("a service cannot need itself through its dependencies; remove one edge"),
        );
    }
    services
}
