//! Cost line items and the sinks they are written to. Engines and the
//! evaluation write each priced thing once, through a [`CostSink`]: the
//! search sums them ([`Total`]) without building labels; the plan collects
//! them ([`Lines`]) with labels. The same code path gives both, so a plan's
//! line items always sum to its monthly cost.

use serde::Serialize;

use crate::units::SECONDS_PER_MONTH;

/// Hours in the pricing month.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// Money in whole cents: every line item, total and comparison in meridian.
/// Sums are exact, so a total is the sum of the lines it shows; it is
/// written in JSON as dollars (`12.34`), never `-0.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Rounds a dollar figure to the nearest cent. The spec's limits
    /// (`spec::validate::limits`) keep every figure finite and below about
    /// 10^15 cents; anything else saturates (NaN as the maximum, so it can
    /// never pass as cheap), which those limits make unreachable.
    pub fn of_usd(usd: f64) -> Cents {
        let cents = (usd * 100.0).round();
        if cents.is_nan() {
            Cents(i64::MAX)
        } else {
            // `as` saturates at the bounds of i64; -0.0 becomes 0.
            Cents(cents as i64)
        }
    }

    pub fn usd(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `$12,345.67`.
    pub fn format(self) -> String {
        format_usd(self.usd())
    }

    /// Exact addition; saturates rather than wraps (see [`Cents::of_usd`]).
    pub fn plus(self, other: Cents) -> Cents {
        Cents(self.0.saturating_add(other.0))
    }

    pub fn minus(self, other: Cents) -> Cents {
        Cents(self.0.saturating_sub(other.0))
    }
}

impl std::ops::Add for Cents {
    type Output = Cents;
    fn add(self, other: Cents) -> Cents {
        self.plus(other)
    }
}

impl std::ops::AddAssign for Cents {
    fn add_assign(&mut self, other: Cents) {
        *self = self.plus(other);
    }
}

impl std::ops::Sub for Cents {
    type Output = Cents;
    fn sub(self, other: Cents) -> Cents {
        self.minus(other)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        iter.fold(Cents::ZERO, Cents::plus)
    }
}

impl<'a> std::iter::Sum<&'a Cents> for Cents {
    fn sum<I: Iterator<Item = &'a Cents>>(iter: I) -> Cents {
        iter.copied().sum()
    }
}

impl std::ops::Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(self.0.saturating_neg())
    }
}

impl From<Cents> for f64 {
    fn from(c: Cents) -> f64 {
        c.usd()
    }
}

impl Serialize for Cents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.usd())
    }
}

/// One line of a monthly bill.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub item: String,
    /// The region billed, or `global` (DNS).
    pub region: String,
    /// The cloud that bills it (the region's; for a global line, the
    /// cloud of the service bought).
    pub cloud: String,
    pub monthly_usd: Cents,
    /// The price was not published for this region: derived from the
    /// us-east-1 list price and the region's EC2 price index, or from a
    /// neighbouring region (see the catalog).
    pub derived: bool,
    /// What is billed: `quantity` `unit`s a month at `unit_usd` each in
    /// this region (`monthly_usd` is their product, rounded to cents);
    /// absent where a line has no single unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'static str>,
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "significant"
    )]
    pub unit_usd: Option<f64>,
}

/// A unit price to six significant digits ($0.000125 per request).
fn significant<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) if *v != 0.0 && v.is_finite() => {
            let digits = 5 - v.abs().log10().floor() as i32;
            let scale = 10f64.powi(digits.clamp(0, 12));
            s.serialize_f64((v * scale).round() / scale)
        }
        Some(v) => s.serialize_f64(*v),
        None => s.serialize_none(),
    }
}

/// How much of what a line bills: `amount` `unit`s ("GB-month",
/// "instance-hour", "million requests").
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Qty {
    pub amount: f64,
    pub unit: &'static str,
}

impl Qty {
    pub fn of(amount: f64, unit: &'static str) -> Qty {
        Qty { amount, unit }
    }
}

/// Where priced things go.
pub trait CostSink {
    /// Adds `usd` per month billed in `region` (`None` = global).
    fn add(&mut self, region: Option<usize>, usd: f64, derived: bool, item: &dyn Fn() -> String);

    /// The same, for `qty` billed at one unit price (`usd` = amount × price).
    fn add_qty(
        &mut self,
        region: Option<usize>,
        qty: Qty,
        usd: f64,
        derived: bool,
        item: &dyn Fn() -> String,
    ) {
        let _ = qty;
        self.add(region, usd, derived, item);
    }
}

/// Sums only, in cents like [`Lines`]: the fast path for the search, so the
/// search ranks designs by exactly the total the plan shows.
#[derive(Debug, Default)]
pub struct Total(pub Cents);

impl CostSink for Total {
    fn add(
        &mut self,
        _region: Option<usize>,
        usd: f64,
        _derived: bool,
        _item: &dyn Fn() -> String,
    ) {
        self.0 += Cents::of_usd(usd);
    }
}

/// Collects labelled lines rounded to cents, for the plan (lines that
/// round to zero are left out).
pub struct Lines<'a> {
    pub region_ids: &'a [String],
    /// The cloud of each region (same order).
    pub region_clouds: &'a [String],
    /// The cloud of the lines billed to no region.
    pub cloud: &'a str,
    pub lines: Vec<CostLine>,
}

impl Lines<'_> {
    /// What the lines add up to.
    pub fn total(&self) -> Cents {
        self.lines.iter().map(|l| l.monthly_usd).sum()
    }
}

impl CostSink for Lines<'_> {
    fn add(&mut self, region: Option<usize>, usd: f64, derived: bool, item: &dyn Fn() -> String) {
        self.push(region, None, usd, derived, item);
    }

    fn add_qty(
        &mut self,
        region: Option<usize>,
        qty: Qty,
        usd: f64,
        derived: bool,
        item: &dyn Fn() -> String,
    ) {
        self.push(region, Some(qty), usd, derived, item);
    }
}

impl Lines<'_> {
    fn push(
        &mut self,
        region: Option<usize>,
        qty: Option<Qty>,
        usd: f64,
        derived: bool,
        item: &dyn Fn() -> String,
    ) {
        // Lines are kept in cents, so the plan's totals are sums of what it shows.
        let cents = Cents::of_usd(usd);
        if cents == Cents::ZERO {
            return;
        }
        let qty = qty.filter(|q| q.amount > 0.0 && q.amount.is_finite());
        self.lines.push(CostLine {
            item: item(),
            region: region.map_or_else(|| "global".to_string(), |r| self.region_ids[r].clone()),
            cloud: region
                .map_or(self.cloud, |r| &self.region_clouds[r])
                .to_string(),
            monthly_usd: cents,
            derived,
            quantity: qty.map(|q| (q.amount * 1000.0).round() / 1000.0),
            unit: qty.map(|q| q.unit),
            unit_usd: qty.map(|q| usd / q.amount),
        });
    }
}

/// Per-second rate to per-month count.
pub fn per_month(rate_per_s: f64) -> f64 {
    rate_per_s * SECONDS_PER_MONTH
}

/// Formats dollars with thousands separators: `$12,345.67`.
pub fn format_usd(usd: impl Into<f64>) -> String {
    let cents_total = (usd.into() * 100.0).round() as i128;
    let negative = cents_total < 0;
    let cents_abs = cents_total.unsigned_abs();
    let grouped = crate::units::format_count(cents_abs / 100);
    format!(
        "{}${grouped}.{:02}",
        if negative { "-" } else { "" },
        cents_abs % 100
    )
}

/// Dollars with their sign: "+$12.30" for a rise, "-$4.00" for a fall,
/// "$0.00" when the change rounds to nothing (a difference of two costs).
pub fn format_signed_usd(usd: impl Into<f64>) -> String {
    let usd = usd.into();
    if (usd * 100.0).round() > 0.0 {
        format!("+{}", format_usd(usd))
    } else {
        format_usd(usd)
    }
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
    fn cents_are_exact_and_never_negative_zero() {
        // 0.1 + 0.2 in dollars drifts in floating point; in cents it does not.
        let sum: Cents = [0.1, 0.2].iter().map(|u| Cents::of_usd(*u)).sum();
        assert_eq!(sum, Cents(30));
        assert_eq!(serde_json::to_string(&Cents::of_usd(-0.0)).unwrap(), "0.0");
        assert_eq!(serde_json::to_string(&Cents::ZERO).unwrap(), "0.0");
        assert_eq!(Cents::of_usd(f64::NAN), Cents(i64::MAX));
        assert_eq!(Cents(i64::MAX).plus(Cents(1)), Cents(i64::MAX));
        assert_eq!(Cents(123_456_789).format(), "$1,234,567.89");
    }

    #[test]
    fn month_is_730_hours() {
        // 1 request per second for a 730-hour month = 2,628,000 requests.
        assert_eq!(per_month(1.0), 2_628_000.0);
    }
}
