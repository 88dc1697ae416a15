//! core_course_get_user_navigation_options: which course pages the app may offer the caller
//! (participants, grades; lmsgate has no badges, blogs, competencies, notes, search or tags).
use lmsgate_entities::{cap, ids, seed};

use super::options::{CourseOptions, Params, entered, is_site, options};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUserNavigationOptions;

impl ExternalFunction for GetUserNavigationOptions {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_user_navigation_options",
        summary: "Get the course pages the caller may see",
        description: "For each course the caller can enter: whether its participants (moodle/course:viewparticipants; moodle/site:viewparticipants on the site course) and grades pages are available. Features lmsgate does not have are never available. Courses the caller cannot enter are warnings.",
        checks: &[cap::COURSE_VIEWPARTICIPANTS, cap::SITE_VIEWPARTICIPANTS, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2,1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = CourseOptions;

    async fn execute(call: &Call<'_>, p: Params) -> Result<CourseOptions, ApiError> {
        let (entered, warnings) = entered(call, &p.courseids).await?;
        let mut courses = Vec::with_capacity(entered.len());
        for (c, path) in entered {
            let participants = match is_site(&c) {
                true => call.can(cap::SITE_VIEWPARTICIPANTS, &[ids::SYSTEM_CONTEXT]).await?,
                false => call.can(cap::COURSE_VIEWPARTICIPANTS, &path).await?,
            };
            courses.push(options(
                c.id,
                vec![
                    ("badges", false),
                    ("blogs", false),
                    ("competencies", false),
                    ("grades", !is_site(&c)),
                    ("notes", false),
                    ("participants", participants),
                    ("search", false),
                    ("tags", false),
                    ("communication", false),
                ],
            ));
        }
        Ok(CourseOptions { courses, warnings })
    }
}
