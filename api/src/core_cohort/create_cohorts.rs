//! core_cohort_create_cohorts: new cohorts in the system or a category context, all or none.
use poem_openapi::{Enum, Object};
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, cohort, context, contextlevel, course_categories, now};

use crate::framework::access::{context_of, path_of};
use crate::framework::types::{Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

use super::store::*;

pub struct CreateCohorts;

/// Cohort context type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_category_type_kind", rename_all = "lowercase")]
pub enum CategoryKind {
    Id,
    Idnumber,
    System,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_category_type", deny_unknown_fields)]
pub struct CategoryType {
    /// How `value` names the category: `id`, `idnumber`, or `system` for the system context.
    #[oai(rename = "type")]
    pub kind: CategoryKind,
    /// The category's id or idnumber (ignored for `system`).
    pub value: String,
}

fn one() -> i32 {
    1
}
fn yes() -> bool {
    true
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_create_cohorts_cohort", deny_unknown_fields)]
pub struct NewCohort {
    /// Where the cohort lives.
    pub categorytype: CategoryType,
    /// Name.
    #[oai(validator(max_length = 254))]
    pub name: Text,
    /// Identifier in an external system (unique).
    #[oai(validator(max_length = 100))]
    pub idnumber: String,
    /// Description (HTML).
    pub description: Option<String>,
    /// Description format (1 = HTML).
    #[oai(default = "one")]
    pub descriptionformat: i32,
    /// Whether the cohort is visible.
    #[oai(default = "yes")]
    pub visible: bool,
    /// Forced theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
    /// Custom field values (refused when given: the site defines no cohort custom fields).
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<crate::common::CustomFieldValue>>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_create_cohorts_params", deny_unknown_fields)]
pub struct CreateParams {
    /// Cohorts to create.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub cohorts: Vec<NewCohort>,
}

/// The context a `categorytype` names.
pub(super) async fn category_context<C: ConnectionTrait>(db: &C, at: &str, t: &CategoryType) -> Result<context::Model, ApiError> {
    let unknown = || ApiError::invalid_parameter(format!("{at}.categorytype.value: unknown category {}", t.value));
    let catid = match t.kind {
        CategoryKind::System => {
            return context_of(db, contextlevel::SYSTEM, 0)
                .await?
                .ok_or_else(|| ApiError::internal("no system context"));
        }
        CategoryKind::Id => t.value.trim().parse::<i64>().map_err(|_| unknown())?,
        CategoryKind::Idnumber => {
            course_categories::Entity::find()
                .filter(course_categories::Column::Idnumber.eq(&t.value))
                .one(db)
                .await?
                .ok_or_else(unknown)?
                .id
        }
    };
    context_of(db, contextlevel::COURSECAT, catid).await?.ok_or_else(unknown)
}

impl ExternalFunction for CreateCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_create_cohorts",
        summary: "Create cohorts (all or nothing)",
        description: "Create cohorts in the system or a category context. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::COHORT_MANAGE],
        example: r#"{"cohorts":[{"categorytype":{"type":"system","value":""},"name":"Class of 2027","idnumber":"C2027"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = CreateParams;
    type Returns = Vec<CohortInfo>;

    async fn execute(call: &Call<'_>, p: CreateParams) -> Result<Vec<CohortInfo>, ApiError> {
        let txn = call.write().await?;
        let mut out = Vec::with_capacity(p.cohorts.len());
        for (i, c) in p.cohorts.into_iter().enumerate() {
            let at = format!("cohorts[{i}]");
            let ctx = category_context(&txn, &at, &c.categorytype).await?;
            call.require(cap::COHORT_MANAGE, &path_of(&ctx)).await?;
            let name = c.name.0.trim().to_string();
            if name.is_empty() {
                return Err(ApiError::invalid_parameter(format!("{at}.name: The name cannot be blank")));
            }
            if !c.idnumber.is_empty()
                && cohort::Entity::find().filter(cohort::Column::Idnumber.eq(&c.idnumber)).one(&txn).await?.is_some()
            {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.idnumber: record already exists: idnumber {}",
                    c.idnumber
                )));
            }
            super::store::check_extras(&at, &c.customfields, &c.theme)?;
            let t = now();
            let row = cohort::ActiveModel {
                id: NotSet,
                contextid: Set(ctx.id),
                name: Set(name),
                idnumber: Set((!c.idnumber.is_empty()).then_some(c.idnumber)),
                description: Set(c.description.unwrap_or_default()),
                descriptionformat: Set(c.descriptionformat),
                visible: Set(i32::from(c.visible)),
                component: Set(String::new()),
                timecreated: Set(t),
                timemodified: Set(t),
                theme: Set(c.theme.map(|th| th.0).filter(|th| !th.is_empty())),
            }
            .insert(&txn)
            .await?;
            out.push(CohortInfo { customfields: None, ..info(row) });
        }
        Ok(out)
    }
}
