//! The whole plan of a spec: every class searched and the plan assembled
//! ([`crate::plan::designs`]), then each class's failover runbook
//! ([`crate::runbook`]) and what losing each region it uses does
//! ([`crate::simulate::scenarios`], shown in the report). The one stage
//! above those, so that `plan` does not call back into them: they read
//! the plan. It does no I/O.

use crate::catalog::Catalog;
use crate::network::Network;
use crate::plan::{Frontier, Plan, designs};
use crate::spec::Spec;

/// Searches every class and assembles the plan, with its runbooks and
/// region-loss scenarios.
pub fn plan(spec: &Spec, catalog: &Catalog) -> Plan {
    let network = Network::build(catalog, &spec.users);
    let d = designs(spec, catalog, &network, Frontier::Search);
    let scenarios = crate::simulate::scenarios(&d, spec, catalog);
    let mut plan = d.plan;
    plan.scenarios = scenarios;
    for class in &mut plan.classes {
        class.runbook = crate::runbook::runbook(&spec.name, class, catalog);
        class.behaviour = crate::runbook::behaviour(class);
    }
    plan
}
