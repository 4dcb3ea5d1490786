//! Phase one of reading a spec: the raw TOML document with spans
//! (`toml::de::DeTable`), read key by key into plain values. Wrong types and
//! unknown keys are collected as errors that point at the value or key; the
//! caller (phase two, `spec::validate`) turns values into valid types.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostics::{SourceError, SourceFile, did_you_mean_or_list};

pub type Value<'i> = Spanned<DeValue<'i>>;

/// A plain value and the byte span it was read from.
pub type Located<T> = (T, Range<usize>);

/// Reads one TOML table of a spec, remembering where each error is.
pub struct TableReader<'a, 'i> {
    pub file: &'a SourceFile,
    pub table: &'a DeTable<'i>,
    /// Dotted path of the table, for messages (`data.payments`).
    pub path: String,
    /// Span of the table header (or of the whole file for the root).
    pub span: Range<usize>,
}

impl<'a, 'i> TableReader<'a, 'i> {
    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map(|(_, v)| v)
    }

    fn key_name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Errors for keys not in `allowed`, with the nearest allowed key.
    pub fn deny_unknown(&self, allowed: &[&str], errors: &mut Vec<SourceError>) {
        for (key, _) in self.table.iter() {
            if !allowed.contains(&key.get_ref().as_ref()) {
                let name = self.key_name(key.get_ref());
                errors.push(
                    self.file
                        .error(key.span(), format!("unknown key `{name}`"))
                        .label("not a spec key")
                        .help(did_you_mean_or_list(
                            key.get_ref(),
                            allowed.iter().copied(),
                            "keys allowed here",
                        )),
                );
            }
        }
    }

    pub fn required(&self, key: &str, what: &str, errors: &mut Vec<SourceError>) {
        if self.get(key).is_none() {
            let name = self.key_name(key);
            errors.push(
                self.file
                    .error(self.span.clone(), format!("missing required key `{name}`"))
                    .label("in this table")
                    .help(format!("add `{key} = {what}`")),
            );
        }
    }

    fn type_error(&self, key: &str, value: &Value, expected: &str) -> SourceError {
        let name = self.key_name(key);
        self.file
            .error(
                value.span(),
                format!(
                    "`{name}` must be {expected}, not a {}",
                    value.get_ref().type_str()
                ),
            )
            .label(format!("expected {expected}"))
    }

    pub fn string(
        &self,
        key: &str,
        errors: &mut Vec<SourceError>,
    ) -> Option<(String, Range<usize>)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(s) => Some((s.to_string(), value.span())),
            _ => {
                errors.push(self.type_error(key, value, "a string"));
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(
        &self,
        key: &str,
        errors: &mut Vec<SourceError>,
    ) -> Option<(bool, Range<usize>)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some((*b, value.span())),
            _ => {
                errors.push(self.type_error(key, value, "true or false"));
                None
            }
        }
    }

    /// A number (integer or float).
    pub fn number(&self, key: &str, errors: &mut Vec<SourceError>) -> Option<(f64, Range<usize>)> {
        let value = self.get(key)?;
        match number_of(value.get_ref()) {
            // `+ 0.0` turns a written -0.0 into 0.0, so it is never echoed.
            Some(n) => Some((n + 0.0, value.span())),
            None => {
                errors.push(self.type_error(key, value, "a number"));
                None
            }
        }
    }

    /// A string or a number, for values that accept either.
    pub fn string_or_number(
        &self,
        key: &str,
        errors: &mut Vec<SourceError>,
    ) -> Option<(StrOrNum, Range<usize>)> {
        let value = self.get(key)?;
        if let DeValue::String(s) = value.get_ref() {
            return Some((StrOrNum::Str(s.to_string()), value.span()));
        }
        match number_of(value.get_ref()) {
            Some(n) => Some((StrOrNum::Num(n + 0.0), value.span())),
            None => {
                errors.push(self.type_error(key, value, "a string or a number"));
                None
            }
        }
    }

    pub fn string_list(
        &self,
        key: &str,
        errors: &mut Vec<SourceError>,
    ) -> Option<Located<Vec<Located<String>>>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            errors.push(self.type_error(key, value, "an array of strings"));
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                _ => errors.push(self.type_error(key, item, "a string")),
            }
        }
        Some((out, value.span()))
    }

    /// A sub-table; `None` (with an error) when the key holds something else.
    pub fn table(&self, key: &str, errors: &mut Vec<SourceError>) -> Option<TableReader<'a, 'i>> {
        let value = self.get(key)?;
        let key_span = self
            .table
            .iter()
            .find(|(k, _)| k.get_ref() == key)
            .map_or(value.span(), |(k, _)| k.span());
        self.as_table(key, key_span, value, errors)
    }

    /// Every entry of a table of tables (`[users.*]`, `[data.*]`), in order.
    pub fn entries(
        &self,
        errors: &mut Vec<SourceError>,
    ) -> Vec<(String, Range<usize>, TableReader<'a, 'i>)> {
        let mut out = Vec::new();
        for (key, value) in self.table.iter() {
            if let Some(reader) = self.as_table(key.get_ref(), key.span(), value, errors) {
                out.push((key.get_ref().to_string(), key.span(), reader));
            }
        }
        out
    }

    fn as_table(
        &self,
        key: &str,
        key_span: Range<usize>,
        value: &'a Value<'i>,
        errors: &mut Vec<SourceError>,
    ) -> Option<TableReader<'a, 'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(TableReader {
                file: self.file,
                table: t,
                path: self.key_name(key),
                span: key_span,
            }),
            _ => {
                errors.push(self.type_error(key, value, "a table"));
                None
            }
        }
    }
}

/// A value that may be written as text or as a number.
pub enum StrOrNum {
    Str(String),
    Num(f64),
}

fn number_of(value: &DeValue) -> Option<f64> {
    match value {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            let (negative, digits) = match digits.strip_prefix('-') {
                Some(rest) => (true, rest.to_string()),
                None => (false, digits.trim_start_matches('+').to_string()),
            };
            let digits = digits
                .strip_prefix("0x")
                .or_else(|| digits.strip_prefix("0o"))
                .or_else(|| digits.strip_prefix("0b"))
                .unwrap_or(&digits);
            let n = i64::from_str_radix(digits, i.radix()).ok()? as f64;
            Some(if negative { -n } else { n })
        }
        DeValue::Float(f) => {
            let n: f64 = f.as_str().replace('_', "").parse().ok()?;
            n.is_finite().then_some(n)
        }
        _ => None,
    }
}
