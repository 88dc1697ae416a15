//! mod_quiz_view_quiz: Moodle's "quiz viewed", for a quiz the caller may open
//! (the call is kept in the audit log).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::StatusWithWarnings;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewQuiz;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_view_quiz_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
}

impl ExternalFunction for ViewQuiz {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_view_quiz",
        summary: "Record that a quiz was viewed",
        description: "Trigger the course module viewed event and update the module completion status.",
        kind: Kind::Write,
        checks: &[cap::QUIZ_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"quizid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let a = openable(call, ModType::Quiz, p.quizid).await?;
        crate::core_completion::store::viewed(call, &a).await?;
        Ok(StatusWithWarnings::ok())
    }
}
