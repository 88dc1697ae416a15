//! Table `event`: calendar events. A site event has `courseid` 1 (the site course); a category
//! event its `categoryid`; a course event its `courseid`; a group event also its `groupid`; a user
//! event only its `userid` (`courseid` 0).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub format: i32,
    #[sea_orm(indexed)]
    pub categoryid: i64,
    #[sea_orm(indexed)]
    pub courseid: i64,
    #[sea_orm(indexed)]
    pub groupid: i64,
    #[sea_orm(indexed)]
    pub userid: i64,
    pub repeatid: i64,
    pub component: Option<String>,
    pub modulename: String,
    pub instance: i64,
    pub eventtype: String,
    #[sea_orm(indexed)]
    pub timestart: i64,
    pub timeduration: i64,
    pub timesort: Option<i64>,
    pub visible: i32,
    #[sea_orm(column_type = "Text")]
    pub location: String,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
