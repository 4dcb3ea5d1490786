//! Recognises, in a Terraform root module read by [`crate::tfmodule`], the
//! data tier and routing of each data class of a spec, for `assess`: which
//! engine holds the class, in which regions, with which primary, standby
//! tier, instance class and capacity mode, and which traffic mechanism
//! reaches it.
//!
//! A resource belongs to a class by its `meridian:class` tag, by the
//! class's `terraform` addresses in the spec, or by name (the class's name,
//! as words, in the resource's Terraform name, else in its identifiers;
//! the longest name wins). What the module does not state is not guessed:
//! it is left to the model (the search picks it, and a note says so), and
//! every resource that is neither part of a recognised design nor a known
//! supporting resource is listed with its file, line and the reason.
//!
//! Where a cloud plugs in: a reader per cloud turns its resources into
//! groups (`aws`: AWS resources; other clouds follow their Terraform),
//! and `routing` reads the traffic mechanisms. This module places groups
//! in classes; it reads the module and the spec and does not evaluate
//! designs (see `assess`).

mod aws;
mod module;
mod routing;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::model::{CapacityMode, Standby, Topology};
use crate::spec::Spec;
use crate::tfmodule::Module;

use module::{Index, base_address, owner_by_name, tag};
use routing::Routing;

/// What a module states about one class's design.
#[derive(Debug, Clone, PartialEq)]
pub struct Observed {
    pub engine: usize,
    pub topology: Topology,
    pub standby: Option<Standby>,
    pub primary: Option<usize>,
    /// Every region holding a copy (not the witness), ascending.
    pub regions: Vec<usize>,
    pub witness: Option<usize>,
    /// The instance class of the primary (or of every region).
    pub instance: Option<String>,
    /// Instances (or cache nodes) per region, as the module states them.
    pub counts: BTreeMap<usize, u32>,
    pub capacity: Option<CapacityMode>,
    /// Provisioned DynamoDB capacity the module fixes (read, write units
    /// per replica) where no auto scaling manages it.
    pub fixed_capacity: Option<(u64, u64)>,
    /// Aurora PostgreSQL's `rds.global_db_rpo`: None for other engines,
    /// Some(None) when the module does not set it.
    pub global_db_rpo_s: Option<Option<f64>>,
    /// The traffic mechanism (catalog index) and whether its health checks
    /// are fast, where the module states them.
    pub traffic: Option<usize>,
    pub fast_health_checks: Option<bool>,
    /// The resources the design was read from, in module order.
    pub resources: Vec<String>,
    /// What the module does not say and how the design was completed.
    pub notes: Vec<String>,
}

/// A resource not assessed, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unplaced {
    pub file: PathBuf,
    pub line: usize,
    pub address: String,
    pub reason: String,
}

/// What `recognize` found.
#[derive(Debug, Clone, Default)]
pub struct Recognition {
    /// Per class of the spec (same order): its design, or why it has none.
    pub classes: Vec<Result<Observed, String>>,
    /// Resources meridian does not assess, with the reason.
    pub unplaced: Vec<Unplaced>,
    /// Resources that support a design (keys, subnet groups, policies…),
    /// counted by kind: part of what a team runs, not of the model.
    pub supporting: BTreeMap<String, usize>,
}

/// Kinds that support a design but do not change what the model measures.
const SUPPORTING: &[&str] = &[
    "aws_appautoscaling_policy",
    "aws_appautoscaling_target",
    "aws_backup_selection",
    "aws_backup_vault",
    "aws_cloudfront_origin_access_control",
    "aws_cloudwatch_metric_alarm",
    "aws_db_parameter_group",
    "aws_db_subnet_group",
    "aws_dsql_cluster_peering",
    "aws_elasticache_subnet_group",
    "aws_globalaccelerator_listener",
    "aws_iam_instance_profile",
    "aws_iam_policy",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_role_policy_attachment",
    "aws_kms_alias",
    "aws_kms_key",
    "aws_kms_replica_key",
    "aws_rds_cluster_parameter_group",
    "aws_resiliencehub_resiliency_policy",
    "aws_route53_zone",
    "aws_route53recoverycontrolconfig_cluster",
    "aws_route53recoverycontrolconfig_control_panel",
    "aws_route53recoverycontrolconfig_safety_rule",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_s3_bucket_ownership_controls",
    "aws_s3_bucket_policy",
    "aws_s3_bucket_public_access_block",
    "aws_s3_bucket_server_side_encryption_configuration",
    "aws_s3_bucket_versioning",
    "aws_secretsmanager_secret",
    "aws_secretsmanager_secret_version",
    "aws_security_group",
];

/// A design found in the module, before it is placed in a class.
struct Group {
    engine: &'static str,
    /// Region ids holding a copy, the primary first where there is one.
    regions: Vec<String>,
    primary: Option<String>,
    topology: Topology,
    standby: Option<Standby>,
    witness: Option<String>,
    instance: Option<String>,
    counts: BTreeMap<String, u32>,
    capacity: Option<CapacityMode>,
    global_db_rpo_s: Option<Option<f64>>,
    fixed_capacity: Option<(u64, u64)>,
    /// Resource indices making the design; the first decides the class.
    members: Vec<usize>,
    notes: Vec<String>,
    /// Whether the tags may say the topology (global tables: every replica
    /// takes writes, the application decides).
    topology_from_tags: bool,
}

impl Group {
    fn new(engine: &'static str, topology: Topology, members: Vec<usize>) -> Group {
        Group {
            engine,
            regions: Vec::new(),
            primary: None,
            topology,
            standby: None,
            witness: None,
            instance: None,
            counts: BTreeMap::new(),
            capacity: None,
            global_db_rpo_s: None,
            fixed_capacity: None,
            members,
            notes: Vec::new(),
            topology_from_tags: false,
        }
    }
}

/// The class a resource belongs to: its tag, the spec's `terraform`
/// addresses, then its name.
fn class_of(r: &crate::tfmodule::Resource, spec: &Spec) -> Result<Option<usize>, String> {
    let names: Vec<String> = spec.data.iter().map(|c| c.name.clone()).collect();
    if let Some(t) = tag(r, "meridian:class") {
        return names.iter().position(|n| n == t).map(Some).ok_or_else(|| {
            format!("its tag meridian:class = \"{t}\" names no data class of the spec")
        });
    }
    if let Some(c) = spec.data.iter().position(|c| {
        c.terraform
            .iter()
            .any(|a| *a == r.address || *a == base_address(r))
    }) {
        return Ok(Some(c));
    }
    owner_by_name(r, &names)
}

/// Recognises each class's design in `module`.
pub fn recognize(module: &Module, spec: &Spec, catalog: &Catalog) -> Recognition {
    let mut ix = Index {
        resources: &module.resources,
        used: vec![false; module.resources.len()],
        unplaced: Vec::new(),
    };
    let groups = aws::groups(&mut ix);
    let routing = routing::read(&mut ix, spec, catalog);

    let mut classes: Vec<Result<Observed, String>> = spec
        .data
        .iter()
        .map(|_| Err("no resource of the module holds it".to_string()))
        .collect();
    let mut found: Vec<Vec<String>> = vec![Vec::new(); spec.data.len()];
    for g in groups {
        let principal = &module.resources[g.members[0]];
        let class = match g
            .members
            .iter()
            .map(|&i| class_of(&module.resources[i], spec))
            .find(|c| !matches!(c, Ok(None)))
            .unwrap_or(Ok(None))
        {
            Ok(Some(c)) => c,
            Ok(None) => {
                for &i in &g.members {
                    ix.skip(
                        i,
                        format!(
                            "part of a {} design that no data class of the spec names (tag {} with meridian:class)",
                            g.engine, principal.address
                        ),
                    );
                }
                continue;
            }
            Err(why) => {
                for &i in &g.members {
                    ix.skip(i, why.clone());
                }
                continue;
            }
        };
        found[class].push(principal.address.clone());
        if let Some(r) = g
            .members
            .iter()
            .map(|&i| &module.resources[i])
            .find(|r| !r.instances_known)
        {
            classes[class] = Err(format!(
                "how many instances of {} ({}:{}) there are is not known here (count or for_each from a value the module does not give)",
                r.address,
                r.file.display(),
                r.line
            ));
            continue;
        }
        if found[class].len() > 1 {
            classes[class] = Err(format!(
                "more than one design names it ({}): tag the one it uses with meridian:class",
                found[class].join(", ")
            ));
            continue;
        }
        classes[class] = observe(&g, class, spec, catalog, &routing, module);
    }
    // A class whose resources were set aside (an engine the catalog does
    // not model, no region) says which and why.
    for (c, result) in classes.iter_mut().enumerate() {
        if !found[c].is_empty() {
            continue;
        }
        let set_aside = ix.unplaced.iter().find(|u| {
            module
                .resources
                .iter()
                .find(|r| r.address == u.address)
                .is_some_and(|r| matches!(class_of(r, spec), Ok(Some(k)) if k == c))
        });
        if let Some(u) = set_aside {
            *result = Err(format!(
                "{} ({}:{}) would hold it, but {}",
                u.address,
                u.file.display(),
                u.line,
                u.reason
            ));
        }
    }
    for (i, used) in ix.used.clone().into_iter().enumerate() {
        if used {
            continue;
        }
        let r = &module.resources[i];
        if !r.kind.starts_with("aws_") {
            ix.skip(
                i,
                format!("provider of {} is not assessed (AWS only)", r.kind),
            );
        } else if SUPPORTING.contains(&r.kind.as_str()) {
            ix.used[i] = true;
        } else {
            ix.skip(i, "not a data-tier or routing resource meridian models");
        }
    }
    let mut supporting = BTreeMap::new();
    for r in &module.resources {
        if SUPPORTING.contains(&r.kind.as_str()) {
            *supporting.entry(r.kind.clone()).or_insert(0) += 1;
        }
    }
    let mut unplaced = ix.unplaced;
    unplaced.sort();
    Recognition {
        classes,
        unplaced,
        supporting,
    }
}

/// A group placed in its class: region ids to catalog indices, the tags'
/// topology, the routing of the class and its services.
fn observe(
    g: &Group,
    class: usize,
    spec: &Spec,
    catalog: &Catalog,
    routing: &Routing,
    module: &Module,
) -> Result<Observed, String> {
    let engine = catalog
        .engine_index(g.engine)
        .ok_or_else(|| format!("engine {} is not in the catalog", g.engine))?;
    let region = |id: &str| {
        catalog
            .region_index(id)
            .ok_or_else(|| format!("region {id} is not in meridian's catalog"))
    };
    let mut notes = g.notes.clone();
    let principal = &module.resources[g.members[0]];
    let mut topology = g.topology;
    let mut standby = g.standby;
    let mut primary = g.primary.clone();
    if g.topology_from_tags && g.regions.len() > 1 {
        match (tag(principal, "meridian:topology"), tag(principal, "meridian:primary")) {
            (Some("active-passive"), Some(p)) if g.regions.iter().any(|r| r == p) => {
                topology = Topology::ActivePassive;
                standby = Some(Standby::HotStandby);
                primary = Some(p.to_string());
            }
            (Some("active-passive"), _) => {
                return Err(format!(
                    "{}: tag meridian:topology = \"active-passive\" needs meridian:primary naming one of its regions ({})",
                    principal.address,
                    g.regions.join(", ")
                ));
            }
            (Some("active-active"), _) => {}
            _ => notes.push(format!(
                "{} takes writes in every region: assessed as active-active (tag it meridian:topology = \"active-passive\" and meridian:primary = REGION if applications write to one region)",
                principal.address
            )),
        }
    }
    // A tier the tags state (instances alone cannot tell a warm standby
    // of the smallest class from a hot one of the same class).
    let tagged = g
        .members
        .iter()
        .find_map(|&i| tag(&module.resources[i], "meridian:standby"))
        .and_then(Standby::parse);
    if let (Some(t), Topology::ActivePassive) = (tagged, topology)
        && standby != Some(t)
    {
        if let Some(read) = standby {
            notes.push(format!(
                "tagged meridian:standby = \"{t}\"; its instances alone read as {read}"
            ));
        }
        standby = Some(t);
    }
    let mut regions = g
        .regions
        .iter()
        .map(|r| region(r))
        .collect::<Result<Vec<_>, _>>()?;
    regions.sort_unstable();
    regions.dedup();
    let primary = primary.as_deref().map(region).transpose()?;
    let witness = g.witness.as_deref().map(region).transpose()?;
    let counts = g
        .counts
        .iter()
        .map(|(r, n)| Ok((region(r)?, *n)))
        .collect::<Result<BTreeMap<_, _>, String>>()?;
    let (traffic, fast) = routing.of_class(class, spec);
    if topology != Topology::SingleRegion {
        match (traffic, routing.conflict(class, spec)) {
            (_, Some(why)) => notes.push(why),
            (None, None) => notes.push(
                "no routing in the module names it or a service using it: the cheapest traffic mechanism the spec allows is assessed".into(),
            ),
            _ => {}
        }
    }
    Ok(Observed {
        engine,
        topology,
        standby,
        primary: if topology == Topology::ActiveActive {
            None
        } else {
            primary
        },
        regions,
        witness,
        instance: g.instance.clone(),
        counts,
        capacity: g.capacity,
        global_db_rpo_s: g.global_db_rpo_s,
        fixed_capacity: g.fixed_capacity,
        traffic,
        fast_health_checks: fast,
        resources: g
            .members
            .iter()
            .map(|&i| module.resources[i].address.clone())
            .collect(),
        notes,
    })
}
