//! Creation order: foreign-key dependencies, stability, cycles, self references.

use schemaforge_schema::ir::*;

use super::*;

#[test]
fn tables_come_after_the_tables_they_reference() {
    let schema = Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: Vec::new(),
        tables: vec![
            linked("c", &["b", "a"]),
            linked("b", &["a"]),
            linked("a", &[]),
            linked("d", &[]),
            linked("e", &["d"]),
        ],
    };
    let sql = sql_of(&schema);
    let order: Vec<usize> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|t| pos(&sql, &format!("CREATE TABLE {t} (")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{sql}");
    assert!(
        !sql.contains("ALTER TABLE"),
        "no cycle, nothing deferred:\n{sql}"
    );
    assert!(statement(&sql, "CREATE TABLE c (").contains(
        "CONSTRAINT c_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id),\n    \
         CONSTRAINT c_a_id_fkey FOREIGN KEY (a_id) REFERENCES a (id)\n);"
    ));
}

#[test]
fn ready_tables_keep_schema_order() {
    let schema = Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: Vec::new(),
        tables: vec![linked("z", &[]), linked("y", &["x"]), linked("x", &[])],
    };
    let sql = sql_of(&schema);
    assert!(pos(&sql, "TABLE z (") < pos(&sql, "TABLE x ("));
    assert!(pos(&sql, "TABLE x (") < pos(&sql, "TABLE y ("));
}

#[test]
fn a_two_table_cycle_defers_one_foreign_key() {
    let schema = Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: Vec::new(),
        tables: vec![
            linked("a", &["b"]),
            linked("b", &["a"]),
            linked("c", &["a"]),
        ],
    };
    let sql = sql_of(&schema);
    let a = statement(&sql, "CREATE TABLE a (");
    assert!(!a.contains("FOREIGN KEY"), "{a}");
    assert!(statement(&sql, "CREATE TABLE b (").contains("REFERENCES a (id)"));
    assert!(statement(&sql, "CREATE TABLE c (").contains("REFERENCES a (id)"));
    let alter =
        "ALTER TABLE a\n    ADD CONSTRAINT a_b_id_fkey FOREIGN KEY (b_id) REFERENCES b (id);\n";
    assert!(sql.ends_with(alter), "{sql}");
    assert!(pos(&sql, "CREATE TABLE c (") < pos(&sql, "ALTER TABLE"));
    assert_eq!(sql.matches("ALTER TABLE").count(), 1);
}

#[test]
fn a_longer_cycle_defers_only_what_it_must() {
    // a → b → c → a, and a → d which is ready: only a → b waits.
    let schema = Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: Vec::new(),
        tables: vec![
            linked("a", &["b", "d"]),
            linked("b", &["c"]),
            linked("c", &["a"]),
            linked("d", &[]),
        ],
    };
    let sql = sql_of(&schema);
    // d is ready first; then no table is ready, so a goes first, keeping its FK to d.
    let order: Vec<usize> = ["d", "a", "c", "b"]
        .iter()
        .map(|t| pos(&sql, &format!("CREATE TABLE {t} (")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{sql}");
    assert!(statement(&sql, "CREATE TABLE a (").contains("REFERENCES d (id)"));
    assert_eq!(sql.matches("ALTER TABLE").count(), 1, "{sql}");
    assert!(sql.contains("ALTER TABLE a\n    ADD CONSTRAINT a_b_id_fkey"));
}

#[test]
fn self_references_stay_inline() {
    let mut employees = linked("employees", &[]);
    employees
        .columns
        .push(nullable(scalar("manager_id", ScalarType::Uuid)));
    employees.foreign_keys.push(ForeignKey {
        on_delete: ReferentialAction::SetNull,
        ..fk(
            "employees_manager_id_fkey",
            &["manager_id"],
            "employees",
            &["id"],
        )
    });
    let schema = Schema {
        format: Schema::FORMAT,
        extensions: Vec::new(),
        functions: Vec::new(),
        views: Vec::new(),
        sequences: Vec::new(),
        groups: Vec::new(),
        enums: Vec::new(),
        tables: vec![employees],
    };
    let sql = sql_of(&schema);
    assert!(!sql.contains("ALTER TABLE"));
    assert!(sql.contains(
        "CONSTRAINT employees_manager_id_fkey FOREIGN KEY (manager_id) \
         REFERENCES employees (id) ON DELETE SET NULL\n);"
    ));
}
