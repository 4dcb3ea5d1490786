//! The design report: Markdown snapshots of every example, the HTML is
//! well-formed XML with sane SVGs, its figures are the plan's, and the
//! output is deterministic.

mod common;

use common::catalog;

use meridian::catalog::Catalog;
use meridian::cost::format_usd;
use meridian::plan::Plan;
use meridian::render::report::{self, File};
use meridian::units::format_duration_s;

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
        let tradeoffs = plan
            .classes
            .iter()
            .filter(|c| !c.frontier.is_empty())
            .count();
        assert_eq!(
            svgs,
            1 + plan.classes.len() + tradeoffs + usize::from(!plan.services.is_empty()),
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
fn a_class_that_cannot_meet_its_slos_comes_first_with_its_fix() {
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
    let summary = &md[..md.find("## Map").unwrap()];
    assert!(
        summary.contains("- orders: relax RTO alone from 10s to "),
        "the fix is among the recommendations"
    );
    // Its row leads the summary table, with the SLO it misses.
    let table = md.split("|---|---|--:|---|---|---|").nth(1).unwrap();
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
    let plan = meridian::pipeline::plan(&spec, &catalog);
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

/// The examples and the infeasible specs of `tests/specs`.
fn examples_and_infeasible(catalog: &Catalog) -> Vec<(String, Plan)> {
    let mut out = examples(catalog);
    for name in ["impossible", "four-continents"] {
        let path = format!("tests/specs/{name}.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let plan = meridian::plan_text(&path, &text, catalog).unwrap();
        assert!(!plan.feasible, "{name} is infeasible");
        out.push((name.to_string(), plan));
    }
    out
}

/// The text of each table row of an HTML document: its cells' text,
/// tags dropped, one string per cell.
fn html_rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tr>")
        .skip(1)
        .map(|row| {
            let row = row.split("</tr>").next().unwrap();
            row.split("<td")
                .skip(1)
                .map(|cell| {
                    let cell = cell.split_once('>').map_or("", |(_, c)| c);
                    let cell = cell.split("</td>").next().unwrap();
                    let mut text = String::new();
                    let mut in_tag = false;
                    for ch in cell.chars() {
                        match ch {
                            '<' => in_tag = true,
                            '>' => in_tag = false,
                            c if !in_tag => text.push(c),
                            _ => {}
                        }
                    }
                    text.trim().to_string()
                })
                .collect()
        })
        .collect()
}

#[test]
fn one_design_label_goes_with_one_price_and_one_rto_everywhere() {
    use std::collections::BTreeMap;
    for (name, plan) in examples_and_infeasible(&catalog()) {
        // Every place the plan names a design: label → (price, RTO if given).
        let mut seen: BTreeMap<String, Vec<(String, meridian::cost::Cents, Option<String>)>> =
            BTreeMap::new();
        // (Keyed by class and label: two classes may share a design's
        // label, each at its own workload's price.)
        let mut add = |label: &str, at: String, usd, rto: Option<f64>| {
            let class = at.split(':').next().unwrap().to_string();
            seen.entry(format!("{class}\t{label}")).or_default().push((
                at,
                usd,
                rto.map(format_duration_s),
            ));
        };
        for c in plan.classes.iter().filter(|c| c.designed) {
            assert!(
                c.design.contains(&c.engine),
                "{name}/{}: {}",
                c.name,
                c.design
            );
            if c.regions.len() > 1 {
                assert!(
                    c.design.contains(&format!("via {}", c.traffic_name)),
                    "{name}/{}: the label names the traffic mechanism: {}",
                    c.name,
                    c.design
                );
            }
            add(
                &c.design,
                format!("{}: the design", c.name),
                c.monthly_usd,
                Some(c.rto_s),
            );
            for a in &c.alternatives {
                add(
                    &a.design,
                    format!("{}: alternatives", c.name),
                    a.monthly_usd,
                    Some(a.rto_s),
                );
            }
            for p in &c.frontier {
                add(
                    &p.design,
                    format!("{}: trade-offs", c.name),
                    p.monthly_usd,
                    Some(p.rto_s),
                );
            }
            for t in &c.tradeoffs {
                add(
                    &t.design,
                    format!("{}: relaxing {}", c.name, t.slo),
                    t.monthly_usd,
                    None,
                );
            }
            if let Some(j) = &c.joint_relaxation {
                add(
                    &j.design,
                    format!("{}: joint relaxation", c.name),
                    j.monthly_usd,
                    None,
                );
            }
        }
        for (label, places) in &seen {
            let (_, usd, _) = &places[0];
            assert!(
                places.iter().all(|(_, u, _)| u == usd),
                "{name}: {label} has several prices: {places:?}"
            );
            let rtos: Vec<&String> = places.iter().filter_map(|(_, _, r)| r.as_ref()).collect();
            assert!(
                rtos.windows(2).all(|w| w[0] == w[1]),
                "{name}: {label} has several RTOs: {places:?}"
            );
        }
        // Every table row of the HTML naming a design shows its price.
        let files = report::render(&plan).unwrap();
        let html = file(&files, "report.html");
        let mut rows_checked = 0;
        for row in html_rows(html) {
            for cell in &row {
                let label = cell.trim_end_matches(" (chosen)");
                let candidates: Vec<_> = seen
                    .iter()
                    .filter(|(k, _)| k.split_once('\t').unwrap().1 == label)
                    .map(|(_, places)| places)
                    .collect();
                if candidates.is_empty() {
                    continue;
                }
                // The row shows the price (and RTO) of the label in one class.
                let shows = |places: &&Vec<(String, meridian::cost::Cents, Option<String>)>| {
                    let price = format_usd(places[0].1);
                    let rto = places.iter().find_map(|(_, _, r)| r.as_ref());
                    row.contains(&price)
                        && (row.len() <= 3
                            || rto.is_none_or(|rto| {
                                row.iter()
                                    .any(|c| c == rto || c.contains(&format!(" {rto}")))
                            }))
                };
                assert!(
                    candidates.iter().any(shows),
                    "{name}: the row naming {label} shows its price and RTO: {row:?}"
                );
                rows_checked += 1;
            }
        }
        assert!(
            rows_checked >= plan.classes.len(),
            "{name}: {rows_checked} rows"
        );
    }
}

#[test]
fn the_summary_cards_add_up_to_the_total() {
    for (name, plan) in examples_and_infeasible(&catalog()) {
        let files = report::render(&plan).unwrap();
        let html = file(&files, "report.html");
        let cents = |text: &str| -> i64 {
            let digits: String = text.chars().filter(|c| c.is_ascii_digit()).collect();
            digits.parse().unwrap()
        };
        let cards: Vec<i64> = html
            .split("<div class=\"card part\">")
            .skip(1)
            .map(|c| cents(c.split("<b>").nth(1).unwrap().split("</b>").next().unwrap()))
            .collect();
        let total = html
            .split("<div class=\"card total-card\">")
            .nth(1)
            .unwrap()
            .split("<b>")
            .nth(1)
            .unwrap()
            .split("</b>")
            .next()
            .unwrap();
        assert_eq!(total, format_usd(plan.total_monthly_usd), "{name}");
        assert!(cards.len() >= 2, "{name}: {cards:?}");
        assert_eq!(
            cards.iter().sum::<i64>(),
            cents(total),
            "{name}: {cards:?} add up to {total}"
        );
        // The cost by region adds up to the total too.
        let table = html
            .split("<h3>Cost by region</h3>")
            .nth(1)
            .unwrap()
            .split("</table>")
            .next()
            .unwrap();
        let rows = html_rows(table);
        let regions: i64 = rows
            .iter()
            .filter(|r| r.first().is_some_and(|c| c != "total"))
            .map(|r| cents(r.last().unwrap()))
            .sum();
        assert!(rows.len() >= 2, "{name}: {rows:?}");
        assert_eq!(regions, cents(total), "{name}: by region {rows:?}");
    }
}

/// An attribute's value in one SVG element's text.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    element[start..].split('"').next()
}

/// Every label of a drawing stays inside its viewBox, and no two labels'
/// boxes overlap, nor a label and a marker (the boxes are the renderer's
/// generous estimates from the font size).
fn check_labels(svg: &str, what: &str) {
    use meridian::render::labels::{Anchor, Rect, text_box};
    let num = |e: &str, n: &str| attr(e, n).and_then(|v| v.parse::<f64>().ok());
    let view: Vec<f64> = attr(svg, "viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let frame = Rect::new(view[0] - 0.5, view[1] - 0.5, view[2] + 0.5, view[3] + 0.5);
    let mut boxes: Vec<(String, Rect)> = Vec::new();
    for part in svg.split("<text").skip(1) {
        let (element, rest) = part.split_once('>').unwrap();
        if element.contains("transform=") {
            continue; // a rotated axis title, placed by hand
        }
        let text = rest
            .split("</text>")
            .next()
            .unwrap()
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"");
        let b = text_box(
            &text,
            num(element, "font-size").unwrap_or(16.0),
            attr(element, "font-weight") == Some("bold"),
            num(element, "x").unwrap_or(0.0),
            num(element, "y").unwrap_or(0.0),
            Anchor::parse(attr(element, "text-anchor").unwrap_or("start")),
        );
        assert!(
            b.inside(&frame),
            "{what}: {text:?} at {b:?} leaves the drawing {frame:?}"
        );
        boxes.push((text, b));
    }
    for (i, (a, ab)) in boxes.iter().enumerate() {
        for (b, bb) in &boxes[i + 1..] {
            assert!(
                !ab.overlaps(bb),
                "{what}: {a:?} {ab:?} overlaps {b:?} {bb:?}"
            );
        }
    }
    for part in svg.split("<circle").skip(1) {
        let element = part.split('>').next().unwrap();
        let (Some(x), Some(y), Some(r)) =
            (num(element, "cx"), num(element, "cy"), num(element, "r"))
        else {
            continue;
        };
        // The marker's inner square: a label may graze the ring's corner.
        let marker = Rect::around(x, y, r * 0.7);
        for (text, b) in &boxes {
            assert!(
                !b.overlaps(&marker),
                "{what}: {text:?} covers the marker at {x},{y}"
            );
        }
    }
}

#[test]
fn no_label_of_any_drawing_is_clipped_or_overprinted() {
    for (name, plan) in examples_and_infeasible(&catalog()) {
        let files = report::render(&plan).unwrap();
        let mut drawings = 0;
        for f in files.iter().filter(|f| f.path.ends_with(".svg")) {
            check_labels(&f.text, &format!("{name}/{}", f.path));
            drawings += 1;
        }
        assert!(drawings > plan.classes.len(), "{name}: {drawings}");
        // Every drawing the HTML names is embedded in it, and the report's
        // SVG files are the HTML's drawings.
        let html = file(&files, "report.html");
        assert!(!html.contains("<img"), "{name}: drawings are inline");
        for f in files.iter().filter(|f| f.path.ends_with(".svg")) {
            assert!(
                html.contains(f.text.trim()),
                "{name}: {} is embedded",
                f.path
            );
        }
    }
}

#[test]
fn a_zone_loss_is_the_engines_in_region_failover_or_nothing() {
    let catalog = catalog();
    let (_, shop) = examples(&catalog)
        .into_iter()
        .find(|(n, _)| n == "shop")
        .unwrap();
    let class = |name: &str| shop.classes.iter().find(|c| c.name == name).unwrap();
    // DynamoDB is a regional service: nothing fails over.
    let carts = class("carts").zone_loss.as_ref().unwrap();
    assert_eq!((carts.downtime_s, carts.loss_s), (0.0, 0.0), "{carts:?}");
    // Aurora: a reader in another zone is promoted (catalog: 60 s), the
    // shared volume loses nothing; every user waits (one writer).
    let orders = class("orders").zone_loss.as_ref().unwrap();
    assert_eq!(
        (orders.downtime_s, orders.loss_s),
        (60.0, 0.0),
        "{orders:?}"
    );
    assert_eq!(orders.share, 1.0);
    // ElastiCache: asynchronous replicas lose a little.
    let sessions = class("sessions").zone_loss.as_ref().unwrap();
    assert!(
        sessions.downtime_s > 0.0 && sessions.loss_s > 0.0,
        "{sessions:?}"
    );
    let files = report::render(&shop).unwrap();
    let md = file(&files, "report.md");
    let row = md
        .lines()
        .find(|l| l.starts_with("| **one zone** |"))
        .expect("the failure matrix has a zone row");
    assert!(row.contains("no interruption (a regional service"), "{row}");
    assert!(
        row.contains("fails over within the region in 60s, no writes lost"),
        "{row}"
    );
    assert!(row.contains("~1s of writes lost"), "{row}");
    // The figures are among the plan's assumptions, with their sources.
    for figure in ["in_region_failover_s", "in_region_loss_s"] {
        assert!(
            shop.assumptions
                .iter()
                .any(|a| a.subject == "aurora-postgresql"
                    && a.figure == figure
                    && a.source.is_some()),
            "{figure}"
        );
    }
}

#[test]
fn the_shops_drawings_snapshot() {
    let catalog = catalog();
    let (_, shop) = examples(&catalog)
        .into_iter()
        .find(|(n, _)| n == "shop")
        .unwrap();
    for f in report::render(&shop)
        .unwrap()
        .iter()
        .filter(|f| f.path.ends_with(".svg"))
    {
        // The land outline is Natural Earth's, not ours: left out.
        let text: String = f
            .text
            .lines()
            .map(|l| {
                if l.starts_with("<path d=\"") && l.contains("clip-path=\"url(#map-area)\"") {
                    "<path d=\"(land)\" clip-path=\"url(#map-area)\"/>"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let name = f.path.trim_start_matches("report/").replace(".svg", "");
        insta::assert_snapshot!(format!("drawing_shop_{name}"), text);
    }
}

#[test]
fn cost_lines_say_quantity_times_unit_price_and_it_is_their_cost() {
    for (name, plan) in examples_and_infeasible(&catalog()) {
        let lines: Vec<&meridian::cost::CostLine> = plan
            .classes
            .iter()
            .flat_map(|c| &c.cost)
            .chain(plan.services.iter().flat_map(|s| &s.cost))
            .chain(plan.static_assets.iter().flat_map(|s| &s.cost))
            .chain(&plan.shared_cost)
            .collect();
        let with: Vec<_> = lines.iter().filter(|l| l.quantity.is_some()).collect();
        // Every line of the examples' engines bills one unit.
        assert_eq!(
            with.len(),
            lines.len(),
            "{name}: {:?}",
            lines
                .iter()
                .filter(|l| l.quantity.is_none())
                .collect::<Vec<_>>()
        );
        for l in with {
            let (q, u) = (l.quantity.unwrap(), l.unit_usd.unwrap());
            let usd = l.monthly_usd.usd();
            assert!(
                (q * u - usd).abs() <= 0.006,
                "{name}: {} {q} × {u} = {} against {usd}",
                l.item,
                q * u
            );
            assert!(l.unit.is_some_and(|u| !u.is_empty()), "{name}: {}", l.item);
        }
    }
}
