//! These start a real PostgreSQL (or use `DATABASE_URL`).

use std::path::Path;

use schemaforge_testkit::cluster;

#[test]
fn databases_answer_queries() {
    let db = cluster().create_database();
    assert_eq!(db.psql("select 1").unwrap(), "1");
    assert_eq!(db.psql("select current_database()").unwrap(), db.name());
}

#[test]
fn databases_are_distinct() {
    let a = cluster().create_database();
    let b = cluster().create_database();
    assert_ne!(a.name(), b.name());
    assert_ne!(a.url(), b.url());

    a.psql("create table only_in_a (id int primary key); insert into only_in_a values (1), (2)")
        .unwrap();
    assert_eq!(
        a.psql("select id from only_in_a order by id").unwrap(),
        "1\n2"
    );
    let missing = b.psql("select * from only_in_a").unwrap_err();
    assert!(missing.contains("does not exist"), "{missing}");
    assert_eq!(
        b.psql("select count(*) from pg_class where relname = 'only_in_a'")
            .unwrap(),
        "0"
    );
}

#[test]
fn errors_stop_the_script_and_carry_psql_stderr() {
    let db = cluster().create_database();
    let error = db
        .psql("create table t (id int);\nselect nonsense;\ncreate table never (id int);")
        .unwrap_err();
    assert!(error.contains("ERROR"), "{error}");
    assert!(error.contains(":2:"), "error should name line 2: {error}");
    assert_eq!(db.psql("select to_regclass('never') is null").unwrap(), "t");
}

#[test]
fn server_version_matches_the_binaries() {
    let cluster = cluster();
    let db = cluster.create_database();
    let version_num = db
        .psql("select current_setting('server_version_num')")
        .unwrap();
    assert!(
        version_num.starts_with(&cluster.major_version().to_string()),
        "server_version_num {version_num} vs major version {}",
        cluster.major_version()
    );
    let has_15 = Path::new("/usr/lib/postgresql/15/bin/postgres").exists();
    if has_15 && std::env::var_os("DATABASE_URL").is_none() {
        assert_eq!(cluster.major_version(), 15);
        assert!(version_num.starts_with("15"), "{version_num}");
    }
}

#[test]
fn urls_point_at_the_socket() {
    let db = cluster().create_database();
    if std::env::var_os("DATABASE_URL").is_some() {
        return;
    }
    let url = db.url();
    let expected_prefix = "postgres://postgres@localhost:";
    assert!(url.starts_with(expected_prefix), "{url}");
    let (_, host) = url.split_once("?host=").unwrap();
    assert!(host.starts_with('/'), "{url}");
    let port = &url[expected_prefix.len()..url.find(&format!("/{}", db.name())).unwrap()];
    let socket = Path::new(host).join(format!(".s.PGSQL.{port}"));
    assert!(socket.exists(), "no socket at {}", socket.display());
    // psql reads the same URL the way sqlx does.
    let via_url = std::process::Command::new("psql")
        .args(["-X", "-A", "-t", "-c", "select current_database()", url])
        .output();
    if let Ok(output) = via_url {
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), db.name());
    }
}
