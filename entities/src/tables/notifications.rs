//! Table `notifications`: what the site tells a user (a welcome to a course, new content).
//! `useridfrom` -10 is Moodle's no-reply user.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub useridfrom: i64,
    #[sea_orm(indexed)]
    pub useridto: i64,
    #[sea_orm(column_type = "Text")]
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub fullmessage: String,
    pub fullmessageformat: i32,
    #[sea_orm(column_type = "Text")]
    pub fullmessagehtml: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub smallmessage: Option<String>,
    pub component: String,
    pub eventtype: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub contexturl: Option<String>,
    pub contexturlname: Option<String>,
    pub timeread: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub customdata: Option<String>,
    pub timecreated: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
