//! Table `context`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "context")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "level_instance")]
    pub contextlevel: i32,
    #[sea_orm(unique_key = "level_instance")]
    pub instanceid: i64,
    /// Ids of the ancestors and itself: `/1/5/12`.
    pub path: String,
    pub depth: i32,
    pub locked: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
