//! `meridian diff` output: a table for the terminal, JSON, and Markdown
//! for a pull-request comment (from `templates/diff.md.j2`).

use minijinja::Value;

use crate::cost::{format_signed_usd, format_usd};
use crate::diff::PlanDiff;

/// The template's name and text, compiled into the binary.
pub const DIFF_TEMPLATE: (&str, &str) = ("diff.md.j2", include_str!("../../templates/diff.md.j2"));

pub fn table(d: &PlanDiff, crossed: &[String]) -> String {
    let mut out = format!(
        "meridian diff: {} → {}\ntotal: {} → {} ({}{})\n\n",
        d.old_name,
        d.new_name,
        format_usd(d.old_total_usd),
        format_usd(d.new_total_usd),
        format_signed_usd(d.delta_usd),
        d.delta_pct.map_or(String::new(), |p| format!(", {p:+.2}%"))
    );
    for c in &d.classes {
        out.push_str(&format!(
            "{} [{}] {}\n",
            c.name,
            c.status.as_str(),
            format_signed_usd(c.delta_usd)
        ));
        for ch in &c.changes {
            out.push_str(&format!("  {}: {} → {}\n", ch.field, ch.old, ch.new));
        }
        for r in &c.regressions {
            out.push_str(&format!("  regression: {r}\n"));
        }
    }
    for sv in &d.services {
        out.push_str(&format!(
            "service {} {}: {} → {}\n",
            sv.name,
            format_signed_usd(sv.delta_usd),
            sv.old_regions,
            sv.new_regions
        ));
    }
    if !crossed.is_empty() {
        out.push_str("\nguardrails crossed:\n");
        for c in crossed {
            out.push_str(&format!("  - {c}\n"));
        }
    }
    out
}

pub fn json(d: &PlanDiff, crossed: &[String]) -> String {
    let value = serde_json::json!({ "diff": d, "guardrails_crossed": crossed });
    let mut text = serde_json::to_string_pretty(&value).expect("a diff always serializes");
    text.push('\n');
    text
}

pub fn markdown(d: &PlanDiff, crossed: &[String]) -> Result<String, minijinja::Error> {
    let mut env = super::markdown::environment();
    env.add_filter("signed_usd", |v: f64| format_signed_usd(v));
    env.add_filter("signed_pct", |p: f64| format!("{p:+.2}%"));
    env.add_template(DIFF_TEMPLATE.0, DIFF_TEMPLATE.1)?;
    env.get_template(DIFF_TEMPLATE.0)?
        .render(minijinja::context! { d => Value::from(minijinja::value::Serde(d)), crossed => crossed.to_vec() })
}
