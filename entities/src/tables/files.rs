//! Table `files`: file metadata (Moodle's). Contents live in the content-addressed store, named by
//! `contenthash`; the same content is stored once whatever the number of rows pointing at it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, Default, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 (hex) of the contents: the file's name in the store.
    #[sea_orm(indexed)]
    pub contenthash: String,
    /// SHA-256 (hex) of `/contextid/component/filearea/itemid/filepath/filename`: one file per path.
    #[sea_orm(unique)]
    pub pathnamehash: String,
    #[sea_orm(indexed)]
    pub contextid: i64,
    pub component: String,
    pub filearea: String,
    pub itemid: i64,
    /// Folder inside the area, `/` or `/a/b/`.
    pub filepath: String,
    pub filename: String,
    #[sea_orm(indexed)]
    pub userid: Option<i64>,
    pub filesize: i64,
    pub mimetype: Option<String>,
    pub status: i32,
    pub source: Option<String>,
    pub author: Option<String>,
    pub license: Option<String>,
    pub timecreated: i64,
    pub timemodified: i64,
    pub sortorder: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
