//! mod_forum_add_discussion_post: reply to a post (with attachments from the caller's draft
//! area); answers the new post as the discussion lists it.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use validator::Validate;

use lmsgate_entities::{cap, forum_discussions, forum_posts, seed};

use super::store::{Post, PostOption, attachments_option, can_reply, export_posts, forum_activity, insert_post};
use crate::common::Warning;
use crate::framework::types::Text;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct AddDiscussionPost;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_add_discussion_post_params", deny_unknown_fields)]
pub struct Params {
    /// The post being replied to.
    pub postid: i64,
    /// New post subject.
    #[oai(validator(max_length = 255))]
    pub subject: Text,
    /// New post message (HTML or plain text, per `messageformat`).
    pub message: String,
    /// Options: `attachmentsid` (a draft item id of the caller's) is kept; the others are accepted.
    #[oai(default, validator(max_items = 10))]
    pub options: Vec<PostOption>,
    /// The message's format (1 HTML, 0 Moodle, 2 plain, 4 Markdown).
    #[oai(default = "html")]
    pub messageformat: i32,
}

fn html() -> i32 {
    1
}

/// A message for the user about the post.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_message")]
pub struct PostMessage {
    /// The classification of the message.
    #[oai(rename = "type")]
    pub kind: String,
    /// Untranslated English message to explain the warning.
    pub message: String,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_add_discussion_post_returns", skip_serializing_if_is_none)]
pub struct Added {
    /// New post id.
    pub postid: i64,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
    /// The new post.
    pub post: Post,
    /// Messages for the user.
    pub messages: Option<Vec<PostMessage>>,
}

impl ExternalFunction for AddDiscussionPost {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_add_discussion_post",
        summary: "Reply to a forum post",
        description: "Reply to a post of a discussion the caller may reply in: mod/forum:replypost (mod/forum:replynews in announcements; a locked discussion needs mod/forum:canoverridediscussionlock), and mod/forum:createattachment for files.",
        kind: Kind::Write,
        ajax: true,
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_REPLYPOST,
            cap::FORUM_REPLYNEWS,
            cap::FORUM_CANOVERRIDEDISCUSSIONLOCK,
            cap::FORUM_CREATEATTACHMENT,
            cap::FORUM_EDITANYPOST,
            cap::FORUM_DELETEANYPOST,
            cap::FORUM_DELETEOWNPOST,
            cap::FORUM_SPLITDISCUSSIONS,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"postid":1,"subject":"Re: Welcome","message":"<p>Hello!</p>"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Added;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Added, ApiError> {
        let draft = attachments_option(&p.options)?;
        if ![0, 1, 2, 4].contains(&p.messageformat) {
            return Err(ApiError::invalid_parameter(format!("messageformat: 0, 1, 2 or 4, got {}", p.messageformat)));
        }
        let subject = p.subject.0.trim().to_string();
        if subject.is_empty() || p.message.trim().is_empty() {
            return Err(ApiError::invalid_parameter(if subject.is_empty() {
                "subject: a subject is needed"
            } else {
                "message: a message is needed"
            }));
        }
        let db = &call.db();
        let parent = forum_posts::Entity::find_by_id(p.postid)
            .one(db)
            .await?
            .ok_or_else(|| code::INVALID_PARENT_POST_ID.err().with_debuginfo(format!("no post {}", p.postid)))?;
        let d = forum_discussions::Entity::find_by_id(parent.discussion)
            .one(db)
            .await?
            .ok_or_else(|| code::INVALID_DISCUSSION_ID.err())?;
        let a = forum_activity(call, d.forum).await?;
        if !can_reply(call, &a, &d).await? {
            return Err(code::NO_POST_FORUM.err());
        }
        let me = call.caller.user().id;
        let txn = call.write().await?;
        let post = insert_post(call, &txn, &a, d.id, parent.id, &subject, &p.message, p.messageformat, draft).await?;
        let mut row: forum_discussions::ActiveModel = d.into();
        row.timemodified = Set(post.created);
        row.usermodified = Set(me);
        let d = row.update(&txn).await?;
        let exported = export_posts(call, &a, &d, std::slice::from_ref(&post)).await?.pop().ok_or_else(|| ApiError::internal("the new post"))?;
        Ok(Added { postid: post.id, warnings: Some(Vec::new()), post: exported, messages: Some(Vec::new()) })
    }
}
