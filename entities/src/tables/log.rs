//! Table `log`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub timecreated: i64,
    pub eventname: String,
    #[sea_orm(indexed)]
    pub userid: i64,
    pub functionname: Option<String>,
    pub serviceid: Option<i64>,
    pub protocol: Option<String>,
    pub ip: String,
    /// `ok` or the error code.
    pub outcome: String,
    pub durationms: i64,
    #[sea_orm(column_type = "Text")]
    pub other: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
