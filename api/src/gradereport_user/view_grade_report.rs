//! gradereport_user_view_grade_report: Moodle's "user grade report viewed", for a report the
//! caller may see (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_grades::report;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope};

pub struct ViewGradeReport;

#[derive(Debug, Object, Validate)]
#[oai(rename = "gradereport_user_view_grade_report_params", deny_unknown_fields)]
pub struct Params {
    /// The course.
    pub courseid: i64,
    /// The user whose report it is (0: the caller).
    #[oai(default)]
    pub userid: i64,
}

impl ExternalFunction for ViewGradeReport {
    const INFO: FunctionInfo = FunctionInfo {
        name: "gradereport_user_view_grade_report",
        summary: "Record that a user grade report was viewed",
        description: "Trigger the report view event, for a report the caller may see: their own (moodle/grade:view where the course shows grades), or anyone's with moodle/grade:viewall.",
        kind: Kind::Write,
        scope: Scope::Course("courseid"),
        requires: &[cap::GRADEREPORT_USER_VIEW],
        checks: &[cap::GRADE_VIEW, cap::GRADE_VIEWALL],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        report::may_view(call, p.courseid, p.userid, false).await?;
        Ok(StatusWithWarnings::ok())
    }
}
