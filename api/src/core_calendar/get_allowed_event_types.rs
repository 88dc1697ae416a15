//! core_calendar_get_allowed_event_types: the kinds of event the caller may add (in a course,
//! when one is given).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, groups, ids, seed};

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetAllowedEventTypes;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_allowed_event_types_params", deny_unknown_fields)]
pub struct Params {
    /// A course (0 for none).
    #[oai(default)]
    pub courseid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_allowed_event_types_returns")]
pub struct Allowed {
    /// `user`, `site`, `course`, `group`, `category`.
    pub allowedeventtypes: Vec<String>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetAllowedEventTypes {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_allowed_event_types",
        summary: "Get the event types the caller may add",
        description: "List the kinds of event the caller may create: `user` (moodle/calendar:manageownentries), `site` and `category` (moodle/calendar:manageentries, moodle/category:manage), and in the course given `course` and `group`.",
        checks: &[
            cap::CALENDAR_MANAGEENTRIES,
            cap::CALENDAR_MANAGEOWNENTRIES,
            cap::CALENDAR_MANAGEGROUPENTRIES,
            cap::CATEGORY_MANAGE,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Allowed;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Allowed, ApiError> {
        let system = [ids::SYSTEM_CONTEXT];
        let own = call.state.user_path(call.caller.user().id).await?;
        let mut types = Vec::new();
        if call.can(cap::CALENDAR_MANAGEOWNENTRIES, &own).await? {
            types.push("user");
        }
        let manages_site = call.can(cap::CALENDAR_MANAGEENTRIES, &system).await?;
        if manages_site {
            types.push("site");
        }
        let course = match p.courseid {
            0 | ids::SITE_COURSE => None,
            id => call.state.context_path(contextlevel::COURSE, id).await?,
        };
        if manages_site || matches!(&course, Some(path) if call.can(cap::CALENDAR_MANAGEENTRIES, path).await?) {
            types.push("course");
        }
        if let Some(path) = &course {
            let has_groups =
                groups::Entity::find().filter(groups::Column::Courseid.eq(p.courseid)).count(&call.db()).await? > 0;
            if has_groups && call.can(cap::CALENDAR_MANAGEGROUPENTRIES, path).await? {
                types.push("group");
            }
        }
        if call.can(cap::CATEGORY_MANAGE, &system).await? {
            types.push("category");
        }
        Ok(Allowed { allowedeventtypes: types.into_iter().map(Into::into).collect(), warnings: Vec::new() })
    }
}
