//! core_course_create_categories: all or nothing; each needs `moodle/category:manage` in its
//! parent (the system context for a top-level category).
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course_categories, now};

use super::categories::{idnumber_taken, insert_category, next_sortorder};
use crate::common::THEMES;
use crate::framework::access::{context_of, path_of};
use crate::framework::types::{Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};
use crate::framework::code;

pub struct CreateCategories;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_create_categories_params", deny_unknown_fields)]
pub struct Params {
    /// Categories to create, in order (a later one may not refer to an earlier one by id).
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub categories: Vec<NewCategory>,
}

fn one() -> i32 {
    1
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_create_categories_category", deny_unknown_fields)]
pub struct NewCategory {
    /// Name.
    #[oai(validator(max_length = 255))]
    pub name: Text,
    /// Parent category id (0 = top level).
    #[oai(default)]
    pub parent: i64,
    /// Identifier in an external system (unique when given).
    #[oai(validator(max_length = 100))]
    pub idnumber: Option<String>,
    /// Description (HTML).
    pub description: Option<String>,
    /// Description format (1 = HTML).
    #[oai(default = "one")]
    pub descriptionformat: i32,
    /// Forced theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_create_categories_result")]
pub struct Created {
    /// New category id.
    pub id: i64,
    /// Its name.
    #[oai(validator(max_length = 255))]
    pub name: String,
}

impl ExternalFunction for CreateCategories {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_create_categories",
        summary: "Create categories (all or nothing)",
        description: "Create course categories. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::CATEGORY_MANAGE],
        example: r#"{"categories":[{"name":"Science","parent":0,"idnumber":"SCI"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Created>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Created>, ApiError> {
        let txn = call.write().await?;
        let mut out = Vec::with_capacity(p.categories.len());
        for (i, c) in p.categories.into_iter().enumerate() {
            let at = format!("categories[{i}]");
            let (parent, parent_ctx) = if c.parent == 0 {
                (None, context_of(&txn, contextlevel::SYSTEM, 0).await?)
            } else {
                let parent = course_categories::Entity::find_by_id(c.parent).one(&txn).await?;
                let ctx = context_of(&txn, contextlevel::COURSECAT, c.parent).await?;
                if parent.is_none() || ctx.is_none() {
                    return Err(code::UNKNOW_CATEGORY.err()
                        .with_debuginfo(format!("{at}.parent: no category with id {}", c.parent)));
                }
                (parent, ctx)
            };
            let parent_ctx = parent_ctx.ok_or_else(|| ApiError::internal("system context missing"))?;
            call.require(cap::CATEGORY_MANAGE, &path_of(&parent_ctx)).await?;
            let name = c.name.0.trim().to_string();
            if name.is_empty() {
                return Err(code::CATEGORY_NAME_REQUIRED.err()
                .with_debuginfo(format!("{at}.name: The category name is required.")));
            }
            let idnumber = c.idnumber.filter(|s| !s.is_empty());
            if let Some(idn) = &idnumber
                && course_categories::Entity::find()
                    .filter(course_categories::Column::Idnumber.eq(idn))
                    .count(&txn)
                    .await?
                    > 0
            {
                return Err(idnumber_taken(&at, idn));
            }
            if c.theme.as_ref().is_some_and(|th| !th.0.is_empty() && !THEMES.contains(&th.as_str())) {
                return Err(super::store::invalid_param(&at, "theme"));
            }
            let visible = parent.as_ref().map_or(1, |p| p.visible);
            let row = course_categories::ActiveModel {
                id: NotSet,
                name: Set(name),
                idnumber: Set(idnumber),
                description: Set(c.description.unwrap_or_default()),
                descriptionformat: Set(if c.descriptionformat == 2 { 1 } else { c.descriptionformat }),
                parent: Set(c.parent),
                sortorder: Set(next_sortorder(&txn).await?),
                coursecount: Set(0),
                visible: Set(visible),
                visibleold: Set(1),
                timemodified: Set(now()),
                depth: Set(1),
                path: Set(String::new()),
                theme: Set(c.theme.map(|t| t.0).filter(|t| !t.is_empty())),
            };
            let created = insert_category(&txn, row, parent.as_ref(), &parent_ctx.path).await?;
            out.push(Created { id: created.id, name: created.name });
        }
        Ok(out)
    }
}
