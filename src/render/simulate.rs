//! `meridian simulate` output: a table for the terminal, JSON, and Markdown
//! (from `templates/simulate.md.j2` and `templates/simulate-year.md.j2`).

use minijinja::Value;

use super::columns::table;
use super::duration;
use crate::cost::format_usd;
use crate::simulate::{ClassOutcome, Simulation, YearSimulation};

pub const FAIL_TEMPLATE: (&str, &str) = (
    "simulate.md.j2",
    include_str!("../../templates/simulate.md.j2"),
);
pub const YEAR_TEMPLATE: (&str, &str) = (
    "simulate-year.md.j2",
    include_str!("../../templates/simulate-year.md.j2"),
);

/// Writes and bytes, e.g. "200 (400 KB)"; "unbounded" for None.
pub fn lost(writes: Option<f64>, bytes: Option<f64>) -> String {
    match (writes, bytes) {
        (Some(w), Some(b)) => format!(
            "{w:.0} ({})",
            bytesize::ByteSize::b(b.round() as u64).display().si()
        ),
        _ => "unbounded".into(),
    }
}

fn downtime(c: &ClassOutcome) -> String {
    if c.downtime_s == 0.0 {
        "-".into()
    } else if c.downtime_s.is_finite() && c.affected_share < 1.0 {
        format!(
            "{} ({:.0}% of users)",
            duration(c.downtime_s),
            c.affected_share * 100.0
        )
    } else if c.downtime_s.is_finite() {
        duration(c.downtime_s)
    } else {
        "until it returns".into()
    }
}

pub fn table_fail(s: &Simulation) -> String {
    let mut out = format!(
        "meridian simulate: {}, losing {}\n\n",
        s.name,
        s.failed.join(" and ")
    );
    if !s.unused.is_empty() {
        out.push_str(&format!(
            "{} {} not used by the plan: no impact from {}.\n\n",
            s.unused.join(", "),
            if s.unused.len() == 1 { "is" } else { "are" },
            if s.unused.len() == 1 { "it" } else { "them" }
        ));
    }
    let rows: Vec<Vec<String>> = s
        .classes
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                c.impact.to_string(),
                if c.survives { "yes" } else { "no" }.into(),
                downtime(c),
                c.new_primary.clone().unwrap_or("-".into()),
                lost(Some(c.writes_lost_expected), Some(c.bytes_lost_expected)),
                lost(c.writes_lost_worst, c.bytes_lost_worst),
                format_usd(c.extra_usd_per_hour),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "class",
            "impact",
            "served",
            "downtime",
            "writes to",
            "lost (expected)",
            "lost (worst)",
            "extra $/h",
        ],
        &rows,
        &[7],
    ));
    out.push_str("\nusers (p99 read / write, before → after):\n");
    for c in s.classes.iter().filter(|c| c.impact != "none") {
        for u in &c.users {
            let after = match (&u.read_from, u.read_ms, u.write_ms) {
                (Some(r), Some(rm), Some(wm)) => format!("{r} {rm:.0}ms / {wm:.0}ms"),
                _ => "unavailable".into(),
            };
            out.push_str(&format!(
                "  {:<16} {:<14} {} {:.0}ms / {:.0}ms → {after}\n",
                c.name, u.name, u.read_from_before, u.read_ms_before, u.write_ms_before
            ));
        }
    }
    if !s.services.is_empty() {
        out.push('\n');
        let rows: Vec<Vec<String>> = s
            .services
            .iter()
            .map(|v| {
                vec![
                    v.name.clone(),
                    v.status.to_string(),
                    if v.status == "down" {
                        duration(v.downtime_s)
                    } else {
                        "-".into()
                    },
                    if v.why.is_empty() {
                        "-".into()
                    } else {
                        v.why.join("; ")
                    },
                ]
            })
            .collect();
        out.push_str(&table(
            &["service", "status", "downtime", "why"],
            &rows,
            &[],
        ));
    }
    out.push_str(&format!(
        "\nextra cost while failed over: {}/hour, {} over a mean {:.1} h outage\n",
        format_usd(s.extra_usd_per_hour),
        format_usd(s.extra_usd_mean_outage),
        s.outage_mean_hours
    ));
    for c in s.classes.iter().filter(|c| c.impact != "none") {
        out.push_str(&format!("\n{}: {}\n", c.name, c.consistency));
    }
    out
}

pub fn table_year(y: &YearSimulation) -> String {
    let mut out = format!(
        "meridian simulate: {}, {} simulated years of region outages (seed {}, mean outage {:.1} h)\n\n",
        y.name, y.trials, y.seed, y.outage_mean_hours
    );
    let rows = |list: &[crate::simulate::YearOutcome], writes: bool| -> Vec<Vec<String>> {
        list.iter()
            .map(|c| {
                let mut row = vec![
                    c.name.clone(),
                    crate::units::format_availability(c.analytic_availability),
                    crate::units::format_availability(c.simulated_availability),
                    format!(
                        "{:.4} ± {:.4}",
                        c.downtime_hours.mean, c.downtime_hours.ci95
                    ),
                    format!("{:.4}", c.analytic_downtime_hours),
                    format!("{:.3}", c.downtime_hours.p99),
                    format!("{:.2}", c.downtime_hours.max),
                    format!("{:.1}%", c.years_with_downtime * 100.0),
                ];
                if writes {
                    row.push(format!(
                        "{:.0} / {:.0} / {:.0}",
                        c.writes_lost.mean, c.writes_lost.p99, c.writes_lost.max
                    ));
                }
                row.push(if c.agrees { "yes" } else { "no" }.into());
                row
            })
            .collect()
    };
    // The same columns for classes and services; services lose no writes.
    let headers = |first: &'static str, writes: bool| -> Vec<&'static str> {
        let mut h = vec![
            first,
            "analytic",
            "simulated",
            "down h/yr (±95%)",
            "analytic h/yr",
            "p99 h",
            "max h",
            "years down",
        ];
        if writes {
            h.push("writes lost/yr mean/p99/max");
        }
        h.push("agrees");
        h
    };
    out.push_str(&table(
        &headers("class", true),
        &rows(&y.classes, true),
        &[3, 4, 5, 6, 7],
    ));
    if !y.services.is_empty() {
        out.push('\n');
        out.push_str(&table(
            &headers("service", false),
            &rows(&y.services, false),
            &[3, 4, 5, 6, 7],
        ));
    }
    out
}

pub fn markdown_fail(s: &Simulation) -> Result<String, minijinja::Error> {
    render(FAIL_TEMPLATE, Value::from(minijinja::value::Serde(s)))
}

pub fn markdown_year(y: &YearSimulation) -> Result<String, minijinja::Error> {
    render(YEAR_TEMPLATE, Value::from(minijinja::value::Serde(y)))
}

fn render(template: (&str, &str), sim: Value) -> Result<String, minijinja::Error> {
    let mut env = super::markdown::environment();
    env.add_filter("lost", |w: Option<f64>, b: Option<f64>| lost(w, b));
    env.add_template(template.0, template.1)?;
    env.get_template(template.0)?
        .render(minijinja::context! { sim => sim })
}
