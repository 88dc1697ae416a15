//! core_user_view_user_profile: "a user's profile was viewed" (on the site, or in a course the
//! user is enrolled in). The caller must be the user or hold moodle/user:viewdetails in the
//! course or the user's context.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, ids, seed, user};

use crate::common::StatusWithWarnings;
use crate::framework::access::{course_context_error, enrolled_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct ViewUserProfile;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_view_user_profile_params", deny_unknown_fields)]
pub struct Params {
    /// The user (0 for the caller).
    pub userid: i64,
    /// The course the profile was viewed in (0 for the site).
    #[oai(default)]
    pub courseid: i64,
}

impl ExternalFunction for ViewUserProfile {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_view_user_profile",
        summary: "Log that a user's profile was viewed",
        description: "Record that the caller viewed a user's profile, on the site or in a course the user is enrolled in. Another user's profile needs moodle/user:viewdetails in the course or the user's context (`cannotviewprofile`).",
        kind: Kind::Write,
        checks: &[cap::USER_VIEWDETAILS, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3,"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(call: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        let me = call.caller.user().id;
        let userid = if p.userid == 0 { me } else { p.userid };
        let courseid = if p.courseid == 0 { ids::SITE_COURSE } else { p.courseid };
        let db = call.db();
        let c = course::Entity::find_by_id(courseid)
            .one(&db)
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("course").with_debuginfo(format!("courseid: no course {courseid}")))?;
        let target = user::Entity::find_by_id(userid)
            .filter(user::Column::Deleted.eq(0))
            .one(&db)
            .await?
            .ok_or_else(|| code::INVALID_USER.err().with_debuginfo(format!("userid: no user {userid}")))?;
        let path = match c.id {
            ids::SITE_COURSE => vec![ids::SYSTEM_CONTEXT],
            id => call.state.context_path(contextlevel::COURSE, id).await?.unwrap_or_default(),
        };
        if c.id != ids::SITE_COURSE && !call.can_enter(&c, &path).await? {
            return Err(course_context_error(c.id));
        }
        if target.id != me
            && !call.can(cap::USER_VIEWDETAILS, &path).await?
            && !call.can(cap::USER_VIEWDETAILS, &call.state.user_path(target.id).await?).await?
        {
            return Err(code::CANNOT_VIEW_PROFILE.err());
        }
        if c.id != ids::SITE_COURSE && !enrolled_courses(&db, target.id).await?.contains(&c.id) {
            return Err(code::NOT_ENROLLED_PROFILE.err());
        }
        Ok(StatusWithWarnings::ok())
    }
}
