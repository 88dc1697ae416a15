//! mod_assign_get_submissions: graders' list of the latest submissions of assignments.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::store::{Submission, assignment, latest_submissions, submission_files};
use crate::common::Warning;
use crate::core_course::activities::{ModType, cms_of, openable_cm};
use crate::core_grades::gradebook::{self, Gradebook};
use crate::framework::access::path_of;
use crate::framework::types::Alpha;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetSubmissions;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_get_submissions_params", deny_unknown_fields)]
pub struct Params {
    /// Assignment instance ids, at most 100.
    #[oai(validator(max_items = 100))]
    pub assignmentids: Vec<i64>,
    /// Only submissions with this status (`new`, `draft`, `submitted`; empty: all).
    #[oai(default)]
    pub status: Alpha,
    /// Only submissions modified at or after this time.
    #[oai(default)]
    pub since: i64,
    /// Only submissions modified at or before this time (0: no limit).
    #[oai(default)]
    pub before: i64,
}

/// An assignment's submissions.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_assignment_submissions")]
pub struct AssignmentSubmissions {
    /// Assignment id.
    pub assignmentid: i64,
    /// Submission info.
    pub submissions: Vec<Submission>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_assign_get_submissions_returns")]
pub struct Submissions {
    /// One per assignment the caller may grade.
    pub assignments: Vec<AssignmentSubmissions>,
    /// Assignments left out, and why.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetSubmissions {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_get_submissions",
        summary: "Get the submissions of assignments",
        description: "The latest submission of each student, for the assignments where the caller has mod/assign:grade; a warning for each other one.",
        checks: &[
            cap::ASSIGN_VIEW,
            cap::ASSIGN_GRADE,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignmentids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Submissions;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Submissions, ApiError> {
        let db = &call.db();
        let (mut assignments, mut warnings) = (Vec::new(), Vec::new());
        let mut ids = p.assignmentids.clone();
        ids.dedup();
        let keys: Vec<(ModType, i64)> = ids.iter().map(|id| (ModType::Assign, *id)).collect();
        let mut cms = cms_of(db, &keys).await?;
        for id in ids {
            let refuse = |message: &str| Warning::new("assignment", id, "1", message);
            let Some(cm) = cms.remove(&(ModType::Assign, id)) else {
                warnings.push(refuse("No access rights in module context"));
                continue;
            };
            let a = match openable_cm(call, cm).await {
                Ok(a) => a,
                Err(_) => {
                    warnings.push(refuse("No access rights in module context"));
                    continue;
                }
            };
            let path = path_of(&a.context);
            if !call.can(cap::ASSIGN_VIEW, &path).await? || !call.can(cap::ASSIGN_GRADE, &path).await? {
                warnings.push(refuse("No access rights in module context"));
                continue;
            }
            let x = assignment(&a)?;
            let subs: Vec<_> = latest_submissions(db, x.id, None)
                .await?
                .into_iter()
                .filter(|s| p.status.is_empty() || s.status == p.status.as_str())
                .filter(|s| s.timemodified >= p.since && (p.before == 0 || s.timemodified <= p.before))
                .collect();
            let users: Vec<i64> = subs.iter().map(|s| s.userid).collect();
            let book = Gradebook::load(db, a.cm.course).await?;
            let item = book.as_ref().and_then(|b| b.activity_item("assign", x.id, 0)).map(|i| i.id);
            let grades = match item {
                Some(item) => gradebook::grades_of(db, &[item], &users).await?,
                None => Default::default(),
            };
            let ids: Vec<i64> = subs.iter().map(|s| s.id).collect();
            let mut files = submission_files(db, &call.state.settings.wwwroot, a.context.id, &ids).await?;
            let submissions = subs
                .iter()
                .map(|s| {
                    let graded = item.is_some_and(|i| grades.get(&(i, s.userid)).is_some_and(|g| g.finalgrade.is_some()));
                    Submission::from_row(s, x, files.remove(&s.id).unwrap_or_default(), graded, false)
                })
                .collect();
            assignments.push(AssignmentSubmissions { assignmentid: x.id, submissions });
        }
        Ok(Submissions { assignments, warnings })
    }
}
