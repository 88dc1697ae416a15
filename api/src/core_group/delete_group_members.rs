//! core_group_delete_group_members: users out of groups, all or none.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::groups_members;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, Scope};

use super::store::*;

pub struct DeleteGroupMembers;
impl ExternalFunction for DeleteGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_delete_group_members",
        summary: "Remove users from groups (all or nothing)",
        description: "Remove users from groups; removing a non-member is not an error. All of them are removed, or none when one cannot be.",
        kind: Kind::Write,
        requires: MANAGE,
        scope: Scope::Group("members[].groupid"),
        example: r#"{"members":[{"groupid":1,"userid":3}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = MembersParams;
    type Returns = Nothing;

    fn scope(p: &MembersParams) -> Vec<i64> {
        p.members.iter().map(|m| m.groupid).collect()
    }

    async fn execute(call: &Call<'_>, p: MembersParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, m) in p.members.into_iter().enumerate() {
            let g = member(call, i, &m).await?;
            groups_members::Entity::delete_many()
                .filter(groups_members::Column::Groupid.eq(g.id))
                .filter(groups_members::Column::Userid.eq(m.userid))
                .exec(&txn)
                .await?;
        }
        Ok(Nothing)
    }
}
