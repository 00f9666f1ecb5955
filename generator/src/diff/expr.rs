//! Just enough reading of SQL expressions to know which columns they mention.
//!
//! Checks, index expressions and predicates, and generated columns are kept as text. When
//! a column they mention changes type, Postgres would rebuild them from their stored form
//! (with casts to the old type), so the diff drops and recreates them instead. This scan
//! errs on the side of "mentions": a function with the column's name counts too.

pub(crate) use schemaforge_schema::words::identifiers;

/// `expr` with every identifier for which `rename` gives a new name replaced by it (quoted
/// where Postgres needs it), everything else kept byte for byte. Used to read an old
/// expression in new names: Postgres keeps stored expressions up to date through renames.
pub(crate) fn rename_identifiers(expr: &str, rename: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(expr.len());
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        match c {
            '\'' => {
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
                out.extend(&chars[start..i]);
            }
            '"' => {
                let mut ident = String::new();
                i += 1;
                while i < chars.len() {
                    if chars[i] == '"' {
                        if chars.get(i + 1) == Some(&'"') {
                            ident.push('"');
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    ident.push(chars[i]);
                    i += 1;
                }
                match rename(&ident) {
                    Some(new) => out.push_str(&crate::emit::sql::quote_ident(&new)),
                    None => out.extend(&chars[start..i]),
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
                {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                match rename(&word.to_lowercase()) {
                    Some(new) => out.push_str(&crate::emit::sql::quote_ident(&new)),
                    None => out.push_str(&word),
                }
            }
            c if c.is_ascii_digit() => {
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || chars[i] == '.' || chars[i] == '_')
                {
                    i += 1;
                }
                out.extend(&chars[start..i]);
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Whether `expr` mentions an identifier equal to `column`.
pub(crate) fn mentions(expr: &str, column: &str) -> bool {
    identifiers(expr).iter().any(|id| id == column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_identifiers_outside_literals() {
        assert_eq!(
            identifiers("lower(\"Title\") <> 'it''s state' AND state2 > 10e3 -- state\n"),
            ["lower", "Title", "and", "state2"]
        );
        assert!(mentions("state <> 'deleted'", "state"));
        assert!(!mentions("status <> 'state'", "state"));
        assert!(mentions("\"Email\" IS NOT NULL", "Email"));
        assert!(!mentions("\"Email\" IS NOT NULL", "email"));
    }

    #[test]
    fn renames_identifiers_but_not_literals() {
        let rename = |id: &str| match id {
            "state" => Some("status".to_string()),
            "Email" => Some("Mail".to_string()),
            _ => None,
        };
        assert_eq!(
            rename_identifiers("state <> 'state' AND lower(\"Email\") = State2", rename),
            "status <> 'state' AND lower(\"Mail\") = State2"
        );
        // Unquoted names fold to lower case, as Postgres reads them.
        assert_eq!(
            rename_identifiers("STATE = 1.5e3", rename),
            "status = 1.5e3"
        );
    }
}
