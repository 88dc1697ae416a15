//! core_message_mark_all_conversation_messages_as_read: every message of a conversation the
//! user has not read becomes read.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use validator::Validate;

use lmsgate_entities::{cap, message_user_actions as actions, messages, now, seed};

use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, code};

pub struct MarkAllConversationMessagesAsRead;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_mark_all_conversation_messages_as_read_params", deny_unknown_fields)]
pub struct Params {
    /// The member reading (another user's need moodle/site:readallmessages).
    pub userid: i64,
    /// The conversation.
    pub conversationid: i64,
}

impl ExternalFunction for MarkAllConversationMessagesAsRead {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_mark_all_conversation_messages_as_read",
        summary: "Mark a conversation read",
        description: "Mark every message of the conversation the user has not read as read by them; the user must be a member.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3,"conversationid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.userid).await?;
        if !store::is_member(&call.db(), p.conversationid, p.userid).await? {
            return Err(code::ACCESS_DENIED.err());
        }
        let unread: Vec<i64> = messages::Entity::find()
            .select_only()
            .column(messages::Column::Id)
            .filter(messages::Column::Conversationid.eq(p.conversationid))
            .filter(store::unread_by(p.userid))
            .into_tuple()
            .all(&call.db())
            .await?;
        if unread.is_empty() {
            return Ok(Nothing);
        }
        let t = now();
        actions::Entity::insert_many(unread.into_iter().map(|messageid| actions::ActiveModel {
            userid: Set(p.userid),
            messageid: Set(messageid),
            action: Set(store::READ),
            timecreated: Set(t),
            ..Default::default()
        }))
        .exec_without_returning(&call.write().await?)
        .await?;
        Ok(Nothing)
    }
}
