//! mod_assign_submit_for_grading: a student submits their draft for grading (assignments with
//! submission drafts); nothing to submit answers a warning, as Moodle does.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, Set};
use validator::Validate;

use lmsgate_entities::{assign_submission, cap, now, seed};

use super::store::{assignment, latest_submissions, open_for_submissions};
use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct SubmitForGrading;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_submit_for_grading_params", deny_unknown_fields)]
pub struct Params {
    /// The assignment id to operate on.
    pub assignmentid: i64,
    /// Accept the assignment submission statement (assignments here have none).
    pub acceptsubmissionstatement: bool,
}

impl ExternalFunction for SubmitForGrading {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_submit_for_grading",
        summary: "Submit a draft assignment submission for grading",
        description: "Submit the caller's draft submission for grading (mod/assign:submit), while the assignment is open. No draft to submit answers the warning `couldnotsubmitforgrading`.",
        kind: Kind::Write,
        checks: &[
            cap::ASSIGN_VIEW,
            cap::ASSIGN_SUBMIT,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignmentid":1,"acceptsubmissionstatement":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Warning>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Warning>, ApiError> {
        let a = openable(call, ModType::Assign, p.assignmentid).await?;
        call.require(cap::ASSIGN_SUBMIT, &path_of(&a.context)).await?;
        let x = assignment(&a)?;
        let me = call.caller.user().id;
        let t = now();
        let draft = latest_submissions(&call.db(), x.id, Some(&[me])).await?.pop().filter(|s| s.status == "draft");
        let Some(draft) = draft.filter(|_| open_for_submissions(x, t)) else {
            return Ok(vec![Warning::new(
                "assignment",
                x.id,
                "couldnotsubmitforgrading",
                "Could not submit assignment for grading",
            )]);
        };
        let txn = call.write().await?;
        let mut row: assign_submission::ActiveModel = draft.into();
        row.status = Set("submitted".into());
        row.timemodified = Set(t);
        row.update(&txn).await?;
        Ok(Vec::new())
    }
}
