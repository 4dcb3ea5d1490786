//! The Google Cloud engines' priced models, one file per model. A catalog
//! file in `catalogs/gcp/engines/` names one of [`MODELS`] in its `model`
//! key.

pub mod cloud_storage;
pub mod firestore;
pub mod spanner;

use super::{LoadModel, cache_shards, primary_replicas, quorum_vms};
use std::sync::Arc;

/// The Google Cloud models a catalog may name, and how each reads its
/// prices.
pub const MODELS: &[(&str, LoadModel)] = &[
    ("spanner", |t, _| {
        Ok(Arc::new(spanner::Prices::from_catalog(t)?))
    }),
    ("cloud-storage", |t, _| {
        Ok(Arc::new(cloud_storage::Prices::from_catalog(t)?))
    }),
    ("firestore", |t, _| {
        Ok(Arc::new(firestore::Prices::from_catalog(t)?))
    }),
    ("cloud-sql-postgresql", |t, i| {
        Ok(Arc::new(primary_replicas::Prices::from_catalog(
            t,
            i,
            primary_replicas::CLOUD_SQL,
        )?))
    }),
    ("quorum-gce", |t, i| {
        Ok(Arc::new(quorum_vms::Prices::from_catalog(
            t,
            i,
            &quorum_vms::PD_SSD,
        )?))
    }),
    ("memorystore-valkey", |t, i| {
        Ok(Arc::new(cache_shards::Prices::from_catalog(t, i)?))
    }),
];
