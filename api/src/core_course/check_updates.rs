//! core_course_check_updates: which of the named activities of a course changed since their own
//! times (the app's per-activity refresh), with a warning for each one it cannot check.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::activities::of_course;
use super::updates::{Instanced, Updates, changes, check_filter};
use crate::common::Warning;
use crate::framework::access::path_of;
use crate::framework::types::Alpha;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct CheckUpdates;

/// An activity to check.
#[derive(Debug, Object)]
#[oai(rename = "core_course_check_updates_item", deny_unknown_fields)]
pub struct ToCheck {
    /// The context level for the file location. Only module supported right now.
    pub contextlevel: Alpha,
    /// Context instance id (the course module id).
    pub id: i64,
    /// Check updates since this time stamp.
    pub since: i64,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_check_updates_params", deny_unknown_fields)]
pub struct Params {
    /// Course id to check.
    pub courseid: i64,
    /// Activities to check, at most 1,000.
    #[oai(validator(max_items = 1000))]
    pub tocheck: Vec<ToCheck>,
    /// Areas to check: configuration, fileareas, completion, ratings, comments, gradeitems, outcomes (none: all).
    #[oai(default, validator(max_items = 10))]
    pub filter: Vec<String>,
}

impl ExternalFunction for CheckUpdates {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_check_updates",
        summary: "Get which of some activities changed",
        description: "Check if there is updates affecting the user for the given course and contexts.",
        ajax: true,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"tocheck":[{"contextlevel":"module","id":5,"since":1767225600}]}"#,
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
        let activities = of_course(&call.db(), p.courseid).await?;
        let (mut instances, mut warnings) = (Vec::new(), Vec::new());
        for item in &p.tocheck {
            if item.contextlevel.as_str() != "module" {
                warnings.push(Warning::new(
                    &item.contextlevel,
                    item.id,
                    "contextlevelnotsupported",
                    "Context level not yet supported module",
                ));
                continue;
            }
            let found = activities.iter().find(|a| a.cm.id == item.id);
            let Some(a) = found else {
                warnings.push(Warning::new("module", item.id, "missingcm", "Module not found or user doesn't have access"));
                continue;
            };
            if a.cm.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path_of(&a.context)).await? {
                warnings.push(Warning::new("module", item.id, "missingcm", "Module not found or user doesn't have access"));
                continue;
            }
            let updates = changes(call, a, item.since, &p.filter).await?;
            if !updates.is_empty() {
                instances.push(Instanced { contextlevel: "module".into(), id: a.cm.id, updates });
            }
        }
        Ok(Updates { instances, warnings })
    }
}
