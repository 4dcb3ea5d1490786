//! The whole plan: every class searched and planned, the services placed
//! on the classes' regions, the regions in use, shared costs and notes,
//! assembled into the one [`Plan`] every output renders.

use super::*;

/// The regions the plan runs in: live copies of designed classes and
/// service regions, by catalog index, in catalog order.
fn live_regions(catalog: &Catalog, classes: &[ClassPlan], services: &[ServicePlan]) -> Vec<usize> {
    (0..catalog.regions.len())
        .filter(|r| {
            let id = &catalog.regions[*r].id;
            classes.iter().filter(|c| c.designed).any(|c| {
                c.regions
                    .iter()
                    .zip(&c.roles)
                    .any(|(x, role)| x == id && *role != Role::Backup)
            }) || services.iter().any(|s| s.regions.contains_key(id))
        })
        .collect()
}

/// The chosen (or nearest) design of every class, measured, and the plan
/// built from them: what `pipeline::plan` completes with the region-loss
/// scenarios and `simulate` fails regions of.
pub struct Designs<'a> {
    pub ctxs: Vec<ClassCtx<'a>>,
    /// None when no engine can hold the class.
    pub chosen: Vec<Option<(Candidate, crate::evaluate::Metrics)>>,
    pub plan: Plan,
}

/// Whether `designs` also searches each class's cost–recovery frontier
/// (a second search per class; `simulate` has no use for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frontier {
    Search,
    Skip,
}

/// Searches every class (and, if asked, its cost–recovery frontier) and
/// assembles the plan.
pub fn designs<'a>(
    spec: &'a Spec,
    catalog: &'a Catalog,
    network: &'a Network,
    frontier_search: Frontier,
) -> Designs<'a> {
    // Each class is searched apart, on the machine's cores.
    let planned = crate::parallel::map(spec.data.len(), |i| {
        let class = &spec.data[i];
        let ctx = ClassCtx::new(catalog, network, spec, class);
        let relaxed_class = match frontier_search {
            Frontier::Search => without_recovery_targets(class),
            Frontier::Skip => None,
        };
        let relaxed_ctx = relaxed_class
            .as_ref()
            .map(|r| ClassCtx::new(catalog, network, spec, r));
        let (found, relaxed) = match &relaxed_ctx {
            // A guaranteed RPO changes what a design measures (its RPO is
            // the bound), not only how it is assessed: search both anew.
            Some(rctx) if class.slo.rpo_guaranteed => {
                (search_class(&ctx), Some(search_class_feasible(rctx)))
            }
            Some(rctx) => {
                let (found, relaxed) = search_class_and_relaxed(&ctx, rctx);
                (found, Some(relaxed))
            }
            None => (search_class(&ctx), None),
        };
        let mut plan = class_plan(&ctx, &found);
        plan.frontier = match (frontier_search, &relaxed_ctx, &relaxed) {
            (Frontier::Skip, _, _) => Vec::new(),
            (_, Some(rctx), Some(families)) => frontier(&ctx, rctx, families, found.best()),
            _ => frontier(&ctx, &ctx, &found.families, found.best()),
        };
        let chosen = found
            .best()
            .or_else(|| found.nearest())
            .map(|s| (s.cand.clone(), s.metrics.clone()));
        (ctx, chosen, plan)
    });
    let mut ctxs = Vec::with_capacity(planned.len());
    let mut chosen = Vec::with_capacity(planned.len());
    let mut classes = Vec::with_capacity(planned.len());
    for (ctx, c, plan) in planned {
        ctxs.push(ctx);
        chosen.push(c);
        classes.push(plan);
    }
    let plan = assemble(spec, catalog, network, classes);
    Designs { ctxs, chosen, plan }
}

/// Services, shared costs and totals around the class plans.
/// Every region the plan names, in catalog order.
fn plan_regions(
    catalog: &Catalog,
    spec: &Spec,
    classes: &[ClassPlan],
    services: &[ServicePlan],
) -> Vec<RegionPlan> {
    catalog
        .regions
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            classes
                .iter()
                .any(|c| c.regions.contains(&r.id) || c.witness.as_ref() == Some(&r.id))
                || services.iter().any(|s| s.regions.contains_key(&r.id))
                || spec.users.iter().any(|u| u.near == Some(*i))
        })
        .map(|(_, r)| RegionPlan {
            id: r.id.clone(),
            name: r.name.clone(),
            country: r.country.clone(),
            lat: r.lat,
            lon: r.lon,
        })
        .collect()
}

/// The share of users an outage of each region stops, as the class's
/// availability counts it: everyone for the primary (or quorum leader), the
/// routed share for an active-active region, no one for a standby.
fn outage_share(spec: &Spec, c: &ClassPlan) -> Vec<(String, f64)> {
    if let Some(p) = c.primary.as_ref().or(c.leader.as_ref()) {
        return vec![(p.clone(), 1.0)];
    }
    let total: f64 = spec.users.iter().map(|u| u.share).sum();
    c.regions
        .iter()
        .map(|r| {
            let routed = |to: &BTreeMap<String, String>| -> f64 {
                spec.users
                    .iter()
                    .filter(|u| to.get(&u.name) == Some(r))
                    .fold(0.0, |sum, u| sum + u.share / total)
            };
            (r.clone(), routed(&c.read_from).max(routed(&c.write_to)))
        })
        .collect()
}

/// What `commitment` could not cover, one line per class and for services.
fn commitment_notes(spec: &Spec, classes: &[ClassPlan], services: &[ServicePlan]) -> Vec<String> {
    if spec.commitment == crate::model::Commitment::None {
        return Vec::new();
    }
    let mut notes: Vec<String> = classes
        .iter()
        .filter_map(|c| {
            let capacity = c.capacity.as_ref()?;
            (capacity.commitment != spec.commitment)
                .then(|| format!("{} ({}): {}", c.name, c.engine, capacity.note))
        })
        .collect();
    if services.iter().any(|s| s.placed) {
        notes.push(format!(
            "services: EC2 instances stay on-demand: no citable {} reserved-instance or savings-plan rate was found.",
            spec.commitment
        ));
    }
    notes
}

pub fn assemble(
    spec: &Spec,
    catalog: &Catalog,
    network: &Network,
    classes: Vec<ClassPlan>,
) -> Plan {
    let index = |id: &str| {
        catalog
            .region_index(id)
            .expect("plan regions come from the catalog")
    };
    let processes = catalog.outage_processes();
    let facts: Vec<DataFacts> = classes
        .iter()
        .map(|c| DataFacts {
            in_region_failover_h: catalog
                .engine_index(&c.engine)
                .and_then(|e| catalog.engines[e].in_region_failover_s.as_ref())
                .map_or(0.0, |f| f.value / 3600.0),
            designed: c.designed,
            rto_s: c.rto_s,
            process: match catalog.engine_index(&c.engine) {
                Some(e) => c
                    .regions
                    .iter()
                    .map(|r| {
                        let p = catalog.outage_process(e, index(r));
                        let i = processes
                            .iter()
                            .position(|x| *x == p)
                            .expect("every process is listed");
                        (index(r), i)
                    })
                    .collect(),
                None => Vec::new(),
            },
            outage_share: outage_share(spec, c)
                .into_iter()
                .map(|(r, s)| (index(&r), s))
                .collect(),
            roles: c
                .regions
                .iter()
                .zip(&c.roles)
                .map(|(r, role)| (index(r), *role))
                .collect(),
        })
        .collect();
    // Each region's zone-event rate is its cloud's.
    let az_rates: Vec<f64> = (0..catalog.regions.len())
        .map(|r| catalog.cloud_of(r).recovery.az_events_per_region_year.value)
        .collect();
    let outages = services::Outages {
        processes: &processes,
        az_events_per_year: &az_rates,
    };
    // The plan-wide figures are the first cloud's the spec names.
    let first = catalog.first_cloud(&spec.clouds);
    let service_facts = services::resolve(&spec.services, &facts, outages);
    let ids = region_ids(catalog);
    let clouds = catalog.region_cloud_ids();
    let services: Vec<ServicePlan> = spec
        .services
        .iter()
        .zip(service_facts)
        .map(|(s, f)| {
            let instance = catalog
                .compute_type(&s.instance)
                .expect("validated against the catalog");
            let mut lines = Lines {
                region_ids: &ids,
                region_clouds: &clouds,
                // Services bill only per region.
                cloud: &catalog.clouds[first].id,
                lines: Vec::new(),
            };
            for (&region, &count) in &f.instances {
                // In another cloud than the named type's, a like type of
                // that cloud (said in the line); none so large: the named
                // type's price at the region's index, marked derived.
                let here = catalog.compute_in(&instance.name, region);
                let used = here.unwrap_or(instance);
                let list =
                    used.usd_per_hour.value * crate::cost::HOURS_PER_MONTH * f64::from(count);
                let (usd, derived) = catalog.regional_price(list, region);
                let hours = crate::cost::Qty::of(
                    crate::cost::HOURS_PER_MONTH * f64::from(count),
                    "instance-hour",
                );
                let item = match here {
                    Some(t) if t.name == instance.name => format!("instance {} x{count}", t.name),
                    Some(t) => format!(
                        "instance {} x{count} (this cloud's cheapest with the vCPUs and memory of {})",
                        t.name, instance.name
                    ),
                    None => format!(
                        "instance {} x{count} (this cloud has no type as large in the catalog: priced as {} at this region's index)",
                        instance.name, instance.name
                    ),
                };
                crate::cost::CostSink::add_qty(
                    &mut lines,
                    Some(region),
                    hours,
                    usd,
                    derived || here.is_none(),
                    &|| item.clone(),
                );
            }
            let monthly = lines.total();
            let leading = f
                .data
                .iter()
                .map(|d| &classes[*d])
                .filter(|c| c.regions.len() > 1 && !c.traffic.is_empty())
                .min_by(|a, b| a.rto_s.total_cmp(&b.rto_s));
            // The mechanism of the leading class, else the first DNS one of
            // the cloud the service runs in; its probes are the service's.
            let cloud = f
                .instances
                .keys()
                .next()
                .map_or(first, |r| catalog.regions[*r].cloud);
            let mechanism = match leading {
                Some(c) => catalog.mechanism(&c.cloud, &c.traffic),
                None => catalog
                    .traffic
                    .mechanisms
                    .iter()
                    .find(|m| m.kind == crate::model::TrafficKind::Dns && m.cloud == cloud),
            };
            // Fast probes where any data class it needs assumed them.
            let fast = f.data.iter().any(|d| classes[*d].fast_health_checks);
            let interval = mechanism.and_then(|m| {
                if fast {
                    m.fast_health_check_interval_s.as_ref()
                } else {
                    m.health_check_interval_s.as_ref()
                }
            });
            ServicePlan {
                traffic: mechanism.map_or_else(String::new, |m| m.id.clone()),
                health_check_interval_s: interval.map(|f| f.value),
                failure_threshold: mechanism
                    .and_then(|m| m.failure_threshold.as_ref())
                    .map(|f| f.value),
                traffic_class: leading.map(|c| c.name.clone()),
                name: s.name.clone(),
                placed: f.missing.is_empty(),
                missing_designs: f
                    .missing
                    .iter()
                    .map(|d| spec.data[*d].name.clone())
                    .collect(),
                depends_on: s
                    .depends_on
                    .iter()
                    .map(|d| match d {
                        crate::spec::Dependency::Data(i) => spec.data[*i].name.clone(),
                        crate::spec::Dependency::Service(i) => spec.services[*i].name.clone(),
                    })
                    .collect(),
                instance: s.instance.clone(),
                regions: f
                    .instances
                    .iter()
                    .map(|(r, c)| (ids[*r].clone(), *c))
                    .collect(),
                monthly_usd: monthly,
                cost: lines.lines,
                rto_s: f.rto_s,
                availability: f.availability,
            }
        })
        .collect();
    let regions = plan_regions(catalog, spec, &classes, &services);
    let assumptions = super::assumptions::assumptions(catalog, &classes);
    let dns_mechanism = catalog
        .traffic
        .mechanisms
        .iter()
        .find(|m| m.kind == crate::model::TrafficKind::Dns && m.cloud == first);
    // One hosted zone per cloud whose designs route between regions: the
    // services' names live there.
    let routed: std::collections::BTreeSet<&str> = classes
        .iter()
        .filter(|c| c.regions.len() > 1)
        .map(|c| c.cloud.as_str())
        .chain(services.iter().filter(|s| s.placed).filter_map(|s| {
            let region = s.regions.keys().next()?;
            let r = catalog.region_index(region)?;
            Some(catalog.cloud_of(r).id.as_str())
        }))
        .collect();
    let shared_cost = catalog
        .clouds
        .iter()
        .filter(|c| routed.contains(c.id.as_str()))
        .map(|c| CostLine {
            item: format!("{} hosted zone", c.dns.service),
            region: "global".into(),
            cloud: c.id.clone(),
            monthly_usd: Cents::of_usd(c.dns.hosted_zone_usd_month.value),
            derived: false,
            quantity: Some(1.0),
            unit: Some("hosted zone-month"),
            unit_usd: Some(c.dns.hosted_zone_usd_month.value),
        })
        .collect::<Vec<_>>();
    let static_assets = crate::edge::plan(
        spec,
        catalog,
        network,
        &live_regions(catalog, &classes, &services),
    );
    let mut assumptions = assumptions;
    let mut references = Vec::new();
    if let Some(s) = &static_assets {
        assumptions.extend(s.assumptions.iter().cloned());
        references.extend(s.references.iter().cloned());
    }
    let total = classes.iter().map(|c| c.monthly_usd).sum::<Cents>()
        + services.iter().map(|s| s.monthly_usd).sum::<Cents>()
        + shared_cost.iter().map(|l| l.monthly_usd).sum::<Cents>()
        + static_assets
            .as_ref()
            .map_or(Cents::ZERO, |s| s.monthly_usd);
    let derived = classes
        .iter()
        .flat_map(|c| &c.cost)
        .chain(services.iter().flat_map(|s| &s.cost))
        .filter(|l| l.derived)
        .count();
    let commitment_notes = commitment_notes(spec, &classes, &services);
    let r = &catalog.clouds[first].recovery;
    Plan {
        commitment: spec.commitment,
        commitment_notes,
        name: spec.name.clone(),
        cloud: spec.clouds.join(", "),
        cloud_name: spec
            .clouds
            .iter()
            .filter_map(|id| catalog.clouds.iter().find(|c| &c.id == id))
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        total_monthly_usd: total,
        feasible: classes.iter().all(|c| c.feasible),
        classes,
        services,
        shared_cost,
        users: spec
            .users
            .iter()
            .map(|u| UserPlan {
                name: u.name.clone(),
                lat: u.lat,
                lon: u.lon,
                share: u.share,
                near: u.near.map(|r| catalog.regions[r].id.clone()),
            })
            .collect(),
        regions,
        scenarios: Vec::new(),
        static_assets,
        assessed: None,
        references: catalog
            .engines
            .iter()
            .filter(|e| assumptions.iter().any(|a| a.subject == e.id))
            .flat_map(|e| {
                e.references.iter().map(|(key, text)| Reference {
                    subject: e.id.clone(),
                    key: key.clone(),
                    text: text.clone(),
                })
            })
            .chain(references)
            .collect(),
        assumptions,
        model: ModelFacts {
            route_inflation: network.route_inflation,
            tail_p99_over_p50: catalog.latency().tail_p99_over_p50.value,
            last_mile_p99_ms: catalog.latency().last_mile_p99_ms.value,
            health_check_interval_s: dns_mechanism
                .and_then(|m| m.health_check_interval_s.as_ref())
                .map_or(0.0, |f| f.value),
            fast_health_check_interval_s: dns_mechanism
                .and_then(|m| m.fast_health_check_interval_s.as_ref())
                .map_or(0.0, |f| f.value),
            failure_threshold: dns_mechanism
                .and_then(|m| m.failure_threshold.as_ref())
                .map_or(0.0, |f| f.value),
            dns_ttl_s: spec.dns_ttl_s,
            outage_mean_hours: r.outage_mean_hours.value,
            derived_line_items: derived,
        },
    }
}
