//! The Google Cloud engines' priced models, one file per model. A catalog
//! file in `catalogs/gcp/engines/` names one of [`MODELS`] in its `model`
//! key.

pub mod spanner;

use super::LoadModel;
use std::sync::Arc;

/// The Google Cloud models a catalog may name, and how each reads its
/// prices.
pub const MODELS: &[(&str, LoadModel)] = &[("spanner", |t, _| {
    Ok(Arc::new(spanner::Prices::from_catalog(t)?))
})];
