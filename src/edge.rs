//! Static assets at the edge (`[static_assets]`): CloudFront in front of
//! S3 origin buckets in the plan's regions. Given the plan's data and
//! service regions, it picks the origin region (and, with an RTO target, a
//! second origin for an origin group), prices the month (CloudFront
//! transfer and HTTPS requests per price geography, origin storage, GETs
//! for cache misses, Origin Shield, the second copy and its replication),
//! estimates each population's p99 for a cache hit and a miss, and says
//! what losing the origin region does.
//!
//! It reads the spec, the catalog (`catalogs/aws/edge.toml` and the S3
//! engine's prices) and the network model, and must not change the data
//! classes' or services' designs: the static section is priced and
//! reported beside them, never searched with them. Prices it cannot find
//! are notes, never a silent $0.

use serde::{Serialize, Serializer};

use crate::catalog::Catalog;
use crate::catalog::cited::{Assumption, Reference};
use crate::cost::{Cents, CostLine, CostSink, Lines, Qty};
use crate::network::Network;
use crate::spec::{Spec, StaticAssets};
use crate::units::SECONDS_PER_MONTH;

/// The static-assets part of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct StaticPlan {
    /// Total of `cost`, in the plan's total as its own section.
    pub monthly_usd: Cents,
    pub cost: Vec<CostLine>,
    /// The region of the (primary) origin bucket.
    pub origin: String,
    /// The second origin of the origin group (`rto` set); null otherwise.
    pub failover_origin: Option<String>,
    /// Why these regions, in words.
    pub origin_choice: String,
    /// The CloudFront price class serving every population's geography.
    pub price_class: String,
    /// The Origin Shield region (`origin_shield = true`); null otherwise.
    pub origin_shield: Option<String>,
    pub size_gb: f64,
    pub requests_per_s: f64,
    pub response_bytes: u64,
    pub cache_hit_ratio: f64,
    /// Bytes uploaded a month, GB (what replication copies).
    pub change_gb_per_month: f64,
    pub populations: Vec<EdgePopulation>,
    /// What a region loss costs the viewers: 0-ish with an origin group
    /// (CloudFront retries the secondary per request), unbounded for
    /// cache misses with one origin (null in JSON).
    #[serde(serialize_with = "seconds")]
    pub rto_s: f64,
    pub rto_target_s: Option<f64>,
    /// The estimate meets the target (true when there is none).
    pub rto_met: bool,
    /// Losing the origin region, in words.
    pub failover: String,
    /// Status codes the origin group fails over on (empty: one origin).
    pub failover_status_codes: Vec<u16>,
    pub connection_timeout_s: f64,
    pub connection_attempts: f64,
    /// Prices not found, simplifications, targets not met.
    pub notes: Vec<String>,
    /// The catalog figures used, with sources (also in the plan's list).
    #[serde(skip)]
    pub assumptions: Vec<Assumption>,
    #[serde(skip)]
    pub references: Vec<Reference>,
}

/// One population's traffic and p99 at the edge.
#[derive(Debug, Clone, Serialize)]
pub struct EdgePopulation {
    pub name: String,
    /// CloudFront price geography (`edge.toml`), or null when none covers it.
    pub geography: Option<String>,
    /// Share of the static requests (the population's share among those served).
    pub request_share: f64,
    pub requests_per_month: f64,
    pub gb_per_month: f64,
    /// Cache hit: the last mile (the edge is next to the users).
    pub hit_p99_ms: f64,
    /// Cache miss: the path from the users' edge to the origin region
    /// (through the shield when on), plus S3's first-byte time.
    pub miss_p99_ms: f64,
}

fn seconds<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_finite() {
        s.serialize_f64((v * 1000.0).round() / 1000.0)
    } else {
        s.serialize_none()
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A figure of the S3 engine's `[prices]` table, if the catalog has it.
fn s3_price(catalog: &Catalog, key: &str) -> Option<(f64, Option<String>)> {
    let engine = catalog.engines.iter().find(|e| e.id == "s3")?;
    let t = engine.price_table.get(key)?.as_table()?;
    let v = t.get("value")?;
    let value = v.as_float().or(v.as_integer().map(|i| i as f64))?;
    Some((
        value,
        t.get("source").and_then(|s| s.as_str()).map(String::from),
    ))
}

/// Plans the static section; `None` when the spec has none. `regions`
/// are the regions the plan runs in (live copies of designed classes and
/// service regions, by catalog index, in catalog order): the origin
/// candidates.
pub fn plan(
    spec: &Spec,
    catalog: &Catalog,
    network: &Network,
    regions: &[usize],
) -> Option<StaticPlan> {
    let s = spec.static_assets.as_ref()?;
    Some(plan_static(s, spec, catalog, network, regions))
}

fn plan_static(
    s: &StaticAssets,
    spec: &Spec,
    catalog: &Catalog,
    network: &Network,
    regions: &[usize],
) -> StaticPlan {
    let edge = catalog
        .edge()
        .expect("the spec reader refuses [static_assets] without an edge catalog");
    let ids: Vec<String> = catalog.regions.iter().map(|r| r.id.clone()).collect();
    let mut notes = Vec::new();
    let mut assumptions = Vec::new();
    let mut used = |figure: &str, value: f64, source: Option<String>, derived: Option<String>| {
        if !assumptions.iter().any(|a: &Assumption| a.figure == figure) {
            assumptions.push(Assumption {
                subject: "edge".into(),
                figure: figure.into(),
                value,
                source,
                derived,
            });
        }
    };

    // Request shares among the populations served.
    let served_total: f64 = s.populations.iter().map(|p| spec.users[*p].share).sum();
    let weight = |p: usize| spec.users[p].share / served_total;

    // The origin: the region of the plan with the lowest share-weighted
    // p99 from the served users (where cache misses are fastest on
    // average); the second origin is the next best.
    let score = |r: usize| -> f64 {
        s.populations
            .iter()
            .map(|p| weight(*p) * network.user_p99[*p][r])
            .sum()
    };
    let rank = |regions: &[usize]| -> Vec<usize> {
        let mut out = regions.to_vec();
        out.sort_by(|a, b| score(*a).total_cmp(&score(*b)).then(a.cmp(b)));
        out
    };
    let in_plan = regions.to_vec();
    let allowed: Vec<usize> = (0..ids.len())
        .filter(|r| spec.allowed_regions[*r])
        .collect();
    let (candidates, from) = if in_plan.is_empty() {
        (
            rank(&allowed),
            "the spec's allowed regions (the plan runs in none)",
        )
    } else {
        (
            rank(&in_plan),
            "the regions the plan's data and services run in",
        )
    };
    let origin = candidates[0];
    let failover_origin = s.rto_s.map(|_| {
        candidates.get(1).copied().unwrap_or_else(|| {
            let next = rank(&allowed).into_iter().find(|r| *r != origin);
            notes.push(
                "the plan runs in one region only; the failover origin is the next best allowed region".into(),
            );
            next.unwrap_or(origin)
        })
    });
    let failover_origin = failover_origin.filter(|r| *r != origin);
    if s.rto_s.is_some() && failover_origin.is_none() {
        notes.push("rto is set but the spec allows one region only: no second origin".into());
    }
    let origin_choice = format!(
        "origin in {}: of {from}, the lowest p99 from the served users weighted by their share ({:.0} ms){}",
        ids[origin],
        score(origin),
        failover_origin.map_or(String::new(), |f| format!(
            "; failover origin in {}, the next best ({:.0} ms)",
            ids[f],
            score(f)
        ))
    );

    // Origin Shield: the shield region nearest the origin.
    let shield = if s.origin_shield {
        let nearest = edge.shield_regions.iter().copied().min_by(|a, b| {
            let d = |r: usize| {
                if r == origin {
                    0.0
                } else {
                    network.region_p99[r][origin]
                }
            };
            d(*a).total_cmp(&d(*b)).then(a.cmp(b))
        });
        if nearest.is_some() {
            used(
                "origin_shield_regions",
                edge.shield_regions.len() as f64,
                Some(edge.shield_regions_source.clone()),
                None,
            );
        } else {
            notes.push(
                "the catalog lists no Origin Shield region: Origin Shield not planned".into(),
            );
        }
        nearest
    } else {
        None
    };

    let month_requests = s.requests_per_sec * SECONDS_PER_MONTH;
    let miss_requests = month_requests * (1.0 - s.cache_hit_ratio);
    let s3_read_ms = catalog
        .engines
        .iter()
        .find(|e| e.id == "s3")
        .map(|e| e.read_service_ms.clone());
    if let Some(f) = &s3_read_ms {
        used(
            "s3 read_service_ms",
            f.value,
            f.source.clone(),
            f.derived.clone(),
        );
    } else {
        notes.push(
            "no S3 engine in the catalog: a miss's p99 leaves out S3's first-byte time".into(),
        );
    }

    // Populations: geography, traffic, latency.
    let mut populations = Vec::new();
    let mut geo_of = Vec::new();
    for &p in &s.populations {
        let nearest = (0..ids.len())
            .min_by(|a, b| network.user_km[p][*a].total_cmp(&network.user_km[p][*b]))
            .expect("the catalog has regions");
        let geo = edge.geography_of(&catalog.regions[nearest].country);
        if geo.is_none() {
            notes.push(format!(
                "{}: no CloudFront price geography in the catalog covers {} (nearest region {}); its transfer and requests are not priced",
                spec.users[p].name, catalog.regions[nearest].country, ids[nearest]
            ));
        }
        geo_of.push(geo);
        let requests = month_requests * weight(p);
        let hit = network.last_mile_p99[p];
        let to_origin = match shield {
            Some(sh) if sh != origin => network.user_p99[p][sh] + network.region_p99[sh][origin],
            _ => network.user_p99[p][origin],
        };
        let miss = to_origin + s3_read_ms.as_ref().map_or(0.0, |f| f.value);
        populations.push(EdgePopulation {
            name: spec.users[p].name.clone(),
            geography: geo.map(|g| edge.geographies[g].id.clone()),
            request_share: (weight(p) * 1e6).round() / 1e6,
            requests_per_month: requests.round(),
            gb_per_month: round1(requests * s.response_bytes as f64 / 1e9),
            hit_p99_ms: round1(hit),
            miss_p99_ms: round1(miss),
        });
    }
    notes.push(
        "CloudFront transfer is priced at the first-10-TB rate of each geography for every GB (the lower tiers above 10 TB a month were not found in a primary source: an upper bound above that), and the always-free allowance is not deducted".into(),
    );
    notes.push(
        "the edge's own time to serve a hit is not in the hit p99 (no cited figure found): a hit is the users' last mile".into(),
    );

    let region_clouds = catalog.region_cloud_ids();
    let edge_cloud = catalog.edge_cloud().map_or("", |c| c.id.as_str());
    let mut lines = Lines {
        region_ids: &ids,
        region_clouds: &region_clouds,
        cloud: edge_cloud,
        lines: Vec::new(),
    };
    // CloudFront, per geography in catalog order (global: billed by edge).
    for (g, geography) in edge.geographies.iter().enumerate() {
        let members: Vec<usize> = (0..s.populations.len())
            .filter(|i| geo_of[*i] == Some(g))
            .collect();
        if members.is_empty() {
            continue;
        }
        let requests: f64 = members
            .iter()
            .map(|i| month_requests * weight(s.populations[*i]))
            .sum();
        let gb = requests * s.response_bytes as f64 / 1e9;
        let t = &geography.transfer_usd_per_gb;
        let h = &geography.https_usd_per_10k;
        used(
            &format!("{} transfer_usd_per_gb", geography.id),
            t.value,
            t.source.clone(),
            t.derived.clone(),
        );
        used(
            &format!("{} https_usd_per_10k", geography.id),
            h.value,
            h.source.clone(),
            h.derived.clone(),
        );
        lines.add_qty(None, Qty::of(gb, "GB"), gb * t.value, false, &|| {
            format!(
                "CloudFront data transfer out, {} {gb:.0} GB",
                geography.name
            )
        });
        let tens = Qty::of(requests / 1e4, "10k requests");
        lines.add_qty(None, tens, requests / 1e4 * h.value, false, &|| {
            format!(
                "CloudFront HTTPS requests, {} {:.1}M",
                geography.name,
                requests / 1e6
            )
        });
    }
    used(
        "origin_fetch_usd_per_gb",
        edge.origin_fetch_usd_per_gb.value,
        edge.origin_fetch_usd_per_gb.source.clone(),
        None,
    );

    // The origin buckets (S3 Standard, the S3 engine's us-east-1 prices
    // moved to the region by its price index).
    let size_gb = s.size_bytes as f64 / 1e9;
    let change_gb = s.change_bytes_per_month as f64 / 1e9;
    let uploads = s.change_bytes_per_month as f64 / s.response_bytes as f64;
    let storage = s3_price(catalog, "storage_usd_per_gb_month");
    let get = s3_price(catalog, "get_usd_per_thousand");
    let put = s3_price(catalog, "put_usd_per_thousand");
    for (key, found) in [
        ("storage_usd_per_gb_month", &storage),
        ("get_usd_per_thousand", &get),
        ("put_usd_per_thousand", &put),
    ] {
        match found {
            Some((v, src)) => used(&format!("s3 {key}"), *v, src.clone(), None),
            None => notes.push(format!(
                "S3 price {key} not in the catalog: its origin lines are not priced"
            )),
        }
    }
    notes.push(format!(
        "objects are taken to average response_size: {:.2}M uploads a month ({change_gb:.0} GB ÷ {} bytes)",
        uploads / 1e6,
        s.response_bytes
    ));
    let regional = |usd: f64, r: usize| catalog.regional_price(usd, r);
    let origins: Vec<(usize, &str)> = std::iter::once((origin, "origin"))
        .chain(failover_origin.map(|f| (f, "failover origin")))
        .collect();
    for &(r, what) in &origins {
        if let Some((price, _)) = storage {
            let (usd, derived) = regional(size_gb * price, r);
            lines.add_qty(Some(r), Qty::of(size_gb, "GB-month"), usd, derived, &|| {
                format!("S3 Standard storage {size_gb:.0} GB ({what})")
            });
        }
    }
    if let Some((price, _)) = get {
        let (usd, derived) = regional(miss_requests / 1e3 * price, origin);
        let thousands = Qty::of(miss_requests / 1e3, "thousand requests");
        lines.add_qty(Some(origin), thousands, usd, derived, &|| {
            format!("S3 GET requests {:.1}M (cache misses)", miss_requests / 1e6)
        });
    }
    if let Some((price, _)) = put {
        for &(r, what) in &origins {
            let (usd, derived) = regional(uploads / 1e3 * price, r);
            let thousands = Qty::of(uploads / 1e3, "thousand requests");
            lines.add_qty(Some(r), thousands, usd, derived, &|| {
                if r == origin {
                    format!("S3 PUT requests {:.2}M (uploads)", uploads / 1e6)
                } else {
                    format!("S3 replication PUT requests {:.2}M ({what})", uploads / 1e6)
                }
            });
        }
    }
    if let Some(f) = failover_origin {
        let (per_gb, derived) = catalog.transfer_usd_per_gb(origin, f);
        lines.add_qty(
            Some(origin),
            Qty::of(change_gb, "GB"),
            change_gb * per_gb,
            derived,
            &|| format!("replication transfer {change_gb:.0} GB to {}", ids[f]),
        );
    }
    if let Some(sh) = shield {
        match edge.shield_usd_per_10k.get(&sh) {
            Some(price) => {
                used(
                    &format!("origin shield {} usd_per_10k", ids[sh]),
                    price.value,
                    price.source.clone(),
                    price.derived.clone(),
                );
                let tens = Qty::of(miss_requests / 1e4, "10k requests");
                lines.add_qty(
                    Some(sh),
                    tens,
                    miss_requests / 1e4 * price.value,
                    false,
                    &|| {
                        format!(
                            "Origin Shield requests {:.1}M (every cache miss)",
                            miss_requests / 1e6
                        )
                    },
                );
            }
            None => notes.push(format!(
                "no Origin Shield price for {} in the catalog: its requests are not priced",
                ids[sh]
            )),
        }
        notes.push(
            "Origin Shield's own hit ratio is not modelled: every edge miss is counted as a shield request and an S3 GET (an upper bound)".into(),
        );
    }

    // Losing the origin region.
    let timeout = &edge.connection_timeout_s;
    let attempts = &edge.connection_attempts;
    let (rto_s, failover) = match failover_origin {
        Some(f) => {
            used(
                "connection_timeout_s",
                timeout.value,
                timeout.source.clone(),
                None,
            );
            used(
                "connection_attempts",
                attempts.value,
                attempts.source.clone(),
                None,
            );
            (
                timeout.value * attempts.value,
                format!(
                    "losing {}: cache hits are served as before; each cache miss tries the primary origin ({} attempts of {:.0} s) and then the origin group's secondary in {}, so a miss waits at most {:.0} s and nobody needs to act; failover on a status code ({}) is immediate",
                    ids[origin],
                    attempts.value,
                    timeout.value,
                    ids[f],
                    timeout.value * attempts.value,
                    edge.failover_status_codes
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        }
        None => (
            f64::INFINITY,
            format!(
                "losing {}: cache hits keep being served until their TTL expires; every cache miss fails until the region is back (one origin: set `rto` for an origin group across two regions)",
                ids[origin]
            ),
        ),
    };
    let rto_met = s.rto_s.is_none_or(|t| rto_s <= t);
    if !rto_met {
        notes.push(format!(
            "rto {} is below the {:.0} s CloudFront tries the primary origin before failing over: lower the origins' connection_timeout or connection_attempts in static.tf",
            crate::units::format_duration_s(s.rto_s.unwrap_or_default()),
            rto_s
        ));
    }

    // The price class: the smallest one covering every served geography.
    let order = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];
    let price_class = geo_of
        .iter()
        .map(|g| match g {
            Some(g) => order
                .iter()
                .position(|c| *c == edge.geographies[*g].price_class)
                .unwrap_or(2),
            None => 2,
        })
        .max()
        .map_or("PriceClass_All", |i| order[i])
        .to_string();

    let monthly_usd = lines.total();
    StaticPlan {
        monthly_usd,
        cost: lines.lines,
        origin: ids[origin].clone(),
        failover_origin: failover_origin.map(|f| ids[f].clone()),
        origin_choice,
        price_class,
        origin_shield: shield.map(|r| ids[r].clone()),
        size_gb: (size_gb * 1000.0).round() / 1000.0,
        requests_per_s: s.requests_per_sec,
        response_bytes: s.response_bytes,
        cache_hit_ratio: s.cache_hit_ratio,
        change_gb_per_month: (change_gb * 1000.0).round() / 1000.0,
        populations,
        rto_s,
        rto_target_s: s.rto_s,
        rto_met,
        failover,
        failover_status_codes: if failover_origin.is_some() {
            edge.failover_status_codes.clone()
        } else {
            Vec::new()
        },
        connection_timeout_s: timeout.value,
        connection_attempts: attempts.value,
        notes,
        assumptions,
        references: edge
            .references
            .iter()
            .map(|(key, text)| Reference {
                subject: "edge".into(),
                key: key.clone(),
                text: text.clone(),
            })
            .collect(),
    }
}
