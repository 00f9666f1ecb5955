use schemaforge::Table;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid", pg_type = "text")]
    id: NoteId,
}

fn main() {}
