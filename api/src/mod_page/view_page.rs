//! mod_page_view_page: Moodle's "page viewed", for a page the caller may open (the call is kept
//! in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewPage;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_page_view_page_params", deny_unknown_fields)]
pub struct Params {
    /// Page instance id.
    pub pageid: i64,
}

impl ExternalFunction for ViewPage {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_page_view_page",
        summary: "Record that a page was viewed",
        description: "Simulate the view.php web interface page: trigger events, completion, etc...",
        kind: Kind::Write,
        checks: &[cap::PAGE_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"pageid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Page, p.pageid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
