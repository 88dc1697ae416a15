//! mod_resource_view_resource: Moodle's "file viewed", for a file activity the caller may open (the call is kept
//! in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewResource;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_resource_view_resource_params", deny_unknown_fields)]
pub struct Params {
    /// File activity instance id.
    pub resourceid: i64,
}

impl ExternalFunction for ViewResource {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_resource_view_resource",
        summary: "Record that a file was viewed",
        description: "Simulate the view.php web interface page: trigger events, completion, etc...",
        kind: Kind::Write,
        checks: &[cap::RESOURCE_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"resourceid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Resource, p.resourceid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
