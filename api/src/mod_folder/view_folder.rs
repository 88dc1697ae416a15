//! mod_folder_view_folder: Moodle's "folder viewed", for a folder the caller may open (the call is kept
//! in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewFolder;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_folder_view_folder_params", deny_unknown_fields)]
pub struct Params {
    /// Folder instance id.
    pub folderid: i64,
}

impl ExternalFunction for ViewFolder {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_folder_view_folder",
        summary: "Record that a folder was viewed",
        description: "Simulate the view.php web interface page: trigger events, completion, etc...",
        kind: Kind::Write,
        checks: &[cap::FOLDER_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"folderid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Folder, p.folderid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
