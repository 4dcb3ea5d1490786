//! The design report: Markdown snapshots of every example, the HTML is
//! well-formed XML with sane SVGs, its figures are the plan's, and the
//! output is deterministic.

mod common;

use meridian::catalog::{self, Catalog};
use meridian::cost::format_usd;
use meridian::plan::Plan;
use meridian::render::report::{self, File};
use meridian::units::format_duration_s;

fn catalog() -> Catalog {
    catalog::load_embedded().expect("the embedded catalog loads")
}

fn examples(catalog: &Catalog) -> Vec<(String, Plan)> {
    common::examples()
        .into_iter()
        .map(|(name, text)| {
            let plan = meridian::plan_text(&name, &text, catalog).unwrap();
            (name, plan)
        })
        .collect()
}

fn file<'a>(files: &'a [File], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path}"))
        .text
}

#[test]
fn markdown_reports_snapshot() {
    for (name, plan) in examples(&catalog()) {
        let files = report::render(&plan).unwrap();
        insta::assert_snapshot!(format!("report_{name}"), file(&files, "report.md"));
    }
}

/// Parses XML and returns an error message on the first problem.
fn well_formed(text: &str) -> Result<usize, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut depth: i64 = 0;
    let mut elements = 0;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Start(_)) => {
                depth += 1;
                elements += 1;
            }
            Ok(quick_xml::events::Event::Empty(_)) => elements += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.error_position())),
        }
    }
    if depth == 0 {
        Ok(elements)
    } else {
        Err(format!("{depth} elements left open"))
    }
}

/// Every SVG's viewBox: four finite numbers, positive width and height.
fn check_svgs(text: &str, what: &str) {
    for svg in text.split("<svg").skip(1) {
        let svg = svg.split("</svg>").next().unwrap();
        assert!(!svg.contains("NaN"), "{what}: NaN in a drawing");
        assert!(
            !svg.contains("inf ") && !svg.contains("inf\"") && !svg.contains("inf,"),
            "{what}: infinity in a drawing"
        );
    }
    let mut found = 0;
    for part in text.split("viewBox=\"").skip(1) {
        let values: Vec<f64> = part
            .split('"')
            .next()
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap_or(f64::NAN))
            .collect();
        assert_eq!(values.len(), 4, "{what}: {values:?}");
        assert!(values.iter().all(|v| v.is_finite()), "{what}: {values:?}");
        assert!(
            values[2] > 0.0 && values[3] > 0.0 && values[2] <= 5000.0 && values[3] <= 5000.0,
            "{what}: {values:?}"
        );
        found += 1;
    }
    assert!(found > 0, "{what}: no SVG");
}

#[test]
fn html_is_well_formed_self_contained_and_its_svgs_are_sane() {
    for (name, plan) in examples(&catalog()) {
        let files = report::render(&plan).unwrap();
        let html = file(&files, "report.html");
        let body = html.trim_start_matches("<!DOCTYPE html>");
        let elements = well_formed(body)
            .unwrap_or_else(|e| panic!("{name}: report.html is not well-formed {e}"));
        assert!(elements > 200, "{name}: {elements} elements");
        assert!(!html.contains("<script"), "{name}: no scripts");
        assert!(
            !html.contains("http://") || !html.contains("src=\"http"),
            "{name}: nothing loaded from the network"
        );
        assert!(!html.contains("<link"), "{name}: styles are inline");
        check_svgs(html, &name);
        for f in files.iter().filter(|f| f.path.ends_with(".svg")) {
            well_formed(&f.text).unwrap_or_else(|e| panic!("{name}/{}: {e}", f.path));
            check_svgs(&f.text, &f.path);
        }
        // One map, one cost chart and one trade-off chart per class (and the services graph).
        let svgs = html.matches("<svg ").count();
        assert_eq!(
            svgs,
            1 + 2 * plan.classes.len() + usize::from(!plan.services.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn report_figures_are_the_plans() {
    for (name, plan) in examples(&catalog()) {
        let files = report::render(&plan).unwrap();
        for doc in [file(&files, "report.md"), file(&files, "report.html")] {
            assert!(
                doc.contains(&format_usd(plan.total_monthly_usd)),
                "{name}: total"
            );
            for c in &plan.classes {
                assert!(
                    doc.contains(&format_usd(c.monthly_usd)),
                    "{name}/{}: cost",
                    c.name
                );
                assert!(
                    doc.contains(&format_duration_s(c.rto_s)),
                    "{name}/{}: RTO",
                    c.name
                );
                for line in &c.cost {
                    assert!(
                        doc.contains(&format_usd(line.monthly_usd)),
                        "{name}/{}: {}",
                        c.name,
                        line.item
                    );
                }
                for step in &c.runbook {
                    let words: String = step.action.chars().take(40).collect();
                    let escaped = words
                        .replace('&', "&amp;")
                        .replace('"', "&quot;")
                        .replace('\'', "&#x27;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('/', "&#x2f;");
                    assert!(
                        doc.contains(&words) || doc.contains(&escaped),
                        "{name}/{}: runbook step {}",
                        c.name,
                        step.phase
                    );
                }
            }
            for s in &plan.services {
                assert!(
                    doc.contains(&format_usd(s.monthly_usd)),
                    "{name}/{}: service cost",
                    s.name
                );
            }
        }
        // Markdown links every drawing it names.
        let md = file(&files, "report.md");
        for link in md.split("](report/").skip(1) {
            let path = format!("report/{}", link.split(')').next().unwrap());
            assert!(
                files.iter().any(|f| f.path == path),
                "{name}: {path} is written"
            );
        }
    }
}

#[test]
fn reports_are_deterministic() {
    let catalog = catalog();
    for (_, plan) in examples(&catalog) {
        assert_eq!(
            report::render(&plan).unwrap(),
            report::render(&plan).unwrap()
        );
    }
}

#[test]
fn a_class_that_cannot_meet_its_slos_comes_first_with_its_cheapest_fix() {
    let catalog = catalog();
    let text = std::fs::read_to_string("examples/shop.toml")
        .unwrap()
        .replacen("rto = \"10m\"", "rto = \"10s\"", 1);
    let plan = meridian::plan_text("shop.toml", &text, &catalog).unwrap();
    assert!(!plan.feasible);
    let files = report::render(&plan).unwrap();
    let md = file(&files, "report.md");
    let alert = md
        .find("**orders cannot meet its SLOs.**")
        .expect("an alert for orders");
    assert!(
        alert < md.find("## Map").unwrap(),
        "the alert is in the summary"
    );
    assert!(md[alert..].contains("Cheapest fix: relax the RTO target from 10s"));
    // Its row leads the summary table, with the SLO it misses.
    let table = md.split("|---|---|---|--:|").nth(1).unwrap();
    let first = table.lines().nth(1).unwrap();
    assert!(first.starts_with("| [orders]"), "{first}");
    assert!(first.contains("✗ RTO"), "{first}");
    let html = file(&files, "report.html");
    assert!(html.contains("1 class short"));
}

#[test]
fn the_region_loss_table_is_what_simulate_says() {
    let catalog = catalog();
    let text = std::fs::read_to_string("examples/shop.toml").unwrap();
    let spec = meridian::spec::parse(
        &meridian::diagnostics::SourceFile::new("shop.toml", &text),
        &catalog,
    )
    .unwrap();
    let plan = meridian::plan::plan(&spec, &catalog);
    assert_eq!(
        plan.scenarios
            .iter()
            .map(|s| s.region.as_str())
            .collect::<Vec<_>>(),
        ["eu-west-1", "us-east-1", "us-east-2"],
        "every region the plan uses"
    );
    for s in &plan.scenarios {
        let full =
            meridian::simulate::fail(&spec, &catalog, &[catalog.region_index(&s.region).unwrap()]);
        for (brief, c) in s.classes.iter().zip(&full.classes) {
            assert_eq!(brief.impact, c.impact);
            assert_eq!(brief.writes_lost_expected, c.writes_lost_expected.round());
            assert_eq!(brief.new_primary, c.new_primary);
        }
        assert_eq!(s.extra_usd_per_hour, full.extra_usd_per_hour);
    }
    let md = file(&report::render(&plan).unwrap(), "report.md").to_string();
    assert!(
        md.contains("| us-east-1 | failover to us-east-2 in 3.5m, ~150 writes lost |"),
        "{md}"
    );
}
