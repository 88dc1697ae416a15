//! core_group_delete_groups: groups and their memberships, all or none.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{groups, groups_members};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, Scope};

use super::get_groups::GetParams;
use super::store::MANAGE;

pub struct DeleteGroups;
impl ExternalFunction for DeleteGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_delete_groups",
        summary: "Delete groups (unknown ids are skipped)",
        description: "Delete groups and their memberships; unknown ids are skipped. All of them are deleted, or none when one cannot be.",
        kind: Kind::Write,
        requires: MANAGE,
        scope: Scope::Group("groupids[]"),
        example: r#"{"groupids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, id) in p.groupids.into_iter().enumerate() {
            // Moodle skips unknown groups, so their check waits until the group is found.
            if groups::Entity::find_by_id(id).one(&txn).await?.is_none() {
                continue;
            }
            call.in_scope(i, id).await?;
            groups_members::Entity::delete_many().filter(groups_members::Column::Groupid.eq(id)).exec(&txn).await?;
            groups::Entity::delete_by_id(id).exec(&txn).await?;
        }
        Ok(Nothing)
    }
}
