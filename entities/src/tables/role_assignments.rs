//! Table `role_assignments`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub roleid: i64,
    #[sea_orm(indexed)]
    pub contextid: i64,
    #[sea_orm(indexed)]
    pub userid: i64,
    pub timemodified: i64,
    pub modifierid: i64,
    pub component: String,
    pub itemid: i64,
    pub sortorder: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
