//! mod_assign_get_submission_status: what the assignment page shows: for a student their last
//! attempt and feedback, for a grader the grading summary.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{assign, cap, grade_grades, now, seed};

use super::store::{
    EditorField, Plugin, Submission, assignment, grading_status, latest_submissions, open_for_submissions,
    submission_files,
};
use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::{ModType, openable};
use crate::core_grades::gradebook::{self, Gradebook, format_grade, raw_grade};
use crate::core_grades::report::active_user;
use crate::framework::access::path_of;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetSubmissionStatus;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_get_submission_status_params", deny_unknown_fields)]
pub struct Params {
    /// Assignment instance id.
    pub assignid: i64,
    /// The student (0: the caller; another needs mod/assign:viewgrades or mod/assign:grade).
    #[oai(default)]
    pub userid: i64,
    /// The group of a team submission (teams are not used on this site).
    #[oai(default)]
    pub groupid: i64,
}

/// A grader's summary of the assignment's submissions.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_summary")]
pub struct GradingSummary {
    /// Number of users who can submit.
    pub participantcount: i64,
    /// Number of submissions in draft status.
    pub submissiondraftscount: i64,
    /// Whether submissions are enabled or not.
    pub submissionsenabled: bool,
    /// Number of submissions in submitted status.
    pub submissionssubmittedcount: i64,
    /// Number of submissions that need grading.
    pub submissionsneedgradingcount: i64,
    /// Whether we need to warn people that there are users without groups ('warningrequired'), warn people there are users who will submit in the default group ('warningoptional') or no warning ('').
    pub warnofungroupedusers: String,
}

/// A student's last attempt and what they may do with it.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_last_attempt", skip_serializing_if_is_none)]
pub struct LastAttempt {
    /// Submission info.
    pub submission: Option<Submission>,
    /// Submission info.
    pub teamsubmission: Option<Submission>,
    /// The submission group id (for group submissions only).
    pub submissiongroup: Option<i64>,
    /// List of users who still need to submit (for group submissions only).
    pub submissiongroupmemberswhoneedtosubmit: Option<Vec<i64>>,
    /// Whether submissions are enabled or not.
    pub submissionsenabled: bool,
    /// Whether new submissions are locked.
    pub locked: bool,
    /// Whether the submission is graded.
    pub graded: bool,
    /// Whether the user can edit the current submission.
    pub canedit: bool,
    /// Whether the owner of the submission can edit it.
    pub caneditowner: bool,
    /// Whether the user can submit.
    pub cansubmit: bool,
    /// An extension's due date (none are granted).
    pub extensionduedate: OrNull<i64>,
    /// Time limit for submission.
    pub timelimit: Option<i64>,
    /// Whether blind marking is enabled.
    pub blindmarking: bool,
    /// Grading status.
    pub gradingstatus: String,
    /// User groups in the course.
    pub usergroups: Vec<i64>,
}

/// A grade as the assignment stores it.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grade", skip_serializing_if_is_none)]
pub struct Grade {
    /// Submission id.
    pub id: i64,
    /// Assignment id.
    pub assignment: Option<i64>,
    /// Student id.
    pub userid: i64,
    /// Attempt number.
    pub attemptnumber: i32,
    /// Submission creation time.
    pub timecreated: i64,
    /// Submission last modified time.
    pub timemodified: i64,
    /// Grader, -1 if grader is hidden.
    pub grader: i64,
    /// The grade, 5 decimals.
    pub grade: String,
    /// Grade rendered into a format suitable for display.
    pub gradefordisplay: Option<String>,
}

/// The grade and feedback a student got.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_feedback", skip_serializing_if_is_none)]
pub struct Feedback {
    /// Grade information.
    pub grade: Option<Grade>,
    /// Grade rendered into a format suitable for display.
    pub gradefordisplay: String,
    /// The date the user was graded.
    pub gradeddate: i64,
    /// Plugins.
    pub plugins: Option<Vec<Plugin>>,
}

/// A previous attempt (assignments here allow one).
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_previous_attempt", skip_serializing_if_is_none)]
pub struct PreviousAttempt {
    /// Attempt number.
    pub attemptnumber: i32,
    /// Submission info.
    pub submission: Option<Submission>,
    /// Grade information.
    pub grade: Option<Grade>,
    /// Feedback info.
    pub feedbackplugins: Option<Vec<Plugin>>,
}

/// Files the assignment itself offers.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_data_attachments", skip_serializing_if_is_none)]
pub struct Attachments {
    /// Intro attachments files.
    pub intro: Option<Vec<ExternalFile>>,
    /// Activity attachments files.
    pub activity: Option<Vec<ExternalFile>>,
}

/// The assignment's own data.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_data", skip_serializing_if_is_none)]
pub struct AssignmentData {
    /// Intro and activity attachments.
    pub attachments: Option<Attachments>,
    /// Activity attachments files.
    pub activity: Option<String>,
    /// Activity format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub activityformat: Option<i32>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_assign_get_submission_status_returns", skip_serializing_if_is_none)]
pub struct Status {
    /// For graders.
    pub gradingsummary: Option<GradingSummary>,
    /// For a student of the course.
    pub lastattempt: Option<LastAttempt>,
    /// Once graded.
    pub feedback: Option<Feedback>,
    /// List all the previous attempts did by the user.
    pub previousattempts: Option<Vec<PreviousAttempt>>,
    /// Extra information about assignment.
    pub assignmentdata: Option<AssignmentData>,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for GetSubmissionStatus {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_get_submission_status",
        summary: "Get an assignment's submission status",
        description: "For a student of the course (the caller, or another with mod/assign:viewgrades or mod/assign:grade) their last attempt and feedback; for a grader the grading summary.",
        checks: &[
            cap::ASSIGN_VIEW,
            cap::ASSIGN_GRADE,
            cap::ASSIGN_VIEWGRADES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Status;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Status, ApiError> {
        let a = openable(call, ModType::Assign, p.assignid).await?;
        let x = assignment(&a)?;
        let path = path_of(&a.context);
        let db = &call.db();
        let me = call.caller.user().id;
        let grader = call.can(cap::ASSIGN_GRADE, &path).await? || call.can(cap::ASSIGN_VIEWGRADES, &path).await?;
        let userid = match p.userid {
            0 => me,
            id => active_user(db, id).await?.id,
        };
        if userid != me && !grader {
            call.require(cap::ASSIGN_VIEWGRADES, &path).await?;
        }
        let course_context = path[path.len() - 2];
        let participants = gradebook::graded_users(db, course_context).await?;
        let book = Gradebook::load(db, a.cm.course).await?;
        let item = book.as_ref().and_then(|b| b.activity_item("assign", x.id, 0)).cloned();
        let grades = match &item {
            Some(item) => gradebook::grades_of(db, &[item.id], &participants).await?,
            None => Default::default(),
        };
        let graded_at = |user: i64| grades.get(&(item.as_ref().map_or(0, |i| i.id), user)).filter(|g| g.finalgrade.is_some());
        let gradingsummary = match grader {
            true => {
                let subs = latest_submissions(db, x.id, Some(&participants)).await?;
                let submitted: Vec<_> = subs.iter().filter(|s| s.status == "submitted").collect();
                Some(GradingSummary {
                    participantcount: participants.len() as i64,
                    submissiondraftscount: subs.iter().filter(|s| s.status == "draft").count() as i64,
                    submissionsenabled: true,
                    submissionssubmittedcount: submitted.len() as i64,
                    submissionsneedgradingcount: submitted
                        .iter()
                        .filter(|s| graded_at(s.userid).is_none_or(|g| g.timemodified.unwrap_or(0) < s.timemodified))
                        .count() as i64,
                    warnofungroupedusers: String::new(),
                })
            }
            false => None,
        };
        let mut lastattempt = None;
        let mut feedback = None;
        if participants.binary_search(&userid).is_ok() {
            let grade = graded_at(userid);
            let submission = latest_submissions(db, x.id, Some(&[userid])).await?.pop();
            let mut files = match &submission {
                Some(s) => submission_files(db, &call.state.settings.wwwroot, a.context.id, &[s.id]).await?,
                None => Default::default(),
            };
            let open = open_for_submissions(x, now());
            let submitted = submission.as_ref().is_some_and(|s| s.status == "submitted");
            lastattempt = Some(LastAttempt {
                submission: submission
                    .as_ref()
                    .map(|s| Submission::from_row(s, x, files.remove(&s.id).unwrap_or_default(), grade.is_some(), true)),
                teamsubmission: None,
                submissiongroup: None,
                submissiongroupmemberswhoneedtosubmit: Some(Vec::new()),
                submissionsenabled: true,
                locked: false,
                graded: grade.is_some(),
                canedit: open && !submitted,
                caneditowner: open && !submitted,
                cansubmit: x.submissiondrafts != 0 && submission.as_ref().is_some_and(|s| s.status == "draft"),
                extensionduedate: OrNull(None),
                timelimit: Some(0),
                blindmarking: false,
                gradingstatus: grading_status(grade.is_some()).into(),
                usergroups: Vec::new(),
            });
            feedback = grade.map(|g| feedback_of(x, g));
        }
        Ok(Status {
            gradingsummary,
            lastattempt,
            feedback,
            previousattempts: None,
            assignmentdata: Some(AssignmentData {
                attachments: Some(Attachments { intro: Some(Vec::new()), activity: None }),
                activity: None,
                activityformat: None,
            }),
            warnings: Some(Vec::new()),
        })
    }
}

/// The grade and feedback comments of a graded student.
fn feedback_of(x: &assign::Model, g: &grade_grades::Model) -> Feedback {
    let shown = format!("{}&nbsp;/&nbsp;{}", format_grade(g.finalgrade), format_grade(Some(x.grade as f64)));
    let t = g.timemodified.unwrap_or(0);
    Feedback {
        grade: Some(Grade {
            id: g.id,
            assignment: Some(x.id),
            userid: g.userid,
            attemptnumber: 0,
            timecreated: g.timecreated.unwrap_or(t),
            timemodified: t,
            grader: g.usermodified.unwrap_or(0),
            grade: raw_grade(g.finalgrade).unwrap_or_default(),
            gradefordisplay: Some(shown.clone()),
        }),
        gradefordisplay: shown,
        gradeddate: t,
        plugins: Some(vec![Plugin {
            kind: "comments".into(),
            name: "Feedback comments".into(),
            fileareas: None,
            editorfields: Some(vec![EditorField {
                name: "comments".into(),
                description: "Feedback comments".into(),
                text: g.feedback.clone().unwrap_or_default(),
                format: 1,
            }]),
        }]),
    }
}
