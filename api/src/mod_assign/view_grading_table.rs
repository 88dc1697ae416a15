//! mod_assign_view_grading_table: Moodle's "grading table viewed", for graders of an assignment
//! (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewGradingTable;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_view_grading_table_params", deny_unknown_fields)]
pub struct Params {
    /// Assignment instance id.
    pub assignid: i64,
}

impl ExternalFunction for ViewGradingTable {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_view_grading_table",
        summary: "Record that an assignment's grading table was viewed",
        description: "Trigger the grading table viewed event; needs mod/assign:viewgrades.",
        kind: Kind::Write,
        checks: &[cap::ASSIGN_VIEW, cap::ASSIGN_VIEWGRADES, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Assign, p.assignid).await?;
        call.require(cap::ASSIGN_VIEWGRADES, &path_of(&a.context)).await?;
        Ok(StatusWithWarnings::ok())
    }
}
