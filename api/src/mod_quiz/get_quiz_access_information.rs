//! mod_quiz_get_quiz_access_information: what the caller may do with a quiz, and what keeps them
//! from attempting it now.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, now, seed};

use super::{closed_reason, quiz_of};
use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetQuizAccessInformation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_quiz_access_information_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_quiz_access_information_returns")]
pub struct Access {
    /// mod/quiz:attempt.
    pub canattempt: bool,
    /// mod/quiz:manage.
    pub canmanage: bool,
    /// mod/quiz:preview.
    pub canpreview: bool,
    /// mod/quiz:reviewmyattempts.
    pub canreviewmyattempts: bool,
    /// mod/quiz:viewreports.
    pub canviewreports: bool,
    /// The access rules' descriptions.
    pub accessrules: Vec<String>,
    /// The access rules in force.
    pub activerulenames: Vec<String>,
    /// Why the caller cannot attempt it now.
    pub preventaccessreasons: Vec<String>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetQuizAccessInformation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_quiz_access_information",
        summary: "Get what the caller may do with a quiz",
        description: "The caller's quiz capabilities, the access rules in force (the open and close dates) and why they cannot attempt it now.",
        checks: &[
            cap::QUIZ_VIEW,
            cap::QUIZ_ATTEMPT,
            cap::QUIZ_MANAGE,
            cap::QUIZ_PREVIEW,
            cap::QUIZ_REVIEWMYATTEMPTS,
            cap::QUIZ_VIEWREPORTS,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"quizid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Access;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Access, ApiError> {
        let a = openable(call, ModType::Quiz, p.quizid).await?;
        let q = quiz_of(&a)?;
        let path = path_of(&a.context);
        let dated = q.timeopen > 0 || q.timeclose > 0;
        Ok(Access {
            canattempt: call.can(cap::QUIZ_ATTEMPT, &path).await?,
            canmanage: call.can(cap::QUIZ_MANAGE, &path).await?,
            canpreview: call.can(cap::QUIZ_PREVIEW, &path).await?,
            canreviewmyattempts: call.can(cap::QUIZ_REVIEWMYATTEMPTS, &path).await?,
            canviewreports: call.can(cap::QUIZ_VIEWREPORTS, &path).await?,
            accessrules: Vec::new(),
            activerulenames: if dated { vec!["quizaccess_openclosedate".into()] } else { Vec::new() },
            preventaccessreasons: closed_reason(q, now()).into_iter().collect(),
            warnings: Vec::new(),
        })
    }
}
