//! Table `grade_categories`: a course's gradebook category (one per course so far, aggregating
//! by Moodle's default, natural, over non-empty grades).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "grade_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub courseid: i64,
    pub fullname: String,
    pub aggregation: i32,
    pub aggregateonlygraded: i32,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
