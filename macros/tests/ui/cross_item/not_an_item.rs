use schemaforge::{PgEnum, Table};

#[derive(Table)]
enum Status {
    Open,
}

#[derive(PgEnum)]
enum Shape {
    Circle { radius: f64 },
}

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: NoteId,
    /// Not a `#[derive(PgEnum)]`.
    status: std::time::Duration,
}

fn main() {}
