//! core_course_get_user_administration_options: which course administration pages the app may
//! offer the caller (editing the course, its logs, its roles; lmsgate has no backups, gradebook
//! setup, filters or badges).
use lmsgate_entities::{cap, seed};

use super::options::{CourseOptions, Params, entered, is_site, options};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUserAdministrationOptions;

impl ExternalFunction for GetUserAdministrationOptions {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_user_administration_options",
        summary: "Get the course administration pages the caller may use",
        description: "For each course the caller can enter: whether they may edit it (moodle/course:update), read its logs (report/log:view) and review its roles (moodle/role:review). Features lmsgate does not have are never available. Courses the caller cannot enter are warnings.",
        checks: &[
            cap::COURSE_UPDATE,
            cap::REPORT_LOG_VIEW,
            cap::ROLE_REVIEW,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
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
            let mut pairs = vec![
                ("update", call.can(cap::COURSE_UPDATE, &path).await?),
                ("editcompletion", false),
                ("filters", false),
                ("reports", call.can(cap::REPORT_LOG_VIEW, &path).await?),
                ("backup", false),
                ("restore", false),
                ("copy", false),
                ("files", false),
                ("tags", false),
                ("gradebook", false),
                ("outcomes", false),
                ("badges", false),
                ("import", false),
            ];
            if is_site(&c) {
                pairs.push(("publish", false));
            }
            pairs.push(("reset", false));
            pairs.push(("roles", call.can(cap::ROLE_REVIEW, &path).await?));
            if is_site(&c) {
                pairs.push(("grades", false));
            }
            courses.push(options(c.id, pairs));
        }
        Ok(CourseOptions { courses, warnings })
    }
}
