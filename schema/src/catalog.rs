//! Every diagnostic the schema crate reports: what is wrong, the label under the caret,
//! and a hint. Codes are stable; `E01xx` are syntax errors, `E02xx` resolution and checks.

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::keyword as kw;
use crate::lexer::{Token, TokenKind};
use crate::span::Span;

fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    did_you_mean(name, candidates).map(|c| format!("did you mean `{c}`?"))
}

// ---- syntax ----------------------------------------------------------------------------

/// E0101: `c` at `span` starts no token of the language (a `#` or `-` gets a hint about
/// `//` comments).
pub fn unexpected_char(c: char, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0101",
        format!("unexpected character `{c}`"),
        span,
        "not part of the schema language",
    );
    if c == '#' || c == '-' {
        return d.with_hint("comments start with `//`");
    }
    if c == '/' || c == '*' {
        return d.with_hint("comments start with `//`; `/* … */` is SQL's, inside `(…)` only");
    }
    d.with_hint(
        "identifiers are letters, digits and `_`; SQL goes inside `default(…)`, `check(…)` and the like",
    )
}

/// The code of [`unterminated_quote`], which the parser recognizes.
pub const UNTERMINATED_QUOTE: &str = "E0102";

/// E0102: a quoted identifier (`quote` is `"`) or string (`'`) that the line ends inside.
pub fn unterminated_quote(quote: char, span: Span) -> Diagnostic {
    let what = if quote == '"' {
        "quoted identifier"
    } else {
        "string"
    };
    Diagnostic::new(
        UNTERMINATED_QUOTE,
        format!("unterminated {what}"),
        span,
        format!("this {what} has no closing {quote}"),
    )
    .with_hint(format!(
        "close it with {quote} (write {quote}{quote} for a {quote} inside)"
    ))
}

/// E0103: a type argument such as `varchar(n)`'s that does not fit in a `u32`.
pub fn number_too_large(span: Span) -> Diagnostic {
    Diagnostic::new("E0103", "number too large", span, "does not fit in 32 bits")
        .with_hint("type arguments are small numbers, e.g. `varchar(255)` or `numeric(12, 2)`")
}

/// E0104: the `(` at `open` of a SQL expression is never closed.
pub fn unclosed_paren(open: Span) -> Diagnostic {
    Diagnostic::new(
        "E0104",
        "unclosed `(`",
        open,
        "this parenthesis is never closed",
    )
    .with_hint("check the quotes and parentheses of the SQL inside")
}

/// E0130: a `/*` comment in SQL (at `comment`) that is never closed, which swallows the
/// rest of the file, the `)` of the `(` at `open` with it.
pub fn unclosed_block_comment(comment: Span, open: Span) -> Diagnostic {
    Diagnostic::new(
        "E0130",
        "unclosed `/*` comment",
        comment,
        "this comment is never closed",
    )
    .with_secondary(open, "in the SQL that starts here")
    .with_hint("close it with `*/`; Postgres's block comments nest, so each `/*` needs its own")
}

/// E0105: `token` where the grammar wants `expected` (a phrase such as ``"`{`"``), with a
/// hint when the token is a directive keyword used as a column name or a premature line end.
pub fn unexpected_token(token: &Token, expected: &str) -> Diagnostic {
    let found = token.kind.describe();
    let hint = match &token.kind {
        TokenKind::Ident(w) if kw::DIRECTIVES.contains(&w.as_str()) => Some(format!(
            "`{w}` starts a table directive; to use it as a column name, quote it: \"{w}\""
        )),
        TokenKind::Newline | TokenKind::Eof => {
            Some("a member ends at the end of its line".to_string())
        }
        _ if expected == "`{`" => {
            Some("the body of a table or enum goes between braces: `table users { … }`".to_string())
        }
        _ => None,
    };
    let d = Diagnostic::new(
        "E0105",
        format!("expected {expected}, found {found}"),
        token.span,
        format!("expected {expected}"),
    );
    match hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// E0106: an empty name, such as the enum value `''`.
pub fn empty_identifier(span: Span) -> Diagnostic {
    Diagnostic::new("E0106", "empty name", span, "a name cannot be empty")
}

/// E0107: `what(…)` (e.g. `default`) with nothing between the parentheses.
pub fn empty_sql(what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0107",
        format!("empty `{what}(…)`"),
        span,
        "expected a SQL expression inside",
    )
}

/// E0108: a doc comment at `span` that no enum, enum value, table or column follows.
pub fn dangling_doc(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0108",
        "doc comment documents nothing",
        span,
        "no enum, table or column follows",
    )
    .with_hint("use `//` for a plain comment")
}

/// `what` is `table` or `enum`; `next` is where the next item starts, if one does.
pub fn unclosed_brace(what: &str, name: Span, next: Option<Span>) -> Diagnostic {
    let d = Diagnostic::new(
        "E0109",
        "unclosed `{`",
        name,
        format!("the body of this {what} is never closed"),
    );
    let d = match next {
        Some(next) => d.with_secondary(next, "the next item starts here"),
        None => d,
    };
    d.with_hint(if what == kw::TABLE {
        "add `}` after the last member"
    } else {
        "add `}` after the last value"
    })
}

/// E0110: `word` after a column's type is no column attribute; the hint names the
/// attribute meant (for spellings of other tools, such as `not_null`) or the closest one.
pub fn unknown_column_attribute(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0110",
        format!("unknown column attribute `{word}`"),
        span,
        "not a column attribute",
    );
    if let Some((_, hint)) = kw::ATTRIBUTE_ALIASES
        .iter()
        .find(|(alias, _)| *alias == word)
    {
        return d.with_hint(*hint);
    }
    match suggest(word, kw::COLUMN_ATTRIBUTES.iter().copied()) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(format!(
            "column attributes are: {}",
            kw::COLUMN_ATTRIBUTES.join(", ")
        )),
    }
}

/// E0111: the option `word` (`on_delete`, `on_update`) given twice in one `references(…)`.
pub fn repeated_option(word: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0111",
        format!("`{word}` is given twice"),
        span,
        "repeated here",
    )
    .with_hint("remove one of them")
}

/// E0112: `word` after an index's elements is not `unique`, `using` or `where`.
pub fn unknown_index_option(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0112",
        format!("unknown index option `{word}`"),
        span,
        "not an index option",
    );
    if word == kw::ASC || word == kw::DESC {
        return d.with_hint(format!(
            "the sort order belongs to a column, inside the parentheses: `index (created_at {word})`"
        ));
    }
    d.with_hint(
        "after the columns an index takes `unique`, `nulls_not_distinct`, `using <method>`, \
         `include (<columns>)` and `where (<predicate>)`",
    )
}

/// E0113: `word` is not a referential action (`cascade`, `restrict`, `set_null`,
/// `set_default`, `no_action`).
pub fn unknown_action(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0113",
        format!("unknown referential action `{word}`"),
        span,
        "not an action",
    );
    match suggest(word, kw::ACTIONS.iter().copied()) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(format!("actions are: {}", kw::ACTIONS.join(", "))),
    }
}

/// E0114: `word` in `references(…)` is neither `on_delete` nor `on_update`.
pub fn unknown_reference_option(word: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0114",
        format!("unknown option `{word}` in `references(…)`"),
        span,
        "not an option",
    )
    .with_hint("the options are `on_delete: <action>` and `on_update: <action>`")
}

/// `target` is the `table.column` to write instead, when the list has one column.
pub fn column_reference_list(span: Span, target: Option<String>) -> Diagnostic {
    let d = Diagnostic::new(
        "E0115",
        "a column references one column",
        span,
        "a column list",
    );
    match target {
        Some(t) => d.with_hint(format!("write `references({t})`")),
        None => d.with_hint("write `references(table.column)`; for a composite key use the table directive `foreign_key (a, b) references(table(x, y))`"),
    }
}

/// E0116: `identity(word)` where `word` is neither `always` nor `by_default`.
pub fn unknown_identity_kind(word: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0116",
        format!("unknown identity kind `{word}`"),
        span,
        "expected `always` or `by_default`",
    )
}

/// E0117: a column name with no type after it.
pub fn missing_type(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0117",
        "column has no type",
        span,
        "expected a type after the column name",
    )
    .with_hint("write the column as `name type`, e.g. `title text`")
}

/// E0118: a column named after the directive keyword `word` (with type `ty`), which must be
/// quoted to be a column.
pub fn directive_as_column(word: &str, ty: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0118",
        format!("`{word}` is a table directive, not a column name"),
        span,
        "a directive keyword",
    )
    .with_hint(format!(
        "to name a column `{word}`, quote it: `\"{word}\" {ty}`"
    ))
}

/// E0119: the control or bidirectional character `c` inside `inside` (a doc comment, a
/// quoted identifier, a string or SQL), which Postgres or rustdoc cannot take or which makes
/// text read other than it is.
pub fn control_character(c: char, inside: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0119",
        format!(
            "{} U+{:04X} in {inside}",
            if c.is_control() {
                "control character"
            } else {
                "bidirectional control"
            },
            u32::from(c)
        ),
        span,
        "an invisible character",
    )
    .with_hint(
        "remove it: Postgres cannot store NUL, and names, strings, doc comments and SQL \
         carry no control characters but tab (nor bidirectional overrides, which make text \
         read other than it is)",
    )
}

/// E0120: `""`, a quoted identifier with nothing inside.
pub fn empty_quoted_identifier(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0120",
        "empty quoted identifier",
        span,
        "a name needs at least one character",
    )
    .with_hint("Postgres refuses a zero-length name; write the name between the quotes")
}

/// A `//!` line after the top of its file.
pub fn misplaced_file_doc(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0121",
        "`//!` documents a file or a group of items, not part of an item",
        span,
        "inside an enum or a table",
    )
    .with_hint(
        "write `//!` lines at the top of the file, or between items to start a group; use \
         `///` for the value or member that follows, or `//` for a plain comment",
    )
}

/// A `//!` block between items that does not begin with its group's title.
pub fn group_without_heading(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0122",
        "a group's `//!` docs begin with its title",
        span,
        "no `# ` heading first",
    )
    .with_hint(
        "`//!` lines between items start a group of the items that follow, titled by its first \
         line: write it as a Markdown heading (`//! # Billing`)",
    )
}

/// A `//!` block between items with no item after it.
pub fn group_without_items(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0123",
        "a group's `//!` docs come before its items",
        span,
        "no enum or table follows",
    )
    .with_hint(
        "`//!` lines between items start a group of the items that follow; move them before \
         the group's first enum or table, or remove them",
    )
}

/// The code of the Rust name collisions the generator reports.
pub const RUST_NAME_COLLISION: &str = "E0270";

/// E0270: two schema names at `first` and `span` that become one Rust name; `message`
/// says which names and what they become.
pub fn rust_name_collision(message: String, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(RUST_NAME_COLLISION, message, span, "this name")
        .with_secondary(first, "and this one")
        .with_hint(
            "Rust names come from schema names by case conversion, and keywords get `r#` or a \
             trailing `_`; rename one (with `renamed_from` to keep its data)",
        )
}

/// E0270: the items `first` and `second` (described, e.g. "table `event`") both generate
/// the Rust types `names`. `span` is the second's, `first_span` the first's; they are the
/// same when one item clashes with itself.
pub fn rust_type_collision(
    first: &str,
    second: &str,
    names: &[&str],
    span: Span,
    first_span: Span,
) -> Diagnostic {
    let list = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let types = if names.len() == 1 { "type" } else { "types" };
    let d = Diagnostic::new(
        RUST_NAME_COLLISION,
        format!("{first} and {second} both generate the Rust {types} {list}"),
        span,
        format!("generates {list}"),
    );
    // One item may clash with itself (a table `x_patch` beside `x`'s `XPatch`).
    let d = if first_span == span {
        d
    } else {
        d.with_secondary(first_span, format!("also generates {list}"))
    };
    d.with_hint(
        "rename one in the schema, or give it another Rust name with `Builder::type_name` \
         in build.rs",
    )
}

// ---- names and types --------------------------------------------------------------------

/// E0201: the column type `name` is neither a supported Postgres type nor one of `enums`; the
/// hint names the type meant (`int` → `integer`) or the closest one.
pub fn unknown_type<'a>(
    name: &str,
    span: Span,
    enums: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0201",
        format!("unknown type `{name}`"),
        span,
        "not a supported Postgres type or an enum of this schema",
    );
    if let Some((_, real)) = kw::TYPE_ALIASES.iter().find(|(alias, _)| *alias == name) {
        return d.with_hint(format!("write `{real}`"));
    }
    let candidates: Vec<&str> = kw::TYPES.iter().copied().chain(enums).collect();
    match suggest(name, candidates) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(
            "see docs/language.md for the supported types; enums are declared with `enum`",
        ),
    }
}

/// E0202: the arguments of `ty` (e.g. `varchar(0)`) are out of range; `why` is the label
/// and `hint` the hint.
pub fn bad_type_arguments(ty: &str, span: Span, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0202",
        format!("invalid arguments for `{ty}`"),
        span,
        why.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0202: `element` with `dims` pairs of `[]`; the language has one-dimensional arrays only.
pub fn multidimensional_array(element: &str, dims: u32, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0202",
        "multi-dimensional arrays are not supported",
        span,
        format!("a {dims}-dimensional array"),
    )
    .with_hint(format!("use `{element}[]`, or `jsonb` for nested data"))
}

/// A name defined twice at `first` and `span`, reported with `code` as "`what` `name` is
/// defined more than once".
pub fn duplicate(
    code: &'static str,
    what: &str,
    name: &str,
    span: Span,
    first: Span,
) -> Diagnostic {
    Diagnostic::new(
        code,
        format!("{what} `{name}` is defined more than once"),
        span,
        "defined again here",
    )
    .with_secondary(first, "first defined here")
    .with_hint("rename or remove one of them")
}

/// E0203: two tables named `name`.
pub fn duplicate_table(name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0203", "table", name, span, first)
}

/// E0125: an extension neither Postgres 15 ships nor schemaforge knows of.
pub fn unknown_extension(name: &str, span: Span, close: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(
        "E0125",
        format!("unknown extension `{name}`"),
        span,
        "not an extension of Postgres 15, nor a known one installed apart",
    );
    match close {
        Some(close) => d.with_hint(format!("did you mean `{close}`?")),
        None => d.with_hint(
            "schemaforge knows the extensions Postgres 15 ships and the common ones installed \
             apart (PostGIS, pgvector, TimescaleDB, Citus, …; docs/language.md lists them)",
        ),
    }
}

/// E0126: an index element's operator class that Postgres would refuse.
pub fn bad_operator_class(span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0126",
        "this operator class cannot index the element",
        span,
        label.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0127: `word` between a function's language and `as` is not one of its options.
pub fn unknown_function_option(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0127",
        format!("unknown function option `{word}`"),
        span,
        "not a function option",
    );
    let hint = suggest(word, kw::FUNCTION_OPTIONS.iter().copied()).unwrap_or_else(|| {
        "a function takes `immutable`, `stable` or `volatile`, `strict` and \
         `security_definer`, then `as (…)` with its body"
            .to_string()
    });
    d.with_hint(hint)
}

/// E0128: a trigger event that is not `insert`, `update`, `delete` or `truncate`.
pub fn unknown_trigger_event(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0128",
        format!("unknown trigger event `{word}`"),
        span,
        "not an event",
    );
    let hint = suggest(word, kw::TRIGGER_EVENTS.iter().copied()).unwrap_or_else(|| {
        "a trigger fires on `insert`, `update` (or `update(columns)`), `delete` and `truncate`"
            .to_string()
    });
    d.with_hint(hint)
}

/// E0129: `word` in a policy is not one of its clauses.
pub fn unknown_policy_option(word: &str, span: Span) -> Diagnostic {
    let clauses = [kw::RESTRICTIVE, kw::FOR, kw::TO, kw::USING, kw::WITH_CHECK];
    let d = Diagnostic::new(
        "E0129",
        format!("unknown policy clause `{word}`"),
        span,
        "not a policy clause",
    );
    let close = match word {
        "check" | "with" => Some(format!("did you mean `{}`?", kw::WITH_CHECK)),
        _ => suggest(word, clauses),
    };
    let hint = close.unwrap_or_else(|| {
        "a policy takes `restrictive`, `for <command>`, `to(<roles>)`, `using(…)` and \
         `with_check(…)`"
            .to_string()
    });
    d.with_hint(hint)
}

/// E0275: a function declared twice (the language has no overloading).
pub fn duplicate_function(name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0275", "function", name, span, first)
        .with_hint("functions are told apart by name alone: rename one of them")
}

/// E0276: a function's language that Postgres 15 has not and no declared extension adds.
pub fn unknown_language(name: &str, span: Span, extensions: &[&str]) -> Diagnostic {
    let known = ["sql", "plpgsql"];
    let d = Diagnostic::new(
        "E0276",
        format!("unknown function language `{name}`"),
        span,
        "not a language the database has",
    );
    let hint = suggest(
        name,
        known.iter().copied().chain(extensions.iter().copied()),
    )
    .unwrap_or_else(|| {
        "Postgres has `sql` and `plpgsql`; another language comes from its extension, \
             which the schema must declare (`extension plv8`)"
            .to_string()
    });
    d.with_hint(hint)
}

/// E0277: a trigger or policy name used twice on one table.
pub fn duplicate_table_object(what: &str, name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0277", what, name, span, first)
        .with_hint(format!("a {what}'s name must be unique within its table"))
}

/// E0278: a trigger whose `execute(…)` is not a call of a trigger function.
pub fn bad_trigger_function(span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0278",
        "this cannot be a trigger's function",
        span,
        label.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0279: a trigger Postgres refuses for its events and level.
pub fn bad_trigger(span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0279",
        "Postgres cannot create this trigger",
        span,
        label.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0280: a policy Postgres refuses, or one that would weaken the tenant's.
pub fn bad_policy(span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0280",
        "Postgres cannot create this policy",
        span,
        label.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0281: a function given two volatilities.
pub fn conflicting_volatility(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0281",
        "a function has one volatility",
        span,
        "a second one here",
    )
    .with_secondary(first, "the first")
    .with_hint("keep one of `immutable`, `stable` and `volatile`")
}

/// E0282: a view declared twice, or named like a table or a type, whose names Postgres
/// keeps in one namespace with views.
pub fn view_name_clash(name: &str, span: Span, other: Span) -> Diagnostic {
    Diagnostic::new(
        "E0282",
        format!("the view `{name}` has the name of a table or type"),
        span,
        "named again here",
    )
    .with_secondary(other, "declared here")
    .with_hint("tables, views and types share one namespace in Postgres: rename the view")
}

/// E0283: the tenant column `column` is of type `ty`, but the tenant root's key `key`
/// (`root.column`) is `key_ty`: a foreign key may join the two, but the scope binds the
/// tenant's id, of the key's type, into every statement on the column.
pub fn tenant_column_type(
    column: &str,
    ty: &str,
    key: &str,
    key_ty: &str,
    span: Span,
    key_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0283",
        format!("tenant column `{column}` is `{ty}`, but the tenant root's key `{key}` is `{key_ty}`"),
        span,
        format!("`{ty}` here"),
    )
    .with_secondary(key_span, format!("`{key_ty}` here"))
    .with_hint(format!("declare `{column}` as `{key_ty}`: the scope writes the tenant's id into it on every insert and compares it on every read"))
}

/// E0284: a serial type (`serial`, `bigserial`, `smallserial`) where Postgres has none: in
/// an array, or on a nullable column; `why` is the label and `hint` the hint.
pub fn serial_misuse(ty: &str, span: Span, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0284",
        format!("`{ty}` cannot be used here"),
        span,
        why.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0112: `word` after a sequence's name is not one of its options.
pub fn unknown_sequence_option(word: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0112",
        format!("unknown sequence option `{word}`"),
        span,
        "not a sequence option",
    );
    match suggest(word, kw::SEQUENCE_OPTIONS.iter().copied()) {
        Some(h) => d.with_hint(h),
        None => d.with_hint("the options are `start(n)`, `increment(n)`, `min(n)`, `max(n)`, `cache(n)`, `cycle` and `owned_by(table.column)`, on the sequence's line"),
    }
}

/// E0285: a sequence's `what` is wrong (`why`): a type other than `smallint`, `integer`
/// and `bigint`, an option's argument that is not an integer (or, for `owned_by`, not a
/// column of the schema), or limits that contradict each other.
pub fn bad_sequence(what: &str, span: Span, why: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0285",
        format!("invalid sequence {what}"),
        span,
        why.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0286: `nextval('text')` (or `currval`, `setval`) whose text is not a name (`why`) or
/// names no sequence the schema creates; `suggestion` is the closest one.
pub fn bad_sequence_reference(
    text: &str,
    why: &str,
    span: Span,
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0286",
        format!("'{text}' names no sequence of the schema"),
        span,
        why.to_string(),
    );
    match suggestion {
        Some(s) => d.with_hint(format!("did you mean '{s}'?")),
        None => d.with_hint("declare it (`sequence name`), or use `identity` or a `serial` type, which make the column's own (`<table>_<column>_seq`)"),
    }
}

/// E0287: `name` is not a storage parameter of a table (`method` `None`) or of an index of
/// `method`; `known` are those that are.
pub fn unknown_storage_param(
    name: &str,
    method: Option<&str>,
    span: Span,
    known: &[&str],
) -> Diagnostic {
    let what = match method {
        None => "a table".to_string(),
        Some(m) => format!("a `{m}` index"),
    };
    let d = Diagnostic::new(
        "E0287",
        format!("`{name}` is not a storage parameter of {what}"),
        span,
        "unknown parameter",
    );
    match suggest(name, known.iter().copied()) {
        Some(h) => d.with_hint(h),
        None if known.is_empty() => d.with_hint(format!("{what} takes no storage parameters")),
        None => d.with_hint(format!(
            "the parameters are {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// E0287: the storage parameter `name`'s value `value` is none Postgres takes for it;
/// `expected` says what it takes (`a boolean`, `a whole number from 10 to 100`).
pub fn bad_storage_value(name: &str, value: &str, expected: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0287",
        format!("invalid value `{value}` for the storage parameter `{name}`"),
        span,
        format!("`{name}` takes {expected}"),
    )
    .with_hint(format!("write `{name} = …` with {expected}"))
}

/// E0288: a column of `ty`, a type the extension `extension` adds, in a schema that does
/// not declare the extension.
pub fn type_needs_extension(ty: &str, extension: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0288",
        format!("the type `{ty}` needs the extension `{extension}`"),
        span,
        format!("a `{ty}` column"),
    )
    .with_hint(format!(
        "declare `extension {extension}` in the schema: the DDL creates it before the tables"
    ))
}

/// E0289: a partitioned table's `partition_by` or a `partition` that Postgres would refuse;
/// `message` says what, `label` what is underlined, `hint` what to write instead.
pub fn bad_partitioning(message: String, span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new("E0289", message, span, label).with_hint(hint)
}

/// E0290: a primary key or unique key (`kind`) of the partitioned table `table` without the
/// partition key's column `column`: Postgres checks uniqueness partition by partition, so a
/// key must hold the partition key whole.
pub fn key_lacks_partition_column(
    kind: &str,
    table: &str,
    column: &str,
    span: Span,
    partition_by: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0290",
        format!("the {kind} of the partitioned table `{table}` does not include `{column}`"),
        span,
        format!("without `{column}`"),
    )
    .with_secondary(partition_by, "partitioned by it here")
    .with_hint(format!(
        "Postgres checks a key within each partition, so every primary key and unique key of a partitioned table holds the partition key's columns: add `{column}` to it"
    ))
}

/// E0124: an extension declared twice (also a sequence, through [`duplicate`]).
pub fn duplicate_extension(name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0124", "extension", name, span, first)
}

/// Two enums of one name, or an enum and a table (`both_enums` false).
pub fn type_name_clash(name: &str, span: Span, first: Span, both_enums: bool) -> Diagnostic {
    if both_enums {
        return duplicate("E0204", "enum", name, span, first);
    }
    Diagnostic::new("E0204", format!("the type name `{name}` is used by an enum and a table"), span, "defined again here")
        .with_secondary(first, "first defined here")
        .with_hint("every table also defines a row type of its name in Postgres, so enums and tables need distinct names")
}

/// E0205: two columns of one table named `name`.
pub fn duplicate_column(name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0205", "column", name, span, first)
}

/// E0206: two values of one enum labelled `name`.
pub fn duplicate_enum_value(name: &str, span: Span, first: Span) -> Diagnostic {
    duplicate("E0206", "enum value", name, span, first)
}

/// E0207: the constraint or index name `name` (`kind` says which) taken twice at `first`
/// and `span`; `scope` begins the hint with the rule broken (where names must be unique).
pub fn duplicate_name(kind: &str, name: &str, span: Span, first: Span, scope: &str) -> Diagnostic {
    Diagnostic::new(
        "E0207",
        format!("the {kind} name `{name}` is already taken"),
        span,
        format!("`{name}` again"),
    )
    .with_secondary(first, "first used here")
    .with_hint(format!("{scope}; give one of them another name"))
}

/// E0208: `name` is not a column of `table`; the hint names the closest of `columns`.
pub fn unknown_column<'a>(
    name: &str,
    table: &str,
    span: Span,
    columns: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0208",
        format!("table `{table}` has no column `{name}`"),
        span,
        "no such column",
    );
    match suggest(name, columns) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(format!("declare the column in `{table}` first")),
    }
}

/// A foreign key's target column that does not exist; `primary_key` is the target's
/// single-column primary key, the usual target.
pub fn unknown_target_column<'a>(
    name: &str,
    table: &str,
    span: Span,
    columns: impl IntoIterator<Item = &'a str>,
    primary_key: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0208",
        format!("table `{table}` has no column `{name}`"),
        span,
        "no such column",
    );
    match (suggest(name, columns), primary_key) {
        (Some(h), _) => d.with_hint(h),
        (None, Some(pk)) => d.with_hint(format!(
            "the primary key of `{table}` is `{pk}`: write `{table}.{pk}`"
        )),
        (None, None) => d.with_hint(format!("declare the column in `{table}` first")),
    }
}

/// E0209: no table `name` in the schema; the hint names the closest of `tables`.
pub fn unknown_table<'a>(
    name: &str,
    span: Span,
    tables: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0209",
        format!("unknown table `{name}`"),
        span,
        "no table of this name in the schema",
    );
    match suggest(name, tables) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(
            "tables from every file of the schema folder are visible; check the spelling",
        ),
    }
}

/// E0211: the foreign key column `column` of type `ty` references `target` (`table.column`)
/// of type `target_ty`, of another family: Postgres would compare the two through a cast.
pub fn fk_type_mismatch(
    column: &str,
    ty: &str,
    target: &str,
    target_ty: &str,
    span: Span,
    target_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0211",
        format!("foreign key column `{column}` has type `{ty}`, but `{target}` is `{target_ty}`"),
        span,
        format!("`{ty}` here"),
    )
    .with_secondary(target_span, format!("`{target_ty}` here"))
    .with_hint(format!("declare `{column}` as `{target_ty}`"))
}

/// E0212: the foreign key's `target` is neither the primary key nor a unique key of its
/// table, which Postgres requires.
pub fn fk_target_not_unique(target: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0212",
        format!("foreign key target `{target}` is not a primary key or unique"),
        span,
        "Postgres needs a unique constraint on the referenced columns",
    )
    .with_hint("reference the primary key, or add `unique` to the target")
}

/// E0213: a composite foreign key with `columns` columns that references `targets`.
pub fn fk_arity(columns: usize, targets: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0213",
        format!("foreign key has {columns} column(s) but references {targets}"),
        span,
        "column counts differ",
    )
    .with_hint("list as many referenced columns as local ones, in the same order")
}

/// E0214: `default(value)` on a column of the enum `enum_name`, which has no such value;
/// the hint names the closest of `values`.
pub fn unknown_enum_default<'a>(
    value: &str,
    enum_name: &str,
    span: Span,
    values: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let values: Vec<&str> = values.into_iter().collect();
    let d = Diagnostic::new(
        "E0214",
        format!("`{value}` is not a value of enum `{enum_name}`"),
        span,
        "unknown enum value",
    );
    match suggest(value, values.iter().copied()) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(format!("`{enum_name}` has: {}", values.join(", "))),
    }
}

/// E0215: an expression inside `what(…)` with a chain of operators longer than the checks
/// walk: `tokens` in a row at one level, more than `most`.
pub fn expression_too_long(what: &str, tokens: usize, most: usize, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0215",
        format!("the expression in `{what}(…)` is too long to check"),
        span,
        format!("a chain of {tokens} tokens without a comma or parenthesis, more than {most}"),
    )
    .with_hint("group it in parentheses, or move the calculation into a declared function")
}

/// E0215: the expression inside `what(…)` does not parse as Postgres SQL, or uses what
/// the expression may not (`message`, the parser's words, is the label).
pub fn invalid_sql(what: &str, message: &str, span: Span) -> Diagnostic {
    if what == "partition" {
        return Diagnostic::new("E0215", "invalid SQL in a partition bound", span, message.to_string())
            .with_hint("a bound's values are literals or constant expressions, e.g. `'2026-01-01'`, `100`, `'eu'`");
    }
    if what == "view" {
        return Diagnostic::new("E0215", "invalid SQL query in a view", span, message.to_string())
            .with_hint("a view's query must parse as a Postgres query, e.g. `select id, title from tasks where done`");
    }
    Diagnostic::new(
        "E0215",
        format!("invalid SQL expression in `{what}(…)`"),
        span,
        message.to_string(),
    )
    .with_hint(
        "the expression must parse as Postgres SQL, e.g. `now()`, `'{}'::jsonb`, `amount > 0`",
    )
}

/// E0216: `tenant name` names no column of `table`; the hint names the closest of
/// `columns`.
pub fn tenant_column_unknown<'a>(
    name: &str,
    table: &str,
    span: Span,
    columns: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0216",
        format!("tenant column `{name}` is not a column of `{table}`"),
        span,
        "no such column",
    );
    match suggest(name, columns) {
        Some(h) => d.with_hint(h),
        None => d.with_hint("declare the column, e.g. `organization_id uuid references(organizations.id, on_delete: cascade)`"),
    }
}

/// `root_key` is the root's single-column primary key, if it has one.
pub fn tenant_column_not_root(
    name: &str,
    root: &str,
    root_key: Option<&str>,
    span: Span,
) -> Diagnostic {
    let target = format!("{root}.{}", root_key.unwrap_or("<primary key>"));
    Diagnostic::new(
        "E0217",
        format!("tenant column `{name}` does not reference the tenant root `{root}`"),
        span,
        format!("needs `references({target})`"),
    )
    .with_hint(format!("add `references({target}, on_delete: cascade)` to `{name}`, or use `tenant via` to scope through a parent table"))
}

/// E0218: `tenant via name` where `name` is a column but no one-column foreign key.
pub fn tenant_via_not_fk(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0218",
        format!("`tenant via {name}` needs a foreign key column"),
        span,
        "this column references no table",
    )
    .with_hint(format!("add `references(parent.id)` to `{name}`"))
}

/// `others` are the other tables of the loop, with their `tenant via` columns.
pub fn tenant_via_loop(
    table: &str,
    chain: &str,
    span: Span,
    others: Vec<(&str, Span)>,
) -> Diagnostic {
    let label = if others.is_empty() {
        "leads back to this table"
    } else {
        "the chain starts here"
    };
    let mut d = Diagnostic::new(
        "E0219",
        format!("the tenant chain of `{table}` loops: {chain}"),
        span,
        label,
    );
    for (other, at) in others {
        d = d.with_secondary(at, format!("`{other}` continues it here"));
    }
    d.with_hint("one table in the chain must hold the tenant column itself (`tenant <column>`)")
}

/// E0220: `table` is scoped `tenant via` a key to `parent` (at `parent_span`), which belongs to
/// no tenant.
pub fn tenant_via_unscoped(table: &str, parent: &str, span: Span, parent_span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0220",
        format!("`{table}` is scoped through `{parent}`, which is not tenant-scoped"),
        span,
        format!("`{parent}` has no tenant"),
    )
    .with_secondary(parent_span, "declared here without `tenant`")
    .with_hint(format!(
        "add `tenant <column>` or `tenant via <column>` to `{parent}`"
    ))
}

/// E0237: `table` is scoped `tenant via column`, a key to the tenant root `root` (at
/// `root_span`) itself: that is `tenant column`.
pub fn tenant_via_root(
    table: &str,
    column: &str,
    root: &str,
    span: Span,
    root_span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0237",
        format!("`{table}` is scoped through the tenant root `{root}` itself"),
        span,
        "references the tenant root",
    )
    .with_secondary(root_span, "the tenant root")
    .with_hint(format!(
        "`{column}` holds the tenant id: write `tenant {column}` instead of `tenant via {column}`"
    ))
}

/// E0221: `table` has no primary key and no `no_primary_key` opting out.
pub fn no_primary_key(table: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0221",
        format!("table `{table}` has no primary key"),
        span,
        "no primary key",
    )
    .with_hint(
        "mark a column `primary_key`, add `primary_key(a, b)`, or opt out with `no_primary_key`",
    )
}

/// E0222: the name `name` is longer than Postgres's 63 bytes, which Postgres would
/// silently truncate.
pub fn identifier_too_long(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0222",
        format!(
            "identifier is {} bytes long; Postgres allows {}",
            name.len(),
            kw::MAX_IDENTIFIER_BYTES
        ),
        span,
        "too long",
    )
    .with_hint("Postgres would silently truncate it; choose a shorter name")
}

/// E0223: the name schemaforge gives a constraint or index (`kind`, e.g. "primary key")
/// is `name`, longer than 63 bytes; the hint says what to shorten or name.
pub fn generated_name_too_long(kind: &str, name: &str, span: Span) -> Diagnostic {
    let how = match kind {
        // A column's `primary_key` cannot be named; the table directive can.
        "primary key" => format!(
            "name it with the table directive `primary_key <name> (columns)`, or shorten the table name to at most {} bytes",
            kw::MAX_IDENTIFIER_BYTES - "_pkey".len()
        ),
        "unique constraint" => "name it with the table directive `unique <name> (columns)`".into(),
        "foreign key" => {
            "name it with the table directive `foreign_key <name> (columns) references(…)`".into()
        }
        "check constraint" => "name it with the table directive `check <name> (expression)`".into(),
        _ => format!("name it: `{kind} <name> (…)`"),
    };
    Diagnostic::new(
        "E0223",
        format!(
            "the generated {kind} name `{name}` is {} bytes long; Postgres allows {}",
            name.len(),
            kw::MAX_IDENTIFIER_BYTES
        ),
        span,
        format!("this {kind} needs a shorter name"),
    )
    .with_hint(format!("Postgres would silently truncate it; {how}"))
}

/// E0224: a second `tenant_root` at `span`; the first is at `first`.
pub fn second_tenant_root(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0224",
        "a schema has one tenant root",
        span,
        "second `tenant_root`",
    )
    .with_secondary(first, "first tenant root")
    .with_hint("scope other tables with `tenant <column>` or `tenant via <column>`")
}

/// E0225: a table is tenant-scoped (the directive at `span`), but no table is the
/// `tenant_root`. Reported once, however many tables are scoped.
pub fn no_tenant_root(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0225",
        "tenant scoping needs a tenant root",
        span,
        "scoped, but the schema has no tenant root",
    )
    .with_hint("add `tenant_root` to the table whose rows are the tenants, e.g. organizations")
}

/// E0226: a primary key at `span` on a table that has one at `first` already.
pub fn conflicting_primary_key(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0226",
        "the table has more than one primary key",
        span,
        "another primary key",
    )
    .with_secondary(first, "first primary key")
    .with_hint("for a composite key, list the columns in one `primary_key(a, b)` directive")
}

/// E0227: the column attributes `a` (at `span`) and `b` (at `other`) cannot both be on one
/// column; `why` is the hint.
pub fn conflicting_attributes(a: &str, b: &str, span: Span, other: Span, why: &str) -> Diagnostic {
    Diagnostic::new(
        "E0227",
        format!("`{a}` and `{b}` cannot be combined"),
        span,
        format!("`{a}` here"),
    )
    .with_secondary(other, format!("`{b}` here"))
    .with_hint(why.to_string())
}

/// E0228: the column attribute `word` given twice, at `first` and `span`.
pub fn repeated_attribute(word: &str, span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0228",
        format!("`{word}` is given twice"),
        span,
        "repeated here",
    )
    .with_secondary(first, "first given here")
    .with_hint("remove one of them")
}

/// E0229: the attribute `word` does not fit this column (e.g. `identity` on a `text`
/// column); `why` is the label.
pub fn misplaced_attribute(word: &str, span: Span, why: &str) -> Diagnostic {
    Diagnostic::new(
        "E0229",
        format!("`{word}` does not apply to this column"),
        span,
        why.to_string(),
    )
    .with_hint(match word {
        kw::RUST_TYPE => "`rust_type` names the Rust type of a `json` or `jsonb` column",
        kw::IDENTITY => "identity columns are `smallint`, `integer` or `bigint`",
        kw::PRIMARY_KEY => "primary key columns cannot be NULL: remove the `?`",
        _ => "see docs/language.md",
    })
}

/// E0230: an index with an expression element and no name, which schemaforge cannot derive.
pub fn unnamed_expression_index(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0230",
        "an expression index needs a name",
        span,
        "expression without an index name",
    )
    .with_hint("write `index <name> ((expression))`")
}

/// E0231: a second tenancy directive (`tenant_root`, `tenant`, `tenant via`, `unscoped`) at
/// `span`; the first is at `first`.
pub fn conflicting_tenancy(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        "E0231",
        "the table's tenancy is declared twice",
        span,
        "second tenancy directive",
    )
    .with_secondary(first, "first one")
    .with_hint("a table has one of `tenant_root`, `tenant <column>` or `tenant via <column>`")
}

/// E0232: `on_delete: set_null` on the NOT NULL column `column`, which Postgres would
/// refuse to null on every delete of a referenced row.
pub fn set_null_on_not_null(column: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0232",
        format!("`on_delete: set_null` on NOT NULL column `{column}`"),
        span,
        "Postgres would fail every delete of a referenced row",
    )
    .with_hint(format!(
        "make `{column}` nullable (`?`) or choose another action"
    ))
}

/// E0233: the enum `name` has no values.
pub fn empty_enum(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0233",
        format!("enum `{name}` has no values"),
        span,
        "empty enum",
    )
    .with_hint("list its values between the braces: `enum status { active archived }`")
}

/// E0234: `no_primary_key` (at `span`) on a table with a primary key (at `pk`).
pub fn no_primary_key_conflict(span: Span, pk: Span) -> Diagnostic {
    Diagnostic::new(
        "E0234",
        "`no_primary_key` on a table that has a primary key",
        span,
        "opt-out here",
    )
    .with_secondary(pk, "primary key here")
    .with_hint("remove `no_primary_key`")
}

/// E0235: the text of `rust_type(…)` is not a Rust type path.
pub fn invalid_rust_type(text: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0235",
        format!("`{text}` is not a Rust type path"),
        span,
        "expected a path like `crate::billing::Plan`",
    );
    let unquoted = text.trim_matches(['"', '\'']);
    if unquoted.len() + 2 == text.len() {
        return d.with_hint(format!(
            "write the path without quotes: `rust_type({unquoted})`"
        ));
    }
    d.with_hint("write the path of a type that implements serde's Serialize and Deserialize")
}

/// E0236: the enum value `value` cannot be a Postgres label (`why` is the label, e.g. longer
/// than 63 bytes).
pub fn bad_enum_value(value: &str, span: Span, why: &str) -> Diagnostic {
    Diagnostic::new(
        "E0236",
        format!("invalid enum value `{value}`"),
        span,
        why.to_string(),
    )
    .with_hint("enum values are at most 63 bytes and cannot be empty")
}

/// E0238: an enum named like a Postgres built-in type (`time`, `money`, …), which Postgres
/// would resolve to its own type.
pub fn enum_shadows_builtin(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0238",
        format!("enum `{name}` has the name of a built-in type"),
        span,
        "Postgres would resolve this name to its own type",
    )
    .with_hint(format!(
        "Postgres looks up `pg_catalog` first, so columns of this enum would get the built-in `{name}`; choose another name, e.g. `{name}_kind`"
    ))
}

/// E0239: `using method` where `method` is not an index access method Postgres has.
pub fn unknown_index_method(method: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0239",
        format!("unknown index method `{method}`"),
        span,
        "not an index access method",
    );
    match suggest(
        &method.to_ascii_lowercase(),
        kw::INDEX_METHODS.iter().copied(),
    ) {
        Some(h) => d.with_hint(h),
        None => d.with_hint(format!("the methods are: {}", kw::INDEX_METHODS.join(", "))),
    }
}

/// E0240: a `--` or `/* */` comment inside `what(…)`: the expression is pasted into
/// generated statements, where a comment would hide what follows.
pub fn comment_in_sql(what: &str, span: Span) -> Diagnostic {
    let inside = match what {
        "view" => "a view's query".to_string(),
        _ => format!("`{what}(…)`"),
    };
    Diagnostic::new(
        "E0240",
        format!("a comment inside {inside}"),
        span,
        "SQL comments are not allowed in schema expressions",
    )
    .with_hint("the expression is pasted into generated statements, where a comment would hide what follows it; put the comment on its own line with `//`")
}

/// E0241: `column` cannot hold the tenant: the tenant column, or with `via` the column of
/// `tenant via`, must be a plain NOT NULL column; `why` says what it is instead.
pub fn bad_tenant_column(column: &str, via: bool, span: Span, why: &str) -> Diagnostic {
    let (what, hint) = if via {
        (
            "`tenant via` column",
            "a row belongs to the tenant of the row this foreign key points at, so it must always point at one: make it a plain NOT NULL column",
        )
    } else {
        (
            "tenant column",
            "the tenant column is set from the scope on every insert: make it a plain NOT NULL column that references the tenant root",
        )
    };
    Diagnostic::new(
        "E0241",
        format!("{what} `{column}` {why}"),
        span,
        "cannot hold the tenant",
    )
    .with_hint(hint)
}

/// E0242: `index … unique using method` with an access method other than `btree`.
pub fn unique_index_method(method: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0242",
        format!("a `{method}` index cannot be unique"),
        span,
        "Postgres supports unique indexes only with btree",
    )
    .with_hint("drop `unique`, or drop `using` for a btree index")
}

/// E0273: `nulls_not_distinct` on an index that is not unique, where it means nothing.
pub fn nulls_not_distinct_without_unique(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0273",
        "`nulls_not_distinct` on an index that is not unique",
        span,
        "says how a unique index compares NULLs",
    )
    .with_hint("add `unique`, or drop `nulls_not_distinct`")
}

/// E0274: `include (…)` with an access method that cannot store included columns, or
/// naming a column that is already a key of the index.
pub fn bad_index_include(span: Span, label: &str, hint: &str) -> Diagnostic {
    Diagnostic::new(
        "E0274",
        "these columns cannot be included in the index",
        span,
        label.to_string(),
    )
    .with_hint(hint.to_string())
}

/// E0243: a column named like a Postgres system column (`ctid`, `xmin`, …), which every
/// table has already.
pub fn system_column_name(name: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0243",
        format!("`{name}` is the name of a Postgres system column"),
        span,
        "every table already has this column",
    )
    .with_hint("choose another name; Postgres reserves tableoid, xmin, cmin, xmax, cmax and ctid")
}

/// E0244: the bare name `value` as the default of an enum array column, where SQL would
/// read it as a column; the hint shows the array literal.
pub fn bare_enum_array_default(value: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0244",
        format!("`{value}` as the default of an enum array"),
        span,
        "a bare name here would be read as a column",
    )
    .with_hint(format!("write the array literal: `default('{{{value}}}')`"))
}

/// E0246: `table` is `tenant via` a key to `parent`, and declares a column `column` of the
/// name of the tenant column it must store, but one that cannot hold it (another type,
/// nullable, defaulted, generated, or a key to another table).
pub fn via_tenant_column_clash(table: &str, column: &str, parent: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0246",
        format!("`{table}.{column}` cannot hold the tenant of `tenant via`"),
        span,
        "not the parent's tenant column",
    )
    .with_hint(format!(
        "a `tenant via` table stores the tenant in a column named like `{parent}`'s: drop this column (it is added for you), or make it a plain NOT NULL column of the same type, with no default, identity, generation or `on_update`, referencing only the tenant root"
    ))
}

/// E0248: `global` on a column that is not `unique`.
pub fn global_without_unique(span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0248",
        "`global` without `unique`",
        span,
        "`global` says a unique value is unique across tenants",
    )
    .with_hint("write `unique global`, or drop `global`")
}

/// E0247: `unique (columns)` on the tenant-scoped `table` without its tenant column
/// `tenant` (or a tenant key's columns): Postgres checks it across every tenant, so one
/// tenant would learn of another's values.
pub fn unique_without_tenant(
    table: &str,
    columns: &[String],
    tenant: &str,
    span: Span,
) -> Diagnostic {
    let list = columns.join(", ");
    let single = columns.len() == 1;
    Diagnostic::new(
        "E0247",
        format!("`unique ({list})` on the tenant-scoped table `{table}` does not include the tenant column `{tenant}`"),
        span,
        "checked across every tenant",
    )
    .with_hint(if single {
        format!(
            "a violation would tell one tenant that another holds the value, and let it take the value first: write `unique ({tenant}, {list})` as a table directive, or `unique global` where the value must be unique across tenants (a key looked up before there is a scope)"
        )
    } else {
        format!(
            "a violation would tell one tenant that another holds the value, and let it take the value first: write `unique ({tenant}, {list})`"
        )
    })
}

/// E0254: the unique index `index` of the tenant-scoped `table` leaves out the tenant column
/// `tenant`, as [`unique_without_tenant`] for a constraint.
pub fn unique_index_without_tenant(
    table: &str,
    index: &str,
    tenant: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0254",
        format!("the unique index `{index}` of the tenant-scoped table `{table}` does not include the tenant column `{tenant}`"),
        span,
        "checked across every tenant",
    )
    .with_hint(format!(
        "a violation would tell one tenant that another holds the value, and let it take the value first: make `{tenant}` its first column"
    ))
}

/// E0249: `table` belongs to no tenant, but its key `columns` references `target`, the tenant
/// root (`to_root`) or a tenant's table, and the table is not marked `unscoped`.
pub fn unscoped_reference(
    table: &str,
    columns: &str,
    target: &str,
    to_root: bool,
    span: Span,
) -> Diagnostic {
    let what = if to_root {
        "the tenant root"
    } else {
        "a tenant's table"
    };
    Diagnostic::new(
        "E0249",
        format!("`{table}` belongs to no tenant, but `{columns}` references {what} `{target}`"),
        span,
        "rows about a tenant that no scope guards",
    )
    .with_hint(if to_root {
        format!(
            "make it `tenant {columns}` (its rows then belong to that tenant and are reached through a scope), or write `unscoped` in the table if its rows deliberately stand apart from any tenant (e.g. analytics that outlive one)"
        )
    } else {
        let via = if columns.contains(',') {
            String::new()
        } else {
            format!(", or `tenant via {columns}`")
        };
        format!(
            "scope it (`tenant <column>`{via}), or write `unscoped` in the table if its rows deliberately stand apart from any tenant"
        )
    })
}

/// E0245: the referential action `action` on the tenant key `table (columns)` would write
/// the tenant column too (`set_default`, or `set_null` or `set_default` on update).
pub fn tenant_key_action(table: &str, columns: &[String], action: &str, span: Span) -> Diagnostic {
    let columns = columns.join(", ");
    Diagnostic::new(
        "E0245",
        format!("`{action}` on the tenant key `{table} ({columns})`"),
        span,
        "it would write the tenant column too, and could move the row to another tenant",
    )
    .with_hint("use `cascade`, `restrict` or `set_null` (which nulls only the key's own columns)")
}

// ---- Citus (`check --citus`) --------------------------------------------------------------

/// E0250 (with `--citus`): `unique global` on `columns` of `table`, which Citus distributes
/// by `tenant` and so cannot keep unique across shards.
pub fn citus_global_unique(
    table: &str,
    columns: &[String],
    tenant: &str,
    span: Span,
) -> Diagnostic {
    let list = columns.join(", ");
    Diagnostic::new(
        "E0250",
        format!("Citus cannot keep `{list}` of `{table}` unique across tenants"),
        span,
        "`unique global` on a table distributed by its tenant",
    )
    .with_hint(format!(
        "each shard checks only its own tenants' rows: write `unique ({tenant}, {list})` and let the value carry its tenant (an API key or a link that names its tenant gives the scope before the lookup), or keep the value in a table that every tenant shares"
    ))
}

/// E0252 (with `--citus`): the action `action` on the tenant key `table (columns)`, which
/// Citus refuses on a key that includes the distribution column.
pub fn citus_tenant_key_action(
    table: &str,
    columns: &[String],
    action: &str,
    span: Span,
) -> Diagnostic {
    let columns = columns.join(", ");
    Diagnostic::new(
        "E0252",
        format!("Citus refuses `{action}` on the tenant key `{table} ({columns})`"),
        span,
        "a key that includes the distribution column",
    )
    .with_hint(
        "Citus supports only `cascade`, `restrict` and no action on a key between two distributed tables: use one of them, or clear the column from the application before deleting its target",
    )
}

/// E0260 (with `--citus`): the policy `policy` of `table`, which Citus would weaken: it
/// creates a restrictive policy as a permissive one on the shards, where the policies are
/// evaluated. `restrictive` says which case: the policy is restrictive itself, or it is a
/// permissive policy of a tenant's table, beside which the tenant's policy (under
/// Row-Level Security) has to be restrictive.
pub fn citus_weakened_policy(
    table: &str,
    policy: &str,
    restrictive: bool,
    span: Span,
) -> Diagnostic {
    let (message, label, hint) = if restrictive {
        (
            format!("Citus would make the restrictive policy `{policy}` of `{table}` permissive"),
            "a restrictive policy",
            "Citus creates a restrictive policy on the shards as a permissive one, which would admit rows it is meant to refuse: fold its condition into the permissive policies of the same command, or check it in the application",
        )
    } else {
        (
            format!("Citus would let the policy `{policy}` of `{table}` show every tenant's rows"),
            "a permissive policy of a tenant's table",
            "beside a permissive policy of the schema's own, the tenant's policy is restrictive, and Citus creates it on the shards as a permissive one: the rows this policy admits would be every tenant's. Write the tenant condition into the application's queries or the view that reads the table instead, or drop the policy",
        )
    };
    Diagnostic::new("E0260", message, span, label).with_hint(hint)
}

/// E0251 (with `--citus`): the trigger `trigger` on `table`, which Citus distributes (or
/// copies to every node, a reference table): Citus refuses triggers on its tables.
pub fn citus_trigger(table: &str, trigger: &str, distributed: bool, span: Span) -> Diagnostic {
    let kind = if distributed {
        "distributed by its tenant"
    } else {
        "a reference table, copied to every node"
    };
    Diagnostic::new(
        "E0251",
        format!("Citus refuses the trigger `{trigger}` on `{table}`"),
        span,
        format!("a trigger on a table {kind}"),
    )
    .with_hint(
        "Citus creates no trigger on its tables unless `citus.enable_unsafe_triggers` is on, and then runs it on each shard, where it may touch only rows of the same tenant: do the work in the application or in a function it calls, or, knowing that, create the trigger yourself after the schema",
    )
}

/// E0291 (with `--citus`): the table `table`, shared by every tenant and so a reference
/// table on Citus, is partitioned, which Citus takes only of distributed tables.
pub fn citus_partitioned_reference(table: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0291",
        format!("Citus cannot partition `{table}`, a table every tenant shares"),
        span,
        "partitioned here",
    )
    .with_hint(format!(
        "on Citus a shared table is a reference table, copied whole to every node, and those cannot be partitioned: scope `{table}` (`tenant <column>`) to distribute it, or leave it unpartitioned"
    ))
}

/// E0253 (with `--citus`): `table` belongs to no tenant (a reference table in Citus), but
/// its key `columns` references the tenant's table `target` (a distributed one).
pub fn citus_shared_references_scoped(
    table: &str,
    columns: &str,
    target: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0253",
        format!("`{table}` is shared by every tenant, but `{columns}` references the tenant's table `{target}`"),
        span,
        "a reference table cannot reference a distributed one",
    )
    .with_hint(format!(
        "on Citus a shared table is a reference table, copied to every node, and its keys may point only at other shared tables: scope `{table}` (`tenant <column>`), or drop the key and keep `{columns}` as a plain column"
    ))
}

// ---- SQL expressions, as Postgres would judge them ----------------------------------------

/// E0255: an expression calls `name`, which Postgres 15 does not have; `suggestion` is a
/// close name that it has.
pub fn unknown_function(name: &str, span: Span, suggestion: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(
        "E0255",
        format!("Postgres 15 has no function `{name}`"),
        span,
        "unknown function",
    );
    match suggestion {
        Some(s) => d.with_hint(format!("did you mean `{s}`? (a function of your own: qualify it with its schema, `public.{name}(…)`)")),
        None => d.with_hint(format!("a function of your own: qualify it with its schema, `public.{name}(…)`, and create it before the schema")),
    }
}

/// E0256: `name` called with `given` arguments, where it takes from `low` to `high` (a
/// `high` of 100 reads "or more").
pub fn function_arity(name: &str, given: usize, low: usize, high: usize, span: Span) -> Diagnostic {
    let takes = match (low, high) {
        (l, h) if l == h => format!("{l}"),
        (l, 100) => format!("{l} or more"),
        (l, h) => format!("{l} to {h}"),
    };
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    Diagnostic::new(
        "E0256",
        format!(
            "`{name}` takes {takes} argument{}, not {given}",
            plural(high.min(low.max(2)))
        ),
        span,
        format!("called with {given} argument{}", plural(given)),
    )
    .with_hint(if low == 0 && high == 0 {
        format!("write `{name}()`")
    } else {
        format!("see Postgres's documentation of `{name}`")
    })
}

/// E0257: the expression inside `what(…)` reads `name`, no column of `table`;
/// `suggestion` is a close column name.
pub fn unknown_column_in_expr(
    name: &str,
    table: &str,
    what: &str,
    span: Span,
    suggestion: Option<&str>,
) -> Diagnostic {
    let d = Diagnostic::new(
        "E0257",
        format!("`{table}` has no column `{name}` (in `{what}(…)`)"),
        span,
        "not a column of the table",
    );
    match suggestion {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None => d.with_hint("an expression of a table reads only that table's own columns; a string is written in single quotes"),
    }
}

/// E0257: the expression inside `what(…)` of `table` reads a column of `qualifier`: a
/// default, check or generated column can read only its own row.
pub fn other_table_in_expr(qualifier: &str, table: &str, what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0257",
        format!(
            "`{qualifier}.…` in `{what}(…)` of `{table}`: only the table's own columns can be read"
        ),
        span,
        "not this table",
    )
    .with_hint("write the column's name alone")
}

/// E0258: a default reads `name` as a column (with `is_function`, `name` is a function's,
/// written without its parentheses: `now`), which Postgres refuses: a default is computed
/// before the row exists.
pub fn column_in_default(name: &str, is_function: bool, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0258",
        format!("a default cannot read `{name}`"),
        span,
        "read as a column, and a default is computed before the row exists",
    );
    if is_function {
        d.with_hint(format!("to call the function, write `{name}()`"))
    } else {
        d.with_hint("a value computed from other columns is a generated column: `generated(…)`; a string is written in single quotes")
    }
}

/// E0259: a subquery inside `what(…)`, which Postgres allows in none of the schema's
/// expressions.
pub fn subquery_in_expr(what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0259",
        format!("a subquery in `{what}(…)`"),
        span,
        "Postgres allows no subquery here",
    )
    .with_hint("a rule across rows or tables is a foreign key, a unique key, or a trigger")
}

/// E0261: a generated column's expression reads the generated column `column`, which
/// Postgres refuses.
pub fn generated_reads_generated(column: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0261",
        format!("a generated column cannot read the generated column `{column}`"),
        span,
        "itself generated",
    )
    .with_hint(format!(
        "compute it from the columns `{column}` is generated from"
    ))
}

/// E0262: the default of `column` is a literal that is no value of its type `ty`; `why`
/// says why, e.g. out of range.
pub fn default_literal_mismatch(column: &str, ty: &str, why: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0262",
        format!("the default of `{column}` is not a value of its type, `{ty}`"),
        span,
        why.to_string(),
    )
    .with_hint(format!(
        "write a value of type `{ty}`, or leave the default out"
    ))
}

/// E0264: a string literal that Postgres reads as `ty` (the other side of a comparison, a
/// condition, an operand) inside a `what` (e.g. "check"), and that is no value of it;
/// `why` says why.
pub fn literal_not_of_type(ty: &str, why: &str, what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0264",
        format!("a literal in this {what} is not a value of `{ty}`"),
        span,
        why.to_string(),
    )
    .with_hint(format!(
        "Postgres reads it when the schema is applied; write a value of `{ty}`"
    ))
}

/// E0265: an expression in a `what` uses the operator `name`, which Postgres 15 does not
/// have.
pub fn unknown_operator(name: &str, what: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0265",
        format!("Postgres 15 has no operator `{name}`"),
        span,
        format!("in this {what}"),
    )
    .with_hint(
        "Postgres reads a run of `+-*/<>=~!@#%^&|`?` as one operator; put spaces between operators",
    )
}

/// E0263: a cast inside an expression names the type `name`, which neither Postgres 15 nor
/// the schema has; `suggestion` is a close name.
pub fn unknown_type_in_expr(name: &str, span: Span, suggestion: Option<&str>) -> Diagnostic {
    let d = Diagnostic::new(
        "E0263",
        format!("Postgres 15 has no type `{name}`"),
        span,
        "not a type of Postgres or of this schema",
    );
    match suggestion {
        Some(s) => d.with_hint(format!("did you mean `{s}`?")),
        None => d.with_hint(format!(
            "a type of an extension or of your own: qualify it with its schema, `public.{name}`"
        )),
    }
}

/// E0266: `argument_of` (e.g. "CHECK", "AND") takes a boolean, and gets a value of type
/// `ty`; the message is Postgres's own.
pub fn not_boolean(argument_of: &str, ty: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        "E0266",
        format!("argument of {argument_of} must be type boolean, not type {ty}"),
        span,
        format!("of type {ty}"),
    )
    .with_hint("compare it with something (`x > 0`, `x is not null`) to make a condition")
}

/// E0267: no operator `operator` takes `left` and `right` (`left` empty for a prefix
/// operator); the message is Postgres's own.
pub fn operator_types(operator: &str, left: &str, right: &str, span: Span) -> Diagnostic {
    let d = Diagnostic::new(
        "E0267",
        match left {
            "" => format!("operator does not exist: {operator} {right}"),
            _ => format!("operator does not exist: {left} {operator} {right}"),
        },
        span,
        "Postgres has no operator for these types",
    );
    let temporal = |t: &str| t.contains("time") || t.contains("date") || t == "interval";
    let comparison = matches!(
        operator,
        "=" | "<>" | "<" | "<=" | ">" | ">=" | "IS DISTINCT FROM"
    );
    if comparison && left != right && !left.is_empty() {
        d.with_hint(format!(
            "compare values of one type: cast one side (`::{right}` or `::{left}`)"
        ))
    } else if !comparison && (temporal(left) || temporal(right)) {
        d.with_hint("dates and times add and subtract intervals: `+ interval '1 day'`")
    } else {
        d.with_hint(format!(
            "`{operator}` does not take these types; cast an operand to one it takes"
        ))
    }
}

/// E0268: the `what` (default or generated expression) of `column`, whose type is
/// `column_ty`, is of type `ty`, which Postgres does not assign to it.
pub fn expression_not_of_column_type(
    column: &str,
    column_ty: &str,
    what: &str,
    ty: &str,
    span: Span,
) -> Diagnostic {
    Diagnostic::new(
        "E0268",
        format!("column `{column}` is of type {column_ty} but its {what} is of type {ty}"),
        span,
        format!("of type {ty}"),
    )
    .with_hint(format!(
        "Postgres converts only what it can store without an explicit cast: write an expression of type {column_ty}, or cast it (`(…)::{column_ty}`)"
    ))
}

/// E0269: no variant of `function` takes a first argument of type `ty` (`more` when
/// further arguments follow); `takes` lists, comma-separated, the types it does take.
pub fn function_argument(
    function: &str,
    ty: &str,
    more: bool,
    takes: &str,
    span: Span,
) -> Diagnostic {
    let rest = if more { ", …" } else { "" };
    Diagnostic::new(
        "E0269",
        format!("function {function}({ty}{rest}) does not exist"),
        span,
        format!("no `{function}` takes a {ty} first"),
    )
    .with_hint(format!(
        "`{function}` takes first: {}",
        takes.replace(',', ", ")
    ))
}

/// E0271: `function` (a function none of whose variants is immutable, in backticks, or an
/// operator or cast that calls one) in a generated column, an index expression or an index
/// predicate (`what`), which Postgres allows only immutable functions in.
pub fn not_immutable(function: &str, what: &str, span: Span) -> Diagnostic {
    not_immutable_because(function, what, span, None)
}

/// E0271 for an operator or cast (`what_is` described) that depends on the session's
/// settings: a date's text follows `DateStyle`, a `timestamptz`'s the time zone.
pub fn not_immutable_conversion(what_is: &str, what: &str, span: Span) -> Diagnostic {
    not_immutable_because(
        what_is,
        what,
        span,
        Some(
            "its result follows the session's settings (DateStyle, IntervalStyle, TimeZone): keep the value in its own type, or convert it where it is read",
        ),
    )
}

fn not_immutable_because(
    function: &str,
    what: &str,
    span: Span,
    because: Option<&str>,
) -> Diagnostic {
    let (place, hint) = match what {
        "generated" => (
            "a generated column",
            "a generated column is computed from its row alone, once; for the time of the write use `default(now())`",
        ),
        "where" => (
            "an index predicate",
            "an index predicate must give the same answer for a row at any time; compare with a column instead",
        ),
        _ => (
            "an index expression",
            "an index expression must give the same value for a row at any time",
        ),
    };
    Diagnostic::new(
        "E0271",
        format!("{function} is not immutable, and {place} may call only immutable functions"),
        span,
        "its result can change for the same arguments",
    )
    .with_hint(because.unwrap_or(hint))
}

/// E0272: the column `column`, of type `ty`, in an index of `method` (or a key, btree),
/// which has no default operator class for the type.
pub fn no_operator_class(method: &str, ty: &str, column: &str, span: Span) -> Diagnostic {
    let hint = match method {
        "btree" | "hash" if ty.starts_with("json") => {
            "`json` has no equality: make the column `jsonb`, or index an expression of it"
                .to_string()
        }
        "gin" => {
            "gin indexes arrays and `jsonb`; for other types use btree (drop `using`)".to_string()
        }
        _ => "index it with another method, such as btree, or an expression of another type"
            .to_string(),
    };
    Diagnostic::new(
        "E0272",
        format!("type {ty} has no default operator class for access method `{method}` (column `{column}`)"),
        span,
        format!("Postgres cannot index `{column}` this way"),
    )
    .with_hint(hint)
}
