//! `--format markdown`: the plan as GitHub-flavoured Markdown, rendered from
//! `templates/plan.md.j2` (embedded) with minijinja in strict mode, so a
//! field the template names but the plan lacks fails loudly.

use minijinja::{Environment, UndefinedBehavior, Value};

use crate::cost::format_usd;
use crate::plan::Plan;
use crate::units::{format_availability, format_duration_s};

/// The template's name and text, compiled into the binary.
pub const PLAN_TEMPLATE: (&str, &str) = ("plan.md.j2", include_str!("../../templates/plan.md.j2"));

/// The minijinja environment with meridian's filters.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.add_filter("usd", |v: f64| format_usd(v));
    env.add_filter("dur", |v: Option<f64>| {
        v.map_or("unbounded".to_string(), format_duration_s)
    });
    env.add_filter("pct", |v: f64| format_availability(v));
    env.add_filter("worst", |v: Value| -> Result<String, minijinja::Error> {
        let mut worst: Option<f64> = None;
        for key in v.try_iter()? {
            let ms: f64 = v.get_item(&key)?.try_into()?;
            worst = Some(worst.map_or(ms, |w: f64| w.max(ms)));
        }
        Ok(worst.map_or("-".into(), |w| format!("{w:.0}ms")))
    });
    env
}

pub fn render(plan: &Plan) -> Result<String, minijinja::Error> {
    let mut env = environment();
    env.add_template(PLAN_TEMPLATE.0, PLAN_TEMPLATE.1)?;
    let template = env.get_template(PLAN_TEMPLATE.0)?;
    template.render(minijinja::context! {
        plan => Value::from(minijinja::value::Serde(plan)),
        static_assets_md => super::edge::markdown(plan),
    })
}
