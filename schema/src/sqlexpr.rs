//! SQL expressions in a schema are checked with sqlparser's Postgres dialect, so a typo
//! is reported at the schema line instead of when the DDL reaches the database.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer, Whitespace};

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// Checks that `text` is one Postgres expression, and returns it; `span` is where it stands
/// in the schema.
pub fn check_expr(what: &str, text: &str, span: Span) -> Result<sqlparser::ast::Expr, Diagnostic> {
    refuse_comments(what, text, span)?;
    refuse_long_chains(what, text, span)?;
    parse_whole(what, "expression", text, span, |parser| parser.parse_expr())
}

/// The longest run of tokens between two commas at one level of parentheses or brackets.
/// sqlparser limits how deeply parentheses and calls nest, but builds `a * b * c …` (or
/// `a XOR b XOR …`) in a loop, as deep as the chain is long, and the checks that walk the
/// tree (types, references) recurse as deep. A chain of n operators is 2n + 1 tokens at one
/// level; a list (`IN (…)`, `ARRAY[…]`, a call's arguments) is short runs between commas, so
/// however long it is it counts as its longest element.
const MAX_RUN: usize = 1024;

fn refuse_long_chains(what: &str, text: &str, span: Span) -> Result<(), Diagnostic> {
    let dialect = PostgreSqlDialect {};
    // What does not tokenize is reported by the parser.
    let Ok(tokens) = Tokenizer::new(&dialect, text).tokenize() else {
        return Ok(());
    };
    // The run at each open level; the innermost last.
    let mut runs: Vec<usize> = vec![0];
    let mut longest = 0;
    for token in &tokens {
        match token {
            Token::Whitespace(_) | Token::EOF => continue,
            Token::LParen | Token::LBracket => {
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                }
                runs.push(0);
            }
            Token::RParen | Token::RBracket => {
                if runs.len() > 1 {
                    runs.pop();
                }
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                }
            }
            Token::Comma => {
                if let Some(run) = runs.last_mut() {
                    *run = 0;
                }
            }
            _ => {
                if let Some(run) = runs.last_mut() {
                    *run += 1;
                }
            }
        }
        longest = longest.max(runs.last().copied().unwrap_or(0));
    }
    if longest > MAX_RUN {
        return Err(catalog::expression_too_long(what, longest, MAX_RUN, span));
    }
    Ok(())
}

/// Checks that `text` is one Postgres query (a view's), as [`check_expr`] checks an
/// expression.
pub fn check_query(text: &str, span: Span) -> Result<(), Diagnostic> {
    let what = "view";
    refuse_comments(what, text, span)?;
    parse_whole(what, "query", text, span, |parser| parser.parse_query()).map(drop)
}

/// `text` parsed by `parse`, which must take all of it (`noun` names what it parsed in the
/// message about what follows), or the located diagnostic.
fn parse_whole<T>(
    what: &str,
    noun: &str,
    text: &str,
    span: Span,
    parse: impl FnOnce(&mut Parser<'_>) -> Result<T, ParserError>,
) -> Result<T, Diagnostic> {
    let dialect = PostgreSqlDialect {};
    let result = Parser::new(&dialect)
        .try_with_sql(text)
        .and_then(|mut parser| {
            let parsed = parse(&mut parser)?;
            let next = parser.peek_token();
            if next.token == Token::EOF {
                Ok(parsed)
            } else {
                let location = next.span.start;
                Err(ParserError::ParserError(format!(
                    "unexpected `{}` after the {noun} at Line: {}, Column: {}",
                    next.token, location.line, location.column
                )))
            }
        });
    result.map_err(|e| parse_error(what, text, span, &e))
}

/// SQL of the schema is pasted into generated statements (`SET col = <on_update> WHERE …`,
/// `CREATE VIEW v AS <query>;`): a `--` comment would swallow what follows it, so comments
/// are refused outright.
fn refuse_comments(what: &str, text: &str, span: Span) -> Result<(), Diagnostic> {
    let dialect = PostgreSqlDialect {};
    if let Ok(tokens) = Tokenizer::new(&dialect, text).tokenize_with_location() {
        let comment = tokens.iter().find(|t| {
            matches!(
                t.token,
                Token::Whitespace(
                    Whitespace::SingleLineComment { .. } | Whitespace::MultiLineComment(_)
                )
            )
        });
        if let Some(comment) = comment {
            let start =
                offset_of(text, comment.span.start.line, comment.span.start.column).unwrap_or(0);
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let at = Span::new(
                span.file,
                span.start as usize + start,
                span.start as usize + end,
            );
            return Err(catalog::comment_in_sql(what, at));
        }
    }
    Ok(())
}

/// sqlparser's error as a located diagnostic.
fn parse_error(what: &str, text: &str, span: Span, e: &ParserError) -> Diagnostic {
    {
        let message = match e {
            ParserError::ParserError(m) | ParserError::TokenizerError(m) => m.clone(),
            ParserError::RecursionLimitExceeded => "expression nested too deeply".to_string(),
        };
        let (message, at) = split_location(&message);
        // sqlparser reports running out of input as "found: EOF", with or without a
        // location; the caret then goes right after the expression.
        let at_end = message.ends_with("found: EOF");
        let offset = if at_end {
            Some(text.len())
        } else {
            at.and_then(|(line, column)| offset_of(text, line, column))
        };
        let label_span = offset.map_or(span, |offset| {
            let start = span.start as usize + offset;
            let rest = &text[offset..];
            // Underline the whole offending token when the message names it.
            let len = found_token(message)
                .filter(|t| !t.is_empty() && rest.starts_with(t))
                .map_or_else(|| rest.chars().next().map_or(0, char::len_utf8), str::len);
            Span::new(span.file, start, start + len)
        });
        catalog::invalid_sql(what, &tidy(message), label_span)
    }
}

/// The token a sqlparser message says it found: `…, found: X` or `unexpected `X` …`.
fn found_token(message: &str) -> Option<&str> {
    if let Some((_, found)) = message.rsplit_once(", found: ") {
        return Some(found.trim());
    }
    let rest = message.strip_prefix("unexpected `")?;
    rest.split_once('`').map(|(token, _)| token)
}

/// sqlparser appends " at Line: L, Column: C" to its messages.
fn split_location(message: &str) -> (&str, Option<(u64, u64)>) {
    let Some(at) = message.rfind(" at Line: ") else {
        return (message, None);
    };
    let rest = &message[at + " at Line: ".len()..];
    let parsed = rest
        .split_once(", Column: ")
        .and_then(|(l, c)| Some((l.parse().ok()?, c.trim().parse().ok()?)));
    (&message[..at], parsed)
}

pub(crate) fn offset_of(text: &str, line: u64, column: u64) -> Option<usize> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(usize::try_from(line).ok()?.checked_sub(1)?)
        .map(str::len)
        .sum();
    let col = usize::try_from(column).ok()?.checked_sub(1)?;
    let line_text = &text[line_start..];
    let offset = line_text
        .char_indices()
        .nth(col)
        .map_or(line_text.len(), |(i, _)| i);
    let offset = line_start + offset;
    (offset < text.len()).then_some(offset)
}

fn tidy(message: &str) -> String {
    let m = message
        .replace("Expected: ", "expected ")
        .replace(", found: EOF", ", but the expression ends here")
        .replace(", found: ", ", found ");
    if m.is_empty() {
        "not a valid expression".to_string()
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    /// The longest chain the limit lets through is checked whole on a thread of Rust's
    /// default 2 MiB stack, in a debug build: the limit keeps the walk within it.
    #[test]
    fn the_longest_chain_allowed_is_checked_within_a_default_stack() {
        let terms = super::MAX_RUN / 2 - 1;
        let chain = vec!["quantity"; terms].join(" * ");
        let xor = vec!["flag"; terms].join(" xor ");
        let src = format!(
            "table t {{\n  id integer primary_key\n  quantity integer\n  flag boolean\n  check ({chain} > 0)\n  check ({xor})\n}}\n"
        );
        let checked = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let mut sources = crate::Sources::new();
                sources.add("chain.forge", src);
                crate::compile(&sources).is_ok()
            })
            .expect("a thread")
            .join()
            .expect("no overflow");
        assert!(checked);
    }

    use super::*;
    use crate::span::FileId;

    fn check(text: &str) -> Result<(), Diagnostic> {
        check_expr("default", text, Span::new(FileId(0), 10, 10 + text.len())).map(drop)
    }

    #[test]
    fn accepts_postgres_expressions() {
        for ok in [
            "now()",
            "gen_random_uuid()",
            "'{}'::jsonb",
            "'{}'",
            "amount > 0 AND amount < 100",
            "ends_at IS NULL OR ends_at > starts_at",
            "lower(email)",
            "interval '1 day'",
            "ARRAY[]::text[]",
            "price * quantity",
        ] {
            assert!(check(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_broken_expressions_at_the_bad_token() {
        let d = check("now(").expect_err("unclosed call");
        assert_eq!(d.code, "E0215");
        let d = check("a > > b").expect_err("double operator");
        assert_eq!(d.primary.span.start, 10 + 4);
        assert!(check("1 2").is_err());
    }
}
