/// A table of the schema, implemented by each generated row type.
///
/// ```
/// use schemaforge::Table;
///
/// struct Note;
///
/// impl Table for Note {
///     const NAME: &'static str = "notes";
///     const COLUMNS: &'static [&'static str] = &["id", "body"];
///     const PRIMARY_KEY: &'static [&'static str] = &["id"];
/// }
///
/// assert_eq!(Note::COLUMNS.len(), 2);
/// ```
pub trait Table {
    /// The table's Postgres name.
    const NAME: &'static str;
    /// Every column, in schema order (the order of the row type's fields).
    const COLUMNS: &'static [&'static str];
    /// The primary key's columns; empty for a table declared `no_primary_key`.
    const PRIMARY_KEY: &'static [&'static str];
}
