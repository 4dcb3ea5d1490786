//! Azure Blob Storage, Hot tier, zone-redundant (ZRS) accounts, one per
//! region, kept by object replication from the primary account (the
//! destination containers refuse writes while the policy exists, so one
//! writer): the shared object-store model
//! ([`crate::engines::object_copies`]) with Blob Storage's meters,
//! operations priced per 10,000, no replication fee.

use crate::engines::object_copies::Meters;

pub const METERS: Meters = Meters {
    ops_per_unit: 1e4,
    unit: "10,000 operations",
    write_key: "write_usd_per_10k",
    read_key: "read_usd_per_10k",
    storage: "Hot ZRS storage",
    write: "write operations",
    replicated_write: "object replication write operations",
    read: "read operations",
    replication: "object replication",
    fee: None,
};
