//! mod_quiz_get_quiz_required_qtypes: the question types a quiz uses (none: questions are not on
//! this site yet).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetQuizRequiredQtypes;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_quiz_required_qtypes_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_quiz_required_qtypes_returns")]
pub struct Qtypes {
    /// Question type names, e.g. `truefalse`.
    pub questiontypes: Vec<String>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetQuizRequiredQtypes {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_quiz_required_qtypes",
        summary: "Get the question types a quiz uses",
        description: "The question types of a quiz the caller may open (none: questions are not on this site yet).",
        checks: &[cap::QUIZ_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"quizid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Qtypes;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Qtypes, ApiError> {
        openable(call, ModType::Quiz, p.quizid).await?;
        Ok(Qtypes { questiontypes: Vec::new(), warnings: Vec::new() })
    }
}
