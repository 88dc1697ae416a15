//! Table `assign`: instances of the assignment activity. Settings lmsgate does not offer keep
//! Moodle's defaults in the answers instead of columns.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assign")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    pub introformat: i32,
    pub alwaysshowdescription: i32,
    pub submissiondrafts: i32,
    pub sendstudentnotifications: i32,
    pub duedate: i64,
    pub allowsubmissionsfromdate: i64,
    pub cutoffdate: i64,
    pub gradingduedate: i64,
    /// The maximum grade (0: not graded).
    pub grade: i64,
    /// Whether online text submissions are on.
    pub onlinetext: i32,
    /// How many files a submission may hold (0: file submissions off).
    pub maxfilesubmissions: i32,
    pub maxsubmissionsizebytes: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
