//! Table `user_private_key`: keys that stand for a user in URLs (`tokenpluginfile.php` uses the
//! one of script `core_files`, which site info returns as `userprivateaccesskey`).
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_private_key")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub script: String,
    #[sea_orm(unique)]
    pub value: String,
    #[sea_orm(indexed)]
    pub userid: i64,
    pub instance: Option<i64>,
    pub iprestriction: Option<String>,
    pub validuntil: Option<i64>,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
