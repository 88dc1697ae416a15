//! mod_quiz_get_user_attempts: a user's attempts at a quiz (none: attempts are not on this site
//! yet).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::core_grades::report::active_user;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUserAttempts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_user_attempts_params", deny_unknown_fields)]
pub struct Params {
    /// Quiz instance id.
    pub quizid: i64,
    /// The user (0: the caller; another needs mod/quiz:viewreports).
    #[oai(default)]
    pub userid: i64,
    /// `all`, `finished` or `unfinished`.
    #[oai(default = "finished")]
    pub status: String,
    /// Whether previews count.
    #[oai(default)]
    pub includepreviews: bool,
}

fn finished() -> String {
    "finished".into()
}

/// A grade item's marks in an attempt.
#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_attempt_grade_item_marks")]
pub struct GradeItemMarks {
    /// Submission plugin name.
    pub name: String,
    /// Grade information.
    pub grade: f64,
    /// The total this grade is out of.
    pub maxgrade: f64,
}

/// An attempt at a quiz.
#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_attempt", skip_serializing_if_is_none)]
pub struct Attempt {
    /// Submission id.
    pub id: Option<i64>,
    /// Foreign key reference to the quiz that was attempted.
    pub quiz: Option<i64>,
    /// Student id.
    pub userid: Option<i64>,
    /// Sequentially numbers this students attempts at this quiz.
    pub attempt: Option<i32>,
    /// Foreign key reference to the question_usage that holds the details of the the question_attempts that make up this quiz attempt.
    pub uniqueid: Option<i64>,
    /// Attempt layout.
    pub layout: Option<String>,
    /// Attempt current page.
    pub currentpage: Option<i32>,
    /// Whether is a preview attempt or not.
    pub preview: Option<i32>,
    /// The current state of the attempts. 'inprogress', 'overdue', 'finished' or 'abandoned'.
    pub state: Option<String>,
    /// Time when the attempt was started.
    pub timestart: Option<i64>,
    /// Time when the attempt was submitted. 0 if the attempt has not been submitted yet.
    pub timefinish: Option<i64>,
    /// Submission last modified time.
    pub timemodified: Option<i64>,
    /// Last modified time via webservices.
    pub timemodifiedoffline: Option<i64>,
    /// Next time quiz cron should check attempt for state changes. NULL means never check.
    pub timecheckstate: Option<i64>,
    /// The total of all the question instance maxmarks.
    pub sumgrades: Option<f64>,
    /// If the quiz has additional grades set up, the mark for each grade for this attempt.
    pub gradeitemmarks: Option<Vec<GradeItemMarks>>,
    /// Time when the student was notified that manual grading of their attempt was complete.
    pub gradednotificationsenttime: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_user_attempts_returns")]
pub struct Attempts {
    /// The maximum number of attempts a student is allowed.
    pub attempts: Vec<Attempt>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetUserAttempts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_user_attempts",
        summary: "Get a user's attempts at a quiz",
        description: "A user's attempts at a quiz the caller may open: the caller's, or another's with mod/quiz:viewreports (none: attempts are not on this site yet).",
        checks: &[
            cap::QUIZ_VIEW,
            cap::QUIZ_VIEWREPORTS,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"quizid":1,"status":"all"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Attempts;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Attempts, ApiError> {
        if !["all", "finished", "unfinished"].contains(&p.status.as_str()) {
            return Err(ApiError::invalid_parameter(format!("status: one of all, finished or unfinished, got \"{}\"", p.status)));
        }
        let a = openable(call, ModType::Quiz, p.quizid).await?;
        let me = call.caller.user().id;
        if p.userid != 0 && active_user(&call.db(), p.userid).await?.id != me {
            call.require(cap::QUIZ_VIEWREPORTS, &path_of(&a.context)).await?;
        }
        Ok(Attempts { attempts: Vec::new(), warnings: Vec::new() })
    }
}
