//! core_cohort_add_cohort_members: users into cohorts; problems are warnings.
use poem_openapi::{Enum, Object};
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, cohort, cohort_members, context, now, user};

use crate::common::Warning;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct AddCohortMembers;

/// How a member's cohort is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_cohort_type_kind", rename_all = "lowercase")]
pub enum CohortKind {
    Id,
    Idnumber,
}

/// How a member is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_user_type_kind", rename_all = "lowercase")]
pub enum UserKind {
    Id,
    Idnumber,
    Username,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_cohort_type", deny_unknown_fields)]
pub struct CohortType {
    /// `id` or `idnumber`.
    #[oai(rename = "type")]
    pub kind: CohortKind,
    /// The cohort's id or idnumber.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_user_type", deny_unknown_fields)]
pub struct UserType {
    /// `id`, `idnumber` or `username`.
    #[oai(rename = "type")]
    pub kind: UserKind,
    /// The user's id, idnumber or username.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_add_member", deny_unknown_fields)]
pub struct NewMember {
    /// The cohort.
    pub cohorttype: CohortType,
    /// The user.
    pub usertype: UserType,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_add_cohort_members_params", deny_unknown_fields)]
pub struct AddParams {
    /// Members to add.
    #[oai(validator(min_items = 1, max_items = 10000))]
    pub members: Vec<NewMember>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_add_cohort_members_result")]
pub struct AddReturns {
    /// Members that were not added: code 2 for an unknown cohort or user, 3 for an existing member.
    pub warnings: Vec<Warning>,
}

fn cohort_warning(code: &str, message: String) -> Warning {
    Warning { item: None, itemid: None, warningcode: code.into(), message }
}

impl ExternalFunction for AddCohortMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_add_cohort_members",
        summary: "Add users to cohorts (problems are warnings)",
        description: "Add users to cohorts; a member that cannot be added becomes a warning.",
        kind: Kind::Write,
        checks: &[cap::COHORT_ASSIGN],
        example: r#"{"members":[{"cohorttype":{"type":"idnumber","value":"C2027"},"usertype":{"type":"username","value":"jdoe"}}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = AddParams;
    type Returns = AddReturns;

    async fn execute(call: &Call<'_>, p: AddParams) -> Result<AddReturns, ApiError> {
        let txn = call.write().await?;
        let mut warnings = Vec::new();
        for m in p.members {
            let ct = &m.cohorttype;
            let found = match ct.kind {
                CohortKind::Id => match ct.value.trim().parse::<i64>() {
                    Ok(id) => cohort::Entity::find_by_id(id).one(&txn).await?,
                    Err(_) => None,
                },
                CohortKind::Idnumber => {
                    cohort::Entity::find().filter(cohort::Column::Idnumber.eq(&ct.value)).one(&txn).await?
                }
            };
            let ut = &m.usertype;
            let q = user::Entity::find().filter(user::Column::Deleted.eq(0));
            let who = match ut.kind {
                UserKind::Id => match ut.value.trim().parse::<i64>() {
                    Ok(id) => q.filter(user::Column::Id.eq(id)).one(&txn).await?,
                    Err(_) => None,
                },
                UserKind::Idnumber => q.filter(user::Column::Idnumber.eq(&ut.value)).one(&txn).await?,
                UserKind::Username => q.filter(user::Column::Username.eq(&ut.value)).one(&txn).await?,
            };
            let (Some(c), Some(u)) = (found, who) else {
                warnings.push(cohort_warning(
                    "2",
                    format!("invalid parameter: cohort {} or user {} not found", ct.value, ut.value),
                ));
                continue;
            };
            let path =
                context::Entity::find_by_id(c.contextid).one(&txn).await?.map(|x| path_of(&x)).unwrap_or_default();
            call.require(cap::COHORT_ASSIGN, &path).await?;
            let exists = cohort_members::Entity::find()
                .filter(cohort_members::Column::Cohortid.eq(c.id))
                .filter(cohort_members::Column::Userid.eq(u.id))
                .one(&txn)
                .await?
                .is_some();
            if exists {
                warnings.push(cohort_warning("3", format!("record already exists: cohort(id={} id={})", c.id, u.id)));
                continue;
            }
            cohort_members::ActiveModel { id: NotSet, cohortid: Set(c.id), userid: Set(u.id), timeadded: Set(now()) }
                .insert(&txn)
                .await?;
        }
        Ok(AddReturns { warnings })
    }
}
