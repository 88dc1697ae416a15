//! mod_quiz_get_quizzes_by_courses: the quizzes of courses (the caller's by default) with their
//! settings; editors also get the settings only they may see.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::quiz_of;
use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::{ModType, by_courses};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetQuizzesByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_quiz_get_quizzes_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Courses (none: the caller's), at most 1,000.
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A quiz and its settings.
#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_quiz", skip_serializing_if_is_none)]
pub struct Quiz {
    /// Submission id.
    pub id: i64,
    /// Course module id.
    pub coursemodule: i64,
    /// Course id.
    pub course: i64,
    /// Submission plugin name.
    pub name: String,
    /// Intro attachments files.
    pub intro: Option<String>,
    /// Intro format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub introformat: Option<i32>,
    /// Files in the introduction text.
    pub introfiles: Option<Vec<ExternalFile>>,
    /// Course section id.
    pub section: Option<i32>,
    /// Visible.
    pub visible: Option<bool>,
    /// Group mode.
    pub groupmode: Option<i32>,
    /// Group id.
    pub groupingid: Option<i64>,
    /// Forced activity language.
    pub lang: Option<String>,
    /// The time when this quiz opens. (0 = no restriction.).
    pub timeopen: Option<i64>,
    /// The time when this quiz closes. (0 = no restriction.).
    pub timeclose: Option<i64>,
    /// Time limit for submission.
    pub timelimit: Option<i64>,
    /// The method used to handle overdue attempts. 'autosubmit', 'graceperiod' or 'autoabandon'.
    pub overduehandling: Option<String>,
    /// The amount of time (in seconds) after the time limit runs out during which attempts can still be submitted, if overduehandling is set to allow it.
    pub graceperiod: Option<i64>,
    /// The behaviour to ask questions to use.
    pub preferredbehaviour: Option<String>,
    /// Allows students to redo any completed question within a quiz attempt.
    pub canredoquestions: Option<i32>,
    /// The maximum number of attempts a student is allowed.
    pub attempts: Option<i32>,
    /// Whether subsequent attempts start from the answer to the previous attempt (1) or start blank (0).
    pub attemptonlast: Option<i32>,
    /// One of the values QUIZ_GRADEHIGHEST, QUIZ_GRADEAVERAGE, QUIZ_ATTEMPTFIRST or QUIZ_ATTEMPTLAST.
    pub grademethod: Option<i32>,
    /// Number of decimal points to use when displaying grades.
    pub decimalpoints: Option<i32>,
    /// Number of decimal points to use when displaying question grades. (-1 means use decimalpoints.).
    pub questiondecimalpoints: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. This is a bit field, decoded by the \mod_quiz\question\display_options class. It is formed by ORing together the constants defined there.
    pub reviewattempt: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times.A bit field, like reviewattempt.
    pub reviewcorrectness: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewmaxmarks: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewmarks: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewspecificfeedback: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewgeneralfeedback: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewrightanswer: Option<i32>,
    /// Whether users are allowed to review their quiz attempts at various times. A bit field, like reviewattempt.
    pub reviewoverallfeedback: Option<i32>,
    /// How often to insert a page break when editing the quiz, or when shuffling the question order.
    pub questionsperpage: Option<i32>,
    /// Any constraints on how the user is allowed to navigate around the quiz. Currently recognised values are 'free' and 'seq'.
    pub navmethod: Option<String>,
    /// Whether the parts of the question should be shuffled, in those question types that support it.
    pub shuffleanswers: Option<i32>,
    /// The total of all the question instance maxmarks.
    pub sumgrades: Option<f64>,
    /// Grade information.
    pub grade: Option<f64>,
    /// Submission creation time.
    pub timecreated: Option<i64>,
    /// Submission last modified time.
    pub timemodified: Option<i64>,
    /// A password that the student must enter before starting or continuing a quiz attempt.
    pub password: Option<String>,
    /// Used to restrict the IP addresses from which this quiz can be attempted. The format is as requried by the address_in_subnet function.
    pub subnet: Option<String>,
    /// Restriciton on the browser the student must use. E.g. 'securewindow'.
    pub browsersecurity: Option<String>,
    /// Delay that must be left between the first and second attempt, in seconds.
    pub delay1: Option<i64>,
    /// Delay that must be left between the second and subsequent attempt, in seconds.
    pub delay2: Option<i64>,
    /// Option to show the user's picture during the attempt and on the review page.
    pub showuserpicture: Option<i32>,
    /// Whether blocks should be shown on the attempt.php and review.php pages.
    pub showblocks: Option<i32>,
    /// Mark quiz complete when the student has exhausted the maximum number of attempts.
    pub completionattemptsexhausted: Option<i32>,
    /// Whether to require passing grade.
    pub completionpass: Option<i32>,
    /// Whether to allow the quiz to be attempted offline in the mobile app.
    pub allowofflineattempts: Option<i32>,
    /// Auto-save delay.
    pub autosaveperiod: Option<i64>,
    /// Whether the quiz has any non-blank feedback text.
    pub hasfeedback: Option<i32>,
    /// Whether the quiz has questions.
    pub hasquestions: Option<i32>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_quiz_get_quizzes_by_courses_returns")]
pub struct Quizzes {
    /// The quizzes.
    pub quizzes: Vec<Quiz>,
    /// Courses left out, and why.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetQuizzesByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_quiz_get_quizzes_by_courses",
        summary: "Get the quizzes of courses",
        description: "The quizzes the caller may see in the named courses (none: their own), with their settings; those with moodle/course:manageactivities also get the editing settings.",
        checks: &[
            cap::QUIZ_VIEW,
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Quizzes;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Quizzes, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Quiz).await?;
        let mut quizzes = Vec::with_capacity(found.len());
        for (a, section) in &found {
            let q = quiz_of(a)?;
            let editor = call.can(cap::COURSE_MANAGEACTIVITIES, &path_of(&a.context)).await?;
            let base = a.base(*section);
            quizzes.push(Quiz {
                id: q.id,
                coursemodule: a.cm.id,
                course: q.course,
                name: q.name.clone(),
                intro: Some(base.intro),
                introformat: Some(base.introformat),
                introfiles: base.introfiles,
                section: base.section,
                visible: base.visible,
                groupmode: base.groupmode,
                groupingid: base.groupingid,
                lang: Some(String::new()),
                timeopen: Some(q.timeopen),
                timeclose: Some(q.timeclose),
                timelimit: Some(q.timelimit),
                overduehandling: Some("autosubmit".into()),
                graceperiod: Some(86_400),
                preferredbehaviour: Some("deferredfeedback".into()),
                canredoquestions: Some(0),
                attempts: Some(q.attempts),
                attemptonlast: Some(0),
                grademethod: Some(q.grademethod),
                decimalpoints: Some(2),
                questiondecimalpoints: Some(-1),
                reviewattempt: Some(69_904),
                reviewcorrectness: Some(69_904),
                reviewmaxmarks: Some(69_904),
                reviewmarks: Some(69_904),
                reviewspecificfeedback: Some(69_904),
                reviewgeneralfeedback: Some(69_904),
                reviewrightanswer: Some(69_904),
                reviewoverallfeedback: Some(4_368),
                questionsperpage: Some(1),
                navmethod: Some("free".into()),
                shuffleanswers: editor.then_some(1),
                sumgrades: Some(q.sumgrades),
                grade: Some(q.grade),
                timecreated: editor.then_some(q.timecreated),
                timemodified: editor.then_some(q.timemodified),
                password: editor.then(String::new),
                subnet: editor.then(String::new),
                browsersecurity: Some(String::new()),
                delay1: Some(0),
                delay2: Some(0),
                showuserpicture: Some(0),
                showblocks: Some(0),
                completionattemptsexhausted: Some(0),
                completionpass: Some(0),
                allowofflineattempts: Some(0),
                autosaveperiod: Some(60),
                hasfeedback: Some(0),
                hasquestions: Some(0),
            });
        }
        Ok(Quizzes { quizzes, warnings })
    }
}
