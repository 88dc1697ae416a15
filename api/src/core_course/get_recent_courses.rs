//! core_course_get_recent_courses: the courses a user entered most recently.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use super::exported::ExportedCourse;
use super::my_courses;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetRecentCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_recent_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (0 for the caller; another user's are listed only to site admins).
    #[oai(default)]
    pub userid: i64,
    /// How many (0 for all).
    #[oai(default, validator(minimum(value = "0")))]
    pub limit: u64,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub offset: u64,
    /// Sort (the most recent first unless `fullname` or `shortname`).
    #[oai(validator(max_length = 255))]
    pub sort: Option<String>,
}

impl ExternalFunction for GetRecentCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_recent_courses",
        summary: "Get the courses a user entered most recently",
        description: "List the courses the user entered (core_course_view_course), the most recent first. Another user's are listed only to site admins (others get an empty list, as in Moodle).",
        ajax: true,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":0,"limit":10}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<ExportedCourse>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<ExportedCourse>, ApiError> {
        let me = call.caller.user().id;
        let userid = if p.userid == 0 { me } else { p.userid };
        if userid != me && !call.is_siteadmin(&*call.state.site().await?) {
            return Ok(Vec::new());
        }
        let mut list = my_courses::load(call, userid).await?;
        list.retain(|m| m.extra.timeaccess.is_some());
        let order = match p.sort.as_deref() {
            Some(s @ ("fullname" | "shortname")) => Some(s),
            _ => Some("ul.timeaccess desc"),
        };
        my_courses::sort(&mut list, order);
        let take = if p.limit == 0 { usize::MAX } else { p.limit as usize };
        let www = &call.state.settings.wwwroot;
        Ok(list.into_iter().skip(p.offset as usize).take(take).map(|m| m.export(www)).collect())
    }
}
