//! Table `favourite`: what a user starred (a course: component `core_course`, itemtype
//! `courses`, the course's id and context).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "favourite")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "favourite")]
    pub component: String,
    #[sea_orm(unique_key = "favourite")]
    pub itemtype: String,
    #[sea_orm(unique_key = "favourite")]
    pub itemid: i64,
    #[sea_orm(unique_key = "favourite")]
    pub contextid: i64,
    #[sea_orm(indexed, unique_key = "favourite")]
    pub userid: i64,
    pub ordering: Option<i64>,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
