//! core_group_get_groups: groups by id, each checked in its course.
use poem_openapi::Object;
use validator::Validate;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

use super::store::*;

pub struct GetGroups;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_get_groups_params", deny_unknown_fields)]
pub struct GetParams {
    /// Group ids.
    #[oai(validator(max_items = 10000))]
    pub groupids: Vec<i64>,
}

impl ExternalFunction for GetGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_groups",
        summary: "Get groups by id",
        description: "Get groups by id; each needs moodle/course:managegroups in its course.",
        requires: MANAGE,
        scope: Scope::Group("groupids[]"),
        example: r#"{"groupids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Vec<GroupInfo>;

    fn scope(p: &GetParams) -> Vec<i64> {
        p.groupids.clone()
    }

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<GroupInfo>, ApiError> {
        let mut out = Vec::with_capacity(p.groupids.len());
        for (i, id) in p.groupids.into_iter().enumerate() {
            out.push(info(group_of(&*call.in_scope(i, id).await?)));
        }
        Ok(out)
    }
}
