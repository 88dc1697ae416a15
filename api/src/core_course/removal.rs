//! Removing activities with everything attached to them: their type's record and its rows
//! (discussions and posts, submissions), grade items and grades, calendar events, completion,
//! files, context, and their place in the section.
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use lmsgate_entities::{
    assign_submission, context, course_modules, course_modules_completion, course_sections, event, files,
    forum_discussions, forum_posts, grade_categories, grade_grades, grade_items, now, role_assignments,
};

use super::activities::{Activity, ModType};
use crate::framework::ApiError;

/// Deletes activities (of any courses) and what is attached to them.
pub async fn delete_activities<C: ConnectionTrait>(db: &C, activities: &[Activity]) -> Result<(), ApiError> {
    for a in activities {
        let (kind, instance) = (a.kind, a.cm.instance);
        match kind {
            ModType::Forum => {
                let discussions: Vec<i64> = forum_discussions::Entity::find()
                    .filter(forum_discussions::Column::Forum.eq(instance))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|d| d.id)
                    .collect();
                if !discussions.is_empty() {
                    forum_posts::Entity::delete_many()
                        .filter(forum_posts::Column::Discussion.is_in(discussions))
                        .exec(db)
                        .await?;
                }
                forum_discussions::Entity::delete_many().filter(forum_discussions::Column::Forum.eq(instance)).exec(db).await?;
            }
            ModType::Assign => {
                assign_submission::Entity::delete_many()
                    .filter(assign_submission::Column::Assignment.eq(instance))
                    .exec(db)
                    .await?;
            }
            _ => {}
        }
        delete_grade_items(
            db,
            grade_items::Entity::find()
                .filter(grade_items::Column::Courseid.eq(a.cm.course))
                .filter(grade_items::Column::Itemmodule.eq(kind.name()))
                .filter(grade_items::Column::Iteminstance.eq(instance)),
        )
        .await?;
        event::Entity::delete_many()
            .filter(event::Column::Modulename.eq(kind.name()))
            .filter(event::Column::Instance.eq(instance))
            .exec(db)
            .await?;
        course_modules_completion::Entity::delete_many()
            .filter(course_modules_completion::Column::Coursemoduleid.eq(a.cm.id))
            .exec(db)
            .await?;
        files::Entity::delete_many().filter(files::Column::Contextid.eq(a.context.id)).exec(db).await?;
        role_assignments::Entity::delete_many().filter(role_assignments::Column::Contextid.eq(a.context.id)).exec(db).await?;
        context::Entity::delete_by_id(a.context.id).exec(db).await?;
        // The type's own record (its table is named after the type, as in Moodle).
        let record = Query::delete().from_table(Alias::new(kind.name())).and_where(Expr::col(Alias::new("id")).eq(instance)).to_owned();
        db.execute(&record).await?;
        course_modules::Entity::delete_by_id(a.cm.id).exec(db).await?;
        if let Some(section) = course_sections::Entity::find_by_id(a.cm.section).one(db).await? {
            let sequence = remove_from_sequence(&section.sequence, a.cm.id);
            let mut row: course_sections::ActiveModel = section.into();
            row.sequence = Set(sequence);
            row.timemodified = Set(now());
            row.update(db).await?;
        }
    }
    Ok(())
}

/// Deletes a course's gradebook (what its activities left: the category and course total).
pub async fn delete_gradebook<C: ConnectionTrait>(db: &C, courseid: i64) -> Result<(), ApiError> {
    delete_grade_items(db, grade_items::Entity::find().filter(grade_items::Column::Courseid.eq(courseid))).await?;
    grade_categories::Entity::delete_many().filter(grade_categories::Column::Courseid.eq(courseid)).exec(db).await?;
    Ok(())
}

/// Deletes the grade items a query selects, and their grades.
async fn delete_grade_items<C: ConnectionTrait>(db: &C, items: sea_orm::Select<grade_items::Entity>) -> Result<(), ApiError> {
    let ids: Vec<i64> = items.all(db).await?.into_iter().map(|i| i.id).collect();
    if !ids.is_empty() {
        grade_grades::Entity::delete_many().filter(grade_grades::Column::Itemid.is_in(ids.clone())).exec(db).await?;
        grade_items::Entity::delete_many().filter(grade_items::Column::Id.is_in(ids)).exec(db).await?;
    }
    Ok(())
}

/// A section's `sequence` without one course module.
pub fn remove_from_sequence(sequence: &str, cmid: i64) -> String {
    sequence
        .split(',')
        .filter(|id| id.trim().parse::<i64>().ok() != Some(cmid) && !id.trim().is_empty())
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sequences_lose_only_the_module() {
        assert_eq!(super::remove_from_sequence("3,14,5", 14), "3,5");
        assert_eq!(super::remove_from_sequence("14", 14), "");
        assert_eq!(super::remove_from_sequence("", 14), "");
    }
}
