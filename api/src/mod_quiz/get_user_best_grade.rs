//! mod_quiz_get_user_best_grade: a user's grade for a quiz (from the gradebook: attempts are not
//! on this site yet, grades are pushed by `core_grades_update_grades`).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::quiz_of;
use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::core_grades::gradebook::{self, Gradebook};
use crate::core_grades::report::active_user;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUserBestGrade;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_user_best_grade_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
    /// The user (0: the caller; another needs mod/quiz:viewreports).
    #[oai(default)]
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_user_best_grade_returns", skip_serializing_if_is_none)]
pub struct BestGrade {
    /// Whether the user has a grade.
    pub hasgrade: bool,
    /// The grade.
    pub grade: Option<f64>,
    /// The grade to pass, when one is set.
    pub gradetopass: Option<f64>,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for GetUserBestGrade {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_user_best_grade",
        summary: "Get a user's grade for a quiz",
        description: "A user's grade for a quiz the caller may open: the caller's, or another's with mod/quiz:viewreports.",
        checks: &[
            cap::QUIZ_VIEW,
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
    type Returns = BestGrade;

    async fn execute(call: &Call<'_>, p: Params) -> Result<BestGrade, ApiError> {
        let a = openable(call, ModType::Quiz, p.quizid).await?;
        let q = quiz_of(&a)?;
        let db = &call.db();
        let me = call.caller.user().id;
        let userid = match p.userid {
            0 => me,
            id => active_user(db, id).await?.id,
        };
        if userid != me {
            call.require(cap::QUIZ_VIEWREPORTS, &path_of(&a.context)).await?;
        }
        let book = Gradebook::load(db, a.cm.course).await?;
        let item = book.as_ref().and_then(|b| b.activity_item("quiz", q.id, 0));
        let (grade, gradetopass) = match item {
            Some(item) => {
                let found = gradebook::grades_of(db, &[item.id], &[userid]).await?;
                let pass = (item.gradepass > 0.0).then_some(item.gradepass);
                (found.get(&(item.id, userid)).and_then(|g| g.finalgrade), pass)
            }
            None => (None, None),
        };
        Ok(BestGrade { hasgrade: grade.is_some(), grade, gradetopass, warnings: Some(Vec::new()) })
    }
}
