//! core_message_get_conversation_counts: how many conversations the user has, by type.
use poem_openapi::Object;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, message_conversation_members as members, message_conversations as conversations, seed};

use super::counts::{ByType, Counts};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetConversationCounts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_conversation_counts_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (0 for the caller; another user's need moodle/site:readallmessages).
    #[oai(default)]
    pub userid: i64,
}

impl ExternalFunction for GetConversationCounts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_conversation_counts",
        summary: "Count a user's conversations",
        description: "Count the user's conversations: starred, and by type (1 two people, 2 groups, 3 the user's own).",
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
        let rows: Vec<(i32, i64)> = conversations::Entity::find()
            .select_only()
            .column(conversations::Column::Kind)
            .column_as(conversations::Column::Id.count(), "n")
            .filter(
                conversations::Column::Id.in_subquery(
                    Query::select()
                        .column(members::Column::Conversationid)
                        .from(members::Entity)
                        .and_where(members::Column::Userid.eq(userid))
                        .to_owned(),
                ),
            )
            .filter(conversations::Column::Enabled.eq(1))
            .group_by(conversations::Column::Kind)
            .into_tuple()
            .all(&call.db())
            .await?;
        let mut types = ByType::default();
        for (kind, n) in rows {
            types.add(kind, n);
        }
        Ok(Counts { favourites: 0, types })
    }
}
