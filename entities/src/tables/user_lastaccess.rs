//! Table `user_lastaccess`: when each user last entered each course (set by
//! `core_course_view_course`, as Moodle's `course_view` does).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_lastaccess")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "user_course")]
    pub userid: i64,
    #[sea_orm(unique_key = "user_course", indexed)]
    pub courseid: i64,
    pub timeaccess: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
