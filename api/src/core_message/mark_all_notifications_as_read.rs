//! core_message_mark_all_notifications_as_read: a user's unread notifications become read
//! (from one sender, or sent up to a time, if asked).
use poem_openapi::Object;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, ids, now, notifications, seed};

use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct MarkAllNotificationsAsRead;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_mark_all_notifications_as_read_params", deny_unknown_fields)]
pub struct Params {
    /// The recipient (another user's need moodle/site:readallmessages).
    pub useridto: i64,
    /// Only from this sender (0 for any).
    #[oai(default)]
    pub useridfrom: i64,
    /// Only those sent at or before this time (0 for all).
    #[oai(default)]
    pub timecreatedto: i64,
}

impl ExternalFunction for MarkAllNotificationsAsRead {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_mark_all_notifications_as_read",
        summary: "Mark a user's notifications read",
        description: "Mark the user's unread notifications read, from one sender or up to a time if given. Another user's need moodle/site:readallmessages.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"useridto":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = bool;

    async fn execute(call: &Call<'_>, p: Params) -> Result<bool, ApiError> {
        store::require_messaging(call).await?;
        if p.useridto != 0 {
            store::existing_user(call, p.useridto).await?;
        }
        let me = call.caller.user().id;
        if p.useridto != me && !call.can(cap::SITE_READALLMESSAGES, &[ids::SYSTEM_CONTEXT]).await? {
            return Err(code::ACCESS_DENIED.err());
        }
        let mut update = notifications::Entity::update_many()
            .col_expr(notifications::Column::Timeread, Expr::value(now()))
            .filter(notifications::Column::Useridto.eq(p.useridto))
            .filter(notifications::Column::Timeread.is_null());
        if p.useridfrom != 0 {
            update = update.filter(notifications::Column::Useridfrom.eq(p.useridfrom));
        }
        if p.timecreatedto > 0 {
            update = update.filter(notifications::Column::Timecreated.lte(p.timecreatedto));
        }
        update.exec(&call.write().await?).await?;
        Ok(true)
    }
}
