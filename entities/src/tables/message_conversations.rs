//! Table `message_conversations`: a conversation between two users (`type` 1), a group's (2) or
//! a user's own notes (3). `convhash` finds the one conversation of a pair of users.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_conversations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_name = "type")]
    pub kind: i32,
    pub name: Option<String>,
    #[sea_orm(indexed)]
    pub convhash: Option<String>,
    pub enabled: i32,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
