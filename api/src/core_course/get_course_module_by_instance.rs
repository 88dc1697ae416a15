//! core_course_get_course_module_by_instance: an activity's course module record by its type and
//! instance id, for a caller who may open it.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::activities::{ModType, cm_of};
use super::get_course_module::{Returns, describe};
use crate::framework::types::Plugin;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetCourseModuleByInstance;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_course_module_by_instance_params", deny_unknown_fields)]
pub struct Params {
    /// The activity type, e.g. `forum`.
    pub module: Plugin,
    /// The instance id in the type's table.
    pub instance: i64,
}

impl ExternalFunction for GetCourseModuleByInstance {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_course_module_by_instance",
        summary: "Get an activity's course module record by instance",
        description: "Return information about a given module name and instance id",
        checks: &[
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"module":"forum","instance":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let db = call.db();
        let missing = || code::INVALID_RECORD.with("course_modules").with_debuginfo(format!("no {} {}", p.module, p.instance));
        let kind = ModType::from_name(p.module.as_str()).ok_or_else(missing)?;
        let cm = cm_of(&db, kind, p.instance).await?.ok_or_else(missing)?;
        describe(call, cm).await
    }
}
