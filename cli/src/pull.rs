//! `schemaforge pull`: one namespace of a live database, written as a `.forge` schema.

use std::path::PathBuf;

use schemaforge_schema::Sources;
use schemaforge_schema::adopt::{self, Catalog, Options};
use sqlx::Connection;

use crate::Failure;

/// The arguments of `pull`.
#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The database, as a URL: `postgres://user:password@host:port/database`.
    url: String,
    /// The folder to write the schema into (created if missing), as `<namespace>.forge`.
    #[arg(long)]
    out: PathBuf,
    /// The namespace (Postgres schema) to read.
    #[arg(long, default_value = "public")]
    schema: String,
    /// The tenant root's table: tables with a NOT NULL foreign key to its primary key become
    /// tenant tables, and those of no tenant that reference them `unscoped`.
    #[arg(long)]
    tenant_root: Option<String>,
    /// Exit 1, writing nothing, if anything of the database is not carried.
    #[arg(long)]
    strict: bool,
}

/// Reads the catalog of `schema` on `url`, as one JSON document; `None` if the database has
/// no such namespace that this role may use.
async fn read_catalog(url: &str, schema: &str) -> Result<Option<String>, sqlx::Error> {
    let mut conn = sqlx::PgConnection::connect(url).await?;
    // The namespace alone, so that expressions print its names unqualified.
    sqlx::query("select set_config('search_path', quote_ident($1), false)")
        .bind(schema)
        .execute(&mut conn)
        .await?;
    let current: Option<String> = sqlx::query_scalar("select current_schema()")
        .fetch_one(&mut conn)
        .await?;
    if current.is_none() {
        conn.close().await?;
        return Ok(None);
    }
    let json: String = sqlx::query_scalar(adopt::CATALOG_QUERY)
        .fetch_one(&mut conn)
        .await?;
    conn.close().await?;
    Ok(Some(json))
}

pub fn run(args: &PullArgs) -> Result<(), Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("error: cannot start the runtime: {e}");
            Failure::Reported
        })?;
    let json = runtime
        .block_on(read_catalog(&args.url, &args.schema))
        .map_err(|e| {
            eprintln!("error: cannot read the catalog of `{}`: {e}", args.schema);
            Failure::Reported
        })?;
    let Some(json) = json else {
        eprintln!(
            "error: the database has no namespace `{}` (or this role may not use it)",
            args.schema
        );
        return Err(Failure::Reported);
    };
    let catalog: Catalog = serde_json::from_str(&json).map_err(|e| {
        eprintln!("error: the catalog did not read (a bug of schemaforge's): {e}");
        Failure::Reported
    })?;
    let options = Options {
        tenant_root: args.tenant_root.clone(),
    };
    let adopted = adopt::adopt(&catalog, &options).map_err(|e| {
        eprintln!("error: {e}");
        Failure::Reported
    })?;
    let path = args.out.join(&adopted.file_name);

    // The schema must pass `check` as written; its errors point into the text.
    let mut sources = Sources::new();
    sources.add_path(&path, adopted.source.clone());
    let schema = schemaforge_schema::compile(&sources).map_err(|d| {
        eprint!("{}", crate::render(&d, &sources));
        eprintln!(
            "error: the schema written from `{}` does not pass `check`; nothing was written",
            args.schema
        );
        Failure::Reported
    })?;

    for line in &adopted.tenancy {
        eprintln!("tenancy: {line}");
    }
    if !adopted.omissions.is_empty() {
        eprintln!(
            "{} not carried ({}):",
            if args.strict { "error" } else { "warning" },
            adopted.omissions.len()
        );
        for o in &adopted.omissions {
            eprintln!("  {o}");
        }
        if args.strict {
            eprintln!("error: --strict: nothing was written");
            return Err(Failure::Reported);
        }
    }
    std::fs::create_dir_all(&args.out)
        .and_then(|()| write_whole(&path, &adopted.source))
        .map_err(|e| {
            eprintln!("error: cannot write {}: {e}", path.display());
            Failure::Reported
        })?;
    eprintln!(
        "{}: {} enums, {} tables, {} views, {} functions from `{}`",
        path.display(),
        schema.enums.len(),
        schema.tables.len(),
        schema.views.len(),
        schema.functions.len(),
        args.schema
    );
    Ok(())
}

/// Writes `text` to `path` whole or not at all: into a file beside it, then renamed over it.
fn write_whole(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, path)
}
