//! Data residency: which jurisdictions a data class's copies may be stored
//! in. A spec names ISO 3166-1 alpha-2 country codes (`de`, `us`) or blocs
//! (`eu`, `eea`, `gcc`); a region is allowed when its country is in one of
//! them. `eu` is the 27 EU member states: not the United Kingdom, not
//! Switzerland, not Norway.

/// EU member states (2020 onwards), ISO 3166-1 alpha-2.
pub const EU: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
];

/// The EEA adds Iceland, Liechtenstein and Norway to the EU.
pub const EEA_EXTRA: &[&str] = &["IS", "LI", "NO"];

/// Gulf Cooperation Council member states.
pub const GCC: &[&str] = &["AE", "BH", "KW", "OM", "QA", "SA"];

/// The blocs a spec may name, with what they mean.
pub const BLOCS: &[(&str, &str)] = &[
    ("eu", "the 27 EU member states (not GB, not CH)"),
    ("eea", "the EU plus Iceland, Liechtenstein and Norway"),
    ("gcc", "the Gulf Cooperation Council states"),
    ("uk", "the United Kingdom (ISO code GB)"),
];

/// ISO 3166-1 alpha-2 codes (officially assigned).
const ISO_CODES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The countries (ISO codes, upper case) a jurisdiction name stands for,
/// or `None` when the name is neither a bloc nor an ISO code.
pub fn countries(name: &str) -> Option<Vec<&'static str>> {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "eu" => Some(EU.to_vec()),
        "eea" => Some(EU.iter().chain(EEA_EXTRA).copied().collect()),
        "gcc" => Some(GCC.to_vec()),
        "uk" => Some(vec!["GB"]),
        _ => {
            let upper = name.to_ascii_uppercase();
            ISO_CODES
                .split(' ')
                .find(|code| *code == upper)
                .map(|code| vec![code])
        }
    }
}

/// Every name a spec may use, for suggestions.
pub fn all_names() -> Vec<String> {
    BLOCS
        .iter()
        .map(|(b, _)| b.to_string())
        .chain(ISO_CODES.split(' ').map(|c| c.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eu_is_not_uk_or_switzerland() {
        let eu = countries("eu").unwrap();
        assert_eq!(eu.len(), 27);
        assert!(eu.contains(&"IE") && eu.contains(&"DE") && eu.contains(&"SE"));
        assert!(!eu.contains(&"GB") && !eu.contains(&"CH") && !eu.contains(&"NO"));
        assert!(countries("eea").unwrap().contains(&"NO"));
    }

    #[test]
    fn iso_codes_in_any_case() {
        assert_eq!(countries("us"), Some(vec!["US"]));
        assert_eq!(countries("DE"), Some(vec!["DE"]));
        assert_eq!(countries("uk"), Some(vec!["GB"]));
        assert_eq!(countries("xx"), None);
        assert_eq!(countries("europe"), None);
    }
}
