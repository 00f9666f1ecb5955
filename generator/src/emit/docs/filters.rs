//! The filters templates escape with, one per target syntax.
//!
//! Names in a schema may hold any character but control characters (quotes, pipes,
//! backticks, `<`, unicode), so every name a template writes goes through one of these.

/// Inline code in Markdown, as in the generated rustdoc (a fence longer than any run of
/// backticks inside), with line breaks as spaces: written out, one would end a table row.
pub(crate) fn code(text: &str) -> String {
    crate::emit::rust::docs::code(&text.replace("\r\n", " ").replace(['\r', '\n'], " "))
}

/// Text for a cell of a Markdown table: `|` escaped (GitHub splits cells on it even inside
/// code), paragraphs kept as `<br><br>`, and other line breaks as spaces, since a table
/// row is one line.
pub(crate) fn cell(text: &str) -> String {
    let paragraphs: Vec<String> = text
        .trim()
        .split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect();
    paragraphs.join("<br><br>").replace('|', "\\|")
}

/// Plain text in Markdown: the characters that would start markup are escaped.
pub(crate) fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside a Graphviz HTML-like label or quoted string: `&`, `<`, `>`, quotes and
/// backslashes as entities, line breaks as `<br/>`.
pub(crate) fn dot(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // A backslash starts an escape in a DOT string; as an entity it is plain.
            '\\' => out.push_str("&#92;"),
            '\n' => out.push_str("<br/>"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Mermaid quoted string (a label or an attribute comment), which has no
/// escape for its quote: `"` becomes `'`, and line breaks spaces.
pub(crate) fn mermaid(text: &str) -> String {
    text.replace('"', "'").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("tasks"), "`tasks`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn cells_escape_pipes_and_keep_one_line() {
        assert_eq!(cell("a | b"), "a \\| b");
        assert_eq!(cell("one\ntwo\n\nthree"), "one two<br><br>three");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(text("*a_b*"), "\\*a\\_b\\*");
        assert_eq!(dot("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(mermaid("say \"hi\"\nnow"), "say 'hi' now");
    }
}
