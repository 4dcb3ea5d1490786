//! The vocabulary shared by the spec, the catalog, the search and the plan:
//! kinds of data, consistency and conflict levels, topologies, standby tiers
//! and replication modes, with their spec spellings. Nothing here computes.

use serde::Serialize;

macro_rules! spelled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in specs, catalogs and the plan JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the spec spelling.
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }

            /// Every spelling, for error messages.
            pub fn spellings() -> Vec<&'static str> {
                Self::ALL.iter().map(|v| v.as_str()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                $name::parse(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "unknown {} \"{}\"; expected one of: {}",
                        stringify!($name), text, $name::spellings().join(", ")
                    ))
                })
            }
        }
    };
}

spelled_enum!(
    /// What a data class is, which decides the engines that can hold it.
    Kind {
        Relational => "relational",
        KeyValue => "key-value",
        Object => "object",
        Cache => "cache",
    }
);

spelled_enum!(
    /// The read guarantee a data class needs, strongest first (Cosmos DB's
    /// five levels; consistent prefix: reads never see writes out of
    /// order, however stale).
    Consistency {
        Strong => "strong",
        BoundedStaleness => "bounded-staleness",
        Session => "session",
        ConsistentPrefix => "consistent-prefix",
        Eventual => "eventual",
    }
);

spelled_enum!(
    /// How concurrent writes to the same item are allowed to be resolved:
    /// one writer (no concurrent writes), last writer wins, a CRDT merge,
    /// the application's own merge, or `surface`: every concurrent version
    /// kept and handed to the application, none dropped.
    Conflicts {
        SingleWriter => "single-writer",
        LastWriterWins => "last-writer-wins",
        Crdt => "crdt",
        Custom => "custom",
        Surface => "surface",
    }
);

spelled_enum!(
    /// The shape of a deployment across regions.
    Topology {
        SingleRegion => "single-region",
        ActivePassive => "active-passive",
        ActiveActive => "active-active",
    }
);

spelled_enum!(
    /// How ready an active-passive standby region is, cheapest first.
    Standby {
        BackupRestore => "backup-restore",
        PilotLight => "pilot-light",
        WarmStandby => "warm-standby",
        HotStandby => "hot-standby",
    }
);

spelled_enum!(
    /// Which p99 a class's latency SLOs bound: what its users see (last mile
    /// and the path to the serving region included), or what the service
    /// calling the data sees (from its region to the data's).
    LatencyAt {
        User => "user",
        Service => "service",
    }
);

spelled_enum!(
    /// The term capacity is committed for (spec key `commitment`): none
    /// (on-demand and provisioned prices), or one or three years of
    /// reserved capacity where the catalog has a published price for it.
    Commitment {
        None => "none",
        OneYear => "1y",
        ThreeYear => "3y",
    }
);

spelled_enum!(
    /// How a design buys its capacity where the engine offers a choice:
    /// DynamoDB on-demand or provisioned (with auto scaling), Aurora
    /// Standard or I/O-Optimized storage, Cosmos DB manual (provisioned)
    /// or autoscale throughput, or a serverless account (one region,
    /// billed per request unit); instance and serverless engines
    /// are on-demand. One mode per design, the cheaper for its workload.
    CapacityMode {
        OnDemand => "on-demand",
        Provisioned => "provisioned",
        Standard => "standard",
        IoOptimized => "io-optimized",
        Autoscale => "autoscale",
        Serverless => "serverless",
    }
);

spelled_enum!(
    /// How writes reach the other regions.
    Replication {
        None => "none",
        Async => "async",
        Sync => "sync",
        Quorum => "quorum",
    }
);

spelled_enum!(
    /// Who decides that a region is lost (spec key `failover`): health
    /// checks or clients, at once (`automatic`), or an operator after a
    /// decision time (`operator`), as partial regional events need.
    Failover {
        Automatic => "automatic",
        Operator => "operator",
    }
);

spelled_enum!(
    /// How a traffic mechanism moves users off a failed region (catalog
    /// `kind`): health-checked DNS records (the TTL applies), anycast
    /// addresses with endpoint health checks (no TTL), the client retrying
    /// the next region, or a switch an operator flips (it detects nothing).
    TrafficKind {
        Dns => "dns",
        Anycast => "anycast",
        Client => "client",
        Switch => "switch",
    }
);
