//! Table `course_modules_completion`: a user's completion of an activity (manual marks, and
//! automatic completion on view).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_modules_completion")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub coursemoduleid: i64,
    #[sea_orm(indexed)]
    pub userid: i64,
    /// 0 incomplete, 1 complete, 2 complete with a pass, 3 complete with a fail.
    pub completionstate: i32,
    /// Whether the user has viewed the activity.
    pub viewed: i32,
    pub overrideby: Option<i64>,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
