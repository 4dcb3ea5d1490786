//! Runbook texts in catalog files, with placeholders: `{primary}`,
//! `{target}`, `{base}` (`<spec>-<class>`), `{lost}`, `{checks}` and
//! `{name:N}` (the target copy's resource name, at most N characters). The
//! loader checks each text names only the placeholders its key may use;
//! the runbook fills them.

/// The placeholders of `template`: the words between braces.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                out.push(&after[..close]);
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    out
}

/// Whether `placeholder` is one of `allowed` (`name:N` with a number N when
/// `name` is allowed).
pub fn allowed(placeholder: &str, allowed: &[&str]) -> bool {
    match placeholder.split_once(':') {
        Some(("name", n)) => allowed.contains(&"name") && n.parse::<usize>().is_ok_and(|n| n > 8),
        Some(_) => false,
        None => allowed.contains(&placeholder) && placeholder != "name",
    }
}

/// `template` with each placeholder replaced by `value(placeholder)` (left
/// as written where it has none).
pub fn fill(template: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match value(key) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_checked_and_filled() {
        let t = "promote {name:40} in {target} from {primary}";
        assert_eq!(placeholders(t), ["name:40", "target", "primary"]);
        assert!(allowed("name:40", &["name", "target"]));
        assert!(!allowed("name:x", &["name"]));
        assert!(!allowed("name", &["name"]));
        assert!(!allowed("lost", &["target"]));
        let filled = fill(t, &|k| match k {
            "target" => Some("eu-west-1".into()),
            "primary" => Some("us-east-1".into()),
            _ => None,
        });
        assert_eq!(filled, "promote {name:40} in eu-west-1 from us-east-1");
        assert_eq!(fill("no braces", &|_| None), "no braces");
    }
}
