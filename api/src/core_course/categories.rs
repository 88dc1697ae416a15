//! Category rows: the shared record shape, and moving and deleting subtrees.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use lmsgate_entities::{cohort, cohort_members, contextlevel, course, course_categories, role_assignments};

use crate::framework::ApiError;
use crate::framework::access::context_of;
use crate::framework::code;

/// A category as `core_course_get_categories` returns it.
#[derive(Debug, Object)]
#[oai(rename = "core_course_category", skip_serializing_if_is_none)]
pub struct CategoryInfo {
    /// Category id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Identifier in an external system (to category managers).
    pub idnumber: Option<String>,
    /// Description (HTML).
    pub description: String,
    /// Description format (1 = HTML).
    pub descriptionformat: i32,
    /// Parent category id (0 = top level).
    pub parent: i64,
    /// Sort order.
    pub sortorder: i64,
    /// Number of courses directly in the category.
    pub coursecount: i64,
    /// 1 visible, 0 hidden (to category managers).
    pub visible: Option<i32>,
    /// Visibility before the parent was hidden (to category managers).
    pub visibleold: Option<i32>,
    /// Last modified (Unix time; to category managers).
    pub timemodified: Option<i64>,
    /// Depth (1 = top level).
    pub depth: i32,
    /// Ids of the ancestors and itself: `/1/4`.
    pub path: String,
    /// Forced theme (to category managers).
    pub theme: Option<String>,
}

pub fn info(c: course_categories::Model, manager: bool) -> CategoryInfo {
    CategoryInfo {
        id: c.id,
        name: c.name,
        idnumber: if manager { c.idnumber } else { None },
        description: c.description,
        descriptionformat: c.descriptionformat,
        parent: c.parent,
        sortorder: c.sortorder,
        coursecount: c.coursecount,
        visible: manager.then_some(c.visible),
        visibleold: manager.then_some(c.visibleold),
        timemodified: manager.then_some(c.timemodified),
        depth: c.depth,
        path: c.path,
        theme: if manager { c.theme } else { None },
    }
}

pub use crate::framework::access::unknown_category;

pub fn idnumber_taken(at: &str, idnumber: &str) -> ApiError {
    code::CATEGORY_IDNUMBER_TAKEN.err()
        .with_debuginfo(format!("{at}.idnumber: {idnumber} is taken"))
}

/// Re-parents a category: its path, depth and context, and those of everything below it.
pub async fn move_category<C: ConnectionTrait>(
    db: &C,
    cat: &course_categories::Model,
    parent: Option<&course_categories::Model>,
    parent_context_path: &str,
) -> Result<(), ApiError> {
    let new_path = format!("{}/{}", parent.map_or("", |p| p.path.as_str()), cat.id);
    let below = course_categories::Entity::find()
        .filter(course_categories::Column::Path.starts_with(format!("{}/", cat.path)))
        .all(db)
        .await?;
    for c in below.into_iter().chain([cat.clone()]) {
        let path = format!("{new_path}{}", &c.path[cat.path.len()..]);
        let mut row = c.clone().into_active_model();
        if c.id == cat.id {
            row.parent = Set(parent.map_or(0, |p| p.id));
        }
        row.depth = Set(path.matches('/').count() as i32);
        row.path = Set(path);
        row.update(db).await?;
    }
    if let Some(ctx) = context_of(db, contextlevel::COURSECAT, cat.id).await? {
        super::update_courses::move_context(db, &ctx, parent_context_path).await?;
    }
    Ok(())
}

/// Deletes a category row, its context and role assignments there, and its cohorts. The caller
/// has emptied it (courses and subcategories) first.
pub async fn delete_category_row<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), ApiError> {
    if let Some(ctx) = context_of(db, contextlevel::COURSECAT, id).await? {
        role_assignments::Entity::delete_many().filter(role_assignments::Column::Contextid.eq(ctx.id)).exec(db).await?;
        let cohorts: Vec<i64> = cohort::Entity::find()
            .filter(cohort::Column::Contextid.eq(ctx.id))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect();
        cohort_members::Entity::delete_many().filter(cohort_members::Column::Cohortid.is_in(cohorts)).exec(db).await?;
        cohort::Entity::delete_many().filter(cohort::Column::Contextid.eq(ctx.id)).exec(db).await?;
        lmsgate_entities::context::Entity::delete_by_id(ctx.id).exec(db).await?;
    }
    course_categories::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Courses directly in a category.
pub async fn courses_in<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<course::Model>, ApiError> {
    Ok(course::Entity::find().filter(course::Column::Category.eq(id)).all(db).await?)
}

/// Next sort order for a new category: after every existing one.
pub async fn next_sortorder<C: ConnectionTrait>(db: &C) -> Result<i64, ApiError> {
    use sea_orm::QueryOrder;
    let last = course_categories::Entity::find().order_by_desc(course_categories::Column::Sortorder).one(db).await?;
    Ok(last.map_or(10000, |c| c.sortorder + 10000))
}

/// Inserts a category below `parent` (None = top level) with its context.
pub async fn insert_category<C: ConnectionTrait>(
    db: &C,
    row: course_categories::ActiveModel,
    parent: Option<&course_categories::Model>,
    parent_context_path: &str,
) -> Result<course_categories::Model, ApiError> {
    let c = row.insert(db).await?;
    let path = format!("{}/{}", parent.map_or("", |p| p.path.as_str()), c.id);
    let mut row = c.into_active_model();
    row.depth = Set(path.matches('/').count() as i32);
    row.path = Set(path);
    let c = row.update(db).await?;
    lmsgate_entities::seed::create_context(db, contextlevel::COURSECAT, c.id, parent_context_path).await?;
    Ok(c)
}
