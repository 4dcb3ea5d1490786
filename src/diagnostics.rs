//! Errors that point into the user's file. Every problem with a spec or a
//! catalog file becomes a [`SourceError`]: a message, the file, a byte span
//! shown as line and column, a label under the bad value and a help line with
//! the fix. Validation collects all of them ([`SourceErrors`]) before giving
//! up, so a user fixes a file in one pass. Rendering to the terminal happens
//! at the edge (the binary), through miette.

use std::ops::Range;
use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};

/// A file the user gave us (or an embedded catalog file), kept for spans.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<String>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: Arc::new(text.into()),
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// An error at `span` in this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> SourceError {
        let (line, column) = self.line_col(span.start);
        SourceError {
            message: message.into(),
            file: self.name.clone(),
            line,
            column,
            label: String::new(),
            help: None,
            source_code: NamedSource::new(self.name.clone(), self.text.clone()),
            span: SourceSpan::from(span.start..span.end.max(span.start)),
        }
    }
}

/// One problem in one file, with where it is and how to fix it.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{file}:{line}:{column}: {message}")]
pub struct SourceError {
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub label: String,
    #[help]
    pub help: Option<String>,
    #[source_code]
    source_code: NamedSource<Arc<String>>,
    #[label("{label}")]
    span: SourceSpan,
}

impl SourceError {
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }
}

/// Every problem found in one pass, in the order they appear in the files.
#[derive(Debug, Clone, thiserror::Error, Diagnostic)]
#[error("{} error{} in {}", .errors.len(), if .errors.len() == 1 { "" } else { "s" }, .file)]
pub struct SourceErrors {
    pub file: String,
    #[related]
    pub errors: Vec<SourceError>,
}

impl SourceErrors {
    pub fn new(file: impl Into<String>, mut errors: Vec<SourceError>) -> Self {
        errors.sort_by_key(|e| (e.file.clone(), e.line, e.column));
        Self {
            file: file.into(),
            errors,
        }
    }
}

/// "did you mean …?" for a misspelt name, from the names that are valid.
pub fn did_you_mean<'a>(given: &str, valid: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for name in valid {
        let score = strsim::jaro_winkler(&given.to_ascii_lowercase(), &name.to_ascii_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, n)| score > s || (score == s && name < n)) {
            best = Some((score, name));
        }
    }
    best.map(|(_, name)| format!("did you mean \"{name}\"?"))
}

/// The fix for an unknown name: [`did_you_mean`] when a valid name is
/// close to `given`, else `lead` followed by every valid name
/// (`"engines: aurora-postgresql, dynamodb, …"`).
pub fn did_you_mean_or_list<'a>(
    given: &str,
    valid: impl IntoIterator<Item = &'a str> + Clone,
    lead: &str,
) -> String {
    did_you_mean(given, valid.clone()).unwrap_or_else(|| {
        format!(
            "{lead}: {}",
            valid.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        let file = SourceFile::new("spec.toml", "a = 1\nbé = \"x\"\n");
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(6), (2, 1));
        // "bé = " is 6 bytes but 5 characters: the value starts in column 6.
        assert_eq!(file.line_col(12), (2, 6));
    }

    #[test]
    fn suggestions() {
        let regions = ["eu-west-1", "eu-west-2", "us-east-1"];
        assert_eq!(
            did_you_mean("eu-west1", regions).as_deref(),
            Some("did you mean \"eu-west-1\"?")
        );
        assert_eq!(did_you_mean("mars-north-7", ["a", "b"]), None);
    }
}
