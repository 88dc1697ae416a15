//! core_group_delete_groups: groups and their memberships, all or none.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{groups, groups_members};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

use super::get_groups::GetParams;
use super::store::*;

pub struct DeleteGroups;
impl ExternalFunction for DeleteGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_delete_groups",
        summary: "Delete groups (unknown ids are skipped)",
        description: "Delete groups and their memberships; unknown ids are skipped. All of them are deleted, or none when one cannot be.",
        kind: Kind::Write,
        checks: MANAGE,
        example: r#"{"groupids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        let mut gate = Gate::new(call).await?;
        for (i, id) in p.groupids.into_iter().enumerate() {
            let Some(g) = groups::Entity::find_by_id(id).one(&txn).await? else { continue };
            gate.course(call, &format!("groupids[{i}]"), g.courseid).await?;
            groups_members::Entity::delete_many().filter(groups_members::Column::Groupid.eq(id)).exec(&txn).await?;
            groups::Entity::delete_by_id(id).exec(&txn).await?;
        }
        Ok(Nothing)
    }
}
