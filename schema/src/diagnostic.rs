//! Diagnostics: what is wrong, where, and how to fix it, rendered like rustc's (the layout
//! is the `annotate-snippets` crate's).

use std::fmt::Write as _;

use annotate_snippets::{Annotation, AnnotationKind, Group, Level, Renderer, Snippet};

use crate::span::{FileId, Sources, Span};

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
        self.render_with(sources, &renderer(false))
    }

    /// As [`render`](Diagnostic::render), in colour for a terminal (ANSI escapes): the
    /// same text with the heading, locations and marks coloured.
    pub fn render_colored(&self, sources: &Sources) -> String {
        self.render_with(sources, &renderer(true))
    }

    /// The layout is annotate-snippets': the heading, then each file's lines with their
    /// labels (the primary label's file first, with `-->`; another file, or a label too far
    /// along a long line to share its window, with `:::`), then the hint as a footer.
    fn render_with(&self, sources: &Sources, renderer: &Renderer) -> String {
        let message = one_line(&self.message);
        let mut parts: Vec<Part> = vec![Part::new(place(sources, &self.primary, true))];
        for label in &self.secondary {
            let placed = place(sources, label, false);
            match parts.iter_mut().find(|p| p.fits(sources, &placed)) {
                Some(part) => part.labels.push(placed),
                None => parts.push(Part::new(placed)),
            }
        }
        let shown: Vec<Shown> = parts.iter().map(|p| p.show(sources)).collect();
        let mut group = Level::ERROR
            .primary_title(message)
            .id(self.code)
            .elements(shown.iter().map(Shown::snippet));
        let hint = self.hint.as_deref().map(one_line);
        if let Some(hint) = &hint {
            group = group.element(Level::HELP.with_name(HINT).message(hint.as_str()));
        }
        let mut out = renderer.render(&[group]);
        out.push('\n');
        out
    }
}

/// `error: message` alone, styled as a diagnostic's heading: the summary after a list of
/// them, or a problem that has no place in a file.
pub(crate) fn heading(message: &str, renderer: &Renderer) -> String {
    let title = Level::ERROR.primary_title(clean(message));
    let mut out = renderer.render(&[Group::with_title(title)]);
    out.push('\n');
    out
}

/// The plain renderer, or the styled one for a terminal.
pub(crate) fn renderer(colored: bool) -> Renderer {
    if colored {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
}

/// The name of the footer that says how to fix a problem: `= hint: …`.
const HINT: &str = "hint";

/// A label as shown: its span clamped into one line of its file (a span on a line break,
/// past the end of the file or inside a character still renders), on character boundaries,
/// and marking at most [`MAX_MARKED`] columns.
struct Placed {
    file: FileId,
    /// The 1-based line the span starts on.
    line: usize,
    start: usize,
    end: usize,
    text: String,
    primary: bool,
}

fn place(sources: &Sources, label: &Label, primary: bool) -> Placed {
    let file = sources.file(label.span.file);
    let start = file.boundary(label.span.start as usize);
    let (line, _) = file.line_col(start);
    let end_of_text = file.line_start(line) + file.line_text(line).len();
    // Within the line's text, or empty where the span starts past it (on the line break).
    let end = file
        .boundary((label.span.end as usize).min(end_of_text))
        .max(start);
    let mut marked = 0;
    let end = file.text[start..end]
        .char_indices()
        .find(|&(_, c)| {
            marked += char_columns(c);
            marked > MAX_MARKED
        })
        .map_or(end, |(i, _)| start + i);
    Placed {
        file: label.span.file,
        line,
        start,
        end,
        text: one_line(&label.text),
        primary,
    }
}

impl Placed {
    /// The columns of the line before the span and up to its end, as a terminal shows them.
    fn columns(&self, sources: &Sources) -> (usize, usize) {
        let file = sources.file(self.file);
        let line_start = file.line_start(self.line).min(self.start);
        let before = columns(&file.text[line_start..self.start]);
        (before, before + columns(&file.text[self.start..self.end]))
    }

    /// Whether the span stands on the empty line after a file's last line break, a line
    /// annotate-snippets shows only in a source of its own.
    fn after_last_line(&self, sources: &Sources) -> bool {
        let text = &sources.file(self.file).text;
        self.start == text.len() && text.ends_with('\n')
    }
}

/// The labels shown with one excerpt of a file.
struct Part {
    labels: Vec<Placed>,
}

impl Part {
    fn new(first: Placed) -> Part {
        Part {
            labels: vec![first],
        }
    }

    /// Whether `label` can be shown in this excerpt: in its file, not on the span of a label
    /// already there (whose marks would hide its own), and either every line shown fits in
    /// [`MAX_MARKED`] columns or the labels do, so that a long line is shown as one window
    /// around its labels and never whole.
    fn fits(&self, sources: &Sources, label: &Placed) -> bool {
        let first = &self.labels[0];
        if first.file != label.file
            || first.after_last_line(sources) != label.after_last_line(sources)
            || self
                .labels
                .iter()
                .any(|l| (l.start, l.end) == (label.start, label.end))
        {
            return false;
        }
        let file = sources.file(label.file);
        let all = || self.labels.iter().chain(std::iter::once(label));
        if all().all(|l| columns(file.line_text(l.line)) <= MAX_MARKED) {
            return true;
        }
        let (from, to) = all()
            .map(|l| l.columns(sources))
            .fold((usize::MAX, 0), |(from, to), (a, b)| {
                (from.min(a), to.max(b))
            });
        to.saturating_sub(from) <= MAX_MARKED
    }

    /// The lines from the first label's to the last one's, with their line breaks (a span
    /// may start on one), C1 control characters replaced (annotate-snippets pictures the
    /// others), and the labels' offsets into that text.
    fn show(&self, sources: &Sources) -> Shown {
        let file = sources.file(self.labels[0].file);
        let first = self.labels.iter().map(|l| l.line).min().unwrap_or(1);
        let last = self.labels.iter().map(|l| l.line).max().unwrap_or(first);
        let from = file.line_start(first);
        let to = file.line_start(last) + file.line_text(last).len();
        // With the line break: the next line's start, or the end of the file.
        let to = file.text[to..]
            .find('\n')
            .map_or(file.text.len(), |i| to + i + 1);
        let mut text = String::with_capacity(to - from);
        // Where each replaced character was: a replacement is one byte longer.
        let mut replaced = Vec::new();
        for (i, c) in file.text[from..to].char_indices() {
            if ('\u{80}'..='\u{9f}').contains(&c) {
                replaced.push(from + i);
                text.push(REPLACEMENT);
            } else {
                text.push(c);
            }
        }
        let offset = |at: usize| at - from + replaced.partition_point(|&r| r < at);
        Shown {
            path: clean(&file.name),
            line: first,
            text,
            labels: self
                .labels
                .iter()
                .map(|l| {
                    let kind = if l.primary {
                        AnnotationKind::Primary
                    } else {
                        AnnotationKind::Context
                    };
                    (kind, offset(l.start)..offset(l.end), l.text.clone())
                })
                .collect(),
        }
    }
}

/// An excerpt ready for annotate-snippets, which borrows it.
struct Shown {
    path: String,
    /// The 1-based number of the excerpt's first line.
    line: usize,
    text: String,
    labels: Vec<(AnnotationKind, std::ops::Range<usize>, String)>,
}

impl Shown {
    fn snippet(&self) -> Snippet<'_, Annotation<'_>> {
        Snippet::source(self.text.as_str())
            .line_start(self.line)
            .path(self.path.as_str())
            .annotations(self.labels.iter().map(|(kind, range, text)| {
                let label = Some(text.as_str()).filter(|t| !t.is_empty());
                kind.span(range.clone()).label(label)
            }))
    }
}

/// Where a character a terminal must not be sent is shown.
const REPLACEMENT: char = '\u{fffd}';

/// How many columns a character of a source line takes on a terminal, as annotate-snippets
/// counts them: four for a tab, one for a control character (shown as its picture or `�`),
/// two for a wide character, none for a combining mark.
fn char_columns(c: char) -> usize {
    match c {
        '\t' => 4,
        c if c.is_control() || is_bidi_control(c) => 1,
        c => unicode_width::UnicodeWidthChar::width(c).unwrap_or(1),
    }
}

/// The bidirectional controls, which would reorder a line on a terminal.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn columns(s: &str) -> usize {
    s.chars().map(char_columns).sum()
}

/// A label marks at most this many columns. Labels on a line longer than this share an
/// excerpt only if they lie within this many columns of each other, so that annotate-snippets
/// shows such a line as a window around them (of its 140-column width), never whole.
const MAX_MARKED: usize = 120;

/// A message, label or hint is shown up to this many characters (a huge name in it is cut).
const MAX_TEXT_SHOWN: usize = 400;

/// A message, label or hint as shown: cut to [`MAX_TEXT_SHOWN`] characters with `…`, and
/// [`clean`].
fn one_line(text: &str) -> String {
    match text.char_indices().nth(MAX_TEXT_SHOWN) {
        None => clean(text),
        Some((cut, _)) => clean(&format!("{}…", &text[..cut])),
    }
}

/// `text` on one line and with no character that a terminal would act on (control characters
/// as their pictures, `␀`, `␛`, `␊`; C1 and bidirectional controls as `�`), since it may
/// quote a name from the schema.
fn clean(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\n' => '\u{240a}',
            '\u{80}'..='\u{9f}' => REPLACEMENT,
            c => c,
        })
        .collect();
    annotate_snippets::normalize_untrusted_str(&text)
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
        self.render_with(sources, &renderer(false))
    }

    /// As [`render`](Diagnostics::render), in colour for a terminal (see
    /// [`Diagnostic::render_colored`]).
    pub fn render_colored(&self, sources: &Sources) -> String {
        self.render_with(sources, &renderer(true))
    }

    fn render_with(&self, sources: &Sources, renderer: &Renderer) -> String {
        let mut out = String::new();
        for d in self.list.iter().take(Self::SHOWN) {
            out.push_str(&d.render_with(sources, renderer));
            out.push('\n');
        }
        let n = self.list.len();
        let mut summary = format!("the schema has {n} error{}", if n == 1 { "" } else { "s" });
        if n > Self::SHOWN {
            let _ = write!(summary, " (the first {} shown)", Self::SHOWN);
        }
        out.push_str(&heading(&summary, renderer));
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
    // Of two as close, the one that starts with the same letter: a typo seldom hits the
    // first (`uid` is `uuid` before it is `oid`).
    let first = name.chars().next();
    candidates
        .into_iter()
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance(name, c), c.chars().next() != first, c))
        .filter(|&(d, _, _)| d <= limit)
        .min()
        .map(|(_, _, c)| c)
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
        // to show: a window around it, cut with `...`, the caret under the `x`.
        let long = format!("table t {{ {}x }}", " ".repeat(70_000));
        let long_file = sources.add("long.forge", long.clone());
        let far = long.len() - 3;
        let rendered =
            Diagnostic::new("E0000", "m", Span::new(long_file, far, far + 1), "x").render(&sources);
        let lines: Vec<&str> = rendered.lines().collect();
        let (shown, caret) = (lines[3], lines[4]);
        assert!(
            shown.starts_with("1 | ...") && shown.ends_with("x }"),
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

    /// A tab is shown as four spaces, and the caret after it stands under its text.
    #[test]
    fn renders_caret_after_a_tab() {
        let mut sources = Sources::new();
        let file = sources.add("tab.forge", "table t {\n\tid uuidd\n}\n");
        let d = Diagnostic::new("E0000", "m", Span::new(file, 14, 19), "not a type");
        assert_eq!(
            d.render(&sources),
            "error[E0000]: m\n --> tab.forge:2:5\n  |\n2 |     id uuidd\n  |        ^^^^^ not a type\n"
        );
    }

    /// A secondary label in the primary's file is shown in the same excerpt, one in another
    /// file after it with that file's location; the hint comes last.
    #[test]
    fn renders_secondary_labels_in_the_same_and_another_file() {
        let mut sources = Sources::new();
        let a = sources.add(
            "a.forge",
            "table t {\n  id uuid\n  owner_id text references(u.id)\n}\n",
        );
        let b = sources.add("b.forge", "table u {\n  id uuid primary_key\n}\n");
        let d = Diagnostic::new("E0000", "m", Span::new(a, 31, 35), "`text` here")
            .with_secondary(Span::new(a, 0, 7), "in this table")
            .with_secondary(Span::new(b, 15, 19), "`uuid` here")
            .with_hint("declare `owner_id` as `uuid`");
        assert_eq!(
            d.render(&sources),
            concat!(
                "error[E0000]: m\n",
                " --> a.forge:3:12\n",
                "  |\n",
                "1 | table t {\n",
                "  | ------- in this table\n",
                "2 |   id uuid\n",
                "3 |   owner_id text references(u.id)\n",
                "  |            ^^^^ `text` here\n",
                "  |\n",
                " ::: b.forge:2:6\n",
                "  |\n",
                "2 |   id uuid primary_key\n",
                "  |      ---- `uuid` here\n",
                "  |\n",
                "  = hint: declare `owner_id` as `uuid`\n",
            )
        );
    }

    /// A secondary label on the very span of the primary is shown in an excerpt of its
    /// own, with its location, where its dashes are not hidden under the carets.
    #[test]
    fn renders_a_secondary_label_on_the_primary_span_apart() {
        let mut sources = Sources::new();
        let file = sources.add("a.forge", "table news {\n}\n");
        let d = Diagnostic::new("E0000", "m", Span::new(file, 6, 10), "this name")
            .with_secondary(Span::new(file, 6, 10), "and this one");
        assert_eq!(
            d.render(&sources),
            concat!(
                "error[E0000]: m\n",
                " --> a.forge:1:7\n",
                "  |\n",
                "1 | table news {\n",
                "  |       ^^^^ this name\n",
                "  |\n",
                " ::: a.forge:1:7\n",
                "  |\n",
                "1 | table news {\n",
                "  |       ---- and this one\n",
            )
        );
    }

    /// No character of a schema that a terminal would act on reaches it: in a source line,
    /// control characters are shown as their pictures and C1 controls (an 8-bit `CSI`) as
    /// `�`, one column each, so the caret after them stays under its text; in a message,
    /// label or hint, a line break too.
    #[test]
    fn renders_control_characters_as_pictures() {
        let mut sources = Sources::new();
        let file = sources.add("c.forge", "table \"\x1b[31m\u{9b}0m\" tex\n");
        let d = Diagnostic::new(
            "E0000",
            "bad \x1b[0m\nname",
            Span::new(file, 18, 21),
            "l\u{9b}",
        )
        .with_hint("h\u{7}\nint");
        let rendered = d.render(&sources);
        assert_eq!(
            rendered,
            concat!(
                "error[E0000]: bad ␛[0m␊name\n",
                " --> c.forge:1:18\n",
                "  |\n",
                "1 | table \"␛[31m�0m\" tex\n",
                "  |                  ^^^ l�\n",
                "  |\n",
                "  = hint: h␇␊int\n",
            )
        );
        assert!(!d.render_colored(&sources).contains(['\u{9b}', '\u{7}']));
    }

    /// A label at the very end of a file that ends with a line break, with another label
    /// in the same file: each is shown in its own excerpt, the first at the empty last line.
    #[test]
    fn renders_a_label_at_the_end_of_the_file() {
        let mut sources = Sources::new();
        let file = sources.add("eof.forge", "table t {\n  id uuid\n");
        let d = Diagnostic::new("E0000", "m", Span::new(file, 20, 20), "end")
            .with_secondary(Span::new(file, 0, 7), "opened here");
        assert_eq!(
            d.render(&sources),
            concat!(
                "error[E0000]: m\n",
                " --> eof.forge:3:1\n",
                "  |\n",
                "3 |\n",
                "  | ^ end\n",
                "  |\n",
                " ::: eof.forge:1:1\n",
                "  |\n",
                "1 | table t {\n",
                "  | ------- opened here\n",
            )
        );
    }

    /// Two labels far apart on a long line are each shown in a window of their own, and a
    /// label over most of the line marks a window's width, not the whole line.
    #[test]
    fn renders_far_labels_on_a_long_line_in_windows() {
        let mut sources = Sources::new();
        let long = format!("table t {{ a{}x }}\n", " ".repeat(100_000));
        let file = sources.add("long.forge", long.clone());
        let x = long.len() - 4;
        let column = |line: &str, c: char| line.chars().position(|x| x == c);
        let far = Diagnostic::new("E0000", "m", Span::new(file, x, x + 1), "x")
            .with_secondary(Span::new(file, 10, 11), "a");
        let rendered = far.render(&sources);
        assert!(
            rendered.len() < 1_000,
            "{} bytes:\n{rendered}",
            rendered.len()
        );
        assert!(
            rendered.contains(" --> long.forge:1:100012\n"),
            "{rendered}"
        );
        assert!(rendered.contains(" ::: long.forge:1:11\n"), "{rendered}");
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(column(lines[3], 'x'), column(lines[4], '^'), "{rendered}");
        let the_a = |line: &str| line.find("{ a").map(|i| i + 2);
        assert_eq!(the_a(lines[8]), column(lines[9], '-'), "{rendered}");
        let all = Diagnostic::new("E0000", "m", Span::new(file, 10, x + 1), "all of it");
        let rendered = all.render(&sources);
        assert!(
            rendered.len() < 1_000,
            "{} bytes:\n{rendered}",
            rendered.len()
        );
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(the_a(lines[3]), column(lines[4], '^'), "{rendered}");
        assert_eq!(lines[4].matches('^').count(), MAX_MARKED, "{rendered}");
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
        assert_eq!(did_you_mean("uid", ["oid", "uuid"]), Some("uuid"));
    }
}
