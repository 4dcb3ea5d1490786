//! The figures a plan rests on, with their citations: every catalog figure
//! the chosen designs used (engines, traffic mechanisms, the cloud's
//! recovery, latency and DNS figures), for the plan's `assumptions`.

use super::*;

/// The figures behind the plan: for each engine it uses, its documented
/// behaviour and its prices (instance prices of the classes it runs), then
/// the recovery, latency and DNS model.
pub(super) fn assumptions(catalog: &Catalog, classes: &[ClassPlan]) -> Vec<Assumption> {
    let mut out = Vec::new();
    let mut engines: Vec<&str> = classes.iter().map(|c| c.engine.as_str()).collect();
    engines.sort_unstable();
    engines.dedup();
    for engine in catalog
        .engines
        .iter()
        .filter(|e| engines.contains(&e.id.as_str()))
    {
        let id = engine.id.as_str();
        let figures: [(&str, Option<&crate::catalog::Figure>); 16] = [
            ("replication_lag_s", Some(&engine.replication_lag_s)),
            ("typical_lag_s", engine.typical_lag_s.as_ref()),
            ("rpo_bound_s", engine.rpo_bound_s.as_ref()),
            ("rpo_parameter_min_s", engine.rpo_parameter_min_s.as_ref()),
            ("promotion_s", Some(&engine.promotion_s)),
            ("in_region_failover_s", engine.in_region_failover_s.as_ref()),
            ("in_region_loss_s", engine.in_region_loss_s.as_ref()),
            ("capacity_start_s", engine.capacity_start_s.as_ref()),
            ("scale_up_s", engine.scale_up_s.as_ref()),
            ("backup_interval_s", engine.backup_interval_s.as_ref()),
            ("restore_fixed_s", engine.restore_fixed_s.as_ref()),
            ("restore_mb_per_s", engine.restore_mb_per_s.as_ref()),
            ("read_service_ms", Some(&engine.read_service_ms)),
            ("write_service_ms", Some(&engine.write_service_ms)),
            ("sla", engine.sla.as_ref()),
            ("sla_single_region", engine.sla_single_region.as_ref()),
        ];
        for (name, f) in figures {
            if let Some(f) = f {
                out.push(Assumption::of(id, name, f));
            }
        }
        for o in &engine.outages {
            let region = &catalog.regions[o.region].id;
            for (what, f) in [("per_year", &o.per_year), ("mean_hours", &o.mean_hours)] {
                let mut a = Assumption::of(id, &format!("outages in {region} {what}"), f);
                a.source = Some(o.events.clone());
                out.push(a);
            }
        }
        for (name, value) in &engine.price_table {
            let Some(t) = value.as_table() else { continue };
            let Some(v) = t
                .get("value")
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64)))
            else {
                continue;
            };
            out.push(Assumption {
                subject: id.to_string(),
                figure: name.clone(),
                value: v,
                source: t.get("source").and_then(|s| s.as_str()).map(str::to_string),
                derived: t
                    .get("derived")
                    .and_then(|s| s.as_str())
                    .map(str::to_string),
            });
        }
        let used: Vec<&str> = classes
            .iter()
            .filter(|c| c.engine == id)
            .flat_map(|c| c.nodes.values().map(|n| n.class.as_str()))
            .collect();
        for i in engine
            .pricing
            .instances()
            .iter()
            .filter(|i| used.contains(&i.name.as_str()))
        {
            out.push(Assumption::of(
                id,
                &format!("{} usd_per_hour", i.name),
                &i.usd_per_hour,
            ));
        }
    }
    // Mechanism ids repeat across clouds: a class uses its cloud's.
    let used = |m: &&crate::catalog::Mechanism| {
        let cloud = &catalog.clouds[m.cloud].id;
        classes
            .iter()
            .any(|c| c.regions.len() > 1 && c.traffic == m.id && &c.cloud == cloud)
    };
    for m in catalog.traffic.mechanisms.iter().filter(used) {
        let figures = [
            (
                "health_check_interval_s",
                m.health_check_interval_s.as_ref(),
            ),
            (
                "fast_health_check_interval_s",
                m.fast_health_check_interval_s.as_ref(),
            ),
            ("failure_threshold", m.failure_threshold.as_ref()),
            ("timeout_s", m.timeout_s.as_ref()),
            ("attempts", m.attempts.as_ref()),
            ("fixed_usd_hour", m.fixed_usd_hour.as_ref()),
        ];
        for (name, f) in figures {
            if let Some(f) = f {
                out.push(Assumption::of(&m.id, name, f));
            }
        }
        for (geo, f) in &m.premium_usd_per_gb {
            out.push(Assumption::of(
                &m.id,
                &format!("premium_usd_per_gb {geo}"),
                f,
            ));
        }
    }
    let cloud = catalog.default_cloud();
    let (r, l, d) = (&cloud.recovery, &cloud.latency, &cloud.dns);
    for (subject, name, f) in [
        ("traffic", "decision_s", &cloud.decision_s),
        ("traffic", "dns_ttl_s", &cloud.dns_ttl_s),
        ("recovery", "outage_mean_hours", &r.outage_mean_hours),
        (
            "recovery",
            "outages_per_region_year",
            &r.outages_per_region_year,
        ),
        ("latency", "fiber_km_per_ms", &l.fiber_km_per_ms),
        ("latency", "last_mile_p99_ms", &l.last_mile_p99_ms),
        ("latency", "tail_p99_over_p50", &l.tail_p99_over_p50),
        ("latency", "intra_region_p99_ms", &l.intra_region_p99_ms),
        ("dns", "hosted_zone_usd_month", &d.hosted_zone_usd_month),
        ("dns", "health_check_usd_month", &d.health_check_usd_month),
        ("dns", "fast_interval_usd_month", &d.fast_interval_usd_month),
    ] {
        out.push(Assumption::of(subject, name, f));
    }
    out
}
