//! mod_assign_view_submission_status: Moodle's "submission status viewed", for an assignment the caller may open
//! (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewSubmissionStatus;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_view_submission_status_params", deny_unknown_fields)]
pub struct Params {
    /// Assignment instance id.
    pub assignid: i64,
}

impl ExternalFunction for ViewSubmissionStatus {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_view_submission_status",
        summary: "Record that a submission status was viewed",
        description: "Trigger the submission status viewed event.",
        kind: Kind::Write,
        checks: &[cap::ASSIGN_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        openable(call, ModType::Assign, p.assignid).await?;
        Ok(StatusWithWarnings::ok())
    }
}
