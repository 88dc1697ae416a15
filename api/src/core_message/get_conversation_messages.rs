//! core_message_get_conversation_messages: a page of a conversation's messages with every
//! member, for a member of it.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, messages, seed};

use super::conversation::Message;
use super::member::{Member, members_info};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetConversationMessages;

/// The most messages one call returns.
const MAX: u64 = 100;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_conversation_messages_params", deny_unknown_fields)]
pub struct Params {
    /// The member reading (another user's need moodle/site:readallmessages).
    pub currentuserid: i64,
    /// The conversation.
    pub convid: i64,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub limitfrom: u64,
    /// How many (0 for the most, 100).
    #[oai(default, validator(minimum(value = "0")))]
    pub limitnum: u64,
    /// Newest first.
    #[oai(default)]
    pub newest: bool,
    /// Only messages sent at or after this time (Unix time).
    #[oai(default)]
    pub timefrom: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_get_conversation_messages_returns")]
pub struct ConversationMessages {
    /// The conversation.
    pub id: i64,
    /// The senders of the messages returned.
    pub members: Vec<Member>,
    /// The messages.
    pub messages: Vec<Message>,
}

impl ExternalFunction for GetConversationMessages {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_conversation_messages",
        summary: "Get a conversation's messages",
        description: "Return a page of the conversation's messages, and their senders, for a member of it. Another member's view needs moodle/site:readallmessages.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES, cap::SITE_MESSAGEANYUSER],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"currentuserid":3,"convid":2,"limitfrom":0,"limitnum":51,"newest":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = ConversationMessages;

    async fn execute(call: &Call<'_>, p: Params) -> Result<ConversationMessages, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.currentuserid).await?;
        let db = call.db();
        if !store::is_member(&db, p.convid, p.currentuserid).await? {
            return Err(code::NOT_IN_CONVERSATION.err());
        }
        let order = if p.newest { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
        let limit = if p.limitnum == 0 { MAX } else { p.limitnum.min(MAX) };
        let mut query = messages::Entity::find()
            .filter(messages::Column::Conversationid.eq(p.convid))
            .filter(store::visible_to(p.currentuserid));
        if p.timefrom > 0 {
            query = query.filter(messages::Column::Timecreated.gte(p.timefrom));
        }
        let list = query
            .order_by(messages::Column::Timecreated, order.clone())
            .order_by(messages::Column::Id, order)
            .offset(p.limitfrom)
            .limit(limit)
            .all(&db)
            .await?;
        // Moodle lists the reader and the senders of the messages returned.
        let mut senders = vec![p.currentuserid];
        for m in &list {
            if !senders.contains(&m.useridfrom) {
                senders.push(m.useridfrom);
            }
        }
        let members = members_info(call, p.currentuserid, &senders, true, false).await?;
        Ok(ConversationMessages { id: p.convid, members, messages: list.into_iter().map(Message::from).collect() })
    }
}
