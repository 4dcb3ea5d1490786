//! Outputs rendered from a [`crate::plan::Plan`] and nothing else: the
//! terminal table, JSON and Markdown. Rendering knows nothing of how a
//! design was chosen; a template error is meridian's bug, not the user's.

pub mod assess;
pub mod columns;
pub mod diff;
pub mod edge;
pub mod explain;
pub mod hcl;
pub mod json;
pub mod labels;
pub mod markdown;
pub mod report;
pub mod simulate;
pub mod svg;
pub mod table;
pub mod terraform;

/// One rendered file, relative to the folder it is written into.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    pub path: String,
    pub text: String,
}

/// What a class whose search stopped at the evaluation cap leaves
/// unproven, for every output that says so (`templates/plan.md.j2` words
/// it the same); None when it finished.
pub fn cap_notice(c: &crate::plan::ClassPlan) -> Option<String> {
    (!c.search_complete).then(|| {
        format!(
            "the search stopped at its evaluation cap; the design is the best found, not proven the {}",
            if c.feasible { "cheapest" } else { "nearest" }
        )
    })
}

/// A class's design shape: "active-passive (warm-standby)",
/// "active-active (async)", "single-region".
pub fn topology(c: &crate::plan::ClassPlan) -> String {
    match c.standby {
        Some(s) => format!("{} ({s})", c.topology),
        None if c.replication == crate::model::Replication::None => c.topology.to_string(),
        None => format!("{} ({})", c.topology, c.replication),
    }
}

/// The worst p99 over the populations of a latency map.
pub fn worst_ms(map: &std::collections::BTreeMap<String, f64>) -> Option<f64> {
    map.values().copied().reduce(f64::max)
}

/// Formats a duration field of the plan (None/∞ = unbounded).
pub fn duration(seconds: f64) -> String {
    crate::units::format_duration_s(seconds)
}
