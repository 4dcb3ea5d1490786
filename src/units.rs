//! Parsing of the spec's human units: durations (`ms s m h d`), sizes
//! (decimal `KB MB GB TB` and binary `KiB MiB GiB TiB`) and availability
//! (`"99.99%"` or `0.9999`). Each parser returns the value in the unit its
//! name says, or a message that tells the user what is accepted.

/// Seconds in the 730-hour month every monthly price in meridian uses
/// (the convention of AWS pricing pages and infracost).
pub const SECONDS_PER_MONTH: f64 = 730.0 * 3600.0;
/// Hours in a (365-day) year, for availability.
pub const HOURS_PER_YEAR: f64 = 8760.0;
/// Bytes in a (decimal) gigabyte, the unit AWS prices storage and transfer in.
pub const BYTES_PER_GB: f64 = 1e9;
/// Bytes in a gibibyte, the unit Google prices and limits storage in.
pub const BYTES_PER_GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Parses a duration such as `"0s"`, `"250ms"`, `"5m"`, `"1h 30m"` or `"1d"`.
pub fn parse_duration_s(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    humantime::parse_duration(trimmed)
        .map(|d| d.as_secs_f64())
        .map_err(|e| format!("{e}; write a number and a unit: ms, s, m, h or d (e.g. \"5m\")"))
}

/// Parses a size such as `"500 GB"` (10^9 bytes) or `"2 KiB"` (1024 bytes).
pub fn parse_size_bytes(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let bytes: bytesize::ByteSize = trimmed.parse().map_err(|e: String| {
        format!("{e}; write a number and a unit: B, KB, MB, GB, TB, KiB, MiB, GiB or TiB")
    })?;
    Ok(bytes.as_u64())
}

/// Formats a number as a user wrote it, in scientific notation when huge.
pub fn format_number(n: f64) -> String {
    if n.abs() >= 1e12 {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

/// A whole count with thousands separators: `14,286`.
pub fn format_count(n: impl Into<u128>) -> String {
    let digits = n.into().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a byte count in decimal units, as sizes are limited: `1 EB`, `5 TB`.
pub fn format_size(bytes: u64) -> String {
    const UNITS: &[(u64, &str)] = &[
        (1_000_000_000_000_000_000, "EB"),
        (1_000_000_000_000_000, "PB"),
        (1_000_000_000_000, "TB"),
        (1_000_000_000, "GB"),
        (1_000_000, "MB"),
        (1_000, "KB"),
    ];
    for &(unit, name) in UNITS {
        if bytes >= unit {
            return format!("{} {name}", trim_float(bytes as f64 / unit as f64, 1));
        }
    }
    format!("{bytes} B")
}

/// Parses availability given as a percentage string (`"99.99%"`) into a fraction.
pub fn parse_availability_percent(text: &str) -> Result<f64, String> {
    let number = text.trim().strip_suffix('%').ok_or_else(|| {
        "write a percentage such as \"99.99%\" or a fraction such as 0.9999".to_string()
    })?;
    let pct: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("\"{number}\" is not a number"))?;
    check_fraction(pct / 100.0)
}

/// Checks that an availability fraction lies in (0, 1).
pub fn check_fraction(fraction: f64) -> Result<f64, String> {
    if fraction.is_finite() && fraction > 0.0 && fraction < 1.0 {
        Ok(fraction)
    } else {
        Err("availability must be above 0% and below 100% (100% cannot be planned for)".to_string())
    }
}

/// Formats seconds the way a reviewer reads them: `0s`, `850ms`, `90s`, `5m`, `2h 30m`.
pub fn format_duration_s(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "unbounded".to_string();
    }
    if seconds <= 0.0 {
        return "0s".to_string();
    }
    if seconds < 1.0 {
        return format!("{:.0}ms", seconds * 1000.0);
    }
    if seconds < 120.0 {
        return format!("{}s", trim_float(seconds, 1));
    }
    let minutes = seconds / 60.0;
    if minutes < 120.0 {
        return format!("{}m", trim_float(minutes, 1));
    }
    let hours = minutes / 60.0;
    if hours < 48.0 {
        return format!("{}h", trim_float(hours, 1));
    }
    format!("{}d", trim_float(hours / 24.0, 1))
}

/// Formats an availability fraction as a percentage with enough nines.
pub fn format_availability(fraction: f64) -> String {
    let pct = fraction * 100.0;
    let gap = (100.0 - pct).max(1e-9);
    // Two significant digits of the downtime share, at least two decimals.
    let digits = ((-gap.log10()).floor() as i64 + 2).clamp(2, 6) as usize;
    let text = format!("{pct:.digits$}");
    let (whole, decimals) = text.split_once('.').unwrap_or((&text, ""));
    let mut decimals = decimals.trim_end_matches('0').to_string();
    while decimals.len() < 2 {
        decimals.push('0');
    }
    format!("{whole}.{decimals}%")
}

fn trim_float(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_s("0s").unwrap(), 0.0);
        assert_eq!(parse_duration_s("250ms").unwrap(), 0.25);
        assert_eq!(parse_duration_s("5m").unwrap(), 300.0);
        assert_eq!(parse_duration_s("1h 30m").unwrap(), 5400.0);
        assert_eq!(parse_duration_s("1d").unwrap(), 86400.0);
        assert!(parse_duration_s("5 minutes please").is_err());
        assert!(parse_duration_s("5").is_err());
    }

    #[test]
    fn sizes_decimal_and_binary() {
        assert_eq!(parse_size_bytes("500 GB").unwrap(), 500_000_000_000);
        assert_eq!(parse_size_bytes("2 KiB").unwrap(), 2048);
        assert_eq!(parse_size_bytes("1 TiB").unwrap(), 1_099_511_627_776);
        assert_eq!(parse_size_bytes("10 B").unwrap(), 10);
        assert!(parse_size_bytes("ten GB").is_err());
    }

    #[test]
    fn availability() {
        assert!((parse_availability_percent("99.99%").unwrap() - 0.9999).abs() < 1e-12);
        assert!(parse_availability_percent("100%").is_err());
        assert!(parse_availability_percent("0.9999").is_err());
        assert!(check_fraction(0.999).is_ok());
        assert!(check_fraction(1.0).is_err());
    }

    #[test]
    fn formatting() {
        assert_eq!(format_duration_s(0.0), "0s");
        assert_eq!(format_duration_s(0.85), "850ms");
        assert_eq!(format_duration_s(90.0), "90s");
        assert_eq!(format_duration_s(300.0), "5m");
        assert_eq!(format_duration_s(9000.0), "2.5h");
        assert_eq!(format_availability(0.9999), "99.99%");
        assert_eq!(format_availability(0.99), "99.00%");
        assert_eq!(format_availability(0.99987), "99.987%");
        assert_eq!(format_availability(0.999996), "99.9996%");
        assert_eq!(format_availability(0.999995), "99.9995%");
    }
}
