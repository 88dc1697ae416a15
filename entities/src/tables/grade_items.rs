//! Table `grade_items`: what is graded in a course: the course total (`course`), activities
//! (`mod`) and manual items.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "grade_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub courseid: i64,
    /// The category it belongs to (none for the course total, which totals its `iteminstance`).
    pub categoryid: Option<i64>,
    pub itemname: Option<String>,
    /// `course`, `mod` or `manual`.
    pub itemtype: String,
    pub itemmodule: Option<String>,
    pub iteminstance: Option<i64>,
    pub itemnumber: Option<i32>,
    pub idnumber: Option<String>,
    /// 0 none, 1 value, 2 scale, 3 text.
    pub gradetype: i32,
    #[sea_orm(column_type = "Double")]
    pub grademax: f64,
    #[sea_orm(column_type = "Double")]
    pub grademin: f64,
    #[sea_orm(column_type = "Double")]
    pub gradepass: f64,
    pub sortorder: i32,
    pub hidden: i64,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
