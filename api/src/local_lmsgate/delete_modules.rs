//! local_lmsgate_delete_modules: delete activities with everything attached to them (posts,
//! submissions, grades, calendar events, completion, files), as a teacher does on the course
//! page (Moodle 4.5 has no web service for it). Each needs moodle/course:manageactivities in the
//! activity; all go, or none.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, course_modules};

use crate::core_course::activities::openable_cm;
use crate::core_course::removal::delete_activities;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, code};

pub struct DeleteModules;

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_delete_modules_params", deny_unknown_fields)]
pub struct Params {
    /// Course module ids, at most 100.
    #[oai(validator(min_items = 1, max_items = 100))]
    pub cmids: Vec<i64>,
}

impl ExternalFunction for DeleteModules {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_delete_modules",
        summary: "Delete activities",
        description: "Delete activities with their posts, submissions, grades, calendar events, completion and files (beyond Moodle, which has no web service for it). Needs moodle/course:manageactivities in each activity; all go, or none.",
        kind: Kind::Write,
        checks: &[
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        example: r#"{"cmids":[5]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let mut doomed = Vec::with_capacity(p.cmids.len());
        for (i, id) in p.cmids.iter().enumerate() {
            if doomed.iter().any(|a: &crate::core_course::activities::Activity| a.cm.id == *id) {
                continue;
            }
            let cm = course_modules::Entity::find_by_id(*id)
                .one(&call.db())
                .await?
                .ok_or_else(|| code::INVALID_COURSE_MODULE.err().with_debuginfo(format!("cmids[{i}]: no course module {id}")))?;
            let a = openable_cm(call, cm).await?;
            call.require(cap::COURSE_MANAGEACTIVITIES, &path_of(&a.context)).await?;
            doomed.push(a);
        }
        let txn = call.write().await?;
        delete_activities(&txn, &doomed).await?;
        Ok(Nothing)
    }
}
