//! core_message_send_messages_to_conversation: messages into a conversation the caller is in
//! (for two people, only while the other still accepts the caller's messages).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, message_conversations as conversations, seed};
use sea_orm::EntityTrait;

use super::conversation::Message;
use super::store::{self, Reach};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct SendMessagesToConversation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_send_messages_to_conversation_params", deny_unknown_fields)]
pub struct Params {
    /// The conversation.
    pub conversationid: i64,
    /// The messages, at most 100.
    #[oai(validator(max_items = 100))]
    pub messages: Vec<Text>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_conversation_text", deny_unknown_fields)]
pub struct Text {
    /// The text.
    #[oai(validator(max_length = 65535))]
    pub text: String,
    /// Its format: 0 Moodle (the default), 1 HTML, 2 plain text, 4 Markdown.
    #[oai(default, validator(minimum(value = "0"), maximum(value = "4")))]
    pub textformat: i64,
}

impl ExternalFunction for SendMessagesToConversation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_send_messages_to_conversation",
        summary: "Send messages to a conversation",
        description: "Post messages to a conversation the caller is a member of. In a conversation of two, the other member must accept messages from the caller.",
        kind: Kind::Write,
        ajax: true,
        requires: &[cap::SITE_SENDMESSAGE],
        checks: &[cap::SITE_MESSAGEANYUSER, cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"conversationid":1,"messages":[{"text":"See you tomorrow","textformat":1}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Message>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Message>, ApiError> {
        store::require_messaging(call).await?;
        let me = call.caller.user().id;
        let db = call.db();
        let conversation = conversations::Entity::find_by_id(p.conversationid).one(&db).await?;
        let members = store::members_of(&db, &[p.conversationid]).await?.remove(&p.conversationid).unwrap_or_default();
        let Some(conversation) = conversation.filter(|_| members.contains(&me)) else {
            return Err(code::MESSAGE_REFUSED.err());
        };
        if conversation.kind == store::INDIVIDUAL {
            let reach = Reach::load(call, &members).await?;
            if members.iter().any(|m| *m != me && !reach.can_send(*m, me)) {
                return Err(code::MESSAGE_REFUSED.err());
            }
        }
        let db = call.write().await?;
        let mut out = Vec::with_capacity(p.messages.len());
        for m in p.messages {
            out.push(store::post(&db, me, conversation.id, &m.text, m.textformat as i32).await?.into());
        }
        Ok(out)
    }
}
