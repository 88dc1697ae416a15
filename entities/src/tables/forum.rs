//! Table `forum`: instances of the forum activity (`general` or `news`, the announcements).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "forum")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    /// `general` (a standard forum) or `news` (announcements: teachers post, students read).
    #[sea_orm(column_name = "type")]
    pub kind: String,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    pub introformat: i32,
    pub maxbytes: i64,
    pub maxattachments: i32,
    pub forcesubscribe: i32,
    pub trackingtype: i32,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
