//! core_course_get_updates_since: which activities of a course changed since a time (their
//! settings, files, and the caller's completion, grades, submissions; a forum's discussions).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::activities::of_course;
use super::updates::{Instanced, Updates, changes, check_filter};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetUpdatesSince;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_updates_since_params", deny_unknown_fields)]
pub struct Params {
    /// Course id to check.
    pub courseid: i64,
    /// Check updates since this time stamp.
    pub since: i64,
    /// Areas to check: configuration, fileareas, completion, ratings, comments, gradeitems, outcomes (none: all).
    #[oai(default, validator(max_items = 10))]
    pub filter: Vec<String>,
}

impl ExternalFunction for GetUpdatesSince {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_updates_since",
        summary: "Get which activities of a course changed since a time",
        description: "Check if there are updates affecting the user for the given course since the given time stamp.",
        ajax: true,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"since":1767225600}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Updates;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Updates, ApiError> {
        check_filter(&p.filter)?;
        call.in_scope(0, p.courseid).await?;
        let mut instances = Vec::new();
        for a in of_course(&call.db(), p.courseid).await? {
            if a.cm.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path_of(&a.context)).await? {
                continue;
            }
            let updates = changes(call, &a, p.since, &p.filter).await?;
            if !updates.is_empty() {
                instances.push(Instanced { contextlevel: "module".into(), id: a.cm.id, updates });
            }
        }
        Ok(Updates { instances, warnings: Vec::new() })
    }
}
