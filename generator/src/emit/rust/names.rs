//! Rust names for schema names: type names, field names, enum variants.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The singular of a table name, by simple English rules on its last word:
/// `audit_log_entries` → `audit_log_entry`, `organization_members` → `organization_member`,
/// `addresses` → `address`; `status`, `access` and `platform_onboarding_config` stay as they are.
/// A table whose name these rules get wrong can be renamed with `RustOptions::type_name`.
pub fn singular(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let cut = |n: usize| name[..name.len() - n].to_string();
    if lower.ends_with("ies") && name.len() > 3 {
        return cut(3) + if name.ends_with("IES") { "Y" } else { "y" };
    }
    for suffix in ["sses", "xes", "ches", "shes"] {
        if lower.ends_with(suffix) && name.len() > suffix.len() {
            return cut(2);
        }
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|s| lower.ends_with(s));
    if lower.ends_with('s') && !keeps_s && name.len() > 1 {
        return cut(1);
    }
    name.to_string()
}

/// `UpperCamelCase` for a type or variant, made a valid identifier.
pub fn camel(name: &str) -> String {
    let camel = name.to_upper_camel_case();
    match camel.chars().next() {
        None => "Empty".to_string(),
        Some(c) if c.is_ascii_digit() => format!("V{camel}"),
        _ => camel,
    }
}

/// `snake_case` for a field or method name, made a valid identifier.
pub fn snake(name: &str) -> String {
    let snake = name.to_snake_case();
    match snake.chars().next() {
        None => "empty".to_string(),
        Some(c) if c.is_ascii_digit() => format!("_{snake}"),
        _ => snake,
    }
}

/// An identifier, raw (`r#type`) when the name is a Rust keyword. The few keywords that
/// cannot be raw (`self`, `Self`, `super`, `crate`) get a trailing underscore.
pub fn ident(name: &str) -> String {
    if CANNOT_BE_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

const CANNOT_BE_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2024 (weak keywords like `union` are fine as names).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", "try", "gen",
];

/// A Postgres type name as `regtype` reads it: quoted unless it is a plain lower-case name.
pub fn pg_type_name(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_of_table_names() {
        let cases = [
            ("organizations", "organization"),
            ("organization_members", "organization_member"),
            ("platform_onboarding_config", "platform_onboarding_config"),
            (
                "user_notification_preferences",
                "user_notification_preference",
            ),
            ("audit_log_entries", "audit_log_entry"),
            ("verifications", "verification"),
            ("task_assignees", "task_assignee"),
            ("webhook_deliveries", "webhook_delivery"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("batches", "batch"),
            ("access", "access"),
            ("status", "status"),
            ("analysis", "analysis"),
            ("users", "user"),
            ("s", "s"),
        ];
        for (plural, one) in cases {
            assert_eq!(singular(plural), one, "{plural}");
        }
    }

    #[test]
    fn identifiers() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("union").to_string(), "union");
        assert_eq!(camel("in_progress"), "InProgress");
        assert_eq!(camel("2fa"), "V2fa");
        assert_eq!(snake("createdAt"), "created_at");
        assert_eq!(snake("2fa"), "_2fa");
    }

    #[test]
    fn pg_type_names_are_quoted_when_needed() {
        assert_eq!(pg_type_name("org_role"), "org_role");
        assert_eq!(pg_type_name("OrgRole"), "\"OrgRole\"");
    }
}
