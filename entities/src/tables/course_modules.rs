//! Table `course_modules`: an activity placed in a course section (the instance is a row of the
//! type's own table, e.g. `page`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_modules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    #[sea_orm(unique_key = "module_instance")]
    pub module: i64,
    #[sea_orm(unique_key = "module_instance")]
    pub instance: i64,
    /// `course_sections.id`.
    #[sea_orm(indexed)]
    pub section: i64,
    pub idnumber: String,
    pub added: i64,
    pub visible: i32,
    pub visibleoncoursepage: i32,
    pub visibleold: i32,
    pub groupmode: i32,
    pub groupingid: i64,
    pub completion: i32,
    pub completionview: i32,
    pub completionexpected: i64,
    pub showdescription: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub availability: Option<String>,
    pub indent: i32,
    pub deletioninprogress: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
