use schemaforge::Table;

#[derive(Table)]
struct Note {
    #[schemaforge(primary_key, default = "gen_random_uuid()")]
    id: schemaforge::__private::uuid::Uuid,
}

#[derive(Table)]
struct Comment {
    #[schemaforge(primary_key)]
    id: CommentId,
    #[schemaforge(references(notes.id))]
    note_id: NoteId,
}

fn main() {}
