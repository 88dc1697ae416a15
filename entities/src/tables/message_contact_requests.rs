//! Table `message_contact_requests`: `userid` asked `requesteduserid` to be contacts.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_contact_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "user_requested")]
    pub userid: i64,
    #[sea_orm(indexed, unique_key = "user_requested")]
    pub requesteduserid: i64,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
