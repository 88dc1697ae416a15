//! core_group_get_course_groups: every group of one course.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{groups, seed};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

use super::store::*;

pub struct GetCourseGroups;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_get_course_groups_params", deny_unknown_fields)]
pub struct CourseParams {
    /// Course id.
    pub courseid: i64,
}

impl ExternalFunction for GetCourseGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_course_groups",
        summary: "Get the groups of a course",
        description: "Get every group of a course; needs moodle/course:managegroups there.",
        ajax: true,
        requires: MANAGE,
        scope: Scope::Course("courseid"),
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = CourseParams;
    type Returns = Vec<GroupInfo>;

    fn scope(p: &CourseParams) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: CourseParams) -> Result<Vec<GroupInfo>, ApiError> {
        let found = groups::Entity::find()
            .filter(groups::Column::Courseid.eq(p.courseid))
            .order_by_asc(groups::Column::Name)
            .limit(call.fetch_limit())
            .all(&call.db())
            .await?;
        call.refuse_over_max(&found, "groups", "ask for them by id with core_group_get_groups")?;
        Ok(found.into_iter().map(|g| GroupInfo { customfields: None, ..info(g) }).collect())
    }
}
