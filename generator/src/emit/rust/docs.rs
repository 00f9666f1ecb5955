//! Rustdoc from schema doc comments, and the text helpers every part of the emitter writes
//! with.

use std::fmt::Write;

/// Writes `///` lines for paragraphs: the schema's doc text (if any) and generated notes,
/// separated by blank doc lines, each line indented by `indent`.
pub fn doc<'a>(
    out: &mut String,
    indent: &str,
    paragraphs: impl IntoIterator<Item = Option<&'a str>>,
) {
    let mut first = true;
    for paragraph in paragraphs.into_iter().flatten() {
        let paragraph = paragraph.trim_end();
        if paragraph.is_empty() {
            continue;
        }
        if !first {
            let _ = writeln!(out, "{indent}///");
        }
        first = false;
        for line in paragraph.lines() {
            let line = line.trim_end();
            // `///` lines carry their leading space; keep the schema's own indentation after it.
            if line.is_empty() {
                let _ = writeln!(out, "{indent}///");
            } else {
                let _ = writeln!(out, "{indent}/// {line}");
            }
        }
    }
}

/// Code in a doc: `` `text` ``, with enough backticks that the text cannot end it.
pub fn code(text: &str) -> String {
    let mut run = 0;
    let mut max_run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }
    let ticks = "`".repeat(max_run + 1);
    let pad = if max_run > 0 { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

/// A doc link to the struct `name`, as `` [`name`](struct@name) ``: the `struct@` keeps it
/// unambiguous when a derive macro in scope has the same name (table `defaults` has the row
/// struct `Default`, and a bare `` [`Default`] `` could be either).
pub fn struct_link(name: &str) -> String {
    format!("[`{name}`](struct@{name})")
}

/// A Rust string literal.
pub fn lit(text: &str) -> String {
    format!("{text:?}")
}

/// `&["a", "b"]`.
pub fn str_slice<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = items.into_iter().map(lit).collect();
    format!("&[{}]", items.join(", "))
}

/// The width generated lines wrap at.
const WIDTH: usize = 100;

/// Writes `open`, the items separated by `, `, and `close`, on one line when it fits in the
/// width, or else with as many items on each line (indented by `indent` plus four spaces)
/// as fit.
pub fn list(out: &mut String, indent: &str, open: &str, items: &[String], close: &str) {
    let one_line =
        indent.len() + open.len() + close.len() + items.iter().map(|i| i.len() + 2).sum::<usize>();
    if one_line <= WIDTH {
        let _ = writeln!(out, "{indent}{open}{}{close}", items.join(", "));
        return;
    }
    let _ = writeln!(out, "{indent}{}", open.trim_end());
    let inner = format!("{indent}    ");
    let mut line = String::new();
    for item in items {
        if !line.is_empty() && inner.len() + line.len() + item.len() + 2 > WIDTH {
            let _ = writeln!(out, "{inner}{}", line.trim_end());
            line.clear();
        }
        line.push_str(item);
        line.push_str(", ");
    }
    if !line.is_empty() {
        let trimmed = line.trim_end().trim_end_matches(',');
        let _ = writeln!(out, "{inner}{trimmed},");
    }
    let _ = writeln!(out, "{indent}{}", close.trim_start());
}

/// Writes short statements, as many on each line (indented by `indent`) as fit the width.
pub fn packed(out: &mut String, indent: &str, statements: &[String]) {
    let mut line = String::new();
    for statement in statements {
        if !line.is_empty() && indent.len() + line.len() + 1 + statement.len() > WIDTH {
            let _ = writeln!(out, "{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(statement);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{indent}{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("now()"), "`now()`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }

    #[test]
    fn struct_links_name_their_namespace() {
        assert_eq!(struct_link("Default"), "[`Default`](struct@Default)");
    }

    #[test]
    fn docs_separate_paragraphs_and_keep_indentation() {
        let mut out = String::new();
        doc(
            &mut out,
            "    ",
            [Some("One.\n  indented"), None, Some("Two.")],
        );
        assert_eq!(
            out,
            "    /// One.\n    ///   indented\n    ///\n    /// Two.\n"
        );
    }

    #[test]
    fn lists_wrap_at_the_width() {
        let mut out = String::new();
        list(
            &mut out,
            "",
            "f(",
            &["a".to_string(), "b".to_string()],
            ");",
        );
        assert_eq!(out, "f(a, b);\n");
        let long: Vec<String> = (0..30).map(|i| format!("item_{i}")).collect();
        let mut out = String::new();
        list(&mut out, "", "f(", &long, ");");
        assert!(out.lines().all(|l| l.len() <= WIDTH), "{out}");
        assert!(out.starts_with("f(\n    item_0, item_1,"), "{out}");
        assert!(out.ends_with("item_29,\n);\n"), "{out}");
    }
}
