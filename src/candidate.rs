//! A candidate design for one data class: engine, topology, standby tier,
//! replication, primary, the regions holding a copy and (for Aurora DSQL) a
//! witness region. The search builds candidates; evaluation prices and
//! measures them; the plan reports the chosen one.

use crate::model::{Replication, Standby, Topology};

/// What a region does in a candidate (serialized as `as_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Role {
    /// Takes every write (single-region, active-passive) or leads (quorum).
    #[serde(rename = "primary")]
    Primary,
    /// Takes writes alongside others (active-active), at full size.
    #[serde(rename = "active")]
    Active,
    /// Active-passive standby at full size.
    #[serde(rename = "hot standby")]
    Hot,
    /// Active-passive standby scaled down.
    #[serde(rename = "warm standby")]
    Warm,
    /// Active-passive standby with data but no compute.
    #[serde(rename = "pilot light")]
    Pilot,
    /// Holds cross-region backup copies only.
    #[serde(rename = "backup copy")]
    Backup,
    /// A full copy that serves reads but neither votes nor takes writes
    /// (Spanner's read-only replicas); its application tier runs at full
    /// size for the users it serves.
    #[serde(rename = "read-only replica")]
    ReadOnly,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Primary => "primary",
            Role::Active => "active",
            Role::Hot => "hot standby",
            Role::Warm => "warm standby",
            Role::Pilot => "pilot light",
            Role::Backup => "backup copy",
            Role::ReadOnly => "read-only replica",
        }
    }

    /// Whether the region runs full-size compute (it can take the whole load).
    pub fn is_full(self) -> bool {
        matches!(
            self,
            Role::Primary | Role::Active | Role::Hot | Role::ReadOnly
        )
    }

    /// The role of a standby region of the given tier.
    pub fn of_standby(tier: Standby) -> Role {
        match tier {
            Standby::HotStandby => Role::Hot,
            Standby::WarmStandby => Role::Warm,
            Standby::PilotLight => Role::Pilot,
            Standby::BackupRestore => Role::Backup,
        }
    }
}

/// One design to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub engine: usize,
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub replication: Replication,
    /// The primary (single-region, active-passive) or leader (quorum).
    pub primary: Option<usize>,
    /// Every region holding a copy, ascending; includes the primary.
    pub regions: Vec<usize>,
    /// A region that votes but holds no full copy (Aurora DSQL witness).
    pub witness: Option<usize>,
    /// Regions of `regions` holding read-only replicas (Spanner), ascending:
    /// they serve reads the consistency allows, and neither vote nor
    /// take writes.
    pub read_only: Vec<usize>,
    /// The engine's published configuration the design is built on (index
    /// into its `configurations`), where it has them: two configurations
    /// may share their voting regions and differ in read-only replicas
    /// (Spanner's nam7 and nam12).
    pub configuration: Option<usize>,
    /// Index of the pinned instance class, if any.
    pub instance: Option<usize>,
    /// The traffic mechanism users reach the design through (index into
    /// the catalog's `traffic.mechanisms`).
    pub traffic: usize,
    /// Fast (10 s) endpoint health checks instead of standard (30 s), where
    /// the mechanism has them.
    pub fast_detection: bool,
}

impl Candidate {
    pub fn role(&self, region: usize) -> Role {
        if self.read_only.contains(&region) {
            return Role::ReadOnly;
        }
        match (self.topology, self.primary) {
            (Topology::ActiveActive, Some(p)) if p == region => Role::Primary,
            (Topology::ActiveActive, _) => Role::Active,
            (_, Some(p)) if p == region => Role::Primary,
            _ => self.standby.map_or(Role::Hot, Role::of_standby),
        }
    }

    /// How users reach the design: a single-region design with read-only
    /// replicas (a Spanner custom regional configuration) serves reads in
    /// several regions, so its users are routed as an active-active
    /// design's are, though nothing fails over.
    pub fn routing_topology(&self) -> Topology {
        if self.topology == Topology::SingleRegion && !self.read_only.is_empty() {
            Topology::ActiveActive
        } else {
            self.topology
        }
    }

    /// Whether users reach the design through a traffic mechanism: every
    /// design of more than one serving region.
    pub fn routed(&self) -> bool {
        self.routing_topology() != Topology::SingleRegion
    }

    /// Regions holding a copy that may take writes or vote: all but the
    /// read-only replicas.
    pub fn voting(&self) -> impl Iterator<Item = usize> + '_ {
        self.regions
            .iter()
            .copied()
            .filter(move |r| !self.read_only.contains(r))
    }

    /// Regions holding a copy, other than the primary.
    pub fn others(&self) -> impl Iterator<Item = usize> + '_ {
        self.regions
            .iter()
            .copied()
            .filter(move |r| Some(*r) != self.primary)
    }
}
