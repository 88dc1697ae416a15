//! Table `assign_submission`: a student's submission to an assignment, with its online text
//! (Moodle keeps that in `assignsubmission_onlinetext`; one row per attempt holds it here).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assign_submission")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub assignment: i64,
    pub userid: i64,
    pub timecreated: i64,
    pub timemodified: i64,
    /// `new`, `draft` or `submitted`.
    pub status: String,
    pub attemptnumber: i32,
    pub latest: i32,
    #[sea_orm(column_type = "Text")]
    pub onlinetext: String,
    pub onlineformat: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
