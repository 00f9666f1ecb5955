//! Rustdoc from schema doc comments.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for paragraphs: the schema's doc text (if any) and generated notes,
/// separated by blank doc lines.
pub fn doc<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs.into_iter().flatten() {
        let paragraph = paragraph.trim_end();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(paragraph.lines().map(|line| {
            let line = line.trim_end();
            // `///` lines carry their leading space; keep the schema's own indentation after it.
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        }));
    }
    let attrs = lines.iter().map(|line| quote!(#[doc = #line]));
    quote!(#(#attrs)*)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("now()"), "`now()`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
