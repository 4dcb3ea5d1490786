//! AWS resources read as designs: Aurora global clusters, RDS instances
//! and cross-region read replicas, DynamoDB tables (and MRSC global tables
//! declared through CloudFormation), Aurora DSQL clusters and peerings, S3
//! buckets and their replication (with or without RTC), ElastiCache global
//! datastores, and AWS Backup copying a single-region design elsewhere.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{CapacityMode, Standby, Topology};
use crate::tfmodule::{Nested, Resource, Value};

use super::Group;
use super::module::{
    Index, attr, base_address, blocks, nested_text, object_path, references, tag, text,
};

/// Every design of the module, backups folded into the designs they copy.
pub(super) fn groups(ix: &mut Index) -> Vec<Group> {
    let mut groups = Vec::new();
    groups.extend(aurora(ix));
    groups.extend(rds(ix));
    groups.extend(dynamodb(ix));
    groups.extend(dsql(ix));
    groups.extend(s3(ix));
    groups.extend(elasticache(ix));
    groups.extend(quorum(ix));
    for g in &mut groups {
        backups(ix, g);
    }
    groups
}

/// A region's copy: its region, instances (or cache nodes) and class.
type Copy = (String, u32, Option<String>);

impl Group {
    /// A primary and its secondaries: the regions, counts and instance
    /// class, and the standby tier (the lowest of the secondaries').
    fn place(&mut self, primary: Copy, secondaries: Vec<Copy>) {
        let classes: BTreeSet<String> = std::iter::once(&primary)
            .chain(&secondaries)
            .filter_map(|c| c.2.clone())
            .collect();
        let order = size_order(&classes);
        let (region, count, class) = primary;
        self.primary = Some(region.clone());
        self.regions.push(region.clone());
        self.counts.insert(region, count);
        let mut tiers = Vec::new();
        for (r, n, c) in secondaries {
            // A secondary that states no class has the primary's (an
            // ElastiCache global datastore's members inherit it).
            let c = c.or_else(|| class.clone());
            tiers.push(tier((count, class.as_deref()), (n, c.as_deref()), &order));
            self.regions.push(r.clone());
            self.counts.insert(r, n);
        }
        self.instance = class;
        if let Some(t) = lowest(&tiers, &mut self.notes) {
            self.topology = Topology::ActivePassive;
            self.standby = Some(t);
        }
    }
}

/// The standby tier of a secondary from its instances against the
/// primary's: none running is a pilot light, fewer or a smaller class a
/// warm standby, the same a hot standby.
fn tier(primary: (u32, Option<&str>), secondary: (u32, Option<&str>), order: &[&str]) -> Standby {
    let rank = |c: Option<&str>| c.and_then(|c| order.iter().position(|o| *o == c));
    if secondary.0 == 0 {
        Standby::PilotLight
    } else if secondary.0 < primary.0 || rank(secondary.1) < rank(primary.1) {
        Standby::WarmStandby
    } else {
        Standby::HotStandby
    }
}

/// The lowest tier among the secondaries (the model has one per design).
fn lowest(tiers: &[Standby], notes: &mut Vec<String>) -> Option<Standby> {
    let least = tiers.iter().copied().min()?;
    if tiers.iter().any(|t| *t != least) {
        notes.push(format!(
            "its secondaries differ in size: assessed as {least} (the smallest), as the model has one tier per design"
        ));
    }
    Some(least)
}

/// Instance classes in the order the model ranks them: by the numbers in
/// their size word (large < xlarge < 2xlarge …).
fn size_order(classes: &BTreeSet<String>) -> Vec<&str> {
    let mut v: Vec<&str> = classes.iter().map(String::as_str).collect();
    let size = |c: &str| {
        let last = c.rsplit('.').next().unwrap_or(c);
        let n: String = last.chars().take_while(char::is_ascii_digit).collect();
        if last.contains("xlarge") {
            n.parse::<u32>().unwrap_or(1) * 4
        } else if last.contains("large") {
            2
        } else {
            1
        }
    };
    v.sort_by_key(|c| size(c));
    v
}

fn aurora(ix: &mut Index) -> Vec<Group> {
    let mut out = Vec::new();
    let clusters = ix.of_kind("aws_rds_cluster");
    let instances = ix.of_kind("aws_rds_cluster_instance");
    let mut grouped: BTreeSet<usize> = BTreeSet::new();
    let mut sets: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    for g in ix.of_kind("aws_rds_global_cluster") {
        let members: Vec<usize> = clusters
            .iter()
            .copied()
            .filter(|&c| {
                ix.points_at(
                    c,
                    "global_cluster_identifier",
                    g,
                    "global_cluster_identifier",
                )
            })
            .collect();
        grouped.extend(&members);
        sets.push((Some(g), members));
    }
    for &c in &clusters {
        if !grouped.contains(&c) {
            sets.push((None, vec![c]));
        }
    }
    for (global, members) in sets {
        let engine_text = global
            .and_then(|g| text(&ix.resources[g], "engine"))
            .or_else(|| {
                members
                    .iter()
                    .find_map(|&c| text(&ix.resources[c], "engine"))
            });
        let all: Vec<usize> = global.into_iter().chain(members.iter().copied()).collect();
        match engine_text {
            Some("aurora-postgresql") => {}
            Some(other) => {
                let why = format!(
                    "it runs Aurora engine \"{other}\": meridian's catalog models Aurora PostgreSQL only"
                );
                all.iter().for_each(|&i| ix.skip(i, why.clone()));
                continue;
            }
            None => {
                let why = "its Aurora engine is not stated (engine = \"aurora-postgresql\")";
                all.iter().for_each(|&i| ix.skip(i, why));
                continue;
            }
        }
        if members.is_empty() {
            all.iter()
                .for_each(|&i| ix.skip(i, "a global cluster with no regional cluster"));
            continue;
        }
        let mut g = Group::new("aurora-postgresql", Topology::SingleRegion, all.clone());
        let mut sizes: Vec<Copy> = Vec::new();
        let mut rpo_parameters: Vec<Option<f64>> = Vec::new();
        for &c in &members {
            let cr = &ix.resources[c];
            let mine: Vec<usize> = instances
                .iter()
                .copied()
                .filter(|&i| ix.points_at(i, "cluster_identifier", c, "cluster_identifier"))
                .collect();
            let class = mine
                .iter()
                .find_map(|&i| text(&ix.resources[i], "instance_class"))
                .map(str::to_string);
            let Some(region) = ix.region(c) else {
                let why = "its provider states no region";
                all.iter().for_each(|&i| ix.skip(i, why));
                g.members.clear();
                break;
            };
            g.members.extend(&mine);
            // rds.global_db_rpo from the cluster's parameter group.
            let set = ix
                .pointed(
                    attr(cr, "db_cluster_parameter_group_name"),
                    "aws_rds_cluster_parameter_group",
                    "name",
                )
                .into_iter()
                .flat_map(|pg| blocks(&ix.resources[pg], "parameter"))
                .find(|p| nested_text(p, "name") == Some("rds.global_db_rpo"))
                .and_then(|p| match p.attributes.get("value") {
                    Some(Value::String(v)) => v.parse::<f64>().ok(),
                    Some(Value::Number(n)) => Some(*n),
                    _ => None,
                });
            rpo_parameters.push(set);
            if text(cr, "storage_type") == Some("aurora-iopt1") {
                g.capacity = Some(CapacityMode::IoOptimized);
            }
            sizes.push((region, mine.len() as u32, class));
        }
        if g.members.is_empty() {
            continue;
        }
        g.capacity.get_or_insert(CapacityMode::Standard);
        // The bound holds only where every cluster sets the parameter (it
        // must hold after a failover too); the largest value bounds.
        g.global_db_rpo_s = Some(if rpo_parameters.iter().all(Option::is_some) {
            rpo_parameters.iter().flatten().copied().reduce(f64::max)
        } else {
            if rpo_parameters.iter().any(Option::is_some) {
                g.notes.push(
                    "rds.global_db_rpo is set in some clusters only: no bound is assessed (it must hold after a failover too)".into(),
                );
            }
            None
        });
        // The primary holds the master credentials; secondaries join the
        // global cluster without them.
        let credentialed: Vec<usize> = (0..members.len())
            .filter(|&k| {
                let cr = &ix.resources[members[k]];
                [
                    "master_username",
                    "master_password",
                    "master_password_wo",
                    "manage_master_user_password",
                ]
                .iter()
                .any(|a| attr(cr, a).is_some())
            })
            .collect();
        let p = match credentialed.as_slice() {
            [one] => *one,
            _ => {
                if members.len() > 1 {
                    g.notes.push(format!(
                        "no single cluster holds the master credentials: {} taken as the primary",
                        ix.resources[members[0]].address
                    ));
                }
                0
            }
        };
        let primary = sizes.remove(p);
        g.place(primary, sizes);
        g.members.iter().for_each(|&i| ix.used[i] = true);
        out.push(g);
    }
    out
}

fn rds(ix: &mut Index) -> Vec<Group> {
    let instances = ix.of_kind("aws_db_instance");
    let mut out = Vec::new();
    let replicas_of = |ix: &Index, p: usize| -> Vec<usize> {
        instances
            .iter()
            .copied()
            .filter(|&i| i != p && ix.points_at(i, "replicate_source_db", p, "identifier"))
            .collect()
    };
    for &p in &instances {
        if attr(&ix.resources[p], "replicate_source_db").is_some() {
            continue;
        }
        let members: Vec<usize> = std::iter::once(p).chain(replicas_of(ix, p)).collect();
        match text(&ix.resources[p], "engine") {
            Some("postgres") => {}
            other => {
                let why = format!(
                    "it runs RDS engine {}: meridian's catalog models RDS for PostgreSQL only",
                    other.map_or("not stated".into(), |e| format!("\"{e}\""))
                );
                members.iter().for_each(|&i| ix.skip(i, why.clone()));
                continue;
            }
        }
        let mut g = Group::new("rds-postgresql", Topology::SingleRegion, members.clone());
        let class = |i: usize| text(&ix.resources[i], "instance_class").map(str::to_string);
        let Some(pr) = ix.region(p) else {
            members
                .iter()
                .for_each(|&i| ix.skip(i, "its provider states no region"));
            continue;
        };
        if attr(&ix.resources[p], "multi_az") != Some(&Value::Bool(true)) {
            g.notes.push(format!(
                "{} is not Multi-AZ: the model prices and times a Multi-AZ primary",
                ix.resources[p].address
            ));
        }
        let replicas = members[1..]
            .iter()
            .filter_map(|&r| Some((ix.region(r)?, 1, class(r))))
            .collect();
        g.place((pr, 1, class(p)), replicas);
        members.iter().for_each(|&i| ix.used[i] = true);
        out.push(g);
    }
    out
}

fn dynamodb(ix: &mut Index) -> Vec<Group> {
    let mut out = Vec::new();
    for t in ix.of_kind("aws_dynamodb_table") {
        let r = &ix.resources[t];
        let Some(home) = r.region.clone() else {
            ix.skip(t, "its provider states no region");
            continue;
        };
        let replicas: Vec<&Nested> = blocks(r, "replica").collect();
        let strong = replicas
            .iter()
            .any(|b| nested_text(b, "consistency_mode") == Some("STRONG"));
        let witness = blocks(r, "global_table_witness")
            .find_map(|b| nested_text(b, "region_name"))
            .map(str::to_string);
        let mut regions = vec![home];
        regions.extend(
            replicas
                .iter()
                .filter_map(|b| nested_text(b, "region_name"))
                .map(str::to_string),
        );
        let on_demand = text(r, "billing_mode") == Some("PAY_PER_REQUEST");
        let mut g = table(
            t,
            regions,
            strong,
            witness,
            on_demand,
            r.attributes.contains_key("billing_mode"),
        );
        // Units the module fixes, where no auto scaling target manages
        // the table.
        let scaled = ix
            .of_kind("aws_appautoscaling_target")
            .into_iter()
            .any(|a| ix.mentions(a, "resource_id", t));
        let units = |k: &str| attr(&ix.resources[t], k).and_then(Value::as_f64);
        if let (false, false, Some(read), Some(write)) = (
            on_demand,
            scaled,
            units("read_capacity"),
            units("write_capacity"),
        ) {
            g.fixed_capacity = Some((read as u64, write as u64));
        }
        out.push(g);
        ix.used[t] = true;
    }
    // Multi-Region strong consistency declared through CloudFormation
    // (AWS::DynamoDB::GlobalTable), as provider 5.x needs.
    for s in ix.of_kind("aws_cloudformation_stack") {
        let r = &ix.resources[s];
        let Some(Value::Object(resources)) =
            attr(r, "template_body").and_then(|b| object_path(b, &["Resources"]))
        else {
            continue;
        };
        let Some(props) = resources.values().find_map(|res| {
            (object_path(res, &["Type"]).and_then(Value::as_str)
                == Some("AWS::DynamoDB::GlobalTable"))
            .then(|| object_path(res, &["Properties"]))
            .flatten()
        }) else {
            continue;
        };
        let list = |key: &str| -> Vec<String> {
            match object_path(props, &[key]) {
                Some(Value::List(items)) => items
                    .iter()
                    .filter_map(|i| object_path(i, &["Region"]).and_then(Value::as_str))
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let strong = object_path(props, &["MultiRegionConsistency"]).and_then(Value::as_str)
            == Some("STRONG");
        let on_demand =
            object_path(props, &["BillingMode"]).and_then(Value::as_str) == Some("PAY_PER_REQUEST");
        let witness = list("GlobalTableWitnesses").into_iter().next();
        out.push(table(s, list("Replicas"), strong, witness, on_demand, true));
        ix.used[s] = true;
    }
    out
}

fn table(
    i: usize,
    regions: Vec<String>,
    strong: bool,
    witness: Option<String>,
    on_demand: bool,
    billing_stated: bool,
) -> Group {
    let many = regions.len() > 1;
    let mut g = Group::new(
        if strong { "dynamodb-mrsc" } else { "dynamodb" },
        if many {
            Topology::ActiveActive
        } else {
            Topology::SingleRegion
        },
        vec![i],
    );
    g.primary = (!many).then(|| regions[0].clone());
    g.regions = regions;
    g.witness = witness;
    g.topology_from_tags = many && !strong;
    g.capacity = Some(if on_demand {
        CapacityMode::OnDemand
    } else {
        CapacityMode::Provisioned
    });
    if !billing_stated {
        g.notes
            .push("billing_mode is not set: Terraform's default, PROVISIONED, is assessed".into());
    }
    g
}

fn dsql(ix: &mut Index) -> Vec<Group> {
    let clusters = ix.of_kind("aws_dsql_cluster");
    // Clusters joined by a peering are one design.
    let mut set: Vec<usize> = (0..clusters.len()).collect();
    fn find(set: &mut [usize], i: usize) -> usize {
        if set[i] != i {
            let root = find(set, set[i]);
            set[i] = root;
        }
        set[i]
    }
    for p in ix.of_kind("aws_dsql_cluster_peering") {
        let r = &ix.resources[p];
        let mut joined = ix.pointed(attr(r, "identifier"), "aws_dsql_cluster", "identifier");
        joined.extend(ix.pointed(attr(r, "clusters"), "aws_dsql_cluster", "identifier"));
        let joined: Vec<usize> = joined
            .iter()
            .filter_map(|c| clusters.iter().position(|x| x == c))
            .collect();
        for w in joined.windows(2) {
            let (a, b) = (find(&mut set, w[0]), find(&mut set, w[1]));
            set[a] = b;
        }
        ix.used[p] = true;
    }
    let mut by_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &cluster) in clusters.iter().enumerate() {
        let root = find(&mut set, k);
        by_root.entry(root).or_default().push(cluster);
    }
    let mut out = Vec::new();
    for members in by_root.into_values() {
        let regions: Vec<String> = members.iter().filter_map(|&c| ix.region(c)).collect();
        if regions.len() != members.len() {
            members
                .iter()
                .for_each(|&c| ix.skip(c, "its provider states no region"));
            continue;
        }
        let witness = members.iter().find_map(|&c| {
            blocks(&ix.resources[c], "multi_region_properties")
                .find_map(|b| nested_text(b, "witness_region"))
                .map(str::to_string)
        });
        let many = regions.len() > 1;
        let mut g = Group::new(
            "aurora-dsql",
            if many {
                Topology::ActiveActive
            } else {
                Topology::SingleRegion
            },
            members.clone(),
        );
        g.primary = (!many).then(|| regions[0].clone());
        g.regions = regions;
        g.witness = witness;
        g.capacity = Some(CapacityMode::OnDemand);
        members.iter().for_each(|&c| ix.used[c] = true);
        out.push(g);
    }
    out
}

fn s3(ix: &mut Index) -> Vec<Group> {
    let buckets = ix.of_kind("aws_s3_bucket");
    // Buckets a CloudFront distribution serves are static-asset origins,
    // priced from the spec's [static_assets].
    let mut origins = BTreeSet::new();
    for d in ix.of_kind("aws_cloudfront_distribution") {
        let r = &ix.resources[d];
        for o in blocks(r, "origin") {
            let refs: Vec<String> = o.attributes.values().flat_map(references).collect();
            for &b in &buckets {
                if refs.contains(&base_address(&ix.resources[b])) {
                    origins.insert(b);
                }
            }
        }
        ix.used[d] = true;
    }
    // Replication edges: source → destination, with RTC or not.
    let mut edges: Vec<(usize, usize, bool)> = Vec::new();
    for c in ix.of_kind("aws_s3_bucket_replication_configuration") {
        let r = &ix.resources[c];
        let sources = ix.pointed(attr(r, "bucket"), "aws_s3_bucket", "bucket");
        for rule in blocks(r, "rule") {
            for d in rule.blocks.iter().filter(|b| b.kind == "destination") {
                let dests = ix.pointed(d.attributes.get("bucket"), "aws_s3_bucket", "arn");
                let rtc = d.blocks.iter().any(|b| {
                    b.kind == "replication_time" && nested_text(b, "status") == Some("Enabled")
                });
                for &s in &sources {
                    for &t in &dests {
                        edges.push((s, t, rtc));
                    }
                }
            }
        }
        ix.used[c] = true;
    }
    let mut out = Vec::new();
    let mut done: BTreeSet<usize> = BTreeSet::new();
    for &b in &buckets {
        if done.contains(&b) {
            continue;
        }
        if origins.contains(&b) {
            ix.used[b] = true;
            continue;
        }
        // The buckets replication joins to this one.
        let mut members = vec![b];
        let mut k = 0;
        while k < members.len() {
            let m = members[k];
            for &(s, t, _) in &edges {
                for (x, y) in [(s, t), (t, s)] {
                    if x == m && !members.contains(&y) {
                        members.push(y);
                    }
                }
            }
            k += 1;
        }
        done.extend(&members);
        let regions: Vec<String> = members.iter().filter_map(|&m| ix.region(m)).collect();
        if regions.len() != members.len() {
            members
                .iter()
                .for_each(|&m| ix.skip(m, "its provider states no region"));
            continue;
        }
        let inner: Vec<&(usize, usize, bool)> = edges
            .iter()
            .filter(|(s, t, _)| members.contains(s) && members.contains(t))
            .collect();
        let sources: BTreeSet<usize> = inner.iter().map(|e| e.0).collect();
        let targets: BTreeSet<usize> = inner.iter().map(|e| e.1).collect();
        let roots: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| !targets.contains(m))
            .collect();
        let mut g = Group::new("s3", Topology::SingleRegion, members.clone());
        if members.len() > 1 {
            if roots.len() == 1 && sources.len() == 1 {
                g.topology = Topology::ActivePassive;
                g.standby = Some(Standby::HotStandby);
                g.primary = ix.region(roots[0]);
            } else {
                g.topology = Topology::ActiveActive;
            }
            if inner.iter().any(|e| !e.2) {
                g.engine = "s3-crr";
                if inner.iter().any(|e| e.2) {
                    g.notes.push(
                        "some of its replication rules use S3 Replication Time Control and some do not: assessed without (no bound on the replication time)".into(),
                    );
                }
            }
        } else {
            g.primary = ix.region(b);
        }
        g.regions = regions;
        g.capacity = Some(CapacityMode::OnDemand);
        members.iter().for_each(|&m| ix.used[m] = true);
        out.push(g);
    }
    out
}

fn elasticache(ix: &mut Index) -> Vec<Group> {
    let groups = ix.of_kind("aws_elasticache_replication_group");
    // Nodes of a replication group: cache clusters, or shards × (replicas
    // + 1); a secondary of a global datastore has the primary's shards.
    let shards = |r: &Resource| attr(r, "num_node_groups").and_then(Value::as_f64);
    let nodes = |r: &Resource, primary_shards: Option<f64>| -> u32 {
        let n = |k: &str| attr(r, k).and_then(Value::as_f64);
        match (n("num_cache_clusters"), shards(r).or(primary_shards)) {
            (Some(c), _) => c as u32,
            (None, Some(g)) => (g * (n("replicas_per_node_group").unwrap_or(0.0) + 1.0)) as u32,
            (None, None) => (n("replicas_per_node_group").unwrap_or(0.0) + 1.0) as u32,
        }
    };
    let mut out = Vec::new();
    let mut grouped: BTreeSet<usize> = BTreeSet::new();
    let mut sets: Vec<(Vec<usize>, usize)> = Vec::new();
    for g in ix.of_kind("aws_elasticache_global_replication_group") {
        let r = &ix.resources[g];
        let primary = ix.pointed(
            attr(r, "primary_replication_group_id"),
            "aws_elasticache_replication_group",
            "replication_group_id",
        );
        let Some(&p) = primary.first() else {
            ix.skip(g, "its primary replication group is not in the module");
            continue;
        };
        let secondaries: Vec<usize> = groups
            .iter()
            .copied()
            .filter(|&s| {
                s != p
                    && ix
                        .pointed(
                            attr(&ix.resources[s], "global_replication_group_id"),
                            "aws_elasticache_global_replication_group",
                            "global_replication_group_id_suffix",
                        )
                        .contains(&g)
            })
            .collect();
        let members: Vec<usize> = [g, p].into_iter().chain(secondaries).collect();
        grouped.extend(&members);
        sets.push((members, p));
    }
    for &s in &groups {
        if !grouped.contains(&s) {
            sets.push((vec![s], s));
        }
    }
    for (members, p) in sets {
        let engine = members
            .iter()
            .find_map(|&m| text(&ix.resources[m], "engine"))
            .unwrap_or("redis");
        if engine != "valkey" {
            let why = format!(
                "it runs ElastiCache engine \"{engine}\": meridian's catalog models ElastiCache for Valkey only"
            );
            members.iter().for_each(|&m| ix.skip(m, why.clone()));
            continue;
        }
        let rgs: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&m| ix.resources[m].kind == "aws_elasticache_replication_group")
            .collect();
        if rgs.iter().any(|&m| ix.region(m).is_none()) {
            members
                .iter()
                .for_each(|&m| ix.skip(m, "its provider states no region"));
            continue;
        }
        let class = |m: usize| text(&ix.resources[m], "node_type").map(str::to_string);
        let primary_shards = shards(&ix.resources[p]);
        let mut g = Group::new(
            "elasticache-valkey",
            Topology::SingleRegion,
            members.clone(),
        );
        g.capacity = Some(CapacityMode::OnDemand);
        let secondaries = rgs
            .iter()
            .filter(|&&s| s != p)
            .map(|&s| {
                let n = nodes(&ix.resources[s], primary_shards);
                (ix.region(s).unwrap_or_default(), n, class(s))
            })
            .collect();
        let primary = (
            ix.region(p).unwrap_or_default(),
            nodes(&ix.resources[p], None),
            class(p),
        );
        g.place(primary, secondaries);
        members.iter().for_each(|&m| ix.used[m] = true);
        out.push(g);
    }
    out
}

/// Self-managed quorum nodes on EC2: instances tagged
/// `meridian:engine = "quorum-ec2"` (nothing else tells a database node
/// from any instance), one design per `meridian:class` tag.
fn quorum(ix: &mut Index) -> Vec<Group> {
    let mut by_class: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in ix.of_kind("aws_instance") {
        let r = &ix.resources[i];
        if tag(r, "meridian:engine") != Some("quorum-ec2") {
            continue;
        }
        match tag(r, "meridian:class") {
            Some(class) => by_class.entry(class.to_string()).or_default().push(i),
            None => ix.skip(i, "a quorum node with no meridian:class tag"),
        }
    }
    let mut out = Vec::new();
    for members in by_class.into_values() {
        if members.iter().any(|&m| ix.region(m).is_none()) {
            members
                .iter()
                .for_each(|&m| ix.skip(m, "its provider states no region"));
            continue;
        }
        let mut g = Group::new("quorum-ec2", Topology::ActiveActive, members.clone());
        for &m in &members {
            let region = ix.region(m).unwrap_or_default();
            *g.counts.entry(region.clone()).or_insert(0) += 1;
            if !g.regions.contains(&region) {
                g.regions.push(region);
            }
        }
        g.instance = text(&ix.resources[members[0]], "instance_type").map(str::to_string);
        g.capacity = Some(CapacityMode::OnDemand);
        members.iter().for_each(|&m| ix.used[m] = true);
        out.push(g);
    }
    out
}

/// AWS Backup copying a single-region design's backups to other regions
/// makes it a backup-restore standby there.
fn backups(ix: &mut Index, g: &mut Group) {
    if g.topology != Topology::SingleRegion {
        return;
    }
    for s in ix.of_kind("aws_backup_selection") {
        if !g.members.iter().any(|&m| ix.mentions(s, "resources", m)) {
            continue;
        }
        for plan in ix.pointed(attr(&ix.resources[s], "plan_id"), "aws_backup_plan", "name") {
            let mut copies = Vec::new();
            for rule in blocks(&ix.resources[plan], "rule") {
                for c in rule.blocks.iter().filter(|b| b.kind == "copy_action") {
                    for v in ix.pointed(
                        c.attributes.get("destination_vault_arn"),
                        "aws_backup_vault",
                        "arn",
                    ) {
                        copies.extend(ix.region(v));
                    }
                }
            }
            copies.retain(|r| !g.regions.contains(r));
            if copies.is_empty() {
                continue;
            }
            g.topology = Topology::ActivePassive;
            g.standby = Some(Standby::BackupRestore);
            g.regions.extend(copies);
            g.members.push(plan);
            ix.used[plan] = true;
            ix.used[s] = true;
        }
    }
}
