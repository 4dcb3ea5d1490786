//! The AWS engines' priced models, one file per model. A catalog file in
//! `catalogs/aws/engines/` names one of [`MODELS`] in its `model` key
//! (several files may share one: DynamoDB's two global-table modes).

pub mod aurora_dsql;
pub mod aurora_postgresql;
pub mod dynamodb;
pub mod s3;

use super::{LoadModel, cache_shards, object_copies, primary_replicas, quorum_vms};
use std::sync::Arc;

/// The AWS models a catalog may name, and how each reads its prices.
pub const MODELS: &[(&str, LoadModel)] = &[
    ("aurora-postgresql", |t, i| {
        Ok(Arc::new(aurora_postgresql::Prices::from_catalog(t, i)?))
    }),
    ("aurora-dsql", |t, _| {
        Ok(Arc::new(aurora_dsql::Prices::from_catalog(t)?))
    }),
    ("rds-postgresql", |t, i| {
        Ok(Arc::new(primary_replicas::Prices::from_catalog(
            t,
            i,
            primary_replicas::RDS,
        )?))
    }),
    ("dynamodb", |t, _| {
        Ok(Arc::new(dynamodb::Prices::from_catalog(t)?))
    }),
    ("s3", |t, _| {
        Ok(Arc::new(object_copies::Prices::from_catalog(
            t,
            &s3::METERS,
        )?))
    }),
    ("elasticache-valkey", |t, i| {
        Ok(Arc::new(cache_shards::Prices::from_catalog(t, i)?))
    }),
    ("quorum-ec2", |t, i| {
        Ok(Arc::new(quorum_vms::Prices::from_catalog(
            t,
            i,
            &quorum_vms::EBS_GP3,
        )?))
    }),
];
