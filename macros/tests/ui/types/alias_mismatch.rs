use schemaforge::Table;

type Title = i64;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "bigint", identity)]
    id: NoteId,
    #[schemaforge(pg_type = "text")]
    title: Title,
}

fn main() {}
