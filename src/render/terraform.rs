//! `plan --out DIR` → `DIR/terraform/`: a Terraform root module that creates
//! the plan's data tier and its DNS routing, rendered with minijinja from
//! the templates of the plan's cloud, `templates/terraform/<cloud>/`
//! (embedded by `build.rs`: a cloud's templates are a folder; `--templates
//! DIR` overrides them file by file). A plan whose designs span clouds is
//! refused until such modules are designed. Templates see the plan and a view of it with the names,
//! provider aliases and per-region roles worked out here, so they hold no
//! logic beyond loops over it. Output is laid out as `terraform fmt` would
//! leave it (`hcl::format`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::candidate::Role;
use crate::cost::Cents;
use crate::model::{Standby, Topology};
use crate::naming::{aws_name, tf_label};
use crate::plan::{ClassPlan, Nodes, Plan, ServicePlan};
use crate::render::hcl;

/// The embedded templates, by path under `templates/terraform/`: a folder
/// per cloud (`aws/engines/dynamodb.tf.j2`), listed by `build.rs`.
const TEMPLATES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/template_files.rs"));

/// The embedded templates of `cloud`, by name within its folder.
fn cloud_templates(cloud: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    TEMPLATES.iter().filter_map(move |(path, text)| {
        path.strip_prefix(cloud)
            .and_then(|p| p.strip_prefix('/'))
            .map(|name| (name, *text))
    })
}

/// Engines whose resources live in a VPC (they need subnets and security groups).
const VPC_ENGINES: &[&str] = &[
    "aurora-postgresql",
    "rds-postgresql",
    "elasticache-valkey",
    "quorum-ec2",
];

/// Where templates come from: the embedded set, each overridable by a file
/// of the same name under `dir`.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    pub dir: Option<PathBuf>,
}

/// One rendered file of the module, relative to `DIR/terraform/`.
pub use super::File;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("template {name}: {source:#}")]
    Template {
        name: String,
        source: minijinja::Error,
    },
    #[error("cannot read template {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "meridian has no Terraform templates for cloud {cloud} yet (templates/terraform/{cloud}/)"
    )]
    NoTemplates { cloud: String },
    #[error(
        "static assets are planned on CloudFront and S3 (AWS): a Terraform module for {cloud} cannot hold them yet"
    )]
    StaticAssets { cloud: String },
}

impl Error {
    /// A module meridian does not render yet (a cloud without templates,
    /// static assets outside AWS): a limit the user can plan around, not a
    /// fault.
    pub fn is_limit(&self) -> bool {
        matches!(self, Error::NoTemplates { .. } | Error::StaticAssets { .. })
    }
}

/// The clouds of the plan's designs and of its static assets' CDN, sorted
/// (empty when no class has a design and there are no static assets).
fn design_clouds(plan: &Plan) -> BTreeSet<&str> {
    plan.classes
        .iter()
        .map(|c| c.cloud.as_str())
        .chain(plan.static_assets.iter().map(|s| s.cloud.as_str()))
        .filter(|c| !c.is_empty())
        .collect()
}

/// Checks that `cloud` has templates, and the static-assets template if
/// the plan holds static assets.
fn check_cloud(plan: &Plan, cloud: &str) -> Result<(), Error> {
    if cloud_templates(cloud).next().is_none() {
        return Err(Error::NoTemplates {
            cloud: cloud.to_string(),
        });
    }
    if plan.static_assets.is_some() && !cloud_templates(cloud).any(|(n, _)| n == "static.tf.j2") {
        return Err(Error::StaticAssets {
            cloud: cloud.to_string(),
        });
    }
    Ok(())
}

/// The part of a plan whose designs run on `cloud` (one of `clouds`, the
/// plan's design clouds): its classes (the first cloud also takes the
/// classes with no design, to say they are not rendered), the services
/// whose regions all lie in it, the static assets if their origin does;
/// and the services spanning clouds (not routed by any module).
fn cloud_part(plan: &Plan, cloud: &str, clouds: &BTreeSet<&str>) -> (Plan, Vec<String>) {
    let first = clouds.first().copied() == Some(cloud);
    let region_cloud: BTreeMap<&str, &str> = plan
        .classes
        .iter()
        .flat_map(|c| c.regions.iter().map(|r| (r.as_str(), c.cloud.as_str())))
        .collect();
    let service_clouds = |s: &ServicePlan| -> BTreeSet<&str> {
        s.regions
            .keys()
            .filter_map(|r| region_cloud.get(r.as_str()).copied())
            .collect()
    };
    let mut part = plan.clone();
    part.cloud = cloud.to_string();
    part.classes
        .retain(|c| c.cloud == cloud || (first && c.cloud.is_empty()));
    let mut spanning = Vec::new();
    part.services.retain(|s| {
        let on = service_clouds(s);
        if on.len() > 1 {
            spanning.push(s.name.clone());
        }
        on.len() == 1 && on.contains(cloud) || (on.is_empty() && first)
    });
    // Static assets go with their CDN's cloud (one of `clouds`).
    if plan.static_assets.as_ref().map(|st| st.cloud.as_str()) != Some(cloud) {
        part.static_assets = None;
    }
    part.shared_cost.retain(|l| l.cloud == cloud);
    part.total_monthly_usd = part.classes.iter().map(|c| c.monthly_usd).sum::<Cents>()
        + part.services.iter().map(|s| s.monthly_usd).sum::<Cents>()
        + part
            .shared_cost
            .iter()
            .map(|l| l.monthly_usd)
            .sum::<Cents>()
        + part
            .static_assets
            .as_ref()
            .map_or(Cents::ZERO, |s| s.monthly_usd);
    (part, spanning)
}

/// The view of the plan the templates read.
#[derive(Debug, Serialize)]
struct Module<'a> {
    plan: &'a Plan,
    name: String,
    label: String,
    /// Every region with a resource of the module, sorted.
    regions: Vec<RegionTf>,
    default_region: RegionTf,
    /// Regions whose resources run in a VPC (`var.networks` must name them).
    vpc_regions: Vec<String>,
    classes: Vec<ClassTf<'a>>,
    /// Classes with no feasible design: not rendered.
    skipped: Vec<&'a str>,
    /// Services needing a class with no design: not routed.
    unplaced: Vec<&'a str>,
    /// Services whose regions span clouds (a plan on several clouds): no
    /// module routes them.
    spanning: Vec<String>,
    services: Vec<ServiceTf<'a>>,
    /// Some service fails over through ARC routing controls (one cluster).
    arc: bool,
    /// Where Global Accelerator and ARC resources are created.
    control_region: RegionTf,
    engines: BTreeSet<&'a str>,
    has_backup: bool,
    dns_ttl_s: u32,
    /// Monthly list price of what the module creates (data classes and the
    /// shared DNS costs) and of the service instances it routes to.
    data_usd: Cents,
    services_usd: Cents,
    /// The usage meridian assumed, per resource address, for Infracost.
    usage: Vec<Usage>,
    /// The `[static_assets]` section (`static.tf`); null without one.
    static_assets: Option<StaticTf>,
}

/// The CloudFront distribution and its S3 origins, as `static.tf` reads them.
#[derive(Debug, Serialize)]
struct StaticTf {
    /// Primary first, then the failover origin.
    origins: Vec<OriginTf>,
    primary: OriginTf,
    secondary: Option<OriginTf>,
    /// The origin group, or the primary when there is one origin.
    target_origin_id: String,
    connection_timeout_s: u32,
    connection_attempts: u32,
}

#[derive(Debug, Clone, Serialize)]
struct OriginTf {
    region: String,
    alias: String,
    role: &'static str,
    /// Terraform label `static_<region>`.
    label: String,
    /// AWS name `<spec>-static-<region>`, at most 50 characters.
    name50: String,
    origin_id: String,
}

fn static_tf(plan: &Plan) -> Option<StaticTf> {
    let st = plan.static_assets.as_ref()?;
    let origin = |region: &str, role: &'static str| OriginTf {
        region: region.to_string(),
        alias: tf_label(region),
        role,
        label: tf_label(&format!("static_{region}")),
        name50: aws_name(&format!("{}-static-{region}", plan.name), 50),
        origin_id: format!("s3-{region}"),
    };
    let primary = origin(&st.origin, "primary");
    let secondary = st
        .failover_origin
        .as_deref()
        .map(|r| origin(r, "secondary"));
    Some(StaticTf {
        origins: std::iter::once(primary.clone())
            .chain(secondary.clone())
            .collect(),
        target_origin_id: if secondary.is_some() {
            "origin-group".into()
        } else {
            primary.origin_id.clone()
        },
        primary,
        secondary,
        connection_timeout_s: st.connection_timeout_s.unwrap_or_default().round() as u32,
        connection_attempts: st.connection_attempts.unwrap_or_default().round() as u32,
    })
}

/// Infracost usage of one resource address.
#[derive(Debug, Serialize)]
struct Usage {
    address: String,
    /// Flat keys, or a nested block (`standard:` for S3) when `block` is set.
    block: Option<&'static str>,
    keys: Vec<(&'static str, String)>,
}

#[derive(Debug, Clone, Serialize)]
struct RegionTf {
    id: String,
    alias: String,
}

impl RegionTf {
    fn of(id: &str) -> RegionTf {
        RegionTf {
            id: id.to_string(),
            alias: tf_label(id),
        }
    }
}

#[derive(Debug, Serialize)]
struct ClassTf<'a> {
    plan: &'a ClassPlan,
    /// Terraform label of the class.
    label: String,
    /// AWS name of the class's global resources: `<spec>-<class>`.
    name: String,
    file: String,
    template: String,
    members: Vec<MemberTf>,
    primary: Option<MemberTf>,
    /// Live copies besides the primary (hot, warm, pilot-light; every other
    /// active region).
    secondaries: Vec<MemberTf>,
    /// Regions holding backup copies.
    backups: Vec<MemberTf>,
    /// Regions holding live data (not backup copies).
    live: Vec<MemberTf>,
    witness: Option<String>,
    /// The AWS Backup schedule meeting the class's RPO (backup-restore).
    backup_schedule: String,
    backup_every: String,
    resilience_tier: &'static str,
    rpo: String,
    rto: String,
    location: &'static str,
    /// Provisioned DynamoDB: the table's capacity and auto scaling.
    provisioned: Option<ProvisionedTf>,
    /// Throughput in request units per second (Cosmos DB), with its mode.
    throughput: Option<ThroughputTf>,
}

/// Provisioned throughput as the plan chose it: manual RU/s, or
/// autoscale's maximum.
#[derive(Debug, Serialize)]
struct ThroughputTf {
    autoscale: bool,
    rus: u64,
}

/// A provisioned DynamoDB table: the capacity it starts with (the plan's,
/// the largest region's read capacity, as replicas take the table's
/// settings) and target-tracking auto scaling per replica region.
#[derive(Debug, Serialize)]
struct ProvisionedTf {
    /// Target utilisation in percent.
    target_percent: u32,
    write_capacity: u64,
    read_capacity: u64,
    /// Write scaling is the same in every replica (global tables keep write
    /// capacity in step): from the reserved units (or 1) to twice the plan's.
    write_min: u64,
    write_max: u64,
    regions: Vec<AutoscaleTf>,
}

#[derive(Debug, Serialize)]
struct AutoscaleTf {
    region: String,
    alias: String,
    label: String,
    read_min: u64,
    read_max: u64,
}

fn provisioned_tf(c: &ClassPlan, live: &[MemberTf]) -> Option<ProvisionedTf> {
    let capacity = c.capacity.as_ref()?;
    if capacity.mode != crate::model::CapacityMode::Provisioned {
        return None;
    }
    let units = |m: &MemberTf| capacity.units.get(&m.region).copied().unwrap_or_default();
    let write_capacity = live.iter().map(|m| units(m).write_capacity).max()?;
    Some(ProvisionedTf {
        target_percent: (capacity.target_utilization.unwrap_or(0.7) * 100.0).round() as u32,
        write_capacity,
        read_capacity: live.iter().map(|m| units(m).read_capacity).max()?,
        write_min: live
            .iter()
            .map(|m| units(m).reserved_write_capacity)
            .max()?
            .max(1),
        write_max: 2 * write_capacity,
        regions: live
            .iter()
            .map(|m| {
                let u = units(m);
                AutoscaleTf {
                    region: m.region.clone(),
                    alias: m.alias.clone(),
                    label: m.label.clone(),
                    read_min: u.reserved_read_capacity.max(1),
                    read_max: 2 * u.read_capacity.max(1),
                }
            })
            .collect(),
    })
}

#[derive(Debug, Clone, Serialize)]
struct MemberTf {
    region: String,
    alias: String,
    role: Role,
    /// Terraform label `<class>_<region>`.
    label: String,
    /// AWS name `<spec>-<class>-<region>`, at most 63 characters.
    name: String,
    /// The same, at most 40 characters (ElastiCache) and 50 (S3, vaults).
    name40: String,
    name50: String,
    nodes: Option<Nodes>,
}

#[derive(Debug, Serialize)]
struct ServiceTf<'a> {
    plan: &'a ServicePlan,
    label: String,
    /// "latency" (several serving regions), "failover" (one), "single".
    routing: &'static str,
    serving: Vec<RegionTf>,
    standby: Option<RegionTf>,
    request_interval: u32,
    failure_threshold: u32,
    /// The traffic mechanism (catalog id).
    traffic: String,
}

/// Renders the module; nothing is written.
pub fn render(plan: &Plan, templates: &Templates) -> Result<Vec<File>, Error> {
    let clouds = design_clouds(plan);
    if clouds.len() <= 1 {
        // The spec's first cloud when no class has a design.
        let cloud = match clouds.first() {
            Some(c) => c.to_string(),
            None => plan
                .cloud
                .split(", ")
                .next()
                .unwrap_or_default()
                .to_string(),
        };
        check_cloud(plan, &cloud)?;
        return render_module(plan, templates, &cloud, Vec::new());
    }
    // Designs on several clouds: a module per cloud, in a folder named for
    // it; a service whose regions span clouds is routed by neither.
    let mut files = Vec::new();
    for cloud in &clouds {
        let (part, spanning) = cloud_part(plan, cloud, &clouds);
        check_cloud(&part, cloud)?;
        for f in render_module(&part, templates, cloud, spanning)? {
            files.push(File {
                path: format!("{cloud}/{}", f.path),
                text: f.text,
            });
        }
    }
    Ok(files)
}

/// One cloud's module for `plan` (every design on `cloud`); `spanning`:
/// the services left out because they span clouds.
fn render_module(
    plan: &Plan,
    templates: &Templates,
    cloud: &str,
    spanning: Vec<String>,
) -> Result<Vec<File>, Error> {
    let env = environment(templates, cloud)?;
    let mut module = module(plan);
    module.spanning = spanning;
    module.usage = usage(plan, &module.classes);
    let ctx = Value::from(minijinja::value::Serde(&module));
    let mut files = Vec::new();
    let mut one =
        |template: &str, path: String, extra: Option<(&str, Value)>| -> Result<(), Error> {
            let tmpl = env
                .get_template(template)
                .map_err(|source| Error::Template {
                    name: template.into(),
                    source,
                })?;
            let mut vars = BTreeMap::from([("module", ctx.clone())]);
            if let Some((k, v)) = extra {
                vars.insert(k, v);
            }
            let text = tmpl.render(&vars).map_err(|source| Error::Template {
                name: template.into(),
                source,
            })?;
            let text = if path.ends_with(".tf") {
                hcl::format(&text)
            } else {
                text
            };
            files.push(File { path, text });
            Ok(())
        };
    // A cloud's folder may leave out what it has no use for (Azure: no
    // KMS keys file, no Resilience Hub, no hosted-zone file).
    let has = |name: &str| env.get_template(name).is_ok();
    one("versions.tf.j2", "versions.tf".into(), None)?;
    one("providers.tf.j2", "providers.tf".into(), None)?;
    one("variables.tf.j2", "variables.tf".into(), None)?;
    if has("kms.tf.j2") {
        one("kms.tf.j2", "kms.tf".into(), None)?;
    }
    for class in &module.classes {
        let value = Value::from(minijinja::value::Serde(class));
        one(
            &class.template,
            class.file.clone(),
            Some(("class", value.clone())),
        )?;
        if class.plan.standby == Some(Standby::BackupRestore) {
            one(
                "backup.tf.j2",
                format!("backup-{}.tf", class.plan.name),
                Some(("class", value)),
            )?;
        }
    }
    if !module.services.is_empty() && has("dns.tf.j2") {
        one("dns.tf.j2", "dns.tf".into(), None)?;
    }
    for service in &module.services {
        let value = Value::from(minijinja::value::Serde(service));
        one(
            "service.tf.j2",
            format!("service-{}.tf", service.plan.name),
            Some(("service", value)),
        )?;
    }
    if module.static_assets.is_some() {
        one("static.tf.j2", "static.tf".into(), None)?;
    }
    if has("resilience.tf.j2") {
        one("resilience.tf.j2", "resilience.tf".into(), None)?;
    }
    one("outputs.tf.j2", "outputs.tf".into(), None)?;
    one("README.md.j2", "README.md".into(), None)?;
    if has("infracost-usage.yml.j2") {
        one("infracost-usage.yml.j2", "infracost-usage.yml".into(), None)?;
    }
    Ok(files)
}

fn environment(templates: &Templates, cloud: &str) -> Result<Environment<'static>, Error> {
    let mut env = crate::render::markdown::environment();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    // HCL, YAML and Markdown are written as they are: no HTML/JSON escaping.
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter("hcl", |s: String| hcl_string(&s));
    env.add_function("aws_name", |base: String, max: usize| aws_name(&base, max));
    env.add_function("storage_account_name", |base: String| {
        crate::naming::storage_account_name(&base)
    });
    for (name, text) in cloud_templates(cloud) {
        let text = match &templates.dir {
            Some(dir) => read_override(dir, name)?.unwrap_or_else(|| text.to_string()),
            None => text.to_string(),
        };
        env.add_template_owned(name, text)
            .map_err(|source| Error::Template {
                name: name.into(),
                source,
            })?;
    }
    Ok(env)
}

fn read_override(dir: &Path, name: &str) -> Result<Option<String>, Error> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read { path, source }),
    }
}

/// A quoted HCL string literal.
fn hcl_string(s: &str) -> String {
    let mut out = String::from("\"");
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn module(plan: &Plan) -> Module<'_> {
    let classes: Vec<ClassTf> = plan
        .classes
        .iter()
        .filter(|c| c.feasible && !c.engine.is_empty())
        .map(|c| class(plan, c))
        .collect();
    let skipped = plan
        .classes
        .iter()
        .filter(|c| !c.feasible || c.engine.is_empty())
        .map(|c| c.name.as_str())
        .collect();
    let mut regions: BTreeSet<String> = BTreeSet::new();
    let mut vpc: BTreeSet<String> = BTreeSet::new();
    for c in &classes {
        for m in &c.members {
            regions.insert(m.region.clone());
            if VPC_ENGINES.contains(&c.plan.engine.as_str()) && m.role != Role::Backup {
                vpc.insert(m.region.clone());
            }
        }
    }
    let default_region = classes
        .iter()
        .find_map(|c| c.primary.as_ref().or(c.members.first()))
        .map(|m| m.region.clone())
        .or_else(|| regions.iter().next().cloned())
        .unwrap_or_else(|| "us-east-1".into());
    regions.insert(default_region.clone());
    let static_assets = static_tf(plan);
    for o in static_assets.iter().flat_map(|s| &s.origins) {
        regions.insert(o.region.clone());
    }
    // A service needing a class with no design runs nowhere: nothing to route.
    let services: Vec<ServiceTf> = plan
        .services
        .iter()
        .filter(|s| s.placed)
        .map(|s| service(plan, s))
        .collect();
    // Global Accelerator and ARC are configured through us-west-2.
    let arc = services.iter().any(|s| s.traffic == "arc");
    if services
        .iter()
        .any(|s| s.traffic == "global-accelerator" || s.traffic == "arc")
    {
        regions.insert(CONTROL_REGION.to_string());
    }
    Module {
        plan,
        name: plan.name.clone(),
        label: tf_label(&plan.name),
        regions: regions.iter().map(|r| RegionTf::of(r)).collect(),
        default_region: RegionTf::of(&default_region),
        vpc_regions: vpc.into_iter().collect(),
        engines: classes.iter().map(|c| c.plan.engine.as_str()).collect(),
        has_backup: classes.iter().any(|c| !c.backups.is_empty()),
        classes,
        skipped,
        services,
        arc,
        control_region: RegionTf::of(CONTROL_REGION),
        dns_ttl_s: plan.model.dns_ttl_s.round() as u32,
        unplaced: plan
            .services
            .iter()
            .filter(|s| !s.placed)
            .map(|s| s.name.as_str())
            .collect(),
        spanning: Vec::new(),
        data_usd: plan.total_monthly_usd
            - plan.services.iter().map(|s| s.monthly_usd).sum::<Cents>(),
        services_usd: plan.services.iter().map(|s| s.monthly_usd).sum(),
        usage: Vec::new(),
        static_assets,
    }
}

fn class<'a>(plan: &Plan, c: &'a ClassPlan) -> ClassTf<'a> {
    let base = format!("{}-{}", plan.name, c.name);
    let members: Vec<MemberTf> = c
        .regions
        .iter()
        .zip(&c.roles)
        .map(|(region, role)| {
            let full = format!("{base}-{region}");
            MemberTf {
                region: region.clone(),
                alias: tf_label(region),
                role: *role,
                label: tf_label(&format!("{}_{region}", c.name)),
                name: aws_name(&full, 63),
                name40: aws_name(&full, 40),
                name50: aws_name(&full, 50),
                nodes: c.nodes.get(region).cloned(),
            }
        })
        .collect();
    let primary = match c.topology {
        Topology::ActiveActive => None,
        _ => members
            .iter()
            .find(|m| Some(&m.region) == c.primary.as_ref())
            .cloned(),
    };
    let is_primary = |m: &MemberTf| primary.as_ref().is_some_and(|p| p.region == m.region);
    let secondaries = members
        .iter()
        .filter(|m| !is_primary(m) && m.role != Role::Backup)
        .cloned()
        .collect();
    let backups = members
        .iter()
        .filter(|m| m.role == Role::Backup)
        .cloned()
        .collect();
    let live: Vec<MemberTf> = members
        .iter()
        .filter(|m| m.role != Role::Backup)
        .cloned()
        .collect();
    let rpo_s = c.slo.rpo_s.unwrap_or(c.rpo_s);
    let rto_s = c.slo.rto_s.unwrap_or(c.rto_s);
    // The backups must meet the RPO the plan estimated. AWS Backup runs at
    // most hourly; the copy to the standby vault follows each backup.
    let hours = (c.rpo_s / 3600.0).floor().clamp(1.0, 24.0) as u32;
    let (backup_schedule, backup_every) = if hours >= 24 {
        ("cron(0 5 ? * * *)".to_string(), "daily".to_string())
    } else if hours == 1 {
        ("cron(0 * ? * * *)".to_string(), "hourly".to_string())
    } else {
        (
            format!("cron(0 0/{hours} ? * * *)"),
            format!("every {hours} hours"),
        )
    };
    let availability = c.slo.availability.unwrap_or(c.availability);
    let resilience_tier = if rto_s <= 300.0 || availability >= 0.9999 {
        "MissionCritical"
    } else if rto_s <= 3600.0 || availability >= 0.999 {
        "Critical"
    } else if rto_s <= 4.0 * 3600.0 {
        "Important"
    } else {
        "NonCritical"
    };
    let location = match &c.slo.residency {
        None => "AnyLocation",
        Some(codes) if codes.len() == 1 && codes[0].len() == 2 && codes[0] != "eu" => "SameCountry",
        Some(_) => "SameContinent",
    };
    let provisioned = provisioned_tf(c, &live);
    let throughput = c.capacity.as_ref().and_then(|k| {
        Some(ThroughputTf {
            autoscale: k.mode == crate::model::CapacityMode::Autoscale,
            rus: k.throughput_rus?,
        })
    });
    ClassTf {
        provisioned,
        throughput,
        plan: c,
        label: tf_label(&c.name),
        name: aws_name(&base, 63),
        file: format!("data-{}.tf", c.name),
        template: format!("engines/{}.tf.j2", c.engine),
        members: members.clone(),
        primary,
        secondaries,
        backups,
        live,
        witness: c.witness.clone(),
        backup_schedule,
        backup_every,
        resilience_tier,
        rpo: go_duration(rpo_s),
        rto: go_duration(rto_s),
        location,
    }
}

/// Seconds as a Go duration string ("1h0m0s" style is not needed: "3600s").
fn go_duration(seconds: f64) -> String {
    if seconds.is_finite() {
        format!("{}s", seconds.round().max(0.0) as u64)
    } else {
        "720h".into()
    }
}

/// Global Accelerator's and ARC's configuration API Region: "you must
/// specify the US West (Oregon) Region to create, update, or otherwise work
/// with accelerators"; "you must specify the US West (Oregon) Region for
/// Route 53 ARC API calls" (their API references).
const CONTROL_REGION: &str = "us-west-2";

fn service<'a>(plan: &Plan, s: &'a ServicePlan) -> ServiceTf<'a> {
    let most = s.regions.values().copied().max().unwrap_or(0);
    let serving: Vec<RegionTf> = s
        .regions
        .iter()
        .filter(|(_, n)| **n == most)
        .map(|(r, _)| RegionTf::of(r))
        .collect();
    let standby = s
        .regions
        .iter()
        .filter(|(_, n)| **n < most)
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(r, _)| RegionTf::of(r));
    let routing = match (serving.len(), &standby) {
        (0 | 1, None) => "single",
        (1, Some(_)) => "failover",
        _ => "latency",
    };
    // The probes the plan's RTO assumed for the service's mechanism (the
    // plan-wide figures where it has none: client-side failover).
    let interval = s
        .health_check_interval_s
        .unwrap_or(plan.model.health_check_interval_s);
    let threshold = s.failure_threshold.unwrap_or(plan.model.failure_threshold);
    // One region: nothing to fail over, plain records.
    let traffic = if routing == "single" {
        "route53".to_string()
    } else {
        s.traffic.clone()
    };
    ServiceTf {
        plan: s,
        label: tf_label(&s.name),
        routing,
        serving,
        standby,
        request_interval: interval.round() as u32,
        failure_threshold: threshold.round() as u32,
        traffic,
    }
}

const SECONDS_PER_MONTH: f64 = 730.0 * 3600.0;

/// Infracost usage per resource: requests, storage and transfer from the
/// class workloads, split over regions the way the plan routes them.
fn usage(plan: &Plan, classes: &[ClassTf]) -> Vec<Usage> {
    let mut out = Vec::new();
    let mut transfer: BTreeMap<String, f64> = BTreeMap::new();
    let int = |v: f64| format!("{}", v.round() as u64);
    let gb = |v: f64| format!("{:.1}", v);
    for class in classes {
        let c = class.plan;
        let w = &c.workload;
        // Share of each population's reads and writes landing in each region.
        let share = |to: &BTreeMap<String, String>, region: &str| -> f64 {
            plan.users
                .iter()
                .filter(|u| to.get(&u.name).is_some_and(|r| r == region))
                .map(|u| u.share)
                .sum()
        };
        let reads = |region: &str| w.reads_per_s * SECONDS_PER_MONTH * share(&c.read_from, region);
        let writes = |region: &str| w.writes_per_s * SECONDS_PER_MONTH * share(&c.write_to, region);
        let write_gb = w.writes_per_s * SECONDS_PER_MONTH * w.item_bytes / 1e9;
        let live = class.live.len();
        // Replication traffic each region sends: a primary (or leader) sends
        // every write to each copy; an active region sends its own writes.
        for m in &class.live {
            let sent = match c.topology {
                Topology::ActiveActive if c.leader.is_none() => {
                    write_gb * share(&c.write_to, &m.region) * (live - 1) as f64
                }
                _ if class.primary.as_ref().is_some_and(|p| p.region == m.region)
                    || c.leader.as_deref() == Some(m.region.as_str()) =>
                {
                    write_gb * (live - 1) as f64
                        + write_gb.min(w.size_gb) * class.backups.len() as f64
                }
                _ => 0.0,
            };
            *transfer.entry(m.region.clone()).or_default() += sent;
        }
        let units = |bytes: f64, unit: f64| (bytes / unit).ceil().max(1.0);
        match c.engine.as_str() {
            "dynamodb" => {
                let total_writes: f64 = w.writes_per_s * SECONDS_PER_MONTH;
                let total_reads: f64 = w.reads_per_s * SECONDS_PER_MONTH;
                let strong = if c.consistency == crate::model::Consistency::Strong {
                    1.0
                } else {
                    0.5
                };
                // Provisioned tables are priced by Infracost from the
                // resource's read_capacity / write_capacity: no request units.
                let mut keys = Vec::new();
                if class.provisioned.is_none() {
                    keys.push((
                        "monthly_write_request_units",
                        int(total_writes * units(w.item_bytes, 1024.0)),
                    ));
                    keys.push((
                        "monthly_read_request_units",
                        int(total_reads * units(w.item_bytes, 4096.0) * strong),
                    ));
                }
                keys.push(("storage_gb", gb(w.size_gb)));
                keys.push(("pitr_backup_storage_gb", gb(w.size_gb)));
                out.push(Usage {
                    address: format!("aws_dynamodb_table.{}", class.label),
                    block: None,
                    keys,
                });
            }
            "s3" | "s3-crr" => {
                for m in &class.live {
                    out.push(Usage {
                        address: format!("aws_s3_bucket.{}", m.label),
                        block: Some("standard"),
                        keys: vec![
                            ("storage_gb", gb(w.size_gb)),
                            (
                                "monthly_tier_1_requests",
                                int(writes(&m.region)
                                    + if live > 1 {
                                        w.writes_per_s * SECONDS_PER_MONTH - writes(&m.region)
                                    } else {
                                        0.0
                                    }),
                            ),
                            ("monthly_tier_2_requests", int(reads(&m.region))),
                        ],
                    });
                }
            }
            "aurora-postgresql" => {
                for m in &class.live {
                    let primary = class.primary.as_ref().is_some_and(|p| p.region == m.region);
                    let write_ios = w.writes_per_s * units(w.item_bytes, 4096.0);
                    out.push(Usage {
                        address: format!("aws_rds_cluster.{}", m.label),
                        block: None,
                        keys: vec![
                            ("storage_gb", gb(w.size_gb)),
                            (
                                "write_requests_per_sec",
                                int(if primary { write_ios } else { 0.0 }),
                            ),
                            (
                                "read_requests_per_sec",
                                int(reads(&m.region) / SECONDS_PER_MONTH),
                            ),
                            ("backup_snapshot_size_gb", gb(w.size_gb)),
                        ],
                    });
                }
            }
            "elasticache-valkey" => {
                for m in &class.live {
                    out.push(Usage {
                        address: format!("aws_elasticache_replication_group.{}", m.label),
                        block: None,
                        keys: vec![("snapshot_storage_size_gb", gb(w.size_gb))],
                    });
                }
            }
            _ => {}
        }
        if let Some(p) = &class.primary {
            let key = match c.engine.as_str() {
                "aurora-postgresql" => Some("monthly_aurora_snapshot_gb"),
                "rds-postgresql" => Some("monthly_rds_snapshot_gb"),
                "dynamodb" => Some("monthly_dynamodb_backup_gb"),
                _ => None,
            };
            if let (Some(key), false) = (key, class.backups.is_empty()) {
                for m in std::iter::once(p).chain(&class.backups) {
                    out.push(Usage {
                        address: format!("aws_backup_vault.{}", m.label),
                        block: None,
                        keys: vec![(key, gb(w.size_gb))],
                    });
                }
            }
        }
    }
    for (region, sent) in transfer.into_iter().filter(|(_, gb)| *gb > 0.0) {
        out.push(Usage {
            address: format!("aws_data_transfer.{}", tf_label(&region)),
            block: None,
            keys: vec![
                ("region", region),
                ("monthly_outbound_other_regions_gb", gb(sent)),
            ],
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A catalog engine without a template would fail at render time.
    #[test]
    fn every_embedded_engine_has_a_template() {
        let catalog = crate::catalog::load_embedded().unwrap();
        for engine in &catalog.engines {
            let cloud = &catalog.clouds[engine.cloud].id;
            let name = format!("engines/{}.tf.j2", engine.id);
            assert!(
                cloud_templates(cloud).any(|(n, _)| n == name),
                "{cloud}/{name}"
            );
        }
    }

    #[test]
    fn hcl_strings_escape_quotes_and_template_markers() {
        assert_eq!(hcl_string("a\"b${c}"), "\"a\\\"b$${c}\"");
    }
}
