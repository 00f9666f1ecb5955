//! The migrations folder as a library call, as a crate's own test would use it: a schema
//! ahead of the folder is `Changed`, the next migration's files written make it
//! `UpToDate`, and nothing is written by the library itself.

use schemaforge_generator::migrations::{Folder, MigrationOptions, Status};
use schemaforge_schema::ir::Schema;

fn compile(text: &str) -> Schema {
    let mut sources = schemaforge_schema::Sources::new();
    sources.add("app.forge", text.to_string());
    match schemaforge_schema::compile(&sources) {
        Ok(schema) => schema,
        Err(d) => panic!("{}", d.render(&sources)),
    }
}

#[test]
fn a_folder_is_checked_and_extended_by_library_calls() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let options = MigrationOptions::default();
    let v1 = compile("table notes {\n  id uuid primary_key\n  body text\n}\n");

    let empty = Folder::read(dir.path()).expect("a missing folder is an empty history");
    assert_eq!(empty.last_id(), None);
    assert!(matches!(
        empty.check(&v1, &options),
        Ok(Status::Changed { steps: 1 })
    ));
    let next = empty
        .next(&v1, "create_notes", 20_250_301_120_000, &options)
        .expect("a migration")
        .expect("a change");
    assert!(
        std::fs::read_dir(dir.path())
            .expect("the temp dir")
            .next()
            .is_none(),
        "the library writes nothing itself"
    );
    let names: Vec<String> = next
        .files
        .iter()
        .map(|(p, _)| {
            p.strip_prefix(dir.path())
                .expect("in the folder")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "20250301120000_create_notes.sql",
            "snapshots/20250301120000_create_notes.json"
        ]
    );
    assert!(next.files[0].1.contains("CREATE TABLE notes"));
    for (path, text) in &next.files {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("the folder");
        std::fs::write(path, text).expect("written");
    }

    let folder = Folder::read(dir.path()).expect("the folder");
    assert_eq!(folder.last_id(), Some("20250301120000_create_notes"));
    assert_eq!(folder.check(&v1, &options), Ok(Status::UpToDate));
    assert!(
        folder
            .next(&v1, "again", 20_250_301_130_000, &options)
            .expect("no error")
            .is_none()
    );

    let v2 = compile("table notes {\n  id uuid primary_key\n  body text\n  title text?\n}\n");
    assert_eq!(
        folder.check(&v2, &options),
        Ok(Status::Changed { steps: 1 })
    );
    let err = folder.next(&v2, "bad name", 20_250_301_130_000, &options);
    assert!(matches!(err, Err(e) if e.contains("letters, digits and `_`")));
    let citus = MigrationOptions {
        citus: true,
        ..options
    };
    let engine = folder.check(&v2, &citus);
    assert!(matches!(engine, Err(e) if e.contains("without --citus")));
}
