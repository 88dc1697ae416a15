//! Table `message_contacts`: two users who are each other's contacts (one row per pair).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "user_contact")]
    pub userid: i64,
    #[sea_orm(indexed, unique_key = "user_contact")]
    pub contactid: i64,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
