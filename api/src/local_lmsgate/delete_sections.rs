//! local_lmsgate_delete_sections: delete sections with their activities, as a teacher does on
//! the course page (Moodle 4.5 has no web service for it); the sections after each move up one
//! place. All go, or none.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, course_sections};

use super::sections::{activities_in, last_number, section_of, shift};
use crate::core_course::removal::delete_activities;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct DeleteSections;

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_delete_sections_params", deny_unknown_fields)]
pub struct Params {
    /// Section ids, at most 50 (not a course's general section).
    #[oai(validator(min_items = 1, max_items = 50))]
    pub ids: Vec<i64>,
}

impl ExternalFunction for DeleteSections {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_delete_sections",
        summary: "Delete sections with their activities",
        description: "Delete sections with the activities in them (and everything attached to those); the sections after each move up one place (beyond Moodle, which has no web service for it). Needs moodle/course:update in the course and moodle/course:manageactivities in each activity, as Moodle's course_can_delete_section; all go, or none.",
        kind: Kind::Write,
        checks: &[
            cap::COURSE_UPDATE,
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        example: r#"{"ids":[5]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let mut doomed = Vec::with_capacity(p.ids.len());
        for (i, id) in p.ids.iter().enumerate() {
            if doomed.iter().any(|(s, _): &(course_sections::Model, _)| s.id == *id) {
                continue;
            }
            let at = format!("ids[{i}]");
            let (section, path) = section_of(call, &at, *id).await?;
            call.require(cap::COURSE_UPDATE, &path).await?;
            if section.section == 0 {
                return Err(ApiError::invalid_parameter(format!("{at}: the general section (0) cannot be deleted")));
            }
            let activities = activities_in(&call.db(), &section).await?;
            for a in &activities {
                call.require(cap::COURSE_MANAGEACTIVITIES, &path_of(&a.context)).await?;
            }
            doomed.push((section, activities));
        }
        let txn = call.write().await?;
        for (section, activities) in doomed {
            delete_activities(&txn, &activities).await?;
            // Its current number: an earlier deletion of this call may have moved it up.
            let Some(section) = course_sections::Entity::find_by_id(section.id).one(&txn).await? else { continue };
            course_sections::Entity::delete_by_id(section.id).exec(&txn).await?;
            let last = last_number(&txn, section.course).await?;
            shift(&txn, section.course, section.section + 1, last, -1).await?;
        }
        Ok(Nothing)
    }
}
