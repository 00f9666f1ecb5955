//! Names the docs derive: Mermaid words, GitHub's heading fragments, short Rust types.

use schemaforge_schema::ir::Schema;

/// Mermaid entity names: a plain ASCII identifier stays; any other name becomes one
/// (other characters as `_`, a leading digit behind `_`), and a suffix keeps two apart.
pub(crate) fn entity_names(schema: &Schema) -> Vec<String> {
    let plain: std::collections::BTreeSet<&str> = schema
        .tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| mermaid_token(n) == *n)
        .collect();
    let mut taken: std::collections::BTreeSet<String> =
        plain.iter().map(|n| n.to_string()).collect();
    schema
        .tables
        .iter()
        .map(|t| {
            if plain.contains(t.name.as_str()) {
                return t.name.clone();
            }
            let base = mermaid_token(&t.name);
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        })
        .collect()
}

/// `text` as one Mermaid word (an entity, attribute or type name): ASCII letters, digits
/// and `_`, not starting with a digit; `[]` as `_array`, other characters as `_`.
pub(crate) fn mermaid_token(text: &str) -> String {
    let text = text.replace("[]", "_array");
    let mut out: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The fragment GitHub derives from a heading's text: lower case, letters, digits, `-`
/// and `_` kept, spaces as `-`, everything else dropped.
pub(crate) fn anchor(heading: &str) -> String {
    let mut out = String::from("#");
    for c in heading.chars().flat_map(char::to_lowercase) {
        if c == ' ' {
            out.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        }
    }
    out
}

/// A Rust type with its paths shortened to their last segment:
/// `::core::option::Option<::std::string::String>` is `Option<String>`.
pub(crate) fn short_paths(ty: &str) -> String {
    let mut out = String::with_capacity(ty.len());
    let mut segment = String::new();
    let mut chars = ty.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            segment.clear();
        } else if c.is_alphanumeric() || c == '_' || c == '#' {
            segment.push(c);
        } else {
            out.push_str(&segment);
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(&segment);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_paths_are_shortened() {
        assert_eq!(
            short_paths("::core::option::Option<::std::vec::Vec<crate::Tag>>"),
            "Option<Vec<Tag>>"
        );
        assert_eq!(short_paths("r#type"), "r#type");
    }

    #[test]
    fn anchors_are_githubs() {
        assert_eq!(anchor("Product and operator"), "#product-and-operator");
        assert_eq!(anchor("countries|`x`"), "#countriesx");
        assert_eq!(anchor("Café_1"), "#café_1");
    }

    #[test]
    fn mermaid_tokens_are_plain_words() {
        assert_eq!(mermaid_token("tasks"), "tasks");
        assert_eq!(mermaid_token("1st"), "_1st");
        assert_eq!(mermaid_token("café"), "caf_");
        assert_eq!(mermaid_token("text[]"), "text_array");
        assert_eq!(mermaid_token("double precision"), "double_precision");
        assert_eq!(mermaid_token("numeric(10,2)"), "numeric_10_2_");
    }
}
