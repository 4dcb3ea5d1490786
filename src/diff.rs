//! `meridian diff OLD.json NEW.json`: what changed between two plans, for
//! pull requests. It reads the plan JSON (the keys of DESIGN.md; others are
//! ignored, so plans from older meridian versions compare too) and reports,
//! per data class, changes of topology, engine, regions, replication,
//! monthly cost (absolute and %), RPO, RTO, availability and worst p99
//! latency; classes added and removed; and the total cost delta. Guardrails
//! turn regressions into a failing exit status for CI.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The parts of a plan JSON a diff compares.
#[derive(Debug, Clone, Deserialize)]
pub struct PlanView {
    pub name: String,
    pub total_monthly_usd: f64,
    pub classes: Vec<ClassView>,
    #[serde(default)]
    pub services: Vec<ServiceView>,
}

/// The parts of a service a diff compares.
#[derive(Debug, Clone, Deserialize)]
pub struct ServiceView {
    pub name: String,
    pub monthly_usd: f64,
    #[serde(default)]
    pub regions: BTreeMap<String, u32>,
}

/// How a service's cost and placement changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceDiff {
    pub name: String,
    pub old_monthly_usd: Option<f64>,
    pub new_monthly_usd: Option<f64>,
    pub delta_usd: f64,
    /// Instances per region, before and after (`region×count`).
    pub old_regions: String,
    pub new_regions: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ClassView {
    pub name: String,
    pub feasible: bool,
    pub topology: String,
    pub standby: Option<String>,
    pub replication: String,
    pub engine: String,
    pub primary: Option<String>,
    pub regions: Vec<String>,
    pub monthly_usd: f64,
    /// Null means unbounded.
    pub rpo_s: Option<f64>,
    pub rto_s: Option<f64>,
    pub availability: f64,
    #[serde(default)]
    pub read_latency_ms: BTreeMap<String, f64>,
    #[serde(default)]
    pub write_latency_ms: BTreeMap<String, f64>,
}

impl ClassView {
    fn design(&self) -> String {
        let mut text = format!("{} {}", self.engine, self.topology);
        if let Some(s) = &self.standby {
            text.push_str(&format!(" ({s})"));
        }
        text
    }

    fn worst(map: &BTreeMap<String, f64>) -> Option<f64> {
        map.values().copied().reduce(f64::max)
    }
}

/// How a class changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
    Unchanged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Unchanged => "unchanged",
        }
    }
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The comparison of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassDiff {
    pub name: String,
    pub status: Status,
    pub old_monthly_usd: Option<f64>,
    pub new_monthly_usd: Option<f64>,
    pub delta_usd: f64,
    /// Null when the old cost was 0 (or the class is new).
    pub delta_pct: Option<f64>,
    pub changes: Vec<Change>,
    /// Regressions: RPO or RTO longer, availability lower, feasible lost.
    pub regressions: Vec<String>,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    pub old_name: String,
    pub new_name: String,
    pub old_total_usd: f64,
    pub new_total_usd: f64,
    pub delta_usd: f64,
    pub delta_pct: Option<f64>,
    pub classes: Vec<ClassDiff>,
    /// Services whose cost or placement changed, or that came or went.
    pub services: Vec<ServiceDiff>,
}

fn pct(old: f64, new: f64) -> Option<f64> {
    (old.abs() > 1e-9).then(|| (new - old) / old * 100.0)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn duration(v: Option<f64>) -> String {
    v.map_or("unbounded".into(), crate::units::format_duration_s)
}

fn opt_ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |ms| format!("{ms:.0}ms"))
}

/// Compares two plans, classes matched by name (new order, then removed).
pub fn diff(old: &PlanView, new: &PlanView) -> PlanDiff {
    let mut classes = Vec::new();
    for n in &new.classes {
        match old.classes.iter().find(|o| o.name == n.name) {
            None => classes.push(ClassDiff {
                name: n.name.clone(),
                status: Status::Added,
                old_monthly_usd: None,
                new_monthly_usd: Some(n.monthly_usd),
                delta_usd: round2(n.monthly_usd),
                delta_pct: None,
                changes: vec![Change {
                    field: "design".into(),
                    old: "-".into(),
                    new: n.design(),
                }],
                regressions: Vec::new(),
            }),
            Some(o) => classes.push(compare(o, n)),
        }
    }
    for o in old
        .classes
        .iter()
        .filter(|o| !new.classes.iter().any(|n| n.name == o.name))
    {
        classes.push(ClassDiff {
            name: o.name.clone(),
            status: Status::Removed,
            old_monthly_usd: Some(o.monthly_usd),
            new_monthly_usd: None,
            delta_usd: round2(-o.monthly_usd),
            delta_pct: Some(-100.0),
            changes: vec![Change {
                field: "design".into(),
                old: o.design(),
                new: "-".into(),
            }],
            regressions: Vec::new(),
        });
    }
    let placement = |s: Option<&ServiceView>| {
        s.map_or("-".to_string(), |s| {
            s.regions
                .iter()
                .map(|(r, n)| format!("{r}×{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let mut names: Vec<&str> = new.services.iter().map(|s| s.name.as_str()).collect();
    names.extend(
        old.services
            .iter()
            .map(|s| s.name.as_str())
            .filter(|n| !new.services.iter().any(|s| s.name == *n)),
    );
    let services = names
        .into_iter()
        .filter_map(|name| {
            let o = old.services.iter().find(|s| s.name == name);
            let n = new.services.iter().find(|s| s.name == name);
            let (ou, nu) = (o.map(|s| s.monthly_usd), n.map(|s| s.monthly_usd));
            let (or, nr) = (placement(o), placement(n));
            (ou != nu || or != nr).then(|| ServiceDiff {
                name: name.to_string(),
                old_monthly_usd: ou,
                new_monthly_usd: nu,
                delta_usd: round2(nu.unwrap_or(0.0) - ou.unwrap_or(0.0)),
                old_regions: or,
                new_regions: nr,
            })
        })
        .collect();
    PlanDiff {
        services,
        old_name: old.name.clone(),
        new_name: new.name.clone(),
        old_total_usd: old.total_monthly_usd,
        new_total_usd: new.total_monthly_usd,
        delta_usd: round2(new.total_monthly_usd - old.total_monthly_usd),
        delta_pct: pct(old.total_monthly_usd, new.total_monthly_usd).map(round2),
        classes,
    }
}

fn compare(o: &ClassView, n: &ClassView) -> ClassDiff {
    let mut changes = Vec::new();
    let mut field = |name: &str, old: String, new: String| {
        if old != new {
            changes.push(Change {
                field: name.into(),
                old,
                new,
            });
        }
    };
    field("topology", o.topology.clone(), n.topology.clone());
    field(
        "standby",
        o.standby.clone().unwrap_or("-".into()),
        n.standby.clone().unwrap_or("-".into()),
    );
    field("replication", o.replication.clone(), n.replication.clone());
    field("engine", o.engine.clone(), n.engine.clone());
    field(
        "primary",
        o.primary.clone().unwrap_or("-".into()),
        n.primary.clone().unwrap_or("-".into()),
    );
    field("regions", o.regions.join(", "), n.regions.join(", "));
    field(
        "monthly_usd",
        format!("{:.2}", o.monthly_usd),
        format!("{:.2}", n.monthly_usd),
    );
    field("rpo", duration(o.rpo_s), duration(n.rpo_s));
    field("rto", duration(o.rto_s), duration(n.rto_s));
    field(
        "availability",
        crate::units::format_availability(o.availability),
        crate::units::format_availability(n.availability),
    );
    field(
        "worst_read_p99",
        opt_ms(ClassView::worst(&o.read_latency_ms)),
        opt_ms(ClassView::worst(&n.read_latency_ms)),
    );
    field(
        "worst_write_p99",
        opt_ms(ClassView::worst(&o.write_latency_ms)),
        opt_ms(ClassView::worst(&n.write_latency_ms)),
    );
    field("feasible", o.feasible.to_string(), n.feasible.to_string());

    let longer = |old: Option<f64>, new: Option<f64>| {
        new.unwrap_or(f64::INFINITY) > old.unwrap_or(f64::INFINITY)
    };
    let mut regressions = Vec::new();
    if longer(o.rpo_s, n.rpo_s) {
        regressions.push(format!("rpo {} → {}", duration(o.rpo_s), duration(n.rpo_s)));
    }
    if longer(o.rto_s, n.rto_s) {
        regressions.push(format!("rto {} → {}", duration(o.rto_s), duration(n.rto_s)));
    }
    if n.availability < o.availability - 1e-9 {
        regressions.push(format!(
            "availability {} → {}",
            crate::units::format_availability(o.availability),
            crate::units::format_availability(n.availability)
        ));
    }
    if o.feasible && !n.feasible {
        regressions.push("no longer meets its SLOs".into());
    }
    ClassDiff {
        name: n.name.clone(),
        status: if changes.is_empty() {
            Status::Unchanged
        } else {
            Status::Changed
        },
        old_monthly_usd: Some(o.monthly_usd),
        new_monthly_usd: Some(n.monthly_usd),
        delta_usd: round2(n.monthly_usd - o.monthly_usd),
        delta_pct: pct(o.monthly_usd, n.monthly_usd).map(round2),
        changes,
        regressions,
    }
}

/// CI guardrails: limits a diff must not cross.
#[derive(Debug, Clone, Default)]
pub struct Guardrails {
    /// Fail when the total monthly cost rises by more than this percentage.
    pub max_cost_increase_pct: Option<f64>,
    pub no_rpo_regression: bool,
    pub no_rto_regression: bool,
    pub no_availability_regression: bool,
}

impl Guardrails {
    /// Every guardrail the diff crosses, in words (empty: all held).
    pub fn crossed(&self, d: &PlanDiff) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(limit) = self.max_cost_increase_pct {
            let grew = match d.delta_pct {
                Some(p) => p > limit,
                None => d.delta_usd > 0.0,
            };
            if grew {
                out.push(format!(
                    "total monthly cost rose {} ({}), more than the {limit}% allowed",
                    crate::cost::format_usd(d.delta_usd),
                    d.delta_pct
                        .map_or("from $0".into(), |p| format!("{p:+.2}%"))
                ));
            }
        }
        for c in &d.classes {
            for r in &c.regressions {
                let kind = r.split(' ').next().unwrap_or("");
                let guarded = (kind == "rpo" && self.no_rpo_regression)
                    || (kind == "rto" && self.no_rto_regression)
                    || (kind == "availability" && self.no_availability_regression);
                if guarded {
                    out.push(format!("{}: {r}", c.name));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str, usd: f64, rpo: Option<f64>, rto: Option<f64>) -> ClassView {
        ClassView {
            name: name.into(),
            feasible: true,
            topology: "active-passive".into(),
            standby: Some("hot-standby".into()),
            replication: "async".into(),
            engine: "aurora-postgresql".into(),
            primary: Some("us-east-1".into()),
            regions: vec!["us-east-1".into(), "us-east-2".into()],
            monthly_usd: usd,
            rpo_s: rpo,
            rto_s: rto,
            availability: 0.9999,
            read_latency_ms: BTreeMap::new(),
            write_latency_ms: BTreeMap::new(),
        }
    }

    fn plan(classes: Vec<ClassView>) -> PlanView {
        PlanView {
            name: "p".into(),
            total_monthly_usd: classes.iter().map(|c| c.monthly_usd).sum(),
            classes,
            services: Vec::new(),
        }
    }

    #[test]
    fn cost_rpo_rto_changes_and_guardrails() {
        let old = plan(vec![
            class("a", 100.0, Some(1.0), Some(210.0)),
            class("gone", 50.0, Some(1.0), Some(210.0)),
        ]);
        let mut cheaper = class("a", 80.0, Some(3600.0), None);
        cheaper.standby = Some("backup-restore".into());
        let new = plan(vec![cheaper, class("new", 30.0, Some(0.0), Some(150.0))]);
        let d = diff(&old, &new);
        // Total 150 → 110: −$40, −26.67%.
        assert_eq!(d.delta_usd, -40.0);
        assert_eq!(d.delta_pct, Some(-26.67));
        let a = &d.classes[0];
        assert_eq!(a.status, Status::Changed);
        assert_eq!(a.delta_usd, -20.0);
        assert_eq!(a.delta_pct, Some(-20.0));
        assert_eq!(
            a.regressions,
            vec![
                "rpo 1s → 60m".to_string(),
                "rto 3.5m → unbounded".to_string()
            ]
        );
        assert_eq!(d.classes[1].status, Status::Added);
        assert_eq!(d.classes[2].status, Status::Removed);
        let rails = Guardrails {
            max_cost_increase_pct: Some(5.0),
            no_rpo_regression: true,
            ..Guardrails::default()
        };
        // Cost fell: only the RPO guardrail is crossed.
        assert_eq!(rails.crossed(&d), vec!["a: rpo 1s → 60m".to_string()]);
        let back = diff(&new, &old);
        // 110 → 150 is +36.36%, over 5%.
        assert_eq!(back.delta_pct, Some(36.36));
        assert!(
            rails
                .crossed(&back)
                .iter()
                .any(|c| c.contains("more than the 5% allowed"))
        );
    }

    #[test]
    fn identical_plans_have_no_changes() {
        let p = plan(vec![class("a", 100.0, Some(1.0), Some(210.0))]);
        let d = diff(&p, &p);
        assert_eq!(d.classes[0].status, Status::Unchanged);
        assert!(
            Guardrails {
                max_cost_increase_pct: Some(0.0),
                no_rpo_regression: true,
                no_rto_regression: true,
                no_availability_regression: true
            }
            .crossed(&d)
            .is_empty()
        );
    }
}
