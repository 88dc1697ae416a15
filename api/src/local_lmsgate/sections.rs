//! What the section functions share: the section a call names, with the caller let into its
//! course, and the renumbering that keeps a course's sections 0..n without gaps.
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use lmsgate_entities::{contextlevel, course, course_modules, course_sections, event};

use crate::core_course::activities::{self, Activity};
use crate::framework::access::{context_of, course_context_error, path_of};
use crate::framework::{ApiError, Call};

/// A section named by id and its course context's path, once the caller may enter the course.
pub async fn section_of(call: &Call<'_>, at: &str, id: i64) -> Result<(course_sections::Model, Vec<i64>), ApiError> {
    let db = &call.db();
    let section = course_sections::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::missing_record("course_sections").with_debuginfo(format!("{at}: no section {id}")))?;
    let c = course::Entity::find_by_id(section.course).one(db).await?.ok_or_else(|| course_context_error(section.course))?;
    let ctx = context_of(db, contextlevel::COURSE, c.id).await?.ok_or_else(|| course_context_error(c.id))?;
    let path = path_of(&ctx);
    call.enter(&c, &path).await?;
    Ok((section, path))
}

/// The highest section number of a course.
pub async fn last_number<C: ConnectionTrait>(db: &C, courseid: i64) -> Result<i32, ApiError> {
    Ok(course_sections::Entity::find()
        .filter(course_sections::Column::Course.eq(courseid))
        .order_by_desc(course_sections::Column::Section)
        .one(db)
        .await?
        .map_or(0, |s| s.section))
}

/// Adds `by` to the numbers of a course's sections from `from` to `to` (both included). Section
/// numbers are unique in a course and the backends check each row as it changes, so the numbers
/// pass through negatives (`-n - 1`, distinct and clear of every real number) first.
pub async fn shift<C: ConnectionTrait>(db: &C, courseid: i64, from: i32, to: i32, by: i32) -> Result<(), ApiError> {
    let number = || Expr::col(course_sections::Column::Section);
    course_sections::Entity::update_many()
        .col_expr(course_sections::Column::Section, Expr::value(-1 - by).sub(number()))
        .filter(course_sections::Column::Course.eq(courseid))
        .filter(course_sections::Column::Section.between(from, to))
        .exec(db)
        .await?;
    course_sections::Entity::update_many()
        .col_expr(course_sections::Column::Section, Expr::value(-1).sub(number()))
        .filter(course_sections::Column::Course.eq(courseid))
        .filter(course_sections::Column::Section.between(-(to + by) - 1, -(from + by) - 1))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes a section out of its course's numbering (while the others move around it).
pub async fn set_aside<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), ApiError> {
    course_sections::Entity::update_many()
        .col_expr(course_sections::Column::Section, Expr::value(i32::MIN))
        .filter(course_sections::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// The activities placed in a section.
pub async fn activities_in<C: ConnectionTrait>(db: &C, section: &course_sections::Model) -> Result<Vec<Activity>, ApiError> {
    let cms = course_modules::Entity::find()
        .filter(course_modules::Column::Section.eq(section.id))
        .filter(course_modules::Column::Deletioninprogress.eq(0))
        .all(db)
        .await?;
    activities::complete(db, cms).await
}

/// Shows or hides a section's activities with it, as Moodle's `set_section_visible` does: hiding
/// keeps each one's own visibility in `visibleold`, showing gives it back.
pub async fn set_activities_visible<C: ConnectionTrait>(
    db: &C,
    section: &course_sections::Model,
    visible: bool,
) -> Result<(), ApiError> {
    let in_section = course_modules::Column::Section.eq(section.id);
    let update = course_modules::Entity::update_many().filter(in_section);
    match visible {
        true => update.col_expr(course_modules::Column::Visible, Expr::col(course_modules::Column::Visibleold)),
        false => update
            .col_expr(course_modules::Column::Visibleold, Expr::col(course_modules::Column::Visible))
            .col_expr(course_modules::Column::Visible, Expr::value(0)),
    }
    .exec(db)
    .await?;
    for a in activities_in(db, section).await? {
        event::Entity::update_many()
            .col_expr(event::Column::Visible, Expr::value(a.cm.visible))
            .filter(event::Column::Modulename.eq(a.kind.name()))
            .filter(event::Column::Instance.eq(a.cm.instance))
            .exec(db)
            .await?;
    }
    Ok(())
}
