//! The words of SQL text, read just well enough to know which names it mentions: which
//! columns an expression reads, which functions a function's body calls.

/// The identifiers of `expr`, in order: unquoted ones lower-cased, quoted ones as written.
/// String literals, numbers, operators and comments are skipped.
pub fn identifiers(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = expr.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' => {
                // A string literal; '' inside is an escaped quote.
                while let Some((_, c)) = chars.next() {
                    if c == '\'' {
                        if chars.peek().is_some_and(|&(_, n)| n == '\'') {
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '"' => {
                let mut ident = String::new();
                while let Some((_, c)) = chars.next() {
                    if c == '"' {
                        if chars.peek().is_some_and(|&(_, n)| n == '"') {
                            chars.next();
                            ident.push('"');
                        } else {
                            break;
                        }
                    } else {
                        ident.push(c);
                    }
                }
                out.push(ident);
            }
            '-' if chars.peek().is_some_and(|&(_, n)| n == '-') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut ident = c.to_lowercase().collect::<String>();
                while let Some(&(_, n)) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' {
                        ident.extend(n.to_lowercase());
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(ident);
            }
            c if c.is_ascii_digit() => {
                while chars
                    .peek()
                    .is_some_and(|&(_, n)| n.is_alphanumeric() || n == '.' || n == '_')
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// How many comma-separated items `list` holds at its top level: commas inside parentheses,
/// brackets, strings and quoted names do not count (`'a,b', f(1, 2)` is two items). An empty
/// list holds none.
pub fn top_level_items(list: &str) -> usize {
    top_level_split(list).len()
}

/// The items of a comma-separated SQL list, each with its byte offset in `list` and as
/// written (untrimmed): commas inside parentheses, brackets or quotes do not split. An
/// empty (or blank) list has no items.
pub fn top_level_split(list: &str) -> Vec<(usize, &str)> {
    if list.trim().is_empty() {
        return Vec::new();
    }
    let mut items = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (at, c) in list.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                items.push((start, &list[start..at]));
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push((start, &list[start..]));
    items
}
