//! The design report's drawings, as standalone SVG built from the plan: the
//! world map of regions, users and replication links; a class's cost
//! breakdown; its cost–RTO trade-off curve; the services' dependency graph.
//! Coordinates are rounded to 0.1 so the same plan gives the same bytes.

use std::fmt::Write;

use crate::candidate::Role;
use crate::cost::format_usd;
use crate::model::{Replication, Standby, Topology};
use crate::plan::{ClassPlan, FrontierPoint, Plan};
use crate::units::{format_availability, format_duration_s};

use super::labels::{self, Placer, Rect};

/// Natural Earth 1:110m land (public domain); see catalogs/geo/SOURCES.md.
const LAND: &str = include_str!("../../catalogs/geo/land_110m.geojson");

/// One colour per data class, in plan order (colour-blind-safe palette).
pub const PALETTE: &[&str] = &[
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b", "#332288",
];

pub fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

/// Escapes text for SVG/XML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

const MAP_W: f64 = 1000.0;

/// The part of the world a map shows: the plan's regions and users with a
/// margin, never narrower than 70° of longitude or 35° of latitude, drawn
/// equirectangular at `MAP_W` pixels wide.
struct Viewport {
    lon0: f64,
    lat0: f64,
    scale: f64,
    height: f64,
}

impl Viewport {
    fn around(points: &[(f64, f64)]) -> Viewport {
        let (mut lat_lo, mut lat_hi, mut lon_lo, mut lon_hi) =
            (90.0f64, -90.0f64, 180.0f64, -180.0f64);
        for &(lat, lon) in points {
            lat_lo = lat_lo.min(lat);
            lat_hi = lat_hi.max(lat);
            lon_lo = lon_lo.min(lon);
            lon_hi = lon_hi.max(lon);
        }
        if points.is_empty() {
            (lat_lo, lat_hi, lon_lo, lon_hi) = (-50.0, 70.0, -170.0, 170.0);
        }
        let widen = |lo: f64, hi: f64, min: f64, pad: f64, limit: f64| {
            let (mut lo, mut hi) = (lo - pad, hi + pad);
            if hi - lo < min {
                let mid = (lo + hi) / 2.0;
                (lo, hi) = (mid - min / 2.0, mid + min / 2.0);
            }
            let shift = (-limit - lo).max(0.0) - (hi - limit).max(0.0);
            ((lo + shift).max(-limit), (hi + shift).min(limit))
        };
        let (lon_lo, lon_hi) = widen(lon_lo, lon_hi, 70.0, 14.0, 180.0);
        let (lat_lo, lat_hi) = widen(lat_lo, lat_hi, 35.0, 9.0, 82.0);
        // Keep the map at least half as tall as wide.
        let scale = MAP_W / (lon_hi - lon_lo);
        let (lat_lo, lat_hi) = if (lat_hi - lat_lo) * scale < MAP_W * 0.45 {
            widen(lat_lo, lat_hi, MAP_W * 0.45 / scale, 0.0, 82.0)
        } else {
            (lat_lo, lat_hi)
        };
        Viewport {
            lon0: lon_lo,
            lat0: lat_hi,
            scale,
            height: r1((lat_hi - lat_lo) * scale),
        }
    }

    fn project(&self, lat: f64, lon: f64) -> (f64, f64) {
        (
            r1((lon - self.lon0) * self.scale),
            r1((self.lat0 - lat) * self.scale),
        )
    }
}

/// The land as one SVG path in the viewport's pixels.
fn land_path(view: &Viewport) -> String {
    let json: serde_json::Value =
        serde_json::from_str(LAND).expect("the embedded land file is GeoJSON");
    let mut d = String::new();
    let features = json["features"].as_array().cloned().unwrap_or_default();
    for feature in features {
        let geometry = &feature["geometry"];
        let polygons: Vec<serde_json::Value> = match geometry["type"].as_str() {
            Some("MultiPolygon") => geometry["coordinates"]
                .as_array()
                .cloned()
                .unwrap_or_default(),
            Some("Polygon") => vec![geometry["coordinates"].clone()],
            _ => continue,
        };
        for polygon in polygons {
            for ring in polygon.as_array().into_iter().flatten() {
                let mut last_lon: Option<f64> = None;
                for point in ring.as_array().into_iter().flatten() {
                    let (Some(lon), Some(lat)) = (point[0].as_f64(), point[1].as_f64()) else {
                        continue;
                    };
                    let (x, y) = view.project(lat.max(-85.0), lon);
                    let jump = last_lon.is_some_and(|l| (l - lon).abs() > 180.0);
                    let cmd = if last_lon.is_none() || jump { 'M' } else { 'L' };
                    let _ = write!(d, "{cmd}{x} {y}");
                    last_lon = Some(lon);
                }
                d.push('Z');
            }
        }
    }
    d
}

/// Line style of a class's replication links.
fn dash(c: &ClassPlan) -> (&'static str, f64) {
    match (c.replication, c.standby) {
        (Replication::Sync | Replication::Quorum, _) => ("", 3.0),
        (_, Some(Standby::BackupRestore)) => ("2 4", 1.8),
        _ => ("7 4", 2.2),
    }
}

/// The world map: regions used, user populations, and each class's
/// replication links (solid: synchronous or quorum; dashed: asynchronous;
/// dotted: backup copies), one colour per class.
pub fn map(plan: &Plan) -> String {
    let points: Vec<(f64, f64)> = plan
        .regions
        .iter()
        .map(|r| (r.lat, r.lon))
        .chain(plan.users.iter().map(|u| (u.lat, u.lon)))
        .collect();
    let view = Viewport::around(&points);
    let h = view.height;
    let project = |lat: f64, lon: f64| view.project(lat, lon);
    let legend_h = 22.0 * (plan.classes.len() as f64 + 2.0) + 16.0;
    let total_h = r1(h + legend_h);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {MAP_W} {total_h}\" role=\"img\" aria-label=\"Map of the regions, users and replication links of {}\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        esc(&plan.name)
    );
    let _ = writeln!(
        s,
        "<defs><clipPath id=\"map-area\"><rect x=\"0\" y=\"0\" width=\"{MAP_W}\" height=\"{h}\"/></clipPath></defs>"
    );
    let _ = writeln!(
        s,
        "<rect x=\"0\" y=\"0\" width=\"{MAP_W}\" height=\"{h}\" fill=\"#eef4f8\"/>"
    );
    let _ = writeln!(
        s,
        "<path d=\"{}\" clip-path=\"url(#map-area)\" fill=\"#d9dfd3\" stroke=\"#b9c2b3\" stroke-width=\"0.6\"/>",
        land_path(&view)
    );
    let pos = |id: &str| {
        plan.regions
            .iter()
            .find(|r| r.id == id)
            .map(|r| project(r.lat, r.lon))
    };
    // Labels go where no marker, link or earlier label is, inside the map.
    let mut placer = Placer::new(Rect::new(2.0, 2.0, MAP_W - 2.0, h - 2.0));
    let n = plan.classes.len() as f64;
    for (i, c) in plan.classes.iter().enumerate() {
        let (dasharray, width) = dash(c);
        let bend = (i as f64 - (n - 1.0) / 2.0) * 10.0;
        let mut pairs: Vec<(&str, &str, bool)> = Vec::new();
        match (c.topology, &c.primary) {
            (Topology::ActiveActive, _) => {
                // Voting regions replicate with each other; read-only
                // replicas are fed from the leader.
                let voting: Vec<&String> = c
                    .regions
                    .iter()
                    .zip(&c.roles)
                    .filter(|(_, role)| **role != Role::ReadOnly)
                    .map(|(r, _)| r)
                    .collect();
                for (a, ra) in voting.iter().enumerate() {
                    for rb in &voting[a + 1..] {
                        pairs.push((ra, rb, false));
                    }
                }
                let from = c.leader.as_ref().or(voting.first().copied());
                for (r, role) in c.regions.iter().zip(&c.roles) {
                    if let (Role::ReadOnly, Some(from)) = (role, from) {
                        pairs.push((from, r, false));
                    }
                }
            }
            (_, Some(p)) => {
                for r in c.regions.iter().filter(|r| *r != p) {
                    pairs.push((p, r, false));
                }
            }
            _ => {}
        }
        if let Some(w) = &c.witness {
            for r in &c.regions {
                pairs.push((r, w, true));
            }
        }
        for (a, b, witness) in pairs {
            let (Some((x1, y1)), Some((x2, y2))) = (pos(a), pos(b)) else {
                continue;
            };
            let (dx, dy) = (x2 - x1, y2 - y1);
            let len = (dx * dx + dy * dy).sqrt().max(1.0);
            let (cx, cy) = (
                r1((x1 + x2) / 2.0 - dy / len * bend),
                r1((y1 + y2) / 2.0 + dx / len * bend),
            );
            placer.block_curve((x1, y1), (cx, cy), (x2, y2));
            // Witness links: thin and long-dashed, apart from the dotted
            // backup copies.
            let (dasharray, width) = if witness {
                ("10 3 2 3", 1.2)
            } else {
                (dasharray, width)
            };
            let dash_attr = if dasharray.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dasharray}\"")
            };
            let _ = writeln!(
                s,
                "<path d=\"M{x1} {y1} Q{cx} {cy} {x2} {y2}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\"{dash_attr} stroke-opacity=\"0.85\"><title>{}: {a} – {b}</title></path>",
                colour(i),
                esc(&c.name)
            );
        }
    }
    let mut labels: Vec<(String, f64, f64, f64, &str, bool)> = Vec::new();
    for u in &plan.users {
        let (x, y) = project(u.lat, u.lon);
        let size = r1(5.0 + 14.0 * u.share.sqrt());
        placer.block(Rect::around(x, y, size * 0.71));
        labels.push((u.name.clone(), x, y, size * 0.71, "#6b4600", false));
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{size}\" height=\"{size}\" transform=\"rotate(45 {x} {y})\" fill=\"#f0a202\" fill-opacity=\"0.75\" stroke=\"#8a5a00\" stroke-width=\"0.8\"><title>users {}: {:.0}% of requests</title></rect>",
            r1(x - size / 2.0),
            r1(y - size / 2.0),
            esc(&u.name),
            u.share * 100.0
        );
    }
    for r in &plan.regions {
        let (x, y) = project(r.lat, r.lon);
        let holds_data = plan.classes.iter().any(|c| c.regions.contains(&r.id));
        let witness = plan
            .classes
            .iter()
            .any(|c| c.witness.as_ref() == Some(&r.id));
        let primary = plan.classes.iter().any(|c| {
            c.regions
                .iter()
                .zip(&c.roles)
                .any(|(id, role)| id == &r.id && matches!(role, Role::Primary | Role::Active))
        });
        // A region holding no data (a service's, the users' nearest) is
        // a small grey ring, not a copy.
        let (fill, stroke, radius) = if primary {
            ("#1b2a41", "#1b2a41", 5.5)
        } else if holds_data {
            ("#7d8da6", "#1b2a41", 5.5)
        } else if witness {
            ("#ffffff", "#1b2a41", 5.5)
        } else {
            ("#ffffff", "#9aa5b5", 3.5)
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.2\"><title>{} {}</title></circle>",
            esc(&r.id),
            esc(&r.name)
        );
        placer.block(Rect::around(x, y, 6.5));
        labels.push((r.id.clone(), x, y, 6.5, "#1b2a41", true));
    }
    // Regions' labels first (they name what the links join), then users'.
    labels.sort_by_key(|l| !l.5);
    for (text, x, y, r, fill, bold) in labels {
        let spot = placer.place(&text, 11.0, bold, &labels::around(x, y, r, 11.0));
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\"{} fill=\"{fill}\"{}>{}</text>",
            spot.x,
            spot.y,
            if bold { " font-weight=\"bold\"" } else { "" },
            spot.anchor.attr(),
            esc(&text)
        );
    }
    // Legend below the map.
    let mut y = h + 22.0;
    let read_only = plan
        .classes
        .iter()
        .any(|c| c.roles.contains(&Role::ReadOnly));
    let grey = if read_only {
        "standby copy or read-only replica"
    } else {
        "standby copy"
    };
    let markers = format!(
        "● dark: takes writes   ● grey: {grey}   ○ witness   ∘ grey ring: no data (services, users' nearest)   ◆ users (size: share)"
    );
    for line in [
        markers.as_str(),
        "Links: solid synchronous or quorum, dashed asynchronous, dotted backup copies, dash-dot witness",
    ] {
        let _ = writeln!(
            s,
            "<text x=\"10\" y=\"{}\" font-size=\"13\" fill=\"#333\" xml:space=\"preserve\">{}</text>",
            r1(y),
            esc(line)
        );
        y += 22.0;
    }
    y -= 22.0;
    for (i, c) in plan.classes.iter().enumerate() {
        y += 22.0;
        let (dasharray, width) = dash(c);
        let dash_attr = if dasharray.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dasharray}\"")
        };
        let _ = writeln!(
            s,
            "<line x1=\"10\" y1=\"{}\" x2=\"60\" y2=\"{}\" stroke=\"{}\" stroke-width=\"{width}\"{dash_attr}/>",
            r1(y - 4.0),
            r1(y - 4.0),
            colour(i)
        );
        let _ = writeln!(
            s,
            "<text x=\"70\" y=\"{}\" font-size=\"13\" fill=\"#222\">{}: {} {}{}</text>",
            r1(y),
            esc(&c.name),
            esc(&c.engine),
            super::topology(c),
            if c.regions.len() > 1 && !c.traffic_name.is_empty() {
                esc(&format!(", via {}", c.traffic_name))
            } else {
                String::new()
            }
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A class's cost line items as horizontal bars, dearest first: the item
/// wrapped (never cut), its region in a column of its own, so that lines
/// differing only by region read apart.
pub fn cost_bars(c: &ClassPlan) -> String {
    let mut lines: Vec<(String, String, f64, bool)> = c
        .cost
        .iter()
        .map(|l| {
            (
                l.item.clone(),
                l.region.clone(),
                l.monthly_usd.usd(),
                l.derived,
            )
        })
        .collect();
    lines.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    if lines.len() > 10 {
        let rest: f64 = lines[9..].iter().map(|l| l.2).sum();
        let count = lines.len() - 9;
        lines.truncate(9);
        lines.push((format!("{count} other items"), String::new(), rest, false));
    }
    let (size, line_h) = (11.5, 14.0);
    let label_w = 340.0;
    let region_w = 120.0;
    let bar_w = 300.0;
    let width = label_w + region_w + bar_w + 100.0;
    // Characters of the item per line at the estimated advance.
    let per_line = ((label_w - 16.0) / labels::text_width("x", size, false)).floor() as usize;
    let wrapped: Vec<Vec<String>> = lines
        .iter()
        .map(|(item, ..)| labels::wrap(item, per_line))
        .collect();
    let row_h = |n: usize| line_h * n as f64 + 10.0;
    let height = r1(wrapped.iter().map(|w| row_h(w.len())).sum::<f64>() + 10.0).max(30.0);
    let max = lines.iter().map(|l| l.2).fold(0.0, f64::max).max(0.01);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Monthly cost of {} by line item\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        esc(&c.name)
    );
    let mut y = 5.0;
    for ((item, region, usd, derived), rows) in lines.iter().zip(&wrapped) {
        let h = row_h(rows.len());
        let mid = y + h / 2.0;
        let first = mid - line_h * (rows.len() as f64 - 1.0) / 2.0 + 4.0;
        for (k, text) in rows.iter().enumerate() {
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" text-anchor=\"end\" fill=\"#222\">{}</text>",
                label_w - 8.0,
                r1(first + line_h * k as f64),
                esc(text)
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" fill=\"#555\">{}</text>",
            label_w,
            r1(mid + 4.0),
            esc(region)
        );
        let x = label_w + region_w;
        let w = r1((usd / max * bar_w).max(1.0));
        let _ = writeln!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"14\" fill=\"{}\"><title>{} · {}: {}{}</title></rect>",
            r1(mid - 7.0),
            if *derived { "#9bb6cf" } else { "#2f6690" },
            esc(item),
            esc(region),
            format_usd(*usd),
            if *derived { " (derived price)" } else { "" }
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"{size}\" fill=\"#222\">{}</text>",
            r1(x + w + 6.0),
            r1(mid + 4.0),
            format_usd(*usd)
        );
        y += h;
    }
    s.push_str("</svg>\n");
    s
}

/// The cost–RTO trade-off: every frontier design at its RTO (log scale)
/// and monthly cost, the cheapest cost reachable at each RTO as a step
/// line, the chosen design ringed and the RTO target dashed.
pub fn tradeoff(c: &ClassPlan) -> String {
    let (w, h) = (1000.0, 340.0);
    let (left, right, top, bottom) = (78.0, 20.0, 22.0, 52.0);
    let points: &[FrontierPoint] = &c.frontier;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Cheapest monthly cost at each RTO for {}\" font-family=\"Helvetica, Arial, sans-serif\">\n",
        esc(&c.name)
    );
    let finite: Vec<f64> = points
        .iter()
        .map(|p| p.rto_s)
        .chain(c.slo.rto_s)
        .filter(|v| v.is_finite() && *v > 0.0)
        .collect();
    if points.is_empty() || finite.is_empty() {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"middle\" fill=\"#555\">No design meets the other SLOs: no trade-off to draw.</text>",
            w / 2.0,
            h / 2.0
        );
        s.push_str("</svg>\n");
        return s;
    }
    let lo = finite.iter().copied().fold(f64::INFINITY, f64::min) / 1.6;
    let has_infinite = points.iter().any(|p| !p.rto_s.is_finite());
    let hi = finite.iter().copied().fold(0.0, f64::max) * 1.6;
    let plot_right = if has_infinite {
        w - right - 60.0
    } else {
        w - right
    };
    let x_of = |rto: f64| -> f64 {
        if rto.is_finite() {
            r1(left + ((rto.max(lo)).ln() - lo.ln()) / (hi.ln() - lo.ln()) * (plot_right - left))
        } else {
            r1(w - right - 25.0)
        }
    };
    // Cost from zero, or on a log scale where one design costs more than
    // five times another (a linear axis would flatten the cheap ones).
    let costs: Vec<f64> = points.iter().map(|p| p.monthly_usd.usd()).collect();
    let max_usd = costs.iter().copied().fold(0.0, f64::max).max(0.01);
    let min_usd = costs
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(0.01);
    let log_y = max_usd / min_usd > 5.0;
    let (y_lo, y_hi) = if log_y {
        ((min_usd / 1.4).ln(), (max_usd * 1.4).ln())
    } else {
        (0.0, max_usd * 1.12)
    };
    let y_of = |usd: f64| {
        let v = if log_y { usd.max(0.01).ln() } else { usd };
        r1(h - bottom - (v - y_lo) / (y_hi - y_lo) * (h - top - bottom))
    };
    let y_ticks: Vec<f64> = if log_y {
        // 1, 2, 5 × powers of ten within the axis.
        let mut ticks = Vec::new();
        let mut decade = 10f64.powf((y_lo.exp()).log10().floor());
        while decade <= y_hi.exp() {
            for m in [1.0, 2.0, 5.0] {
                let t = decade * m;
                if t >= y_lo.exp() && t <= y_hi.exp() {
                    ticks.push(t);
                }
            }
            decade *= 10.0;
        }
        ticks
    } else {
        (0..=4).map(|k| max_usd * k as f64 / 4.0).collect()
    };
    // Axes and gridlines.
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444\"/>",
        h - bottom,
        w - right,
        h - bottom
    );
    let _ = writeln!(
        s,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#444\"/>",
        h - bottom
    );
    for usd in y_ticks {
        let y = y_of(usd);
        let _ = writeln!(
            s,
            "<line x1=\"{left}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\" stroke=\"#e3e3e3\"/>",
            w - right
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10.5\" text-anchor=\"end\" fill=\"#444\">{}</text>",
            left - 6.0,
            r1(y + 4.0),
            dollars(usd)
        );
    }
    for tick in [
        1.0,
        10.0,
        60.0,
        300.0,
        900.0,
        3600.0,
        4.0 * 3600.0,
        86400.0,
        7.0 * 86400.0,
    ] {
        if tick < lo || tick > hi {
            continue;
        }
        let x = x_of(tick);
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#bbb\"/>",
            h - bottom,
            h - bottom + 5.0
        );
        let _ = writeln!(
            s,
            "<text x=\"{x}\" y=\"{}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#444\">{}</text>",
            h - bottom + 17.0,
            format_duration_s(tick)
        );
    }
    if has_infinite {
        let x = x_of(f64::INFINITY);
        let _ = writeln!(
            s,
            "<text x=\"{x}\" y=\"{}\" font-size=\"10.5\" text-anchor=\"middle\" fill=\"#444\">no failover</text>",
            h - bottom + 17.0
        );
    }
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"#222\">RTO (log scale)</text>",
        r1((left + plot_right) / 2.0),
        h - 12.0
    );
    let _ = writeln!(
        s,
        "<text x=\"14\" y=\"{}\" font-size=\"11.5\" text-anchor=\"middle\" fill=\"#222\" transform=\"rotate(-90 14 {})\">$ a month{}</text>",
        r1((top + h - bottom) / 2.0),
        r1((top + h - bottom) / 2.0),
        if log_y { " (log scale)" } else { "" }
    );
    if let Some(target) = c.slo.rto_s.filter(|t| *t >= lo && *t <= hi) {
        let x = x_of(target);
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{top}\" x2=\"{x}\" y2=\"{}\" stroke=\"#c0392b\" stroke-dasharray=\"5 4\"/>",
            h - bottom
        );
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"10.5\" fill=\"#c0392b\">RTO target {}</text>",
            r1(x + 4.0),
            top - 6.0,
            format_duration_s(target)
        );
    }
    // The cheapest cost reachable with RTO ≤ x: a falling step line.
    let mut sorted: Vec<&FrontierPoint> = points.iter().collect();
    sorted.sort_by(|a, b| a.rto_s.total_cmp(&b.rto_s));
    let mut best = f64::INFINITY;
    let mut d = String::new();
    for p in &sorted {
        let (x, y_new) = (x_of(p.rto_s), y_of(best.min(p.monthly_usd.usd())));
        if best.is_finite() {
            let _ = write!(d, " L{x} {}", y_of(best));
        } else {
            let _ = write!(d, "M{x} {y_new}");
        }
        best = best.min(p.monthly_usd.usd());
        let _ = write!(d, " L{x} {}", y_of(best));
    }
    let _ = write!(d, " L{} {}", w - right, y_of(best));
    let _ = writeln!(
        s,
        "<path d=\"{d}\" fill=\"none\" stroke=\"#2f6690\" stroke-width=\"1.8\"/>"
    );
    // Numbers go where no point, step or earlier number is, inside the plot.
    let mut placer = Placer::new(Rect::new(left + 2.0, top, w - right, h - bottom - 2.0));
    let mut last = None;
    for p in &sorted {
        let (x, y) = (x_of(p.rto_s), y_of(p.monthly_usd.usd()));
        if let Some((lx, ly)) = last {
            placer.block(Rect::new(
                lx,
                f64::min(ly, y) - 1.0,
                x,
                f64::max(ly, y) + 1.0,
            ));
        }
        last = Some((x, y));
    }
    if let Some((lx, ly)) = last {
        placer.block(Rect::new(lx, ly - 1.0, w - right, ly + 1.0));
    }
    for p in points {
        let (x, y) = (x_of(p.rto_s), y_of(p.monthly_usd.usd()));
        placer.block(Rect::around(x, y, if p.chosen { 10.0 } else { 5.5 }));
    }
    for p in points {
        let (x, y) = (x_of(p.rto_s), y_of(p.monthly_usd.usd()));
        let fill = if p.meets_targets {
            "#2f6690"
        } else {
            "#b0b0b0"
        };
        let _ = writeln!(
            s,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"4.5\" fill=\"{fill}\"><title>{}: {} a month, RTO {}, RPO {}</title></circle>",
            esc(&p.design),
            format_usd(p.monthly_usd),
            format_duration_s(p.rto_s),
            format_duration_s(p.rpo_s)
        );
        if p.chosen {
            let _ = writeln!(
                s,
                "<circle cx=\"{x}\" cy=\"{y}\" r=\"9\" fill=\"none\" stroke=\"#d55e00\" stroke-width=\"2\"/>"
            );
        }
    }
    // Points are numbered as in the report's frontier table.
    for (i, p) in points.iter().enumerate() {
        let (x, y) = (x_of(p.rto_s), y_of(p.monthly_usd.usd()));
        let number = (i + 1).to_string();
        let r = if p.chosen { 9.5 } else { 4.5 };
        let spot = placer.place(&number, 11.0, true, &labels::around(x, y, r, 11.0));
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"bold\"{} fill=\"#333\">{number}</text>",
            spot.x,
            spot.y,
            spot.anchor.attr()
        );
    }
    s.push_str("</svg>\n");
    s
}

/// Whole dollars with thousands separators, for axes.
fn dollars(usd: f64) -> String {
    format_usd(usd.round()).trim_end_matches(".00").to_string()
}

/// Services and the data classes they need, left to right by depth.
pub fn services(plan: &Plan) -> String {
    let n = plan.services.len();
    let mut depth: Vec<usize> = vec![1; n];
    // Services are listed after their dependencies in no particular order:
    // relax depths until stable (at most n rounds: the graph is acyclic).
    for _ in 0..n {
        for (i, svc) in plan.services.iter().enumerate() {
            for dep in &svc.depends_on {
                if let Some(j) = plan.services.iter().position(|s| &s.name == dep) {
                    depth[i] = depth[i].max(depth[j] + 1);
                }
            }
        }
    }
    let columns = depth.iter().copied().max().unwrap_or(0) + 1;
    let mut rows: Vec<Vec<(String, String)>> = vec![Vec::new(); columns];
    for c in &plan.classes {
        rows[0].push((
            c.name.clone(),
            format!(
                "RTO {} · {}",
                format_duration_s(c.rto_s),
                format_availability(c.availability)
            ),
        ));
    }
    for (i, svc) in plan.services.iter().enumerate() {
        rows[depth[i]].push((
            svc.name.clone(),
            format!(
                "RTO {} · {}",
                format_duration_s(svc.rto_s),
                format_availability(svc.availability)
            ),
        ));
    }
    let (box_w, box_h, col_w, row_h) = (190.0, 42.0, 250.0, 58.0);
    let height = r1(row_h * rows.iter().map(Vec::len).max().unwrap_or(1) as f64 + 16.0);
    let width = r1(col_w * columns as f64 - (col_w - box_w) + 20.0);
    let at = |name: &str| -> Option<(f64, f64)> {
        rows.iter().enumerate().find_map(|(col, list)| {
            list.iter()
                .position(|(n, _)| n == name)
                .map(|row| (10.0 + col_w * col as f64, 8.0 + row_h * row as f64))
        })
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Services and the data they depend on\" font-family=\"Helvetica, Arial, sans-serif\">\n"
    );
    for svc in &plan.services {
        let Some((x1, y1)) = at(&svc.name) else {
            continue;
        };
        for dep in &svc.depends_on {
            let Some((x2, y2)) = at(dep) else { continue };
            let (sx, sy, ex, ey) = (x1, y1 + box_h / 2.0, x2 + box_w, y2 + box_h / 2.0);
            let mid = r1((sx + ex) / 2.0);
            let _ = writeln!(
                s,
                "<path d=\"M{sx} {sy} C{mid} {sy} {mid} {ey} {ex} {ey}\" fill=\"none\" stroke=\"#7d8da6\" stroke-width=\"1.4\"/>"
            );
        }
    }
    for (col, list) in rows.iter().enumerate() {
        for (row, (name, detail)) in list.iter().enumerate() {
            let (x, y) = (10.0 + col_w * col as f64, 8.0 + row_h * row as f64);
            let (fill, stroke) = if col == 0 {
                ("#e8eef5", "#2f6690")
            } else {
                ("#fdf3e1", "#b7791f")
            };
            let _ = writeln!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{box_w}\" height=\"{box_h}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\"/>"
            );
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"12.5\" font-weight=\"bold\" fill=\"#1b2a41\">{}</text>",
                x + 8.0,
                y + 17.0,
                esc(name)
            );
            let _ = writeln!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"10.5\" fill=\"#444\">{}</text>",
                x + 8.0,
                y + 33.0,
                esc(detail)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}
