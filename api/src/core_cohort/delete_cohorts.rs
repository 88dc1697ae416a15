//! core_cohort_delete_cohorts: delete cohorts with their memberships; needs moodle/cohort:manage
//! in each cohort's context. All go, or none.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, cohort, cohort_members, context};

use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct DeleteCohorts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_delete_cohorts_params", deny_unknown_fields)]
pub struct Params {
    /// cohort ID
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub cohortids: Vec<i64>,
}

impl ExternalFunction for DeleteCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_delete_cohorts",
        summary: "Delete cohorts (all or nothing)",
        description: "Deletes all specified cohorts with their memberships. Needs moodle/cohort:manage in each cohort's context; all go, or none.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::COHORT_MANAGE],
        example: r#"{"cohortids":[1]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, id) in p.cohortids.iter().enumerate() {
            let c = cohort::Entity::find_by_id(*id)
                .one(&txn)
                .await?
                .ok_or_else(|| ApiError::missing_record("cohort").with_debuginfo(format!("cohortids[{i}]: no cohort {id}")))?;
            let ctx = context::Entity::find_by_id(c.contextid).one(&txn).await?.ok_or_else(|| ApiError::missing_record("context"))?;
            call.require(cap::COHORT_MANAGE, &path_of(&ctx)).await?;
            cohort_members::Entity::delete_many().filter(cohort_members::Column::Cohortid.eq(c.id)).exec(&txn).await?;
            cohort::Entity::delete_by_id(c.id).exec(&txn).await?;
        }
        Ok(Nothing)
    }
}
