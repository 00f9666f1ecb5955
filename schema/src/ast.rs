//! The syntax tree of schema files, with a span on every node.
//!
//! [`parser::parse_file`](crate::parser::parse_file) builds it, the formatter prints it back
//! (comments and blank lines included, which is what the [`Trivia`] is for), and resolution
//! turns it into the [`ir`](crate::ir). Names here are as written: nothing is resolved or
//! checked yet, so a [`TypeExpr`] may name an enum that does not exist. The code-first front
//! end of the generator builds the same tree from `#[schemaforge(...)]` attributes.
//!
//! ```
//! use schemaforge_schema::ast::{ColumnAttr, Item, MemberKind};
//! use schemaforge_schema::{Sources, parse};
//!
//! let mut sources = Sources::new();
//! sources.add("notes.forge", "table notes {\n  id uuid primary_key\n  body text?\n}\n");
//! let files = parse(&sources).expect("no syntax errors");
//! let Item::Table(table) = &files[0].items[0] else { panic!("a table") };
//! let MemberKind::Column(id) = &table.members[0].kind else { panic!("a column") };
//! assert_eq!((id.name.name.as_str(), id.ty.name.as_str()), ("id", "uuid"));
//! assert!(matches!(id.attrs[..], [ColumnAttr::PrimaryKey(_)]));
//! let MemberKind::Column(body) = &table.members[1].kind else { panic!("a column") };
//! assert!(body.nullable);
//! ```

use crate::ir::{Identity, ReferentialAction};
use crate::span::Span;

/// One `.forge` file: its enums and tables in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// The file's name as its [`Sources`](crate::Sources) give it (a path); its stem names
    /// the file's group in the docs. Empty for a file parsed on its own.
    pub name: String,
    /// Plain `//` comments (and blank lines between them) before the file's doc.
    pub leading_comments: Vec<TriviaLine>,
    /// The `//!` lines at the top of the file: the title and purpose of its group.
    pub doc: Option<Doc>,
    /// The `enum` and `table` items, in file order.
    pub items: Vec<Item>,
    /// The `//!` blocks between items, in file order: each starts a group of the items from
    /// its `first_item` to the next one's (the items before the first are the file's group).
    pub groups: Vec<GroupDoc>,
    /// Comments after the last item.
    pub trailing_comments: Vec<TriviaLine>,
}

/// A `//!` block between items: the title and purpose of the group its next item starts.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupDoc {
    /// Plain `//` comments (and blank lines between them) before the block.
    pub comments: Vec<TriviaLine>,
    /// The `//!` lines, joined with newlines; the first is a `# ` heading.
    pub doc: Doc,
    /// The index in [`File::items`] of the group's first item.
    pub first_item: usize,
}

/// What comes before an item, an enum value or a member besides its syntax: comments, its
/// doc comment, and whether a blank line separates it from what precedes it. The formatter
/// prints all of it back; resolution keeps only the doc comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Trivia {
    /// Plain `//` comments on the lines before, and blank lines between them.
    pub comments: Vec<TriviaLine>,
    /// The `///` lines right before, joined; they document what follows.
    pub doc: Option<Doc>,
    /// A blank line came before (kept by `fmt`).
    pub blank_line_before: bool,
}

/// One line of plain comments before an item or member.
#[derive(Debug, Clone, PartialEq)]
pub enum TriviaLine {
    /// `// text`: the text after the slashes and one space, trailing spaces trimmed.
    Comment(String),
    /// A blank line between two comments.
    Blank,
}

/// A doc comment: consecutive `/// …` lines, which become SQL `COMMENT ON`, rustdoc and
/// the docs output.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    /// The lines without their `///` and one following space, joined with `\n`.
    pub text: String,
    /// From the first line's `///` to the end of the last line.
    pub span: Span,
}

/// A name as written: a table, column, enum, enum value, constraint or index name, or a
/// keyword argument such as an access method.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name, unescaped: `"order"` is `order`, `"a""b"` is `a"b`.
    pub name: String,
    /// Where it is written, quotes included.
    pub span: Span,
    /// Whether it was written in double quotes (or, for an enum value, single quotes), which
    /// lets it be a keyword or hold characters a bare name cannot; the formatter keeps them.
    pub quoted: bool,
}

/// A top-level item of a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `enum org_role { owner admin member }`.
    Enum(EnumDef),
    /// `table organizations { … }`.
    Table(TableDef),
    /// `extension pg_trgm`.
    Extension(ExtensionDef),
    /// `function touch_updated_at() returns(trigger) language plpgsql as (…)`.
    Function(FunctionDef),
    /// `view open_tasks as (select …)` or `materialized_view …`.
    View(ViewDef),
    /// `sequence invoice_numbers bigint start(1000)`.
    Sequence(SequenceDef),
}

/// `sequence name [type] { option }`: a sequence the schema declares, with the options
/// `start(n)`, `increment(n)`, `min(n)`, `max(n)`, `cache(n)`, `cycle` and
/// `owned_by(table.column)`, on the one line.
#[derive(Debug, Clone, PartialEq)]
pub struct SequenceDef {
    /// Comments and the doc comment before `sequence`.
    pub trivia: Trivia,
    /// The sequence's name.
    pub name: Ident,
    /// `smallint`, `integer` or `bigint`, if written.
    pub ty: Option<Ident>,
    /// The options in the order written: the word, and its argument between parentheses
    /// (none for `cycle`).
    pub options: Vec<(Ident, Option<Sql>)>,
    /// The whole item.
    pub span: Span,
}

/// `view name as (query)` or `materialized_view name as (query)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewDef {
    /// Comments and the doc comment before it.
    pub trivia: Trivia,
    /// Whether it is written `materialized_view`.
    pub materialized: bool,
    /// The view's name.
    pub name: Ident,
    /// The query, verbatim (its lines' shared indentation removed).
    pub query: Sql,
    /// Whether the query starts on a line of its own, as the formatter keeps it.
    pub block: bool,
    /// The whole item.
    pub span: Span,
}

/// `function name(args) returns(type) language lang [options] as (body)`: a function the
/// schema declares, whose arguments, result type and body are SQL kept verbatim.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionDef {
    /// Comments and the doc comment before `function`.
    pub trivia: Trivia,
    /// The function's name.
    pub name: Ident,
    /// The argument list between the parentheses, verbatim (empty for none).
    pub arguments: String,
    /// `returns(…)`: the result type, verbatim.
    pub returns: Sql,
    /// `language plpgsql`.
    pub language: Ident,
    /// The options between the language and `as`, in the order written
    /// (`stable`, `strict`, `security_definer`).
    pub options: Vec<Ident>,
    /// `as (…)`: the body, verbatim (its lines' shared indentation removed).
    pub body: Sql,
    /// Whether the body starts on a line of its own, as the formatter keeps it.
    pub block: bool,
    /// The whole item.
    pub span: Span,
}

/// `extension pg_trgm`: an extension the schema's tables need (an operator class, say).
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionDef {
    /// Comments and the doc comment before `extension`.
    pub trivia: Trivia,
    /// The extension's name, as `CREATE EXTENSION` takes it.
    pub name: Ident,
    /// The whole item.
    pub span: Span,
}

/// A Postgres enum type: `enum org_role { owner admin member }`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Comments and the doc comment before `enum`.
    pub trivia: Trivia,
    /// The type's name.
    pub name: Ident,
    /// The values in the order written, which is their order in Postgres.
    pub values: Vec<EnumValueDef>,
    /// From `enum` to the closing brace.
    pub span: Span,
}

/// One value of an [`EnumDef`]: `owner`, `'in progress'`, or `member renamed_from(user)`.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueDef {
    /// Comments and the doc comment before the value.
    pub trivia: Trivia,
    /// The value's label, as Postgres stores it.
    pub name: Ident,
    /// `renamed_from(old)`: the label it had before, so that a migration renames the value
    /// instead of removing one and adding another.
    pub renamed_from: Option<Ident>,
}

/// A table: `table tasks { … }`, with its columns and directives in the order written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    /// Comments and the doc comment before `table`.
    pub trivia: Trivia,
    /// The table's name.
    pub name: Ident,
    /// Columns and directives, one per line (or `;`-separated), in order.
    pub members: Vec<Member>,
    /// Comments before the closing brace.
    pub trailing_comments: Vec<TriviaLine>,
    /// From `table` to the closing brace.
    pub span: Span,
}

/// One line of a table's body: a column or a directive, with its comments.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Comments and the doc comment on the lines before; a column's doc comment documents
    /// the column.
    pub trivia: Trivia,
    /// The column or directive itself.
    pub kind: MemberKind,
    /// A `//` comment at the end of the member's line.
    pub line_comment: Option<String>,
    /// From the member's first token to its last, without the line comment.
    pub span: Span,
}

/// What a [`Member`] is.
#[derive(Debug, Clone, PartialEq)]
pub enum MemberKind {
    /// `name type [?] attributes…`, e.g. `slug text unique`.
    Column(ColumnDef),
    /// A line that starts with a directive keyword, e.g. `tenant organization_id` or
    /// `index (user_id)`.
    Directive(Directive),
}

/// A column: `logo_url text? check(length(logo_url) < 2048)`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    /// The column's name.
    pub name: Ident,
    /// Its type as written.
    pub ty: TypeExpr,
    /// Whether the type is followed by `?`: the column may hold NULL. Without it the column
    /// is `NOT NULL`.
    pub nullable: bool,
    /// The attributes after the type, in the order written.
    pub attrs: Vec<ColumnAttr>,
}

/// A column type as written: `text`, `varchar(64)`, `numeric(12, 2)`, `org_role[]`. The name
/// is not resolved: it may be a built-in type or the name of an enum of the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// `double precision` is one name here.
    pub name: String,
    /// Where the name is written (both words of `double precision`).
    pub name_span: Span,
    /// `(n)` or `(p, s)`.
    pub args: Vec<(u32, Span)>,
    /// How many `[]` follow: 0 for a scalar, 1 for `text[]`; more parse, and resolution
    /// refuses them (E0202).
    pub array_dims: u32,
    /// The whole type, arguments and brackets included.
    pub span: Span,
}

/// Verbatim SQL from between parentheses.
///
/// The text is not parsed by the schema parser: `default(now())` gives the text `now()`,
/// which the checks then parse as a Postgres expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    /// What is between the parentheses, trimmed.
    pub text: String,
    /// Where the trimmed text is.
    pub span: Span,
    /// The whole construct as written, `default(…)` or `(…)`, for diagnostics about it.
    pub full: Span,
}

/// An attribute after a column's type. A bare attribute carries the span of its keyword;
/// [`ColumnAttr::span`] gives any attribute's.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnAttr {
    /// `primary_key`: the column alone is the table's primary key.
    PrimaryKey(Span),
    /// `unique`: a one-column unique constraint.
    Unique(Span),
    /// `references(organizations.id, on_delete: cascade)`: a one-column foreign key.
    References(Reference),
    /// `default(now())`: the SQL default; for an enum column it may be a bare value name.
    Default(Sql),
    /// `check(amount >= 0)`: a column check constraint.
    Check(Sql),
    /// `identity`, `identity(always)` or `identity(by_default)`: an identity column, with the
    /// span of the whole attribute.
    Identity(Identity, Span),
    /// `generated(lower(email))`: a stored generated column.
    Generated(Sql),
    /// `on_update(now())`: the value the generated update helpers write into the column.
    OnUpdate(Sql),
    /// `sensitive`: a secret, redacted in `Debug` and skipped by `Serialize`.
    Sensitive(Span),
    /// `global`, after `unique`: unique across the tenants of a scoped table, deliberately.
    Global(Span),
    /// `rust_type(crate::Settings)`: the Rust type of a `json` or `jsonb` column; the text is
    /// a Rust path.
    RustType(Sql),
    /// `renamed_from(old_name)`: the column's previous name, for migrations.
    RenamedFrom(Ident),
}

impl ColumnAttr {
    /// The keyword that introduced the attribute.
    pub fn keyword(&self) -> &'static str {
        use crate::keyword as k;
        match self {
            ColumnAttr::PrimaryKey(_) => k::PRIMARY_KEY,
            ColumnAttr::Unique(_) => k::UNIQUE,
            ColumnAttr::References(_) => k::REFERENCES,
            ColumnAttr::Default(_) => k::DEFAULT,
            ColumnAttr::Check(_) => k::CHECK,
            ColumnAttr::Identity(..) => k::IDENTITY,
            ColumnAttr::Generated(_) => k::GENERATED,
            ColumnAttr::OnUpdate(_) => k::ON_UPDATE,
            ColumnAttr::Sensitive(_) => k::SENSITIVE,
            ColumnAttr::Global(_) => k::GLOBAL,
            ColumnAttr::RustType(_) => k::RUST_TYPE,
            ColumnAttr::RenamedFrom(_) => k::RENAMED_FROM,
        }
    }

    /// Where the attribute is written: the keyword of a bare one, the whole
    /// `keyword(…)` of one with an argument, the old name of `renamed_from`.
    pub fn span(&self) -> Span {
        match self {
            ColumnAttr::PrimaryKey(s)
            | ColumnAttr::Unique(s)
            | ColumnAttr::Identity(_, s)
            | ColumnAttr::Global(s)
            | ColumnAttr::Sensitive(s) => *s,
            ColumnAttr::References(r) => r.span,
            ColumnAttr::Default(s)
            | ColumnAttr::Check(s)
            | ColumnAttr::Generated(s)
            | ColumnAttr::OnUpdate(s)
            | ColumnAttr::RustType(s) => s.full,
            ColumnAttr::RenamedFrom(i) => i.span,
        }
    }
}

/// `references(table.column, on_delete: …)` or, in `foreign_key`, `references(table(a, b), …)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The referenced table.
    pub table: Ident,
    /// The referenced columns: one in `table.column` form, any number in `table(a, b)`.
    pub columns: Vec<Ident>,
    /// `on_delete: …`, with the span of the action's name; `None` when not written, which
    /// means `NO ACTION`.
    pub on_delete: Option<(ReferentialAction, Span)>,
    /// `on_update: …`, as `on_delete`.
    pub on_update: Option<(ReferentialAction, Span)>,
    /// `deferrable: initially_immediate | initially_deferred`, with the value's span.
    pub deferrable: Option<(crate::ir::Deferral, Span)>,
    /// Whether the target was written `table(a, b)` rather than `table.a`.
    pub list_form: bool,
    /// From `references` to its closing parenthesis.
    pub span: Span,
}

/// A table directive: a member that says something about the table rather than declaring a
/// column. Constraint and index names are `None` when not written; the IR then names them
/// as Postgres would (see [`constraint_name`](crate::constraint_name)).
#[derive(Debug, Clone, PartialEq)]
pub enum Directive {
    /// `tenant_root`: this table's rows are the tenants (one table per schema).
    TenantRoot(Span),
    /// `tenant organization_id`: each row belongs to the tenant its column names.
    Tenant(Ident),
    /// `tenant via task_id`: each row belongs to the tenant of the row its foreign key
    /// column points at.
    TenantVia(Ident),
    /// `no_primary_key`: the table has no primary key, deliberately.
    NoPrimaryKey(Span),
    /// `unscoped`: shared by all tenants although it references tenant data, deliberately.
    Unscoped(Span),
    /// `primary_key [name] (task_id, user_id)`: a composite primary key.
    PrimaryKey {
        /// `primary_key <name> (a, b)`; `<table>_pkey` when not given.
        name: Option<Ident>,
        /// The key's columns, in key order.
        columns: Vec<Ident>,
        /// The whole directive.
        span: Span,
    },
    /// `unique [name] (organization_id, slug)`: a unique constraint.
    Unique {
        /// The constraint's name, when written.
        name: Option<Ident>,
        /// The constrained columns, in order.
        columns: Vec<Ident>,
        /// Where `nulls_not_distinct` was written after the columns.
        nulls_not_distinct: Option<Span>,
        /// The whole directive.
        span: Span,
    },
    /// `check [name] (starts_at < ends_at)`: a table check constraint.
    Check {
        /// The constraint's name, when written.
        name: Option<Ident>,
        /// The condition each row must not make false.
        expr: Sql,
        /// The whole directive.
        span: Span,
    },
    /// `foreign_key [name] (org_id, project_id) references(projects(org_id, id), …)`: a
    /// composite foreign key.
    ForeignKey {
        /// The constraint's name, when written.
        name: Option<Ident>,
        /// The referencing columns of this table, matched in order with the reference's.
        columns: Vec<Ident>,
        /// The referenced table, columns and actions.
        reference: Reference,
        /// The whole directive.
        span: Span,
    },
    /// `index [name] (…) [unique] [using gin] [where (…)]`.
    Index(IndexDef),
    /// `renamed_from(old_name)`: the table's previous name, for migrations.
    RenamedFrom(Ident),
    /// `with (fillfactor = 70, autovacuum_enabled = off)`: storage parameters, verbatim.
    With(Sql),
    /// `trigger name before(update) for_each_row execute(touch_updated_at())`.
    Trigger(TriggerDef),
    /// `policy name [restrictive] [for select] [to(roles)] [using(…)] [with_check(…)]`.
    Policy(PolicyDef),
    /// `partition_by range (created_at)`: the table is partitioned, by `range`, `list` or
    /// `hash` of its columns.
    PartitionBy {
        /// `range`, `list` or `hash`.
        method: Ident,
        /// The partition key's columns, in order.
        columns: Vec<Ident>,
        /// The whole directive.
        span: Span,
    },
    /// `partition name from (…) to (…)`: one partition of a partitioned table.
    Partition(PartitionDef),
}

/// A `partition` directive.
#[derive(Debug, Clone, PartialEq)]
pub struct PartitionDef {
    /// The partition's name: a table of its own in Postgres.
    pub name: Ident,
    /// The rows it holds.
    pub bound: PartitionBoundDef,
    /// The whole directive.
    pub span: Span,
}

/// Which rows a partition holds, as written.
#[derive(Debug, Clone, PartialEq)]
pub enum PartitionBoundDef {
    /// `from (…) to (…)`: a range, lower bound included, upper bound excluded.
    Range {
        /// The lower bound's values, verbatim.
        from: Sql,
        /// The upper bound's values, verbatim.
        to: Sql,
    },
    /// `in (…)`: a list of values, verbatim.
    List(Sql),
    /// `modulus(n) remainder(r)`: the rows whose key hashes to `r` modulo `n`.
    Hash {
        /// The modulus, verbatim.
        modulus: Sql,
        /// The remainder, verbatim.
        remainder: Sql,
    },
    /// `default`: the rows no other partition holds.
    Default(Span),
}

/// A `trigger` directive.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerDef {
    /// The trigger's name.
    pub name: Ident,
    /// `before` or `after`.
    pub timing: Ident,
    /// The events in the parentheses after the timing: `insert`, `update`, `update(a, b)`,
    /// `delete`, `truncate`.
    pub events: Vec<TriggerEventDef>,
    /// Where `for_each_row` was written; a statement trigger without it.
    pub for_each_row: Option<Span>,
    /// `when(…)`: the condition on `old` and `new`.
    pub when: Option<Sql>,
    /// `execute(f(args))`: the call, verbatim.
    pub execute: Sql,
    /// The whole directive.
    pub span: Span,
}

/// One event of a [`TriggerDef`]: the word and, for `update(a, b)`, its columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TriggerEventDef {
    /// `insert`, `update`, `delete` or `truncate`.
    pub word: Ident,
    /// The columns of `update(a, b)`.
    pub columns: Vec<Ident>,
}

/// A `policy` directive: a Row-Level Security policy of the schema's own.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyDef {
    /// The policy's name.
    pub name: Ident,
    /// Where `restrictive` was written.
    pub restrictive: Option<Span>,
    /// `for select`, `for insert`, `for update`, `for delete`, `for all`.
    pub command: Option<Ident>,
    /// `to(role, …)`.
    pub roles: Vec<Ident>,
    /// `using(…)`: the rows a command sees.
    pub using: Option<Sql>,
    /// `with_check(…)`: the rows a command may write.
    pub with_check: Option<Sql>,
    /// The whole directive.
    pub span: Span,
}

/// An `index` directive: `index tasks_open_idx (due_at desc) where (done_at is null)`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    /// The index's name, when written; required when an element is an expression.
    pub name: Option<Ident>,
    /// The indexed columns and expressions, in order.
    pub elements: Vec<IndexElem>,
    /// Whether `unique` was written: a unique index.
    pub unique: bool,
    /// The access method after `using` (`btree`, `hash`, `gist`, `spgist`, `gin`, `brin`);
    /// `None` is Postgres's default, `btree`.
    pub using: Option<Ident>,
    /// The condition of a partial index, from `where (…)`.
    pub predicate: Option<Sql>,
    /// The columns of `include (…)`, stored in the index beside its key.
    pub include: Vec<Ident>,
    /// Where the option `nulls_not_distinct` was written.
    pub nulls_not_distinct: Option<Span>,
    /// `with (…)`: the index's storage parameters, verbatim.
    pub with: Option<Sql>,
    /// The whole directive.
    pub span: Span,
}

/// One element of an index: a column or a parenthesized expression, with its order.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexElem {
    /// What is indexed.
    pub target: IndexElemTarget,
    /// Whether `desc` was written.
    pub descending: bool,
    /// Whether `asc` was written out.
    pub explicit_asc: bool,
    /// `nulls first` or `nulls last`, as written.
    pub nulls: Option<crate::ir::Nulls>,
    /// The operator class written after the target (`title gin_trgm_ops`).
    pub opclass: Option<Ident>,
    /// The element with its `asc`/`desc` and `nulls` order.
    pub span: Span,
}

/// What an [`IndexElem`] indexes.
#[derive(Debug, Clone, PartialEq)]
pub enum IndexElemTarget {
    /// A column of the table, by name: `due_at`.
    Column(Ident),
    /// An expression in parentheses: `(lower(email))`.
    Expr(Sql),
}
