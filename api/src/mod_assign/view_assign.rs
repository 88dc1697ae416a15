//! mod_assign_view_assign: Moodle's "assignment viewed", for an assignment the caller may open
//! (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewAssign;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_view_assign_params", deny_unknown_fields)]
pub struct Params {
    /// Assignment instance id.
    pub assignid: i64,
}

impl ExternalFunction for ViewAssign {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_view_assign",
        summary: "Record that an assignment was viewed",
        description: "Update the module completion status (view) and trigger the course module viewed event.",
        kind: Kind::Write,
        checks: &[cap::ASSIGN_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Assign, p.assignid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
