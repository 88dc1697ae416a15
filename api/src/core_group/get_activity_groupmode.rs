//! core_group_get_activity_groupmode: an activity's group mode (the course's when the course
//! forces it), for an activity the caller may open.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, course, course_modules, seed};

use crate::common::Warning;
use crate::core_course::activities::openable_cm;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetActivityGroupmode;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_get_activity_groupmode_params", deny_unknown_fields)]
pub struct Params {
    /// Course module id.
    pub cmid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_group_get_activity_groupmode_returns")]
pub struct GroupMode {
    /// 0 no groups, 1 separate groups, 2 visible groups.
    pub groupmode: i32,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetActivityGroupmode {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_activity_groupmode",
        summary: "Get an activity's group mode",
        description: "The group mode of an activity the caller may open: the course's when the course forces its group mode.",
        checks: &[cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"cmid":8}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = GroupMode;

    async fn execute(call: &Call<'_>, p: Params) -> Result<GroupMode, ApiError> {
        let db = &call.db();
        let cm = course_modules::Entity::find_by_id(p.cmid)
            .one(db)
            .await?
            .ok_or_else(|| code::INVALID_COURSE_MODULE.err().with_debuginfo(format!("no course module {}", p.cmid)))?;
        let a = openable_cm(call, cm).await?;
        let c = course::Entity::find_by_id(a.cm.course).one(db).await?;
        let groupmode = match c {
            Some(c) if c.groupmodeforce != 0 => c.groupmode,
            _ => a.cm.groupmode,
        };
        Ok(GroupMode { groupmode, warnings: Vec::new() })
    }
}
