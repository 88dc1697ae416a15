//! Table `course`.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub category: i64,
    pub sortorder: i64,
    pub fullname: String,
    #[sea_orm(indexed)]
    pub shortname: String,
    pub idnumber: String,
    #[sea_orm(column_type = "Text")]
    pub summary: String,
    pub summaryformat: i32,
    pub format: String,
    pub showgrades: i32,
    pub newsitems: i32,
    pub startdate: i64,
    pub enddate: i64,
    pub marker: i64,
    pub maxbytes: i64,
    pub legacyfiles: i32,
    pub showreports: i32,
    pub visible: i32,
    pub visibleold: i32,
    pub groupmode: i32,
    pub groupmodeforce: i32,
    pub defaultgroupingid: i64,
    pub lang: String,
    pub calendartype: String,
    pub theme: String,
    pub timecreated: i64,
    pub timemodified: i64,
    pub requested: i32,
    pub enablecompletion: i32,
    pub completionnotify: i32,
    pub cacherev: i64,
    pub showactivitydates: i32,
    pub showcompletionconditions: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
