//! The Azure engines' priced models, one file per model. A catalog file in
//! `catalogs/azure/engines/` names one of [`MODELS`] in its `model` key
//! (Cosmos DB's single-write and multi-write accounts share one).

pub mod cosmos_db;

use super::LoadModel;
use std::sync::Arc;

/// The Azure models a catalog may name, and how each reads its prices.
pub const MODELS: &[(&str, LoadModel)] = &[("cosmos-db", |t, _| {
    Ok(Arc::new(cosmos_db::Prices::from_catalog(t)?))
})];
