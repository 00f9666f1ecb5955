use schemaforge::Table;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, pg_type = "uuid")]
    id: NoteId,
    #[schemaforge(references(users.id, on_delete = explode))]
    author: String,
    #[schemaforge(default = )]
    body: String,
}

fn main() {}
