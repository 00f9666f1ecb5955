//! The syntax tree of schema files, with a span on every node.

use crate::ir::{Identity, ReferentialAction};
use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// The file's name as its [`Sources`](crate::Sources) give it (a path); its stem names
    /// the file's group in the docs. Empty for a file parsed on its own.
    pub name: String,
    /// Plain `//` comments (and blank lines between them) before the file's doc.
    pub leading_comments: Vec<TriviaLine>,
    /// The `//!` lines at the top of the file: the title and purpose of its group.
    pub doc: Option<Doc>,
    pub items: Vec<Item>,
    /// Comments after the last item.
    pub trailing_comments: Vec<TriviaLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trivia {
    /// Plain `//` comments on the lines before, and blank lines between them.
    pub comments: Vec<TriviaLine>,
    pub doc: Option<Doc>,
    /// A blank line came before (kept by `fmt`).
    pub blank_line_before: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TriviaLine {
    Comment(String),
    Blank,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
    pub quoted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Enum(EnumDef),
    Table(TableDef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub trivia: Trivia,
    pub name: Ident,
    pub values: Vec<EnumValueDef>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueDef {
    pub trivia: Trivia,
    pub name: Ident,
    pub renamed_from: Option<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableDef {
    pub trivia: Trivia,
    pub name: Ident,
    pub members: Vec<Member>,
    /// Comments before the closing brace.
    pub trailing_comments: Vec<TriviaLine>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub trivia: Trivia,
    pub kind: MemberKind,
    /// A `//` comment at the end of the member's line.
    pub line_comment: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MemberKind {
    Column(ColumnDef),
    Directive(Directive),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: Ident,
    pub ty: TypeExpr,
    pub nullable: bool,
    pub attrs: Vec<ColumnAttr>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeExpr {
    /// `double precision` is one name here.
    pub name: String,
    pub name_span: Span,
    /// `(n)` or `(p, s)`.
    pub args: Vec<(u32, Span)>,
    pub array_dims: u32,
    pub span: Span,
}

/// Verbatim SQL from between parentheses.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    pub text: String,
    pub span: Span,
    /// The whole construct as written, `default(…)` or `(…)`, for diagnostics about it.
    pub full: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ColumnAttr {
    PrimaryKey(Span),
    Unique(Span),
    References(Reference),
    Default(Sql),
    Check(Sql),
    Identity(Identity, Span),
    Generated(Sql),
    OnUpdate(Sql),
    Sensitive(Span),
    /// `global`, after `unique`: unique across the tenants of a scoped table, deliberately.
    Global(Span),
    RustType(Sql),
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
    pub table: Ident,
    pub columns: Vec<Ident>,
    pub on_delete: Option<(ReferentialAction, Span)>,
    pub on_update: Option<(ReferentialAction, Span)>,
    /// Whether the target was written `table(a, b)` rather than `table.a`.
    pub list_form: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Directive {
    TenantRoot(Span),
    Tenant(Ident),
    TenantVia(Ident),
    NoPrimaryKey(Span),
    /// `unscoped`: shared by all tenants although it references tenant data, deliberately.
    Unscoped(Span),
    PrimaryKey {
        columns: Vec<Ident>,
        span: Span,
    },
    Unique {
        name: Option<Ident>,
        columns: Vec<Ident>,
        span: Span,
    },
    Check {
        name: Option<Ident>,
        expr: Sql,
        span: Span,
    },
    ForeignKey {
        name: Option<Ident>,
        columns: Vec<Ident>,
        reference: Reference,
        span: Span,
    },
    Index(IndexDef),
    RenamedFrom(Ident),
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexDef {
    pub name: Option<Ident>,
    pub elements: Vec<IndexElem>,
    pub unique: bool,
    pub using: Option<Ident>,
    pub predicate: Option<Sql>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndexElem {
    pub target: IndexElemTarget,
    pub descending: bool,
    /// Whether `asc` was written out.
    pub explicit_asc: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum IndexElemTarget {
    Column(Ident),
    Expr(Sql),
}
