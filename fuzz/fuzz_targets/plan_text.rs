//! Any text as a spec: `plan_text` either rejects it with errors that point
//! into it or returns a plan that keeps every invariant of
//! `meridian::invariants` (money to the cent, finite figures, every output
//! renders). A broken invariant or a panic is a finding.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use meridian::catalog::Catalog;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| meridian::catalog::load_embedded().expect("the embedded catalog loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match meridian::plan_text("fuzz.toml", text, catalog()) {
        Ok(plan) => {
            if let Err(broken) = meridian::invariants::check(&plan) {
                panic!("{broken}");
            }
        }
        Err(errors) => {
            assert!(!errors.errors.is_empty());
            for e in &errors.errors {
                assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
});
