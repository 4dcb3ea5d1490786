//! The Azure engines' priced models, one file per model. A catalog file in
//! `catalogs/azure/engines/` names one of [`MODELS`] in its `model` key
//! (Cosmos DB's single-write and multi-write accounts share one; Azure
//! SQL Database's service tiers share another).

pub mod blob_geo;
pub mod blob_storage;
pub mod cosmos_db;
pub mod managed_redis;
pub mod postgresql_flexible;
pub mod sql_database;

use super::{LoadModel, object_copies, quorum_vms};
use std::sync::Arc;

/// The Azure models a catalog may name, and how each reads its prices.
pub const MODELS: &[(&str, LoadModel)] = &[
    ("cosmos-db", |t, _| {
        Ok(Arc::new(cosmos_db::Prices::from_catalog(t)?))
    }),
    ("azure-sql", |t, i| {
        Ok(Arc::new(sql_database::Prices::from_catalog(t, i)?))
    }),
    ("azure-managed-redis", |t, i| {
        Ok(Arc::new(managed_redis::Prices::from_catalog(t, i)?))
    }),
    ("postgresql-flexible", |t, i| {
        Ok(Arc::new(postgresql_flexible::Prices::from_catalog(t, i)?))
    }),
    ("blob-storage", |t, _| {
        Ok(Arc::new(object_copies::Prices::from_catalog(
            t,
            &blob_storage::METERS,
        )?))
    }),
    ("quorum-azure-vm", |t, i| {
        Ok(Arc::new(quorum_vms::Prices::from_catalog(
            t,
            i,
            &quorum_vms::PREMIUM_SSD,
        )?))
    }),
    ("blob-geo", |t, _| {
        Ok(Arc::new(blob_geo::Prices::from_catalog(t)?))
    }),
];
