//! `[static_assets]`: CloudFront in front of S3 origins. Hand-computed
//! cost lines from the catalog's prices (catalogs/aws/edge.toml and the S3
//! engine's), the origin group only with `rto`, Origin Shield, validation
//! errors with line and column, and the example's Terraform.

mod common;

use common::{close, meridian, scratch, text};
use meridian::catalog;
use meridian::edge::StaticPlan;

/// Users near us-east-1 (70%) and eu-west-1 (30%); one key-value class
/// pinned to us-east-1 alone, so the plan runs in us-east-1 only.
fn spec(static_keys: &str) -> String {
    format!(
        "name = \"tiny\"\nregions = [\"us-east-1\", \"us-east-2\", \"us-west-2\", \"eu-west-1\"]\n\n\
         [users.us]\nnear = \"us-east-1\"\nshare = 0.7\n\n[users.eu]\nnear = \"eu-west-1\"\nshare = 0.3\n\n\
         [data.d]\nkind = \"key-value\"\nsize = \"10 GB\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n\n\
         [static_assets]\n{static_keys}\n"
    )
}

const BASE: &str =
    "size = \"50 GB\"\nrequests_per_sec = 2000\nresponse_size = \"120 KB\"\ncache_hit_ratio = 0.92";

fn plan(static_keys: &str) -> meridian::plan::Plan {
    let catalog = catalog::load_embedded().unwrap();
    let plan = meridian::plan_text("tiny.toml", &spec(static_keys), &catalog).unwrap();
    meridian::invariants::check(&plan).unwrap();
    plan
}

fn line(st: &StaticPlan, prefix: &str, region: &str) -> f64 {
    let found: Vec<_> = st
        .cost
        .iter()
        .filter(|l| l.item.starts_with(prefix) && l.region == region)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one `{prefix}` line in {region}: {:#?}",
        st.cost
    );
    found[0].monthly_usd.usd()
}

#[test]
fn cost_lines_by_hand() {
    let plan = plan(BASE);
    let st = plan.static_assets.as_ref().expect("a static section");
    assert_eq!(st.origin, "us-east-1");
    assert_eq!(st.failover_origin, None);
    assert_eq!(st.price_class.as_deref(), Some("PriceClass_100"));
    // A month: 2000 req/s × 730 h × 3600 s = 5,256,000,000 requests.
    // us (70%): 3,679,200,000 requests × 120,000 B = 441,504 GB;
    //   × $0.085/GB = $37,527.84; 367,920 × 10k requests × $0.0100 = $3,679.20.
    close(
        line(st, "CloudFront data transfer out, US", "global"),
        37_527.84,
    );
    close(
        line(st, "CloudFront HTTPS requests, US", "global"),
        3_679.20,
    );
    // eu (30%): 1,576,800,000 requests × 120,000 B = 189,216 GB;
    //   × $0.085/GB = $16,083.36; 157,680 × 10k × $0.0120 = $1,892.16.
    close(
        line(st, "CloudFront data transfer out, Europe", "global"),
        16_083.36,
    );
    close(
        line(st, "CloudFront HTTPS requests, Europe", "global"),
        1_892.16,
    );
    // Misses: 8% = 420,480,000 GETs ÷ 1000 × $0.0004 = $168.19 (us-east-1 list).
    close(line(st, "S3 GET requests", "us-east-1"), 168.19);
    // Origin: 50 GB × $0.023 = $1.15; uploads (change_per_month defaults to
    // size): 50 GB ÷ 120 KB = 416,667 PUTs ÷ 1000 × $0.005 = $2.08.
    close(line(st, "S3 Standard storage", "us-east-1"), 1.15);
    close(line(st, "S3 PUT requests", "us-east-1"), 2.08);
    // S3 → CloudFront transfer is free: no line for it.
    assert!(!st.cost.iter().any(|l| l.item.contains("origin fetch")));
    assert_eq!(st.cost.len(), 7, "{:#?}", st.cost);
    close(st.monthly_usd.usd(), 59_353.98);
    // The section is its own part of the total.
    let rest = plan.total_monthly_usd - st.monthly_usd;
    let parts = plan
        .classes
        .iter()
        .map(|c| c.monthly_usd)
        .sum::<meridian::cost::Cents>()
        + plan.shared_cost.iter().map(|l| l.monthly_usd).sum();
    assert_eq!(rest, parts);
    // One origin: a lost origin region stops every miss.
    assert!(st.rto_s.is_infinite());
    assert!(st.failover.contains("every cache miss fails"));
    // p99: a hit is the last mile (catalog 40 ms); a miss from Europe
    // crosses the Atlantic to us-east-1 and waits for S3's first byte.
    let eu = st.populations.iter().find(|p| p.name == "eu").unwrap();
    assert_eq!(eu.hit_p99_ms, 40.0);
    assert!(eu.miss_p99_ms > 40.0 + 200.0 + 60.0, "{}", eu.miss_p99_ms);
    let json = meridian::render::json::render(&plan);
    assert!(json.contains("\"static_assets\""));
}

#[test]
fn rto_gives_an_origin_group_in_a_second_region() {
    let plan = plan(&format!(
        "{BASE}\nrto = \"5m\"\nchange_per_month = \"5 GB\""
    ));
    let st = plan.static_assets.as_ref().unwrap();
    let second = st.failover_origin.as_deref().expect("a failover origin");
    assert_ne!(second, "us-east-1");
    // CloudFront tries the primary 3 × 10 s, then the secondary.
    assert_eq!(st.rto_s, 30.0);
    assert!(st.rto_met);
    assert_eq!(st.failover_status_codes, vec![500, 502, 503, 504]);
    close(
        line(st, "S3 Standard storage", second),
        50.0 * 0.023 * price_index(second),
    );
    // 5 GB ÷ 120 KB = 41,667 replication PUTs × $0.005 / 1000 = $0.21 (scaled).
    close(
        line(st, "S3 replication PUT requests", second),
        (41_666.67 / 1000.0 * 0.005 * price_index(second) * 100.0).round() / 100.0,
    );
    // 5 GB × the transfer price from us-east-1 to the second region
    // ($0.01/GB to us-east-2, a catalog exception; $0.02/GB elsewhere).
    let catalog = catalog::load_embedded().unwrap();
    let (per_gb, _) = catalog.transfer_usd_per_gb(
        catalog.region_index("us-east-1").unwrap(),
        catalog.region_index(second).unwrap(),
    );
    close(line(st, "replication transfer", "us-east-1"), 5.0 * per_gb);
    let files = meridian::render::terraform::render(&plan, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "static.tf").unwrap().text;
    assert!(tf.contains("origin_group {"));
    assert!(tf.contains("status_codes = [500, 502, 503, 504]"), "{tf}");
    assert!(tf.contains("aws_s3_bucket_replication_configuration"));
}

fn price_index(region: &str) -> f64 {
    let catalog = catalog::load_embedded().unwrap();
    catalog.regions[catalog.region_index(region).unwrap()].price_index
}

#[test]
fn no_rto_no_origin_group() {
    let plan = plan(BASE);
    let files = meridian::render::terraform::render(&plan, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "static.tf").unwrap().text;
    assert!(!tf.contains("origin_group"));
    assert!(!tf.contains("aws_s3_bucket_replication_configuration"));
    assert!(tf.contains("viewer_protocol_policy     = \"redirect-to-https\""));
}

#[test]
fn origin_shield_bills_every_miss() {
    let plan = plan(&format!("{BASE}\norigin_shield = true"));
    let st = plan.static_assets.as_ref().unwrap();
    assert_eq!(st.origin_shield.as_deref(), Some("us-east-1"));
    // 420,480,000 misses ÷ 10,000 × $0.0075 (US) = $315.36.
    close(line(st, "Origin Shield requests", "us-east-1"), 315.36);
}

#[test]
fn bad_values_are_errors_with_line_and_column() {
    let dir = scratch("static", "errors");
    for (keys, at, message) in [
        (
            "size = \"50 GB\"\nrequests_per_sec = 2000\nresponse_size = \"120 KB\"\ncache_hit_ratio = 1.5",
            ":22:19:",
            "cache_hit_ratio 1.5 must be above 0 and at most 1",
        ),
        (
            &*format!("{BASE}\npopulations = [\"eu\", \"asia\"]"),
            ":23:22:",
            "unknown population \"asia\"",
        ),
        (
            &*format!("{BASE}\ncache_ratio = 0.5"),
            ":23:1:",
            "unknown key `static_assets.cache_ratio`",
        ),
    ] {
        let path = dir.join("tiny.toml");
        std::fs::write(&path, spec(keys)).unwrap();
        let out = meridian(&["validate", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
        let err = text(&out.stderr);
        assert!(err.contains(&format!("tiny.toml{at} {message}")), "{err}");
    }
}

#[test]
fn without_the_section_the_plan_has_no_key() {
    let catalog = catalog::load_embedded().unwrap();
    let text = spec(BASE);
    let text = text.split("[static_assets]").next().unwrap();
    let plan = meridian::plan_text("tiny.toml", text, &catalog).unwrap();
    assert!(plan.static_assets.is_none());
    assert!(!meridian::render::json::render(&plan).contains("static_assets"));
}

#[test]
fn the_example_terraform_has_the_distribution_and_oac() {
    let catalog = catalog::load_embedded().unwrap();
    let text = std::fs::read_to_string("examples/shop.toml").unwrap();
    let plan = meridian::plan_text("shop.toml", &text, &catalog).unwrap();
    let files = meridian::render::terraform::render(&plan, &Default::default()).unwrap();
    let tf = &files.iter().find(|f| f.path == "static.tf").unwrap().text;
    for needle in [
        "resource \"aws_cloudfront_distribution\" \"static\"",
        "resource \"aws_cloudfront_origin_access_control\" \"static\"",
        "\"AWS:SourceArn\" = aws_cloudfront_distribution.static.arn",
        "Service = \"cloudfront.amazonaws.com\"",
        "price_class     = \"PriceClass_100\"",
        "origin_group {",
    ] {
        assert!(tf.contains(needle), "static.tf lacks {needle}");
    }
}

/// A Google Cloud spec: users near us-east1 (60%) and europe-west1 (40%),
/// one key-value class pinned to us-east1.
fn gcp_plan(static_keys: &str) -> meridian::plan::Plan {
    let text = format!(
        "name = \"g\"\nclouds = [\"gcp\"]\nregions = [\"us-east1\", \"us-central1\", \"us-east4\", \"europe-west1\"]\n\n\
         [users.us]\nnear = \"us-east1\"\nshare = 0.6\n\n[users.eu]\nnear = \"europe-west1\"\nshare = 0.4\n\n\
         [data.d]\nkind = \"key-value\"\nsize = \"10 GB\"\nconsistency = \"eventual\"\nengine = \"firestore\"\n\
         topology = \"single-region\"\nprimary = \"us-east1\"\n\n[static_assets]\n{static_keys}\n"
    );
    let catalog = catalog::load_embedded().unwrap();
    let plan = meridian::plan_text("g.toml", &text, &catalog).unwrap();
    meridian::invariants::check(&plan).unwrap();
    plan
}

#[test]
fn cloud_cdn_cost_lines_by_hand() {
    let plan = gcp_plan(BASE);
    let st = plan.static_assets.as_ref().expect("a static section");
    assert_eq!(st.service, "Cloud CDN");
    assert_eq!(st.cloud, "gcp");
    assert_eq!(st.origin, "us-east1");
    assert_eq!(st.price_class, None);
    // 5,256,000,000 requests a month; us 60% = 3,153,600,000 × 120,000 B
    // = 378,432 GB × $0.07451 = $28,196.97; lookups 315,360 × 10k ×
    // $0.0075 = $2,365.20.
    close(
        line(st, "Cloud CDN data transfer out, North America", "global"),
        28_196.97,
    );
    close(
        line(st, "Cloud CDN HTTPS requests, North America", "global"),
        2_365.20,
    );
    // Misses: 8% = 420,480,000 requests = 50,457.6 GB: cache fill at
    // $0.03725 = $1,879.55, load balancer processing at $0.00745 =
    // $375.91; the forwarding rule 730 h × $0.025 = $18.25.
    close(line(st, "Cloud CDN cache fill", "global"), 1_879.55);
    close(line(st, "load balancer data processing", "global"), 375.91);
    close(line(st, "Cloud CDN forwarding rule", "global"), 18.25);
    // The origin, a regional bucket in us-east1 (the list price): 50 GB ×
    // $0.020 = $1.00; Class B reads per miss: 420,480 × $0.0004 = $168.19.
    close(line(st, "Cloud Storage Standard storage", "us-east1"), 1.00);
    close(
        line(st, "Cloud Storage Class B operations", "us-east1"),
        168.19,
    );
    // One origin: a miss fails while us-east1 is down.
    assert!(st.rto_s.is_infinite());
    assert_eq!(st.connection_timeout_s, None);
}

#[test]
fn cloud_cdn_rto_makes_the_origin_a_dual_region_bucket() {
    let plan = gcp_plan(&format!("{BASE}\nrto = \"1m\""));
    let st = plan.static_assets.as_ref().unwrap();
    // us-east1 pairs only within NAM4 (us-central1) or the US code: the
    // next best allowed region holding a location with it.
    let second = st.failover_origin.as_deref().expect("a second region");
    assert!(["us-central1", "us-east4"].contains(&second), "{second}");
    let location = st.location.as_deref().unwrap();
    assert_eq!(
        location,
        if second == "us-central1" {
            "NAM4"
        } else {
            "US"
        }
    );
    // Dual-region rates: $0.022 a GB in each region, Class B at the
    // dual-region $0.0004; nothing to fail over.
    close(line(st, "Cloud Storage Standard storage", "us-east1"), 1.10);
    assert_eq!(st.rto_s, 0.0);
    assert!(st.rto_met);
    assert!(st.failover_status_codes.is_empty());
    // Its Terraform: one bucket in the location, a public read, a backend
    // bucket with Cloud CDN behind the global load balancer.
    let dir = scratch("static", "gcp-dual");
    let spec = dir.join("g.toml");
    let spec_text = format!(
        "name = \"g\"\nclouds = [\"gcp\"]\nregions = [\"us-east1\", \"us-central1\", \"us-east4\", \"europe-west1\"]\n\n\
         [users.us]\nnear = \"us-east1\"\nshare = 0.6\n\n[users.eu]\nnear = \"europe-west1\"\nshare = 0.4\n\n\
         [data.d]\nkind = \"key-value\"\nsize = \"10 GB\"\nconsistency = \"eventual\"\nengine = \"firestore\"\n\
         topology = \"single-region\"\nprimary = \"us-east1\"\n\n[static_assets]\n{BASE}\nrto = \"1m\"\n"
    );
    std::fs::write(&spec, spec_text).unwrap();
    let out = dir.join("out");
    let run = meridian(&[
        "plan",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let tf = std::fs::read_to_string(out.join("terraform/static.tf")).unwrap();
    assert!(
        tf.contains(&format!("location                    = \"{location}\"")),
        "{tf}"
    );
    assert!(tf.contains("enable_cdn       = true"), "{tf}");
    assert!(
        tf.contains("load_balancing_scheme = \"EXTERNAL_MANAGED\""),
        "{tf}"
    );
    assert!(tf.contains("member = \"allUsers\""), "{tf}");
}

#[test]
fn the_origin_is_in_a_cloud_with_a_cdn() {
    // Classes on Azure (no CDN planned there yet) and Google Cloud: the
    // origin is a Google Cloud region, priced as Cloud Storage, never a
    // region of another cloud priced as S3.
    let text = "name = \"m\"\nclouds = [\"azure\", \"gcp\"]\nregions = [\"eastus\", \"us-east4\"]\n\n\
                [users.us]\nnear = \"eastus\"\nshare = 1.0\n\n\
                [data.a]\nkind = \"key-value\"\nsize = \"10 GB\"\nconsistency = \"eventual\"\nengine = \"cosmos-db\"\n\
                topology = \"single-region\"\nprimary = \"eastus\"\n\n\
                [static_assets]\nsize = \"50 GB\"\nrequests_per_sec = 2000\nresponse_size = \"120 KB\"\ncache_hit_ratio = 0.92\n";
    let catalog = catalog::load_embedded().unwrap();
    let plan = meridian::plan_text("m.toml", text, &catalog).unwrap();
    let st = plan.static_assets.as_ref().unwrap();
    assert_eq!(st.origin, "us-east4");
    assert_eq!(st.cloud, "gcp");
    assert!(
        st.cost.iter().all(|l| !l.item.starts_with("S3")),
        "{:#?}",
        st.cost
    );
}
