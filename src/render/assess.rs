//! `meridian assess` output: per class, the design as the module runs it
//! (its cost, RPO, RTO and the SLOs it misses) beside meridian's choice
//! and what changing costs or saves; then what was not assessed. A table
//! for the terminal, Markdown for a pull-request comment, and JSON.

use crate::assess::{Assessment, ClassAssessment};
use crate::cost::{format_signed_usd, format_usd};
use crate::plan::{ClassPlan, Comparison};

/// "✓ all SLOs met" or "✗ misses RTO 1m (3.5m), availability …".
fn slos(c: &ClassPlan) -> String {
    if c.violations.is_empty() {
        "✓ all SLOs met".into()
    } else {
        format!(
            "✗ misses {}",
            c.violations
                .iter()
                .map(|v| format!("{} {} ({})", v.slo, v.target, v.estimate))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

fn figures(c: &ClassPlan) -> String {
    format!(
        "{}/month · RPO {} · RTO {} · availability {}",
        format_usd(c.monthly_usd.usd()),
        super::duration(c.rpo_s),
        super::duration(c.rto_s),
        crate::units::format_availability(c.availability)
    )
}

/// One line on meridian's choice against the current design.
pub fn choice(c: &Comparison) -> String {
    if c.same {
        return "the same design".into();
    }
    let mut text = c.design.clone();
    if !c.changes.is_empty() {
        text.push_str(&format!(" ({})", c.changes.join(", ")));
    }
    text.push_str(&format!(", {}/month", format_usd(c.monthly_usd.usd())));
    if let Some(d) = c.delta_usd {
        text.push_str(&format!(" ({}/month)", format_signed_usd(d.usd())));
    }
    if !c.fixes.is_empty() {
        text.push_str(&format!(", fixes {}", c.fixes.join(", ")));
    }
    if !c.feasible {
        text.push_str(" (no design meets every SLO; the nearest)");
    }
    text
}

struct Row<'a> {
    class: &'a ClassAssessment,
    current: Option<&'a ClassPlan>,
    choice: Option<&'a Comparison>,
}

fn rows(a: &Assessment) -> Vec<Row<'_>> {
    let comparisons = a
        .current
        .assessed
        .as_ref()
        .map(|x| &x.classes[..])
        .unwrap_or(&[]);
    a.classes
        .iter()
        .map(|class| Row {
            class,
            current: a.current.classes.iter().find(|c| c.name == class.name),
            choice: comparisons.iter().find(|c| c.class == class.name),
        })
        .collect()
}

fn headline(a: &Assessment) -> String {
    let assessed = a.classes.iter().filter(|c| c.assessed).count();
    let meeting = a.current.classes.iter().filter(|c| c.feasible).count();
    format!(
        "as it runs: {}/month for {assessed} of {} classes assessed, {meeting} meeting every SLO; meridian's plan: {}/month, {}",
        format_usd(a.current.total_monthly_usd.usd()),
        a.classes.len(),
        format_usd(a.proposed.total_monthly_usd.usd()),
        if a.proposed.feasible {
            "every SLO met".to_string()
        } else {
            format!(
                "{} of {} classes meet every SLO",
                a.proposed.classes.iter().filter(|c| c.feasible).count(),
                a.proposed.classes.len()
            )
        }
    )
}

fn supporting(a: &Assessment) -> String {
    a.supporting
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The terminal table.
pub fn table(a: &Assessment, module: &str) -> String {
    let mut out = format!(
        "meridian assess: {} ({}), the Terraform in {module}\n{}\n",
        a.name,
        a.proposed.cloud,
        headline(a)
    );
    for row in rows(a) {
        out.push('\n');
        match row.current {
            Some(c) => {
                out.push_str(&format!("{}: {}\n", row.class.name, c.design));
                out.push_str(&format!("  {} · {}\n", figures(c), slos(c)));
            }
            None => out.push_str(&format!(
                "{}: not assessed — {}\n",
                row.class.name,
                row.class.why.as_deref().unwrap_or("")
            )),
        }
        if let Some(c) = row.choice {
            out.push_str(&format!("  meridian's choice: {}\n", choice(c)));
        }
        if !row.class.resources.is_empty() {
            out.push_str(&format!("  from: {}\n", row.class.resources.join(", ")));
        }
        for n in &row.class.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
    }
    out.push_str(&leftovers(a, false));
    out
}

/// What was not assessed, the values the module does not give and the
/// supporting resources: indented lines, or Markdown headings and items.
fn leftovers(a: &Assessment, markdown: bool) -> String {
    let mut out = String::new();
    for (title, list) in [
        ("Resources not assessed", &a.not_assessed),
        ("Values the module does not give", &a.unknown_values),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&if markdown {
            format!("\n### {title} ({})\n\n", list.len())
        } else {
            format!("\n{} ({}):\n", title.to_lowercase(), list.len())
        });
        for u in list {
            // A plan's JSON has no lines.
            let at = if u.line > 0 {
                format!("{}:{}", u.file, u.line)
            } else {
                u.file.clone()
            };
            out.push_str(&match (markdown, u.address.is_empty()) {
                (false, true) => format!("  {at}: {}\n", u.reason),
                (false, false) => format!("  {at} {}: {}\n", u.address, u.reason),
                (true, true) => format!("- `{at}`: {}\n", u.reason),
                (true, false) => format!("- `{at}` `{}`: {}\n", u.address, u.reason),
            });
        }
    }
    if !a.supporting.is_empty() {
        let text = format!(
            "supporting resources (not part of the model): {}",
            supporting(a)
        );
        out.push_str(&if markdown {
            format!("\nS{}.\n", &text[1..])
        } else {
            format!("\n{text}\n")
        });
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Markdown for a pull-request comment.
pub fn markdown(a: &Assessment, module: &str) -> String {
    let mut out = format!(
        "## meridian assess: {}\n\nThe Terraform in `{module}`, measured against the spec's SLOs with meridian's model.\n\n{}.\n\n",
        a.name,
        headline(a)
    );
    out.push_str("| class | as it runs | $/month | RPO | RTO | SLOs | meridian's choice |\n");
    out.push_str("|---|---|--:|--:|--:|---|---|\n");
    for row in rows(a) {
        let proposed = row.choice.map_or(String::new(), choice);
        match row.current {
            Some(c) => out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} |\n",
                row.class.name,
                cell(&c.design),
                format_usd(c.monthly_usd.usd()),
                super::duration(c.rpo_s),
                super::duration(c.rto_s),
                cell(&slos(c)),
                cell(&proposed)
            )),
            None => out.push_str(&format!(
                "| {} | not assessed: {} | | | | | {} |\n",
                row.class.name,
                cell(row.class.why.as_deref().unwrap_or("")),
                cell(&proposed)
            )),
        }
    }
    // One item per note, naming every class it is about.
    let mut grouped: Vec<(String, Vec<&str>)> = Vec::new();
    for c in &a.classes {
        for n in &c.notes {
            match grouped.iter_mut().find(|(text, _)| text == n) {
                Some((_, names)) => names.push(&c.name),
                None => grouped.push((n.clone(), vec![&c.name])),
            }
        }
    }
    let notes: Vec<String> = grouped
        .iter()
        .map(|(n, names)| format!("- **{}**: {n}", names.join(", ")))
        .collect();
    if !notes.is_empty() {
        out.push_str("\n### Notes\n\n");
        out.push_str(&notes.join("\n"));
        out.push('\n');
    }
    out.push_str(&leftovers(a, true));
    out
}

/// The assessment as JSON: per class, the diff, what was not assessed;
/// the two plans are written beside it (`plan.json`, `proposed.json`).
pub fn json(a: &Assessment) -> String {
    let value = serde_json::json!({
        "name": a.name,
        "meets_slos": a.meets_slos(),
        "current_total_monthly_usd": a.current.total_monthly_usd,
        "proposed_total_monthly_usd": a.proposed.total_monthly_usd,
        "classes": a.classes,
        "diff": a.diff,
        "not_assessed": a.not_assessed,
        "unknown_values": a.unknown_values,
        "supporting": a.supporting,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("an assessment serializes");
    text.push('\n');
    text
}
