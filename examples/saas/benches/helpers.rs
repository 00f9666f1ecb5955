//! The generated helpers against hand-written `sqlx::query_as` with the same SQL, on the same
//! pool (one connection, so both take the same path to the same server): get a task by id,
//! list 100 tasks, insert a task. Prints the median time of each and their ratio.
//!
//! `cargo bench -p saas-example --bench helpers` (a throwaway PostgreSQL, or `DATABASE_URL`).

use std::path::Path;
use std::time::{Duration, Instant};

use saas_example::db::*;
use schemaforge::Page;
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

const COLUMNS: &str = "id, organization_id, title, description, status, priority, due_at, \
                       created_by_user_id, created_at, updated_at";
const ROUNDS: usize = 20;
const PER_ROUND: usize = 200;

fn main() {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(run());
}

async fn run() {
    let pool = database().await;
    let org = Organization::insert(&pool, &NewOrganization::new("Bench".into(), "bench".into()))
        .await
        .unwrap();
    let scope = OrganizationScope::new(org.id);
    let seed: Vec<NewTask> = (0..1_000)
        .map(|i| NewTask::new(format!("task {i}")))
        .collect();
    let tasks = scope.tasks().insert_many(&pool, &seed).await.unwrap();
    let ids: Vec<TaskId> = tasks.iter().map(|t| t.id).collect();

    let get_sql = format!("SELECT {COLUMNS} FROM tasks WHERE id = $1 AND organization_id = $2");
    let list_sql = format!(
        "SELECT {COLUMNS} FROM tasks WHERE organization_id = $1 ORDER BY id LIMIT $2 OFFSET $3"
    );
    let insert_sql = format!(
        "INSERT INTO tasks ({COLUMNS}) VALUES (DEFAULT, $1, $2, DEFAULT, DEFAULT, DEFAULT, \
         DEFAULT, DEFAULT, DEFAULT, DEFAULT) RETURNING {COLUMNS}"
    );
    let get_sql = get_sql.as_str();
    let list_sql = list_sql.as_str();
    let insert_sql = insert_sql.as_str();

    let mut results = Vec::new();
    let next = std::cell::Cell::new(0_usize);
    let next_id = || {
        next.set(next.get() + 1);
        ids[next.get() % ids.len()]
    };
    results.push((
        "get by id",
        compare(
            || {
                let id = next_id();
                let scope = &scope;
                let pool = &pool;
                async move {
                    let row = scope.tasks().get(pool, &id).await.unwrap();
                    assert!(row.is_some());
                }
            },
            || {
                let id = next_id();
                let pool = &pool;
                async move {
                    let row = sqlx::query_as::<_, Task>(get_sql)
                        .bind(id)
                        .bind(org.id)
                        .fetch_optional(pool)
                        .await
                        .unwrap();
                    assert!(row.is_some());
                }
            },
        )
        .await,
    ));
    results.push((
        "list 100 rows",
        compare(
            || {
                let (scope, pool) = (&scope, &pool);
                async move {
                    let rows = scope.tasks().list(pool, Page::first(100)).await.unwrap();
                    assert_eq!(rows.len(), 100);
                }
            },
            || {
                let pool = &pool;
                async move {
                    let rows = sqlx::query_as::<_, Task>(list_sql)
                        .bind(org.id)
                        .bind(100_i64)
                        .bind(0_i64)
                        .fetch_all(pool)
                        .await
                        .unwrap();
                    assert_eq!(rows.len(), 100);
                }
            },
        )
        .await,
    ));
    results.push((
        "insert",
        compare(
            || {
                let (scope, pool) = (&scope, &pool);
                async move {
                    let new = NewTask::new("benchmark".into());
                    scope.tasks().insert(pool, &new).await.unwrap();
                }
            },
            || {
                let pool = &pool;
                async move {
                    sqlx::query_as::<_, Task>(insert_sql)
                        .bind(org.id)
                        .bind("benchmark")
                        .fetch_one(pool)
                        .await
                        .unwrap();
                }
            },
        )
        .await,
    ));

    println!("\n| operation | helper | hand-written `query_as` | ratio |");
    println!("| --- | --- | --- | --- |");
    for (name, (helper, hand)) in results {
        println!(
            "| {name} | {} | {} | {:.2} |",
            micros(helper),
            micros(hand),
            helper.as_secs_f64() / hand.as_secs_f64()
        );
    }
    println!(
        "\nMedian over {ROUNDS} rounds of the mean time of {PER_ROUND} calls; rounds of the two \
         alternate, one connection."
    );
}

fn micros(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

/// The median per-call time of `helper` and of `hand`, run in alternating rounds after a
/// warm-up (which also prepares every statement on the connection).
async fn compare<FA, FB>(
    mut helper: impl FnMut() -> FA,
    mut hand: impl FnMut() -> FB,
) -> (Duration, Duration)
where
    FA: Future<Output = ()>,
    FB: Future<Output = ()>,
{
    for _ in 0..50 {
        helper().await;
        hand().await;
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Each goes first in every other round, so that neither gains from going second.
        if round % 2 == 0 {
            a.push(time(&mut helper).await);
            b.push(time(&mut hand).await);
        } else {
            b.push(time(&mut hand).await);
            a.push(time(&mut helper).await);
        }
    }
    a.sort();
    b.sort();
    (a[ROUNDS / 2], b[ROUNDS / 2])
}

/// The mean time of one call over a round.
async fn time<F: Future<Output = ()>>(call: &mut impl FnMut() -> F) -> Duration {
    let start = Instant::now();
    for _ in 0..PER_ROUND {
        call().await;
    }
    start.elapsed() / PER_ROUND as u32
}

async fn database() -> PgPool {
    let schema_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let schema = schemaforge_schema::load(&schema_dir)
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .schema;
    let ddl = schemaforge_generator::emit::sql::emit(&schema, &Default::default());
    let db = schemaforge_testkit::cluster().create_database();
    db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")).unwrap();
    PgPoolOptions::new()
        .max_connections(1)
        .connect(db.url())
        .await
        .unwrap()
}
