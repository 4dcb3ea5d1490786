//! The failover runbook of a class's design: what happens, in order, when
//! its primary (or any) region is lost — detect, decide, promote, shift,
//! then verification and failback — who or what does each step, and how
//! long the RTO model assumed it takes (each phase's seconds are the sum of
//! its `rto_steps`). Built from the class plan alone; the
//! Terraform README and the design report print the same steps.

use crate::candidate::Role;
use crate::catalog::{Catalog, Engine, Mechanism, text};
use crate::evaluate::recovery::{Phase, Step as Took};
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

/// The names a runbook text's placeholders stand for.
struct Names<'a> {
    base: &'a str,
    primary: &'a str,
    target: &'a str,
    lost: &'a str,
    checks: &'a str,
}

impl Names<'_> {
    fn fill(&self, template: &str) -> String {
        text::fill(template, &|key| match key {
            "base" => Some(self.base.to_string()),
            "primary" => Some(self.primary.to_string()),
            "target" => Some(self.target.to_string()),
            "lost" => Some(self.lost.to_string()),
            "checks" => Some(self.checks.to_string()),
            _ => key
                .strip_prefix("name:")
                .and_then(|n| n.parse().ok())
                .map(|n| aws_name(&format!("{}-{}", self.base, self.target), n)),
        })
    }
}

/// The runbook for one class of the plan named `spec`: the model's steps
/// (detect, decide, promote, shift, verify, fail back), in the words the
/// catalog gives for its engine, traffic mechanism and cloud.
pub fn runbook(spec: &str, class: &ClassPlan, catalog: &Catalog) -> Vec<Step> {
    let Some(engine) = catalog
        .engine_index(&class.engine)
        .map(|e| &catalog.engines[e])
    else {
        return Vec::new();
    };
    let cloud = &catalog.clouds[engine.cloud];
    let took = |kind: Took| {
        class
            .rto_steps
            .iter()
            .find(|s| s.kind == kind)
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
    let active = class.topology == Topology::ActiveActive;
    let names = Names {
        base: &base,
        primary: &primary,
        target: &target,
        lost: if active {
            "the failed region"
        } else {
            &primary
        },
        checks: if class.fast_health_checks {
            "fast, 10 s"
        } else {
            "standard, 30 s"
        },
    };
    if class.topology == Topology::SingleRegion {
        return vec![
            step(
                "detect",
                "automatic",
                cloud.runbook.single_region_detect.clone(),
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
    let Some(mechanism) = catalog.mechanism(&class.cloud, &class.traffic) else {
        return Vec::new();
    };
    let operator = class.failover == Failover::Operator;
    let mut steps = vec![step(
        "detect",
        "automatic",
        names.fill(&mechanism.runbook.detect),
        class.phase_s(Phase::Detect),
    )];
    steps.push(if operator {
        step(
            "decide",
            "operator",
            format!(
                "The on-call engineer confirms the region is lost ({}) and decides to fail over; the RTO allows {} for this.",
                cloud.runbook.evidence,
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
        (Topology::ActiveActive, _) => active_active(class, engine, &mut steps, &took),
        (_, Some(Standby::BackupRestore)) => {
            steps.push(step(
                "promote",
                "operator",
                engine_text(engine, engine.runbook.restore.as_deref(), &names),
                took(Took::RestoreFromBackup),
            ));
        }
        (_, standby) => active_passive(class, engine, &names, standby, &mut steps, &took),
    }
    steps.push(shift(class, mechanism, &names));
    steps.push(step(
        "verification",
        "operator",
        "Run the smoke tests against the surviving region; check the replication-lag and error-rate dashboards; record the data-loss window (writes after the last replicated or backed-up point).".into(),
        None,
    ));
    steps.push(step(
        "failback",
        "operator",
        failback(class, engine, &names),
        None,
    ));
    steps
}

/// An engine's runbook text filled in, or a plain sentence where its file
/// has none (the loader requires the texts its designs need).
fn engine_text(engine: &Engine, text: Option<&str>, names: &Names) -> String {
    text.map_or_else(
        || format!("Promote the {} copy in {}.", engine.id, names.target),
        |t| names.fill(t),
    )
}

fn active_active(
    class: &ClassPlan,
    engine: &Engine,
    steps: &mut Vec<Step>,
    took: &dyn Fn(Took) -> Option<f64>,
) {
    let action = match (&engine.runbook.survive, class.replication) {
        (Some(text), _) => text.clone(),
        (None, Replication::Quorum) => "The remaining voters elect a new leaseholder (Raft); writes continue once the election completes.".to_string(),
        (None, Replication::Sync) => "The surviving regions keep committing: nothing acknowledged is lost and nothing is promoted.".to_string(),
        (None, _) => "The other regions keep taking reads and writes; writes accepted by the lost region and not yet replicated are lost or arrive when it returns (last writer wins).".to_string(),
    };
    steps.push(step(
        "promote",
        "automatic",
        action,
        took(Took::LeaderElection).or(took(Took::NothingToPromote)),
    ));
}

/// The shift step: how users move to the surviving region, who moves
/// them (the mechanism's texts for an operator, an active-active design,
/// or a standby).
fn shift(class: &ClassPlan, m: &Mechanism, names: &Names) -> Step {
    let r = &m.runbook;
    let took = class.phase_s(Phase::Shift);
    let passive = r.shift_passive.as_ref().or(r.shift_active.as_ref());
    let (actor, text) = if class.failover == Failover::Operator {
        ("operator", r.shift_operator.as_ref().or(passive))
    } else if class.topology == Topology::ActiveActive && r.shift_active.is_some() {
        ("automatic", r.shift_active.as_ref())
    } else {
        let actor = match r.passive_actor.as_deref() {
            Some("automation") => "automation",
            _ => "automatic",
        };
        (actor, passive)
    };
    let action = text.map_or_else(
        || format!("{} moves users to {}.", m.name, names.target),
        |t| names.fill(t),
    );
    step("shift", actor, action, took)
}

fn active_passive(
    class: &ClassPlan,
    engine: &Engine,
    names: &Names,
    standby: Option<Standby>,
    steps: &mut Vec<Step>,
    took: &dyn Fn(Took) -> Option<f64>,
) {
    let promote = engine_text(engine, engine.runbook.promote.as_deref(), names);
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
    steps.push(step("promote", actor, promote, took(Took::Promotion)));
    let grow = match standby {
        Some(Standby::PilotLight) => Some((&engine.runbook.start_compute, Took::StartCompute)),
        Some(Standby::WarmStandby) if took(Took::ScaleUp).is_some() => {
            Some((&engine.runbook.scale_up, Took::ScaleUp))
        }
        _ => None,
    };
    if let Some((text, kind)) = grow {
        steps.push(step(
            "promote",
            actor,
            text.as_deref().map_or_else(
                || {
                    format!(
                        "Bring the {} standby up to the primary's size.",
                        names.target
                    )
                },
                |t| names.fill(t),
            ),
            took(kind),
        ));
    }
}

fn failback(class: &ClassPlan, engine: &Engine, names: &Names) -> String {
    let (primary, target) = (names.primary, names.target);
    if class.standby == Some(Standby::BackupRestore) {
        return format!(
            "Either keep {target} as the new primary and point the backup copies at {primary}, or back up {target} and restore into {primary} in a quiet window (writes pause during the copy)."
        );
    }
    if class.topology == Topology::ActiveActive {
        return "When the region returns its copy catches up by itself; its users move back once its endpoints pass their health checks again (with client-side routing, once the clients try it first again).".into();
    }
    engine.runbook.failback.as_deref().map_or_else(
        || format!("Rebuild the copy in {primary} and switch back in a quiet window."),
        |t| names.fill(t),
    )
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
        (Topology::SingleRegion, _, _) if !others.is_empty() => format!(
            "One read-write copy, in {primary}: writes and strongly consistent reads go there. Read-only replicas in {others} serve stale reads near their users; they cannot be promoted, so losing {primary} stops writes until it returns, and losing one of them only moves its readers."
        ),
        (Topology::SingleRegion, _, _) => format!(
            "One copy, in {primary}: reads and writes are strongly consistent. Losing {primary} stops the class until it returns; data kept nowhere else is at risk."
        ),
        (Topology::ActivePassive, _, Some(Standby::BackupRestore)) => format!(
            "One writer, in {primary}: reads and writes are strongly consistent there. Backups are copied to {others} every {lag}; after losing {primary} the class is restored there, and up to {lag} of writes are lost."
        ),
        (Topology::ActivePassive, Replication::Sync, _) => format!(
            "One writer, in {primary}; a write commits only once every region ({others} too) has it, so reads anywhere are strongly consistent and a failover loses no acknowledged write. Writes pay about two round trips to the farthest region."
        ),
        (Topology::ActivePassive, _, _) => {
            let reads = match class.consistency {
                Consistency::Strong => {
                    format!("every read goes to {primary}, so reads are strongly consistent")
                }
                Consistency::Session => format!(
                    "reads may be served by the copies in {others}, which lag by about {lag}; a client still reads its own writes (session consistency)"
                ),
                Consistency::ConsistentPrefix => format!(
                    "reads may be served by the copies in {others}, which lag by about {lag} but never show writes out of order (consistent prefix)"
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
                Conflicts::Surface => "concurrent updates to the same item are all kept: the application reads the conflicting versions (Cosmos DB's conflicts feed) and decides, or shows them to the user; none is dropped".to_string(),
                _ => "last writer wins: of two concurrent writes to the same item in two regions one is kept, silently".to_string(),
            };
            format!(
                "Every region takes reads and writes and replicates them to the others asynchronously, about {lag} behind: a read in one region may miss a write just made in another, and {conflicts}."
            )
        }
    }
}
