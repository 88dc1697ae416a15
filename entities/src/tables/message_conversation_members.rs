//! Table `message_conversation_members`: who is in each conversation.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_conversation_members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "conversation_user")]
    pub conversationid: i64,
    #[sea_orm(indexed, unique_key = "conversation_user")]
    pub userid: i64,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
