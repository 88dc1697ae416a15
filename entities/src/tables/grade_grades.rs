//! Table `grade_grades`: a user's grade for a grade item.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "grade_grades")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub itemid: i64,
    #[sea_orm(indexed)]
    pub userid: i64,
    #[sea_orm(column_type = "Double", nullable)]
    pub rawgrade: Option<f64>,
    #[sea_orm(column_type = "Double", nullable)]
    pub finalgrade: Option<f64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub feedback: Option<String>,
    pub feedbackformat: i32,
    pub usermodified: Option<i64>,
    pub timecreated: Option<i64>,
    pub timemodified: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
