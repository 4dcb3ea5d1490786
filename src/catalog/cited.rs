//! A catalog figure as an output cites it: what it is about, its value,
//! and its source or derivation; and the abbreviations sources use. The
//! plan lists them (`assumptions`, `references`); every stage that prices
//! or times something from the catalog may make them, so they live here,
//! below the plan.

use serde::Serialize;

/// An abbreviation a source uses, spelled out.
#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub subject: String,
    pub key: String,
    pub text: String,
}

/// One catalog figure and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Assumption {
    /// The engine id, or "recovery", "latency", "dns", "compute".
    pub subject: String,
    pub figure: String,
    pub value: f64,
    /// Citation (URL or repository path, and date); null when derived.
    pub source: Option<String>,
    /// How a figure that is not published was derived.
    pub derived: Option<String>,
}

impl Assumption {
    pub fn of(subject: &str, figure: &str, f: &crate::catalog::Figure) -> Assumption {
        Assumption {
            subject: subject.to_string(),
            figure: figure.to_string(),
            value: f.value,
            source: f.source.clone(),
            derived: f.derived.clone(),
        }
    }
}
