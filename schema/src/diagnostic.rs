//! Diagnostics: what is wrong, where, and how to fix it, rendered like rustc's.

use std::fmt::Write as _;

use crate::span::{Sources, Span};

/// One problem in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable code, e.g. `E0201`; see the catalog.
    pub code: &'static str,
    /// What is wrong, one line, e.g. ``unknown type `intger` ``.
    pub message: String,
    /// Where the problem is, with the text shown under the caret.
    pub primary: Label,
    /// Related places (e.g. the first definition of a duplicate).
    pub secondary: Vec<Label>,
    /// How to fix it, shown after `= hint:`.
    pub hint: Option<String>,
}

/// A place in the source and the short text shown under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The source range the carets (or, for a secondary label, dashes) mark.
    pub span: Span,
    /// The text beside the marks, e.g. `` `integer` here ``.
    pub text: String,
}

impl Diagnostic {
    /// A diagnostic with its code, message and primary label, and no secondary labels or
    /// hint yet. The [`catalog`](crate::catalog) makes every diagnostic the crate reports.
    pub fn new(
        code: &'static str,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            primary: Label {
                span,
                text: label.into(),
            },
            secondary: Vec::new(),
            hint: None,
        }
    }

    /// Adds a related place, e.g. where a duplicate was first defined.
    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Sets the hint, replacing any set before.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Where the problem is: the primary label's span, which sorting and the macros'
    /// `compile_error!` use.
    pub fn span(&self) -> Span {
        self.primary.span
    }

    /// Renders this diagnostic as plain text.
    pub fn render(&self, sources: &Sources) -> String {
        self.render_in(sources, Style::PLAIN)
    }

    /// As [`render`](Diagnostic::render), in colour for a terminal (ANSI escapes): the
    /// same text with the heading, locations and marks coloured as rustc colours them.
    pub fn render_colored(&self, sources: &Sources) -> String {
        self.render_in(sources, Style::COLOR)
    }

    fn render_in(&self, sources: &Sources, style: Style) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}error[{}]{}{}: {}{}",
            style.error,
            self.code,
            style.reset,
            style.bold,
            shorten(&self.message),
            style.reset
        );
        let width = std::iter::once(&self.primary)
            .chain(&self.secondary)
            .map(|l| {
                sources
                    .file(l.span.file)
                    .line_col(l.span.start as usize)
                    .0
                    .to_string()
                    .len()
            })
            .max()
            .unwrap_or(1);
        render_label(
            &mut out,
            sources,
            &self.primary,
            '^',
            "-->",
            width,
            style,
            true,
        );
        for label in &self.secondary {
            render_label(&mut out, sources, label, '-', ":::", width, style, false);
        }
        if let Some(hint) = &self.hint {
            let (b, r) = (style.frame, style.reset);
            let _ = writeln!(out, "{:width$} {b}|{r}", "");
            let _ = writeln!(
                out,
                "{:width$} {b}={r} {}hint{r}: {}",
                "",
                style.bold,
                shorten(hint)
            );
        }
        out
    }
}

/// The ANSI escapes of a rendering: all empty for plain text.
#[derive(Clone, Copy)]
struct Style {
    error: &'static str,
    bold: &'static str,
    frame: &'static str,
    secondary: &'static str,
    reset: &'static str,
}

impl Style {
    const PLAIN: Style = Style {
        error: "",
        bold: "",
        frame: "",
        secondary: "",
        reset: "",
    };
    const COLOR: Style = Style {
        error: "\x1b[1;31m",
        bold: "\x1b[1m",
        frame: "\x1b[1;34m",
        secondary: "\x1b[1;34m",
        reset: "\x1b[0m",
    };
}

#[allow(clippy::too_many_arguments)]
fn render_label(
    out: &mut String,
    sources: &Sources,
    label: &Label,
    mark: char,
    arrow: &str,
    width: usize,
    style: Style,
    primary: bool,
) {
    let (b, r) = (style.frame, style.reset);
    let file = sources.file(label.span.file);
    let start = file.boundary(label.span.start as usize);
    let (line, col) = file.line_col(start);
    let _ = writeln!(out, "{:width$}{b}{arrow}{r} {}:{line}:{col}", "", file.name);
    let text = file.line_text(line);
    let line_start = file.line_start(line);
    // Within the line as shown (a span may start on its `\r`, or past a short last line),
    // on character boundaries.
    let end_of_line = line_start + text.len();
    let start = start.clamp(line_start, end_of_line);
    // The caret runs to the span's end or the end of the line, at least one wide.
    let end = file.boundary((label.span.end as usize).clamp(start, end_of_line));
    let before = &file.text[line_start..start];
    let under = &file.text[start..end.max(start)];
    // A long line is shown as a window around the span, cut with `…`.
    let shown: Vec<char> = expand_tabs(text).chars().collect();
    let (mut from, mut len) = (display_width(before), display_width(under).max(1));
    let mut window = String::new();
    let first = if shown.len() <= MAX_LINE_SHOWN {
        0
    } else {
        from.saturating_sub(MAX_LINE_SHOWN / 3)
    };
    let last = (first + MAX_LINE_SHOWN).min(shown.len());
    if first > 0 {
        window.push('…');
    }
    window.extend(&shown[first.min(last)..last]);
    if last < shown.len() {
        window.push('…');
    }
    from = from - first + usize::from(first > 0);
    len = len.min((last + usize::from(first > 0)).saturating_sub(from).max(1));
    // The marks go under the columns the characters take on a terminal (two for a wide
    // one, none for a combining mark). Padding written out, not as a format width: widths
    // are limited to 16 bits.
    let window_chars: Vec<char> = window.chars().collect();
    let columns = |chars: &[char]| -> usize { chars.iter().map(|c| char_columns(*c)).sum() };
    let from_chars = from.min(window_chars.len());
    let under_chars = &window_chars[from_chars..(from_chars + len).min(window_chars.len())];
    let pad = " ".repeat(columns(&window_chars[..from_chars]));
    let len = columns(under_chars).max(1);
    let _ = writeln!(out, "{:width$} {b}|{r}", "");
    let _ = writeln!(out, "{b}{line:>width$} |{r} {window}");
    let marks: String = std::iter::repeat_n(mark, len).collect();
    let sep = if label.text.is_empty() { "" } else { " " };
    let color = if primary {
        style.error
    } else {
        style.secondary
    };
    let _ = writeln!(
        out,
        "{:width$} {b}|{r} {pad}{color}{marks}{sep}{}{r}",
        "",
        shorten(&label.text)
    );
}

/// How many terminal columns a character of a shown line takes.
fn char_columns(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(1)
}

/// A source line is shown up to this many characters; a longer one as a window of this
/// many around the span.
const MAX_LINE_SHOWN: usize = 120;

/// A message, label or hint is shown up to this many characters (a huge name in it is cut).
const MAX_TEXT_SHOWN: usize = 400;

/// `text`, cut to [`MAX_TEXT_SHOWN`] characters with `…`.
fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_TEXT_SHOWN) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// A source line as shown: tabs expanded, and control characters as their pictures
/// (`␀`, `␛`) and bidirectional controls as `�`, one column each, so that the caret stays
/// under its character and no escape sequence in a schema reaches the terminal.
fn expand_tabs(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('?')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push('\u{fffd}'),
            // Bidirectional overrides would reorder the line on the terminal.
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum()
}

/// Every problem found in a schema, sorted by position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No diagnostics yet.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Reports one more problem. The order is fixed later, by [`Diagnostics::sort`].
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.list.push(diagnostic);
    }

    /// Reports every problem of `other` too.
    pub fn extend(&mut self, other: Diagnostics) {
        self.list.extend(other.list);
    }

    /// Whether nothing was reported.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many problems were reported.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The problems, in the order reported, or by position once [`Diagnostics::sort`] (which
    /// [`Diagnostics::into_result`] calls) has run.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.list.iter()
    }

    /// Sorts by file and position and drops exact duplicates, so output is stable.
    pub fn sort(&mut self) {
        self.list
            .sort_by(|a, b| (a.span(), a.code, &a.message).cmp(&(b.span(), b.code, &b.message)));
        self.list.dedup();
    }

    /// `Ok(value)` if nothing was reported.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            self.sort();
            Err(self)
        }
    }

    /// Checks what rendering relies on: every label of every diagnostic lies within its
    /// file, on character boundaries. The error names the first that does not.
    pub fn check_located(&self, sources: &Sources) -> Result<(), String> {
        let files = sources.files().count();
        for d in &self.list {
            for label in std::iter::once(&d.primary).chain(&d.secondary) {
                let span = label.span;
                if span.file.0 as usize >= files {
                    return Err(format!("{}: span in unknown file {:?}", d.code, span.file));
                }
                let text = &sources.file(span.file).text;
                let (start, end) = (span.start as usize, span.end as usize);
                if start > end || end > text.len() {
                    return Err(format!(
                        "{}: span {start}..{end} outside its file of {} bytes",
                        d.code,
                        text.len()
                    ));
                }
                if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                    return Err(format!(
                        "{}: span {start}..{end} splits a character",
                        d.code
                    ));
                }
            }
        }
        Ok(())
    }

    /// The first [`Diagnostics::SHOWN`] diagnostics rendered (in order: a cascade from one
    /// mistake comes after it), then a summary line that counts them all. A mangled file
    /// yields a screen of errors and a count, not megabytes of them.
    pub fn render(&self, sources: &Sources) -> String {
        self.render_in(sources, Style::PLAIN)
    }

    /// As [`render`](Diagnostics::render), in colour for a terminal (see
    /// [`Diagnostic::render_colored`]).
    pub fn render_colored(&self, sources: &Sources) -> String {
        self.render_in(sources, Style::COLOR)
    }

    fn render_in(&self, sources: &Sources, style: Style) -> String {
        let mut out = String::new();
        for d in self.list.iter().take(Self::SHOWN) {
            out.push_str(&d.render_in(sources, style));
            out.push('\n');
        }
        let n = self.list.len();
        let _ = write!(
            out,
            "error: the schema has {n} error{}",
            if n == 1 { "" } else { "s" }
        );
        if n > Self::SHOWN {
            let _ = write!(out, " (the first {} shown)", Self::SHOWN);
        }
        out.push('\n');
        out
    }

    /// How many diagnostics [`render`](Diagnostics::render) shows.
    pub const SHOWN: usize = 50;
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

/// The closest of `candidates` to `name`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let len = name.chars().count();
    // No name longer than Postgres allows is a typo of one; and a candidate whose length
    // differs by more than the limit is too far, whatever its letters (this keeps a huge
    // name or a long candidate list cheap).
    if len > 2 * crate::keyword::MAX_IDENTIFIER_BYTES {
        return None;
    }
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of two neighbouring characters as one edit, the most
/// common typo (`jsnob` for `jsonb`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2, i-1 and i of the table.
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            if i > 0 && j > 0 && ca == b[j - 1] && a[i - 1] == cb {
                d = d.min(before[j - 1] + 1);
            }
            cur.push(d);
        }
        before = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_span() {
        let mut sources = Sources::new();
        let file = sources.add("a.forge", "table t {\n  id uuidd\n}\n");
        let d = Diagnostic::new(
            "E0000",
            "unknown type `uuidd`",
            Span::new(file, 15, 20),
            "not a type",
        )
        .with_hint("did you mean `uuid`?");
        assert_eq!(
            d.render(&sources),
            "error[E0000]: unknown type `uuidd`\n --> a.forge:2:6\n  |\n2 |   id uuidd\n  |      ^^^^^ not a type\n  |\n  = hint: did you mean `uuid`?\n"
        );
    }

    /// Spans that do not sit neatly inside a line: they render (clamped to the line) rather
    /// than panic.
    #[test]
    fn renders_spans_at_line_breaks_long_lines_and_inside_characters() {
        let mut sources = Sources::new();
        // A span on the line break of a CRLF line, and one reaching past the end of the file.
        let crlf = sources.add("crlf.forge", "table t {\r\n  id uuid\r\n}");
        let at_cr = Diagnostic::new("E0000", "m", Span::new(crlf, 10, 11), "here");
        assert!(
            at_cr
                .render(&sources)
                .contains("1 | table t {\n  |          ^ here")
        );
        let past = Diagnostic::new("E0000", "m", Span::new(crlf, 25, 40), "end");
        assert!(past.render(&sources).contains("3 | }"));
        // A caret further right than a format width may reach (16 bits), on a line too long
        // to show: a window around it, cut with `…`, the caret under the `x`.
        let long = format!("table t {{ {}x }}", " ".repeat(70_000));
        let long_file = sources.add("long.forge", long.clone());
        let far = long.len() - 3;
        let rendered =
            Diagnostic::new("E0000", "m", Span::new(long_file, far, far + 1), "x").render(&sources);
        let lines: Vec<&str> = rendered.lines().collect();
        let (shown, caret) = (lines[3], lines[4]);
        assert!(
            shown.starts_with("1 | …") && shown.ends_with("x }"),
            "{rendered}"
        );
        let column = |line: &str, c: char| line.chars().position(|x| x == c);
        assert_eq!(column(shown, 'x'), column(caret, '^'), "{rendered}");
        assert!(rendered.len() < 400, "{} bytes", rendered.len());
        // A huge name in a message is cut too.
        let name = "a".repeat(10_000);
        let loud = Diagnostic::new(
            "E0000",
            format!("unknown `{name}`"),
            Span::new(long_file, 0, 1),
            "",
        );
        assert!(loud.render(&sources).len() < 1_000);
        // A span starting inside a multi-byte character.
        let wide = sources.add("wide.forge", "table \u{e9}t\u{e9} {\n}\n");
        let inside = Diagnostic::new("E0000", "m", Span::new(wide, 7, 9), "in");
        assert!(inside.render(&sources).contains("wide.forge:1:7"));
    }

    #[test]
    fn check_located_names_a_label_outside_its_file_or_inside_a_character() {
        let mut sources = Sources::new();
        let file = sources.add("a.forge", "é\n");
        let at = |start, end| {
            let mut list = Diagnostics::new();
            list.push(Diagnostic::new(
                "E0000",
                "m",
                Span::new(file, start, end),
                "l",
            ));
            list.check_located(&sources)
        };
        assert_eq!(at(0, 2), Ok(()));
        assert!(at(0, 9).is_err_and(|e| e.contains("outside")));
        assert!(at(1, 2).is_err_and(|e| e.contains("splits a character")));
    }

    #[test]
    fn renders_at_most_the_first_fifty() {
        let mut sources = Sources::new();
        let text = "x\n".repeat(200);
        let file = sources.add("many.forge", text);
        let mut all = Diagnostics::new();
        for i in 0..120 {
            all.push(Diagnostic::new(
                "E0000",
                "m",
                Span::new(file, 2 * i, 2 * i + 1),
                "here",
            ));
        }
        all.sort();
        let out = all.render(&sources);
        assert_eq!(out.matches("error[E0000]").count(), Diagnostics::SHOWN);
        assert!(out.contains("many.forge:50:1") && !out.contains("many.forge:51:1"));
        assert!(
            out.ends_with("error: the schema has 120 errors (the first 50 shown)\n"),
            "{out}"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("uuidd", ["uuid", "text"]), Some("uuid"));
        assert_eq!(did_you_mean("xyz", ["uuid", "text"]), None);
        assert_eq!(did_you_mean("jsnob", ["json", "jsonb"]), Some("jsonb"));
    }
}
