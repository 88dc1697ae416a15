//! core_message_get_unread_conversation_counts: how many of the user's conversations hold
//! messages they have not read, by type.
use poem_openapi::Object;
use sea_orm::sea_query::Query;
use validator::Validate;

use lmsgate_entities::{cap, messages, seed};

use super::counts::{Counts, by_type};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUnreadConversationCounts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_unread_conversation_counts_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (0 for the caller; another user's need moodle/site:readallmessages).
    #[oai(default)]
    pub userid: i64,
}

impl ExternalFunction for GetUnreadConversationCounts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_unread_conversation_counts",
        summary: "Count a user's unread conversations",
        description: "Count the user's conversations holding messages they have not read: starred, and by type.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Counts;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Counts, ApiError> {
        store::require_messaging(call).await?;
        let userid = if p.userid == 0 { call.caller.user().id } else { p.userid };
        store::require_self_or_readall(call, userid).await?;
        let unread = Query::select()
            .column(messages::Column::Conversationid)
            .from(messages::Entity)
            .cond_where(store::unread_by(userid))
            .to_owned();
        by_type(call, userid, Some(unread)).await
    }
}
