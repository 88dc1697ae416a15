//! core_message_get_conversation: one of the user's conversations, with the members and the
//! messages asked for.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, message_conversations as conversations, seed};

use super::conversation::{Conversation, Window, describe};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetConversation;

fn hundred() -> u64 {
    100
}

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_conversation_params", deny_unknown_fields)]
pub struct Params {
    /// Whose view (another user's need moodle/site:readallmessages).
    pub userid: i64,
    /// The conversation.
    pub conversationid: i64,
    /// Include the contact requests between the user and each member.
    pub includecontactrequests: bool,
    /// Include whether the user may message each member.
    pub includeprivacyinfo: bool,
    /// How many members (0 for all).
    #[oai(default, validator(minimum(value = "0")))]
    pub memberlimit: u64,
    /// How many members to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub memberoffset: u64,
    /// How many messages (0 for all; at most 100).
    #[oai(default = "hundred", validator(minimum(value = "0")))]
    pub messagelimit: u64,
    /// How many messages to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub messageoffset: u64,
    /// Newest messages first.
    #[oai(default = "yes")]
    pub newestmessagesfirst: bool,
}

impl ExternalFunction for GetConversation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_conversation",
        summary: "Get a conversation",
        description: "Return a conversation of the user's with its other members and messages. Another user's need moodle/site:readallmessages; a conversation the user is not in does not exist for them.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES, cap::SITE_MESSAGEANYUSER, cap::SITE_DELETEANYMESSAGE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3,"conversationid":2,"includecontactrequests":false,"includeprivacyinfo":true,"messagelimit":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Conversation;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Conversation, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.userid).await?;
        let db = call.db();
        let found = conversations::Entity::find_by_id(p.conversationid).one(&db).await?;
        let Some(found) = found else {
            return Err(code::CONVERSATION_NOT_EXIST.err());
        };
        if !store::is_member(&db, found.id, p.userid).await? {
            return Err(code::CONVERSATION_NOT_EXIST.err());
        }
        let window = Window {
            messageoffset: p.messageoffset,
            messagelimit: if p.messagelimit == 0 { 100 } else { p.messagelimit.min(100) },
            memberoffset: p.memberoffset as usize,
            newest_first: p.newestmessagesfirst,
            memberlimit: if p.memberlimit == 0 { usize::MAX } else { p.memberlimit as usize },
            contact_requests: p.includecontactrequests,
            privacy: p.includeprivacyinfo,
        };
        let mut described = describe(call, p.userid, vec![found], &window).await?;
        Ok(described.remove(0))
    }
}
