//! A hand-written recursive-descent parser from tokens to the [`ast`](crate::ast).
//!
//! Errors are collected, not returned: after a bad member the parser skips to the end of
//! its line and goes on, so one run reports every syntax error it can.

use crate::ast::*;
use crate::catalog;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{Identity, ReferentialAction};
use crate::keyword as kw;
use crate::lexer::{Lexer, Token, TokenKind};
use crate::span::{FileId, Span};

/// Parses one file, adding syntax errors to `diags`.
pub fn parse_file(file: FileId, src: &str, diags: &mut Diagnostics) -> File {
    let mut parser = Parser {
        lexer: Lexer::new(file, src),
        peeked: None,
        diags,
        prev_end: Span::new(file, 0, 0),
        skipping: false,
        swallowed_lines: 0,
        line_poisoned: false,
        file_doc: FileDoc::default(),
    };
    parser.file()
}

/// The `//!` lines at the top of a file, and whether more may follow.
#[derive(Default)]
struct FileDoc {
    doc: Option<Doc>,
    /// The plain comments before the doc.
    comments: Vec<TriviaLine>,
    /// Something other than comments and blank lines came first, or the doc ended (a
    /// comment or a blank line after it): a `//!` now is misplaced.
    closed: bool,
    /// A `//!` line was read.
    started: bool,
    /// Line breaks since the last `//!` line.
    newlines: usize,
    /// Open braces: a `//!` block between items (depth 0) starts a group, inside an enum or
    /// a table it is misplaced.
    depth: usize,
    /// The `//!` block between items being read, with the plain comments before it: the
    /// next item starts its group.
    group: Option<GroupDoc>,
    /// The groups started so far.
    groups: Vec<GroupDoc>,
}

/// Failure of the current construct; the diagnostic is already recorded.
struct Recover;

type PResult<T> = Result<T, Recover>;

struct Parser<'a, 'd> {
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    diags: &'d mut Diagnostics,
    /// The span of the last consumed token.
    prev_end: Span,
    /// Inside error recovery, where lexer errors are not reported.
    skipping: bool,
    /// How many unterminated quotes and unclosed parentheses were reported so far: each
    /// swallowed the rest of its line, perhaps with the `}` of a table or enum on it.
    swallowed_lines: usize,
    /// A lexer error was reported on the current line: the tokens after it are a guess
    /// (`# comment` lexes as words), so further syntax errors there would only be noise.
    line_poisoned: bool,
    file_doc: FileDoc,
}

impl Parser<'_, '_> {
    fn peek(&mut self) -> &Token {
        if self.peeked.is_none() {
            let token = self.lex();
            self.peeked = Some(token);
        }
        self.peeked.as_ref().expect("just filled")
    }

    fn lex(&mut self) -> Token {
        loop {
            match self.lexer.next_token() {
                Ok(token) => return self.place_file_doc(token),
                Err(d) if !self.skipping => {
                    if d.code == catalog::UNTERMINATED_QUOTE {
                        self.swallowed_lines += 1;
                    }
                    self.diags.push(d);
                    self.line_poisoned = true;
                }
                Err(_) => {}
            }
        }
    }

    /// A `//!` line is the file's doc while only comments and blank lines came before it;
    /// elsewhere it is reported, and read on as a plain comment.
    fn place_file_doc(&mut self, mut token: Token) -> Token {
        let top = &mut self.file_doc;
        match &token.kind {
            TokenKind::LBrace => top.depth += 1,
            TokenKind::RBrace => top.depth = top.depth.saturating_sub(1),
            _ => {}
        }
        match &token.kind {
            TokenKind::InnerDoc(_) if top.closed && top.depth == 0 => {}
            TokenKind::InnerDoc(_) if top.closed => {
                if !self.skipping {
                    self.diags.push(catalog::misplaced_file_doc(token.span));
                }
                token.kind = TokenKind::Comment(String::new());
            }
            TokenKind::InnerDoc(_) => {
                top.started = true;
                top.newlines = 0;
            }
            TokenKind::Newline if top.started => {
                top.newlines += 1;
                top.closed |= top.newlines > 1;
            }
            TokenKind::Newline => {}
            TokenKind::Comment(_) => top.closed |= top.started,
            _ => top.closed = true,
        }
        token
    }

    fn bump(&mut self) -> Token {
        let token = match self.peeked.take() {
            Some(t) => t,
            None => self.lex(),
        };
        if matches!(token.kind, TokenKind::Newline | TokenKind::Eof) {
            self.line_poisoned = false;
        }
        self.prev_end = token.span;
        token
    }

    /// The kinds of up to `n` tokens after the peeked one, without consuming anything.
    fn lookahead(&mut self, n: usize) -> Vec<TokenKind> {
        self.peek();
        let mut lexer = self.lexer.clone();
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            if let Ok(token) = lexer.next_token() {
                let eof = token.kind == TokenKind::Eof;
                out.push(token.kind);
                if eof {
                    break;
                }
            }
        }
        out
    }

    /// Records a syntax error, unless the line already has a lexer error.
    fn report(&mut self, d: Diagnostic) {
        if !self.line_poisoned {
            self.diags.push(d);
        }
    }

    fn error<T>(&mut self, d: Diagnostic) -> PResult<T> {
        self.report(d);
        Err(Recover)
    }

    /// At `table name {` or `enum name {`: the start of the next item, which means the
    /// current one is missing its `}`.
    fn at_item_start(&mut self) -> bool {
        let keyword =
            matches!(&self.peek().kind, TokenKind::Ident(w) if w == kw::TABLE || w == kw::ENUM);
        keyword
            && matches!(
                self.lookahead(2).as_slice(),
                [
                    TokenKind::Ident(_) | TokenKind::QuotedIdent(_),
                    TokenKind::LBrace
                ]
            )
    }

    /// Reports the missing `}` of an item cut short by the next item or the end of the
    /// file, unless an error inside the item (an unterminated string) swallowed it.
    fn unclosed(&mut self, what: &str, name: Span, swallowed_before: usize) {
        if self.swallowed_lines == swallowed_before {
            let next = self.peek();
            let next = (next.kind != TokenKind::Eof).then_some(next.span);
            self.diags.push(catalog::unclosed_brace(what, name, next));
        }
    }

    fn unexpected<T>(&mut self, expected: &str) -> PResult<T> {
        let token = self.peek().clone();
        self.error(catalog::unexpected_token(&token, expected))
    }

    fn at_ident(&mut self, word: &str) -> bool {
        matches!(&self.peek().kind, TokenKind::Ident(s) if s == word)
    }

    fn at(&mut self, kind: &TokenKind) -> bool {
        &self.peek().kind == kind
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        if self.at(kind) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, kind: TokenKind, expected: &str) -> PResult<Token> {
        if self.at(&kind) {
            Ok(self.bump())
        } else {
            self.unexpected(expected)
        }
    }

    /// Skips newlines and comments inside parentheses, where they do not end a member.
    fn skip_space(&mut self) {
        while matches!(self.peek().kind, TokenKind::Newline | TokenKind::Comment(_)) {
            self.bump();
        }
    }

    fn ident(&mut self, expected: &str) -> PResult<Ident> {
        let token = self.peek().clone();
        match token.kind {
            TokenKind::Ident(name) => {
                self.bump();
                Ok(Ident {
                    name,
                    span: token.span,
                    quoted: false,
                })
            }
            TokenKind::QuotedIdent(name) => {
                self.bump();
                if name.is_empty() {
                    return self.error(catalog::empty_identifier(token.span));
                }
                Ok(Ident {
                    name,
                    span: token.span,
                    quoted: true,
                })
            }
            _ => self.unexpected(expected),
        }
    }

    /// `( a, b, … )`, at least one.
    fn ident_list(&mut self, what: &str) -> PResult<Vec<Ident>> {
        self.expect(TokenKind::LParen, "`(`")?;
        let mut out = Vec::new();
        loop {
            self.skip_space();
            out.push(self.ident(what)?);
            self.skip_space();
            if self.eat(&TokenKind::Comma) {
                continue;
            }
            self.expect(TokenKind::RParen, "`,` or `)`")?;
            return Ok(out);
        }
    }

    /// `( sql )`, taken verbatim.
    fn sql(&mut self, what: &str) -> PResult<Sql> {
        let open = self.expect(TokenKind::LParen, "`(`")?;
        debug_assert!(self.peeked.is_none());
        match self.lexer.raw_until_close(open.span) {
            Ok((text, span)) => {
                // The closing `)` is the last character consumed.
                let close = self.lexer.offset() - 1;
                self.prev_end = Span::new(span.file, close, close + 1);
                let full = open.span.to(self.prev_end);
                if text.is_empty() {
                    return self.error(catalog::empty_sql(what, full));
                }
                Ok(Sql { text, span, full })
            }
            Err(d) => {
                // A lexer error: reported even on a poisoned line.
                self.diags.push(d);
                self.swallowed_lines += 1;
                Err(Recover)
            }
        }
    }

    /// Consumes tokens up to the end of the current line (or a `}` that closes the body).
    /// Parenthesized text is skipped verbatim, since it may be SQL rather than tokens, and
    /// nothing skipped is reported: the error that started the skip says enough.
    fn skip_line(&mut self) {
        self.skipping = true;
        loop {
            match self.peek().kind {
                TokenKind::Eof | TokenKind::Newline | TokenKind::Semi | TokenKind::RBrace => break,
                TokenKind::LParen => {
                    let open = self.bump();
                    let _ = self.lexer.raw_until_close(open.span);
                }
                _ => {
                    self.bump();
                }
            }
        }
        self.skipping = false;
    }

    /// Blank lines, comments and doc comments before an item or member.
    fn trivia(&mut self) -> Trivia {
        let mut trivia = Trivia {
            comments: Vec::new(),
            doc: None,
            blank_line_before: false,
        };
        let mut newlines = 0;
        loop {
            let token = self.peek().clone();
            match token.kind {
                TokenKind::Newline | TokenKind::Semi => {
                    newlines += 1;
                    if newlines == 2 {
                        if trivia.comments.is_empty() && trivia.doc.is_none() {
                            trivia.blank_line_before = true;
                        } else if trivia.doc.is_none() {
                            trivia.comments.push(TriviaLine::Blank);
                        }
                    }
                }
                TokenKind::Comment(text) => {
                    newlines = 0;
                    trivia.comments.push(TriviaLine::Comment(text));
                }
                TokenKind::InnerDoc(text) if self.file_doc.closed => {
                    // Between items (see `place_file_doc`): the next item starts a group.
                    // What came before is the group's; a `///` before it documented nothing.
                    newlines = 0;
                    if let Some(doc) = trivia.doc.take() {
                        self.diags.push(catalog::dangling_doc(doc.span));
                    }
                    trivia.blank_line_before = false;
                    let comments = std::mem::take(&mut trivia.comments);
                    match &mut self.file_doc.group {
                        Some(group) => {
                            group.doc.text.push('\n');
                            group.doc.text.push_str(&text);
                            group.doc.span = group.doc.span.to(token.span);
                        }
                        None => {
                            self.file_doc.group = Some(GroupDoc {
                                comments,
                                doc: Doc {
                                    text,
                                    span: token.span,
                                },
                                first_item: 0,
                            })
                        }
                    }
                }
                TokenKind::InnerDoc(text) => {
                    // Only at the top of the file (see `place_file_doc`): what came before
                    // is the file's, not the first item's.
                    newlines = 0;
                    let top = &mut self.file_doc;
                    if top.doc.is_none() {
                        top.comments = std::mem::take(&mut trivia.comments);
                    }
                    trivia.blank_line_before = false;
                    match &mut top.doc {
                        Some(doc) => {
                            doc.text.push('\n');
                            doc.text.push_str(&text);
                            doc.span = doc.span.to(token.span);
                        }
                        None => {
                            top.doc = Some(Doc {
                                text,
                                span: token.span,
                            })
                        }
                    }
                }
                TokenKind::Doc(text) => {
                    newlines = 0;
                    match &mut trivia.doc {
                        Some(doc) => {
                            doc.text.push('\n');
                            doc.text.push_str(&text);
                            doc.span = doc.span.to(token.span);
                        }
                        None => {
                            trivia.doc = Some(Doc {
                                text,
                                span: token.span,
                            })
                        }
                    }
                }
                _ => return trivia,
            }
            self.bump();
        }
    }

    fn file(&mut self) -> File {
        let mut items = Vec::new();
        loop {
            let trivia = self.trivia();
            let group = self.file_doc.group.take();
            if self.at(&TokenKind::Eof) {
                if let Some(doc) = &trivia.doc {
                    self.diags.push(catalog::dangling_doc(doc.span));
                }
                if let Some(group) = group {
                    self.diags
                        .push(catalog::group_without_items(group.doc.span));
                }
                let top = std::mem::take(&mut self.file_doc);
                return File {
                    name: String::new(),
                    leading_comments: top.comments,
                    doc: top.doc,
                    items,
                    groups: top.groups,
                    trailing_comments: trim_blank(trivia.comments),
                };
            }
            if let Some(mut group) = group {
                if !group.doc.text.starts_with("# ") {
                    self.diags
                        .push(catalog::group_without_heading(group.doc.span));
                }
                group.first_item = items.len();
                self.file_doc.groups.push(group);
            }
            match self.item(trivia) {
                Ok(item) => items.push(item),
                Err(Recover) => self.skip_to_next_item(),
            }
        }
    }

    fn skip_to_next_item(&mut self) {
        let mut line_start = false;
        loop {
            match &self.peek().kind {
                TokenKind::Eof => return,
                TokenKind::Ident(w)
                    if line_start
                        && (w == kw::TABLE
                            || w == kw::ENUM
                            || w == kw::EXTENSION
                            || w == kw::SEQUENCE
                            || w == kw::FUNCTION
                            || w == kw::VIEW
                            || w == kw::MATERIALIZED_VIEW) =>
                {
                    return;
                }
                TokenKind::Newline => line_start = true,
                TokenKind::Doc(_) | TokenKind::Comment(_) if line_start => {}
                _ => line_start = false,
            }
            self.bump();
        }
    }

    fn item(&mut self, trivia: Trivia) -> PResult<Item> {
        if self.at_ident(kw::TABLE) {
            let start = self.bump().span;
            self.table(trivia, start).map(Item::Table)
        } else if self.at_ident(kw::ENUM) {
            let start = self.bump().span;
            self.enum_def(trivia, start).map(Item::Enum)
        } else if self.at_ident(kw::EXTENSION) {
            let start = self.bump().span;
            let name = self.ident("an extension name such as `pg_trgm`")?;
            Ok(Item::Extension(ExtensionDef {
                trivia,
                span: start.to(name.span),
                name,
            }))
        } else if self.at_ident(kw::FUNCTION) {
            let start = self.bump().span;
            self.function(trivia, start).map(Item::Function)
        } else if self.at_ident(kw::SEQUENCE) {
            let start = self.bump().span;
            self.sequence(trivia, start).map(Item::Sequence)
        } else if self.at_ident(kw::VIEW) || self.at_ident(kw::MATERIALIZED_VIEW) {
            let materialized = self.at_ident(kw::MATERIALIZED_VIEW);
            let start = self.bump().span;
            let name = self.ident("a view name")?;
            self.skip_space();
            if !self.at_ident(kw::AS) {
                return self.unexpected("`as (…)`, the view's query");
            }
            self.bump();
            let mut query = self.sql("view query")?;
            let indent = self.lexer.indent_before(query.span.start as usize);
            query.text = dedent(&query.text, indent.unwrap_or(0));
            Ok(Item::View(ViewDef {
                trivia,
                materialized,
                name,
                query,
                block: indent.is_some(),
                span: start.to(self.prev_end),
            }))
        } else {
            self.unexpected("`table`, `enum`, `extension`, `sequence`, `function` or `view`")
        }
    }

    /// After `sequence`: `name [type] { option }`, options up to the end of the line.
    fn sequence(&mut self, trivia: Trivia, start: Span) -> PResult<SequenceDef> {
        let name = self.ident("a sequence name")?;
        let ty = match &self.peek().kind {
            TokenKind::Ident(w) if !kw::SEQUENCE_OPTIONS.contains(&w.as_str()) => {
                Some(self.ident("the sequence's type")?)
            }
            _ => None,
        };
        let mut options: Vec<(Ident, Option<Sql>)> = Vec::new();
        loop {
            let token = self.peek().clone();
            let TokenKind::Ident(w) = &token.kind else {
                break;
            };
            if !kw::SEQUENCE_OPTIONS.contains(&w.as_str()) {
                let w = w.clone();
                return self.error(catalog::unknown_sequence_option(&w, token.span));
            }
            if options.iter().any(|(o, _)| o.name == *w) {
                return self.error(catalog::repeated_option(w, token.span));
            }
            let word = self.ident("a sequence option")?;
            let arg = if word.name == "cycle" {
                None
            } else {
                Some(self.sql("sequence option")?)
            };
            options.push((word, arg));
        }
        Ok(SequenceDef {
            trivia,
            name,
            ty,
            options,
            span: start.to(self.prev_end),
        })
    }

    /// After `function`: `name(args) returns(type) language lang [options] as (body)`, over
    /// as many lines as it takes.
    fn function(&mut self, trivia: Trivia, start: Span) -> PResult<FunctionDef> {
        let name = self.ident("a function name")?;
        let open = self.expect(TokenKind::LParen, "`(` and the function's arguments")?;
        let arguments = match self.lexer.raw_until_close(open.span) {
            Ok((text, _)) => {
                let close = self.lexer.offset() - 1;
                self.prev_end = Span::new(open.span.file, close, close + 1);
                text
            }
            Err(d) => {
                self.diags.push(d);
                return Err(Recover);
            }
        };
        self.skip_space();
        if !self.at_ident(kw::RETURNS) {
            return self.unexpected("`returns(…)`, the function's result type");
        }
        self.bump();
        let returns = self.sql("returns")?;
        self.skip_space();
        if !self.at_ident(kw::LANGUAGE) {
            return self.unexpected("`language`, such as `language plpgsql`");
        }
        self.bump();
        let language = self.ident("a language such as `plpgsql` or `sql`")?;
        let mut options: Vec<Ident> = Vec::new();
        loop {
            self.skip_space();
            if self.at_ident(kw::AS) {
                self.bump();
                break;
            }
            let token = self.peek().clone();
            match &token.kind {
                TokenKind::Ident(w) if kw::FUNCTION_OPTIONS.contains(&w.as_str()) => {
                    if options.iter().any(|o| o.name == *w) {
                        return self.error(catalog::repeated_option(w, token.span));
                    }
                    options.push(self.ident("a function option")?);
                }
                TokenKind::Ident(w) => {
                    let w = w.clone();
                    return self.error(catalog::unknown_function_option(&w, token.span));
                }
                _ => return self.unexpected("a function option or `as (…)`, the body"),
            }
        }
        let mut body = self.sql("function body")?;
        let indent = self.lexer.indent_before(body.span.start as usize);
        body.text = dedent(&body.text, indent.unwrap_or(0));
        Ok(FunctionDef {
            trivia,
            name,
            arguments,
            returns,
            language,
            options,
            body,
            block: indent.is_some(),
            span: start.to(self.prev_end),
        })
    }

    fn enum_def(&mut self, trivia: Trivia, start: Span) -> PResult<EnumDef> {
        let name = self.ident("an enum name")?;
        self.expect(TokenKind::LBrace, "`{`")?;
        let swallowed = self.swallowed_lines;
        let mut values = Vec::new();
        loop {
            let value_trivia = self.trivia();
            if self.at_item_start() {
                self.unclosed(kw::ENUM, name.span, swallowed);
                let span = start.to(self.prev_end);
                return Ok(EnumDef {
                    trivia,
                    name,
                    values,
                    span,
                });
            }
            let token = self.peek().clone();
            let name = match token.kind {
                TokenKind::RBrace => {
                    self.bump();
                    if let Some(doc) = &value_trivia.doc {
                        self.diags.push(catalog::dangling_doc(doc.span));
                    }
                    return Ok(EnumDef {
                        trivia,
                        name,
                        values,
                        span: start.to(token.span),
                    });
                }
                TokenKind::Eof => {
                    self.unclosed(kw::ENUM, name.span, swallowed);
                    return Err(Recover);
                }
                TokenKind::Comma => {
                    self.bump();
                    continue;
                }
                TokenKind::Str(text) | TokenKind::QuotedIdent(text) => {
                    self.bump();
                    Ident {
                        name: text,
                        span: token.span,
                        quoted: true,
                    }
                }
                TokenKind::Ident(_) => self.ident("an enum value")?,
                _ => return self.unexpected("an enum value or `}`"),
            };
            if name.name.is_empty() {
                return self.error(catalog::empty_identifier(name.span));
            }
            let renamed_from = if self.at_ident(kw::RENAMED_FROM) {
                self.bump();
                self.expect(TokenKind::LParen, "`(`")?;
                let old = self.enum_value_name()?;
                self.expect(TokenKind::RParen, "`)`")?;
                Some(old)
            } else {
                None
            };
            values.push(EnumValueDef {
                trivia: value_trivia,
                name,
                renamed_from,
            });
        }
    }

    fn enum_value_name(&mut self) -> PResult<Ident> {
        let token = self.peek().clone();
        if let TokenKind::Str(text) = token.kind {
            self.bump();
            return Ok(Ident {
                name: text,
                span: token.span,
                quoted: true,
            });
        }
        self.ident("an enum value")
    }

    fn table(&mut self, trivia: Trivia, start: Span) -> PResult<TableDef> {
        let name = self.ident("a table name")?;
        self.expect(TokenKind::LBrace, "`{`")?;
        let swallowed = self.swallowed_lines;
        let mut members = Vec::new();
        loop {
            let member_trivia = self.trivia();
            let token = self.peek().clone();
            match token.kind {
                TokenKind::RBrace => {
                    self.bump();
                    if let Some(doc) = &member_trivia.doc {
                        self.diags.push(catalog::dangling_doc(doc.span));
                    }
                    return Ok(TableDef {
                        trivia,
                        name,
                        members,
                        trailing_comments: trim_blank(member_trivia.comments),
                        span: start.to(token.span),
                    });
                }
                TokenKind::Eof => {
                    self.unclosed(kw::TABLE, name.span, swallowed);
                    return Err(Recover);
                }
                _ => {}
            }
            if self.at_item_start() {
                self.unclosed(kw::TABLE, name.span, swallowed);
                let span = start.to(self.prev_end);
                return Ok(TableDef {
                    trivia,
                    name,
                    members,
                    trailing_comments: member_trivia.comments,
                    span,
                });
            }
            let member_start = token.span;
            match self.member() {
                Ok(kind) => {
                    let span = member_start.to(self.prev_end);
                    let line_comment = match self.peek().kind.clone() {
                        TokenKind::Comment(text) => {
                            self.bump();
                            Some(text)
                        }
                        _ => None,
                    };
                    match self.peek().kind {
                        TokenKind::Newline | TokenKind::Semi | TokenKind::RBrace => {}
                        _ => {
                            let expected = match kind {
                                MemberKind::Column(_) => "a column attribute or end of line",
                                MemberKind::Directive(_) => "end of line",
                            };
                            let token = self.peek().clone();
                            let d = match (&token.kind, &kind) {
                                (TokenKind::Ident(word), MemberKind::Column(_)) => {
                                    catalog::unknown_column_attribute(word, token.span)
                                }
                                _ => catalog::unexpected_token(&token, expected),
                            };
                            self.report(d);
                            self.skip_line();
                        }
                    }
                    members.push(Member {
                        trivia: member_trivia,
                        kind,
                        line_comment,
                        span,
                    });
                }
                Err(Recover) => self.skip_line(),
            }
        }
    }

    fn member(&mut self) -> PResult<MemberKind> {
        let token = self.peek().clone();
        if let TokenKind::Ident(word) = &token.kind
            && kw::DIRECTIVES.contains(&word.as_str())
        {
            if let Some(ty) = self.directive_is_column(word) {
                return self.error(catalog::directive_as_column(word, &ty, token.span));
            }
            self.bump();
            return self.directive(word, token.span).map(MemberKind::Directive);
        }
        self.column().map(MemberKind::Column)
    }

    /// The type, if the directive keyword at hand is really meant as a column name, as in
    /// `index integer default(0)`: it is followed by a type name and not by what the
    /// directive itself takes.
    fn directive_is_column(&mut self, word: &str) -> Option<String> {
        let next = self.lookahead(2);
        let Some(TokenKind::Ident(ty)) = next.first() else {
            return None;
        };
        let is_type = kw::TYPES.contains(&ty.as_str())
            || ty == "double"
            || kw::TYPE_ALIASES.iter().any(|(alias, _)| alias == ty);
        let column_like = match word {
            // `tenant uuid` alone could name a column called `uuid`.
            kw::TENANT => matches!(
                next.get(1),
                Some(
                    TokenKind::Question
                        | TokenKind::Brackets
                        | TokenKind::LParen
                        | TokenKind::Ident(_)
                )
            ),
            // `index time (…)` names an index.
            kw::UNIQUE | kw::CHECK | kw::INDEX | kw::FOREIGN_KEY => {
                !matches!(next.get(1), Some(TokenKind::LParen))
            }
            _ => true,
        };
        (is_type && column_like).then(|| ty.clone())
    }

    fn optional_name(&mut self) -> PResult<Option<Ident>> {
        match self.peek().kind {
            TokenKind::Ident(_) | TokenKind::QuotedIdent(_) => Ok(Some(self.ident("a name")?)),
            _ => Ok(None),
        }
    }

    fn directive(&mut self, word: &str, start: Span) -> PResult<Directive> {
        let span = |p: &Self| start.to(p.prev_end);
        Ok(match word {
            kw::TENANT_ROOT => Directive::TenantRoot(start),
            kw::NO_PRIMARY_KEY => Directive::NoPrimaryKey(start),
            kw::UNSCOPED => Directive::Unscoped(start),
            kw::TENANT => {
                if self.at_ident(kw::VIA) {
                    self.bump();
                    Directive::TenantVia(self.ident("the foreign key column to the parent table")?)
                } else {
                    Directive::Tenant(self.ident("the tenant column")?)
                }
            }
            kw::PRIMARY_KEY => {
                let name = self.optional_name()?;
                let columns = self.ident_list("a column name")?;
                Directive::PrimaryKey {
                    name,
                    columns,
                    span: span(self),
                }
            }
            kw::UNIQUE => {
                let name = self.optional_name()?;
                let columns = self.ident_list("a column name")?;
                let nulls_not_distinct = if self.at_ident(kw::NULLS_NOT_DISTINCT) {
                    Some(self.bump().span)
                } else {
                    None
                };
                Directive::Unique {
                    name,
                    columns,
                    nulls_not_distinct,
                    span: span(self),
                }
            }
            kw::CHECK => {
                let name = self.optional_name()?;
                let expr = self.sql("check")?;
                Directive::Check {
                    name,
                    expr,
                    span: span(self),
                }
            }
            kw::FOREIGN_KEY => {
                let name = self.optional_name()?;
                let columns = self.ident_list("a column name")?;
                if !self.at_ident(kw::REFERENCES) {
                    return self.unexpected("`references(…)`");
                }
                let ref_start = self.bump().span;
                let reference = self.reference(ref_start, false)?;
                Directive::ForeignKey {
                    name,
                    columns,
                    reference,
                    span: span(self),
                }
            }
            kw::INDEX => Directive::Index(self.index(start)?),
            kw::WITH => Directive::With(self.sql("with")?),
            kw::RENAMED_FROM => {
                self.expect(TokenKind::LParen, "`(`")?;
                let old = self.ident("the table's previous name")?;
                self.expect(TokenKind::RParen, "`)`")?;
                Directive::RenamedFrom(old)
            }
            kw::TRIGGER => Directive::Trigger(self.trigger(start)?),
            kw::POLICY => Directive::Policy(self.policy(start)?),
            kw::PARTITION_BY => {
                let method = match &self.peek().kind {
                    TokenKind::Ident(w) if kw::PARTITION_METHODS.contains(&w.as_str()) => {
                        self.ident("`range`, `list` or `hash`")?
                    }
                    _ => return self.unexpected("`range`, `list` or `hash`"),
                };
                let columns = self.ident_list("a column of the partition key")?;
                Directive::PartitionBy {
                    method,
                    columns,
                    span: span(self),
                }
            }
            kw::PARTITION => Directive::Partition(self.partition(start)?),
            _ => unreachable!("every directive keyword is handled"),
        })
    }

    /// After `partition`: `name from (…) to (…)`, `name in (…)`,
    /// `name modulus(n) remainder(r)` or `name default`.
    fn partition(&mut self, start: Span) -> PResult<PartitionDef> {
        let name = self.ident("a partition name")?;
        let expected = "`from (…) to (…)`, `in (…)`, `modulus(…) remainder(…)` or `default`";
        let bound = if self.at_ident("from") {
            self.bump();
            let from = self.sql("partition bound")?;
            if !self.at_ident("to") {
                return self.unexpected("`to (…)`, the range's upper bound");
            }
            self.bump();
            let to = self.sql("partition bound")?;
            PartitionBoundDef::Range { from, to }
        } else if self.at_ident("in") {
            self.bump();
            PartitionBoundDef::List(self.sql("partition values")?)
        } else if self.at_ident("modulus") {
            self.bump();
            let modulus = self.sql("modulus")?;
            if !self.at_ident("remainder") {
                return self.unexpected("`remainder(…)`");
            }
            self.bump();
            let remainder = self.sql("remainder")?;
            PartitionBoundDef::Hash { modulus, remainder }
        } else if self.at_ident(kw::DEFAULT) {
            PartitionBoundDef::Default(self.bump().span)
        } else {
            return self.unexpected(expected);
        };
        Ok(PartitionDef {
            name,
            bound,
            span: start.to(self.prev_end),
        })
    }

    /// After `trigger`: `name before|after(events) [for_each_row] [when(…)] execute(call)`.
    fn trigger(&mut self, start: Span) -> PResult<TriggerDef> {
        let name = self.ident("a trigger name")?;
        let timing = match &self.peek().kind {
            TokenKind::Ident(w) if kw::TRIGGER_TIMINGS.contains(&w.as_str()) => {
                self.ident("`before` or `after`")?
            }
            _ => return self.unexpected("`before(…)` or `after(…)`, the events"),
        };
        self.expect(TokenKind::LParen, "`(` and the events")?;
        let mut events = Vec::new();
        loop {
            self.skip_space();
            let token = self.peek().clone();
            let word = match &token.kind {
                TokenKind::Ident(w) if kw::TRIGGER_EVENTS.contains(&w.as_str()) => {
                    self.ident("an event")?
                }
                TokenKind::Ident(w) => {
                    let w = w.clone();
                    return self.error(catalog::unknown_trigger_event(&w, token.span));
                }
                _ => return self.unexpected("`insert`, `update`, `delete` or `truncate`"),
            };
            let columns = if word.name == "update" && self.at(&TokenKind::LParen) {
                self.ident_list("a column name")?
            } else {
                Vec::new()
            };
            events.push(TriggerEventDef { word, columns });
            self.skip_space();
            if self.eat(&TokenKind::Comma) {
                continue;
            }
            self.expect(TokenKind::RParen, "`,` or `)`")?;
            break;
        }
        let mut for_each_row = None;
        let mut when = None;
        loop {
            let token = self.peek().clone();
            match &token.kind {
                TokenKind::Ident(w) if w == kw::FOR_EACH_ROW => {
                    self.bump();
                    if for_each_row.is_some() {
                        return self.error(catalog::repeated_option(w, token.span));
                    }
                    for_each_row = Some(token.span);
                }
                TokenKind::Ident(w) if w == kw::WHEN => {
                    self.bump();
                    if when.is_some() {
                        return self.error(catalog::repeated_option(w, token.span));
                    }
                    when = Some(self.sql("when")?);
                }
                TokenKind::Ident(w) if w == kw::EXECUTE => {
                    self.bump();
                    break;
                }
                _ => {
                    return self.unexpected("`for_each_row`, `when(…)` or `execute(…)`");
                }
            }
        }
        let execute = self.sql("execute")?;
        Ok(TriggerDef {
            name,
            timing,
            events,
            for_each_row,
            when,
            execute,
            span: start.to(self.prev_end),
        })
    }

    /// After `policy`: `name [restrictive] [for cmd] [to(roles)] [using(…)] [with_check(…)]`.
    fn policy(&mut self, start: Span) -> PResult<PolicyDef> {
        let name = self.ident("a policy name")?;
        let mut policy = PolicyDef {
            name,
            restrictive: None,
            command: None,
            roles: Vec::new(),
            using: None,
            with_check: None,
            span: start,
        };
        loop {
            let token = self.peek().clone();
            let TokenKind::Ident(w) = &token.kind else {
                break;
            };
            let repeated = match w.as_str() {
                kw::RESTRICTIVE => policy.restrictive.is_some(),
                kw::FOR => policy.command.is_some(),
                kw::TO => !policy.roles.is_empty(),
                kw::USING => policy.using.is_some(),
                kw::WITH_CHECK => policy.with_check.is_some(),
                _ => {
                    let w = w.clone();
                    return self.error(catalog::unknown_policy_option(&w, token.span));
                }
            };
            if repeated {
                return self.error(catalog::repeated_option(w, token.span));
            }
            let w = w.clone();
            self.bump();
            match w.as_str() {
                kw::RESTRICTIVE => policy.restrictive = Some(token.span),
                kw::FOR => {
                    let next = self.peek().clone();
                    match &next.kind {
                        TokenKind::Ident(c) if kw::POLICY_COMMANDS.contains(&c.as_str()) => {
                            policy.command = Some(self.ident("a command")?);
                        }
                        _ => {
                            return self
                                .unexpected("`all`, `select`, `insert`, `update` or `delete`");
                        }
                    }
                }
                kw::TO => policy.roles = self.ident_list("a role name")?,
                kw::USING => policy.using = Some(self.sql("using")?),
                _ => policy.with_check = Some(self.sql("with_check")?),
            }
        }
        policy.span = start.to(self.prev_end);
        Ok(policy)
    }

    fn index(&mut self, start: Span) -> PResult<IndexDef> {
        let name = self.optional_name()?;
        self.expect(TokenKind::LParen, "`(`")?;
        let mut elements = Vec::new();
        loop {
            self.skip_space();
            let elem_start = self.peek().span;
            let target = if self.at(&TokenKind::LParen) {
                IndexElemTarget::Expr(self.sql("index expression")?)
            } else {
                IndexElemTarget::Column(self.ident("a column name or `(expression)`")?)
            };
            let opclass = match &self.peek().kind {
                TokenKind::Ident(w) if w != kw::ASC && w != kw::DESC && w != kw::NULLS => {
                    Some(self.ident("an operator class")?)
                }
                _ => None,
            };
            let (descending, explicit_asc) = if self.at_ident(kw::DESC) {
                self.bump();
                (true, false)
            } else if self.at_ident(kw::ASC) {
                self.bump();
                (false, true)
            } else {
                (false, false)
            };
            let nulls = if self.at_ident(kw::NULLS) {
                self.bump();
                if self.at_ident(kw::FIRST) {
                    self.bump();
                    Some(crate::ir::Nulls::First)
                } else if self.at_ident(kw::LAST) {
                    self.bump();
                    Some(crate::ir::Nulls::Last)
                } else {
                    return self.unexpected("`first` or `last` after `nulls`");
                }
            } else {
                None
            };
            elements.push(IndexElem {
                target,
                descending,
                explicit_asc,
                nulls,
                opclass,
                span: elem_start.to(self.prev_end),
            });
            self.skip_space();
            if self.eat(&TokenKind::Comma) {
                continue;
            }
            self.expect(TokenKind::RParen, "`,` or `)`")?;
            break;
        }
        let mut index = IndexDef {
            name,
            elements,
            unique: false,
            using: None,
            predicate: None,
            include: Vec::new(),
            nulls_not_distinct: None,
            with: None,
            span: start,
        };
        loop {
            let token = self.peek().clone();
            match &token.kind {
                TokenKind::Ident(w) if w == kw::UNIQUE => {
                    self.bump();
                    if index.unique {
                        return self.error(catalog::repeated_option(kw::UNIQUE, token.span));
                    }
                    index.unique = true;
                }
                TokenKind::Ident(w) if w == kw::USING => {
                    self.bump();
                    if index.using.is_some() {
                        return self.error(catalog::repeated_option(kw::USING, token.span));
                    }
                    index.using = Some(self.ident("an index method such as `gin`")?);
                }
                TokenKind::Ident(w) if w == kw::WHERE => {
                    self.bump();
                    if index.predicate.is_some() {
                        return self.error(catalog::repeated_option(kw::WHERE, token.span));
                    }
                    index.predicate = Some(self.sql("where")?);
                }
                TokenKind::Ident(w) if w == kw::INCLUDE => {
                    self.bump();
                    if !index.include.is_empty() {
                        return self.error(catalog::repeated_option(kw::INCLUDE, token.span));
                    }
                    index.include = self.ident_list("a column name")?;
                }
                TokenKind::Ident(w) if w == kw::WITH => {
                    self.bump();
                    if index.with.is_some() {
                        return self.error(catalog::repeated_option(kw::WITH, token.span));
                    }
                    index.with = Some(self.sql("with")?);
                }
                TokenKind::Ident(w) if w == kw::NULLS_NOT_DISTINCT => {
                    self.bump();
                    if index.nulls_not_distinct.is_some() {
                        return self
                            .error(catalog::repeated_option(kw::NULLS_NOT_DISTINCT, token.span));
                    }
                    index.nulls_not_distinct = Some(token.span);
                }
                TokenKind::Ident(w) => {
                    let w = w.clone();
                    return self.error(catalog::unknown_index_option(&w, token.span));
                }
                _ => break,
            }
        }
        index.span = start.to(self.prev_end);
        Ok(index)
    }

    /// After `references`: `(table.column, options)` or `(table(a, b), options)`.
    /// `column` is set for the column attribute, which references one column.
    fn reference(&mut self, start: Span, column: bool) -> PResult<Reference> {
        self.expect(TokenKind::LParen, "`(`")?;
        self.skip_space();
        let table = self.ident("the referenced table")?;
        let (columns, list_form) = if self.eat(&TokenKind::Dot) {
            (vec![self.ident("the referenced column")?], false)
        } else if self.at(&TokenKind::LParen) {
            let columns = self.ident_list("a referenced column")?;
            if column {
                let target = match columns.as_slice() {
                    [one] => Some(format!("{}.{}", table.name, one.name)),
                    _ => None,
                };
                return self.error(catalog::column_reference_list(
                    table.span.to(self.prev_end),
                    target,
                ));
            }
            (columns, true)
        } else {
            return self.unexpected("`.column` or `(columns)` after the table name");
        };
        let mut reference = Reference {
            table,
            columns,
            on_delete: None,
            on_update: None,
            deferrable: None,
            list_form,
            span: start,
        };
        loop {
            self.skip_space();
            if self.eat(&TokenKind::RParen) {
                break;
            }
            self.expect(TokenKind::Comma, "`,` or `)`")?;
            self.skip_space();
            let key = self.ident("`on_delete`, `on_update` or `deferrable`")?;
            self.expect(TokenKind::Colon, "`:`")?;
            self.skip_space();
            if key.name == kw::DEFERRABLE {
                let value = self.ident("`initially_immediate` or `initially_deferred`")?;
                let deferral = match value.name.as_str() {
                    kw::INITIALLY_IMMEDIATE => crate::ir::Deferral::InitiallyImmediate,
                    kw::INITIALLY_DEFERRED => crate::ir::Deferral::InitiallyDeferred,
                    _ => {
                        return self.unexpected("`initially_immediate` or `initially_deferred`");
                    }
                };
                if reference.deferrable.is_some() {
                    return self.error(catalog::repeated_option(&key.name, key.span));
                }
                reference.deferrable = Some((deferral, value.span));
                continue;
            }
            let value = self.ident("a referential action")?;
            let action = match value.name.as_str() {
                kw::CASCADE => ReferentialAction::Cascade,
                kw::RESTRICT => ReferentialAction::Restrict,
                kw::SET_NULL => ReferentialAction::SetNull,
                kw::SET_DEFAULT => ReferentialAction::SetDefault,
                kw::NO_ACTION => ReferentialAction::NoAction,
                other => return self.error(catalog::unknown_action(other, value.span)),
            };
            let slot = match key.name.as_str() {
                kw::ON_DELETE => &mut reference.on_delete,
                kw::ON_UPDATE => &mut reference.on_update,
                other => return self.error(catalog::unknown_reference_option(other, key.span)),
            };
            if slot.is_some() {
                return self.error(catalog::repeated_option(&key.name, key.span));
            }
            *slot = Some((action, value.span));
        }
        reference.span = start.to(self.prev_end);
        Ok(reference)
    }

    fn column(&mut self) -> PResult<ColumnDef> {
        let name = self.ident("a column name or a table directive")?;
        let ty = self.type_expr()?;
        let nullable = self.eat(&TokenKind::Question);
        let mut attrs = Vec::new();
        loop {
            let token = self.peek().clone();
            let TokenKind::Ident(word) = &token.kind else {
                break;
            };
            let start = token.span;
            let attr = match word.as_str() {
                kw::PRIMARY_KEY => {
                    self.bump();
                    ColumnAttr::PrimaryKey(start)
                }
                kw::UNIQUE => {
                    self.bump();
                    ColumnAttr::Unique(start)
                }
                kw::SENSITIVE => {
                    self.bump();
                    ColumnAttr::Sensitive(start)
                }
                kw::GLOBAL => {
                    self.bump();
                    ColumnAttr::Global(start)
                }
                kw::REFERENCES => {
                    self.bump();
                    ColumnAttr::References(self.reference(start, true)?)
                }
                kw::DEFAULT => {
                    self.bump();
                    ColumnAttr::Default(self.attribute_sql(start, "default")?)
                }
                kw::CHECK => {
                    self.bump();
                    ColumnAttr::Check(self.attribute_sql(start, "check")?)
                }
                kw::GENERATED => {
                    self.bump();
                    ColumnAttr::Generated(self.attribute_sql(start, "generated")?)
                }
                kw::ON_UPDATE => {
                    self.bump();
                    ColumnAttr::OnUpdate(self.attribute_sql(start, "on_update")?)
                }
                kw::RUST_TYPE => {
                    self.bump();
                    ColumnAttr::RustType(self.attribute_sql(start, "rust_type")?)
                }
                kw::RENAMED_FROM => {
                    self.bump();
                    self.expect(TokenKind::LParen, "`(`")?;
                    let old = self.ident("the column's previous name")?;
                    self.expect(TokenKind::RParen, "`)`")?;
                    ColumnAttr::RenamedFrom(old)
                }
                kw::IDENTITY => {
                    self.bump();
                    let mut kind = Identity::ByDefault;
                    if self.eat(&TokenKind::LParen) {
                        let which = self.ident("`always` or `by_default`")?;
                        kind = match which.name.as_str() {
                            kw::ALWAYS => Identity::Always,
                            kw::BY_DEFAULT => Identity::ByDefault,
                            _ => {
                                return self.error(catalog::unknown_identity_kind(
                                    &which.name,
                                    which.span,
                                ));
                            }
                        };
                        self.expect(TokenKind::RParen, "`)`")?;
                    }
                    ColumnAttr::Identity(kind, start.to(self.prev_end))
                }
                other => {
                    let other = other.to_string();
                    return self.error(catalog::unknown_column_attribute(&other, start));
                }
            };
            attrs.push(attr);
        }
        Ok(ColumnDef {
            name,
            ty,
            nullable,
            attrs,
        })
    }

    /// The `(sql)` of a column attribute, its full span starting at the keyword.
    fn attribute_sql(&mut self, keyword: Span, what: &str) -> PResult<Sql> {
        let mut sql = self.sql(what)?;
        sql.full = keyword.to(sql.full);
        Ok(sql)
    }

    fn type_expr(&mut self) -> PResult<TypeExpr> {
        let token = self.peek().clone();
        let (mut name, name_span) = match token.kind {
            TokenKind::Ident(name) | TokenKind::QuotedIdent(name) => {
                self.bump();
                (name, token.span)
            }
            TokenKind::Newline | TokenKind::Semi | TokenKind::RBrace | TokenKind::Eof => {
                return self.error(catalog::missing_type(self.prev_end));
            }
            _ => return self.unexpected("a column type"),
        };
        let mut name_span = name_span;
        if name == "double" && self.at_ident("precision") {
            name_span = name_span.to(self.bump().span);
            name = "double precision".to_string();
        }
        let mut args = Vec::new();
        if self.eat(&TokenKind::LParen) {
            loop {
                let token = self.peek().clone();
                match token.kind {
                    TokenKind::Int(n) => {
                        self.bump();
                        match u32::try_from(n) {
                            Ok(n) => args.push((n, token.span)),
                            Err(_) => return self.error(catalog::number_too_large(token.span)),
                        }
                    }
                    _ => return self.unexpected("a number"),
                }
                if self.eat(&TokenKind::Comma) {
                    continue;
                }
                self.expect(TokenKind::RParen, "`,` or `)`")?;
                break;
            }
        }
        let mut array_dims = 0;
        while self.eat(&TokenKind::Brackets) {
            array_dims += 1;
        }
        Ok(TypeExpr {
            name,
            name_span,
            args,
            array_dims,
            span: name_span.to(self.prev_end),
        })
    }
}

/// A body of several lines, whose first line (trimmed) was indented `first` columns, with
/// the indentation its lines share removed: the body as it reads in its own file.
fn dedent(text: &str, first: usize) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let shared = text
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(indent)
        .chain(std::iter::once(first))
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(line.get(shared.min(indent(line))..).unwrap_or(""));
        } else {
            out.extend(std::iter::repeat_n(' ', first - shared));
            out.push_str(line);
        }
    }
    out
}

fn trim_blank(mut lines: Vec<TriviaLine>) -> Vec<TriviaLine> {
    while lines.last() == Some(&TriviaLine::Blank) {
        lines.pop();
    }
    lines
}
