//! core_group_get_groups: groups by id, each checked in its course.
use poem_openapi::Object;
use validator::Validate;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

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
        checks: MANAGE,
        example: r#"{"groupids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Vec<GroupInfo>;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<GroupInfo>, ApiError> {
        let mut gate = Gate::new(call).await?;
        let mut out = Vec::with_capacity(p.groupids.len());
        for (i, id) in p.groupids.into_iter().enumerate() {
            let at = format!("groupids[{i}]");
            let g = find_group(call, &at, id).await?;
            gate.course(call, &at, g.courseid).await?;
            out.push(info(g));
        }
        Ok(out)
    }
}
