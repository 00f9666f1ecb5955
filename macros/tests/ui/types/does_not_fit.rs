use schemaforge::Table;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: NoteId,
    #[schemaforge(pg_type = "uuid")]
    author: String,
    #[schemaforge(pg_type = "varchar(80)")]
    title: i32,
    views: u32,
}

fn main() {}
