//! Table `external_services_users`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "external_services_users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique_key = "service_user")]
    pub externalserviceid: i64,
    #[sea_orm(indexed, unique_key = "service_user")]
    pub userid: i64,
    pub iprestriction: Option<String>,
    pub validuntil: Option<i64>,
    pub timecreated: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
