//! A data class's workload in the units engines are billed in: GB stored,
//! requests per month, write bytes per month, request units of a given size.

use crate::cost::per_month;
use crate::units::{BYTES_PER_GB, BYTES_PER_GIB};

/// The load one data class puts on its engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub size_gb: f64,
    pub reads_per_s: f64,
    pub writes_per_s: f64,
    pub item_bytes: f64,
    /// Reads must be strongly consistent (billed as such by DynamoDB).
    pub strong_reads: bool,
    /// Peak request rate ÷ average (≥ 1): provisioned capacity must carry
    /// the peak; per-request billing sees only the average.
    pub peak_to_average: f64,
}

impl Workload {
    pub fn reads_per_month(&self) -> f64 {
        per_month(self.reads_per_s)
    }

    pub fn writes_per_month(&self) -> f64 {
        per_month(self.writes_per_s)
    }

    /// The data stored, in GiB (binary).
    pub fn size_gib(&self) -> f64 {
        self.size_gb * BYTES_PER_GB / BYTES_PER_GIB
    }

    /// Bytes written per month, in GB: what replication sends to each copy.
    pub fn write_gb_per_month(&self) -> f64 {
        per_month(self.writes_per_s * self.item_bytes) / BYTES_PER_GB
    }

    /// Billing units per item for an engine that bills per `unit_bytes`
    /// started (DynamoDB: 1 KB writes, 4 KB reads; Aurora: 4 KiB pages).
    pub fn units_per_item(&self, unit_bytes: f64) -> f64 {
        (self.item_bytes / unit_bytes).ceil().max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn monthly_volumes() {
        let w = Workload {
            size_gb: 500.0,
            reads_per_s: 2000.0,
            writes_per_s: 200.0,
            item_bytes: 2048.0,
            strong_reads: true,
            peak_to_average: 1.0,
        };
        // 200 writes/s × 2048 B × 2,628,000 s = 1,076,428,800,000 B = 1076.4288 GB.
        assert!((w.write_gb_per_month() - 1076.4288).abs() < 1e-6);
        assert_eq!(w.writes_per_month(), 525_600_000.0);
        assert_eq!(w.units_per_item(1024.0), 2.0);
        assert_eq!(w.units_per_item(4096.0), 1.0);
    }
}
