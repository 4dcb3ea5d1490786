//! Whether an engine can take the design a spec pins: the topology and
//! standby tier it offers, the regions it is offered in, how many regions
//! each topology holds, the Region sets multi-Region clusters must stay
//! within, the witness, and the instance classes it runs. The spec's
//! validation reports a misfit of a pinned engine as an error at the pin;
//! the search skips engines that cannot take the pins. This module only
//! reads the catalog; it does not search or price.

use super::{ActiveActive, Catalog, Engine};
use crate::model::{Kind, Replication, Standby, Topology};

/// The parts of a design a spec may pin, as region indices.
#[derive(Debug, Clone, Copy)]
pub struct DesignPins<'a> {
    pub kind: Kind,
    pub topology: Option<Topology>,
    pub standby: Option<Standby>,
    pub primary: Option<usize>,
    /// In the user's order, without duplicates.
    pub replicas: Option<&'a [usize]>,
    pub witness: Option<usize>,
    pub instance: Option<&'a str>,
}

/// Why an engine cannot take the pins: the spec key to point at, the
/// message and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    pub key: &'static str,
    pub message: String,
    pub help: String,
}

impl Misfit {
    fn new(key: &'static str, message: String, help: impl Into<String>) -> Misfit {
        Misfit {
            key,
            message,
            help: help.into(),
        }
    }
}

/// The topologies (with replication) an engine offers.
pub fn topologies(engine: &Engine) -> Vec<(Topology, Replication)> {
    let mut out = Vec::new();
    if engine.single_region {
        out.push((Topology::SingleRegion, Replication::None));
    }
    if !engine.standby.is_empty() {
        out.push((Topology::ActivePassive, Replication::Async));
    }
    match engine.active_active {
        ActiveActive::None => {}
        ActiveActive::Async => out.push((Topology::ActiveActive, Replication::Async)),
        ActiveActive::Sync => out.push((Topology::ActiveActive, Replication::Sync)),
        ActiveActive::Quorum => out.push((Topology::ActiveActive, Replication::Quorum)),
    }
    out
}

/// The first reason `engine` cannot take `pins`, or None when some design
/// of the engine can.
pub fn misfit(catalog: &Catalog, engine: &Engine, pins: &DesignPins) -> Option<Misfit> {
    let id = |r: usize| catalog.regions[r].id.as_str();
    if !engine.kinds.contains(&pins.kind) {
        return Some(Misfit::new(
            "engine",
            format!("engine \"{}\" does not hold {} data", engine.id, pins.kind),
            "pick an engine for this kind (`meridian catalog engines`)",
        ));
    }
    if let Some(name) = pins.instance {
        let classes = engine.pricing.instances();
        if !classes.iter().any(|c| c.name == name) {
            let names: Vec<&str> = classes.iter().map(|c| c.name.as_str()).collect();
            return Some(Misfit::new(
                "instance",
                format!("{} does not run instance class \"{name}\"", engine.id),
                if names.is_empty() {
                    format!("{} is serverless: remove `instance`", engine.id)
                } else {
                    format!("its classes: {}", names.join(", "))
                },
            ));
        }
    }
    if let Some(tier) = pins.standby {
        if !engine.standby.contains(&tier) {
            return Some(Misfit::new(
                "standby",
                format!("{} offers no {tier} standby", engine.id),
                format!(
                    "its standby tiers: {}",
                    list(engine.standby.iter().map(|s| s.as_str()))
                ),
            ));
        }
    }
    for (key, region) in pins
        .primary
        .map(|r| ("primary", r))
        .into_iter()
        .chain(
            pins.replicas
                .into_iter()
                .flatten()
                .map(|r| ("replicas", *r)),
        )
        .chain(pins.witness.map(|r| ("witness", r)))
    {
        if !engine.may_hold(region) {
            return Some(Misfit::new(
                key,
                format!("{} is not offered in {}", engine.id, id(region)),
                "pick one of its regions (`meridian catalog engines`), or another engine",
            ));
        }
    }
    let offered = topologies(engine);
    let wanted: Vec<(Topology, Replication)> = offered
        .iter()
        .copied()
        .filter(|(t, _)| pins.topology.is_none_or(|p| p == *t))
        .filter(|(t, _)| pins.standby.is_none() || *t == Topology::ActivePassive)
        .collect();
    if wanted.is_empty() {
        let shapes = list(offered.iter().map(|(t, _)| t.as_str()));
        return Some(Misfit::new(
            if pins.topology.is_some() {
                "topology"
            } else {
                "standby"
            },
            format!(
                "{} offers no {} design",
                engine.id,
                pins.topology.unwrap_or(Topology::ActivePassive)
            ),
            format!("its topologies: {shapes}"),
        ));
    }
    // Some topology of the engine must take the pinned regions. When none
    // does, say why the multi-region ones do not if replicas are pinned.
    let multi = pins.replicas.is_some_and(|r| !r.is_empty());
    let mut misfits = Vec::new();
    for (topology, replication) in wanted {
        match shape_misfit(catalog, engine, pins, topology, replication) {
            None => return None,
            Some(m) => misfits.push((topology, m)),
        }
    }
    let pick = misfits
        .iter()
        .position(|(t, _)| !multi || *t != Topology::SingleRegion)
        .unwrap_or(0);
    misfits.into_iter().nth(pick).map(|(_, m)| m)
}

/// Whether the pinned regions fit one topology of the engine.
fn shape_misfit(
    catalog: &Catalog,
    engine: &Engine,
    pins: &DesignPins,
    topology: Topology,
    replication: Replication,
) -> Option<Misfit> {
    let id = |r: usize| catalog.regions[r].id.as_str();
    let replicas = pins.replicas.unwrap_or(&[]);
    let voting = matches!(replication, Replication::Sync | Replication::Quorum);
    if pins.witness.is_some() && !(voting && engine.witness) {
        return Some(Misfit::new(
            "witness",
            format!("{} {topology} designs have no witness region", engine.id),
            "remove `witness` (only Aurora DSQL, DynamoDB multi-Region strong consistency and Spanner use one)",
        ));
    }
    // Regions holding a copy that the pins name, and whether they name all.
    let mut named: Vec<usize> = pins.primary.into_iter().collect();
    named.extend(
        replicas
            .iter()
            .copied()
            .filter(|r| Some(*r) != pins.primary),
    );
    let complete =
        pins.replicas.is_some() && (pins.primary.is_some() || topology == Topology::ActiveActive);
    // Regions counted by the design: the primary is always one of them.
    let count = if topology == Topology::ActivePassive && pins.replicas.is_some() {
        1 + replicas.len()
    } else {
        named.len()
    };
    match topology {
        Topology::SingleRegion => {
            // (Read-only replicas a regional configuration led from the
            // primary may add: a custom regional configuration.)
            let read_only = |c: &super::Configuration| {
                c.regional
                    && pins.primary.is_none_or(|p| p == c.leader)
                    && replicas
                        .iter()
                        .all(|r| *r == c.leader || c.optional_read_only.contains(r))
            };
            if !replicas.is_empty() && !engine.configurations.iter().any(read_only) {
                // Where regional configurations take read-only replicas,
                // name them.
                let regional: Vec<String> = engine
                    .configurations
                    .iter()
                    .filter(|c| c.regional)
                    .map(|c| {
                        format!(
                            "{} (primary {}; read-only in {})",
                            c.name,
                            id(c.leader),
                            list(c.optional_read_only.iter().map(|r| id(*r)))
                        )
                    })
                    .collect();
                let message = if regional.is_empty() {
                    "a single-region design has no replicas".to_string()
                } else {
                    format!(
                        "{} single-region designs take read-only replicas only where a regional configuration led from the primary lists them; none takes {}",
                        engine.id,
                        list(replicas.iter().map(|r| id(*r)))
                    )
                };
                let help = if regional.is_empty() {
                    "remove `replicas`, or pin topology = \"active-passive\" or \"active-active\""
                        .to_string()
                } else {
                    format!(
                        "remove `replicas`, pin topology = \"active-active\", or pin the read-only replicas of a regional configuration: {}",
                        regional.join("; ")
                    )
                };
                return Some(Misfit::new("replicas", message, help));
            }
        }
        Topology::ActivePassive | Topology::ActiveActive
            if topology == Topology::ActivePassive || replication == Replication::Async =>
        {
            if pins.replicas.is_some()
                && (complete || topology == Topology::ActivePassive)
                && count < 2
            {
                return Some(Misfit::new(
                    "replicas",
                    format!(
                        "an {topology} design needs a second region; the pins name only {}",
                        list(named.iter().map(|r| id(*r)))
                    ),
                    "list another region in `replicas`, or pin topology = \"single-region\"",
                ));
            }
            if count > engine.max_regions {
                return Some(Misfit::new(
                    "replicas",
                    format!(
                        "{} holds at most {} regions in one design; the pins name {count}",
                        engine.id, engine.max_regions
                    ),
                    format!("list at most {} regions", engine.max_regions),
                ));
            }
        }
        Topology::ActivePassive | Topology::ActiveActive => {
            let k = engine.sync_regions;
            let what = if replication == Replication::Quorum {
                "voting regions"
            } else {
                "peer regions"
            };
            // (An engine with published configurations: its fit below says
            // which regions vote and which hold read-only replicas.)
            if engine.configurations.is_empty() && ((complete && count != k) || count > k) {
                return Some(Misfit::new(
                    "replicas",
                    format!(
                        "{} {} designs have exactly {k} {what}; the pins name {count}{}",
                        engine.id,
                        replication,
                        if engine.witness {
                            " (the witness is pinned with `witness`)"
                        } else {
                            ""
                        }
                    ),
                    if replication == Replication::Quorum {
                        format!(
                            "list {k} regions (primary and replicas): a majority must survive a region loss"
                        )
                    } else {
                        format!("list {k} regions in primary/replicas and the third in `witness`")
                    },
                ));
            }
        }
    }
    if let Some(w) = pins.witness {
        if named.contains(&w) {
            return Some(Misfit::new(
                "witness",
                format!("the witness {} also holds a copy", id(w)),
                "pick a witness region that is neither the primary nor a replica",
            ));
        }
    }
    // (A location holds a standby's regions too: one bucket.)
    if topology == Topology::ActiveActive
        || topology == Topology::ActivePassive && !engine.locations.is_empty()
    {
        // The regions the pins name, the witness too, and the key to blame.
        let all: Vec<usize> = named.iter().copied().chain(pins.witness).collect();
        let key = if pins.witness.is_some() {
            "witness"
        } else {
            "replicas"
        };
        // Each pinned region is read-write or may hold a read-only
        // replica; complete pins name every read-write region and the
        // configuration's own read-only ones.
        let fits = |c: &super::Configuration| {
            !c.regional
                && named
                    .iter()
                    .all(|r| c.read_write.contains(r) || c.may_hold_read_only(*r))
                && pins.witness.is_none_or(|w| c.witness == Some(w))
                && (!complete
                    || c.read_write
                        .iter()
                        .copied()
                        .chain(c.own_read_only())
                        .all(|r| named.contains(&r)))
        };
        if !engine.configurations.is_empty() && !engine.configurations.iter().any(fits) {
            let published: Vec<String> = engine
                .configurations
                .iter()
                .filter(|c| !c.regional)
                .map(|c| {
                    let witness = c.witness.map(|w| format!(" + witness {}", id(w)));
                    let read_only = (!c.read_only.is_empty())
                        .then(|| format!(" + read-only {}", list(c.own_read_only().map(id))));
                    format!(
                        "{} ({}{}{})",
                        c.name,
                        list(c.read_write.iter().map(|r| id(*r))),
                        read_only.unwrap_or_default(),
                        witness.unwrap_or_default()
                    )
                })
                .collect();
            return Some(Misfit::new(
                key,
                format!(
                    "{} multi-region designs are its published configurations; none holds {}",
                    engine.id,
                    list(all.iter().map(|r| id(*r)))
                ),
                format!("pin the regions of one: {}", published.join("; ")),
            ));
        }
        if !engine.region_sets.is_empty()
            && !all.is_empty()
            && !engine
                .region_sets
                .iter()
                .any(|set| all.iter().all(|r| set.contains(r)))
        {
            if !engine.locations.is_empty() {
                let named: Vec<String> = engine
                    .locations
                    .iter()
                    .map(|l| format!("{} ({})", l.name, list(l.regions.iter().map(|r| id(*r)))))
                    .collect();
                return Some(Misfit::new(
                    key,
                    format!(
                        "{} keeps the regions of a multi-region design within one of its locations; {} are not",
                        engine.id,
                        list(all.iter().map(|r| id(*r)))
                    ),
                    format!("pin regions of one location: {}", named.join("; ")),
                ));
            }
            let sets: Vec<String> = engine
                .region_sets
                .iter()
                .map(|s| list(s.iter().map(|r| id(*r))))
                .collect();
            return Some(Misfit::new(
                key,
                format!(
                    "{} keeps every region of a multi-Region cluster within one Region set; {} are not",
                    engine.id,
                    list(all.iter().map(|r| id(*r)))
                ),
                format!("its Region sets: {}", sets.join("; ")),
            ));
        }
    }
    None
}

fn list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}
