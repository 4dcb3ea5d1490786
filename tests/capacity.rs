//! Capacity modes and commitments, against bills computed by hand from the
//! catalog's cited prices (us-east-1, 730-hour month):
//! - DynamoDB on-demand: $0.625 per million write request units, $0.125 per
//!   million read request units ([PY]; 'Replicated write units ... are priced
//!   the same as single-Region write units').
//! - DynamoDB provisioned: WCU $0.00065/h = $0.4745 a month, RCU $0.00013/h =
//!   $0.0949 a month, rWCU as WCU ([PY]; infracost dynamodb_table_test.golden
//!   '20 WCU $9.49'); auto scaling at AWS's default 70% target.
//! - DynamoDB 1-year reserved capacity, per 100 WCU '$150.00 (1-year, paid
//!   upfront) or $0.0128 per hour' = 150/12 + 0.0128 x 730 = $21.844 a month;
//!   per 100 RCU '$30.00 ... $0.0025 per hour' = $4.325 a month.
//! - Aurora Standard storage $0.10/GB-month, I/O $0.20 per million;
//!   I/O-Optimized storage $0.225/GB-month, no I/O, instances x 1.30
//!   (aws/agent-toolkit-for-aws io_optimized_analyzer.py).

mod common;

use common::catalog;

use common::{close, line};

use meridian::plan::{ClassPlan, Plan};

/// One population next to us-east-1 (or two, 50/50 with us-east-2).
fn plan(top: &str, two_populations: bool, class: &str) -> Plan {
    let users = if two_populations {
        "[users.east]\nnear = \"us-east-1\"\nshare = 0.5\n\n[users.ohio]\nnear = \"us-east-2\"\nshare = 0.5\n"
    } else {
        "[users.east]\nnear = \"us-east-1\"\nshare = 1.0\n"
    };
    let spec = format!("name = \"hand\"\n{top}\n{users}\n[data.d]\n{class}");
    meridian::plan_text("hand.toml", &spec, &catalog()).unwrap_or_else(|e| panic!("{e:?}"))
}

fn within_2_percent(a: f64, b: f64) {
    assert!((a - b).abs() <= 0.02 * b, "{a} is not within 2% of {b}");
}

fn mode(c: &ClassPlan) -> &'static str {
    c.capacity.as_ref().expect("a designed class").mode.as_str()
}

/// A steady 10,000 writes/s of 1 KB items in one region (no reads).
const STEADY: &str = "kind = \"key-value\"\nsize = \"10 GB\"\nwrites_per_sec = 10000\nitem_size = \"1 KB\"\n\
     consistency = \"eventual\"\nengine = \"dynamodb\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n";

#[test]
fn a_steady_load_is_provisioned_at_the_auto_scaling_target() {
    let p = plan("", false, STEADY);
    let c = &p.classes[0];
    assert_eq!(mode(c), "provisioned");
    let capacity = c.capacity.as_ref().unwrap();
    assert_eq!(capacity.target_utilization, Some(0.7));
    assert_eq!(capacity.units["us-east-1"].write_capacity, 14_286);
    // 10,000 WCU / 0.7 = 14,285.7 -> 14,286 WCU x $0.00065 x 730 = $6,778.71.
    close(
        line(
            c,
            "write capacity units (provisioned, 70% target) 14,286 WCU",
            "us-east-1",
        ),
        6_778.71,
    );
    // No reads: the smallest table still provisions 1 RCU = $0.0949.
    close(line(c, "read capacity units", "us-east-1"), 0.09);
    close(line(c, "table storage", "us-east-1"), 2.50);
    // The hand bill: $6,778.71 + $0.09 + $2.50 = $6,781.30 (on-demand would be
    // 26,280M WRU x $0.625/M = $16,425 + $2.50).
    within_2_percent(c.monthly_usd.usd(), 6_781.30);
    close(c.monthly_usd.usd(), 6_781.30);
    assert!(c.cost.iter().all(|l| !l.item.contains("on-demand")));
}

#[test]
fn a_spiky_load_stays_on_demand() {
    let p = plan("", false, &format!("{STEADY}peak_to_average = 8\n"));
    let c = &p.classes[0];
    // Provisioned would carry 10,000 x 8 / 0.7 = 114,286 WCU x $0.4745 =
    // $54,228.71; on-demand bills the average: 26,280M WRU x $0.625/M.
    assert_eq!(mode(c), "on-demand");
    close(
        line(c, "write request units (on-demand)", "us-east-1"),
        16_425.00,
    );
    within_2_percent(c.monthly_usd.usd(), 16_425.00 + 2.50);
    assert!(c.capacity.as_ref().unwrap().units.is_empty());
}

/// Two replicas, writes and reads split 50/50 between the populations.
const GLOBAL: &str = "kind = \"key-value\"\nsize = \"10 GB\"\nwrites_per_sec = 10000\nitem_size = \"1 KB\"\n\
     consistency = \"eventual\"\nconflicts = \"last-writer-wins\"\nengine = \"dynamodb\"\n\
     topology = \"active-active\"\nreplicas = [\"us-east-1\", \"us-east-2\"]\n";

#[test]
fn a_global_table_provisions_every_write_in_every_replica() {
    let p = plan("", true, GLOBAL);
    let c = &p.classes[0];
    assert_eq!(mode(c), "provisioned");
    for region in ["us-east-1", "us-east-2"] {
        let units = c.capacity.as_ref().unwrap().units[region];
        // Every replica carries all 14,286 WCU: half for its own writes
        // (WCU), half replicated from the other (rWCU, priced as WCU).
        assert_eq!(units.write_capacity, 14_286);
        assert_eq!(units.local_write_capacity, 7_143);
        // 7,143 x $0.4745 = $3,389.35 each (us-east-2's price index is 1.0).
        close(line(c, "write capacity units", region), 3_389.35);
        close(line(c, "replicated write capacity units", region), 3_389.35);
    }
    // 20,000 unit-hours an hour in both regions: $13,557.40 (fidelity.md:
    // $13,557 at 70%), against $32,850 of WRU + rWRU on-demand.
    let capacity: f64 = c
        .cost
        .iter()
        .filter(|l| l.item.contains("capacity units"))
        .map(|l| l.monthly_usd.usd())
        .sum();
    within_2_percent(capacity, 13_557.0);
}

#[test]
fn a_one_year_commitment_reserves_the_steady_floor() {
    let p = plan("commitment = \"1y\"", false, STEADY);
    let c = &p.classes[0];
    let capacity = c.capacity.as_ref().unwrap();
    assert_eq!(capacity.mode.as_str(), "provisioned");
    assert_eq!(capacity.commitment.as_str(), "1y");
    assert_eq!(capacity.units["us-east-1"].reserved_write_capacity, 10_000);
    // 10,000 average WCU reserved: 100 blocks x $21.844 = $2,184.40.
    close(
        line(c, "reserved WCU (1y term) 10,000 WCU", "us-east-1"),
        2_184.40,
    );
    // The rest of the 70% target, 14,286 - 10,000 = 4,286 WCU x $0.4745 = $2,033.71.
    close(line(c, "write capacity units", "us-east-1"), 2_033.71);
    // $2,184.40 + $2,033.71 + 1 RCU $0.09 + storage $2.50 = $4,220.70
    // (fidelity.md: $4,218 for the capacity alone).
    within_2_percent(c.monthly_usd.usd(), 4_220.70);
    close(c.monthly_usd.usd(), 4_220.70);
    assert!(p.commitment_notes.is_empty(), "{:?}", p.commitment_notes);
}

#[test]
fn a_one_year_commitment_never_reserves_replicated_writes() {
    let p = plan("commitment = \"1y\"", true, GLOBAL);
    let c = &p.classes[0];
    for region in ["us-east-1", "us-east-2"] {
        let units = c.capacity.as_ref().unwrap().units[region];
        // Each region's own 5,000 average WCU: 50 blocks x $21.844 = $1,092.20.
        assert_eq!(units.reserved_write_capacity, 5_000);
        close(line(c, "reserved WCU", region), 1_092.20);
        // 7,143 - 5,000 = 2,143 WCU x $0.4745 = $1,016.85.
        close(line(c, "write capacity units", region), 1_016.85);
        // The 7,143 replicated units stay provisioned: $3,389.35.
        close(line(c, "replicated write capacity units", region), 3_389.35);
    }
}

#[test]
fn three_year_dynamodb_reservations_were_not_found_and_the_plan_says_so() {
    let p = plan("commitment = \"3y\"", false, STEADY);
    let c = &p.classes[0];
    let capacity = c.capacity.as_ref().unwrap();
    // Priced as provisioned without a reservation: $6,781.30 as above.
    assert_eq!(capacity.mode.as_str(), "provisioned");
    assert_eq!(capacity.commitment.as_str(), "none");
    assert!(capacity.note.contains("not found"), "{}", capacity.note);
    close(c.monthly_usd.usd(), 6_781.30);
    assert_eq!(p.commitment.as_str(), "3y");
    assert!(
        p.commitment_notes
            .iter()
            .any(|n| n.starts_with("d (dynamodb)")),
        "{:?}",
        p.commitment_notes
    );
}

#[test]
fn instances_stay_on_demand_under_a_commitment_and_the_plan_says_so() {
    let p = plan(
        "commitment = \"1y\"",
        false,
        "kind = \"relational\"\nsize = \"10 GB\"\nengine = \"rds-postgresql\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n",
    );
    let c = &p.classes[0];
    assert_eq!(c.capacity.as_ref().unwrap().commitment.as_str(), "none");
    assert!(p.commitment_notes[0].contains("on-demand"));
    // The same bill as without a commitment.
    let none = plan(
        "",
        false,
        "kind = \"relational\"\nsize = \"10 GB\"\nengine = \"rds-postgresql\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n",
    );
    assert_eq!(c.monthly_usd, none.classes[0].monthly_usd);
}

const AURORA: &str = "kind = \"relational\"\nsize = \"100 GB\"\nitem_size = \"1 KiB\"\n\
     engine = \"aurora-postgresql\"\ntopology = \"single-region\"\nprimary = \"us-east-1\"\n";

#[test]
fn aurora_picks_io_optimized_for_heavy_io() {
    let p = plan("", false, &format!("{AURORA}writes_per_sec = 1000\n"));
    let c = &p.classes[0];
    // Writer: 1,000 / 1,000 per vCPU / 0.6 = 1.67 vCPU -> 2 x db.r6g.large.
    // Standard: instances $0.26 x 730 x 2 = $379.60, storage 100 GB x $0.10 =
    // $10, write I/O 1,000/s x 2,628,000 s = 2,628M x $0.20/M = $525.60:
    // $915.20. I/O-Optimized: $379.60 x 1.3 = $493.48, storage 100 x $0.225 =
    // $22.50, no I/O: $515.98.
    assert_eq!(mode(c), "io-optimized");
    close(
        line(c, "instance db.r6g.large x2 (I/O-Optimized)", "us-east-1"),
        493.48,
    );
    close(
        line(c, "cluster storage 100 GB (I/O-Optimized)", "us-east-1"),
        22.50,
    );
    assert!(c.cost.iter().all(|l| !l.item.contains("I/O (Standard)")));
    close(c.monthly_usd.usd(), 515.98);
}

#[test]
fn aurora_keeps_standard_for_light_io() {
    let p = plan(
        "",
        false,
        &format!("{AURORA}writes_per_sec = 10\nreads_per_sec = 100\n"),
    );
    let c = &p.classes[0];
    // Standard: $379.60 + $10 + write I/O 26.28M x $0.20/M = $5.26 + read I/O
    // 100/s x 2,628,000 x 5% = 13.14M x $0.20/M = $2.63: $397.49, against
    // I/O-Optimized's $493.48 + $22.50 = $515.98.
    assert_eq!(mode(c), "standard");
    close(
        line(c, "instance db.r6g.large x2 (Standard)", "us-east-1"),
        379.60,
    );
    close(c.monthly_usd.usd(), 379.60 + 10.0 + 5.26 + 2.63);
}

fn terraform(p: &Plan) -> String {
    use meridian::render::terraform::{Templates, render};
    render(p, &Templates::default())
        .expect("the embedded templates render")
        .into_iter()
        .filter(|f| f.path.ends_with(".tf") || f.path.ends_with(".yml"))
        .map(|f| format!("== {}\n{}", f.path, f.text))
        .collect()
}

#[test]
fn terraform_renders_provisioned_tables_with_auto_scaling() {
    let p = plan("", true, GLOBAL);
    let tf = terraform(&p);
    assert!(
        tf.contains("billing_mode                = \"PROVISIONED\""),
        "{tf}"
    );
    assert!(tf.contains("write_capacity              = 14286"), "{tf}");
    // Write and read scaling in both replica regions, at the plan's target.
    assert_eq!(
        tf.matches("resource \"aws_appautoscaling_target\"").count(),
        4
    );
    assert_eq!(
        tf.matches("resource \"aws_appautoscaling_policy\"").count(),
        4
    );
    assert!(tf.contains("predefined_metric_type = \"DynamoDBWriteCapacityUtilization\""));
    assert!(tf.contains("predefined_metric_type = \"DynamoDBReadCapacityUtilization\""));
    assert!(tf.contains("target_value = 70"));
    assert!(tf.contains("ignore_changes = [read_capacity, write_capacity]"));
    // Infracost prices provisioned capacity from the resource, not usage.
    assert!(!tf.contains("monthly_write_request_units"), "{tf}");

    let spiky = terraform(&plan("", false, &format!("{STEADY}peak_to_average = 8\n")));
    assert!(spiky.contains("billing_mode                = \"PAY_PER_REQUEST\""));
    assert!(!spiky.contains("aws_appautoscaling"));
    assert!(spiky.contains("monthly_write_request_units"));
}

#[test]
fn terraform_renders_aurora_io_optimized_where_chosen() {
    let heavy = terraform(&plan(
        "",
        false,
        &format!("{AURORA}writes_per_sec = 1000\n"),
    ));
    assert!(
        heavy.contains("storage_type                        = \"aurora-iopt1\""),
        "{heavy}"
    );
    let light = terraform(&plan("", false, &format!("{AURORA}writes_per_sec = 10\n")));
    assert!(!light.contains("aurora-iopt1"));
}
