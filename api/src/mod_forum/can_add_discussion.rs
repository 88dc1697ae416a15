//! mod_forum_can_add_discussion: whether the caller may start a discussion in a forum (and pin
//! it, and attach files).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::{can_start, forum_activity};
use crate::common::Warning;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct CanAddDiscussion;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_can_add_discussion_params", deny_unknown_fields)]
pub struct Params {
    /// Forum instance id.
    pub forumid: i64,
    /// The group to post in (-1 or none: all participants; groups do not restrict forums yet).
    pub groupid: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_can_add_discussion_returns", skip_serializing_if_is_none)]
pub struct CanAdd {
    /// True if the user can add discussions, false otherwise.
    pub status: bool,
    /// True if the user can pin discussions, false otherwise.
    pub canpindiscussions: Option<bool>,
    /// True if the user can add attachments, false otherwise.
    pub cancreateattachment: Option<bool>,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for CanAddDiscussion {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_can_add_discussion",
        summary: "Get whether the caller may start a discussion",
        description: "Whether the caller may start a discussion in a forum they may open (announcements need mod/forum:addnews), pin it and attach files.",
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_STARTDISCUSSION,
            cap::FORUM_ADDNEWS,
            cap::FORUM_PINDISCUSSIONS,
            cap::FORUM_CREATEATTACHMENT,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"forumid":1,"groupid":-1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = CanAdd;

    async fn execute(call: &Call<'_>, p: Params) -> Result<CanAdd, ApiError> {
        let a = forum_activity(call, p.forumid).await?;
        let path = path_of(&a.context);
        Ok(CanAdd {
            status: can_start(call, &a).await?,
            canpindiscussions: Some(call.can(cap::FORUM_PINDISCUSSIONS, &path).await?),
            cancreateattachment: Some(call.can(cap::FORUM_CREATEATTACHMENT, &path).await?),
            warnings: Some(Vec::new()),
        })
    }
}
