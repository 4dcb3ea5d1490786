//! The `[static_assets]` section: raw values to a valid
//! [`StaticAssets`](crate::spec::StaticAssets), every bad value an error
//! with its span, the range and the fix, like the rest of `validate`.

use super::{duration, limits, rate, size};
use crate::diagnostics::{SourceError, did_you_mean_or_list};
use crate::spec::reader::TableReader;
use crate::spec::{Population, StaticAssets};
use crate::units;

const KEYS: &[&str] = &[
    "size",
    "requests_per_sec",
    "response_size",
    "cache_hit_ratio",
    "populations",
    "rto",
    "origin_shield",
    "change_per_month",
];

/// Reads the section; `None` when any of its values is bad (each an error).
pub(super) fn read(
    reader: &TableReader,
    users: &[Population],
    errors: &mut Vec<SourceError>,
) -> Option<StaticAssets> {
    let file = reader.file;
    let before = errors.len();
    reader.deny_unknown(KEYS, errors);
    reader.required("size", "\"50 GB\"", errors);
    reader.required("requests_per_sec", "2000", errors);
    reader.required("response_size", "\"120 KB\"", errors);
    reader.required("cache_hit_ratio", "0.92", errors);
    let size_bytes = size(reader, "size", limits::MAX_SIZE_BYTES, errors);
    let (requests_per_sec, requests_span) = rate(reader, "requests_per_sec", errors);
    let response_bytes = size(reader, "response_size", limits::MAX_ITEM_BYTES, errors);
    if let (Some(0), Some((_, span))) = (
        response_bytes,
        reader.string("response_size", &mut Vec::new()),
    ) {
        errors.push(
            file.error(span, "response_size must be above 0")
                .label("zero")
                .help("the average bytes of one response, e.g. \"120 KB\""),
        );
    }
    if let (Some(bytes), Some(span)) = (response_bytes, requests_span) {
        let per_s = requests_per_sec * bytes as f64;
        if per_s > limits::MAX_BYTES_PER_S {
            errors.push(
                file.error(
                    span,
                    format!(
                        "requests_per_sec {} × response_size {} = {per_s:.3e} bytes/s, above the 1 PB/s meridian plans for",
                        units::format_number(requests_per_sec),
                        units::format_size(bytes)
                    ),
                )
                .label("too much traffic")
                .help("lower the rate or the response_size (rate × response_size runs up to 10^15 bytes per second)"),
            );
        }
    }
    let cache_hit_ratio = match reader.number("cache_hit_ratio", errors) {
        Some((r, span)) if !(r > 0.0 && r <= 1.0) => {
            errors.push(
                file.error(
                    span,
                    format!(
                        "cache_hit_ratio {} must be above 0 and at most 1",
                        units::format_number(r)
                    ),
                )
                .label("out of range")
                .help("the share of requests the edge cache serves, in (0, 1]: e.g. 0.92 for 92 %"),
            );
            None
        }
        Some((r, _)) => Some(r),
        None => None,
    };
    let populations = match reader.string_list("populations", errors) {
        None => Some((0..users.len()).collect()),
        Some((list, span)) => {
            if list.is_empty() {
                errors.push(
                    file.error(span, "populations is empty: nobody is served")
                        .label("empty list")
                        .help("name [users.NAME] tables, or leave the key out to serve every population"),
                );
            }
            let mut out: Vec<usize> = Vec::new();
            for (name, span) in &list {
                match users.iter().position(|u| &u.name == name) {
                    Some(p) if out.contains(&p) => errors.push(
                        file.error(span.clone(), format!("populations lists {name} twice"))
                            .label("duplicate")
                            .help("list each population once"),
                    ),
                    Some(p) => out.push(p),
                    None => errors.push(
                        file.error(span.clone(), format!("unknown population \"{name}\""))
                            .label("no such [users.NAME] table")
                            .help(did_you_mean_or_list(
                                name,
                                users.iter().map(|u| u.name.as_str()),
                                "populations",
                            )),
                    ),
                }
            }
            out.sort_unstable();
            Some(out)
        }
    };
    let rto_s = match reader.get("rto") {
        None => Some(None),
        Some(_) => duration(reader, "rto", errors).map(Some),
    };
    let origin_shield = reader
        .boolean("origin_shield", errors)
        .is_some_and(|(b, _)| b);
    let change = match reader.get("change_per_month") {
        None => size_bytes,
        Some(_) => size(reader, "change_per_month", limits::MAX_SIZE_BYTES, errors),
    };
    if errors.len() != before {
        return None;
    }
    Some(StaticAssets {
        size_bytes: size_bytes?,
        requests_per_sec,
        response_bytes: response_bytes?,
        cache_hit_ratio: cache_hit_ratio?,
        populations: populations?,
        rto_s: rto_s?,
        origin_shield,
        change_bytes_per_month: change?,
    })
}
