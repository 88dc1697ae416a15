//! mod_assign_save_grade: a grader grades a student's assignment, with feedback comments; the
//! grade goes to the gradebook, where the reports and the student's status read it.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::assignment;
use crate::core_course::activities::{ModType, openable};
use crate::core_grades::gradebook::{self, Gradebook};
use crate::framework::access::path_of;
use crate::framework::types::Alpha;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct SaveGrade;

/// Feedback comments.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_feedback_comments_editor", deny_unknown_fields)]
pub struct FeedbackComments {
    /// The text for this feedback.
    pub text: String,
    /// The format for this feedback.
    pub format: i32,
}

/// The feedback plugins' data.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_save_grade_plugindata", deny_unknown_fields)]
pub struct PluginData {
    /// Feedback comments.
    pub assignfeedbackcomments_editor: Option<FeedbackComments>,
    /// The id of a draft area containing files for this feedback (feedback files are not kept yet).
    pub files_filemanager: Option<i64>,
}

/// Advanced grading data (rubrics and marking guides are not available: leave it out).
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_advancedgradingdata")]
pub struct AdvancedGradingData {
    /// A marking guide's data.
    pub guide: Option<Guide>,
    /// A rubric's data.
    pub rubric: Option<Rubric>,
}

/// A marking guide's criteria.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_guide")]
pub struct Guide {
    /// The criteria.
    pub criteria: Vec<GuideCriterion>,
}

/// A marking guide criterion.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_guide_criterion")]
pub struct GuideCriterion {
    /// Criterion id.
    pub criterionid: i64,
    /// Its fillings.
    pub fillings: Option<Vec<GuideFilling>>,
}

/// A marking guide filling.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_guide_filling")]
pub struct GuideFilling {
    /// Criterion id.
    pub criterionid: i64,
    /// Level id.
    pub levelid: Option<i64>,
    /// Remark.
    pub remark: Option<String>,
    /// Remark format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub remarkformat: Option<i32>,
    /// Maximum score.
    pub score: f64,
}

/// A rubric's criteria.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_rubric")]
pub struct Rubric {
    /// The criteria.
    pub criteria: Vec<RubricCriterion>,
}

/// A rubric criterion.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_rubric_criterion")]
pub struct RubricCriterion {
    /// Criterion id.
    pub criterionid: i64,
    /// Its fillings.
    pub fillings: Option<Vec<RubricFilling>>,
}

/// A rubric filling.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_grading_rubric_filling")]
pub struct RubricFilling {
    /// Criterion id.
    pub criterionid: i64,
    /// Level id.
    pub levelid: Option<i64>,
    /// Remark.
    pub remark: Option<String>,
    /// Remark format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub remarkformat: Option<i32>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_save_grade_params", deny_unknown_fields)]
pub struct Params {
    /// The assignment id to operate on.
    pub assignmentid: i64,
    /// The student id to operate on.
    pub userid: i64,
    /// The new grade (below 0: no grade).
    pub grade: f64,
    /// The attempt number (-1 means latest attempt; assignments here have one).
    pub attemptnumber: i32,
    /// Allow another attempt (assignments here allow one: false).
    pub addattempt: bool,
    /// The next marking workflow state (marking workflow is off: empty).
    pub workflowstate: Alpha,
    /// Apply the grade to all members of a team (teams are off).
    pub applytoall: bool,
    /// The feedback plugins' data.
    pub plugindata: Option<PluginData>,
    /// Advanced grading data.
    pub advancedgradingdata: Option<AdvancedGradingData>,
}

impl ExternalFunction for SaveGrade {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_save_grade",
        summary: "Grade a student's assignment",
        description: "Store a student's grade and feedback comments for an assignment (mod/assign:grade), in the gradebook.",
        kind: Kind::Write,
        checks: &[
            cap::ASSIGN_VIEW,
            cap::ASSIGN_GRADE,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignmentid":1,"userid":3,"grade":85,"attemptnumber":-1,"addattempt":false,"workflowstate":"","applytoall":false,"plugindata":{"assignfeedbackcomments_editor":{"text":"Well argued.","format":1}}}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        if !p.grade.is_finite() {
            return Err(ApiError::invalid_parameter("grade: a number is needed"));
        }
        if p.advancedgradingdata.as_ref().is_some_and(|a| a.guide.is_some() || a.rubric.is_some()) {
            return Err(ApiError::invalid_parameter("advancedgradingdata: rubrics and marking guides are not available"));
        }
        if p.addattempt {
            return Err(ApiError::invalid_parameter("addattempt: assignments here allow one attempt"));
        }
        let a = openable(call, ModType::Assign, p.assignmentid).await?;
        let path = path_of(&a.context);
        call.require(cap::ASSIGN_GRADE, &path).await?;
        let x = assignment(&a)?;
        let db = &call.db();
        let students = gradebook::graded_users(db, path[path.len() - 2]).await?;
        if students.binary_search(&p.userid).is_err() {
            return Err(ApiError::invalid_parameter(format!("userid: {} is not a student of the course", p.userid)));
        }
        if x.grade <= 0 {
            return Err(ApiError::invalid_parameter("assignmentid: the assignment is not graded"));
        }
        let grade = (p.grade >= 0.0).then_some(p.grade);
        let feedback = p.plugindata.and_then(|d| d.assignfeedbackcomments_editor).map(|f| f.text);
        let txn = call.write().await?;
        let mut book = Gradebook::ensure(&txn, a.cm.course).await?;
        let item = match book.activity_item("assign", x.id, 0).cloned() {
            Some(item) => item,
            None => book.add_activity_item(&txn, "assign", x.id, &x.name, x.grade as f64).await?,
        };
        gradebook::set_grade(&txn, &item, p.userid, grade, feedback, call.caller.user().id).await?;
        Ok(Nothing)
    }
}
