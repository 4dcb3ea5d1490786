//! Names of the cloud resources a plan creates, shared by the Terraform, the
//! runbooks and the report so they agree: `<spec>-<class>-<region>` for AWS
//! names, `<class>_<region>` for Terraform labels.

/// An AWS resource name: lowercase letters, digits and hyphens, at most
/// `max` characters. Longer names keep their start and end a short hash of
/// the full name, so they stay unique and deterministic.
pub fn aws_name(base: &str, max: usize) -> String {
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if clean.len() <= max {
        return clean;
    }
    let hash = fnv1a(clean.as_bytes());
    let keep = max.saturating_sub(9);
    format!(
        "{}-{:08x}",
        clean[..keep].trim_end_matches('-'),
        hash as u32
    )
}

/// An Azure storage account name: lowercase letters and digits only, at
/// most 24 characters, globally unique. Longer names keep their start and
/// a short hash of the full name.
pub fn storage_account_name(base: &str) -> String {
    const MAX: usize = 24;
    let clean: String = base
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if clean.len() <= MAX {
        return clean;
    }
    let hash = fnv1a(clean.as_bytes());
    format!("{}{:08x}", &clean[..MAX - 8], hash as u32)
}

/// A Terraform label (resource name, provider alias): `[a-z0-9_]`, never
/// starting with a digit.
pub fn tf_label(base: &str) -> String {
    let label: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if label.starts_with(|c: char| c.is_ascii_digit()) {
        format!("r_{label}")
    } else {
        label
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_account_names_are_short_lowercase_alphanumerics() {
        assert_eq!(storage_account_name("Shop-media-eastus"), "shopmediaeastus");
        let long = storage_account_name("every-engine-azure-blob-replicated-westeurope");
        assert_eq!(long.len(), 24);
        assert!(
            long.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        );
        assert!(long.starts_with("everyengineazure"));
        // Deterministic, and distinct for names that share their start.
        assert_eq!(
            long,
            storage_account_name("every-engine-azure-blob-replicated-westeurope")
        );
        assert_ne!(
            long,
            storage_account_name("every-engine-azure-blob-replicated-northeurope")
        );
    }

    #[test]
    fn names_are_clean_and_bounded() {
        assert_eq!(
            aws_name("shop-orders_x-us-east-1", 63),
            "shop-orders-x-us-east-1"
        );
        let long = aws_name("global-game-matchmaking-leaderboards-ap-northeast-2", 40);
        assert_eq!(long.len(), 40);
        assert!(long.starts_with("global-game-matchmaking-leader"));
        assert_ne!(
            long,
            aws_name("global-game-matchmaking-leaderboards-ap-northeast-3", 40)
        );
        assert_eq!(tf_label("us-east-1"), "us_east_1");
        assert_eq!(tf_label("3d-assets"), "r_3d_assets");
    }
}
