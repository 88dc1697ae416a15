//! Table `user_devices`: the app installations of each user (for push notifications).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_devices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed, unique_key = "pushid_user")]
    pub userid: i64,
    pub appid: String,
    pub name: String,
    pub model: String,
    pub platform: String,
    pub version: String,
    #[sea_orm(unique_key = "pushid_user")]
    pub pushid: String,
    pub uuid: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub publickey: Option<String>,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
