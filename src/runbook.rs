//! The failover runbook of a class's design: what happens, in order, when
//! its primary (or any) region is lost — detect, decide, promote, shift,
//! then verification and failback — who or what does each step, and how
//! long the RTO model assumed it takes (each phase's seconds are the sum of
//! its `rto_steps`). Built from the class plan alone; the
//! Terraform README and the design report print the same steps.

use crate::candidate::Role;
use crate::evaluate::recovery::Phase;
use crate::model::{Failover, Replication, Standby, Topology};
use crate::naming::aws_name;
use crate::plan::{ClassPlan, RunbookStep as Step};

fn step(phase: &'static str, actor: &'static str, action: String, seconds: Option<f64>) -> Step {
    Step {
        phase,
        actor,
        action,
        seconds,
    }
}

/// The runbook for one class of the plan named `spec`.
pub fn runbook(spec: &str, class: &ClassPlan) -> Vec<Step> {
    if class.engine.is_empty() {
        return Vec::new();
    }
    let took = |name: &str| {
        class
            .rto_steps
            .iter()
            .find(|s| s.step == name)
            .map(|s| s.seconds)
    };
    let base = format!("{spec}-{}", class.name);
    let primary = class.primary.clone().unwrap_or_default();
    let target = class
        .regions
        .iter()
        .zip(&class.roles)
        .find(|(r, role)| **r != primary && **role != Role::Primary)
        .map(|(r, _)| r.clone())
        .unwrap_or_default();
    if class.topology == Topology::SingleRegion {
        return vec![
            step(
                "detect",
                "automatic",
                "CloudWatch alarms and the AWS Health Dashboard report the regional event.".into(),
                None,
            ),
            step(
                "promote",
                "operator",
                "Nothing to fail over to: wait for the region to recover; restore from the in-region backups if data is damaged.".into(),
                None,
            ),
        ];
    }
    let operator = class.failover == Failover::Operator;
    let checks = if class.fast_health_checks {
        "fast, 10 s"
    } else {
        "standard, 30 s"
    };
    let mut steps = vec![step(
        "detect",
        "automatic",
        match class.traffic.as_str() {
            "global-accelerator" => format!(
                "Global Accelerator's endpoint health checks on the failed region's endpoint group fail ({checks} checks); CloudWatch alarms page the on-call engineer."
            ),
            "client" => "Clients' requests to the failed region time out and their retries are used up; error-rate alarms page the on-call engineer.".into(),
            _ => format!(
                "Route 53 health checks on the service endpoints fail ({checks} checks); CloudWatch alarms page the on-call engineer."
            ),
        },
        class.phase_s(Phase::Detect),
    )];
    steps.push(if operator {
        step(
            "decide",
            "operator",
            format!(
                "The on-call engineer confirms the region is lost (error rates, latency, the AWS Health Dashboard) and decides to fail over; the RTO allows {} for this.",
                class
                    .decision_s
                    .map_or_else(|| "no time".to_string(), crate::units::format_duration_s)
            ),
            class.phase_s(Phase::Decide),
        )
    } else {
        step(
            "decide",
            "automatic",
            "No one decides: the failed checks move users at once. The RTO assumes a region that stops answering; a partial event (raised error rates) may not trip the checks, and then someone must decide (plan it with failover = \"operator\").".into(),
            class.phase_s(Phase::Decide),
        )
    });
    match (class.topology, class.standby) {
        (Topology::SingleRegion, _) => unreachable!("returned above"),
        (Topology::ActiveActive, _) => active_active(class, &mut steps, &took),
        (_, Some(Standby::BackupRestore)) => {
            let vault = aws_name(&format!("{base}-{target}"), 50);
            steps.push(step(
                "promote",
                "operator",
                format!(
                    "Restore the newest recovery point copied to backup vault `{vault}` in {target}: `aws backup list-recovery-points-by-backup-vault --backup-vault-name {vault} --region {target}`, then `aws backup start-restore-job` with it{}.",
                    if class.engine == "dynamodb" {
                        " (a new table; global-table replicas can be added once it is live)"
                    } else {
                        ", into the subnets of `networks[\"TARGET\"]`"
                    }
                    .replace("TARGET", &target)
                ),
                took("restore from backup"),
            ));
        }
        (_, standby) => active_passive(class, &base, &primary, &target, standby, &mut steps, &took),
    }
    steps.push(shift(class, &primary, &target));
    steps.push(step(
        "verification",
        "operator",
        "Run the smoke tests against the surviving region; check the replication-lag and error-rate dashboards; record the data-loss window (writes after the last replicated or backed-up point).".into(),
        None,
    ));
    steps.push(step(
        "failback",
        "operator",
        failback(class, &primary, &target),
        None,
    ));
    steps
}

fn active_active(class: &ClassPlan, steps: &mut Vec<Step>, took: &dyn Fn(&str) -> Option<f64>) {
    let (what, action) = match (class.engine.as_str(), class.replication) {
        ("aurora-dsql" | "dynamodb-mrsc", _) => (
            "automatic",
            "The surviving region and the witness keep the quorum: writes continue there with no data loss; nothing to promote.".to_string(),
        ),
        (_, Replication::Quorum) => (
            "automatic",
            "The remaining voters elect a new leaseholder (Raft); writes continue once the election completes.".to_string(),
        ),
        _ => (
            "automatic",
            "The other regions keep taking reads and writes; writes accepted by the lost region and not yet replicated are lost or arrive when it returns (last writer wins).".to_string(),
        ),
    };
    steps.push(step(
        "promote",
        what,
        action,
        took("leader election").or(took("nothing to promote")),
    ));
}

/// The shift step: how users move to the surviving region, who moves them.
fn shift(class: &ClassPlan, primary: &str, target: &str) -> Step {
    let operator = class.failover == Failover::Operator;
    let active = class.topology == Topology::ActiveActive;
    let took = class.phase_s(Phase::Shift);
    let lost = if active { "the failed region" } else { primary };
    let (actor, action) = match class.traffic.as_str() {
        "global-accelerator" if active && !operator => (
            "automatic",
            format!("Global Accelerator stops sending new connections to {lost}'s endpoint group and routes them to the nearest healthy one; there is no DNS change to wait for."),
        ),
        "global-accelerator" => (
            if operator { "operator" } else { "automation" },
            format!("Set the traffic dial of the {target} endpoint group to 100 % and {primary}'s to 0 %: `aws globalaccelerator update-endpoint-group --endpoint-group-arn <ARN> --traffic-dial-percentage 100 --region us-west-2` (the accelerator's control plane, in us-west-2); new connections move at once."),
        ),
        "client" => (
            "automatic",
            "Each client sends its next request to the next region in its endpoint list; nothing changes in DNS.".to_string(),
        ),
        "arc" => (
            "operator",
            format!("Flip the ARC routing controls: {target} On, {lost} Off, through one of the cluster's five regional endpoints (`aws route53-recovery-cluster update-routing-control-states --endpoint-url <endpoint> --region <endpoint region> ...`, a data-plane call); the records' health checks follow and clients move within the DNS TTL."),
        ),
        _ if operator => (
            "operator",
            format!("Change the Route 53 records of the services to {target} (a control-plane call, served from us-east-1); clients follow within the DNS TTL."),
        ),
        _ if active => (
            "automatic",
            "Route 53 latency records drop the failed region's endpoint; users move to the next-nearest healthy region within the DNS TTL.".to_string(),
        ),
        _ => (
            "automatic",
            format!("Route 53 failover records send users to the {target} service endpoints; clients follow within the DNS TTL."),
        ),
    };
    step("shift", actor, action, took)
}

fn active_passive(
    class: &ClassPlan,
    base: &str,
    primary: &str,
    target: &str,
    standby: Option<Standby>,
    steps: &mut Vec<Step>,
    took: &dyn Fn(&str) -> Option<f64>,
) {
    let promote = match class.engine.as_str() {
        "aurora-postgresql" => format!(
            "`aws rds failover-global-cluster --global-cluster-identifier {base} --target-db-cluster-identifier <ARN of {} in {target}> --allow-data-loss --region {target}`; the global writer endpoint follows the new primary.",
            aws_name(&format!("{base}-{target}"), 63)
        ),
        "rds-postgresql" => format!(
            "`aws rds promote-read-replica --db-instance-identifier {} --region {target}`; the replica becomes a standalone writable instance (turn on Multi-AZ afterwards).",
            aws_name(&format!("{base}-{target}"), 63)
        ),
        "elasticache-valkey" => format!(
            "`aws elasticache failover-global-replication-group --global-replication-group-id <id of {base}> --primary-region {target} --primary-replication-group-id {}`.",
            aws_name(&format!("{base}-{target}"), 40)
        ),
        "dynamodb" => format!(
            "Switch the application's write region to {target} (its replica of table `{base}` is already writable); stop writes to {primary}."
        ),
        "s3" | "s3-crr" => format!(
            "Switch writers to bucket `{}` in {target} (reads can move at once; it holds every object replicated {}).",
            aws_name(&format!("{base}-{target}"), 50),
            if class.engine == "s3" {
                "within the RTC window"
            } else {
                "before the loss; without RTC, large objects may take hours"
            }
        ),
        other => format!("Promote the {other} copy in {target}."),
    };
    let (actor, promote) = if class.failover == Failover::Operator {
        ("operator", promote)
    } else {
        (
            "automation",
            format!(
                "Your failover automation (not in this module), triggered by the health-check alarm, runs: {promote}"
            ),
        )
    };
    steps.push(step("promote", actor, promote, took("promotion")));
    match standby {
        Some(Standby::PilotLight) => steps.push(step(
            "promote",
            actor,
            format!("Add instances to the headless {target} cluster: set its instance count in Terraform to the primary's and `terraform apply` (or `aws rds create-db-instance`)."),
            took("start compute"),
        )),
        Some(Standby::WarmStandby) if took("scale up").is_some() => steps.push(step(
            "promote",
            actor,
            format!("Scale the {target} standby up to the primary's instance class and count (Terraform: copy the primary's sizing, `terraform apply`)."),
            took("scale up"),
        )),
        _ => {}
    }
}

fn failback(class: &ClassPlan, primary: &str, target: &str) -> String {
    match (class.topology, class.engine.as_str()) {
        _ if class.standby == Some(Standby::BackupRestore) => format!(
            "Either keep {target} as the new primary and point the backup copies at {primary}, or back up {target} and restore into {primary} in a quiet window (writes pause during the copy)."
        ),
        (Topology::ActiveActive, _) => {
            "When the region returns its copy catches up by itself; its users move back once its endpoints pass their health checks again (with client-side routing, once the clients try it first again).".into()
        }
        (_, "aurora-postgresql") => format!(
            "When {primary} returns, Aurora rejoins its cluster as a secondary; in a quiet window run `aws rds switchover-global-cluster` back to {primary} (no data loss)."
        ),
        (_, "rds-postgresql") => format!(
            "Re-create a cross-region read replica in {primary} from {target} (`terraform apply` after swapping the primary), wait for it to catch up, then promote it in a quiet window."
        ),
        (_, "elasticache-valkey") => format!(
            "When {primary} returns it rejoins as a secondary; run `failover-global-replication-group` back to {primary} in a quiet window."
        ),
        (_, "dynamodb") => format!("Switch the write region back to {primary} once its replica shows no replication lag."),
        (_, "s3" | "s3-crr") => format!(
            "Add replication {target} → {primary} for objects written during the outage (or S3 Batch Replication), then switch writers back."
        ),
        _ => format!("Rebuild the copy in {primary} and switch back in a quiet window."),
    }
}

/// What users see of the design's consistency and conflict handling, in
/// plain words.
pub fn behaviour(class: &ClassPlan) -> String {
    use crate::model::{Conflicts, Consistency};
    if class.engine.is_empty() {
        return String::new();
    }
    let lag = crate::units::format_duration_s(class.rpo_s);
    let others: Vec<&str> = class
        .regions
        .iter()
        .zip(&class.roles)
        .filter(|(_, r)| **r != Role::Primary)
        .map(|(r, _)| r.as_str())
        .collect();
    let others = others.join(", ");
    let primary = class.primary.clone().unwrap_or_default();
    match (class.topology, class.replication, class.standby) {
        (Topology::SingleRegion, _, _) => format!(
            "One copy, in {primary}: reads and writes are strongly consistent. Losing {primary} stops the class until it returns; data kept nowhere else is at risk."
        ),
        (Topology::ActivePassive, _, Some(Standby::BackupRestore)) => format!(
            "One writer, in {primary}: reads and writes are strongly consistent there. Backups are copied to {others} every {lag}; after losing {primary} the class is restored there, and up to {lag} of writes are lost."
        ),
        (Topology::ActivePassive, _, _) => {
            let reads = match class.consistency {
                Consistency::Strong => {
                    format!("every read goes to {primary}, so reads are strongly consistent")
                }
                Consistency::Session => format!(
                    "reads may be served by the copies in {others}, which lag by about {lag}; a client still reads its own writes (session consistency)"
                ),
                _ => format!(
                    "reads may be served by the copies in {others}, stale by up to about {lag}"
                ),
            };
            format!(
                "One writer, in {primary}; the copies in {others} follow asynchronously, about {lag} behind, and {reads}. On failover the writes of that last ~{lag} are lost."
            )
        }
        (Topology::ActiveActive, Replication::Sync, _) => format!(
            "Every region takes reads and writes; a write is acknowledged only once another region{} has it, so reads are strongly consistent everywhere and no acknowledged write is lost. Writes pay that extra round trip.",
            if class.witness.is_some() {
                " (or the witness)"
            } else {
                ""
            }
        ),
        (Topology::ActiveActive, Replication::Quorum, _) => format!(
            "A write commits once a majority of the voting regions has it (nothing acknowledged is lost); the leaseholder in {} orders writes and serves strongly consistent reads.",
            class.leader.clone().unwrap_or_default()
        ),
        (Topology::ActiveActive, _, _) => {
            let conflicts = match class.conflicts {
                Conflicts::Crdt => "concurrent updates to the same item merge (CRDT): none is lost".to_string(),
                Conflicts::Custom => "concurrent updates to the same item are resolved by the application's own merge".to_string(),
                _ => "last writer wins: of two concurrent writes to the same item in two regions one is kept, silently".to_string(),
            };
            format!(
                "Every region takes reads and writes and replicates them to the others asynchronously, about {lag} behind: a read in one region may miss a write just made in another, and {conflicts}."
            )
        }
    }
}
