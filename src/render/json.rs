//! `plan.json` and `--format json`: the plan as DESIGN.md's keys (plus
//! additions), pretty-printed with a trailing newline. Deterministic: maps
//! are ordered, floats rounded in the plan's serializers.

use crate::plan::Plan;

pub fn render(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).expect("a plan always serializes");
    text.push('\n');
    text
}
