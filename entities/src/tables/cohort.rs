//! Table `cohort`: site-wide or category-wide groups of users.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The system or category context the cohort belongs to.
    #[sea_orm(indexed)]
    pub contextid: i64,
    pub name: String,
    #[sea_orm(indexed)]
    pub idnumber: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub descriptionformat: i32,
    pub visible: i32,
    pub component: String,
    pub timecreated: i64,
    pub timemodified: i64,
    pub theme: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
