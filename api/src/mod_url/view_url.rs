//! mod_url_view_url: Moodle's "URL viewed", for a URL the caller may open (the call is kept
//! in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewUrl;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_url_view_url_params", deny_unknown_fields)]
pub struct Params {
    /// URL instance id.
    pub urlid: i64,
}

impl ExternalFunction for ViewUrl {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_url_view_url",
        summary: "Record that a URL was viewed",
        description: "Simulate the view.php web interface page: trigger events, completion, etc...",
        kind: Kind::Write,
        checks: &[cap::URL_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"urlid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Url, p.urlid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
