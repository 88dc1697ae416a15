//! core_user_view_user_list: "the participants page was viewed", for a course or (0) the site.
//! The caller must be able to see the participants there; the view is recorded in the call log.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, ids, seed};

use crate::common::StatusWithWarnings;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope};

pub struct ViewUserList;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_view_user_list_params", deny_unknown_fields)]
pub struct Params {
    /// Id of the course, 0 for the site.
    pub courseid: i64,
}

impl ExternalFunction for ViewUserList {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_view_user_list",
        summary: "Log that a participants list was viewed",
        description: "Record that the caller viewed the participants of a course (moodle/course:viewparticipants there) or of the site (courseid 0, moodle/site:viewparticipants).",
        kind: Kind::Write,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEWPARTICIPANTS, cap::SITE_VIEWPARTICIPANTS],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    fn scope(p: &Params) -> Vec<i64> {
        vec![course_of(p)]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let place = call.in_scope(0, course_of(&p)).await?;
        if place.course().id == ids::SITE_COURSE {
            call.require(cap::SITE_VIEWPARTICIPANTS, &[ids::SYSTEM_CONTEXT]).await?;
        } else {
            call.require(cap::COURSE_VIEWPARTICIPANTS, &place.path).await?;
        }
        Ok(StatusWithWarnings::ok())
    }
}

/// 0 stands for the site.
fn course_of(p: &Params) -> i64 {
    if p.courseid == 0 { ids::SITE_COURSE } else { p.courseid }
}
