//! mod_forum_get_forum_discussions: a page of a forum's discussions, pinned first, each with its
//! first post, its last change and how many replies it has.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, forum_discussions, forum_posts, seed};

use super::store::{attachments_of, authors, can_reply, forum_activity, is_locked};
use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::external_file;
use crate::core_user::picture::Pictures;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

/// The most discussions one call lists.
const MAX_PER_PAGE: u64 = 1000;

pub struct GetForumDiscussions;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_get_forum_discussions_params", deny_unknown_fields)]
pub struct Params {
    /// Forum instance id.
    pub forumid: i64,
    /// Order: -1 or 1 last post first, 2 last post last, 3 newest first, 4 oldest first.
    #[oai(default = "minus_one")]
    pub sortorder: i32,
    /// Page number from 0 (-1: no pages).
    #[oai(default = "minus_one_i64", validator(minimum(value = "-1")))]
    pub page: i64,
    /// Discussions per page (0: all, at most 1,000).
    #[oai(default, validator(minimum(value = "0")))]
    pub perpage: i64,
    /// Only this group's (groups do not restrict forums yet).
    #[oai(default)]
    pub groupid: i64,
}

fn minus_one() -> i32 {
    -1
}

fn minus_one_i64() -> i64 {
    -1
}

/// A discussion with its first post.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_discussion_summary", skip_serializing_if_is_none)]
pub struct Discussion {
    /// Post id.
    pub id: i64,
    /// Discussion name.
    pub name: String,
    /// Group id.
    pub groupid: i64,
    /// Time modified.
    pub timemodified: i64,
    /// The id of the user who last modified.
    pub usermodified: i64,
    /// Time discussion can start.
    pub timestart: i64,
    /// Time discussion ends.
    pub timeend: i64,
    /// Discussion id.
    pub discussion: i64,
    /// Parent id.
    pub parent: i64,
    /// User who started the discussion id.
    pub userid: i64,
    /// Creation time.
    pub created: i64,
    /// Time modified.
    pub modified: i64,
    /// Mailed?
    pub mailed: i32,
    /// The post subject.
    pub subject: String,
    /// The post message.
    pub message: String,
    /// Message format.
    pub messageformat: i32,
    /// Can we trust?
    pub messagetrust: i32,
    /// Files the message embeds.
    pub messageinlinefiles: Option<Vec<ExternalFile>>,
    /// Has attachments?
    pub attachment: String,
    /// The attachments.
    pub attachments: Option<Vec<ExternalFile>>,
    /// The post message total score.
    pub totalscore: i32,
    /// Mail now?
    pub mailnow: i64,
    /// Post author full name.
    pub userfullname: String,
    /// Post modifier full name.
    pub usermodifiedfullname: String,
    /// Post author picture.
    pub userpictureurl: String,
    /// Post modifier picture.
    pub usermodifiedpictureurl: String,
    /// The number of replies in the discussion.
    pub numreplies: i64,
    /// The number of unread discussions.
    pub numunread: i64,
    /// Is the discussion pinned.
    pub pinned: bool,
    /// Is the discussion locked.
    pub locked: bool,
    /// Is the discussion starred.
    pub starred: bool,
    /// Can the user reply to the discussion.
    pub canreply: bool,
    /// Can the user lock the discussion.
    pub canlock: bool,
    /// Can the user star the discussion.
    pub canfavourite: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_get_forum_discussions_returns")]
pub struct Discussions {
    /// The page's discussions.
    pub discussions: Vec<Discussion>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetForumDiscussions {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_get_forum_discussions",
        summary: "Get a page of a forum's discussions",
        description: "The discussions of a forum the caller may open, pinned first, then in the order asked, a page at a time (at most 1,000 a call).",
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_REPLYPOST,
            cap::FORUM_REPLYNEWS,
            cap::FORUM_CANOVERRIDEDISCUSSIONLOCK,
            cap::FORUM_CANTOGGLEFAVOURITE,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"forumid":1,"sortorder":1,"page":0,"perpage":10}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Discussions;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Discussions, ApiError> {
        use forum_discussions::Column as D;
        let (column, ascending) = match p.sortorder {
            -1 | 1 => (D::Timemodified, false),
            2 => (D::Timemodified, true),
            3 => (D::Firstpost, false),
            4 => (D::Firstpost, true),
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "sortorder: one of -1, 1, 2, 3 or 4 (last post or creation, each way), got {other}"
                )));
            }
        };
        let a = forum_activity(call, p.forumid).await?;
        let db = &call.db();
        let path = path_of(&a.context);
        let per_page = if p.perpage == 0 || p.page < 0 { MAX_PER_PAGE } else { (p.perpage as u64).min(MAX_PER_PAGE) };
        let mut query = forum_discussions::Entity::find().filter(D::Forum.eq(p.forumid)).order_by_desc(D::Pinned);
        query = if ascending { query.order_by_asc(column) } else { query.order_by_desc(column) };
        let rows = query
            .order_by_desc(D::Id)
            .offset(p.page.max(0) as u64 * per_page)
            .limit(per_page)
            .all(db)
            .await?;
        if rows.is_empty() {
            return Ok(Discussions { discussions: Vec::new(), warnings: Vec::new() });
        }
        let first: HashMap<i64, forum_posts::Model> = forum_posts::Entity::find()
            .filter(forum_posts::Column::Id.is_in(rows.iter().map(|d| d.firstpost)))
            .all(db)
            .await?
            .into_iter()
            .map(|post| (post.id, post))
            .collect();
        let replies: HashMap<i64, i64> = forum_posts::Entity::find()
            .select_only()
            .column(forum_posts::Column::Discussion)
            .column_as(forum_posts::Column::Id.count(), "n")
            .filter(forum_posts::Column::Discussion.is_in(rows.iter().map(|d| d.id)))
            .group_by(forum_posts::Column::Discussion)
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let people: Vec<i64> = rows.iter().flat_map(|d| [d.userid, d.usermodified]).collect();
        let users = authors(db, &people).await?;
        let pictures = Pictures::load(db, users.values()).await?;
        let files = attachments_of(db, a.context.id, &rows.iter().map(|d| d.firstpost).collect::<Vec<_>>()).await?;
        let www = &call.state.settings.wwwroot;
        let name_of = |id: i64| users.get(&id).map(|u| format!("{} {}", u.firstname, u.lastname)).unwrap_or_default();
        let picture_of = |id: i64| users.get(&id).map(|u| pictures.url(www, u, "f2")).unwrap_or_default();
        let canfavourite = call.can(cap::FORUM_CANTOGGLEFAVOURITE, &path).await?;
        let mut discussions = Vec::with_capacity(rows.len());
        for d in &rows {
            let Some(post) = first.get(&d.firstpost) else { continue };
            let attached: Vec<ExternalFile> =
                files.get(&post.id).into_iter().flatten().map(|f| external_file(www, f.itemid, f)).collect();
            discussions.push(Discussion {
                id: post.id,
                name: d.name.clone(),
                groupid: d.groupid,
                timemodified: d.timemodified,
                usermodified: d.usermodified,
                timestart: d.timestart,
                timeend: d.timeend,
                discussion: d.id,
                parent: 0,
                userid: d.userid,
                created: post.created,
                modified: post.modified,
                mailed: 0,
                subject: post.subject.clone(),
                message: post.message.clone(),
                messageformat: post.messageformat,
                messagetrust: 0,
                messageinlinefiles: None,
                attachment: post.attachment.clone(),
                attachments: (!attached.is_empty()).then_some(attached),
                totalscore: 0,
                mailnow: post.mailnow,
                userfullname: name_of(d.userid),
                usermodifiedfullname: name_of(d.usermodified),
                userpictureurl: picture_of(d.userid),
                usermodifiedpictureurl: picture_of(d.usermodified),
                numreplies: replies.get(&d.id).copied().unwrap_or(1) - 1,
                numunread: 0,
                pinned: d.pinned != 0,
                locked: is_locked(d),
                starred: false,
                canreply: can_reply(call, &a, d).await?,
                canlock: false,
                canfavourite,
            });
        }
        Ok(Discussions { discussions, warnings: Vec::new() })
    }
}
