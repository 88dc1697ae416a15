//! core_course_update_categories: all or nothing; `moodle/category:manage` in the category (and
//! in the new parent when moving it).
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course_categories, now};

use super::categories::{idnumber_taken, move_category, unknown_category};
use crate::common::THEMES;
use crate::framework::access::{context_of, path_of};
use crate::framework::types::{Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, Scope};
use crate::framework::code;

pub struct UpdateCategories;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_update_categories_params", deny_unknown_fields)]
pub struct Params {
    /// Categories to update: `id` and the fields to change.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub categories: Vec<CategoryChange>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_update_categories_category", deny_unknown_fields)]
pub struct CategoryChange {
    /// Id of the category to update.
    pub id: i64,
    /// Name.
    #[oai(validator(max_length = 255))]
    pub name: Option<Text>,
    /// Identifier in an external system.
    #[oai(validator(max_length = 100))]
    pub idnumber: Option<String>,
    /// New parent category id (0 = top level).
    pub parent: Option<i64>,
    /// Description (HTML).
    pub description: Option<String>,
    /// Description format.
    pub descriptionformat: Option<i32>,
    /// Forced theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
}

impl ExternalFunction for UpdateCategories {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_update_categories",
        summary: "Update categories (all or nothing)",
        description: "Update course categories, including moving them. All of them are updated, or none when one cannot be.",
        kind: Kind::Write,
        requires: &[cap::CATEGORY_MANAGE],
        scope: Scope::Category("categories[].id"),
        example: r#"{"categories":[{"id":2,"name":"Natural sciences"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    fn scope(p: &Params) -> Vec<i64> {
        p.categories.iter().map(|c| c.id).collect()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, c) in p.categories.into_iter().enumerate() {
            let at = format!("categories[{i}]");
            // Read here, not in the pipeline's check: an earlier item may have moved it.
            let Some(old) = course_categories::Entity::find_by_id(c.id).one(&txn).await? else {
                return Err(unknown_category(&format!("{at}.id"), c.id));
            };
            if let Some(parent) = c.parent.filter(|p| *p != old.parent) {
                let (target, target_ctx) = if parent == 0 {
                    (None, context_of(&txn, contextlevel::SYSTEM, 0).await?)
                } else {
                    let t = course_categories::Entity::find_by_id(parent)
                        .one(&txn)
                        .await?
                        .ok_or_else(|| unknown_category(&format!("{at}.parent"), parent))?;
                    if t.id == old.id || t.path.starts_with(&format!("{}/", old.path)) {
                        return Err(code::CANNOT_MOVE_CATEGORY.err()
                        .with_debuginfo(format!("{at}.parent: {parent} is inside category {}", old.id)));
                    }
                    (Some(t), context_of(&txn, contextlevel::COURSECAT, parent).await?)
                };
                let target_ctx = target_ctx.ok_or_else(|| unknown_category(&format!("{at}.parent"), parent))?;
                call.require(cap::CATEGORY_MANAGE, &path_of(&target_ctx)).await?;
                move_category(&txn, &old, target.as_ref(), &target_ctx.path).await?;
            }
            let Some(fresh) = course_categories::Entity::find_by_id(c.id).one(&txn).await? else {
                return Err(unknown_category(&format!("{at}.id"), c.id));
            };
            let mut row = fresh.into_active_model();
            if let Some(name) = c.name {
                let name = name.0.trim().to_string();
                if name.is_empty() {
                    return Err(code::CATEGORY_NAME_REQUIRED.err()
                    .with_debuginfo(format!("{at}.name: The category name is required.")));
                }
                row.name = Set(name);
            }
            if let Some(idn) = c.idnumber {
                if !idn.is_empty()
                    && old.idnumber.as_deref() != Some(idn.as_str())
                    && course_categories::Entity::find()
                        .filter(course_categories::Column::Idnumber.eq(&idn))
                        .count(&txn)
                        .await?
                        > 0
                {
                    return Err(idnumber_taken(&at, &idn));
                }
                row.idnumber = Set((!idn.is_empty()).then_some(idn));
            }
            if let Some(d) = c.description {
                row.description = Set(d);
            }
            if let Some(f) = c.descriptionformat {
                row.descriptionformat = Set(if f == 2 { 1 } else { f });
            }
            if let Some(th) = c.theme {
                if !th.0.is_empty() && !THEMES.contains(&th.as_str()) {
                    return Err(super::store::invalid_param(&at, "theme"));
                }
                row.theme = Set((!th.0.is_empty()).then_some(th.0));
            }
            row.timemodified = Set(now());
            row.update(&txn).await?;
        }
        Ok(Nothing)
    }
}
