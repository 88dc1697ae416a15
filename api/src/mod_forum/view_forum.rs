//! mod_forum_view_forum: Moodle's "forum viewed", for a forum the caller may open (the call is
//! kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::forum_activity;
use crate::common::StatusWithWarnings;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewForum;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_view_forum_params", deny_unknown_fields)]
pub struct Params {
    /// Forum instance id.
    pub forumid: i64,
}

impl ExternalFunction for ViewForum {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_view_forum",
        summary: "Record that a forum was viewed",
        description: "Trigger the course module viewed event and update the module completion status.",
        kind: Kind::Write,
        checks: &[cap::FORUM_VIEWDISCUSSION, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"forumid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = forum_activity(call, p.forumid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
