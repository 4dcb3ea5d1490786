//! Outputs rendered from a [`crate::plan::Plan`] and nothing else: the
//! terminal table, JSON and Markdown. Rendering knows nothing of how a
//! design was chosen; a template error is meridian's bug, not the user's.

pub mod diff;
pub mod explain;
pub mod hcl;
pub mod json;
pub mod markdown;
pub mod report;
pub mod simulate;
pub mod svg;
pub mod table;
pub mod terraform;

/// Formats a duration field of the plan (None/∞ = unbounded).
pub fn duration(seconds: f64) -> String {
    crate::units::format_duration_s(seconds)
}
