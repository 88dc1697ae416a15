//! core_course_view_course: Moodle's "course viewed": the caller entered the course (or one of its
//! sections), recorded as the course's last access for `core_enrol_get_users_courses`.
use poem_openapi::Object;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, course_sections, now, seed, user_lastaccess};

use crate::common::StatusWithWarnings;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope, code};

pub struct ViewCourse;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_view_course_params", deny_unknown_fields)]
pub struct Params {
    /// Id of the course.
    pub courseid: i64,
    /// Section number (0 for the whole course).
    #[oai(default)]
    pub sectionnumber: i64,
}

impl ExternalFunction for ViewCourse {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_view_course",
        summary: "Log that the course was viewed",
        description: "Record that the caller viewed a course, or one section of it (a hidden section needs moodle/course:viewhiddensections).",
        kind: Kind::Write,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEWHIDDENSECTIONS],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"sectionnumber":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let place = call.in_scope(0, p.courseid).await?;
        if p.sectionnumber != 0 {
            let section = course_sections::Entity::find()
                .filter(course_sections::Column::Course.eq(p.courseid))
                // Bound as the column's type: PostgreSQL keeps one prepared statement per text,
                // and `local_lmsgate_add_modules` runs the same query with an int4.
                .filter(course_sections::Column::Section.eq(i32::try_from(p.sectionnumber).unwrap_or(-1)))
                .one(&call.db())
                .await?
                .ok_or_else(|| {
                    code::SECTION_NOT_EXIST.err().with_debuginfo(format!("sectionnumber: no section {}", p.sectionnumber))
                })?;
            if section.visible == 0 {
                call.require(cap::COURSE_VIEWHIDDENSECTIONS, &place.path).await?;
            }
        }
        let row = user_lastaccess::ActiveModel {
            userid: Set(call.caller.user().id),
            courseid: Set(p.courseid),
            timeaccess: Set(now()),
            ..Default::default()
        };
        user_lastaccess::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([user_lastaccess::Column::Userid, user_lastaccess::Column::Courseid])
                    .update_column(user_lastaccess::Column::Timeaccess)
                    .to_owned(),
            )
            // Not `exec`: MySQL counts an update to the same second as no row, which `exec` reports
            // as an error.
            .exec_without_returning(&call.write().await?)
            .await?;
        Ok(StatusWithWarnings::ok())
    }
}
