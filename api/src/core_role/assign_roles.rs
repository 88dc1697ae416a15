//! core_role_assign_roles: all or nothing; `moodle/role:assign` in the target context, and only
//! roles the caller may assign there. The checks are shared with core_role_unassign_roles.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, context, contextlevel, course, user};

use crate::enrol_manual::enrol_users::assign_role;
use crate::framework::access::{assignable_roles, path_of};
use crate::framework::types::ContextLevel;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct AssignRoles;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_role_assign_roles_params", deny_unknown_fields)]
pub struct AssignParams {
    /// Role assignments to make, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub assignments: Vec<Assignment>,
}

/// A role for a user in a context, given by `contextid` or by `contextlevel` and `instanceid`.
#[derive(Debug, Object)]
#[oai(rename = "core_role_assignment", deny_unknown_fields)]
pub struct Assignment {
    /// Role id.
    pub roleid: i64,
    /// User id.
    pub userid: i64,
    /// Context id.
    pub contextid: Option<i64>,
    /// Context level, with `instanceid` (when no `contextid` is given).
    pub contextlevel: Option<ContextLevel>,
    /// Id of the instance at that level (course id, category id, ...).
    pub instanceid: Option<i64>,
}

/// The assignment's context, or `invalidparameter` naming what is wrong.
async fn resolve<C: ConnectionTrait>(db: &C, at: &str, a: &Assignment) -> Result<context::Model, ApiError> {
    let found = match (a.contextid, &a.contextlevel, a.instanceid) {
        (Some(id), _, _) => context::Entity::find_by_id(id).one(db).await?,
        (None, Some(level), Some(instance)) => crate::framework::access::context_of(db, level.id(), instance).await?,
        _ => {
            return Err(ApiError::invalid_parameter(format!("{at}: give contextid, or contextlevel and instanceid")));
        }
    };
    found.ok_or_else(|| ApiError::invalid_parameter(format!("{at}: the context does not exist")))
}

/// Checks one (un)assignment and returns its context.
pub async fn check(call: &Call<'_>, at: &str, a: &Assignment, verb: &str) -> Result<context::Model, ApiError> {
    let db = &call.db();
    let ctx = resolve(db, at, a).await?;
    let path = path_of(&ctx);
    if ctx.contextlevel == contextlevel::COURSE
        && let Some(c) = course::Entity::find_by_id(ctx.instanceid).one(db).await?
    {
        call.enter(&c, &path).await?;
    }
    call.require(cap::ROLE_ASSIGN, &path).await?;
    if !assignable_roles(call, ctx.contextlevel, &path).await?.contains(&a.roleid) {
        return Err(ApiError::invalid_parameter(format!(
            "{at}.roleid: Can not {verb} roleid={} in contextid={}",
            a.roleid, ctx.id
        )));
    }
    if user::Entity::find_by_id(a.userid).filter(user::Column::Deleted.eq(0)).one(db).await?.is_none() {
        return Err(ApiError::coding("User ID does not exist or is deleted!")
        .with_debuginfo(format!("{at}.userid: no user {}", a.userid)));
    }
    Ok(ctx)
}

impl ExternalFunction for AssignRoles {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_role_assign_roles",
        summary: "Assign roles to users in contexts (all or nothing)",
        description: "Assign roles to users in contexts. All of them are assigned, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::ROLE_ASSIGN, cap::COURSE_VIEW],
        example: r#"{"assignments":[{"roleid":3,"userid":3,"contextlevel":"course","instanceid":2}]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = AssignParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: AssignParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, a) in p.assignments.iter().enumerate() {
            let ctx = check(call, &format!("assignments[{i}]"), a, "assign").await?;
            assign_role(&txn, a.roleid, a.userid, ctx.id, call.caller.user().id).await?;
        }
        Ok(Nothing)
    }
}
