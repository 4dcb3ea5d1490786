//! `meridian explain SPEC --class NAME`: every family the search considered
//! for one class (engine × topology × standby tier), its best design, cost
//! and estimates, and why it lost; then what binds.

use super::duration;
use crate::cost::format_usd;
use crate::plan::ClassPlan;
use crate::units::format_availability;

pub fn render(c: &ClassPlan) -> String {
    if c.engine.is_empty() {
        let mut out = format!(
            "{}: no design: no engine the spec allows can hold this class in its allowed regions\n",
            c.name
        );
        for v in &c.violations {
            out.push_str(&format!("  - {}: {}\n", v.slo, v.why));
        }
        return out;
    }
    let mut out = format!(
        "{}: {} — {} a month{}\n",
        c.name,
        c.design,
        format_usd(c.monthly_usd),
        if c.feasible {
            ""
        } else {
            " (nearest; no design meets every SLO)"
        }
    );
    out.push_str(&format!(
        "SLOs: rpo {}, rto {}, availability {}, read p99 {}, write p99 {}, consistency {}, conflicts {}{}\n\n",
        c.slo.rpo_s.map_or("-".into(), duration),
        c.slo.rto_s.map_or("-".into(), duration),
        c.slo.availability.map_or("-".into(), format_availability),
        c.slo.read_latency_ms.map_or("-".into(), |v| format!("{v:.0}ms")),
        c.slo.write_latency_ms.map_or("-".into(), |v| format!("{v:.0}ms")),
        c.slo.consistency,
        c.slo.conflicts,
        c.slo.residency.as_ref().map_or(String::new(), |r| format!(", residency {}", r.join(" "))),
    ));
    out.push_str(&format!(
        "{} candidates measured{}. Best design of each family:\n\n",
        c.candidates_evaluated,
        super::cap_notice(c).map_or(String::new(), |n| format!(" ({n})"))
    ));
    for a in &c.alternatives {
        out.push_str(&format!(
            "{} {}\n    {} a month · RPO {} · RTO {} · availability {} · worst p99 read {:.0}ms write {:.0}ms · {} measured\n    {}\n",
            if a.chosen { "→" } else { " " },
            a.design,
            format_usd(a.monthly_usd),
            duration(a.rpo_s),
            duration(a.rto_s),
            format_availability(a.availability),
            a.worst_read_ms,
            a.worst_write_ms,
            a.evaluated,
            a.why_not,
        ));
    }
    if !c.violations.is_empty() {
        out.push_str("\nViolations of the design shown:\n");
        for v in &c.violations {
            out.push_str(&format!(
                "  - {}: target {}, estimate {}: {}\n",
                v.slo, v.target, v.estimate, v.why
            ));
        }
    }
    if let Some(j) = &c.joint_relaxation {
        out.push_str(&format!(
            "\nWhat it would take (relax these SLOs together): {}: {} at {} a month\n",
            j.summary,
            j.design,
            format_usd(j.monthly_usd)
        ));
    }
    if !c.tradeoffs.is_empty() {
        out.push_str(if c.feasible {
            "\nWhat binds (relax one SLO alone for a cheaper design):\n"
        } else {
            "\nCheapest fixes (relax one SLO alone):\n"
        });
        for t in &c.tradeoffs {
            out.push_str(&format!(
                "  - {} {} → {}: {} at {} a month\n",
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
