//! Table `external_services`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "external_services")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub name: String,
    pub enabled: i32,
    pub requiredcapability: Option<String>,
    pub restrictedusers: i32,
    pub component: Option<String>,
    pub timecreated: i64,
    pub timemodified: Option<i64>,
    #[sea_orm(unique)]
    pub shortname: Option<String>,
    pub downloadfiles: i32,
    pub uploadfiles: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
