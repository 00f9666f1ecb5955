//! Between token spans and the schema crate's byte spans.
//!
//! The schema crate's checks report [`Span`]s. In a derive there is no text to point into,
//! so each recorded token span gets a number, used as a "byte offset" that maps back to the
//! token for `compile_error!`. Reading a file (the CLI), spans are real byte offsets into
//! its text, so diagnostics render with the file's lines like a schema file's.

use proc_macro2::{Span as TokenSpan, TokenStream};
use quote::ToTokens;
use schemaforge_schema::{FileId, Span};

/// Turns token spans into schema spans, and (in a derive) back.
pub struct SpanMap {
    file: FileId,
    kind: Kind,
}

enum Kind {
    /// Derive: schema spans are indexes into this list.
    Tokens(Vec<TokenSpan>),
    /// A source file: byte offset of each line's start, and the text.
    Text {
        line_starts: Vec<usize>,
        text: String,
    },
}

impl SpanMap {
    /// For tokens handed to a derive.
    pub fn tokens(file: FileId) -> SpanMap {
        SpanMap {
            file,
            kind: Kind::Tokens(Vec::new()),
        }
    }

    /// For tokens parsed from `text`, the file `file` of a [`schemaforge_schema::Sources`].
    pub fn text(file: FileId, text: &str) -> SpanMap {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SpanMap {
            file,
            kind: Kind::Text {
                line_starts,
                text: text.to_string(),
            },
        }
    }

    /// The span of one token.
    pub fn span(&mut self, span: TokenSpan) -> Span {
        self.range(span, span)
    }

    /// The span from the start of `first` to the end of `last`.
    pub fn range(&mut self, first: TokenSpan, last: TokenSpan) -> Span {
        match &mut self.kind {
            Kind::Tokens(list) => {
                let start = list.len();
                list.push(first);
                list.push(last);
                Span::new(self.file, start, start + 2)
            }
            Kind::Text { line_starts, text } => {
                let offset = |at: proc_macro2::LineColumn| {
                    let Some(&line_start) = line_starts.get(at.line.saturating_sub(1)) else {
                        return text.len();
                    };
                    let line = &text[line_start..];
                    line_start
                        + line
                            .char_indices()
                            .nth(at.column)
                            .map_or(line.len(), |(i, _)| i)
                };
                let start = offset(first.start());
                let end = offset(last.end()).max(start);
                Span::new(self.file, start, end)
            }
        }
    }

    /// The span of everything `tokens` covers.
    pub fn spanned(&mut self, tokens: &dyn ToTokens) -> Span {
        let stream: TokenStream = tokens.to_token_stream();
        let mut iter = stream.into_iter();
        let Some(first) = iter.next() else {
            return self.span(TokenSpan::call_site());
        };
        let last = iter.last().unwrap_or_else(|| first.clone());
        self.range(first.span(), last.span())
    }

    /// The first and last token of a span made in a derive, for `syn::Error::new_spanned`;
    /// the call site for anything else (a span of another file: a stub of the derive).
    pub fn tokens_of(&self, span: Span) -> (TokenSpan, TokenSpan) {
        match &self.kind {
            Kind::Tokens(list) if span.file == self.file => {
                let first = list.get(span.start as usize).copied();
                let last = list.get((span.end as usize).saturating_sub(1)).copied();
                match (first, last) {
                    (Some(a), Some(b)) => (a, b),
                    _ => (TokenSpan::call_site(), TokenSpan::call_site()),
                }
            }
            _ => (TokenSpan::call_site(), TokenSpan::call_site()),
        }
    }
}
