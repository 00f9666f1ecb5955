//! Every table of the example through a real Postgres, with plain sqlx and the types that
//! `build.rs` generated: rows are inserted by binding the fields of the generated insert types
//! (`NewTask::new(..)` and its setters), read back as the generated row types, and compared
//! whole. Each table is inserted twice, once with only what `new` requires (the database
//! fills in the rest: defaults and NULLs) and once with every column set; every value of
//! every enum is written and read.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use saas_example::db::*;
use saas_example::json::{OnboardingStep, WebhookPayload};
use schemaforge::Json;
use schemaforge::Table;
use schemaforge_generator::emit::sql::{SqlOptions, emit};
use schemaforge_testkit::TestDatabase;
use serde_json::{Map, Value, json};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

#[path = "../../../tests/support/rows.rs"]
mod rows;
use rows::{Insert, all_rows};

/// A database of its own with the example's DDL, and a pool on it.
struct Db {
    pool: PgPool,
    _db: TestDatabase,
}

async fn database() -> Db {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let schema = match schemaforge_schema::load(&path) {
        Ok(loaded) => loaded.schema,
        Err(e) => panic!("the example schema must compile:\n{}", e.render()),
    };
    let db = schemaforge_testkit::cluster().create_database();
    let ddl = emit(&schema, &SqlOptions::default());
    if let Err(e) = db.psql(&format!("BEGIN;\n{ddl}\nCOMMIT;")) {
        panic!("Postgres rejected the DDL: {e}");
    }
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(db.url())
        .await
        .expect("connect to the test database");
    Db { pool, _db: db }
}

/// A time with microseconds, which Postgres keeps exactly.
fn at(day: u32, micros: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2025, 3, day)
        .and_then(|d| d.and_hms_micro_opt(9, 30, 15, micros))
        .expect("a valid time")
        .and_utc()
}

/// Whether a `now()` default was filled in just now.
fn is_recent(t: DateTime<Utc>) -> bool {
    (Utc::now() - t).num_seconds().abs() < 60
}

fn uuid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A JSON object as the schema's object-typed `jsonb` columns hold it.
fn object(value: Value) -> Json<Map<String, Value>> {
    match value {
        Value::Object(map) => Json(map),
        other => panic!("not a JSON object: {other}"),
    }
}

// ---------------------------------------------------------------------------------------
// Better Auth: users, sessions, accounts, verifications.

async fn insert_user(pool: &PgPool, new: NewUser) -> User {
    let NewUser {
        id,
        name,
        email,
        email_verified,
        image,
        role,
        banned,
        ban_reason,
        ban_expires,
        onboarding_completed_at,
        created_at,
        updated_at,
    } = new;
    Insert::into("users")
        .required("id", id)
        .required("name", name)
        .required("email", email)
        .optional("email_verified", email_verified)
        .optional("image", image)
        .optional("role", role)
        .optional("banned", banned)
        .optional("ban_reason", ban_reason)
        .optional("ban_expires", ban_expires)
        .optional("onboarding_completed_at", onboarding_completed_at)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

/// A user with only what `NewUser::new` requires.
async fn user(pool: &PgPool, id: &str) -> UserId {
    let new = NewUser::new(
        UserId::new(id.into()),
        id.into(),
        format!("{id}@example.com"),
    );
    insert_user(pool, new).await.id
}

#[tokio::test]
async fn users() {
    let db = database().await;
    let minimal = insert_user(
        &db.pool,
        NewUser::new(
            UserId::new("u1".into()),
            "Ada".into(),
            "ada@example.com".into(),
        ),
    )
    .await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        User {
            id: UserId::new("u1".into()),
            name: "Ada".into(),
            email: "ada@example.com".into(),
            email_verified: false,
            image: None,
            role: None,
            // Nullable with a default: left out, the default.
            banned: Some(false),
            ban_reason: None,
            ban_expires: None,
            onboarding_completed_at: None,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );

    let full = NewUser::new(
        UserId::new("u2".into()),
        "Bob".into(),
        "bob@example.com".into(),
    )
    .with_email_verified(true)
    .with_image(Some("https://example.com/bob.png".into()))
    .with_role(Some("admin".into()))
    .with_banned(Some(true))
    .with_ban_reason(Some("spam".into()))
    .with_ban_expires(Some(at(1, 1)))
    .with_onboarding_completed_at(Some(at(2, 2)))
    .with_created_at(at(3, 3))
    .with_updated_at(at(4, 4));
    let row = insert_user(&db.pool, full).await;
    assert_eq!(
        row,
        User {
            id: UserId::new("u2".into()),
            name: "Bob".into(),
            email: "bob@example.com".into(),
            email_verified: true,
            image: Some("https://example.com/bob.png".into()),
            role: Some("admin".into()),
            banned: Some(true),
            ban_reason: Some("spam".into()),
            ban_expires: Some(at(1, 1)),
            onboarding_completed_at: Some(at(2, 2)),
            created_at: at(3, 3),
            updated_at: at(4, 4),
        }
    );

    // `Some(None)`: NULL instead of the default.
    let null_banned = NewUser::new(
        UserId::new("u3".into()),
        "Cy".into(),
        "cy@example.com".into(),
    )
    .with_banned(None);
    assert_eq!(insert_user(&db.pool, null_banned).await.banned, None);
    assert_eq!(all_rows::<User>(&db.pool).await.len(), 3);
}

async fn insert_session(pool: &PgPool, new: NewSession) -> Session {
    let NewSession {
        id,
        token,
        expires_at,
        ip_address,
        user_agent,
        user_id,
        impersonated_by,
        created_at,
        updated_at,
    } = new;
    Insert::into("sessions")
        .required("id", id)
        .required("token", token)
        .required("expires_at", expires_at)
        .optional("ip_address", ip_address)
        .optional("user_agent", user_agent)
        .required("user_id", user_id)
        .optional("impersonated_by", impersonated_by)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn sessions() {
    let db = database().await;
    let ada = user(&db.pool, "ada").await;
    let admin = user(&db.pool, "admin").await;
    let new = NewSession::new(
        SessionId::new("s1".into()),
        "token-1".into(),
        at(9, 0),
        ada.clone(),
    );
    let minimal = insert_session(&db.pool, new).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        Session {
            id: SessionId::new("s1".into()),
            token: "token-1".into(),
            expires_at: at(9, 0),
            ip_address: None,
            user_agent: None,
            user_id: ada.clone(),
            impersonated_by: None,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );

    let new = NewSession::new(
        SessionId::new("s2".into()),
        "token-2".into(),
        at(9, 1),
        ada.clone(),
    )
    .with_ip_address(Some("203.0.113.7".into()))
    .with_user_agent(Some("Mozilla/5.0".into()))
    .with_impersonated_by(Some(admin.clone()))
    .with_created_at(at(1, 0))
    .with_updated_at(at(2, 0));
    let full = insert_session(&db.pool, new).await;
    assert_eq!(
        full,
        Session {
            id: SessionId::new("s2".into()),
            token: "token-2".into(),
            expires_at: at(9, 1),
            ip_address: Some("203.0.113.7".into()),
            user_agent: Some("Mozilla/5.0".into()),
            user_id: ada,
            impersonated_by: Some(admin),
            created_at: at(1, 0),
            updated_at: at(2, 0),
        }
    );
    // The token is sensitive: never in `Debug`.
    assert!(!format!("{full:?}").contains("token-2"));
    assert_eq!(all_rows::<Session>(&db.pool).await, [minimal, full]);
}

async fn insert_account(pool: &PgPool, new: NewAccount) -> Account {
    let NewAccount {
        id,
        account_id,
        provider_id,
        user_id,
        access_token,
        refresh_token,
        id_token,
        access_token_expires_at,
        refresh_token_expires_at,
        scope,
        password,
        created_at,
        updated_at,
    } = new;
    Insert::into("accounts")
        .required("id", id)
        .required("account_id", account_id)
        .required("provider_id", provider_id)
        .required("user_id", user_id)
        .optional("access_token", access_token)
        .optional("refresh_token", refresh_token)
        .optional("id_token", id_token)
        .optional("access_token_expires_at", access_token_expires_at)
        .optional("refresh_token_expires_at", refresh_token_expires_at)
        .optional("scope", scope)
        .optional("password", password)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn accounts() {
    let db = database().await;
    let ada = user(&db.pool, "ada").await;
    let new = NewAccount::new(
        AccountId::new("a1".into()),
        "ada".into(),
        "credential".into(),
        ada.clone(),
    )
    .with_password(Some("$argon2id$hash".into()));
    let credential = insert_account(&db.pool, new).await;
    assert!(is_recent(credential.created_at) && is_recent(credential.updated_at));
    assert_eq!(
        credential,
        Account {
            id: AccountId::new("a1".into()),
            account_id: "ada".into(),
            provider_id: "credential".into(),
            user_id: ada.clone(),
            access_token: None,
            refresh_token: None,
            id_token: None,
            access_token_expires_at: None,
            refresh_token_expires_at: None,
            scope: None,
            password: Some("$argon2id$hash".into()),
            created_at: credential.created_at,
            updated_at: credential.updated_at,
        }
    );

    let new = NewAccount::new(
        AccountId::new("a2".into()),
        "1234567".into(),
        "github".into(),
        ada.clone(),
    )
    .with_access_token(Some("gho_access".into()))
    .with_refresh_token(Some("ghr_refresh".into()))
    .with_id_token(Some("id.token".into()))
    .with_access_token_expires_at(Some(at(5, 5)))
    .with_refresh_token_expires_at(Some(at(6, 6)))
    .with_scope(Some("read:user user:email".into()))
    .with_password(None)
    .with_created_at(at(1, 0))
    .with_updated_at(at(1, 1));
    let oauth = insert_account(&db.pool, new).await;
    assert_eq!(
        oauth,
        Account {
            id: AccountId::new("a2".into()),
            account_id: "1234567".into(),
            provider_id: "github".into(),
            user_id: ada,
            access_token: Some("gho_access".into()),
            refresh_token: Some("ghr_refresh".into()),
            id_token: Some("id.token".into()),
            access_token_expires_at: Some(at(5, 5)),
            refresh_token_expires_at: Some(at(6, 6)),
            scope: Some("read:user user:email".into()),
            password: None,
            created_at: at(1, 0),
            updated_at: at(1, 1),
        }
    );
    let debug = format!("{oauth:?}");
    assert!(!debug.contains("gho_access") && !debug.contains("ghr_refresh"));
    assert_eq!(all_rows::<Account>(&db.pool).await, [credential, oauth]);
}

async fn insert_verification(pool: &PgPool, new: NewVerification) -> Verification {
    let NewVerification {
        id,
        identifier,
        value,
        expires_at,
        created_at,
        updated_at,
    } = new;
    Insert::into("verifications")
        .required("id", id)
        .required("identifier", identifier)
        .required("value", value)
        .required("expires_at", expires_at)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn verifications() {
    let db = database().await;
    let new = NewVerification::new(
        VerificationId::new("v1".into()),
        "ada@example.com".into(),
        "123456".into(),
        at(7, 7),
    );
    let minimal = insert_verification(&db.pool, new).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        Verification {
            id: VerificationId::new("v1".into()),
            identifier: "ada@example.com".into(),
            value: "123456".into(),
            expires_at: at(7, 7),
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let new = NewVerification::new(
        VerificationId::new("v2".into()),
        "reset:ada".into(),
        "654321".into(),
        at(8, 8),
    )
    .with_created_at(at(1, 1))
    .with_updated_at(at(1, 2));
    let full = insert_verification(&db.pool, new).await;
    assert_eq!(
        full,
        Verification {
            id: VerificationId::new("v2".into()),
            identifier: "reset:ada".into(),
            value: "654321".into(),
            expires_at: at(8, 8),
            created_at: at(1, 1),
            updated_at: at(1, 2),
        }
    );
    assert_eq!(all_rows::<Verification>(&db.pool).await, [minimal, full]);
}

// ---------------------------------------------------------------------------------------
// Organizations and what belongs to one.

async fn insert_organization(pool: &PgPool, new: NewOrganization) -> Organization {
    let NewOrganization {
        id,
        name,
        slug,
        logo_url,
        created_at,
        updated_at,
    } = new;
    Insert::into("organizations")
        .optional("id", id)
        .required("name", name)
        .required("slug", slug)
        .optional("logo_url", logo_url)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

async fn organization(pool: &PgPool, slug: &str) -> OrganizationId {
    let new = NewOrganization::new(slug.to_uppercase(), slug.into());
    insert_organization(pool, new).await.id
}

#[tokio::test]
async fn organizations() {
    let db = database().await;
    let minimal =
        insert_organization(&db.pool, NewOrganization::new("Acme".into(), "acme".into())).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_ne!(minimal.id.0, Uuid::nil(), "gen_random_uuid()");
    assert_eq!(
        minimal,
        Organization {
            id: minimal.id,
            name: "Acme".into(),
            slug: "acme".into(),
            logo_url: None,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let id = OrganizationId::new(uuid(1));
    let new = NewOrganization::new("Globex".into(), "globex".into())
        .with_id(id)
        .with_logo_url(Some("https://globex.example/logo.svg".into()))
        .with_created_at(at(1, 0))
        .with_updated_at(at(2, 0));
    let full = insert_organization(&db.pool, new).await;
    assert_eq!(
        full,
        Organization {
            id,
            name: "Globex".into(),
            slug: "globex".into(),
            logo_url: Some("https://globex.example/logo.svg".into()),
            created_at: at(1, 0),
            updated_at: at(2, 0),
        }
    );
    assert_eq!(all_rows::<Organization>(&db.pool).await, [minimal, full]);
}

async fn insert_member(
    pool: &PgPool,
    organization_id: OrganizationId,
    new: NewOrganizationMember,
) -> OrganizationMember {
    let NewOrganizationMember {
        id,
        user_id,
        role,
        created_at,
        updated_at,
    } = new;
    Insert::into("organization_members")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("user_id", user_id)
        .optional("role", role)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn organization_members_with_every_role() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let minimal = insert_member(&db.pool, org, NewOrganizationMember::new(ada.clone())).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        OrganizationMember {
            id: minimal.id,
            organization_id: org,
            user_id: ada,
            role: OrgRole::Member,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );

    let mut written = vec![minimal];
    for (n, role) in (1..).zip(OrgRole::ALL) {
        let user_id = user(&db.pool, &format!("user{n}")).await;
        let id = OrganizationMemberId::new(uuid(n));
        let new = NewOrganizationMember::new(user_id.clone())
            .with_id(id)
            .with_role(*role)
            .with_created_at(at(1, n as u32))
            .with_updated_at(at(2, n as u32));
        let row = insert_member(&db.pool, org, new).await;
        assert_eq!(
            row,
            OrganizationMember {
                id,
                organization_id: org,
                user_id,
                role: *role,
                created_at: at(1, n as u32),
                updated_at: at(2, n as u32),
            }
        );
        written.push(row);
    }
    assert_eq!(all_rows::<OrganizationMember>(&db.pool).await, written);
}

async fn insert_invitation(
    pool: &PgPool,
    organization_id: OrganizationId,
    new: NewOrganizationInvitation,
) -> OrganizationInvitation {
    let NewOrganizationInvitation {
        id,
        email,
        role,
        token_hash,
        invited_by_user_id,
        expires_at,
        accepted_at,
        revoked_at,
        created_at,
    } = new;
    Insert::into("organization_invitations")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("email", email)
        .optional("role", role)
        .required("token_hash", token_hash)
        .optional("invited_by_user_id", invited_by_user_id)
        .required("expires_at", expires_at)
        .optional("accepted_at", accepted_at)
        .optional("revoked_at", revoked_at)
        .optional("created_at", created_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn organization_invitations_with_every_role() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let new = NewOrganizationInvitation::new("bob@example.com".into(), "hash-0".into(), at(9, 0));
    let minimal = insert_invitation(&db.pool, org, new).await;
    assert!(is_recent(minimal.created_at));
    assert_eq!(
        minimal,
        OrganizationInvitation {
            id: minimal.id,
            organization_id: org,
            email: "bob@example.com".into(),
            role: OrgRole::Member,
            token_hash: "hash-0".into(),
            invited_by_user_id: None,
            expires_at: at(9, 0),
            accepted_at: None,
            revoked_at: None,
            created_at: minimal.created_at,
        }
    );
    assert!(!format!("{minimal:?}").contains("hash-0"));

    let mut written = vec![minimal];
    for (n, role) in (1..).zip(OrgRole::ALL) {
        let id = OrganizationInvitationId::new(uuid(n));
        let new = NewOrganizationInvitation::new(
            format!("invitee{n}@example.com"),
            format!("hash-{n}"),
            at(9, n as u32),
        )
        .with_id(id)
        .with_role(*role)
        .with_invited_by_user_id(Some(ada.clone()))
        .with_accepted_at(Some(at(3, n as u32)))
        // The table's check allows accepted or revoked, not both.
        .with_revoked_at(None)
        .with_created_at(at(1, n as u32));
        let row = insert_invitation(&db.pool, org, new).await;
        assert_eq!(
            row,
            OrganizationInvitation {
                id,
                organization_id: org,
                email: format!("invitee{n}@example.com"),
                role: *role,
                token_hash: format!("hash-{n}"),
                invited_by_user_id: Some(ada.clone()),
                expires_at: at(9, n as u32),
                accepted_at: Some(at(3, n as u32)),
                revoked_at: None,
                created_at: at(1, n as u32),
            }
        );
        written.push(row);
    }
    let revoked =
        NewOrganizationInvitation::new("eve@example.com".into(), "hash-9".into(), at(9, 9))
            .with_revoked_at(Some(at(4, 4)));
    let row = insert_invitation(&db.pool, org, revoked).await;
    assert_eq!((row.accepted_at, row.revoked_at), (None, Some(at(4, 4))));
    written.push(row);
    assert_eq!(all_rows::<OrganizationInvitation>(&db.pool).await, written);
}

/// One pending invitation per organization and address, whatever its case (the example's
/// partial unique index on `lower(email)`): a second invitation for `Pat@…` while `pat@…`
/// waits is refused by Postgres; in another organization, or once the first is revoked, it
/// is taken.
#[tokio::test]
async fn pending_invitations_are_unique_per_address_whatever_its_case() {
    let db = database().await;
    let acme = OrganizationScope::new(organization(&db.pool, "acme").await);
    let globex = OrganizationScope::new(organization(&db.pool, "globex").await);
    let invite = |email: &str, token: &str| {
        NewOrganizationInvitation::new(email.into(), token.into(), at(9, 0))
    };
    let first = acme
        .organization_invitations()
        .insert(&db.pool, &invite("pat@example.com", "hash-1"))
        .await
        .expect("the first invitation");
    let again = acme
        .organization_invitations()
        .insert(&db.pool, &invite("Pat@Example.com", "hash-2"))
        .await;
    match again {
        Err(schemaforge::Error::Database(sqlx::Error::Database(e))) => {
            assert_eq!(e.code().as_deref(), Some("23505"), "{e}");
            assert_eq!(
                e.constraint(),
                Some("organization_invitations_pending_email_key")
            );
        }
        other => panic!("a second pending invitation for the address: {other:?}"),
    }
    globex
        .organization_invitations()
        .insert(&db.pool, &invite("Pat@Example.com", "hash-3"))
        .await
        .expect("the same address in another organization");
    let revoked = acme
        .organization_invitations()
        .update(
            &db.pool,
            &first.id,
            &OrganizationInvitationPatch::default().with_revoked_at(Some(at(10, 0))),
        )
        .await
        .expect("the revocation");
    assert!(revoked.is_some());
    acme.organization_invitations()
        .insert(&db.pool, &invite("Pat@Example.com", "hash-4"))
        .await
        .expect("a new invitation once the first is revoked");
}

async fn insert_subscription(
    pool: &PgPool,
    organization_id: OrganizationId,
    new: NewSubscription,
) -> Subscription {
    let NewSubscription {
        id,
        stripe_customer_id,
        stripe_subscription_id,
        stripe_price_id,
        status,
        current_period_start,
        current_period_end,
        cancel_at_period_end,
        created_at,
        updated_at,
    } = new;
    Insert::into("subscriptions")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("stripe_customer_id", stripe_customer_id)
        .optional("stripe_subscription_id", stripe_subscription_id)
        .optional("stripe_price_id", stripe_price_id)
        .optional("status", status)
        .optional("current_period_start", current_period_start)
        .optional("current_period_end", current_period_end)
        .optional("cancel_at_period_end", cancel_at_period_end)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn subscriptions_with_every_status() {
    let db = database().await;
    // At most one subscription per organization: one organization per row.
    let org = organization(&db.pool, "acme").await;
    let minimal = insert_subscription(&db.pool, org, NewSubscription::new("cus_0".into())).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        Subscription {
            id: minimal.id,
            organization_id: org,
            stripe_customer_id: "cus_0".into(),
            stripe_subscription_id: None,
            stripe_price_id: None,
            status: SubscriptionStatus::Incomplete,
            current_period_start: None,
            current_period_end: None,
            cancel_at_period_end: false,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );

    let mut written = vec![minimal];
    for (n, status) in (1..).zip(SubscriptionStatus::ALL) {
        let org = organization(&db.pool, &format!("org{n}")).await;
        let id = SubscriptionId::new(uuid(n));
        let new = NewSubscription::new(format!("cus_{n}"))
            .with_id(id)
            .with_stripe_subscription_id(Some(format!("sub_{n}")))
            .with_stripe_price_id(Some("price_pro".into()))
            .with_status(*status)
            .with_current_period_start(Some(at(1, 0)))
            .with_current_period_end(Some(at(31, 0)))
            .with_cancel_at_period_end(n % 2 == 0)
            .with_created_at(at(1, n as u32))
            .with_updated_at(at(2, n as u32));
        let row = insert_subscription(&db.pool, org, new).await;
        assert_eq!(
            row,
            Subscription {
                id,
                organization_id: org,
                stripe_customer_id: format!("cus_{n}"),
                stripe_subscription_id: Some(format!("sub_{n}")),
                stripe_price_id: Some("price_pro".into()),
                status: *status,
                current_period_start: Some(at(1, 0)),
                current_period_end: Some(at(31, 0)),
                cancel_at_period_end: n % 2 == 0,
                created_at: at(1, n as u32),
                updated_at: at(2, n as u32),
            }
        );
        written.push(row);
    }
    assert_eq!(all_rows::<Subscription>(&db.pool).await, written);
}

async fn insert_api_key(pool: &PgPool, organization_id: OrganizationId, new: NewApiKey) -> ApiKey {
    let NewApiKey {
        id,
        name,
        prefix,
        secret_hash,
        created_by_user_id,
        last_used_at,
        expires_at,
        revoked_at,
        created_at,
    } = new;
    Insert::into("api_keys")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("name", name)
        .required("prefix", prefix)
        .required("secret_hash", secret_hash)
        .optional("created_by_user_id", created_by_user_id)
        .optional("last_used_at", last_used_at)
        .optional("expires_at", expires_at)
        .optional("revoked_at", revoked_at)
        .optional("created_at", created_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn api_keys() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let new = NewApiKey::new("CI".into(), "sk_live_ab".into(), "sha256:0".into());
    let minimal = insert_api_key(&db.pool, org, new).await;
    assert!(is_recent(minimal.created_at));
    assert_eq!(
        minimal,
        ApiKey {
            id: minimal.id,
            organization_id: org,
            name: "CI".into(),
            prefix: "sk_live_ab".into(),
            secret_hash: "sha256:0".into(),
            created_by_user_id: None,
            last_used_at: None,
            expires_at: None,
            revoked_at: None,
            created_at: minimal.created_at,
        }
    );
    let id = ApiKeyId::new(uuid(1));
    let new = NewApiKey::new("Deploy".into(), "sk_live_cd".into(), "sha256:1".into())
        .with_id(id)
        .with_created_by_user_id(Some(ada.clone()))
        .with_last_used_at(Some(at(5, 0)))
        .with_expires_at(Some(at(30, 0)))
        .with_revoked_at(Some(at(6, 0)))
        .with_created_at(at(1, 0));
    let full = insert_api_key(&db.pool, org, new).await;
    assert_eq!(
        full,
        ApiKey {
            id,
            organization_id: org,
            name: "Deploy".into(),
            prefix: "sk_live_cd".into(),
            secret_hash: "sha256:1".into(),
            created_by_user_id: Some(ada),
            last_used_at: Some(at(5, 0)),
            expires_at: Some(at(30, 0)),
            revoked_at: Some(at(6, 0)),
            created_at: at(1, 0),
        }
    );
    let json = serde_json::to_value(&full).expect("serialize");
    assert!(json.get("secret_hash").is_none(), "sensitive: {json}");
    assert_eq!(all_rows::<ApiKey>(&db.pool).await, [minimal, full]);
}

// ---------------------------------------------------------------------------------------
// The product: tasks and their assignees.

async fn insert_task(pool: &PgPool, organization_id: OrganizationId, new: NewTask) -> Task {
    let NewTask {
        id,
        title,
        description,
        status,
        priority,
        due_at,
        created_by_user_id,
        created_at,
        updated_at,
    } = new;
    Insert::into("tasks")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("title", title)
        .optional("description", description)
        .optional("status", status)
        .optional("priority", priority)
        .optional("due_at", due_at)
        .optional("created_by_user_id", created_by_user_id)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn tasks_with_every_status_and_priority() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let minimal = insert_task(&db.pool, org, NewTask::new("Write docs".into())).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        Task {
            id: minimal.id,
            organization_id: org,
            title: "Write docs".into(),
            description: None,
            status: TaskStatus::Backlog,
            priority: TaskPriority::Medium,
            due_at: None,
            created_by_user_id: None,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );

    let mut written = vec![minimal];
    let mut n = 0;
    for status in TaskStatus::ALL {
        for priority in TaskPriority::ALL {
            n += 1;
            let id = TaskId::new(uuid(n));
            let new = NewTask::new(format!("Task {n}"))
                .with_id(id)
                .with_description(Some(format!("{status} at {priority}")))
                .with_status(*status)
                .with_priority(*priority)
                .with_due_at(Some(at(20, n as u32)))
                .with_created_by_user_id(Some(ada.clone()))
                .with_created_at(at(1, n as u32))
                .with_updated_at(at(2, n as u32));
            let row = insert_task(&db.pool, org, new).await;
            assert_eq!(
                row,
                Task {
                    id,
                    organization_id: org,
                    title: format!("Task {n}"),
                    description: Some(format!("{status} at {priority}")),
                    status: *status,
                    priority: *priority,
                    due_at: Some(at(20, n as u32)),
                    created_by_user_id: Some(ada.clone()),
                    created_at: at(1, n as u32),
                    updated_at: at(2, n as u32),
                }
            );
            written.push(row);
        }
    }
    assert_eq!(all_rows::<Task>(&db.pool).await, written);
}

async fn insert_assignee(pool: &PgPool, org: OrganizationId, new: NewTaskAssignee) -> TaskAssignee {
    let NewTaskAssignee {
        task_id,
        user_id,
        assigned_at,
    } = new;
    Insert::into("task_assignees")
        .required("organization_id", org)
        .required("task_id", task_id)
        .required("user_id", user_id)
        .optional("assigned_at", assigned_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn task_assignees() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let task = insert_task(&db.pool, org, NewTask::new("Ship".into()))
        .await
        .id;
    let ada = user(&db.pool, "ada").await;
    let bob = user(&db.pool, "bob").await;
    // `tenant via task_id`: the task is in the insert type; its organization is the tenant,
    // stored in a column of the row that the scope fills in.
    let minimal = insert_assignee(&db.pool, org, NewTaskAssignee::new(task, ada.clone())).await;
    assert!(is_recent(minimal.assigned_at));
    assert_eq!(
        minimal,
        TaskAssignee {
            organization_id: org,
            task_id: task,
            user_id: ada,
            assigned_at: minimal.assigned_at,
        }
    );
    let new = NewTaskAssignee::new(task, bob.clone()).with_assigned_at(at(3, 3));
    let full = insert_assignee(&db.pool, org, new).await;
    assert_eq!(
        full,
        TaskAssignee {
            organization_id: org,
            task_id: task,
            user_id: bob,
            assigned_at: at(3, 3),
        }
    );
    assert_eq!(all_rows::<TaskAssignee>(&db.pool).await, [minimal, full]);
}

// ---------------------------------------------------------------------------------------
// Activity: events, the audit log, webhooks and notifications.

async fn insert_event(pool: &PgPool, new: NewEvent) -> Event {
    let NewEvent {
        id,
        name,
        organization_id,
        user_id,
        properties,
        occurred_at,
    } = new;
    Insert::into("events")
        .optional("id", id)
        .required("name", name)
        .optional("organization_id", organization_id)
        .optional("user_id", user_id)
        .optional("properties", properties)
        .optional("occurred_at", occurred_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn events() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let minimal = insert_event(&db.pool, NewEvent::new("user.signed_up".into())).await;
    assert!(is_recent(minimal.occurred_at));
    assert_eq!(
        minimal,
        Event {
            id: minimal.id,
            name: "user.signed_up".into(),
            organization_id: None,
            user_id: None,
            properties: object(json!({})),
            occurred_at: minimal.occurred_at,
        }
    );
    let id = EventId::new(uuid(1));
    let properties =
        object(json!({"task": {"title": "Ship", "tags": ["a", "b"]}, "count": 3, "ok": true}));
    let new = NewEvent::new("task.created".into())
        .with_id(id)
        .with_organization_id(Some(org))
        .with_user_id(Some(ada.clone()))
        .with_properties(properties.clone())
        .with_occurred_at(at(4, 4));
    let full = insert_event(&db.pool, new).await;
    assert_eq!(
        full,
        Event {
            id,
            name: "task.created".into(),
            organization_id: Some(org),
            user_id: Some(ada),
            properties,
            occurred_at: at(4, 4),
        }
    );
    assert_eq!(all_rows::<Event>(&db.pool).await, [minimal, full]);
}

async fn insert_audit_entry(
    pool: &PgPool,
    organization_id: OrganizationId,
    new: NewAuditLogEntry,
) -> AuditLogEntry {
    let NewAuditLogEntry {
        id,
        actor_user_id,
        action,
        target_type,
        target_id,
        metadata,
        ip_address,
        created_at,
    } = new;
    Insert::into("audit_log_entries")
        .optional("id", id)
        .required("organization_id", organization_id)
        .optional("actor_user_id", actor_user_id)
        .required("action", action)
        .optional("target_type", target_type)
        .optional("target_id", target_id)
        .optional("metadata", metadata)
        .optional("ip_address", ip_address)
        .optional("created_at", created_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn audit_log_entries() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let minimal =
        insert_audit_entry(&db.pool, org, NewAuditLogEntry::new("org.created".into())).await;
    assert!(is_recent(minimal.created_at));
    assert_eq!(
        minimal,
        AuditLogEntry {
            id: minimal.id,
            organization_id: org,
            actor_user_id: None,
            action: "org.created".into(),
            target_type: None,
            target_id: None,
            metadata: object(json!({})),
            ip_address: None,
            created_at: minimal.created_at,
        }
    );
    let mut written = vec![minimal];
    for (n, address) in (1..).zip(["198.51.100.4/32", "2001:db8::42/128", "10.0.0.0/8"]) {
        let id = AuditLogEntryId::new(uuid(n));
        let ip: ipnetwork::IpNetwork = address.parse().expect("an inet literal");
        let new = NewAuditLogEntry::new("member.invited".into())
            .with_id(id)
            .with_actor_user_id(Some(ada.clone()))
            .with_target_type(Some("invitation".into()))
            .with_target_id(Some(format!("inv-{n}")))
            .with_metadata(object(json!({"email": "bob@example.com", "n": n})))
            .with_ip_address(Some(ip))
            .with_created_at(at(5, n as u32));
        let row = insert_audit_entry(&db.pool, org, new).await;
        assert_eq!(
            row,
            AuditLogEntry {
                id,
                organization_id: org,
                actor_user_id: Some(ada.clone()),
                action: "member.invited".into(),
                target_type: Some("invitation".into()),
                target_id: Some(format!("inv-{n}")),
                metadata: object(json!({"email": "bob@example.com", "n": n})),
                ip_address: Some(ip),
                created_at: at(5, n as u32),
            }
        );
        written.push(row);
    }
    assert_eq!(all_rows::<AuditLogEntry>(&db.pool).await, written);
}

async fn insert_endpoint(
    pool: &PgPool,
    organization_id: OrganizationId,
    new: NewWebhookEndpoint,
) -> WebhookEndpoint {
    let NewWebhookEndpoint {
        id,
        url,
        secret,
        event_types,
        enabled,
        created_at,
        updated_at,
    } = new;
    Insert::into("webhook_endpoints")
        .optional("id", id)
        .required("organization_id", organization_id)
        .required("url", url)
        .required("secret", secret)
        .optional("event_types", event_types)
        .optional("enabled", enabled)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn webhook_endpoints() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let new = NewWebhookEndpoint::new("https://acme.example/hook".into(), "whsec_0".into());
    let minimal = insert_endpoint(&db.pool, org, new).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        WebhookEndpoint {
            id: minimal.id,
            organization_id: org,
            url: "https://acme.example/hook".into(),
            secret: "whsec_0".into(),
            event_types: Vec::new(),
            enabled: true,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let id = WebhookEndpointId::new(uuid(1));
    let types = vec![
        "task.created".to_string(),
        "task.updated".into(),
        "a \"quoted\", type".into(),
    ];
    let new = NewWebhookEndpoint::new("https://acme.example/other".into(), "whsec_1".into())
        .with_id(id)
        .with_event_types(types.clone())
        .with_enabled(false)
        .with_created_at(at(1, 0))
        .with_updated_at(at(1, 1));
    let full = insert_endpoint(&db.pool, org, new).await;
    assert_eq!(
        full,
        WebhookEndpoint {
            id,
            organization_id: org,
            url: "https://acme.example/other".into(),
            secret: "whsec_1".into(),
            event_types: types,
            enabled: false,
            created_at: at(1, 0),
            updated_at: at(1, 1),
        }
    );
    assert_eq!(all_rows::<WebhookEndpoint>(&db.pool).await, [minimal, full]);
}

async fn insert_delivery(
    pool: &PgPool,
    org: OrganizationId,
    new: NewWebhookDelivery,
) -> WebhookDelivery {
    let NewWebhookDelivery {
        id,
        endpoint_id,
        event_type,
        payload,
        response_status,
        attempt,
        delivered_at,
        next_retry_at,
        created_at,
    } = new;
    Insert::into("webhook_deliveries")
        .optional("id", id)
        .required("organization_id", org)
        .required("endpoint_id", endpoint_id)
        .required("event_type", event_type)
        .required("payload", payload)
        .optional("response_status", response_status)
        .optional("attempt", attempt)
        .optional("delivered_at", delivered_at)
        .optional("next_retry_at", next_retry_at)
        .optional("created_at", created_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn webhook_deliveries() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let new = NewWebhookEndpoint::new("https://acme.example/hook".into(), "whsec".into());
    let endpoint = insert_endpoint(&db.pool, org, new).await.id;
    let payload = Json(WebhookPayload {
        id: uuid(7),
        event_type: "task.created".into(),
        created_at: at(1, 0),
        data: json!({"id": 1, "tags": ["a"]}),
    });
    let new = NewWebhookDelivery::new(endpoint, "task.created".into(), payload.clone());
    let minimal = insert_delivery(&db.pool, org, new).await;
    assert!(is_recent(minimal.created_at));
    assert_eq!(
        minimal,
        WebhookDelivery {
            id: minimal.id,
            organization_id: org,
            endpoint_id: endpoint,
            event_type: "task.created".into(),
            payload: payload.clone(),
            response_status: None,
            attempt: 1,
            delivered_at: None,
            next_retry_at: None,
            created_at: minimal.created_at,
        }
    );
    let id = WebhookDeliveryId::new(uuid(1));
    let updated = Json(WebhookPayload {
        id: uuid(8),
        event_type: "task.updated".into(),
        created_at: at(1, 1),
        data: json!(null),
    });
    let new = NewWebhookDelivery::new(endpoint, "task.updated".into(), updated.clone())
        .with_id(id)
        .with_response_status(Some(503))
        .with_attempt(3)
        .with_delivered_at(Some(at(2, 2)))
        .with_next_retry_at(Some(at(3, 3)))
        .with_created_at(at(1, 1));
    let full = insert_delivery(&db.pool, org, new).await;
    assert_eq!(
        full,
        WebhookDelivery {
            id,
            organization_id: org,
            endpoint_id: endpoint,
            event_type: "task.updated".into(),
            payload: updated,
            response_status: Some(503),
            attempt: 3,
            delivered_at: Some(at(2, 2)),
            next_retry_at: Some(at(3, 3)),
            created_at: at(1, 1),
        }
    );
    assert_eq!(all_rows::<WebhookDelivery>(&db.pool).await, [minimal, full]);
}

async fn insert_notification(pool: &PgPool, new: NewUserNotification) -> UserNotification {
    let NewUserNotification {
        id,
        user_id,
        organization_id,
        severity,
        title,
        body,
        link_url,
        read_at,
        created_at,
    } = new;
    Insert::into("user_notifications")
        .optional("id", id)
        .required("user_id", user_id)
        .optional("organization_id", organization_id)
        .optional("severity", severity)
        .required("title", title)
        .optional("body", body)
        .optional("link_url", link_url)
        .optional("read_at", read_at)
        .optional("created_at", created_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn user_notifications_with_every_severity() {
    let db = database().await;
    let org = organization(&db.pool, "acme").await;
    let ada = user(&db.pool, "ada").await;
    let new = NewUserNotification::new(ada.clone(), "Welcome".into());
    let minimal = insert_notification(&db.pool, new).await;
    assert!(is_recent(minimal.created_at));
    assert_eq!(
        minimal,
        UserNotification {
            id: minimal.id,
            user_id: ada.clone(),
            organization_id: None,
            severity: NotificationSeverity::Normal,
            title: "Welcome".into(),
            body: None,
            link_url: None,
            read_at: None,
            created_at: minimal.created_at,
        }
    );
    let mut written = vec![minimal];
    for (n, severity) in (1..).zip(NotificationSeverity::ALL) {
        let id = UserNotificationId::new(uuid(n));
        let new = NewUserNotification::new(ada.clone(), format!("Alert {n}"))
            .with_id(id)
            .with_organization_id(Some(org))
            .with_severity(*severity)
            .with_body(Some("Something happened.".into()))
            .with_link_url(Some("/tasks/1".into()))
            .with_read_at(Some(at(6, n as u32)))
            .with_created_at(at(5, n as u32));
        let row = insert_notification(&db.pool, new).await;
        assert_eq!(
            row,
            UserNotification {
                id,
                user_id: ada.clone(),
                organization_id: Some(org),
                severity: *severity,
                title: format!("Alert {n}"),
                body: Some("Something happened.".into()),
                link_url: Some("/tasks/1".into()),
                read_at: Some(at(6, n as u32)),
                created_at: at(5, n as u32),
            }
        );
        written.push(row);
    }
    assert_eq!(all_rows::<UserNotification>(&db.pool).await, written);
}

async fn insert_preference(
    pool: &PgPool,
    new: NewUserNotificationPreference,
) -> UserNotificationPreference {
    let NewUserNotificationPreference {
        user_id,
        channel,
        enabled,
        created_at,
        updated_at,
    } = new;
    Insert::into("user_notification_preferences")
        .required("user_id", user_id)
        .required("channel", channel)
        .optional("enabled", enabled)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn user_notification_preferences() {
    let db = database().await;
    let ada = user(&db.pool, "ada").await;
    let new = NewUserNotificationPreference::new(ada.clone(), "email".into());
    let minimal = insert_preference(&db.pool, new).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        UserNotificationPreference {
            user_id: ada.clone(),
            channel: "email".into(),
            enabled: true,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let new = NewUserNotificationPreference::new(ada.clone(), "in_app".into())
        .with_enabled(false)
        .with_created_at(at(1, 0))
        .with_updated_at(at(2, 0));
    let full = insert_preference(&db.pool, new).await;
    assert_eq!(
        full,
        UserNotificationPreference {
            user_id: ada,
            channel: "in_app".into(),
            enabled: false,
            created_at: at(1, 0),
            updated_at: at(2, 0),
        }
    );
    assert_eq!(
        all_rows::<UserNotificationPreference>(&db.pool).await,
        [minimal, full]
    );
}

// ---------------------------------------------------------------------------------------
// Operator-managed platform settings.

async fn insert_onboarding(
    pool: &PgPool,
    new: NewPlatformOnboardingConfig,
) -> PlatformOnboardingConfig {
    let NewPlatformOnboardingConfig {
        id,
        welcome_title,
        welcome_body,
        steps,
        is_active,
        created_at,
        updated_at,
    } = new;
    Insert::into("platform_onboarding_config")
        .optional("id", id)
        .required("welcome_title", welcome_title)
        .required("welcome_body", welcome_body)
        .optional("steps", steps)
        .optional("is_active", is_active)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

/// The shapes of the `jsonb` columns hold in Postgres too, for writers that are not this
/// crate (an array is no event's properties, an object no list of steps); and a stored value
/// that does not decode as its column's Rust type is an error when the row is read.
#[tokio::test]
async fn jsonb_columns_keep_their_shape() {
    let db = database().await;
    let refused = [
        (
            "INSERT INTO events (name, properties) VALUES ('x', '[1]')",
            "events_properties_check",
        ),
        (
            "INSERT INTO platform_onboarding_config (welcome_title, welcome_body, steps) \
             VALUES ('t', 'b', '{\"title\": \"x\"}')",
            "platform_onboarding_config_steps_check",
        ),
    ];
    for (statement, constraint) in refused {
        let error = sqlx::query(statement)
            .execute(&db.pool)
            .await
            .expect_err("Postgres refuses the wrong shape");
        let database = error.as_database_error().expect("a database error");
        assert_eq!(database.code().as_deref(), Some("23514"), "{statement}");
        assert_eq!(database.constraint(), Some(constraint), "{statement}");
    }
    // An array of objects, as the check asks, but a step without its title.
    sqlx::query(
        "INSERT INTO platform_onboarding_config (welcome_title, welcome_body, steps) \
         VALUES ('t', 'b', '[{\"body\": \"no title\"}]')",
    )
    .execute(&db.pool)
    .await
    .expect("the shape is right");
    let read = PlatformOnboardingConfig::list(&db.pool, schemaforge::Page::first(10)).await;
    match read {
        Err(schemaforge::Error::Database(sqlx::Error::ColumnDecode { index, source })) => {
            assert_eq!(index, "\"steps\"");
            assert!(source.to_string().contains("title"), "{source}");
        }
        other => panic!("a step without a title must not decode: {other:?}"),
    }
}

#[tokio::test]
async fn platform_onboarding_config() {
    let db = database().await;
    let new = NewPlatformOnboardingConfig::new("Welcome".into(), "Let's set up.".into());
    let minimal = insert_onboarding(&db.pool, new).await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        PlatformOnboardingConfig {
            id: minimal.id,
            welcome_title: "Welcome".into(),
            welcome_body: "Let's set up.".into(),
            steps: Json(vec![]),
            is_active: true,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    // At most one active row: the second is inactive.
    let id = PlatformOnboardingConfigId::new(uuid(1));
    let steps = Json(vec![
        OnboardingStep {
            title: "Invite your team".into(),
            body: Some("Work goes better together.".into()),
            link_url: Some("/settings/members".into()),
        },
        OnboardingStep {
            title: "Create a task".into(),
            body: None,
            link_url: None,
        },
    ]);
    let new = NewPlatformOnboardingConfig::new("Hello".into(), "Draft.".into())
        .with_id(id)
        .with_steps(steps.clone())
        .with_is_active(false)
        .with_created_at(at(1, 0))
        .with_updated_at(at(1, 1));
    let full = insert_onboarding(&db.pool, new).await;
    assert_eq!(
        full,
        PlatformOnboardingConfig {
            id,
            welcome_title: "Hello".into(),
            welcome_body: "Draft.".into(),
            steps,
            is_active: false,
            created_at: at(1, 0),
            updated_at: at(1, 1),
        }
    );
    assert_eq!(
        all_rows::<PlatformOnboardingConfig>(&db.pool).await,
        [minimal, full]
    );
}

async fn insert_flag(pool: &PgPool, new: NewPlatformFeatureFlag) -> PlatformFeatureFlag {
    let NewPlatformFeatureFlag {
        id,
        key,
        description,
        enabled,
        rollout_percentage,
        created_at,
        updated_at,
    } = new;
    Insert::into("platform_feature_flags")
        .optional("id", id)
        .required("key", key)
        .optional("description", description)
        .optional("enabled", enabled)
        .optional("rollout_percentage", rollout_percentage)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn platform_feature_flags() {
    let db = database().await;
    let minimal = insert_flag(
        &db.pool,
        NewPlatformFeatureFlag::new("new_billing_page".into()),
    )
    .await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        PlatformFeatureFlag {
            id: minimal.id,
            key: "new_billing_page".into(),
            description: None,
            enabled: false,
            rollout_percentage: 0,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let id = PlatformFeatureFlagId::new(uuid(1));
    let new = NewPlatformFeatureFlag::new("dark_mode".into())
        .with_id(id)
        .with_description(Some("Dark theme".into()))
        .with_enabled(true)
        .with_rollout_percentage(100)
        .with_created_at(at(1, 0))
        .with_updated_at(at(1, 1));
    let full = insert_flag(&db.pool, new).await;
    assert_eq!(
        full,
        PlatformFeatureFlag {
            id,
            key: "dark_mode".into(),
            description: Some("Dark theme".into()),
            enabled: true,
            rollout_percentage: 100,
            created_at: at(1, 0),
            updated_at: at(1, 1),
        }
    );
    assert_eq!(
        all_rows::<PlatformFeatureFlag>(&db.pool).await,
        [minimal, full]
    );
}

async fn insert_banner(pool: &PgPool, new: NewPlatformBanner) -> PlatformBanner {
    let NewPlatformBanner {
        id,
        message,
        placement,
        variant,
        starts_at,
        ends_at,
        is_active,
        created_at,
        updated_at,
    } = new;
    Insert::into("platform_banners")
        .optional("id", id)
        .required("message", message)
        .optional("placement", placement)
        .optional("variant", variant)
        .optional("starts_at", starts_at)
        .optional("ends_at", ends_at)
        .optional("is_active", is_active)
        .optional("created_at", created_at)
        .optional("updated_at", updated_at)
        .fetch(pool)
        .await
}

#[tokio::test]
async fn platform_banners_with_every_placement_and_variant() {
    let db = database().await;
    let minimal = insert_banner(
        &db.pool,
        NewPlatformBanner::new("Maintenance tonight".into()),
    )
    .await;
    assert!(is_recent(minimal.created_at) && is_recent(minimal.updated_at));
    assert_eq!(
        minimal,
        PlatformBanner {
            id: minimal.id,
            message: "Maintenance tonight".into(),
            placement: PlatformBannerPlacement::Everywhere,
            variant: PlatformBannerVariant::Info,
            starts_at: None,
            ends_at: None,
            is_active: true,
            created_at: minimal.created_at,
            updated_at: minimal.updated_at,
        }
    );
    let mut written = vec![minimal];
    let mut n = 0;
    for placement in PlatformBannerPlacement::ALL {
        for variant in PlatformBannerVariant::ALL {
            n += 1;
            let id = PlatformBannerId::new(uuid(n));
            let new = NewPlatformBanner::new(format!("{variant} banner on {placement}"))
                .with_id(id)
                .with_placement(*placement)
                .with_variant(*variant)
                .with_starts_at(Some(at(1, n as u32)))
                .with_ends_at(Some(at(2, n as u32)))
                .with_is_active(false)
                .with_created_at(at(3, n as u32))
                .with_updated_at(at(4, n as u32));
            let row = insert_banner(&db.pool, new).await;
            assert_eq!(
                row,
                PlatformBanner {
                    id,
                    message: format!("{variant} banner on {placement}"),
                    placement: *placement,
                    variant: *variant,
                    starts_at: Some(at(1, n as u32)),
                    ends_at: Some(at(2, n as u32)),
                    is_active: false,
                    created_at: at(3, n as u32),
                    updated_at: at(4, n as u32),
                }
            );
            written.push(row);
        }
    }
    assert_eq!(all_rows::<PlatformBanner>(&db.pool).await, written);
}

// ---------------------------------------------------------------------------------------
// Across tables.

/// `Table`'s metadata against the catalog, for every table: if a table were missing here,
/// the count at the end would say so.
#[tokio::test]
async fn every_row_type_names_its_table_columns_and_key() {
    async fn check<R: Table>(pool: &PgPool, seen: &mut BTreeSet<&'static str>) {
        let columns: Vec<String> = sqlx::query_scalar(
            "select column_name::text from information_schema.columns
             where table_schema = 'public' and table_name = $1 order by ordinal_position",
        )
        .bind(R::NAME)
        .fetch_all(pool)
        .await
        .expect("read the catalog");
        assert_eq!(columns, R::COLUMNS, "columns of {}", R::NAME);
        let key: Vec<String> = sqlx::query_scalar(
            "select a.attname::text from pg_index i
             join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
             where i.indrelid = $1::regclass and i.indisprimary
             order by array_position(i.indkey::int2[], a.attnum)",
        )
        .bind(R::NAME)
        .fetch_all(pool)
        .await
        .expect("read the catalog");
        assert_eq!(key, R::PRIMARY_KEY, "primary key of {}", R::NAME);
        seen.insert(R::NAME);
    }

    let db = database().await;
    let pool = &db.pool;
    let mut seen = BTreeSet::new();
    check::<User>(pool, &mut seen).await;
    check::<Session>(pool, &mut seen).await;
    check::<Account>(pool, &mut seen).await;
    check::<Verification>(pool, &mut seen).await;
    check::<Organization>(pool, &mut seen).await;
    check::<OrganizationMember>(pool, &mut seen).await;
    check::<OrganizationInvitation>(pool, &mut seen).await;
    check::<Subscription>(pool, &mut seen).await;
    check::<ApiKey>(pool, &mut seen).await;
    check::<Task>(pool, &mut seen).await;
    check::<TaskAssignee>(pool, &mut seen).await;
    check::<Event>(pool, &mut seen).await;
    check::<AuditLogEntry>(pool, &mut seen).await;
    check::<WebhookEndpoint>(pool, &mut seen).await;
    check::<WebhookDelivery>(pool, &mut seen).await;
    check::<UserNotification>(pool, &mut seen).await;
    check::<UserNotificationPreference>(pool, &mut seen).await;
    check::<PlatformOnboardingConfig>(pool, &mut seen).await;
    check::<PlatformFeatureFlag>(pool, &mut seen).await;
    check::<PlatformBanner>(pool, &mut seen).await;
    let tables: Vec<String> = sqlx::query_scalar(
        "select tablename::text from pg_tables where schemaname = 'public' order by 1",
    )
    .fetch_all(pool)
    .await
    .expect("read the catalog");
    assert_eq!(
        tables,
        seen.into_iter().collect::<Vec<_>>(),
        "every table has a row type here"
    );
}

/// A foreign key column has the target's id type, and the types convert as ids should.
#[test]
fn ids_are_typed_by_table() {
    let org = OrganizationId::new(uuid(1));
    let task = NewTask::new("t".into());
    let row = Task {
        id: TaskId::new(uuid(2)),
        organization_id: org,
        title: task.title,
        description: None,
        status: TaskStatus::Todo,
        priority: TaskPriority::High,
        due_at: None,
        created_by_user_id: Some(UserId::new("ada".into())),
        created_at: at(1, 0),
        updated_at: at(1, 0),
    };
    assert_eq!(row.organization_id.into_inner(), uuid(1));
    assert_eq!(OrganizationId::from(uuid(1)), org);
    assert_eq!(format!("{:?}", row.id), format!("TaskId({:?})", uuid(2)));
    assert_eq!(row.id.to_string(), uuid(2).to_string());
    assert_eq!(row.id.to_string().parse::<TaskId>(), Ok(row.id));
    let json = serde_json::to_value(&row).expect("serialize");
    assert_eq!(json["organization_id"], uuid(1).to_string(), "transparent");
    assert_eq!(json["status"], "todo");
    assert_eq!(json["created_by_user_id"], "ada");
}
