//! Table `role_capabilities`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_capabilities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "role_ctx_cap")]
    pub contextid: i64,
    #[sea_orm(indexed, unique_key = "role_ctx_cap")]
    pub roleid: i64,
    #[sea_orm(unique_key = "role_ctx_cap")]
    pub capability: String,
    /// 1 allow, -1 prevent, -1000 prohibit.
    pub permission: i32,
    pub timemodified: i64,
    pub modifierid: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
