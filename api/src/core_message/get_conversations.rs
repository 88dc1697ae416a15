//! core_message_get_conversations: a user's conversations, most recently active first, each
//! with its other members and its last message.
use poem_openapi::Object;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{
    cap, message_conversation_members as members, message_conversations as conversations, seed,
};

use super::conversation::{Conversation, Window, describe};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetConversations;

/// The most conversations one call lists.
const MAX: u64 = 100;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_conversations_params", deny_unknown_fields)]
pub struct Params {
    /// Whose conversations (another user's need moodle/site:readallmessages).
    pub userid: i64,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub limitfrom: u64,
    /// How many (0 for the most, 100).
    #[oai(default, validator(minimum(value = "0")))]
    pub limitnum: u64,
    /// Only this type: 1 two people, 2 groups, 3 the user's own.
    #[oai(rename = "type")]
    pub kind: Option<i64>,
    /// Only starred (true), only not starred (false), or both (none).
    pub favourites: Option<bool>,
    /// With type 1, include the user's own conversation too.
    #[oai(default)]
    pub mergeself: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_get_conversations_returns")]
pub struct Conversations {
    /// The conversations.
    pub conversations: Vec<Conversation>,
}

impl ExternalFunction for GetConversations {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_conversations",
        summary: "Get a user's conversations",
        description: "List the user's conversations, most recently active first, each with its other members and last message. Another user's need moodle/site:readallmessages.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES, cap::SITE_MESSAGEANYUSER, cap::SITE_DELETEANYMESSAGE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3,"limitfrom":0,"limitnum":51,"type":1,"favourites":false,"mergeself":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Conversations;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Conversations, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.userid).await?;
        // No conversation is starred yet (favourites are not kept): only "not starred" lists any.
        if p.favourites == Some(true) {
            return Ok(Conversations { conversations: Vec::new() });
        }
        let mut query = conversations::Entity::find()
            .filter(
                conversations::Column::Id.in_subquery(
                    Query::select()
                        .column(members::Column::Conversationid)
                        .from(members::Entity)
                        .and_where(members::Column::Userid.eq(p.userid))
                        .to_owned(),
                ),
            )
            .filter(conversations::Column::Enabled.eq(1));
        if let Some(kind) = p.kind {
            let mut kinds = vec![kind];
            if kind == i64::from(store::INDIVIDUAL) && p.mergeself {
                kinds.push(store::SELF.into());
            }
            query = query.filter(conversations::Column::Kind.is_in(kinds));
        }
        let limit = if p.limitnum == 0 { MAX } else { p.limitnum.min(MAX) };
        let list = query
            .order_by_desc(conversations::Column::Timemodified)
            .order_by_desc(conversations::Column::Id)
            .offset(p.limitfrom)
            .limit(limit)
            .all(&call.db())
            .await?;
        let mut conversations = describe(call, p.userid, list, &Window::LIST).await?;
        // Moodle lists a conversation of two with an empty name.
        for c in &mut conversations {
            c.name.0.get_or_insert_with(String::new);
        }
        Ok(Conversations { conversations })
    }
}
