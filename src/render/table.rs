//! The terminal table: a row per data class with topology, engine, regions,
//! monthly cost, RPO, RTO, worst p99 latency and SLO status; services and
//! the total below; the violations of failing classes last.

use super::columns::table;
use super::{duration, topology};
use crate::cost::format_usd;
use crate::plan::{ClassPlan, Plan};

fn regions(c: &ClassPlan) -> String {
    let mut list: Vec<String> = c
        .regions
        .iter()
        .zip(&c.roles)
        .map(|(r, role)| match role {
            crate::candidate::Role::Primary => format!("{r}*"),
            crate::candidate::Role::ReadOnly => format!("{r}(ro)"),
            _ => r.clone(),
        })
        .collect();
    if let Some(w) = &c.witness {
        list.push(format!("{w}(w)"));
    }
    list.join(" ")
}

fn worst(map: &std::collections::BTreeMap<String, f64>) -> String {
    super::worst_ms(map).map_or("-".into(), |v| format!("{v:.0}ms"))
}

fn status(c: &ClassPlan) -> String {
    if c.feasible {
        "✓ all SLOs met".to_string()
    } else {
        let mut kinds: Vec<String> = Vec::new();
        for v in &c.violations {
            let k = v.slo.split(':').next().unwrap_or("").to_string();
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        format!("✗ {}", kinds.join(", "))
    }
}

/// One line per multi-region class: how its users move on failover and
/// who decides (the RTO column's assumption).
fn traffic_lines(plan: &Plan) -> String {
    let lines: Vec<String> = plan
        .classes
        .iter()
        .filter(|c| c.regions.len() > 1 && !c.traffic.is_empty())
        .map(|c| {
            format!(
                "  {}: {}{}, {}",
                c.name,
                c.traffic_name,
                if c.fast_health_checks {
                    " (fast health checks)"
                } else {
                    ""
                },
                match c.decision_s {
                    Some(d) => format!("an operator decides ({} in the RTO)", duration(d)),
                    None => "automatic failover".to_string(),
                }
            )
        })
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    format!("\ntraffic on failover:\n{}\n", lines.join("\n"))
}

pub fn render(plan: &Plan) -> String {
    let mut out = format!("meridian plan: {} ({})\n\n", plan.name, plan.cloud);
    let rows: Vec<Vec<String>> = plan
        .classes
        .iter()
        .map(|c| {
            if !c.designed {
                let none = || "-".to_string();
                return vec![
                    c.name.clone(),
                    "no design".into(),
                    none(),
                    none(),
                    none(),
                    none(),
                    none(),
                    "- / -".into(),
                    status(c),
                ];
            }
            vec![
                c.name.clone(),
                topology(c),
                c.engine.clone(),
                regions(c),
                format_usd(c.monthly_usd),
                duration(c.rpo_s),
                duration(c.rto_s),
                format!(
                    "{} / {}",
                    worst(&c.read_latency_ms),
                    worst(&c.write_latency_ms)
                ),
                status(c),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "class",
            "topology",
            "engine",
            "regions (* primary)",
            "$/month",
            "RPO",
            "RTO",
            "p99 read/write",
            "SLOs",
        ],
        &rows,
        &[4],
    ));
    if !plan.services.is_empty() {
        out.push('\n');
        let rows: Vec<Vec<String>> = plan
            .services
            .iter()
            .map(|s| {
                if !s.placed {
                    return vec![
                        s.name.clone(),
                        s.instance.clone(),
                        format!("not placed: no design for {}", s.missing_designs.join(", ")),
                        "-".into(),
                        "-".into(),
                        "-".into(),
                        s.depends_on.join(", "),
                    ];
                }
                vec![
                    s.name.clone(),
                    s.instance.clone(),
                    s.regions
                        .iter()
                        .map(|(r, n)| format!("{r}×{n}"))
                        .collect::<Vec<_>>()
                        .join(" "),
                    format_usd(s.monthly_usd),
                    duration(s.rto_s),
                    crate::units::format_availability(s.availability),
                    s.depends_on.join(", "),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "service",
                "instance",
                "regions",
                "$/month",
                "RTO",
                "availability",
                "depends on",
            ],
            &rows,
            &[3],
        ));
    }
    out.push_str(&super::edge::text(plan));
    out.push_str(&traffic_lines(plan));
    out.push_str(&format!(
        "\ntotal: {} a month\n",
        format_usd(plan.total_monthly_usd)
    ));
    for c in &plan.classes {
        if let Some(notice) = super::cap_notice(c) {
            out.push_str(&format!("\n{}: {notice}\n", c.name));
        }
    }
    for c in plan.classes.iter().filter(|c| !c.feasible) {
        out.push_str(&format!(
            "\n{}: {}. Violations:\n",
            c.name,
            if c.designed {
                "no design meets every SLO; the nearest is shown"
            } else {
                "no engine can hold it, so it has no design"
            }
        ));
        for v in &c.violations {
            let tag = if v.impossible { " [impossible]" } else { "" };
            out.push_str(&format!(
                "  - {}: target {}, estimate {}{tag}: {}\n",
                v.slo, v.target, v.estimate, v.why
            ));
        }
        if let Some(j) = &c.joint_relaxation {
            out.push_str(&format!(
                "  fix: relax together {} → {} at {} a month\n",
                j.summary,
                j.design,
                format_usd(j.monthly_usd)
            ));
        }
        for t in &c.tradeoffs {
            out.push_str(&format!(
                "  fix: relax {} from {} to {} → {} at {} a month\n",
                t.slo,
                t.target,
                t.relaxed_to,
                t.design,
                format_usd(t.monthly_usd)
            ));
        }
    }
    out
}

/// `meridian catalog regions`.
pub fn catalog_regions(catalog: &crate::catalog::Catalog) -> String {
    let rows: Vec<Vec<String>> = catalog
        .regions
        .iter()
        .map(|r| {
            vec![
                r.id.clone(),
                catalog.clouds[r.cloud].id.clone(),
                r.name.clone(),
                r.country.clone(),
                format!("{:.2},{:.2}", r.lat, r.lon),
                format!(
                    "{:.3}{}",
                    r.price_index,
                    if r.price_index_derived { " †" } else { "" }
                ),
                format!(
                    "{:.4}{}",
                    r.transfer_out_usd_per_gb,
                    if r.transfer_derived { " †" } else { "" }
                ),
                format!("{:.2}", r.outages_per_year),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "region",
            "cloud",
            "name",
            "country",
            "lat,lon",
            "price index",
            "transfer $/GB",
            "outages/yr",
        ],
        &rows,
        &[5, 6, 7],
    );
    for cloud in &catalog.clouds {
        out.push_str(&format!(
            "\n{}: price index = the region's {} price ÷ {}'s; † derived (see catalogs/{}/regions.toml)",
            cloud.id, cloud.price_index_vm, catalog.regions[cloud.price_region].id, cloud.id
        ));
    }
    out.push('\n');
    out
}

/// `meridian catalog engines`.
pub fn catalog_engines(catalog: &crate::catalog::Catalog) -> String {
    let mut out = String::new();
    for e in &catalog.engines {
        let mut topologies: Vec<String> = Vec::new();
        if e.single_region {
            topologies.push("single-region".into());
        }
        for s in &e.standby {
            topologies.push(format!("active-passive ({s})"));
        }
        match e.active_active {
            crate::catalog::ActiveActive::None => {}
            crate::catalog::ActiveActive::Async => topologies.push(format!(
                "active-active (async; {})",
                e.aa_conflicts
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join("/")
            )),
            crate::catalog::ActiveActive::Sync => topologies.push(format!(
                "active-active (sync, {} regions{})",
                e.sync_regions,
                if e.witness { " + witness" } else { "" }
            )),
            crate::catalog::ActiveActive::Quorum => {
                let mut what = format!("active-active (quorum, {} voting regions", e.sync_regions);
                if e.witness {
                    what.push_str(" + witness");
                }
                if !e.configurations.is_empty() {
                    let names: Vec<&str> =
                        e.configurations.iter().map(|c| c.name.as_str()).collect();
                    what.push_str(&format!("; published configurations: {}", names.join(", ")));
                }
                what.push(')');
                topologies.push(what)
            }
        }
        let offered = e.regions.iter().filter(|o| **o).count();
        out.push_str(&format!(
            "{} — {}\n  kinds: {}; offered in {offered} regions; at most {} regions\n  topologies: {}\n  replication lag {} · promotion {} · service p99 read {}ms write {}ms\n",
            e.id,
            e.name,
            e.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "),
            e.max_regions,
            topologies.join(", "),
            super::duration(e.replication_lag_s.value),
            super::duration(e.promotion_s.value),
            e.read_service_ms.value,
            e.write_service_ms.value,
        ));
        if let Some(sla) = &e.sla {
            out.push_str(&format!(
                "  published SLA {}\n",
                crate::units::format_availability(sla.value)
            ));
        }
        if let Some(src) = &e.replication_lag_s.source {
            out.push_str(&format!("  lag source: {src}\n"));
        }
        out.push('\n');
    }
    out
}

/// `meridian catalog prices`: every engine's list prices (its cloud's price
/// region's) with sources.
pub fn catalog_prices(catalog: &crate::catalog::Catalog) -> String {
    let quoted: Vec<String> = catalog
        .clouds
        .iter()
        .map(|c| format!("{} in {}", c.id, catalog.regions[c.price_region].id))
        .collect();
    let mut out = format!(
        "list prices of each cloud's price region ({}); other regions scale by the region's price index (meridian catalog regions)\n\n",
        quoted.join(", ")
    );
    for e in &catalog.engines {
        out.push_str(&format!("{}\n", e.id));
        for (key, value) in &e.price_table {
            let figure: Result<crate::catalog::Figure, _> = value.clone().try_into();
            match figure {
                Ok(f) => {
                    out.push_str(&format!("  {key} = {}", f.value));
                    if let Some(d) = &f.derived {
                        out.push_str(&format!("  (derived: {d})"));
                    } else if let Some(s) = &f.source {
                        out.push_str(&format!("  ({s})"));
                    }
                    out.push('\n');
                }
                Err(_) => out.push_str(&format!("  {key} = {value}\n")),
            }
        }
        for i in e.pricing.instances() {
            out.push_str(&format!(
                "  instance {} ({} vCPU, {} GiB) = {}/hour\n",
                i.name, i.vcpu, i.memory_gib, i.usd_per_hour.value
            ));
        }
        out.push('\n');
    }
    out.push_str("compute (services)\n");
    for i in catalog.compute_types() {
        out.push_str(&format!(
            "  {} ({} vCPU, {} GiB) = {}/hour\n",
            i.name, i.vcpu, i.memory_gib, i.usd_per_hour.value
        ));
    }
    for cloud in &catalog.clouds {
        let d = &cloud.dns;
        out.push_str(&format!(
            "\n{} DNS: hosted zone {}/month, health check {}/month, fast interval +{}/month, \
             queries {}/million (latency-based {}/million; query volume is not estimated)\n",
            cloud.name,
            d.hosted_zone_usd_month.value,
            d.health_check_usd_month.value,
            d.fast_interval_usd_month.value,
            d.standard_queries_usd_per_million.value,
            d.latency_queries_usd_per_million.value
        ));
    }
    out
}
