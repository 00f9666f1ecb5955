//! Connection URLs.

/// `url` with its database replaced by `database`: the path segment, and a
/// `dbname` query parameter if there is one. The rest (credentials, host,
/// port, other parameters) is kept.
pub(crate) fn with_database(url: &str, database: &str) -> Result<String, String> {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return Err(format!(
            "DATABASE_URL must be a URL like postgres://user@host:port/db, got {url:?}"
        ));
    };
    let (prefix, rest) = url.split_at(scheme_end);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(authority_end);
    let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
    let tail = &rest[path_end..];
    let (query, fragment) = tail.split_at(tail.find('#').unwrap_or(tail.len()));

    let database = encode(database);
    let query = match query.strip_prefix('?') {
        Some(pairs) => {
            let pairs: Vec<String> = pairs
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some(("dbname", _)) => format!("dbname={database}"),
                    _ => pair.to_owned(),
                })
                .collect();
            format!("?{}", pairs.join("&"))
        }
        None => String::new(),
    };
    Ok(format!("{prefix}{authority}/{database}{query}{fragment}"))
}

/// Percent-encodes everything but unreserved characters and `/`, so the
/// result is safe in a URL path or query value (`+` included, which query
/// parsers read as a space).
pub(crate) fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_path() {
        let url = with_database("postgres://u:p@h:5433/app?sslmode=disable", "t_1_2");
        assert_eq!(url.unwrap(), "postgres://u:p@h:5433/t_1_2?sslmode=disable");
    }

    #[test]
    fn adds_a_path_when_there_is_none() {
        assert_eq!(
            with_database("postgres://h", "t").unwrap(),
            "postgres://h/t"
        );
        assert_eq!(
            with_database("postgresql://h?host=/run/pg", "t").unwrap(),
            "postgresql://h/t?host=/run/pg"
        );
    }

    #[test]
    fn replaces_a_dbname_parameter() {
        let url = with_database("postgres://h/a?dbname=a&user=x#frag", "t").unwrap();
        assert_eq!(url, "postgres://h/t?dbname=t&user=x#frag");
    }

    #[test]
    fn rejects_keyword_connection_strings() {
        assert!(with_database("host=/tmp dbname=x", "t").is_err());
    }

    #[test]
    fn encodes_unsafe_characters() {
        assert_eq!(encode("/tmp/a b+c&d"), "/tmp/a%20b%2Bc%26d");
    }
}
