//! Conversation counts by type, as `get_conversation_counts` and `get_unread_conversation_counts`
//! answer them.
use poem_openapi::Object;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use lmsgate_entities::{message_conversation_members as members, message_conversations as conversations};

use crate::framework::{ApiError, Call};

/// Counts of conversations: starred, and by type.
#[derive(Debug, Object)]
#[oai(rename = "core_message_conversation_counts")]
pub struct Counts {
    /// Starred conversations.
    pub favourites: i64,
    /// Conversations by type.
    pub types: ByType,
}

#[derive(Debug, Object, Default)]
#[oai(rename = "core_message_conversation_counts_by_type")]
pub struct ByType {
    /// Between two people.
    #[oai(rename = "1")]
    pub individual: i64,
    /// Groups'.
    #[oai(rename = "2")]
    pub group: i64,
    /// The user's own.
    #[oai(rename = "3")]
    pub own: i64,
}

impl ByType {
    pub fn add(&mut self, kind: i32, n: i64) {
        match kind {
            1 => self.individual += n,
            2 => self.group += n,
            _ => self.own += n,
        }
    }
}

/// The user's conversations by type, among those `only` selects (all of them when none).
pub async fn by_type(call: &Call<'_>, userid: i64, only: Option<SelectStatement>) -> Result<Counts, ApiError> {
    let mine = Query::select()
        .column(members::Column::Conversationid)
        .from(members::Entity)
        .and_where(members::Column::Userid.eq(userid))
        .to_owned();
    let mut query = conversations::Entity::find()
        .select_only()
        .column(conversations::Column::Kind)
        .column_as(conversations::Column::Id.count(), "n")
        .filter(conversations::Column::Id.in_subquery(mine))
        .filter(conversations::Column::Enabled.eq(1));
    if let Some(only) = only {
        query = query.filter(conversations::Column::Id.in_subquery(only));
    }
    let rows: Vec<(i32, i64)> =
        query.group_by(conversations::Column::Kind).into_tuple().all(&call.db()).await?;
    let mut types = ByType::default();
    for (kind, n) in rows {
        types.add(kind, n);
    }
    // Starred conversations are not kept yet.
    Ok(Counts { favourites: 0, types })
}
