//! Table `course_categories`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub idnumber: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub descriptionformat: i32,
    #[sea_orm(indexed)]
    pub parent: i64,
    pub sortorder: i64,
    pub coursecount: i64,
    pub visible: i32,
    pub visibleold: i32,
    pub timemodified: i64,
    pub depth: i32,
    pub path: String,
    pub theme: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
