//! Table `resource`: instances of the file activity (one main file, in `mod_resource/content`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resource")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    pub introformat: i32,
    pub tobemigrated: i32,
    pub legacyfiles: i32,
    pub display: i32,
    #[sea_orm(column_type = "Text")]
    pub displayoptions: String,
    pub filterfiles: i32,
    pub revision: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
