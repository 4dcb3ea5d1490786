//! Cited figures: a number from a catalog file with where it came from,
//! and a priced instance type. The bottom of the catalog: the catalog and
//! the engines' price tables both read these; this module reads nothing of
//! either.

use serde::Deserialize;

/// A number from a catalog file, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub value: f64,
    /// Citation: URL or repository path, and date.
    pub source: Option<String>,
    /// Set when the figure was not published but derived; says how.
    pub derived: Option<String>,
}

impl Figure {
    pub fn plain(value: f64) -> Self {
        Self {
            value,
            source: None,
            derived: None,
        }
    }
}

impl<'de> Deserialize<'de> for Figure {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Plain(f64),
            Int(i64),
            Full(Full),
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            value: f64,
            source: Option<String>,
            derived: Option<String>,
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Plain(value) => Figure::plain(value),
            Raw::Int(value) => Figure::plain(value as f64),
            Raw::Full(full) => Figure {
                value: full.value,
                source: full.source,
                derived: full.derived,
            },
        })
    }
}

/// A compute instance type with its us-east-1 on-demand price.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceType {
    pub name: String,
    pub vcpu: f64,
    pub memory_gib: f64,
    pub usd_per_hour: Figure,
}
