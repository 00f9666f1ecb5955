//! What `#[derive(Table)]` and `#[derive(PgEnum)]` tell each other through the compiler.
//!
//! A derive sees one item. A foreign key field's type is another table's id, a column's
//! type may be an enum derived elsewhere, and a tenant column must lead to the tenant root:
//! facts of other items. Each derive implements these traits for its own item, and checks
//! the items its fields name through them, so that a mistake is a compile error.

use crate::Table;

/// The typed id of a table's one-column primary key, e.g. `OrganizationId`: which table and
/// column it is the key of, and its Postgres type. `#[derive(Table)]` implements it.
///
/// ```
/// use schemaforge::{Table, TableId};
///
/// struct Note;
/// impl Table for Note {
///     const NAME: &'static str = "notes";
///     const COLUMNS: &'static [&'static str] = &["id"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
/// struct NoteId(i64);
/// impl TableId for NoteId {
///     type Table = Note;
///     const TABLE: &'static str = "notes";
///     const COLUMN: &'static str = "id";
///     const PG_TYPE: &'static str = "bigint";
/// }
/// assert_eq!(<NoteId as TableId>::Table::NAME, "notes");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the id type of a table",
    label = "a foreign key field has the id type of the table it references",
    note = "`#[derive(Table)]` defines the id type of a table whose primary key is one column, e.g. `OrganizationId` for `struct Organization`"
)]
pub trait TableId {
    /// The row type of the table.
    type Table: Table;
    /// The table's Postgres name.
    const TABLE: &'static str;
    /// The primary key column.
    const COLUMN: &'static str;
    /// The key's Postgres type, e.g. `uuid`.
    const PG_TYPE: &'static str;
}

/// A Postgres enum's name and values. `#[derive(PgEnum)]` implements it.
///
/// ```
/// use schemaforge::PgEnum;
///
/// enum Mood { Happy, Sad }
/// impl PgEnum for Mood {
///     const NAME: &'static str = "mood";
///     const VALUES: &'static [&'static str] = &["happy", "sad"];
/// }
/// assert_eq!(Mood::VALUES.len(), 2);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Postgres enum",
    label = "a column of a type schemaforge does not map is a Postgres enum",
    note = "add `#[derive(PgEnum)]` to the enum, or give the column `pg_type = \"…\"` with its Postgres type"
)]
pub trait PgEnum {
    /// The Postgres type name.
    const NAME: &'static str;
    /// The values, in order.
    const VALUES: &'static [&'static str];
}

/// The tenant root's row type (`#[schemaforge(tenant_root)]`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not the tenant root",
    label = "`tenant = …` names a field that references the tenant root",
    note = "mark the tenant table `#[schemaforge(tenant_root)]`, or scope through a parent with `tenant_via = …`"
)]
pub trait TenantRoot: Table {}

/// The row type of a tenant-scoped table (`tenant = …` or `tenant_via = …`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not tenant-scoped",
    label = "`tenant_via = …` names a field that references a tenant-scoped table",
    note = "give the parent table `#[schemaforge(tenant = …)]` or `#[schemaforge(tenant_via = …)]`"
)]
pub trait TenantScoped: Table {
    /// The way from a row of the table to the column that holds its tenant, from which a
    /// `tenant_via` child's derive builds its statements at compile time.
    const TENANT: TenantWay;
}

/// How a tenant-scoped table's rows reach their tenant: the foreign keys from the table up
/// to the table that holds the tenant column, then that column. Names are SQL, quoted as
/// needed.
///
/// ```
/// use schemaforge::{TenantHop, TenantWay};
///
/// // `tasks` is scoped by its own column; `task_assignees` through `task_id`.
/// const TASKS: TenantWay = TenantWay { path: &[], column: "organization_id" };
/// const ASSIGNEES: TenantWay = TenantWay {
///     path: &[TenantHop { column: "task_id", table: "tasks", key: "id" }],
///     column: "organization_id",
/// };
/// assert_eq!(ASSIGNEES.path.len(), TASKS.path.len() + 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantWay {
    /// The foreign keys, from the table itself; empty for a table scoped by its own column.
    pub path: &'static [TenantHop],
    /// The tenant column of the last table of the path (or of the table itself).
    pub column: &'static str,
}

/// One foreign key on a [`TenantWay`]: `column` of the previous table (the scoped table
/// itself first) references `table.key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TenantHop {
    /// The foreign key column.
    pub column: &'static str,
    /// The referenced (parent) table.
    pub table: &'static str,
    /// The referenced column of the parent.
    pub key: &'static str,
}

/// The way of a `tenant_via` table: `first` (its own foreign key), then its parent's path.
#[doc(hidden)]
pub const fn tenant_path<const N: usize>(first: TenantHop, rest: &[TenantHop]) -> [TenantHop; N] {
    let mut path = [first; N];
    let mut i = 0;
    while i < rest.len() && i + 1 < N {
        path[i + 1] = rest[i];
        i += 1;
    }
    path
}

/// A piece of a `tenant_via` table's statement: SQL text, or a part of the `EXISTS` that
/// follows the table's [`TenantWay`] (the `FROM` of the parents, aliased `parent_1`, …; the
/// first parent's key; the tenant column), as the build script writes them.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum SqlPiece {
    Text(&'static str),
    From,
    Link,
    Tenant,
}

/// Writes bytes into a buffer as far as it reaches, and counts them all.
struct Out<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Out<'_> {
    const fn bytes(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            if self.len < self.buf.len() {
                self.buf[self.len] = bytes[i];
            }
            self.len += 1;
            i += 1;
        }
    }

    const fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    /// `parent_<n>`, or `_parent_<n>` when that is the name of the table `own` itself.
    const fn alias(&mut self, own: &str, n: usize) {
        let mut digits = [0u8; 20];
        let mut count = 0;
        let mut rest = n;
        loop {
            digits[digits.len() - 1 - count] = b'0' + (rest % 10) as u8;
            count += 1;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let (_, number) = digits.split_at(digits.len() - count);
        let own = own.as_bytes();
        let prefix = b"parent_";
        let mut same = own.len() == prefix.len() + count;
        let mut i = 0;
        while same && i < own.len() {
            let expected = if i < prefix.len() {
                prefix[i]
            } else {
                number[i - prefix.len()]
            };
            same = own[i] == expected;
            i += 1;
        }
        if same {
            self.str("_");
        }
        self.bytes(prefix);
        self.bytes(number);
    }
}

const fn write_tenant_sql(
    buf: &mut [u8],
    own: &str,
    way: &TenantWay,
    pieces: &[SqlPiece],
) -> usize {
    let mut out = Out { buf, len: 0 };
    let path = way.path;
    let mut i = 0;
    while i < pieces.len() {
        match pieces[i] {
            SqlPiece::Text(text) => out.str(text),
            SqlPiece::From => {
                let mut hop = 0;
                while hop < path.len() {
                    if hop == 0 {
                        out.str(path[0].table);
                        out.str(" ");
                        out.alias(own, 1);
                    } else {
                        out.str(" JOIN ");
                        out.str(path[hop].table);
                        out.str(" ");
                        out.alias(own, hop + 1);
                        out.str(" ON ");
                        out.alias(own, hop + 1);
                        out.str(".");
                        out.str(path[hop].key);
                        out.str(" = ");
                        out.alias(own, hop);
                        out.str(".");
                        out.str(path[hop].column);
                    }
                    hop += 1;
                }
            }
            SqlPiece::Link => {
                if !path.is_empty() {
                    out.alias(own, 1);
                    out.str(".");
                    out.str(path[0].key);
                }
            }
            SqlPiece::Tenant => {
                if !path.is_empty() {
                    out.alias(own, path.len());
                    out.str(".");
                }
                out.str(way.column);
            }
        }
        i += 1;
    }
    out.len
}

/// The length of [`tenant_sql`]'s text.
#[doc(hidden)]
pub const fn tenant_sql_len(own: &str, way: &TenantWay, pieces: &[SqlPiece]) -> usize {
    write_tenant_sql(&mut [], own, way, pieces)
}

/// The statement of table `own` (its unquoted name) that `pieces` spell, with the parts of
/// `way` in their places, as UTF-8 of length `N` (from [`tenant_sql_len`]).
#[doc(hidden)]
pub const fn tenant_sql<const N: usize>(
    own: &str,
    way: &TenantWay,
    pieces: &[SqlPiece],
) -> [u8; N] {
    let mut buf = [0u8; N];
    write_tenant_sql(&mut buf, own, way, pieces);
    buf
}

/// [`tenant_sql`] at run time.
#[doc(hidden)]
pub fn tenant_sql_string(own: &str, way: &TenantWay, pieces: &[SqlPiece]) -> String {
    let mut buf = vec![0u8; tenant_sql_len(own, way, pieces)];
    write_tenant_sql(&mut buf, own, way, pieces);
    String::from_utf8_lossy(&buf).into_owned()
}

/// A `tenant_via` table's statement as a `&'static str`, built at compile time from the
/// table's [`TenantWay`]: `tenant_sql!(Row, "table", "SELECT … EXISTS (SELECT 1 FROM ",
/// from, " WHERE ", link, " = table.fk AND ", tenant, " = $1)")`.
#[doc(hidden)]
#[macro_export]
macro_rules! __tenant_sql {
    (@piece from) => {
        $crate::__private::SqlPiece::From
    };
    (@piece link) => {
        $crate::__private::SqlPiece::Link
    };
    (@piece tenant) => {
        $crate::__private::SqlPiece::Tenant
    };
    (@piece $text:literal) => {
        $crate::__private::SqlPiece::Text($text)
    };
    ($row:ty, $own:literal, $($piece:tt),+ $(,)?) => {{
        const WAY: $crate::TenantWay = <$row as $crate::TenantScoped>::TENANT;
        const PIECES: &[$crate::__private::SqlPiece] = &[$($crate::__tenant_sql!(@piece $piece)),+];
        const LEN: usize = $crate::__private::tenant_sql_len($own, &WAY, PIECES);
        const BYTES: [u8; LEN] = $crate::__private::tenant_sql($own, &WAY, PIECES);
        const SQL: &str = match ::core::str::from_utf8(&BYTES) {
            ::core::result::Result::Ok(sql) => sql,
            ::core::result::Result::Err(_) => ::core::panic!("schemaforge: a statement is not UTF-8"),
        };
        SQL
    }};
}

/// Whether two strings are equal, in a constant.
#[doc(hidden)]
pub const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `list` holds `value`, in a constant.
#[doc(hidden)]
pub const fn contains(list: &[&str], value: &str) -> bool {
    let mut i = 0;
    while i < list.len() {
        if str_eq(list[i], value) {
            return true;
        }
        i += 1;
    }
    false
}
