use schemaforge::Table;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: NoteId,
    #[schemaforge(nullable)]
    body: String,
    #[schemaforge(uniq)]
    slug: String,
}

fn main() {}
