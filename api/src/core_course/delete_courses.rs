//! core_course_delete_courses: a course that cannot be deleted becomes a warning; the others are
//! deleted with everything attached to them.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, ids};

use super::store::delete_course;
use crate::common::Warning;
use crate::framework::access::{context_of, path_of};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct DeleteCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_delete_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Ids of the courses to delete.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub courseids: Vec<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_delete_courses_result")]
pub struct Returns {
    /// One warning per course that was not deleted.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for DeleteCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_delete_courses",
        summary: "Delete courses (per-course problems are warnings)",
        description: "Delete courses with their enrolments, role assignments, groups and sections. A course that cannot be deleted becomes a warning.",
        kind: Kind::Write,
        checks: &[cap::COURSE_DELETE],
        example: r#"{"courseids":[2]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let txn = call.write().await?;
        let mut warnings = Vec::new();
        for id in p.courseids {
            let Some(c) = course::Entity::find_by_id(id).one(&txn).await? else {
                warnings.push(Warning::new("course", id, "unknowncourseidnumber", format!("Unknown course ID {id}")));
                continue;
            };
            if id == ids::SITE_COURSE {
                warnings.push(Warning::new(
                    "course",
                    id,
                    "cannotdeletecategorycourse",
                    format!("Course {id} failed to be deleted"),
                ));
                continue;
            }
            let path = context_of(&txn, contextlevel::COURSE, id).await?.map(|c| path_of(&c)).unwrap_or_default();
            if !call.can(cap::COURSE_DELETE, &path).await? {
                warnings.push(Warning::new(
                    "course",
                    id,
                    "cannotdeletecourse",
                    format!("You do not have the permission to delete this course{id}"),
                ));
                continue;
            }
            delete_course(&txn, &c).await?;
        }
        Ok(Returns { warnings })
    }
}
