//! Table `message_user_actions`: what a user did to a message (1 read, 2 deleted for them).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_user_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "user_message_action")]
    pub userid: i64,
    #[sea_orm(indexed, unique_key = "user_message_action")]
    pub messageid: i64,
    #[sea_orm(unique_key = "user_message_action")]
    pub action: i32,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
