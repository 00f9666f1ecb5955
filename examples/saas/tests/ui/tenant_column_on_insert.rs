// The scope supplies the tenant column: an insert cannot name it.
use saas_example::db::{NewTask, OrganizationId};

fn main() {
    let other_tenant = OrganizationId::new(Default::default());
    let _ = NewTask::new("x".into()).with_organization_id(other_tenant);
    let _ = NewTask {
        organization_id: other_tenant,
        ..NewTask::new("x".into())
    };
}
