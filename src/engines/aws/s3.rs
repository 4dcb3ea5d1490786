//! Amazon S3 Standard with Cross-Region Replication, with or without
//! Replication Time Control (the catalog's `rtc_usd_per_gb` says which):
//! the shared object-store model ([`crate::engines::object_copies`]) with
//! S3's meters, requests priced per 1,000.

use crate::engines::object_copies::Meters;

pub const METERS: Meters = Meters {
    ops_per_unit: 1e3,
    unit: "thousand requests",
    write_key: "put_usd_per_thousand",
    read_key: "get_usd_per_thousand",
    storage: "Standard storage",
    write: "PUT requests",
    replicated_write: "replication PUT requests",
    read: "GET requests",
    replication: "replication",
    fee: Some(("rtc_usd_per_gb", "Replication Time Control")),
};
