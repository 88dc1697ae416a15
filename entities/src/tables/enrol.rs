//! Table `enrol`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrol")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub enrol: String,
    /// 0 enabled, 1 disabled.
    pub status: i32,
    #[sea_orm(indexed)]
    pub courseid: i64,
    pub sortorder: i32,
    pub name: Option<String>,
    pub enrolperiod: i64,
    pub enrolstartdate: i64,
    pub enrolenddate: i64,
    pub roleid: i64,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
