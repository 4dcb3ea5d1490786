//! The layout `terraform fmt` leaves, for rendered HCL. Templates write the
//! indentation; this aligns the `=` of consecutive one-line attributes the
//! way Terraform's formatter does (hclwrite's `formatCells`: a run of lines
//! that each hold a whole `name = value` gets its `=` signs in one column),
//! strips trailing spaces and folds runs of blank lines, which templates
//! with loops and conditions leave behind. CI checks the result with
//! `terraform fmt -check`.

/// Formats rendered HCL.
pub fn format(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines() {
        let line = line.trim_end();
        let blank = line.is_empty();
        let after_blank = lines.last().is_none_or(|l: &String| l.is_empty());
        if blank && after_blank {
            continue;
        }
        lines.push(line.to_string());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let cells: Vec<Option<usize>> = lines.iter().map(|l| assignment(l)).collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut i = 0;
    while i < lines.len() {
        if cells[i].is_none() {
            out.push_str(&lines[i]);
            out.push('\n');
            i += 1;
            continue;
        }
        let end = (i..lines.len())
            .find(|&j| cells[j].is_none())
            .unwrap_or(lines.len());
        let lead = |j: usize| lines[j][..cells[j].unwrap_or(0)].trim_end();
        let width = (i..end).map(|j| lead(j).len()).max().unwrap_or(0);
        for j in i..end {
            let rhs = lines[j][cells[j].unwrap_or(0) + 1..].trim_start();
            out.push_str(&format!("{:width$} = {rhs}\n", lead(j)));
        }
        i = end;
    }
    out
}

/// The byte offset of the line's assignment `=` when the line holds a whole
/// attribute (something before the `=`, brackets after it balanced), as
/// hclwrite decides it; None otherwise.
fn assignment(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut strings = 0usize; // depth of string literals
    let mut interps: Vec<usize> = Vec::new(); // brace depth inside each ${ }
    let mut equals: Option<usize> = None;
    let mut net = 0i32;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        let in_string = strings > interps.len();
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => strings -= 1,
                b'$' | b'%' if next == Some(b'{') => {
                    interps.push(0);
                    i += 1;
                }
                _ => {}
            }
        } else {
            let top = interps.is_empty();
            match c {
                b'"' => strings += 1,
                b'#' if top => break,
                b'/' if top && next == Some(b'/') => break,
                b'{' | b'[' | b'(' => {
                    if let Some(depth) = interps.last_mut() {
                        *depth += usize::from(c == b'{');
                    } else if equals.is_some() {
                        net += 1;
                    }
                }
                b'}' | b']' | b')' => match interps.last_mut() {
                    Some(0) if c == b'}' => {
                        interps.pop();
                    }
                    Some(depth) => *depth -= usize::from(c == b'}'),
                    None if equals.is_some() => net -= 1,
                    None => {}
                },
                b'=' if top && equals.is_none() => {
                    let prev = if i > 0 { bytes[i - 1] } else { b' ' };
                    let single = !matches!(prev, b'=' | b'!' | b'<' | b'>')
                        && !matches!(next, Some(b'=') | Some(b'>'));
                    if single && !line[..i].trim().is_empty() {
                        equals = Some(i);
                    } else if !single {
                        // `==`, `=>` and the like: skip the second character.
                        i += usize::from(matches!(next, Some(b'=') | Some(b'>')));
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    equals.filter(|_| net == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_runs_of_attributes_like_terraform_fmt() {
        let text = "resource \"a\" \"b\" {\n  provider = aws.x\n  name = \"n=1\"\n  tags = { A = \"${var.x[\"k\"]}\" }\n\n\n  policy = jsonencode({\n    Version = \"1\"\n    Statement = []\n  })\n  ok = a == b\n}\n";
        let want = "resource \"a\" \"b\" {\n  provider = aws.x\n  name     = \"n=1\"\n  tags     = { A = \"${var.x[\"k\"]}\" }\n\n  policy = jsonencode({\n    Version   = \"1\"\n    Statement = []\n  })\n  ok = a == b\n}\n";
        assert_eq!(format(text), want);
    }

    #[test]
    fn for_expressions_and_comparisons_are_not_assignments() {
        assert_eq!(assignment("  x = { for k, v in m : k => v }"), Some(4));
        assert_eq!(assignment("    condition = length(var.x) >= 2"), Some(14));
        assert_eq!(assignment("  a == b"), None);
        assert_eq!(assignment("  list = ["), None);
    }
}
