//! mod_forum_view_forum_discussion: Moodle's "discussion viewed", for a discussion of a forum the
//! caller may open (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::discussion;
use crate::common::StatusWithWarnings;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewForumDiscussion;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_view_forum_discussion_params", deny_unknown_fields)]
pub struct Params {
    /// Discussion id.
    pub discussionid: i64,
}

impl ExternalFunction for ViewForumDiscussion {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_view_forum_discussion",
        summary: "Record that a forum discussion was viewed",
        description: "Trigger the forum discussion viewed event.",
        kind: Kind::Write,
        checks: &[cap::FORUM_VIEWDISCUSSION, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"discussionid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        discussion(call, p.discussionid).await?;
        Ok(StatusWithWarnings::ok())
    }
}
