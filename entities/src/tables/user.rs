//! Table `user`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub auth: String,
    pub confirmed: i32,
    pub deleted: i32,
    pub suspended: i32,
    #[sea_orm(unique)]
    pub username: String,
    /// argon2 PHC string; empty when the account cannot log in with a password.
    pub password: String,
    pub idnumber: String,
    pub firstname: String,
    pub lastname: String,
    #[sea_orm(indexed)]
    pub email: String,
    pub phone1: String,
    pub phone2: String,
    pub institution: String,
    pub department: String,
    pub address: String,
    pub city: String,
    pub country: String,
    pub lang: String,
    pub calendartype: String,
    pub theme: String,
    pub timezone: String,
    pub firstaccess: i64,
    pub lastaccess: i64,
    pub lastlogin: i64,
    pub currentlogin: i64,
    pub lastip: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub descriptionformat: i32,
    pub mailformat: i32,
    pub maildisplay: i32,
    #[sea_orm(column_type = "Text")]
    pub interests: String,
    pub firstnamephonetic: String,
    pub lastnamephonetic: String,
    pub middlename: String,
    pub alternatename: String,
    pub policyagreed: i32,
    /// Revision of the uploaded picture (`user/icon` files); 0 when the user has none.
    pub picture: i64,
    pub timecreated: i64,
    pub timemodified: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
