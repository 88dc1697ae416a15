//! core_message_mark_notification_read: one of the caller's notifications becomes read.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use validator::Validate;

use lmsgate_entities::{now, notifications, seed};

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct MarkNotificationRead;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_mark_notification_read_params", deny_unknown_fields)]
pub struct Params {
    /// The notification.
    pub notificationid: i64,
    /// When it was read (Unix time; 0 for now).
    #[oai(default)]
    pub timeread: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_mark_notification_read_returns")]
pub struct Marked {
    /// The notification.
    pub notificationid: i64,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for MarkNotificationRead {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_mark_notification_read",
        summary: "Mark a notification read",
        description: "Mark one of the caller's notifications read (a notification to someone else is an invalid parameter).",
        kind: Kind::Write,
        ajax: true,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"notificationid":1,"timeread":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Marked;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Marked, ApiError> {
        let found = notifications::Entity::find_by_id(p.notificationid)
            .one(&call.db())
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("notifications"))?;
        if found.useridto != call.caller.user().id {
            return Err(code::INVALID_PARAMETER.err().with_debuginfo(
                "Invalid notificationid, you don't have permissions to mark this notification as read",
            ));
        }
        if found.timeread.is_none() {
            let mut row = found.into_active_model();
            row.timeread = Set(Some(if p.timeread > 0 { p.timeread } else { now() }));
            row.update(&call.write().await?).await?;
        }
        Ok(Marked { notificationid: p.notificationid, warnings: Vec::new() })
    }
}
