//! Table `groups`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub courseid: i64,
    pub idnumber: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub descriptionformat: i32,
    pub enrolmentkey: Option<String>,
    pub picture: i64,
    pub visibility: i32,
    pub participation: i32,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
