// Primary keys are not patchable, nor is the column that places a row in its tenant.
use saas_example::db::{OrganizationId, TaskAssigneePatch, TaskId, TaskPatch};

fn main() {
    let id = TaskId::new(Default::default());
    let _ = TaskPatch::default().with_id(id);
    let _ = TaskPatch {
        id: Some(id),
        ..TaskPatch::default()
    };
    let _ = TaskPatch::default().with_organization_id(OrganizationId::new(Default::default()));
    let _ = TaskAssigneePatch::default().with_task_id(id);
}
