//! Table `user_enrolments`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_enrolments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 0 active, 1 suspended.
    pub status: i32,
    #[sea_orm(unique_key = "enrol_user")]
    pub enrolid: i64,
    #[sea_orm(indexed, unique_key = "enrol_user")]
    pub userid: i64,
    pub timestart: i64,
    pub timeend: i64,
    pub modifierid: i64,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
