//! core_message_get_unread_notification_count: how many notifications the user has not read.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, ids, notifications, seed};

use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetUnreadNotificationCount;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_unread_notification_count_params", deny_unknown_fields)]
pub struct Params {
    /// The recipient (another user's need moodle/site:readallmessages).
    pub useridto: i64,
}

impl ExternalFunction for GetUnreadNotificationCount {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_unread_notification_count",
        summary: "Count a user's unread notifications",
        description: "Count the notifications the user has not read. Another user's need moodle/site:readallmessages.",
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"useridto":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = i64;

    async fn execute(call: &Call<'_>, p: Params) -> Result<i64, ApiError> {
        store::require_messaging(call).await?;
        if p.useridto != 0 {
            store::existing_user(call, p.useridto).await?;
        }
        if p.useridto != call.caller.user().id && !call.can(cap::SITE_READALLMESSAGES, &[ids::SYSTEM_CONTEXT]).await? {
            return Err(code::ACCESS_DENIED.err());
        }
        let n = notifications::Entity::find()
            .filter(notifications::Column::Useridto.eq(p.useridto))
            .filter(notifications::Column::Timeread.is_null())
            .count(&call.db())
            .await?;
        Ok(n as i64)
    }
}
