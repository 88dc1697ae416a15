//! core_group_get_group_members: the member ids of groups, streamed.
use futures_util::TryStreamExt;
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use lmsgate_entities::groups_members;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

use super::get_groups::GetParams;
use super::store::MANAGE;
use crate::framework::code;

pub struct GetGroupMembers;

/// Member ids one `core_group_get_group_members` call returns at most (ids are small: 100,000
/// of them are under a megabyte of JSON).
pub const MAX_MEMBER_IDS: u64 = 100_000;

#[derive(Debug, Object)]
#[oai(rename = "core_group_members")]
pub struct GroupMembers {
    /// Group id.
    pub groupid: i64,
    /// Ids of its members.
    pub userids: Vec<i64>,
}

impl ExternalFunction for GetGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_group_members",
        summary: "Get the members of groups",
        description: "Get the members of groups; each needs moodle/course:managegroups in its course.",
        requires: MANAGE,
        scope: Scope::Group("groupids[]"),
        example: r#"{"groupids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Vec<GroupMembers>;

    fn scope(p: &GetParams) -> Vec<i64> {
        p.groupids.clone()
    }

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<GroupMembers>, ApiError> {
        let mut out = Vec::with_capacity(p.groupids.len());
        let mut budget = MAX_MEMBER_IDS;
        for id in p.groupids {
            let members = groups_members::Entity::find()
                .select_only()
                .column(groups_members::Column::Userid)
                .filter(groups_members::Column::Groupid.eq(id))
                .order_by_asc(groups_members::Column::Userid)
                .limit(budget + 1)
                .into_tuple::<i64>();
            // Streamed: the ids are kept, the database's rows are not.
            let userids: Vec<i64> = match call.batch {
                Some(txn) => members.stream(txn).await?.try_collect().await?,
                None => members.stream(&call.state.db).await?.try_collect().await?,
            };
            budget = budget.checked_sub(userids.len() as u64).ok_or_else(|| {
                code::TOO_MANY_RESULTS.with_fields([
                    ("max", &MAX_MEMBER_IDS),
                    ("what", &"members"),
                    ("narrow", &"ask for fewer groups at a time"),
                ])
            })?;
            out.push(GroupMembers { groupid: id, userids });
        }
        Ok(out)
    }
}
