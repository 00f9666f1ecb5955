//! Turns schema text into tokens; SQL expressions are taken verbatim on request.

use crate::catalog;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};

/// What a token is. Keywords are not told apart from names here: the parser compares
/// [`TokenKind::Ident`]s with the [`keyword`](crate::keyword) constants where the grammar
/// allows a keyword.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenKind {
    /// A bare identifier or keyword.
    Ident(String),
    /// A double-quoted identifier, unescaped.
    QuotedIdent(String),
    /// A single-quoted string, unescaped.
    Str(String),
    /// A decimal number, as in `varchar(255)` (there are no negative or fractional ones).
    Int(u64),
    /// `/// text`, without the slashes and one leading space.
    Doc(String),
    /// `//! text`, the file's own documentation, without the `//!` and one leading space.
    InnerDoc(String),
    /// `// text`, kept so that `fmt` can preserve it.
    Comment(String),
    /// `{`, opening an enum's or a table's body.
    LBrace,
    /// `}`, closing it.
    RBrace,
    /// `(`; the SQL after the `(` of `default(` and the like is read with
    /// [`Lexer::raw_until_close`] instead of as tokens.
    LParen,
    /// `)`.
    RParen,
    /// `[]` (array suffix).
    Brackets,
    /// `,`, between list items and enum values.
    Comma,
    /// `:`, in `on_delete: cascade`.
    Colon,
    /// `.`, in `references(table.column)`.
    Dot,
    /// `?`, after a type: the column is nullable.
    Question,
    /// `;`, which ends a member as a newline does.
    Semi,
    /// A line break (`\n`; a `\r` before it is skipped as space). The parser ends a member
    /// at one, unless it is inside parentheses.
    Newline,
    /// The end of the text; the lexer returns it for every call after that too.
    Eof,
}

impl TokenKind {
    /// How the token is named in "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match self {
            TokenKind::Ident(s) => format!("`{s}`"),
            TokenKind::QuotedIdent(s) => format!("`\"{s}\"`"),
            TokenKind::Str(s) => format!("string '{s}'"),
            TokenKind::Int(n) => format!("`{n}`"),
            TokenKind::Doc(_) => "a doc comment".into(),
            TokenKind::InnerDoc(_) => "a file doc comment".into(),
            TokenKind::Comment(_) => "a comment".into(),
            TokenKind::LBrace => "`{`".into(),
            TokenKind::RBrace => "`}`".into(),
            TokenKind::LParen => "`(`".into(),
            TokenKind::RParen => "`)`".into(),
            TokenKind::Brackets => "`[]`".into(),
            TokenKind::Comma => "`,`".into(),
            TokenKind::Colon => "`:`".into(),
            TokenKind::Dot => "`.`".into(),
            TokenKind::Question => "`?`".into(),
            TokenKind::Semi => "`;`".into(),
            TokenKind::Newline => "end of line".into(),
            TokenKind::Eof => "end of file".into(),
        }
    }
}

/// A token and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// What it is, with its text for names, strings, numbers and comments.
    pub kind: TokenKind,
    /// Where it is, quotes and slashes included.
    pub span: Span,
}

/// Reads one file's text as tokens, on demand: [`Lexer::next_token`] gives the next one, and
/// the parser switches to [`Lexer::raw_until_close`] for SQL. Cloning it is cheap, for
/// lookahead.
#[derive(Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    file: FileId,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`, the text of `file` (which its spans name).
    pub fn new(file: FileId, src: &'a str) -> Lexer<'a> {
        Lexer { src, pos: 0, file }
    }

    /// The byte offset of the next character to read.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The columns before `at` on its line, when they are all blanks: the indentation of a
    /// block of SQL whose first line starts there.
    pub fn indent_before(&self, at: usize) -> Option<usize> {
        let line = &self.src[..at];
        let start = line.rfind('\n').map_or(0, |i| i + 1);
        let before = &line[start..];
        before
            .chars()
            .all(|c| c == ' ' || c == '\t')
            .then(|| before.chars().count())
    }

    fn span(&self, start: usize) -> Span {
        Span::new(self.file, start, self.pos)
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    /// The next token. On a bad character it reports and skips it.
    pub fn next_token(&mut self) -> Result<Token, Diagnostic> {
        while let Some(c) = self.peek_char() {
            if c == ' ' || c == '\t' || c == '\r' || c == '\u{feff}' {
                self.pos += c.len_utf8();
            } else {
                break;
            }
        }
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            return Ok(Token {
                kind: TokenKind::Eof,
                span: self.span(start),
            });
        };
        let single = |kind| Some(kind);
        let punct = match c {
            '\n' => single(TokenKind::Newline),
            '{' => single(TokenKind::LBrace),
            '}' => single(TokenKind::RBrace),
            '(' => single(TokenKind::LParen),
            ')' => single(TokenKind::RParen),
            ',' => single(TokenKind::Comma),
            ':' => single(TokenKind::Colon),
            '.' => single(TokenKind::Dot),
            '?' => single(TokenKind::Question),
            ';' => single(TokenKind::Semi),
            _ => None,
        };
        if let Some(kind) = punct {
            self.pos += 1;
            return Ok(Token {
                kind,
                span: self.span(start),
            });
        }
        let kind = match c {
            '/' if self.rest().starts_with("//") => self.comment(start)?,
            '[' => {
                self.pos += 1;
                if self.peek_char() == Some(']') {
                    self.pos += 1;
                    TokenKind::Brackets
                } else {
                    return Err(catalog::unexpected_char('[', self.span(start)));
                }
            }
            '"' => TokenKind::QuotedIdent(self.quoted('"', start)?),
            '\'' => TokenKind::Str(self.quoted('\'', start)?),
            c if c.is_ascii_digit() => {
                let digits = self.take_while(|c| c.is_ascii_digit());
                match digits.parse() {
                    Ok(n) => TokenKind::Int(n),
                    Err(_) => return Err(catalog::number_too_large(self.span(start))),
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => TokenKind::Ident(
                self.take_while(|c| c.is_ascii_alphanumeric() || c == '_')
                    .to_string(),
            ),
            '/' if self.rest().starts_with("/*") => {
                // SQL's comment where the schema's is wanted: one error, and the rest of
                // the line skipped (it is a comment, not more errors).
                let d = catalog::unexpected_char('/', Span::new(self.file, start, start + 2));
                self.take_while(|c| c != '\n');
                return Err(d);
            }
            other => {
                self.pos += other.len_utf8();
                return Err(catalog::unexpected_char(other, self.span(start)));
            }
        };
        Ok(Token {
            kind,
            span: self.span(start),
        })
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while let Some(c) = self.peek_char() {
            if !f(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        &self.src[start..self.pos]
    }

    fn comment(&mut self, start: usize) -> Result<TokenKind, Diagnostic> {
        let line = self.take_while(|c| c != '\n');
        let line = line.trim_end_matches('\r');
        let doc = |text: &str| {
            text.strip_prefix(' ')
                .unwrap_or(text)
                .trim_end()
                .to_string()
        };
        if line.starts_with("///") && !line.starts_with("////") {
            // A doc comment becomes rustdoc and a `COMMENT ON`; a plain one goes nowhere.
            if let Some(d) = self.control_in(start, line, "a doc comment") {
                return Err(d);
            }
            Ok(TokenKind::Doc(doc(&line[3..])))
        } else if let Some(text) = line.strip_prefix("//!") {
            // The file's documentation: the title and purpose of its group in the docs.
            if let Some(d) = self.control_in(start, line, "a doc comment") {
                return Err(d);
            }
            Ok(TokenKind::InnerDoc(doc(text)))
        } else {
            let text = &line[2..];
            Ok(TokenKind::Comment(
                text.strip_prefix(' ')
                    .unwrap_or(text)
                    .trim_end()
                    .to_string(),
            ))
        }
    }

    /// The first control character of `text` (which starts at `start`) other than tab, and
    /// in SQL the line breaks, reported as inside `inside`.
    fn control_in(&self, start: usize, text: &str, inside: &str) -> Option<Diagnostic> {
        let sql = inside == "SQL";
        let (at, c) = text.char_indices().find(|&(at, c)| {
            // A line break of SQL is `\n` or `\r\n`; a lone `\r` would reach rustdoc,
            // which refuses it.
            let line_break = c == '\n' || (c == '\r' && text[at + 1..].starts_with('\n'));
            // Bidirectional overrides and isolates, which make text read other than it is
            // (rustc refuses them in comments).
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            (c.is_control() && c != '\t' && !(sql && line_break)) || bidi
        })?;
        let span = Span::new(self.file, start + at, start + at + c.len_utf8());
        Some(catalog::control_character(c, inside, span))
    }

    /// A quoted identifier or string; the quote doubled stands for itself.
    fn quoted(&mut self, quote: char, start: usize) -> Result<String, Diagnostic> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            match self.peek_char() {
                None | Some('\n') => {
                    return Err(catalog::unterminated_quote(quote, self.span(start)));
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    if self.peek_char() == Some(quote) {
                        self.pos += 1;
                        out.push(quote);
                    } else {
                        let inside = if quote == '"' {
                            "a quoted identifier"
                        } else {
                            "a string"
                        };
                        let text = &self.src[start..self.pos];
                        if let Some(d) = self.control_in(start, text, inside) {
                            return Err(d);
                        }
                        if quote == '"' && out.is_empty() {
                            return Err(catalog::empty_quoted_identifier(self.span(start)));
                        }
                        return Ok(out);
                    }
                }
                Some(c) => {
                    self.pos += c.len_utf8();
                    out.push(c);
                }
            }
        }
    }

    /// Everything up to the `)` that closes an already consumed `(`, verbatim.
    /// Returns the trimmed text and its span; the closing `)` is consumed.
    pub fn raw_until_close(&mut self, open: Span) -> Result<(String, Span), Diagnostic> {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(c) = self.peek_char() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    let raw = &self.src[start..self.pos];
                    if let Some(d) = self.control_in(start, raw, "SQL") {
                        self.pos += 1;
                        return Err(d);
                    }
                    let lead = raw.len() - raw.trim_start().len();
                    let text = raw.trim();
                    let span = Span::new(self.file, start + lead, start + lead + text.len());
                    self.pos += 1;
                    return Ok((text.to_string(), span));
                }
                ')' => depth -= 1,
                '\'' | '"' => {
                    let quote_start = self.pos;
                    if let Err(d) = self.quoted_raw(c, quote_start) {
                        // Resume after the quote's line rather than at the end of the file.
                        self.pos = self.src[quote_start..]
                            .find('\n')
                            .map_or(self.src.len(), |i| quote_start + i);
                        return Err(d);
                    }
                    continue;
                }
                '-' if self.rest().starts_with("--") => {
                    self.take_while(|c| c != '\n');
                    continue;
                }
                '/' if self.rest().starts_with("/*") => {
                    // Postgres's block comments nest.
                    let comment = self.pos;
                    let mut nested = 0usize;
                    while self.pos < self.src.len() {
                        let rest = self.rest();
                        if rest.starts_with("/*") {
                            nested += 1;
                            self.pos += 2;
                        } else if rest.starts_with("*/") {
                            self.pos += 2;
                            nested -= 1;
                            if nested == 0 {
                                break;
                            }
                        } else {
                            self.pos += rest.chars().next().map_or(1, char::len_utf8);
                        }
                    }
                    if nested > 0 {
                        // Resume after the comment's line rather than at the end of the file.
                        let comment_span = Span::new(self.file, comment, comment + 2);
                        self.pos = self.src[comment..]
                            .find('\n')
                            .map_or(self.src.len(), |i| comment + i);
                        return Err(catalog::unclosed_block_comment(comment_span, open));
                    }
                    continue;
                }
                '$' if let Some(end) = self.dollar_quote_end() => {
                    self.pos = end;
                    continue;
                }
                _ => {}
            }
            self.pos += c.len_utf8();
        }
        // Resume after the line of the `(`, so the rest of the file is still checked.
        self.pos = self.src[start..]
            .find('\n')
            .map_or(self.src.len(), |i| start + i);
        Err(catalog::unclosed_paren(open))
    }

    /// The end of the dollar-quoted string (`$$…$$`, `$body$…$body$`) that starts here, if
    /// one does: a `$` that does not continue an identifier, an optional tag that does not
    /// start with a digit (`$1` is a parameter), `$`, and the same delimiter later on.
    fn dollar_quote_end(&self) -> Option<usize> {
        let before = self.src[..self.pos].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            return None;
        }
        let rest = &self.src[self.pos + 1..];
        let tag_len = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if !rest[tag_len..].starts_with('$') || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let delimiter = &self.src[self.pos..self.pos + tag_len + 2];
        let body_start = self.pos + delimiter.len();
        self.src[body_start..]
            .find(delimiter)
            .map(|at| body_start + at + delimiter.len())
    }

    /// Skips a quoted SQL string or identifier, which may span lines.
    fn quoted_raw(&mut self, quote: char, start: usize) -> Result<(), Diagnostic> {
        self.pos += 1;
        loop {
            match self.peek_char() {
                None => {
                    let end = self.src[start..]
                        .find('\n')
                        .map_or(self.src.len(), |i| start + i);
                    let span = Span::new(self.file, start, end);
                    return Err(catalog::unterminated_quote(quote, span));
                }
                Some(c) if c == quote => {
                    self.pos += 1;
                    if self.peek_char() == Some(quote) {
                        self.pos += 1;
                    } else {
                        return Ok(());
                    }
                }
                Some(c) => self.pos += c.len_utf8(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut lexer = Lexer::new(FileId(0), src);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token().expect("token");
            if t.kind == TokenKind::Eof {
                return out;
            }
            out.push(t.kind);
        }
    }

    #[test]
    fn tokens_of_a_column() {
        assert_eq!(
            kinds("/// Doc\n  tags text[]? // note\n"),
            vec![
                TokenKind::Doc("Doc".into()),
                TokenKind::Newline,
                TokenKind::Ident("tags".into()),
                TokenKind::Ident("text".into()),
                TokenKind::Brackets,
                TokenKind::Question,
                TokenKind::Comment("note".into()),
                TokenKind::Newline,
            ]
        );
    }

    #[test]
    fn file_doc_comments_are_their_own_tokens() {
        assert_eq!(
            kinds("//! # Core\n//!\n/// Doc\n//// plain\n"),
            vec![
                TokenKind::InnerDoc("# Core".into()),
                TokenKind::Newline,
                TokenKind::InnerDoc(String::new()),
                TokenKind::Newline,
                TokenKind::Doc("Doc".into()),
                TokenKind::Newline,
                TokenKind::Comment("// plain".into()),
                TokenKind::Newline,
            ]
        );
    }

    #[test]
    fn quoted_identifiers_and_strings_unescape() {
        assert_eq!(
            kinds(r#""a""b" 'it''s'"#),
            vec![
                TokenKind::QuotedIdent("a\"b".into()),
                TokenKind::Str("it's".into())
            ]
        );
    }

    #[test]
    fn raw_sql_balances_parens_and_quotes() {
        let src = "default( coalesce(a, ')') ) x";
        let mut lexer = Lexer::new(FileId(0), src);
        lexer.next_token().expect("ident");
        let open = lexer.next_token().expect("paren");
        let (text, span) = lexer.raw_until_close(open.span).expect("raw");
        assert_eq!(text, "coalesce(a, ')')");
        assert_eq!(&src[span.start as usize..span.end as usize], text);
        assert_eq!(
            lexer.next_token().expect("x").kind,
            TokenKind::Ident("x".into())
        );
    }
}
