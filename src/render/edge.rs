//! The `[static_assets]` section of the plan in the table, the Markdown
//! plan and the design report: the CDN, origins, price class, per-population
//! traffic and hit/miss p99, what losing the origin region does, the cost
//! lines and the notes. Everything shown is the plan's (`edge` computed
//! it); an empty string when the spec has no static section.

use super::svg::esc;
use crate::cost::format_usd;
use crate::edge::StaticPlan;
use crate::plan::Plan;
use crate::units::format_duration_s;

fn origins(st: &StaticPlan) -> String {
    match (&st.failover_origin, &st.location) {
        (Some(f), Some(l)) => format!("dual-region bucket {l} ({}* + {f})", st.origin),
        (Some(f), None) => format!("origin group {}* → {f}", st.origin),
        (None, _) => format!("origin {}", st.origin),
    }
}

/// "CloudFront PriceClass_100", or the CDN alone where it has no price
/// classes.
fn cdn(st: &StaticPlan, paren: bool) -> String {
    match (&st.price_class, paren) {
        (Some(c), true) => format!("{} ({c})", st.service),
        (Some(c), false) => format!("{} {c}", st.service),
        (None, _) => st.service.clone(),
    }
}

fn rto(st: &StaticPlan) -> String {
    if st.rto_s.is_finite() {
        format_duration_s(st.rto_s)
    } else {
        "misses unbounded".into()
    }
}

/// The terminal table's section.
pub fn text(plan: &Plan) -> String {
    let Some(st) = &plan.static_assets else {
        return String::new();
    };
    let mut out = format!(
        "\nstatic assets: {}, {}{}, {}/month, RTO {}\n",
        cdn(st, true),
        origins(st),
        st.origin_shield
            .as_ref()
            .map_or(String::new(), |s| format!(", Origin Shield {s}")),
        format_usd(st.monthly_usd),
        rto(st)
    );
    let rows: Vec<Vec<String>> = st
        .populations
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.geography.clone().unwrap_or_else(|| "-".into()),
                format!("{:.1}M", p.requests_per_month / 1e6),
                format!("{:.0}", p.gb_per_month),
                format!("{:.0}ms / {:.0}ms", p.hit_p99_ms, p.miss_p99_ms),
            ]
        })
        .collect();
    out.push_str(&super::columns::table(
        &[
            "population",
            "geography",
            "requests/month",
            "GB/month",
            "p99 hit / miss",
        ],
        &rows,
        &[2, 3],
    ));
    out
}

/// The Markdown section (plan and report).
pub fn markdown(plan: &Plan) -> String {
    let Some(st) = &plan.static_assets else {
        return String::new();
    };
    let mut out = format!(
        "\n## Static assets ({})\n\n{}{}, {}{}; **{} a month** (in the total). {}.\n\n",
        st.service,
        if st.rto_met {
            ""
        } else {
            "✗ RTO target not met. "
        },
        cdn(st, false),
        origins(st),
        st.origin_shield
            .as_ref()
            .map_or(String::new(), |s| format!(", Origin Shield in {s}")),
        format_usd(st.monthly_usd),
        st.origin_choice
    );
    out.push_str(&format!(
        "{} GB at the origin, {} requests/s of {} bytes on average, {:.0}% from the edge cache. RTO {}{}: {}.\n\n",
        st.size_gb,
        st.requests_per_s,
        st.response_bytes,
        st.cache_hit_ratio * 100.0,
        rto(st),
        st.rto_target_s
            .map_or(String::new(), |t| format!(" (target {})", format_duration_s(t))),
        st.failover
    ));
    out.push_str("| population | geography | requests/month | GB/month | p99 hit | p99 miss |\n|---|---|--:|--:|--:|--:|\n");
    for p in &st.populations {
        out.push_str(&format!(
            "| {} | {} | {:.1}M | {:.0} | {:.0} ms | {:.0} ms |\n",
            p.name,
            p.geography.as_deref().unwrap_or("-"),
            p.requests_per_month / 1e6,
            p.gb_per_month,
            p.hit_p99_ms,
            p.miss_p99_ms
        ));
    }
    out.push_str("\n| item | region | $/month |\n|---|---|--:|\n");
    for l in &st.cost {
        out.push_str(&format!(
            "| {}{} | {} | {} |\n",
            l.item,
            if l.derived { " †" } else { "" },
            l.region,
            format_usd(l.monthly_usd)
        ));
    }
    out.push_str(&format!(
        "| **total** | | **{}** |\n",
        format_usd(st.monthly_usd)
    ));
    if !st.notes.is_empty() {
        out.push('\n');
        for n in &st.notes {
            out.push_str(&format!("- {n}\n"));
        }
    }
    out
}

/// The HTML report's section (escaped; no scripts).
pub fn html(plan: &Plan) -> String {
    let Some(st) = &plan.static_assets else {
        return String::new();
    };
    let mut out = format!(
        "<section id=\"static-assets\">\n<h2>Static assets ({})</h2>\n<p>{}, {}{}; <strong>{} a month</strong> (in the total). {}.</p>\n<p>RTO {}: {}.</p>\n",
        esc(&st.service),
        esc(&cdn(st, false)),
        esc(&origins(st)),
        st.origin_shield
            .as_ref()
            .map_or(String::new(), |s| format!(", Origin Shield in {}", esc(s))),
        format_usd(st.monthly_usd),
        esc(&st.origin_choice),
        esc(&rto(st)),
        esc(&st.failover)
    );
    out.push_str("<table>\n<tr><th>population</th><th>geography</th><th>requests/month</th><th>GB/month</th><th>p99 hit</th><th>p99 miss</th></tr>\n");
    for p in &st.populations {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{:.1}M</td><td>{:.0}</td><td>{:.0} ms</td><td>{:.0} ms</td></tr>\n",
            esc(&p.name),
            esc(p.geography.as_deref().unwrap_or("-")),
            p.requests_per_month / 1e6,
            p.gb_per_month,
            p.hit_p99_ms,
            p.miss_p99_ms
        ));
    }
    out.push_str("</table>\n<table>\n<tr><th>item</th><th>region</th><th>$/month</th></tr>\n");
    for l in &st.cost {
        out.push_str(&format!(
            "<tr><td>{}{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&l.item),
            if l.derived { " †" } else { "" },
            esc(&l.region),
            format_usd(l.monthly_usd)
        ));
    }
    out.push_str("</table>\n");
    if !st.notes.is_empty() {
        out.push_str("<ul>\n");
        for n in &st.notes {
            out.push_str(&format!("<li>{}</li>\n", esc(n)));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
    out
}
