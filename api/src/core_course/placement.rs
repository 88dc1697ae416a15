//! Putting a new activity on a course page: its course module, its context below the course's,
//! and its place at the end of a section's sequence.
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

use lmsgate_entities::{context, contextlevel, course_modules, course_sections, seed};

use std::collections::HashMap;

use super::activities::ModType;
use crate::framework::ApiError;

/// How a new activity shows and completes.
#[derive(Debug, Clone, Copy)]
pub struct Placement {
    /// Whether students see it (a hidden section hides it anyway).
    pub visible: bool,
    /// Completion tracking: 0 none, 1 manual, 2 automatic.
    pub completion: i32,
    /// With automatic completion: done once viewed.
    pub completionview: bool,
}

impl Placement {
    pub const SHOWN: Placement = Placement { visible: true, completion: 0, completionview: false };
}

/// Adds the course module of `instance` (a record of `kind`, whose type id `types` gives) last
/// in `section`, with its context below `course_path` (the course context's path).
#[allow(clippy::too_many_arguments)]
pub async fn place<C: ConnectionTrait>(
    db: &C,
    types: &HashMap<ModType, i64>,
    kind: ModType,
    instance: i64,
    section: course_sections::Model,
    course_path: &str,
    how: Placement,
    t: i64,
) -> Result<(course_modules::Model, context::Model), ApiError> {
    let module = *types.get(&kind).ok_or_else(|| ApiError::internal("activity type not installed"))?;
    let cm = course_modules::ActiveModel {
        id: NotSet,
        course: Set(section.course),
        module: Set(module),
        instance: Set(instance),
        section: Set(section.id),
        idnumber: Set(String::new()),
        added: Set(t),
        visible: Set(i32::from(how.visible && section.visible != 0)),
        visibleoncoursepage: Set(1),
        visibleold: Set(i32::from(how.visible)),
        groupmode: Set(0),
        groupingid: Set(0),
        completion: Set(how.completion),
        completionview: Set(i32::from(how.completionview && how.completion == 2)),
        completionexpected: Set(0),
        showdescription: Set(0),
        availability: Set(None),
        indent: Set(0),
        deletioninprogress: Set(0),
    }
    .insert(db)
    .await?;
    let ctx = seed::create_context(db, contextlevel::MODULE, cm.id, course_path).await?;
    let sequence = match section.sequence.is_empty() {
        true => cm.id.to_string(),
        false => format!("{},{}", section.sequence, cm.id),
    };
    let mut row: course_sections::ActiveModel = section.into();
    row.sequence = Set(sequence);
    row.timemodified = Set(t);
    row.update(db).await?;
    Ok((cm, ctx))
}
