//! core_cohort_get_cohorts: cohorts by id, those the caller may view.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, cohort, context, ids};

use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

use super::store::*;

pub struct GetCohorts;

/// May the caller read this cohort? (`moodle/cohort:view` or `moodle/cohort:manage` in its context.)
async fn can_view<C: ConnectionTrait>(call: &Call<'_>, db: &C, c: &cohort::Model) -> Result<bool, ApiError> {
    let path = context::Entity::find_by_id(c.contextid).one(db).await?.map(|x| path_of(&x)).unwrap_or_default();
    Ok(call.can(cap::COHORT_VIEW, &path).await? || call.can(cap::COHORT_MANAGE, &path).await?)
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_get_cohorts_params", deny_unknown_fields)]
pub struct GetParams {
    /// Cohort ids; empty for every cohort the caller may see.
    #[oai(default, validator(max_items = 10000))]
    pub cohortids: Vec<i64>,
}

impl ExternalFunction for GetCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_get_cohorts",
        summary: "Get cohorts by id",
        description: "Get cohorts by id (unknown ids are left out); each needs moodle/cohort:view in its context.",
        checks: &[cap::COHORT_VIEW, cap::COHORT_MANAGE],
        example: r#"{"cohortids":[1]}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = GetParams;
    type Returns = Vec<CohortInfo>;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<CohortInfo>, ApiError> {
        let db = &call.db();
        let mut q = cohort::Entity::find().order_by_asc(cohort::Column::Id);
        if !p.cohortids.is_empty() {
            q = q.filter(cohort::Column::Id.is_in(p.cohortids.iter().copied()));
        }
        let found = q.limit(call.fetch_limit()).all(db).await?;
        call.refuse_over_max(
            &found,
            "cohorts",
            "ask for them by id, or a page at a time with core_cohort_search_cohorts",
        )?;
        let mut out = Vec::new();
        for c in found {
            if can_view(call, db, &c).await? {
                out.push(info(c));
            } else if !p.cohortids.is_empty() {
                call.require(cap::COHORT_VIEW, &[ids::SYSTEM_CONTEXT]).await?;
            }
        }
        Ok(out)
    }
}
