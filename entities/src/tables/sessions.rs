//! Table `sessions`: browser sessions, in the database so that several nodes share them.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 (hex) of the session cookie; the cookie itself is never stored.
    #[sea_orm(unique)]
    pub sid: String,
    #[sea_orm(indexed)]
    pub userid: i64,
    /// The session key that state-changing requests must carry.
    pub sesskey: String,
    pub timecreated: i64,
    pub timemodified: i64,
    pub firstip: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
