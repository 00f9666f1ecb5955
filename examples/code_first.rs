//! Code-first tables: the README's example, compiled by `cargo test` (it builds examples).
//! Run it with `cargo run --example code_first` to print the DDL the derives hold.

use chrono::{DateTime, Utc};
use schemaforge::{PgEnum, Table};

/// A member's role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, PgEnum)]
pub enum OrgRole {
    Owner,
    Admin,
    Member,
}

/// A workspace: the tenant root.
#[derive(Debug, Clone, PartialEq, Eq, Table)]
#[schemaforge(tenant_root)]
pub struct Organization {
    #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
    pub id: OrganizationId,
    pub name: String,
    #[schemaforge(unique)]
    pub slug: String,
    #[schemaforge(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// A user's membership in an organization.
#[derive(Debug, Clone, PartialEq, Eq, Table)]
#[schemaforge(tenant = organization_id, unique(organization_id, email), index(email))]
pub struct OrganizationMember {
    #[schemaforge(primary_key, pg_type = "uuid", default = "gen_random_uuid()")]
    pub id: OrganizationMemberId,
    #[schemaforge(references(organizations.id, on_delete = cascade), pg_type = "uuid")]
    pub organization_id: OrganizationId,
    pub email: String,
    #[schemaforge(default = member)]
    pub role: OrgRole,
}

fn main() {
    // The insert type leaves out the tenant column (the scope supplies it) and the defaults.
    let member = NewOrganizationMember::new("ada@example.com".into()).with_role(OrgRole::Admin);
    assert_eq!(member.role, Some(OrgRole::Admin));
    // Scoped tables are reached through the tenant scope only.
    let scope = OrganizationScope::new(OrganizationId::new(Default::default()));
    let _members = scope.organization_members();
    print!(
        "{}\n{}\n{}",
        OrgRole::DDL,
        Organization::DDL,
        OrganizationMember::DDL
    );
}
