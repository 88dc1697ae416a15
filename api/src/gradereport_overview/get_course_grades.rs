//! gradereport_overview_get_course_grades: a user's course totals in the courses where they are
//! graded (as a student), as Moodle's overview report lists them for the app's Grades page.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, seed};

use crate::common::Warning;
use crate::core_grades::gradebook::{self, Gradebook, format_grade, raw_grade};
use crate::framework::access::{contexts, enrolled_courses, path_of};
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCourseGrades;

#[derive(Debug, Object, Validate)]
#[oai(rename = "gradereport_overview_get_course_grades_params", deny_unknown_fields)]
pub struct Params {
    /// The user (0: the caller).
    #[oai(default)]
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "gradereport_overview_course_grade", skip_serializing_if_is_none)]
pub struct CourseGrade {
    /// Course id.
    pub courseid: i64,
    /// The course total, formatted (`-` when nothing is graded).
    pub grade: String,
    /// The course total as stored, 5 decimals (`null` when nothing is graded).
    pub rawgrade: OrNull<String>,
    /// The user's rank in the course (ranks are not shown on this site).
    pub rank: Option<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "gradereport_overview_get_course_grades_returns")]
pub struct CourseGrades {
    /// One per course.
    pub grades: Vec<CourseGrade>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetCourseGrades {
    const INFO: FunctionInfo = FunctionInfo {
        name: "gradereport_overview_get_course_grades",
        summary: "Get a user's course totals",
        description: "The course totals of a user (the caller by default) in the courses where they are graded as a student and may see their grades. Another user's need moodle/grade:viewall in the system context.",
        checks: &[cap::GRADE_VIEW, cap::GRADE_VIEWALL, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = CourseGrades;

    async fn execute(call: &Call<'_>, p: Params) -> Result<CourseGrades, ApiError> {
        let me = call.caller.user().id;
        let userid = if p.userid == 0 { me } else { p.userid };
        let db = &call.db();
        if userid != me {
            crate::core_grades::report::active_user(db, userid).await?;
            call.require(cap::GRADE_VIEWALL, &[lmsgate_entities::ids::SYSTEM_CONTEXT]).await?;
        }
        let ids: Vec<i64> = enrolled_courses(db, userid).await?.into_iter().collect();
        let courses = match ids.is_empty() {
            true => Vec::new(),
            false => {
                course::Entity::find()
                    .filter(course::Column::Id.is_in(ids.iter().copied()))
                    .order_by_asc(course::Column::Sortorder)
                    .all(db)
                    .await?
            }
        };
        let ctxs = contexts(db, contextlevel::COURSE, &ids).await?;
        let graded = gradebook::graded_in(db, userid, &ctxs.values().map(|c| c.id).collect::<Vec<_>>()).await?;
        let mut grades = Vec::new();
        for c in courses.into_iter().filter(|c| c.showgrades != 0) {
            let Some(ctx) = ctxs.get(&c.id).filter(|ctx| graded.contains(&ctx.id)) else { continue };
            let path = path_of(ctx);
            if c.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENCOURSES, &path).await? {
                continue;
            }
            let own = userid == me && call.can(cap::GRADE_VIEW, &path).await?;
            if !own && !call.can(cap::GRADE_VIEWALL, &path).await? {
                continue;
            }
            let total = match Gradebook::load(db, c.id).await? {
                Some(book) => {
                    let found = gradebook::grades_of(db, &book.item_ids(), &[userid]).await?;
                    book.total(&gradebook::of_user(&found, userid)).grade
                }
                None => None,
            };
            grades.push(CourseGrade { courseid: c.id, grade: format_grade(total), rawgrade: OrNull(raw_grade(total)), rank: None });
        }
        Ok(CourseGrades { grades, warnings: Vec::new() })
    }
}
