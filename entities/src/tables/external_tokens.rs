//! Table `external_tokens`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "external_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 (hex) of the token; the token itself is never stored.
    #[sea_orm(unique)]
    pub token: String,
    /// SHA-256 (hex) of the private token.
    pub privatetoken: Option<String>,
    /// 0 permanent, 1 embedded (browser session).
    pub tokentype: i32,
    #[sea_orm(indexed)]
    pub userid: i64,
    #[sea_orm(indexed)]
    pub externalserviceid: i64,
    pub sid: Option<String>,
    pub contextid: i64,
    pub creatorid: i64,
    pub iprestriction: Option<String>,
    pub validuntil: Option<i64>,
    pub timecreated: i64,
    pub lastaccess: Option<i64>,
    pub name: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
