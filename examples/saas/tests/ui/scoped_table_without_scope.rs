// A tenant-scoped table has no helpers of its own: they are reached through a scope, and
// calling one on the row type fails with a message that says so.
use saas_example::db::{NewTask, Task, TaskAssignee, TaskId, UserId};
use schemaforge::Page;

async fn forgetful(pool: &sqlx::PgPool, id: TaskId, user: UserId) {
    let _ = Task::get(pool, &id).await;
    let _ = Task::list(pool, Page::first(10)).await;
    let _ = Task::insert(pool, &NewTask::new("no tenant".into())).await;
    let _ = TaskAssignee::delete(pool, &id, &user).await;
}

fn main() {}
