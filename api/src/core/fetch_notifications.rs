//! core_fetch_notifications: the notifications queued for the caller's session page (Moodle's
//! `\core\notification::fetch`). lmsgate queues none (its pages are the clients'), so the answer is
//! an empty list once the context is known, as a Moodle session with nothing pending gives.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::context;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct FetchNotifications;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_fetch_notifications_params", deny_unknown_fields)]
pub struct Params {
    /// Context ID
    pub contextid: i64,
}

/// What the notification template shows.
#[derive(Debug, Object)]
#[oai(rename = "core_fetch_notifications_variables")]
pub struct Variables {
    /// HTML content of the Notification
    pub message: String,
    /// Extra classes to provide to the template
    pub extraclasses: String,
    /// Whether to announce
    pub announce: String,
    /// Whether to close
    pub closebutton: String,
}

/// A notification.
#[derive(Debug, Object)]
#[oai(rename = "core_fetch_notifications_notification")]
pub struct Notification {
    /// Name of the template
    pub template: String,
    /// The template's variables.
    pub variables: Variables,
}

impl ExternalFunction for FetchNotifications {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_fetch_notifications",
        summary: "Return a list of notifications for the current session",
        description: "Return a list of notifications for the current session (none are queued by lmsgate). The context must exist.",
        ajax: true,
        login_required: false,
        example: r#"{"contextid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Notification>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Notification>, ApiError> {
        context::Entity::find_by_id(p.contextid).one(&call.db()).await?.ok_or_else(|| {
            ApiError::missing_record("context").with_debuginfo(format!("contextid: no context {}", p.contextid))
        })?;
        Ok(Vec::new())
    }
}
