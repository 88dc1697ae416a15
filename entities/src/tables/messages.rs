//! Table `messages`: a message sent to a conversation.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub useridfrom: i64,
    #[sea_orm(indexed)]
    pub conversationid: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub subject: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub fullmessage: String,
    pub fullmessageformat: i32,
    #[sea_orm(column_type = "Text")]
    pub fullmessagehtml: String,
    #[sea_orm(column_type = "Text")]
    pub smallmessage: String,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
