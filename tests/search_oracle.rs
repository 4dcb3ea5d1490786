//! The search against brute force: on small allow-lists, enumerate every
//! engine × topology × tier × primary × region set (× witness or leader)
//! × health-check speed, measure each, and check the search picked the same
//! design with the same ranking.

mod common;

use std::cmp::Ordering;

use proptest::prelude::*;

use meridian::candidate::Candidate;
use meridian::catalog::{self, Catalog};
use meridian::evaluate::slo::assess;
use meridian::evaluate::{ClassCtx, measure};
use meridian::model::{Replication, Topology};
use meridian::network::Network;
use meridian::search::{self, Family, Scored, rank_feasible, rank_nearest};

fn subsets(pool: &[usize], min: usize, max: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for mask in 1u32..(1 << pool.len()) {
        let set: Vec<usize> = (0..pool.len())
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| pool[i])
            .collect();
        if set.len() >= min && set.len() <= max {
            out.push(set);
        }
    }
    out
}

fn candidates(ctx: &ClassCtx, family: Family) -> Vec<Candidate> {
    let engine = &ctx.catalog.engines[family.engine];
    let pool: Vec<usize> = (0..ctx.catalog.regions.len())
        .filter(|r| engine.offered_in(*r) && ctx.class.allowed[*r])
        .collect();
    let make = |primary: Option<usize>, regions: Vec<usize>, witness: Option<usize>| {
        let mut regions = regions;
        regions.sort_unstable();
        Candidate {
            engine: family.engine,
            topology: family.topology,
            standby: family.standby,
            replication: family.replication,
            primary,
            regions,
            witness,
            read_only: Vec::new(),
            configuration: None,
            instance: None,
            traffic: meridian::evaluate::traffic::single_region_default(ctx, family.engine),
            fast_detection: false,
        }
    };
    let mut out = Vec::new();
    match (family.topology, family.replication) {
        (Topology::SingleRegion, _) => {
            out.extend(pool.iter().map(|p| make(Some(*p), vec![*p], None)));
            // A regional configuration led from an allowed region, with
            // any non-empty set of its allowed optional read-only regions.
            for (index, c) in engine.configurations.iter().enumerate() {
                if !c.regional || !pool.contains(&c.leader) {
                    continue;
                }
                let optional: Vec<usize> = c
                    .optional_read_only
                    .iter()
                    .copied()
                    .filter(|r| ctx.class.allowed[*r])
                    .collect();
                for read_only in subsets(&optional, 1, optional.len()) {
                    let regions: Vec<usize> = std::iter::once(c.leader)
                        .chain(read_only.iter().copied())
                        .collect();
                    let mut cand = make(Some(c.leader), regions, None);
                    cand.read_only = read_only;
                    cand.configuration = Some(index);
                    out.push(cand);
                }
            }
        }
        (Topology::ActivePassive, _) => {
            for &p in &pool {
                let others: Vec<usize> = pool.iter().copied().filter(|r| *r != p).collect();
                for set in subsets(&others, 1, engine.max_regions - 1) {
                    let mut regions = set.clone();
                    regions.push(p);
                    out.push(make(Some(p), regions, None));
                }
            }
        }
        (Topology::ActiveActive, Replication::Async) => out.extend(
            subsets(&pool, 2, engine.max_regions)
                .into_iter()
                .map(|s| make(None, s, None)),
        ),
        (Topology::ActiveActive, _) if !engine.configurations.is_empty() => {
            // Published configurations only, every region allowed, led
            // from any of their read-write regions.
            // With its own read-only replicas and any set of its allowed
            // optional read-only regions.
            for (index, c) in engine.configurations.iter().enumerate() {
                let allowed = |r: &usize| ctx.class.allowed[*r];
                if c.regional {
                    continue;
                }
                let own: Vec<usize> = c.read_only.iter().map(|(r, _)| *r).collect();
                if !c
                    .read_write
                    .iter()
                    .chain(&c.witness)
                    .chain(&own)
                    .all(allowed)
                {
                    continue;
                }
                let optional: Vec<usize> = c
                    .optional_read_only
                    .iter()
                    .copied()
                    .filter(allowed)
                    .collect();
                let mut added_sets = subsets(&optional, 1, optional.len());
                added_sets.push(Vec::new());
                for added in added_sets {
                    let mut read_only: Vec<usize> = own.iter().chain(&added).copied().collect();
                    read_only.sort_unstable();
                    let regions: Vec<usize> =
                        c.read_write.iter().chain(&read_only).copied().collect();
                    for &l in &c.read_write {
                        let mut cand = make(Some(l), regions.clone(), c.witness);
                        cand.read_only.clone_from(&read_only);
                        cand.configuration = Some(index);
                        out.push(cand);
                    }
                }
            }
        }
        (Topology::ActiveActive, _) => {
            let groups: Vec<Vec<usize>> = if engine.region_sets.is_empty() {
                vec![pool.clone()]
            } else {
                engine
                    .region_sets
                    .iter()
                    .map(|g| pool.iter().copied().filter(|r| g.contains(r)).collect())
                    .collect()
            };
            for group in groups {
                for set in subsets(&group, engine.sync_regions, engine.sync_regions) {
                    let witnesses: Vec<Option<usize>> = if engine.witness {
                        group
                            .iter()
                            .copied()
                            .filter(|r| !set.contains(r))
                            .map(Some)
                            .collect()
                    } else {
                        vec![None]
                    };
                    let leaders: Vec<Option<usize>> = if family.replication == Replication::Quorum {
                        set.iter().copied().map(Some).collect()
                    } else {
                        vec![None]
                    };
                    for w in &witnesses {
                        for l in &leaders {
                            out.push(make(*l, set.clone(), *w));
                        }
                    }
                }
            }
        }
    }
    // Every multi-region design within one of the engine's region sets
    // (Cloud Storage's dual-region locations).
    out.retain(|c| c.regions.len() < 2 || engine.within_region_sets(c.regions.iter().copied()));
    out
}

/// The best feasible design by exhaustive enumeration of `all`, every
/// family's designs measured.
fn brute_force(ctx: &ClassCtx, all: &[(Family, Vec<Scored>)]) -> Option<Scored> {
    let mut best_managed: Option<Scored> = None;
    let mut best_fallback: Option<Scored> = None;
    for (family, designs) in all {
        let fallback = ctx.catalog.engines[family.engine].fallback;
        for scored in designs {
            if !scored.assessment.feasible() {
                continue;
            }
            let slot = if fallback {
                &mut best_fallback
            } else {
                &mut best_managed
            };
            if slot
                .as_ref()
                .is_none_or(|b| rank_feasible(scored, b) == Ordering::Less)
            {
                *slot = Some(scored.clone());
            }
        }
    }
    best_managed.or(best_fallback)
}

/// Every design of `family`, measured through each traffic option.
fn measured(ctx: &ClassCtx, family: Family) -> Vec<Scored> {
    let mut out = Vec::new();
    for cand in candidates(ctx, family) {
        let mut options = meridian::evaluate::traffic::options(ctx, &cand);
        if options.is_empty() {
            options.push((cand.traffic, false));
        }
        for (traffic, fast) in options {
            let mut cand = cand.clone();
            cand.traffic = traffic;
            cand.fast_detection = fast;
            let metrics = measure(ctx, &cand);
            let assessment = assess(ctx, &cand, &metrics, None);
            out.push(Scored {
                cand,
                metrics,
                assessment,
            });
        }
    }
    out
}

/// In each family no design of which is feasible, the design the search
/// reports (its nearest) when it fails only what the family always fails
/// is the cheapest such design: the joint relaxation reuses it as the
/// family's best under those kinds' relaxed targets.
fn check_always_fails(
    found: &search::ClassSearch,
    all: &[(Family, Vec<Scored>)],
    spec: &common::ClassSpec,
) {
    for f in &found.families {
        let fails = f.always_fails;
        let Some(nearest) = f.nearest.as_ref() else {
            continue;
        };
        if f.best.is_some() || !f.complete || fails == 0 || nearest.assessment.mask & !fails != 0 {
            continue;
        }
        let designs = &all
            .iter()
            .find(|(family, _)| *family == f.family)
            .expect("every family searched is enumerated")
            .1;
        assert!(
            designs.iter().all(|s| s.assessment.mask & fails == fails),
            "a design of {:?} meets what the family always fails, for\n{}",
            f.family,
            spec.toml()
        );
        let cheapest = designs
            .iter()
            .filter(|s| s.assessment.mask & !fails == 0)
            .min_by(|a, b| rank_feasible(a, b))
            .expect("the nearest is one");
        assert_eq!(
            cheapest.metrics.monthly_usd,
            nearest.metrics.monthly_usd,
            "cheapest of {:?} failing only {fails:#b}: {:?}, search {:?}, for\n{}",
            f.family,
            cheapest.cand,
            nearest.cand,
            spec.toml()
        );
    }
}

/// The nearest design the families' searches kept, before any joint
/// relaxation.
fn kept_nearest(found: &search::ClassSearch) -> Option<&Scored> {
    found
        .families
        .iter()
        .filter_map(|f| f.nearest.as_ref())
        .min_by(|a, b| rank_nearest(a, b))
}

fn check(catalog: &Catalog, spec: &common::ClassSpec) {
    let parsed = spec.parse(catalog);
    let network = Network::build(catalog, &parsed.users);
    let ctx = ClassCtx::new(catalog, &network, &parsed, &parsed.data[0]);
    let found = search::search_class(&ctx);
    let all: Vec<(Family, Vec<Scored>)> = search::families(&ctx)
        .into_iter()
        .map(|f| (f, measured(&ctx, f)))
        .collect();
    let oracle = brute_force(&ctx, &all);
    check_always_fails(&found, &all, spec);
    // The plan searches the class and its frontier (the class without RTO
    // and RPO targets) together, reusing families the relaxed search would
    // walk the same way and searching the others for feasible designs
    // only: each family's best must be what searching it alone gives.
    if let Some(relaxed_class) = meridian::plan::without_recovery_targets(&parsed.data[0]) {
        let rctx = ClassCtx::new(catalog, &network, &parsed, &relaxed_class);
        let (together, relaxed) = search::search_class_and_relaxed(&ctx, &rctx);
        assert_eq!(together.best(), found.best(), "for\n{}", spec.toml());
        let alone = search::search_class(&rctx);
        let feasible = search::search_class_feasible(&rctx);
        assert_eq!(relaxed.len(), alone.families.len());
        assert_eq!(feasible.len(), alone.families.len());
        for ((a, b), c) in relaxed.iter().zip(&alone.families).zip(&feasible) {
            assert_eq!((a.family, c.family), (b.family, b.family));
            for other in [a, c] {
                assert_eq!(
                    other.best,
                    b.best,
                    "relaxed {:?} for\n{}",
                    a.family,
                    spec.toml()
                );
            }
        }
    }
    // Searched for feasible designs only (the joint relaxation's searches),
    // each family finds the same best design.
    for f in &found.families {
        assert_eq!(
            search::search_family_feasible(&ctx, f.family),
            f.best,
            "feasible-only search of {:?} for\n{}",
            f.family,
            spec.toml()
        );
    }
    match (found.best(), &oracle) {
        (None, None) => {
            // The joint relaxation's nearest is never farther than what the
            // families' searches kept. (It is not always the brute-force
            // nearest: see search::joint and tests/nearest.rs.)
            if let (Some(a), Some(kept)) = (found.nearest(), kept_nearest(&found)) {
                assert_ne!(
                    rank_nearest(a, kept),
                    Ordering::Greater,
                    "for\n{}",
                    spec.toml()
                );
            }
        }
        (Some(a), Some(b)) => {
            // Fast detection only when standard detection fails: the oracle
            // may tie it at equal cost, rank_feasible prefers standard.
            assert_eq!(
                a.cand,
                b.cand,
                "search and brute force differ for\n{}",
                spec.toml()
            );
            assert_eq!(a.metrics.monthly_usd, b.metrics.monthly_usd);
        }
        (a, b) => panic!(
            "search found {:?}, brute force {:?} for\n{}",
            a.map(|s| &s.cand),
            b.as_ref().map(|s| &s.cand),
            spec.toml()
        ),
    }
}

/// Azure regions the generated Azure cases pick from: both coasts of
/// North America, Europe, Asia.
const AZURE: &[&str] = &[
    "eastus",
    "eastus2",
    "centralus",
    "westus2",
    "westeurope",
    "northeurope",
    "uksouth",
    "southeastasia",
];

/// Google Cloud regions the generated Google cases pick from: Spanner's
/// nam3 (us-east4, us-east1, witness us-central1) and eur3 (europe-west1,
/// europe-west4, witness europe-north1) lie within them.
const GCP: &[&str] = &[
    "us-central1",
    "us-east1",
    "us-east4",
    "us-west1",
    "europe-west1",
    "europe-west4",
    "europe-north1",
    "asia-northeast1",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(common::cases(96)))]

    #[test]
    fn search_matches_brute_force(spec in common::class_spec()) {
        let catalog = catalog::load_embedded().unwrap();
        check(&catalog, &spec);
    }

    /// The same on Azure's catalog (its engines, traffic mechanisms and
    /// regions; the class's traffic list named AWS mechanisms, so none).
    #[test]
    fn search_matches_brute_force_on_azure_regions(
        spec in common::class_spec(),
        regions in proptest::sample::subsequence(AZURE.to_vec(), 3..=5),
    ) {
        let spec = common::ClassSpec {
            regions,
            clouds: Some(r#"["azure"]"#),
            traffic: None,
            ..spec
        };
        let catalog = catalog::load_embedded().unwrap();
        check(&catalog, &spec);
    }

    /// The same on Google Cloud's catalog (Spanner's published
    /// configurations, Cloud SQL).
    #[test]
    fn search_matches_brute_force_on_gcp_regions(
        spec in common::class_spec(),
        regions in proptest::sample::subsequence(GCP.to_vec(), 3..=6),
    ) {
        let spec = common::ClassSpec {
            regions,
            clouds: Some(r#"["gcp"]"#),
            traffic: None,
            ..spec
        };
        let catalog = catalog::load_embedded().unwrap();
        check(&catalog, &spec);
    }
}

#[test]
fn search_matches_brute_force_on_the_examples_shapes() {
    // A fixed case per topology family, so a regression names its family.
    let catalog = catalog::load_embedded().unwrap();
    let base = common::ClassSpec {
        regions: vec![
            "us-east-1",
            "us-east-2",
            "us-west-2",
            "eu-west-1",
            "eu-central-1",
        ],
        users: vec![(0, 1.0), (3, 1.0)],
        kind: "relational",
        size_gb: 500,
        reads: 2000,
        writes: 200,
        item: 2048,
        consistency: "strong",
        conflicts: "single-writer",
        rpo_s: Some(0),
        rto_s: Some(300),
        availability: Some("99.99%"),
        read_ms: None,
        write_ms: None,
        service_side: false,
        peak: 1,
        commitment: None,
        failover: None,
        traffic: None,
        clouds: None,
    };
    let variants = [
        base.clone(),
        common::ClassSpec {
            rpo_s: Some(30),
            rto_s: Some(1800),
            ..base.clone()
        },
        common::ClassSpec {
            rpo_s: Some(3600),
            rto_s: Some(21600),
            availability: None,
            ..base.clone()
        },
        common::ClassSpec {
            kind: "key-value",
            consistency: "eventual",
            conflicts: "last-writer-wins",
            rpo_s: Some(1),
            read_ms: Some(100),
            write_ms: Some(100),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "object",
            consistency: "eventual",
            conflicts: "last-writer-wins",
            rpo_s: Some(3600),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "cache",
            consistency: "eventual",
            rpo_s: None,
            rto_s: Some(1800),
            availability: None,
            ..base.clone()
        },
        common::ClassSpec {
            consistency: "bounded-staleness",
            rpo_s: Some(5),
            read_ms: Some(100),
            ..base.clone()
        },
        // Service-side budgets: no latency pruning, the same optimum.
        common::ClassSpec {
            kind: "key-value",
            consistency: "eventual",
            conflicts: "last-writer-wins",
            rpo_s: Some(1),
            read_ms: Some(60),
            write_ms: Some(80),
            service_side: true,
            ..base
        },
    ];
    for spec in &variants {
        check(&catalog, spec);
    }
}

/// The Azure cases' base: relational data, users near eastus and
/// westeurope, five regions.
fn azure_base() -> common::ClassSpec {
    common::ClassSpec {
        regions: vec!["eastus", "eastus2", "westus2", "westeurope", "northeurope"],
        users: vec![(0, 1.0), (3, 1.0)],
        kind: "relational",
        size_gb: 200,
        reads: 2000,
        writes: 200,
        item: 2048,
        consistency: "strong",
        conflicts: "single-writer",
        rpo_s: Some(30),
        rto_s: Some(600),
        availability: Some("99.99%"),
        read_ms: None,
        write_ms: None,
        service_side: false,
        peak: 1,
        commitment: None,
        failover: None,
        traffic: None,
        clouds: Some(r#"["azure"]"#),
    }
}

/// Cosmos DB bills every region for its busiest region's reads, so a
/// region more may make a design cheaper by splitting that share: the
/// search bounds a set's supersets by how far the share can fall. Tiny
/// workloads (the regions' floors decide), populations crowded near a few
/// regions (the busiest share is several of them), seven regions.
#[test]
fn search_matches_brute_force_on_crowded_cosmos_db() {
    let catalog = catalog::load_embedded().unwrap();
    let base = common::ClassSpec {
        regions: vec![
            "eastus",
            "westus2",
            "westeurope",
            "northeurope",
            "southeastasia",
            "japaneast",
            "australiaeast",
        ],
        users: vec![
            (0, 1.0),
            (0, 1.0),
            (1, 1.0),
            (2, 1.0),
            (2, 1.0),
            (3, 1.0),
            (4, 1.0),
            (5, 1.0),
        ],
        kind: "key-value",
        size_gb: 5,
        reads: 200,
        writes: 20,
        consistency: "session",
        conflicts: "crdt",
        rpo_s: Some(900),
        rto_s: Some(60),
        availability: Some("99.95%"),
        read_ms: Some(100),
        write_ms: Some(100),
        ..azure_base()
    };
    let variants = [
        base.clone(),
        // No design meets a 10 s RPO: the nearest, and the frontier.
        common::ClassSpec {
            rpo_s: Some(10),
            ..base.clone()
        },
        common::ClassSpec {
            reads: 20_000,
            writes: 500,
            read_ms: Some(150),
            write_ms: None,
            rto_s: Some(900),
            ..base.clone()
        },
        common::ClassSpec {
            consistency: "strong",
            conflicts: "single-writer",
            rpo_s: Some(0),
            rto_s: Some(3600),
            write_ms: None,
            ..base
        },
    ];
    for spec in &variants {
        check(&catalog, spec);
    }
}

#[test]
fn search_matches_brute_force_on_azure() {
    // Azure's engines: Cosmos DB's three accounts (strong: active-passive
    // with synchronous replication), Azure SQL's two tiers and PostgreSQL
    // for relational data, Managed Redis (no replication transfer) for
    // caches, Blob Storage for objects.
    let catalog = catalog::load_embedded().unwrap();
    let base = azure_base();
    let variants = [
        base.clone(),
        common::ClassSpec {
            rpo_s: Some(900),
            rto_s: Some(1800),
            ..base.clone()
        },
        common::ClassSpec {
            rpo_s: Some(0),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "key-value",
            consistency: "strong",
            rpo_s: Some(0),
            rto_s: Some(1800),
            write_ms: Some(250),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "key-value",
            consistency: "session",
            conflicts: "last-writer-wins",
            rpo_s: Some(900),
            read_ms: Some(100),
            write_ms: Some(100),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "cache",
            size_gb: 4,
            reads: 20000,
            writes: 2000,
            consistency: "eventual",
            conflicts: "crdt",
            rpo_s: None,
            rto_s: Some(300),
            read_ms: Some(60),
            ..base.clone()
        },
        common::ClassSpec {
            kind: "object",
            size_gb: 2000,
            reads: 50,
            writes: 2,
            item: 262144,
            consistency: "eventual",
            rpo_s: Some(3600),
            rto_s: Some(3600),
            availability: None,
            ..base
        },
    ];
    for spec in &variants {
        check(&catalog, spec);
    }
}
