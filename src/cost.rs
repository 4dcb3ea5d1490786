//! Cost line items and the sinks they are written to. Engines and the
//! evaluation write each priced thing once, through a [`CostSink`]: the
//! search sums them ([`Total`]) without building labels; the plan collects
//! them ([`Lines`]) with labels. The same code path gives both, so a plan's
//! line items always sum to its monthly cost.

use serde::Serialize;

use crate::units::SECONDS_PER_MONTH;

/// Hours in the pricing month.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// One line of a monthly bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub item: String,
    /// The region billed, or `global` (DNS).
    pub region: String,
    pub monthly_usd: f64,
    /// The price was not published for this region: derived from the
    /// us-east-1 list price and the region's EC2 price index, or from a
    /// neighbouring region (see the catalog).
    pub derived: bool,
}

/// Where priced things go.
pub trait CostSink {
    /// Adds `usd` per month billed in `region` (`None` = global).
    fn add(&mut self, region: Option<usize>, usd: f64, derived: bool, item: &dyn Fn() -> String);
}

/// Sums only, in cents like [`Lines`]: the fast path for the search, so the
/// search ranks designs by exactly the total the plan shows.
#[derive(Debug, Default)]
pub struct Total(pub f64);

impl CostSink for Total {
    fn add(
        &mut self,
        _region: Option<usize>,
        usd: f64,
        _derived: bool,
        _item: &dyn Fn() -> String,
    ) {
        self.0 += cents(usd);
    }
}

/// Collects labelled lines rounded to cents, for the plan (lines that
/// round to zero are left out).
pub struct Lines<'a> {
    pub region_ids: &'a [String],
    pub lines: Vec<CostLine>,
}

impl CostSink for Lines<'_> {
    fn add(&mut self, region: Option<usize>, usd: f64, derived: bool, item: &dyn Fn() -> String) {
        // Lines are kept in cents, so the plan's totals are sums of what it shows.
        let usd = cents(usd);
        if usd == 0.0 {
            return;
        }
        self.lines.push(CostLine {
            item: item(),
            region: region.map_or_else(|| "global".to_string(), |r| self.region_ids[r].clone()),
            monthly_usd: usd,
            derived,
        });
    }
}

/// Per-second rate to per-month count.
pub fn per_month(rate_per_s: f64) -> f64 {
    rate_per_s * SECONDS_PER_MONTH
}

/// Rounds money to cents for output (sums are done before rounding).
pub fn cents(usd: f64) -> f64 {
    (usd * 100.0).round() / 100.0
}

/// Formats dollars with thousands separators: `$12,345.67`.
pub fn format_usd(usd: f64) -> String {
    let cents_total = (usd * 100.0).round() as i128;
    let negative = cents_total < 0;
    let cents_abs = cents_total.unsigned_abs();
    let dollars = (cents_abs / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in dollars.chars().enumerate() {
        if i > 0 && (dollars.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!(
        "{}${grouped}.{:02}",
        if negative { "-" } else { "" },
        cents_abs % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formatting() {
        assert_eq!(format_usd(12345.678), "$12,345.68");
        assert_eq!(format_usd(0.5), "$0.50");
        assert_eq!(format_usd(999.999), "$1,000.00");
        assert_eq!(format_usd(-3.0), "-$3.00");
    }

    #[test]
    fn month_is_730_hours() {
        // 1 request per second for a 730-hour month = 2,628,000 requests.
        assert_eq!(per_month(1.0), 2_628_000.0);
    }
}
