//! What every plan must satisfy, whatever the spec: money that adds up to
//! the cent and is never negative, availability within [0, 1], finite
//! latency for every population a designed class serves, no feasible
//! class with a non-finite estimate, JSON without `-0.0`, NaN or infinity,
//! and every output rendering without an internal error. The property
//! tests and the fuzz target (`fuzz/`) call [`check`]; the planner does not
//! (it is a test oracle, not a guard).

use crate::cost::Cents;
use crate::plan::Plan;

/// The first broken invariant, in words.
pub fn check(plan: &Plan) -> Result<(), String> {
    for c in &plan.classes {
        let lines: Cents = c.cost.iter().map(|l| l.monthly_usd).sum();
        if lines != c.monthly_usd {
            return Err(format!(
                "{}: lines sum to {} but the class costs {}",
                c.name,
                lines.format(),
                c.monthly_usd.format()
            ));
        }
        if let Some(l) = c.cost.iter().find(|l| l.monthly_usd <= Cents::ZERO) {
            return Err(format!(
                "{}: line `{}` is {}",
                c.name,
                l.item,
                l.monthly_usd.format()
            ));
        }
        if !(0.0..=1.0).contains(&c.availability) {
            return Err(format!("{}: availability {}", c.name, c.availability));
        }
        if c.designed {
            for (who, ms) in c.read_latency_ms.iter().chain(&c.write_latency_ms) {
                if !ms.is_finite() || *ms < 0.0 {
                    return Err(format!("{}: latency for {who} is {ms}", c.name));
                }
            }
            if c.read_latency_ms.len() != plan.users.len() {
                return Err(format!("{}: a population has no latency", c.name));
            }
        }
        if c.feasible && (!c.designed || c.rpo_s.is_nan() || c.rto_s.is_nan()) {
            return Err(format!("{}: feasible with no finite estimate", c.name));
        }
        if c.feasible != c.violations.is_empty() {
            return Err(format!(
                "{}: feasible does not match its violations",
                c.name
            ));
        }
    }
    for s in &plan.services {
        let lines: Cents = s.cost.iter().map(|l| l.monthly_usd).sum();
        if lines != s.monthly_usd {
            return Err(format!("service {}: lines do not sum to its cost", s.name));
        }
        if !(0.0..=1.0).contains(&s.availability) {
            return Err(format!(
                "service {}: availability {}",
                s.name, s.availability
            ));
        }
        if s.placed == s.regions.is_empty() {
            return Err(format!(
                "service {}: placed but runs nowhere, or the reverse",
                s.name
            ));
        }
    }
    if let Some(st) = &plan.static_assets {
        let lines: Cents = st.cost.iter().map(|l| l.monthly_usd).sum();
        if lines != st.monthly_usd {
            return Err(format!(
                "static assets: lines sum to {} but the section costs {}",
                lines.format(),
                st.monthly_usd.format()
            ));
        }
        if let Some(l) = st.cost.iter().find(|l| l.monthly_usd <= Cents::ZERO) {
            return Err(format!(
                "static assets: line `{}` is {}",
                l.item,
                l.monthly_usd.format()
            ));
        }
        for p in &st.populations {
            if !(p.hit_p99_ms.is_finite() && p.miss_p99_ms >= p.hit_p99_ms) {
                return Err(format!("static assets: latency for {} is not sane", p.name));
            }
        }
    }
    let total = plan.classes.iter().map(|c| c.monthly_usd).sum::<Cents>()
        + plan.services.iter().map(|s| s.monthly_usd).sum::<Cents>()
        + plan
            .shared_cost
            .iter()
            .map(|l| l.monthly_usd)
            .sum::<Cents>()
        + plan
            .static_assets
            .as_ref()
            .map_or(Cents::ZERO, |s| s.monthly_usd);
    if total != plan.total_monthly_usd {
        return Err(format!(
            "the plan costs {} but its parts sum to {}",
            plan.total_monthly_usd.format(),
            total.format()
        ));
    }
    if plan.feasible != plan.classes.iter().all(|c| c.feasible) {
        return Err("the plan's feasible flag does not match its classes".into());
    }
    let json = crate::render::json::render(plan);
    // A number that is exactly -0.0 (not -0.01): serde_json writes NaN and
    // infinity as null, which the typed checks above rule out for money.
    let negative_zero = json.match_indices("-0.0").any(|(i, m)| {
        !json[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
    });
    if negative_zero {
        return Err("the plan JSON prints -0.0".into());
    }
    if json != crate::render::json::render(plan) {
        return Err("the plan JSON differs between two renders".into());
    }
    render_all(plan)
}

/// Every output of `plan --out` renders (a failure here is meridian's bug).
pub fn render_all(plan: &Plan) -> Result<(), String> {
    crate::render::table::render(plan);
    crate::render::markdown::render(plan).map_err(|e| format!("plan Markdown: {e:#}"))?;
    crate::render::report::render(plan).map_err(|e| format!("report: {e:#}"))?;
    match crate::render::terraform::render(plan, &Default::default()) {
        Err(e) if !e.is_limit() => Err(format!("Terraform: {e}")),
        _ => Ok(()),
    }
}
