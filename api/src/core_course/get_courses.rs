//! core_course_get_courses: full course records; every course asked for must be accessible and
//! (except the site course) need `moodle/course:view`.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, course_sections, ids, seed};

use super::view::{CourseInfo, info};
use crate::framework::access::{contexts, course_context_error, path_of};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Which courses; without `ids`, every course including the site course.
    #[oai(default)]
    pub options: Options,
}

#[derive(Debug, Default, Object)]
#[oai(rename = "core_course_get_courses_options", deny_unknown_fields, skip_serializing_if_is_none)]
pub struct Options {
    /// Course ids.
    #[oai(validator(max_items = 10000))]
    pub ids: Option<Vec<i64>>,
}

impl ExternalFunction for GetCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_courses",
        summary: "Get full course records",
        description: "Return course details. Unknown ids are left out; a course the caller cannot access fails the call.",
        ajax: true,
        checks: &[cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"options":{"ids":[2]}}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<CourseInfo>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<CourseInfo>, ApiError> {
        let db = &call.db();
        let mut q = course::Entity::find().order_by_asc(course::Column::Id);
        if let Some(wanted) = &p.options.ids {
            q = q.filter(course::Column::Id.is_in(wanted.iter().copied()));
        }
        // The ids first, so that a refusal costs no course rows.
        let ids: Vec<i64> =
            q.select_only().column(course::Column::Id).limit(call.fetch_limit()).into_tuple().all(db).await?;
        call.refuse_over_max(
            &ids,
            "courses",
            "ask for them by options.ids, or a page at a time with core_course_search_courses",
        )?;
        let courses = course::Entity::find()
            .filter(course::Column::Id.is_in(ids.iter().copied()))
            .order_by_asc(course::Column::Id)
            .all(db)
            .await?;
        let ctxs = contexts(db, contextlevel::COURSE, &ids).await?;
        // The last section of each course, counted by the database.
        let sections: HashMap<i64, i32> = course_sections::Entity::find()
            .select_only()
            .column(course_sections::Column::Course)
            .column_as(Expr::col(course_sections::Column::Section).max(), "last")
            .filter(course_sections::Column::Course.is_in(ids.iter().copied()))
            .group_by(course_sections::Column::Course)
            .into_tuple::<(i64, i32)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(courses.len());
        for c in courses {
            let path = ctxs.get(&c.id).map(path_of).ok_or_else(|| course_context_error(c.id))?;
            call.enter(&c, &path).await?;
            if c.id != ids::SITE_COURSE {
                call.require(cap::COURSE_VIEW, &path).await?;
            }
            out.push(info(&c, sections.get(&c.id).copied().unwrap_or(0)));
        }
        Ok(out)
    }
}
