//! Static assets at the edge (`[static_assets]`): a cloud's CDN in front of
//! object-store origins in the plan's regions — CloudFront over S3 buckets
//! (a second origin in an origin group), or Cloud CDN over a Cloud Storage
//! bucket (a second region making it a dual-region bucket). Given the
//! plan's data and service regions in clouds with a CDN, it picks the
//! origin region (and, with an RTO target, the second origin), prices the
//! month (the CDN's transfer and requests per price geography, origin
//! storage, reads for cache misses, cache fill, the load balancer where
//! the CDN sits behind one, Origin Shield, the second copy and its
//! replication), estimates each population's p99 for a cache hit and a
//! miss, and says what losing the origin region does.
//!
//! It reads the spec, the catalog (the origin cloud's `edge.toml` and its
//! origin engine's prices) and the network model, and must not change the data
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
    /// The CDN ("CloudFront", "Cloud CDN") and the cloud it is (its
    /// origin's).
    pub service: String,
    pub cloud: String,
    /// The region of the (primary) origin bucket.
    pub origin: String,
    /// The second origin (`rto` set): the origin group's secondary, or the
    /// second region of a dual-region bucket; null otherwise.
    pub failover_origin: Option<String>,
    /// The dual-region bucket's location (Cloud Storage: `NAM4`, or `US`
    /// with the two regions); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Why these regions, in words.
    pub origin_choice: String,
    /// The CloudFront price class serving every population's geography;
    /// absent for a CDN without price classes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_class: Option<String>,
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
    /// Status codes the origin group fails over on (empty: one origin, or
    /// a dual-region bucket).
    pub failover_status_codes: Vec<u16>,
    /// The origin group's timeouts (absent without origin groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_timeout_s: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection_attempts: Option<f64>,
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

/// The CDN of `region`'s cloud, by name ("" when it has none).
fn edge_service(catalog: &Catalog, region: usize) -> &str {
    catalog
        .cloud_of(region)
        .edge
        .as_ref()
        .map_or("", |e| e.service.as_str())
}

/// A figure of the origin engine's `[prices]` table, if the catalog has it.
fn origin_price(catalog: &Catalog, engine: &str, key: &str) -> Option<(f64, Option<String>)> {
    let engine = catalog.engines.iter().find(|e| e.id == engine)?;
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
    let ids: Vec<String> = catalog.regions.iter().map(|r| r.id.clone()).collect();
    // Origins lie in a cloud with a CDN (the spec reader refuses
    // [static_assets] when none has one).
    let has_edge = |r: usize| catalog.cloud_of(r).edge.is_some();
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
    let in_plan: Vec<usize> = regions.iter().copied().filter(|r| has_edge(*r)).collect();
    let some_without = in_plan.len() < regions.len();
    let allowed: Vec<usize> = (0..ids.len())
        .filter(|r| spec.allowed_regions[*r] && has_edge(*r))
        .collect();
    let (candidates, mut from) = if in_plan.is_empty() {
        (
            rank(&allowed),
            "the spec's allowed regions in clouds with a CDN (the plan runs in none)",
        )
    } else {
        (
            rank(&in_plan),
            if some_without {
                "the regions the plan's data and services run in, in clouds with a CDN"
            } else {
                "the regions the plan's data and services run in"
            },
        )
    };
    // Per cloud, its CDN's origin engine (looked up once).
    let stores: Vec<Option<&crate::catalog::Engine>> = catalog
        .clouds
        .iter()
        .map(|c| {
            let edge = c.edge.as_ref()?;
            catalog.engines.iter().find(|e| e.id == edge.origin.engine)
        })
        .collect();
    // Whether `r` can be `o`'s second origin: in its cloud, and for a
    // dual-region bucket, in one of its origin engine's locations with it.
    let can_pair = |o: usize, r: usize| -> bool {
        let cloud = catalog.regions[o].cloud;
        let Some(edge) = catalog.clouds[cloud].edge.as_ref() else {
            return false;
        };
        r != o
            && catalog.regions[r].cloud == cloud
            && (!edge.dual_region_origin
                || stores[cloud].is_some_and(|e| e.location_holding(&[o, r]).is_some()))
    };
    // With an RTO target, the best origin that has a second one: of the
    // plan's regions, else of the allowed ones.
    let ranked_allowed = rank(&allowed);
    let origin = s
        .rto_s
        .and_then(|_| {
            let pairable = |o: &usize| allowed.iter().any(|r| can_pair(*o, *r));
            candidates.iter().copied().find(pairable).or_else(|| {
                let o = ranked_allowed.iter().copied().find(pairable);
                if o.is_some() {
                    notes.push(format!(
                        "no region the plan runs in can hold a second origin with {}: the origin is the best allowed region that can",
                        edge_service(catalog, candidates[0])
                    ));
                    from = "the spec's allowed regions that can hold a second origin";
                }
                o
            })
        })
        .unwrap_or(candidates[0]);
    let cloud = catalog.cloud_of(origin);
    let edge = cloud
        .edge
        .as_ref()
        .expect("origin candidates lie in clouds with a CDN");
    let origin_engine = stores[catalog.regions[origin].cloud];
    let pairs_with = |r: usize| can_pair(origin, r);
    let failover_origin = s.rto_s.and_then(|_| {
        candidates
            .iter()
            .copied()
            .find(|r| pairs_with(*r))
            .or_else(|| {
                let next = ranked_allowed.iter().copied().find(|r| pairs_with(*r));
                if next.is_some() {
                    notes.push(
                        "the plan runs in no second region that can be the second origin; it is the next best allowed region".into(),
                    );
                }
                next
            })
    });
    if s.rto_s.is_some() && failover_origin.is_none() {
        notes.push(if edge.dual_region_origin {
            format!(
                "rto is set but no allowed region forms a dual-region location with {}: no second origin",
                ids[origin]
            )
        } else {
            "rto is set but the spec allows one region only: no second origin".into()
        });
    }
    let location = failover_origin
        .filter(|_| edge.dual_region_origin)
        .and_then(|f| origin_engine?.location_holding(&[origin, f]))
        .map(|l| l.name.clone());
    let origin_choice = format!(
        "origin in {}: of {from}, the lowest p99 from the served users weighted by their share ({:.0} ms){}",
        ids[origin],
        score(origin),
        failover_origin.map_or(String::new(), |f| format!(
            "; {} in {}, the next best ({:.0} ms)",
            match &location {
                Some(l) => format!("the bucket's second region (dual-region {l})"),
                None => "failover origin".to_string(),
            },
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
    let store = &edge.origin;
    let s3_read_ms = origin_engine.map(|e| e.read_service_ms.clone());
    if let Some(f) = &s3_read_ms {
        used(
            &format!("{} read_service_ms", store.engine),
            f.value,
            f.source.clone(),
            f.derived.clone(),
        );
    } else {
        notes.push(format!(
            "no {} engine in the catalog: a miss's p99 leaves out the origin's first-byte time",
            store.engine
        ));
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
                "{}: no {} price geography in the catalog covers {} (nearest region {}); its transfer and requests are not priced",
                spec.users[p].name, edge.service, catalog.regions[nearest].country, ids[nearest]
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
    notes.push(edge.transfer_note.clone());
    notes.push(
        "the edge's own time to serve a hit is not in the hit p99 (no cited figure found): a hit is the users' last mile".into(),
    );

    let region_clouds = catalog.region_cloud_ids();
    let edge_cloud = cloud.id.as_str();
    let mut lines = Lines {
        region_ids: &ids,
        region_clouds: &region_clouds,
        cloud: edge_cloud,
        lines: Vec::new(),
    };
    // The CDN, per geography in catalog order (global: billed by edge).
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
                "{} data transfer out, {} {gb:.0} GB",
                edge.service, geography.name
            )
        });
        let tens = Qty::of(requests / 1e4, "10k requests");
        lines.add_qty(None, tens, requests / 1e4 * h.value, false, &|| {
            format!(
                "{} HTTPS requests, {} {:.1}M",
                edge.service,
                geography.name,
                requests / 1e6
            )
        });
    }
    let fill = &edge.origin_fetch_usd_per_gb;
    used(
        "origin_fetch_usd_per_gb",
        fill.value,
        fill.source.clone(),
        fill.derived.clone(),
    );
    let miss_gb = miss_requests * s.response_bytes as f64 / 1e9;
    if fill.value > 0.0 {
        lines.add_qty(
            None,
            Qty::of(miss_gb, "GB"),
            miss_gb * fill.value,
            false,
            &|| format!("{} cache fill {miss_gb:.0} GB (cache misses)", edge.service),
        );
    }
    // The load balancer in front of the cache (Cloud CDN).
    if let Some(f) = &edge.fixed_usd_per_hour {
        used(
            "fixed_usd_per_hour",
            f.value,
            f.source.clone(),
            f.derived.clone(),
        );
        let hours = crate::cost::HOURS_PER_MONTH;
        lines.add_qty(
            None,
            Qty::of(hours, "hour"),
            hours * f.value,
            false,
            &|| format!("{} forwarding rule", edge.service),
        );
    }
    if let Some(f) = &edge.miss_processing_usd_per_gb {
        used(
            "miss_processing_usd_per_gb",
            f.value,
            f.source.clone(),
            f.derived.clone(),
        );
        lines.add_qty(
            None,
            Qty::of(miss_gb, "GB"),
            miss_gb * f.value,
            false,
            &|| format!("load balancer data processing {miss_gb:.0} GB (cache misses)"),
        );
    }

    // The origin buckets (the origin engine's list prices moved to the
    // region by its price index): one bucket per origin, or one bucket in
    // two regions at the dual-region rates.
    let dual = edge.dual_region_origin && failover_origin.is_some();
    let key = |one: &str, two: &Option<String>| -> String {
        match (dual, two) {
            (true, Some(k)) => k.clone(),
            _ => one.to_string(),
        }
    };
    let storage_key = key(&store.storage, &store.dual_storage);
    let read_key = key(&store.reads, &store.dual_reads);
    let write_key = key(&store.writes, &store.dual_writes);
    let size_gb = s.size_bytes as f64 / 1e9;
    let change_gb = s.change_bytes_per_month as f64 / 1e9;
    let uploads = s.change_bytes_per_month as f64 / s.response_bytes as f64;
    let storage = origin_price(catalog, &store.engine, &storage_key);
    let get = origin_price(catalog, &store.engine, &read_key);
    let put = origin_price(catalog, &store.engine, &write_key);
    for (key, found) in [
        (&storage_key, &storage),
        (&read_key, &get),
        (&write_key, &put),
    ] {
        match found {
            Some((v, src)) => used(&format!("{} {key}", store.engine), *v, src.clone(), None),
            None => notes.push(format!(
                "{} price {key} not in the catalog: its origin lines are not priced",
                store.engine
            )),
        }
    }
    notes.push(format!(
        "objects are taken to average response_size: {:.2}M uploads a month ({change_gb:.0} GB ÷ {} bytes)",
        uploads / 1e6,
        s.response_bytes
    ));
    let regional = |usd: f64, r: usize| catalog.regional_price(usd, r);
    let second = if dual {
        "the bucket's second region"
    } else {
        "failover origin"
    };
    let origins: Vec<(usize, &str)> = std::iter::once((origin, "origin"))
        .chain(failover_origin.map(|f| (f, second)))
        .collect();
    for &(r, what) in &origins {
        if let Some((price, _)) = storage {
            let (usd, derived) = regional(size_gb * price, r);
            lines.add_qty(Some(r), Qty::of(size_gb, "GB-month"), usd, derived, &|| {
                format!("{} storage {size_gb:.0} GB ({what})", store.name)
            });
        }
    }
    if let Some((price, _)) = get {
        let (usd, derived) = regional(miss_requests / 1e3 * price, origin);
        let thousands = Qty::of(miss_requests / 1e3, "thousand requests");
        lines.add_qty(Some(origin), thousands, usd, derived, &|| {
            format!(
                "{} {:.1}M (cache misses)",
                store.read_name,
                miss_requests / 1e6
            )
        });
    }
    if let Some((price, _)) = put {
        // A dual-region bucket takes each upload once; an origin group's
        // secondary is written again by replication.
        let writers = if dual { &origins[..1] } else { &origins[..] };
        for &(r, what) in writers {
            let (usd, derived) = regional(uploads / 1e3 * price, r);
            let thousands = Qty::of(uploads / 1e3, "thousand requests");
            lines.add_qty(Some(r), thousands, usd, derived, &|| {
                if r == origin {
                    format!("{} {:.2}M (uploads)", store.write_name, uploads / 1e6)
                } else {
                    format!(
                        "{} {:.2}M ({what})",
                        store.replicated_write_name,
                        uploads / 1e6
                    )
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
    let (rto_s, failover) = match (failover_origin, &edge.origin_group) {
        (Some(f), Some(group)) => {
            let (timeout, attempts) = (&group.connection_timeout_s, &group.connection_attempts);
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
                    group
                        .failover_status_codes
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        }
        (Some(f), None) => {
            let promotion = origin_engine.map_or(0.0, |e| e.promotion_s.value);
            let lag = origin_engine.map(|e| {
                e.typical_lag_s
                    .as_ref()
                    .map_or(e.replication_lag_s.value, |t| t.value)
            });
            (
                promotion,
                format!(
                    "losing {}: cache hits are served as before; the dual-region bucket{} serves cache misses from {} with no path change and nobody needs to act; objects uploaded in the last {} (not yet replicated) fail until {} returns",
                    ids[origin],
                    location
                        .as_ref()
                        .map_or(String::new(), |l| format!(" ({l})")),
                    ids[f],
                    lag.map_or("minutes".into(), crate::units::format_duration_s),
                    ids[origin]
                ),
            )
        }
        (None, _) => (
            f64::INFINITY,
            format!(
                "losing {}: cache hits keep being served until their TTL expires; every cache miss fails until the region is back (one origin: set `rto` for {})",
                ids[origin],
                if edge.dual_region_origin {
                    "a dual-region bucket"
                } else {
                    "an origin group across two regions"
                }
            ),
        ),
    };
    let rto_met = s.rto_s.is_none_or(|t| rto_s <= t);
    if !rto_met {
        notes.push(match &edge.origin_group {
            Some(_) => format!(
                "rto {} is below the {:.0} s {} tries the primary origin before failing over: lower the origins' connection_timeout or connection_attempts in static.tf",
                crate::units::format_duration_s(s.rto_s.unwrap_or_default()),
                rto_s,
                edge.service
            ),
            None => format!(
                "rto {} cannot be met: no second origin",
                crate::units::format_duration_s(s.rto_s.unwrap_or_default())
            ),
        });
    }

    // The price class: the smallest one covering every served geography,
    // where the CDN has price classes.
    let order = ["PriceClass_100", "PriceClass_200", "PriceClass_All"];
    let price_class = edge
        .geographies
        .iter()
        .any(|g| g.price_class.is_some())
        .then(|| {
            geo_of
                .iter()
                .map(|g| match g {
                    Some(g) => order
                        .iter()
                        .position(|c| Some(*c) == edge.geographies[*g].price_class.as_deref())
                        .unwrap_or(2),
                    None => 2,
                })
                .max()
                .map_or("PriceClass_All", |i| order[i])
                .to_string()
        });

    let monthly_usd = lines.total();
    StaticPlan {
        monthly_usd,
        cost: lines.lines,
        service: edge.service.clone(),
        cloud: cloud.id.clone(),
        origin: ids[origin].clone(),
        failover_origin: failover_origin.map(|f| ids[f].clone()),
        location,
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
        failover_status_codes: match (&edge.origin_group, failover_origin) {
            (Some(group), Some(_)) => group.failover_status_codes.clone(),
            _ => Vec::new(),
        },
        connection_timeout_s: edge
            .origin_group
            .as_ref()
            .map(|g| g.connection_timeout_s.value),
        connection_attempts: edge
            .origin_group
            .as_ref()
            .map(|g| g.connection_attempts.value),
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
