//! Table `forum_discussions`: a forum's discussions; the first post carries their subject and
//! message.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "forum_discussions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course: i64,
    #[sea_orm(indexed)]
    pub forum: i64,
    pub name: String,
    pub firstpost: i64,
    pub userid: i64,
    /// -1: all participants.
    pub groupid: i64,
    pub timemodified: i64,
    pub usermodified: i64,
    pub timestart: i64,
    pub timeend: i64,
    pub pinned: i32,
    pub timelocked: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
