//! The generated Rust of a schema whose names are Rust keywords (strict, reserved, and
//! those that cannot be raw), SQL reserved words, digits first and unicode compiles, and
//! its items are usable under the names the generator documents.

#[allow(dead_code)]
mod adversarial {
    schemaforge::include_schema!("adversarial");
}

use adversarial::*;

#[test]
fn keyword_names_become_raw_or_suffixed_identifiers() {
    // `enum "type"`: a raw identifier; its values keep their SQL spelling.
    let values = [
        Type::Self_,
        Type::Super,
        Type::Crate,
        Type::Fn,
        Type::Match,
        Type::Async,
        Type::Await,
        Type::Dyn,
        Type::Gen,
        Type::Try,
        Type::V1st,
        Type::InProgress,
        Type::End,
    ];
    let sql: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
    assert_eq!(
        sql,
        [
            "self",
            "super",
            "crate",
            "fn",
            "match",
            "async",
            "await",
            "dyn",
            "gen",
            "try",
            "1st",
            "in progress",
            "end"
        ]
    );
    // `enum "Self"` cannot be a raw identifier.
    assert_eq!(Self_::Where.as_str(), "where");
    assert_eq!(Self_::Union.as_str(), "union");
}

#[test]
fn keyword_columns_are_fields_of_the_rows() {
    let new = NewMatch {
        id: None,
        self_: "me".to_string(),
        r#type: None,
        crate_: Some(1),
        super_: None,
        _1st: None,
        café: Some("noir".to_string()),
        user: None,
        order: None,
        r#async: None,
    };
    assert_eq!(new.self_, "me");
    let patch = FnPatch {
        r#dyn: Some(Some("x".to_string())),
        ..FnPatch::default()
    };
    assert!(patch.r#dyn.is_some());
}

/// The helpers' SQL quotes what Postgres reserves (`"order"`, `"user"`) and what is not a
/// plain identifier (`"1st"`, `"café"`): every statement runs on a real Postgres.
#[tokio::test]
async fn the_helpers_run_on_postgres() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/good/adversarial_names");
    let schema = match schemaforge_schema::load(&path) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the fixture must compile:\n{}", e.render()),
    };
    let db = schemaforge_testkit::cluster().create_database();
    let options = schemaforge_generator::emit::sql::SqlOptions::default();
    let ddl = schemaforge_generator::emit::sql::emit(&schema, &options);
    db.psql(&ddl).unwrap_or_else(|e| panic!("{e}\n{ddl}"));
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .expect("connect");

    let all = Unscoped::i_am_bypassing_tenant_isolation();
    let new = NewMatch::new("me".to_string())
        .with_type(Type::Self_)
        .with_1st(Some("first".to_string()))
        .with_café(Some("noir".to_string()))
        .with_user(Some("u".to_string()))
        .with_order(7);
    let row = Match::insert(&pool, &new).await.expect("insert");
    assert_eq!(all.r#match().count(&pool).await.expect("count"), 1);
    assert_eq!(
        (
            row.r#type,
            row._1st.as_deref(),
            row.café.as_deref(),
            row.user.as_deref(),
            row.order
        ),
        (Type::Self_, Some("first"), Some("noir"), Some("u"), 7)
    );

    let scope = MatchScope::new(row.id);
    let patch = MatchPatch::default().with_order(8).with_1st(None);
    let updated = scope.r#match().update(&pool, &patch).await.expect("update");
    assert_eq!(updated.map(|r| (r.order, r._1st)), Some((8, None)));

    let child = scope
        .r#fn()
        .insert(
            &pool,
            &NewFn::new().with_loop(vec![Type::Fn, Type::InProgress]),
        )
        .await
        .expect("insert fn");
    assert_eq!(child.r#loop, [Type::Fn, Type::InProgress]);
    let patch = FnPatch::default().with_dyn(Some("d".to_string()));
    let changed = scope
        .r#fn()
        .update(&pool, &child.id, &patch)
        .await
        .expect("update fn");
    assert_eq!(changed.and_then(|r| r.r#dyn).as_deref(), Some("d"));
    let listed = scope
        .r#fn()
        .list(&pool, schemaforge::Page::first(10))
        .await
        .expect("list");
    assert_eq!(listed.len(), 1);
    let gone = scope.r#fn().delete(&pool, &child.id).await.expect("delete");
    assert!(gone.is_some());

    // An unscoped table named by a keyword that cannot be raw: `Super`.
    let shared = Super::insert(
        &pool,
        &NewSuper::new(SuperId::new("k".to_string())).with_where(Some("w".to_string())),
    )
    .await
    .expect("insert super");
    assert_eq!(shared.r#where.as_deref(), Some("w"));
}
