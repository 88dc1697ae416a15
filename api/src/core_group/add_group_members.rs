//! core_group_add_group_members: users into groups, all or none.
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use lmsgate_entities::{enrol, groups_members, now, user_enrolments};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, Scope};

use super::store::*;

pub struct AddGroupMembers;
impl ExternalFunction for AddGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_add_group_members",
        summary: "Add users to groups (all or nothing)",
        description: "Add users to groups; only users enrolled in the group's course. All of them are added, or none when one cannot be.",
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
            let instances: Vec<i64> = enrol::Entity::find()
                .filter(enrol::Column::Courseid.eq(g.courseid))
                .all(&txn)
                .await?
                .into_iter()
                .map(|e| e.id)
                .collect();
            let enrolled = user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Enrolid.is_in(instances))
                .filter(user_enrolments::Column::Userid.eq(m.userid))
                .one(&txn)
                .await?
                .is_some();
            if !enrolled {
                return Err(ApiError::invalid_parameter(format!(
                    "members[{i}].userid: Only enrolled users may be members of groups"
                )));
            }
            let exists = groups_members::Entity::find()
                .filter(groups_members::Column::Groupid.eq(g.id))
                .filter(groups_members::Column::Userid.eq(m.userid))
                .one(&txn)
                .await?
                .is_some();
            if !exists {
                groups_members::ActiveModel {
                    id: NotSet,
                    groupid: Set(g.id),
                    userid: Set(m.userid),
                    timeadded: Set(now()),
                    component: Set(String::new()),
                    itemid: Set(0),
                }
                .insert(&txn)
                .await?;
            }
        }
        Ok(Nothing)
    }
}
