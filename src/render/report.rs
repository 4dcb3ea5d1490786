//! The design report (`plan --out DIR`): `DIR/report.md` for GitHub, with
//! its drawings in `DIR/report/*.svg` and the service graph in Mermaid, and
//! `DIR/report.html`, one self-contained page (inline CSS and SVG, no
//! scripts) that prints to PDF. Both come from minijinja templates in
//! `templates/report/` and a view of the plan built here: the SLO checks,
//! the decision in sentences, the drawings (`svg`). Nothing is recomputed
//! from the model: every figure is the plan's.

use minijinja::{Environment, Value};
use serde::Serialize;

use super::svg;
use crate::cost::Cents;
use crate::cost::format_usd;
use crate::plan::{Assumption, ClassPlan, Plan};
use crate::units::{format_availability, format_count, format_duration_s};

const MARKDOWN: (&str, &str) = (
    "report.md.j2",
    include_str!("../../templates/report/report.md.j2"),
);
const HTML: (&str, &str) = (
    "report.html.j2",
    include_str!("../../templates/report/report.html.j2"),
);

/// One rendered file, relative to the output folder.
pub use super::File;

#[derive(Debug, Serialize)]
struct Report<'a> {
    plan: &'a Plan,
    /// Classes that cannot meet their SLOs first, then the plan's order.
    classes: Vec<ClassView<'a>>,
    infeasible: Vec<&'a str>,
    map_svg: String,
    services_svg: String,
    mermaid: String,
    /// The summary's cards, which add up to the plan's total: data
    /// classes, services, static assets, shared DNS.
    data_usd: Cents,
    services_usd: Cents,
    static_usd: Cents,
    shared_usd: Cents,
    /// Line items priced from a derived (not published) regional price.
    derived: Vec<DerivedLine>,
    assumptions: Vec<Group<'a>>,
    /// Losing each region: a row per region, a cell per class (plan order).
    scenarios: Vec<ScenarioRow>,
    /// The plan's cost by region (dearest first) and by what it pays for.
    by_region: Vec<RegionCost>,
    /// The summary's risks and recommendations, most serious first.
    risks: Vec<String>,
    recommendations: Vec<String>,
}

/// One region's share of the plan's cost ("global" for DNS and the CDN).
#[derive(Debug, Serialize, Default)]
struct RegionCost {
    region: String,
    data_usd: Cents,
    services_usd: Cents,
    static_usd: Cents,
    shared_usd: Cents,
    total_usd: Cents,
}

/// Every cost line of the plan summed by region and by what it pays for;
/// the rows add up to the plan's total.
fn by_region(plan: &Plan) -> Vec<RegionCost> {
    let mut rows: Vec<RegionCost> = Vec::new();
    let mut add = |region: &str, usd: Cents, column: fn(&mut RegionCost) -> &mut Cents| {
        let i = match rows.iter().position(|r| r.region == region) {
            Some(i) => i,
            None => {
                rows.push(RegionCost {
                    region: region.to_string(),
                    ..RegionCost::default()
                });
                rows.len() - 1
            }
        };
        *column(&mut rows[i]) += usd;
        rows[i].total_usd += usd;
    };
    for l in plan.classes.iter().flat_map(|c| &c.cost) {
        add(&l.region, l.monthly_usd, |r| &mut r.data_usd);
    }
    for l in plan.services.iter().flat_map(|s| &s.cost) {
        add(&l.region, l.monthly_usd, |r| &mut r.services_usd);
    }
    for l in plan.static_assets.iter().flat_map(|s| &s.cost) {
        add(&l.region, l.monthly_usd, |r| &mut r.static_usd);
    }
    for l in &plan.shared_cost {
        add(&l.region, l.monthly_usd, |r| &mut r.shared_usd);
    }
    rows.sort_by(|a, b| b.total_usd.cmp(&a.total_usd).then(a.region.cmp(&b.region)));
    rows
}

#[derive(Debug, Serialize)]
struct ScenarioRow {
    region: String,
    cells: Vec<String>,
    services: String,
    extra_usd_per_hour: Cents,
}

#[derive(Debug, Serialize)]
struct ClassView<'a> {
    plan: &'a ClassPlan,
    anchor: String,
    colour: &'static str,
    checks: Vec<Check>,
    worst_read_ms: Option<f64>,
    worst_write_ms: Option<f64>,
    decision: Vec<String>,
    cost_svg: String,
    tradeoff_svg: String,
    /// Services that cannot be placed because this class has no design.
    unplaced: Vec<&'a str>,
    /// The RPO as a reviewer needs it: typical and worst case.
    rpo: String,
    /// How users reach the design and move on failover, with the RTO in
    /// its four phases (empty for a single region).
    traffic: String,
    /// For the summary: what losing a region does to it at worst.
    survives: String,
    /// What losing one Availability Zone does to it, in a few words.
    zone: String,
    /// For the summary: the SLO that binds and what relaxing it saves, or
    /// what the class misses.
    binds: String,
}

#[derive(Debug, Serialize)]
struct Check {
    slo: &'static str,
    target: String,
    estimate: String,
    met: bool,
}

#[derive(Debug, Serialize)]
struct DerivedLine {
    class: String,
    item: String,
    region: String,
    monthly_usd: Cents,
}

#[derive(Debug, Serialize)]
struct Group<'a> {
    subject: String,
    figures: Vec<&'a Assumption>,
}

/// Renders report.md, report.html and the SVG files the Markdown links.
pub fn render(plan: &Plan) -> Result<Vec<File>, minijinja::Error> {
    let report = view(plan);
    let mut env: Environment = super::markdown::environment();
    env.add_filter("ms", |v: Option<f64>| {
        v.map_or("-".to_string(), |v| format!("{v:.0}ms"))
    });
    env.add_filter("qty", format_quantity);
    env.add_filter("unit_price", format_unit_price);
    env.add_filter("num", |v: f64| {
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.1}")
        }
    });
    env.add_template(MARKDOWN.0, MARKDOWN.1)?;
    env.add_template(HTML.0, HTML.1)?;
    let ctx = Value::from(minijinja::value::Serde(&report));
    let md = env.get_template(MARKDOWN.0)?.render(
        minijinja::context! { r => ctx.clone(), static_md => super::edge::markdown(plan) },
    )?;
    let html = env.get_template(HTML.0)?.render(minijinja::context! {
        r => ctx,
        static_html => Value::from_safe_string(super::edge::html(plan)),
        map_svg => Value::from_safe_string(report.map_svg.clone()),
        services_svg => Value::from_safe_string(report.services_svg.clone()),
        cost_svgs => report.classes.iter().map(|c| Value::from_safe_string(c.cost_svg.clone())).collect::<Vec<_>>(),
        tradeoff_svgs => report.classes.iter().map(|c| Value::from_safe_string(c.tradeoff_svg.clone())).collect::<Vec<_>>(),
    })?;
    let mut files = vec![
        File {
            path: "report.md".into(),
            text: md,
        },
        File {
            path: "report.html".into(),
            text: html,
        },
        File {
            path: "report/map.svg".into(),
            text: report.map_svg.clone(),
        },
    ];
    if !plan.services.is_empty() {
        files.push(File {
            path: "report/services.svg".into(),
            text: report.services_svg.clone(),
        });
    }
    for c in &report.classes {
        files.push(File {
            path: format!("report/cost-{}.svg", c.plan.name),
            text: c.cost_svg.clone(),
        });
        // (A class with no design meeting its other SLOs has no trade-off:
        // nothing is drawn, nothing written.)
        if !c.plan.frontier.is_empty() {
            files.push(File {
                path: format!("report/tradeoff-{}.svg", c.plan.name),
                text: c.tradeoff_svg.clone(),
            });
        }
    }
    Ok(files)
}

fn view(plan: &Plan) -> Report<'_> {
    let mut order: Vec<usize> = (0..plan.classes.len()).collect();
    order.sort_by_key(|i| plan.classes[*i].feasible);
    let classes = order
        .into_iter()
        .map(|i| {
            let c = &plan.classes[i];
            ClassView {
                plan: c,
                anchor: format!("class-{}", c.name),
                colour: svg::colour(i),
                checks: checks(c),
                worst_read_ms: super::worst_ms(&c.read_latency_ms),
                worst_write_ms: super::worst_ms(&c.write_latency_ms),
                decision: decision(c),
                cost_svg: svg::cost_bars(c),
                tradeoff_svg: svg::tradeoff(c),
                rpo: rpo_text(c),
                traffic: traffic_text(c),
                survives: survives(plan, c),
                zone: zone(c),
                binds: binds(c),
                unplaced: plan
                    .services
                    .iter()
                    .filter(|s| s.missing_designs.contains(&c.name))
                    .map(|s| s.name.as_str())
                    .collect(),
            }
        })
        .collect();
    let services_usd: Cents = plan.services.iter().map(|s| s.monthly_usd).sum();
    let shared_usd: Cents = plan.shared_cost.iter().map(|l| l.monthly_usd).sum();
    let static_usd = plan
        .static_assets
        .as_ref()
        .map_or(Cents::ZERO, |s| s.monthly_usd);
    let mut mermaid = String::from("graph LR\n");
    for s in &plan.services {
        for d in &s.depends_on {
            mermaid.push_str(&format!(
                "  {}[\"{}\"] --> {}[\"{}\"]\n",
                id(&s.name),
                s.name,
                id(d),
                d
            ));
        }
    }
    for c in &plan.classes {
        mermaid.push_str(&format!("  {}[(\"{}\")]\n", id(&c.name), c.name));
    }
    let derived = plan
        .classes
        .iter()
        .flat_map(|c| {
            c.cost
                .iter()
                .filter(|l| l.derived)
                .map(move |l| (c.name.clone(), l))
        })
        .chain(plan.services.iter().flat_map(|s| {
            s.cost
                .iter()
                .filter(|l| l.derived)
                .map(move |l| (s.name.clone(), l))
        }))
        .map(|(class, l)| DerivedLine {
            class,
            item: l.item.clone(),
            region: l.region.clone(),
            monthly_usd: l.monthly_usd,
        })
        .collect();
    let mut assumptions: Vec<Group> = Vec::new();
    for a in &plan.assumptions {
        match assumptions.iter_mut().find(|g| g.subject == a.subject) {
            Some(g) => g.figures.push(a),
            None => assumptions.push(Group {
                subject: a.subject.clone(),
                figures: vec![a],
            }),
        }
    }
    let scenarios = plan
        .scenarios
        .iter()
        .map(|s| ScenarioRow {
            region: s.region.clone(),
            cells: s.classes.iter().map(scenario_cell).collect(),
            services: match (s.services_down.is_empty(), s.services_degraded.is_empty()) {
                (true, true) => "-".into(),
                (false, true) => format!("down: {}", s.services_down.join(", ")),
                (true, false) => format!("degraded: {}", s.services_degraded.join(", ")),
                (false, false) => format!(
                    "down: {}; degraded: {}",
                    s.services_down.join(", "),
                    s.services_degraded.join(", ")
                ),
            },
            extra_usd_per_hour: s.extra_usd_per_hour,
        })
        .collect();
    Report {
        by_region: by_region(plan),
        risks: risks(plan),
        recommendations: recommendations(plan),
        scenarios,
        plan,
        infeasible: plan
            .classes
            .iter()
            .filter(|c| !c.feasible)
            .map(|c| c.name.as_str())
            .collect(),
        classes,
        map_svg: svg::map(plan),
        services_svg: svg::services(plan),
        mermaid,
        data_usd: plan.total_monthly_usd - services_usd - shared_usd - static_usd,
        services_usd,
        static_usd,
        shared_usd,
        derived,
        assumptions,
    }
}

/// A billed quantity for reading: "1,460", "394.2", "0.25".
fn format_quantity(v: f64) -> String {
    if v >= 10_000.0 {
        format_count(v.round() as u64)
    } else if v >= 1.0 {
        let tenths = (v * 10.0).round() as u64;
        match tenths % 10 {
            0 => format_count(tenths / 10),
            d => format!("{}.{d}", format_count(tenths / 10)),
        }
    } else {
        format!("{v:.3}").trim_end_matches('0').to_string()
    }
}

/// A unit price with the digits it has, four significant at most:
/// "$0.26", "$0.023", "$0.0004".
fn format_unit_price(v: f64) -> String {
    if !v.is_finite() || v <= 0.0 {
        return format_usd(v.max(0.0));
    }
    let decimals = (3 - v.log10().floor() as i32).clamp(2, 10) as usize;
    let text = format!("{v:.decimals$}");
    let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut frac = frac.trim_end_matches('0').to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    format!(
        "${}.{frac}",
        format_count(whole.parse::<u64>().unwrap_or(0))
    )
}

/// What the worst single-region loss does to a class, in a few words.
fn survives(plan: &Plan, c: &ClassPlan) -> String {
    if !c.designed {
        return "-".into();
    }
    if c.regions.len() < 2 {
        return format!(
            "not a region loss: RTO unbounded (down until {} returns)",
            c.regions.join(", ")
        );
    }
    let outcomes: Vec<&crate::plan::ScenarioClass> = plan
        .scenarios
        .iter()
        .flat_map(|s| s.classes.iter().filter(|x| x.name == c.name))
        .collect();
    if outcomes.iter().any(|o| o.impact == "down") {
        return "not every region loss: one stops it until it returns".into();
    }
    let down = outcomes.iter().map(|o| o.downtime_s).fold(0.0, f64::max);
    let lost = outcomes
        .iter()
        .map(|o| o.writes_lost_expected)
        .fold(0.0, f64::max);
    let mut out = if down > 0.0 {
        format!("any region loss: down at most {}", format_duration_s(down))
    } else {
        "any region loss: no downtime".to_string()
    };
    if lost > 0.0 {
        out.push_str(&format!(", ~{lost:.0} writes lost"));
    } else {
        out.push_str(", no writes lost");
    }
    out
}

/// What losing one Availability Zone does to a class, in a few words.
fn zone(c: &ClassPlan) -> String {
    c.zone_loss.as_ref().map_or("-".into(), |z| z.what.clone())
}

/// The SLO that binds a class (what relaxing it alone saves), or what an
/// infeasible class misses.
fn binds(c: &ClassPlan) -> String {
    if !c.designed {
        return "no engine can hold it".into();
    }
    if !c.feasible {
        let mut kinds: Vec<String> = Vec::new();
        for v in &c.violations {
            let k = slo_name(v.slo.split(':').next().unwrap_or(""));
            let k = if v.impossible {
                format!("{k} (impossible)")
            } else {
                k
            };
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        return format!("misses {}", kinds.join(", "));
    }
    let best = c
        .tradeoffs
        .iter()
        .filter_map(|t| t.delta_usd.filter(|d| *d < Cents::ZERO).map(|d| (t, d)))
        .min_by_key(|(_, d)| *d);
    match best {
        Some((t, d)) => format!(
            "{} {}: {} would save {}",
            slo_name(&t.slo),
            t.target,
            relaxed(t, false),
            format_usd(-d)
        ),
        None => "nothing: no single relaxation is cheaper".into(),
    }
}

/// What a reviewer should know first, beyond the classes missing SLOs
/// (alerted apart): classes that run in one region, rest on an unbounded RPO or an operator's decision, or whose
/// search stopped early; services a region loss stops.
fn risks(plan: &Plan) -> Vec<String> {
    // (Classes missing their SLOs are the alerts above the risks.)
    let mut out = Vec::new();
    let single: Vec<&str> = plan
        .classes
        .iter()
        .filter(|c| c.designed && c.regions.len() < 2)
        .map(|c| c.name.as_str())
        .collect();
    if !single.is_empty() {
        out.push(format!(
            "{} {} in one region: losing it stops {} until it returns, and its data since the last backup copy elsewhere is at risk.",
            single.join(", "),
            if single.len() == 1 { "runs" } else { "run" },
            if single.len() == 1 { "it" } else { "them" }
        ));
    }
    let unbounded: Vec<&ClassPlan> = plan
        .classes
        .iter()
        .filter(|c| {
            c.designed
                && c.regions.len() > 1
                && c.rpo_typical_s.is_finite()
                && !c.rpo_bound_s.is_finite()
        })
        .collect();
    if !unbounded.is_empty() {
        let mut engines: Vec<&str> = unbounded.iter().map(|c| c.engine.as_str()).collect();
        engines.sort_unstable();
        engines.dedup();
        out.push(format!(
            "{}: the RPO is typical, not a bound: {} {} no bound on replication lag, so a region lost while replication lags loses more.",
            unbounded
                .iter()
                .map(|c| format!("{} (typically {})", c.name, format_duration_s(c.rpo_typical_s)))
                .collect::<Vec<_>>()
                .join(", "),
            engines.join(", "),
            if engines.len() == 1 { "publishes" } else { "publish" }
        ));
    }
    for c in plan
        .classes
        .iter()
        .filter(|c| c.designed && c.decision_s.is_some())
    {
        out.push(format!(
            "{}: failover waits for an operator's decision ({} of its RTO).",
            c.name,
            format_duration_s(c.decision_s.unwrap_or(0.0))
        ));
    }
    for c in &plan.classes {
        if let Some(notice) = super::cap_notice(c) {
            out.push(format!("{}: {notice}.", c.name));
        }
    }
    for s in plan
        .scenarios
        .iter()
        .filter(|s| !s.services_down.is_empty())
    {
        out.push(format!(
            "Losing {} stops {} until failover completes.",
            s.region,
            s.services_down.join(", ")
        ));
    }
    out
}

/// What a relaxation relaxes to: "18.5m" ("RTO 18.5m" when `named`), or
/// "no RTO target" where the design gives none (a single region recovers
/// only when its region does).
fn relaxed(t: &crate::plan::Tradeoff, named: bool) -> String {
    if t.relaxed_to == "unbounded" {
        format!("no {} target", slo_name(&t.slo))
    } else if named {
        format!("{} {}", slo_name(&t.slo), t.relaxed_to)
    } else {
        t.relaxed_to.clone()
    }
}

/// What to change: each infeasible class's fix, then the relaxations that
/// would save the most.
fn recommendations(plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    // An assessment: meridian's choice for each class the module runs
    // otherwise, and the classes it does not hold.
    for c in plan.assessed.iter().flat_map(|a| &a.classes) {
        match &c.not_assessed {
            Some(why) => out.push(format!(
                "{}: not assessed ({why}); meridian's choice: {}.",
                c.class,
                super::assess::choice(c)
            )),
            None if !c.same => out.push(format!(
                "{}: meridian's choice: {}.",
                c.class,
                super::assess::choice(c)
            )),
            None => {}
        }
    }
    for c in plan.classes.iter().filter(|c| !c.feasible && c.designed) {
        if let Some(j) = &c.joint_relaxation {
            out.push(format!(
                "{}: relax {} together: {} at {} a month meets the rest.",
                c.name,
                j.summary,
                j.design,
                format_usd(j.monthly_usd)
            ));
        }
        for t in &c.tradeoffs {
            let delta = t.monthly_usd - c.monthly_usd;
            out.push(format!(
                "{}: {}relax {} alone from {} to {}: {} at {} a month ({} against the nearest design shown) meets every SLO.",
                c.name,
                if c.joint_relaxation.is_some() { "or " } else { "" },
                slo_name(&t.slo),
                t.target,
                t.relaxed_to,
                t.design,
                format_usd(t.monthly_usd),
                crate::cost::format_signed_usd(delta)
            ));
        }
    }
    let mut savings: Vec<(Cents, String)> = plan
        .classes
        .iter()
        .filter(|c| c.feasible)
        .flat_map(|c| {
            c.tradeoffs.iter().filter_map(move |t| {
                let d = t.delta_usd.filter(|d| *d < Cents::ZERO)?;
                Some((
                    d,
                    format!(
                        "{}: {} instead of {}: {} saves {} a month.",
                        c.name,
                        relaxed(t, true),
                        t.target,
                        t.design,
                        format_usd(-d)
                    ),
                ))
            })
        })
        .collect();
    savings.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    out.extend(savings.into_iter().take(5).map(|(_, s)| s));
    out
}

/// One class's outcome of losing one region, in a few words.
fn scenario_cell(c: &crate::plan::ScenarioClass) -> String {
    let lost = if c.writes_lost_expected > 0.0 {
        format!(", ~{:.0} writes lost", c.writes_lost_expected)
    } else {
        String::new()
    };
    match c.impact {
        "none" => "-".into(),
        "standby lost" | "witness lost" | "read-only replica lost" => c.impact.into(),
        "down" => "down until it returns".into(),
        "failover" => format!(
            "failover to {} in {}{lost}",
            c.new_primary.as_deref().unwrap_or("?"),
            format_duration_s(c.downtime_s)
        ),
        other => format!(
            "{other} ({:.0}% of users) in {}{lost}",
            c.affected_share * 100.0,
            format_duration_s(c.downtime_s)
        ),
    }
}

/// An SLO's name as reviewers write it.
fn slo_name(id: &str) -> String {
    match id {
        "rpo" => "RPO".into(),
        "rto" => "RTO".into(),
        other => other.replace('_', " "),
    }
}

/// A Mermaid node id.
fn id(name: &str) -> String {
    name.replace('-', "_")
}

/// Each SLO the spec set, its target, the plan's estimate and whether it is met.
fn checks(c: &ClassPlan) -> Vec<Check> {
    let failed = |kind: &str| {
        c.violations.iter().any(|v| {
            v.slo
                .split(':')
                .next()
                .unwrap_or("")
                .replace(' ', "_")
                .contains(kind)
        })
    };
    let dur = |v: f64| format_duration_s(v);
    let mut out = vec![Check {
        slo: "consistency",
        target: c.slo.consistency.to_string(),
        estimate: if failed("consistency") {
            "not met".into()
        } else {
            c.slo.consistency.to_string()
        },
        met: !failed("consistency"),
    }];
    if let Some(t) = c.slo.rpo_s {
        out.push(Check {
            slo: "RPO",
            target: dur(t),
            estimate: dur(c.rpo_s),
            met: !failed("rpo"),
        });
    }
    if let Some(t) = c.slo.rto_s {
        out.push(Check {
            slo: "RTO",
            target: dur(t),
            estimate: dur(c.rto_s),
            met: !failed("rto"),
        });
    }
    if let Some(t) = c.slo.availability {
        out.push(Check {
            slo: "availability",
            target: format_availability(t),
            estimate: format_availability(c.availability),
            met: !failed("availability"),
        });
    }
    if let Some(t) = c.slo.read_latency_ms {
        out.push(Check {
            slo: "read p99",
            target: format!("{t:.0}ms"),
            estimate: super::worst_ms(&c.read_latency_ms)
                .map_or("-".into(), |v| format!("{v:.0}ms")),
            met: !failed("read"),
        });
    }
    if let Some(t) = c.slo.write_latency_ms {
        out.push(Check {
            slo: "write p99",
            target: format!("{t:.0}ms"),
            estimate: super::worst_ms(&c.write_latency_ms)
                .map_or("-".into(), |v| format!("{v:.0}ms")),
            met: !failed("write"),
        });
    }
    if let Some(codes) = &c.slo.residency {
        out.push(Check {
            slo: "residency",
            target: codes.join(", "),
            estimate: c.regions.join(", "),
            met: !failed("residency"),
        });
    }
    out
}

/// Why this design: what was compared, which SLO forced what, what a
/// relaxation would save.
/// "typically 1s; no published bound", "at most 15m (typically 15s)", "0s".
/// "Traffic: AWS Global Accelerator, automatic failover. RTO 30s = detect
/// 30s + decide 0s + promote 0s + shift 0s. It needs …; …"
fn traffic_text(c: &ClassPlan) -> String {
    use crate::evaluate::recovery::Phase;
    if c.regions.len() < 2 || c.traffic.is_empty() {
        return String::new();
    }
    let dur = super::duration;
    let phase = |p: Phase| format!("{} {}", p.as_str(), dur(c.phase_s(p).unwrap_or(0.0)));
    let who = match c.decision_s {
        Some(d) => format!("an operator decides ({} allowed)", dur(d)),
        None => "automatic failover".to_string(),
    };
    let mut out = format!(
        "Traffic: {}{}, {who}. RTO {} = {}.",
        c.traffic_name,
        if c.fast_health_checks {
            " (fast health checks)"
        } else {
            ""
        },
        dur(c.rto_s),
        [Phase::Detect, Phase::Decide, Phase::Promote, Phase::Shift]
            .map(phase)
            .join(" + ")
    );
    if !c.traffic_demands.is_empty() {
        out.push_str(&format!(" It needs: {}.", c.traffic_demands));
    }
    if let Some(caveat) = &c.traffic_caveat {
        out.push_str(&format!(" Left out: {caveat}."));
    }
    out
}

fn rpo_text(c: &ClassPlan) -> String {
    let dur = super::duration;
    if !c.rpo_typical_s.is_finite() {
        return "unbounded (a single region)".into();
    }
    if c.rpo_bound_s == c.rpo_typical_s {
        return dur(c.rpo_bound_s);
    }
    if c.rpo_bound_s.is_finite() {
        format!(
            "at most {} (typically {})",
            dur(c.rpo_bound_s),
            dur(c.rpo_typical_s)
        )
    } else {
        format!("typically {}; no published bound", dur(c.rpo_typical_s))
    }
}

fn decision(c: &ClassPlan) -> Vec<String> {
    let mut out = Vec::new();
    if c.feasible {
        let (n, families) = (c.candidates_evaluated, c.alternatives.len());
        out.push(format!(
            "Chosen: {}, the cheapest of the {n} design{} measured across {families} famil{} that meets every SLO, at {} a month.",
            c.design,
            if n == 1 { "" } else { "s" },
            if families == 1 { "y" } else { "ies" },
            format_usd(c.monthly_usd)
        ));
    } else if !c.designed {
        out.push(format!(
            "No engine the spec allows holds {} data in the allowed regions{}: there is no design to compare.",
            c.kind,
            if c.slo.residency.is_some() { " (residency included)" } else { "" }
        ));
    } else {
        let why: Vec<String> = c
            .violations
            .iter()
            .map(|v| format!("{} (target {}, best {})", v.slo, v.target, v.estimate))
            .collect();
        out.push(format!(
            "No design meets every SLO. The nearest, {}, misses: {}.",
            c.design,
            why.join("; ")
        ));
    }
    if let Some(j) = &c.joint_relaxation {
        out.push(format!(
            "Relaxing these targets together makes the nearest design feasible: {}, giving {} at {} a month.",
            j.summary,
            j.design,
            format_usd(j.monthly_usd)
        ));
    }
    if c.tradeoffs.is_empty() && c.feasible {
        out.push("No SLO binds: relaxing any one alone would not allow a cheaper design.".into());
    }
    for t in &c.tradeoffs {
        let money = match t.delta_usd {
            Some(d) if d < Cents::ZERO => format!("saving {} a month", format_usd(-d)),
            Some(d) => format!("for {} more a month", format_usd(d)),
            None => format!("at {} a month", format_usd(t.monthly_usd)),
        };
        out.push(format!(
            "The {} target ({}) binds: relaxing it to {} would allow {}, {money}.",
            slo_name(&t.slo),
            t.target,
            t.relaxed_to,
            t.design
        ));
    }
    let lost: Vec<String> = c
        .alternatives
        .iter()
        .filter(|a| !a.chosen)
        .map(|a| {
            format!(
                "{} {}{}: {}",
                a.engine,
                a.topology,
                a.standby.map(|s| format!(" ({s})")).unwrap_or_default(),
                a.why_not
            )
        })
        .take(4)
        .collect();
    if !lost.is_empty() {
        out.push(format!("Other families lost on: {}.", lost.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_unit_prices_read_with_the_digits_they_have() {
        assert_eq!(format_quantity(1460.0), "1,460");
        assert_eq!(format_quantity(394.2), "394.2");
        assert_eq!(format_quantity(2_365_200.4), "2,365,200");
        assert_eq!(format_quantity(0.25), "0.25");
        assert_eq!(format_unit_price(0.26), "$0.26");
        assert_eq!(format_unit_price(0.023), "$0.023");
        assert_eq!(format_unit_price(0.0004), "$0.0004");
        assert_eq!(format_unit_price(0.349_6), "$0.3496");
        assert_eq!(format_unit_price(1234.5), "$1,234.50");
        assert_eq!(format_unit_price(0.5), "$0.50");
    }
}
