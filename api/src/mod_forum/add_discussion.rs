//! mod_forum_add_discussion: start a discussion in a forum (its first post, with attachments
//! from the caller's draft area).
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, Set};
use validator::Validate;

use lmsgate_entities::{cap, forum_discussions, now, seed};

use super::store::{PostOption, attachments_option, can_start, forum_activity, insert_post};
use crate::common::Warning;
use crate::framework::types::Text;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct AddDiscussion;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_add_discussion_params", deny_unknown_fields)]
pub struct Params {
    /// Forum instance id.
    pub forumid: i64,
    /// New discussion subject.
    #[oai(validator(max_length = 255))]
    pub subject: Text,
    /// New discussion message (only HTML format is accepted).
    pub message: String,
    /// The group (0 or -1: all participants; groups do not restrict forums yet).
    #[oai(default)]
    pub groupid: i64,
    /// Options: `attachmentsid` (a draft item id of the caller's) is kept; the others are accepted.
    #[oai(default, validator(max_items = 10))]
    pub options: Vec<PostOption>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_add_discussion_returns")]
pub struct Added {
    /// New discussion id.
    pub discussionid: i64,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for AddDiscussion {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_add_discussion",
        summary: "Start a forum discussion",
        description: "Start a discussion in a forum the caller may open: mod/forum:startdiscussion (mod/forum:addnews in announcements), and mod/forum:createattachment for files.",
        kind: Kind::Write,
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_STARTDISCUSSION,
            cap::FORUM_ADDNEWS,
            cap::FORUM_CREATEATTACHMENT,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"forumid":1,"subject":"Welcome","message":"<p>Introduce yourself here.</p>"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Added;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Added, ApiError> {
        let draft = attachments_option(&p.options)?;
        let subject = p.subject.0.trim().to_string();
        if subject.is_empty() || p.message.trim().is_empty() {
            return Err(ApiError::invalid_parameter(if subject.is_empty() {
                "subject: a subject is needed"
            } else {
                "message: a message is needed"
            }));
        }
        let a = forum_activity(call, p.forumid).await?;
        if !can_start(call, &a).await? {
            return Err(code::CANNOT_CREATE_DISCUSSION.err());
        }
        let me = call.caller.user().id;
        let txn = call.write().await?;
        let t = now();
        let d = forum_discussions::ActiveModel {
            id: NotSet,
            course: Set(a.cm.course),
            forum: Set(p.forumid),
            name: Set(subject.clone()),
            firstpost: Set(0),
            userid: Set(me),
            groupid: Set(-1),
            timemodified: Set(t),
            usermodified: Set(me),
            timestart: Set(0),
            timeend: Set(0),
            pinned: Set(0),
            timelocked: Set(0),
        }
        .insert(&txn)
        .await?;
        let post = insert_post(call, &txn, &a, d.id, 0, &subject, &p.message, 1, draft).await?;
        let mut row: forum_discussions::ActiveModel = d.into();
        row.firstpost = Set(post.id);
        let d = row.update(&txn).await?;
        Ok(Added { discussionid: d.id, warnings: Vec::new() })
    }
}
