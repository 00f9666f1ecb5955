//! The Rust types of the schema's `jsonb` columns, which name them with `rust_type(…)`: a
//! row holds them as [`schemaforge::Json`], and a value that does not decode as its type is an
//! error when the row is read, not a surprise later. Each column's `check` keeps the JSON's
//! shape in Postgres too (an object, or an array), for writers that are not this crate.

use schemaforge::chrono::{DateTime, Utc};
use schemaforge::serde_json::{Map, Value};
use schemaforge::uuid::Uuid;
use serde::{Deserialize, Serialize};

/// `events.properties`: what the event's name leaves open, by property name (e.g.
/// `{"plan": "pro"}` for `subscription.started`). Always a JSON object.
pub type EventProperties = Map<String, Value>;

/// `audit_log_entries.metadata`: the action's details, by name (e.g. `{"email": …}` for
/// `member.invited`). Always a JSON object.
pub type AuditMetadata = Map<String, Value>;

/// `webhook_deliveries.payload`: the body sent to the endpoint, signed with its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPayload {
    /// The event's id, the same in every attempt, so that a receiver can drop duplicates.
    pub id: Uuid,
    /// The event type, e.g. `task.created`: the delivery's `event_type`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When the event happened.
    pub created_at: DateTime<Utc>,
    /// The object the event is about, as the API shows it.
    pub data: Value,
}

/// One step of `platform_onboarding_config.steps`, which holds them in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnboardingStep {
    /// Short title, e.g. `Invite your team`.
    pub title: String,
    /// What the step asks of the user, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Where the step's button leads, e.g. `/settings/members`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_url: Option<String>,
}
