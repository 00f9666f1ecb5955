// Ids of different tables are different types.
use saas_example::db::{NewTaskAssignee, OrganizationScope, TaskId};

async fn mixed_up(pool: &sqlx::PgPool, scope: &OrganizationScope, task: TaskId) {
    let _ = scope.organization_members().get_by_user_id(pool, &task).await;
    let _ = NewTaskAssignee::new(task, task);
}

fn main() {}
