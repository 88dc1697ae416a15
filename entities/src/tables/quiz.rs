//! Table `quiz`: instances of the quiz activity: its settings (taking a quiz, and its questions,
//! are not on this site yet). Settings lmsgate does not offer keep Moodle's defaults in answers.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "quiz")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    pub introformat: i32,
    pub timeopen: i64,
    pub timeclose: i64,
    pub timelimit: i64,
    /// How many attempts a student may make (0: unlimited).
    pub attempts: i32,
    /// 1 highest, 2 average, 3 first, 4 last attempt.
    pub grademethod: i32,
    #[sea_orm(column_type = "Double")]
    pub sumgrades: f64,
    /// The maximum grade.
    #[sea_orm(column_type = "Double")]
    pub grade: f64,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
