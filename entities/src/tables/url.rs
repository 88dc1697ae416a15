//! Table `url`: instances of the URL activity (a link to an outside page).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "url")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub course: i64,
    pub name: String,
    #[sea_orm(column_type = "Text")]
    pub intro: String,
    pub introformat: i32,
    #[sea_orm(column_type = "Text")]
    pub externalurl: String,
    pub display: i32,
    #[sea_orm(column_type = "Text")]
    pub displayoptions: String,
    #[sea_orm(column_type = "Text")]
    pub parameters: String,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
