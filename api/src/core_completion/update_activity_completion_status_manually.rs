//! core_completion_update_activity_completion_status_manually: a student marks an activity done
//! (or not done) by hand, where the activity is tracked manually.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, course, course_modules, seed};

use super::store::{self, MANUAL, is_tracked_user, tracked};
use crate::common::StatusWithWarnings;
use crate::core_course::activities::openable_cm;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct UpdateActivityCompletionStatusManually;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_completion_update_activity_completion_status_manually_params", deny_unknown_fields)]
pub struct Params {
    /// Course module id.
    pub cmid: i64,
    /// Activity completed or not.
    pub completed: bool,
}

impl ExternalFunction for UpdateActivityCompletionStatusManually {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_completion_update_activity_completion_status_manually",
        summary: "Mark an activity done or not done",
        description: "Mark an activity the caller may open as done (or not): the course must track completion, the activity be tracked manually and the caller be tracked (a student); else Moodle's `cannotmanualctrack`.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"cmid":5,"completed":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let db = call.db();
        let cm = course_modules::Entity::find_by_id(p.cmid)
            .one(&db)
            .await?
            .ok_or_else(|| code::INVALID_COURSE_MODULE.err().with_debuginfo(format!("no course module {}", p.cmid)))?;
        let a = openable_cm(call, cm).await?;
        let c = course::Entity::find_by_id(a.cm.course).one(&db).await?.ok_or_else(|| code::INVALID_RECORD.with("course"))?;
        let path = path_of(&a.context);
        let me = call.caller.user().id;
        if !tracked(&c, &a.cm) || a.cm.completion != MANUAL || !is_tracked_user(&db, path[path.len() - 2], me).await? {
            return Err(code::CANNOT_MANUAL_TRACK.err());
        }
        let txn = call.write().await?;
        store::store(&txn, a.cm.id, me, Some(i32::from(p.completed)), false).await?;
        Ok(StatusWithWarnings::ok())
    }
}
