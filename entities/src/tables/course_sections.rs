//! Table `course_sections`: the numbered sections of a course (section 0 always exists).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_sections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "course_section")]
    pub course: i64,
    #[sea_orm(unique_key = "course_section")]
    pub section: i32,
    pub name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub summaryformat: i32,
    /// Comma-separated course module ids, in order.
    #[sea_orm(column_type = "Text")]
    pub sequence: String,
    pub visible: i32,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
