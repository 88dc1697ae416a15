//! Table `forum_posts`: the posts of discussions (a reply names its `parent`); attachments are
//! files of the forum's `mod_forum/attachment` area, item the post id.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "forum_posts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(indexed)]
    pub discussion: i64,
    pub parent: i64,
    #[sea_orm(indexed)]
    pub userid: i64,
    pub created: i64,
    pub modified: i64,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub message: String,
    pub messageformat: i32,
    /// `1` when the post has attachments, else empty (as Moodle keeps it).
    pub attachment: String,
    pub mailnow: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
