//! core_course_get_courses_by_field: courses by one field; hidden courses are left out unless the
//! caller may see them, and courses the caller cannot enter show only public information.
use poem_openapi::{Enum, Object};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, course, course_sections, seed};

use super::view::{CourseSummary, summaries};
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCoursesByField;

/// The field to match; empty for every course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum, Default)]
#[oai(rename = "core_course_get_courses_by_field_field")]
pub enum Field {
    #[default]
    #[oai(rename = "")]
    All,
    #[oai(rename = "id")]
    Id,
    #[oai(rename = "ids")]
    Ids,
    #[oai(rename = "shortname")]
    Shortname,
    #[oai(rename = "idnumber")]
    Idnumber,
    #[oai(rename = "category")]
    Category,
    #[oai(rename = "sectionid")]
    Sectionid,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_courses_by_field_params", deny_unknown_fields)]
pub struct Params {
    /// `id`, `ids` (comma-separated), `shortname`, `idnumber`, `category`, `sectionid`, or empty for all courses.
    #[oai(default)]
    pub field: Field,
    /// The value to match.
    #[oai(default)]
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_get_courses_by_field_result", skip_serializing_if_is_none)]
pub struct Returns {
    /// Matching courses.
    pub courses: Vec<CourseSummary>,
    /// Warnings.
    pub warnings: Option<Vec<Warning>>,
}

fn int(value: &str) -> Result<i64, ApiError> {
    value.trim().parse().map_err(|_| ApiError::invalid_parameter(format!("value: Invalid value: {value}")))
}

impl ExternalFunction for GetCoursesByField {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_courses_by_field",
        summary: "Get courses by a field",
        description: "Get courses matching a field; hidden courses need moodle/course:viewhiddencourses, and courses the caller cannot enter show public information only.",
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENCOURSES, cap::COURSE_UPDATE, cap::COURSE_VIEW],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"field":"shortname","value":"PHY101"}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let db = &call.db();
        let q = course::Entity::find().order_by_asc(course::Column::Id);
        let q = match p.field {
            Field::All => q,
            Field::Id => q.filter(course::Column::Id.eq(int(&p.value)?)),
            Field::Ids => {
                let ids =
                    p.value.split(',').filter(|v| !v.trim().is_empty()).map(int).collect::<Result<Vec<_>, _>>()?;
                q.filter(course::Column::Id.is_in(ids))
            }
            Field::Shortname => q.filter(course::Column::Shortname.eq(&p.value)),
            Field::Idnumber => q.filter(course::Column::Idnumber.eq(&p.value)),
            Field::Category => q.filter(course::Column::Category.eq(int(&p.value)?)),
            Field::Sectionid => {
                let section = course_sections::Entity::find_by_id(int(&p.value)?).one(db).await?;
                q.filter(course::Column::Id.eq(section.map_or(0, |s| s.course)))
            }
        };
        let mut courses = q.limit(call.fetch_limit()).all(db).await?;
        let cut = call.cut_to_max(&mut courses, "courses", "Ask by category, ids or id.");
        Ok(Returns { courses: summaries(call, courses).await?, warnings: Some(cut.into_iter().collect()) })
    }
}
