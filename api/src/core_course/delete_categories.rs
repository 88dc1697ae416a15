//! core_course_delete_categories: all or nothing. A category's contents (courses and
//! subcategories) are deleted with it (`recursive`), or moved to `newparent`, or to its parent.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course_categories};

use super::categories::{courses_in, delete_category_row, move_category, unknown_category};
use super::store::{count_courses, delete_course};
use super::update_courses::move_context;
use crate::framework::access::{context_of, path_of};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};
use crate::framework::code;

pub struct DeleteCategories;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_delete_categories_params", deny_unknown_fields)]
pub struct Params {
    /// Categories to delete.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub categories: Vec<Deletion>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_delete_categories_category", deny_unknown_fields)]
pub struct Deletion {
    /// Id of the category to delete.
    pub id: i64,
    /// Where its contents go (default: its parent).
    pub newparent: Option<i64>,
    /// Delete its contents with it.
    #[oai(default)]
    pub recursive: bool,
}

impl ExternalFunction for DeleteCategories {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_delete_categories",
        summary: "Delete categories, moving or deleting their contents (all or nothing)",
        description: "Delete course categories, with their contents (recursive) or moving them elsewhere. All of them are deleted, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::CATEGORY_MANAGE, cap::COURSE_DELETE],
        example: r#"{"categories":[{"id":2,"newparent":1}]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, d) in p.categories.into_iter().enumerate() {
            let at = format!("categories[{i}]");
            let Some(cat) = course_categories::Entity::find_by_id(d.id).one(&txn).await? else {
                return Err(unknown_category(&format!("{at}.id"), d.id));
            };
            let ctx = context_of(&txn, contextlevel::COURSECAT, cat.id)
                .await?
                .ok_or_else(|| unknown_category(&format!("{at}.id"), d.id))?;
            let path = path_of(&ctx);
            call.require(cap::CATEGORY_MANAGE, &path).await?;
            let below = course_categories::Entity::find()
                .filter(course_categories::Column::Path.starts_with(format!("{}/", cat.path)))
                .order_by_desc(course_categories::Column::Depth)
                .all(&txn)
                .await?;
            if d.recursive {
                for c in below.iter().chain([&cat]) {
                    for course in courses_in(&txn, c.id).await? {
                        let cpath = context_of(&txn, contextlevel::COURSE, course.id)
                            .await?
                            .map(|x| path_of(&x))
                            .unwrap_or_default();
                        call.require(cap::COURSE_DELETE, &cpath).await?;
                        delete_course(&txn, &course).await?;
                    }
                    delete_category_row(&txn, c.id).await?;
                }
                continue;
            }
            let target_id = d.newparent.unwrap_or(cat.parent);
            if target_id == 0 {
                let empty = below.is_empty() && courses_in(&txn, cat.id).await?.is_empty();
                if !empty {
                    return Err(code::MOVE_CATEGORY_CONTENTS_TO_ROOT.err()
                    .with_debuginfo(format!("{at}: category {} is not empty", cat.id)));
                }
                delete_category_row(&txn, cat.id).await?;
                continue;
            }
            let target = course_categories::Entity::find_by_id(target_id)
                .one(&txn)
                .await?
                .filter(|t| t.id != cat.id && !t.path.starts_with(&format!("{}/", cat.path)))
                .ok_or_else(|| unknown_category(&format!("{at}.newparent"), target_id))?;
            let target_ctx = context_of(&txn, contextlevel::COURSECAT, target.id)
                .await?
                .ok_or_else(|| unknown_category(&format!("{at}.newparent"), target_id))?;
            call.require(cap::CATEGORY_MANAGE, &path_of(&target_ctx)).await?;
            for child in below.iter().filter(|c| c.parent == cat.id) {
                move_category(&txn, child, Some(&target), &target_ctx.path).await?;
            }
            for course in courses_in(&txn, cat.id).await? {
                if let Some(cctx) = context_of(&txn, contextlevel::COURSE, course.id).await? {
                    move_context(&txn, &cctx, &target_ctx.path).await?;
                }
                let mut row = course.into_active_model();
                row.category = Set(target.id);
                row.update(&txn).await?;
            }
            count_courses(&txn, target.id).await?;
            delete_category_row(&txn, cat.id).await?;
        }
        Ok(Nothing)
    }
}
