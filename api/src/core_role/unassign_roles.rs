//! core_role_unassign_roles: all or nothing; `moodle/role:assign` in the target context, and
//! only roles the caller may assign there.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, role_assignments};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};
use super::assign_roles::{Assignment, check};

pub struct UnassignRoles;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_role_unassign_roles_params", deny_unknown_fields)]
pub struct UnassignParams {
    /// Role assignments to remove, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub unassignments: Vec<Assignment>,
}

impl ExternalFunction for UnassignRoles {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_role_unassign_roles",
        summary: "Remove role assignments (all or nothing)",
        description: "Remove role assignments. All of them are removed, or none when one cannot be; removing a role the user does not hold is not an error.",
        kind: Kind::Write,
        checks: &[cap::ROLE_ASSIGN, cap::COURSE_VIEW],
        example: r#"{"unassignments":[{"roleid":3,"userid":3,"contextlevel":"course","instanceid":2}]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = UnassignParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: UnassignParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, a) in p.unassignments.iter().enumerate() {
            let ctx = check(call, &format!("unassignments[{i}]"), a, "unassign").await?;
            role_assignments::Entity::delete_many()
                .filter(role_assignments::Column::Roleid.eq(a.roleid))
                .filter(role_assignments::Column::Userid.eq(a.userid))
                .filter(role_assignments::Column::Contextid.eq(ctx.id))
                .exec(&txn)
                .await?;
        }
        Ok(Nothing)
    }
}
