//! The layering: each stage uses only the stages below it. Reads the
//! source and fails on an import circle between top-level modules (`use
//! crate::a` in module b and `use crate::b` in module a, or a longer
//! loop), naming the modules in it. Test modules (`#[cfg(test)]`) are left
//! out: they may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap();
            let top = rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            if top == "lib" || top == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let deps = out.entry(top.clone()).or_default();
            for (i, _) in code.match_indices("crate::") {
                let name: String = code[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    deps.insert(name);
                }
            }
        }
    }
    out
}

/// A path from `from` back to `to` through `deps`, if any.
fn path(
    deps: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    to: &str,
    seen: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    for next in deps.get(from).into_iter().flatten() {
        if next == to {
            return Some(vec![from.to_string(), next.clone()]);
        }
        if seen.insert(next.clone())
            && let Some(mut rest) = path(deps, next, to, seen)
        {
            rest.insert(0, from.to_string());
            return Some(rest);
        }
    }
    None
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let deps = imports();
    assert!(deps.contains_key("catalog") && deps.contains_key("search"));
    let circles: Vec<String> = deps
        .keys()
        .filter_map(|m| path(&deps, m, m, &mut BTreeSet::new()))
        .map(|p| p.join(" → "))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_engines_read_nothing_of_the_catalog() {
    // The catalog holds the engines' price tables; the engines see prices
    // through `PriceBook` only, so the catalog can load them.
    let deps = imports();
    assert!(
        !deps["engines"].contains("catalog"),
        "{:?}",
        deps["engines"]
    );
}
