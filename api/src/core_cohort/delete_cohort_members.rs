//! core_cohort_delete_cohort_members: users out of cohorts, all or none.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, cohort, cohort_members, context, user};

use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct DeleteCohortMembers;

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_member", deny_unknown_fields)]
pub struct Member {
    /// Cohort id.
    pub cohortid: i64,
    /// User id.
    pub userid: i64,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_delete_cohort_members_params", deny_unknown_fields)]
pub struct DeleteParams {
    /// Members to remove, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub members: Vec<Member>,
}

impl ExternalFunction for DeleteCohortMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_delete_cohort_members",
        summary: "Remove users from cohorts (all or nothing)",
        description: "Remove users from cohorts. All of them are removed, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::COHORT_ASSIGN],
        example: r#"{"members":[{"cohortid":1,"userid":3}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = DeleteParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: DeleteParams) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, m) in p.members.into_iter().enumerate() {
            let at = format!("members[{i}]");
            let c = cohort::Entity::find_by_id(m.cohortid).one(&txn).await?.ok_or_else(|| {
                ApiError::missing_record("cohort").with_debuginfo(format!("{at}.cohortid: no cohort {}", m.cohortid))
            })?;
            if user::Entity::find_by_id(m.userid).one(&txn).await?.is_none() {
                return Err(
                    ApiError::missing_record("user").with_debuginfo(format!("{at}.userid: no user {}", m.userid))
                );
            }
            let path =
                context::Entity::find_by_id(c.contextid).one(&txn).await?.map(|x| path_of(&x)).unwrap_or_default();
            call.require(cap::COHORT_ASSIGN, &path).await?;
            cohort_members::Entity::delete_many()
                .filter(cohort_members::Column::Cohortid.eq(c.id))
                .filter(cohort_members::Column::Userid.eq(m.userid))
                .exec(&txn)
                .await?;
        }
        Ok(Nothing)
    }
}
