//! core_cohort_update_cohorts: change cohorts' names, idnumbers, descriptions, visibility, theme
//! and context; needs moodle/cohort:manage where each is and where it goes. All change, or none.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, cohort, context, now};

use super::create_cohorts::{CategoryType, category_context};
use crate::framework::access::path_of;
use crate::framework::types::{Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct UpdateCohorts;

fn one() -> i32 {
    1
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_update_cohorts_cohort", deny_unknown_fields)]
pub struct CohortChange {
    /// ID of the cohort
    pub id: i64,
    /// Where the cohort lives (it may move).
    pub categorytype: CategoryType,
    /// cohort name
    #[oai(validator(max_length = 254))]
    pub name: Text,
    /// cohort idnumber (unique; empty for none)
    #[oai(validator(max_length = 100))]
    pub idnumber: String,
    /// cohort description
    pub description: Option<String>,
    /// description format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN)
    #[oai(default = "one")]
    pub descriptionformat: i32,
    /// cohort visible
    pub visible: Option<bool>,
    /// the cohort theme
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
    /// Custom field values (refused when given: the site defines no cohort custom fields).
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<crate::common::CustomFieldValue>>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_update_cohorts_params", deny_unknown_fields)]
pub struct Params {
    /// The cohorts, at most 1000.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub cohorts: Vec<CohortChange>,
}

impl ExternalFunction for UpdateCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_update_cohorts",
        summary: "Update existing cohorts (all or nothing)",
        description: "Updates existing cohorts. Needs moodle/cohort:manage in each cohort's context, and in the new one when it moves; all change, or none.",
        kind: Kind::Write,
        checks: &[cap::COHORT_MANAGE],
        example: r#"{"cohorts":[{"id":1,"categorytype":{"type":"system","value":""},"name":"Class of 2028","idnumber":"C2028"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, c) in p.cohorts.into_iter().enumerate() {
            let at = format!("cohorts[{i}]");
            let name = c.name.0.trim().to_string();
            if name.is_empty() {
                return Err(ApiError::invalid_parameter(format!("{at}.name: Invalid cohort name")));
            }
            let old = cohort::Entity::find_by_id(c.id)
                .one(&txn)
                .await?
                .ok_or_else(|| ApiError::missing_record("cohort").with_debuginfo(format!("{at}.id: no cohort {}", c.id)))?;
            let old_ctx = context::Entity::find_by_id(old.contextid).one(&txn).await?.ok_or_else(|| ApiError::missing_record("context"))?;
            call.require(cap::COHORT_MANAGE, &path_of(&old_ctx)).await?;
            let ctx = category_context(&txn, &at, &c.categorytype).await?;
            if ctx.id != old.contextid {
                call.require(cap::COHORT_MANAGE, &path_of(&ctx)).await?;
            }
            if !c.idnumber.is_empty()
                && let Some(other) = cohort::Entity::find().filter(cohort::Column::Idnumber.eq(&c.idnumber)).one(&txn).await?
                && other.id != c.id
            {
                return Err(ApiError::invalid_parameter(format!("{at}.idnumber: record already exists: idnumber {}", c.idnumber)));
            }
            super::store::check_extras(&at, &c.customfields, &c.theme)?;
            let mut row: cohort::ActiveModel = old.into();
            row.contextid = Set(ctx.id);
            row.name = Set(name);
            row.idnumber = Set((!c.idnumber.is_empty()).then_some(c.idnumber));
            if let Some(description) = c.description {
                row.description = Set(description);
                row.descriptionformat = Set(c.descriptionformat);
            }
            if let Some(visible) = c.visible {
                row.visible = Set(i32::from(visible));
            }
            if let Some(theme) = c.theme {
                row.theme = Set(Some(theme.0).filter(|th| !th.is_empty()));
            }
            row.timemodified = Set(now());
            row.update(&txn).await?;
        }
        Ok(Nothing)
    }
}
