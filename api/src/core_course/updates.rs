//! What changed in a course's activities since a time, as Moodle's `course_check_module_updates_since`
//! reports it to the app (which then refreshes only those): an activity's settings, its files, the
//! caller's completion and grades, a forum's discussions, the caller's assignment submission.
use std::collections::BTreeMap;

use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{assign_submission, course_modules_completion, files, forum_discussions, grade_grades, grade_items};

use super::activities::{Activity, Instance};
use crate::common::Warning;
use crate::framework::{ApiError, Call};

/// The areas a filter may name (Moodle's).
pub const AREAS: &[&str] = &["configuration", "fileareas", "completion", "ratings", "comments", "gradeitems", "outcomes"];

/// An area that changed.
#[derive(Debug, Object)]
#[oai(rename = "core_course_updated_area", skip_serializing_if_is_none)]
pub struct Update {
    /// Name of the area updated.
    pub name: String,
    /// Last time was updated.
    pub timeupdated: Option<i64>,
    /// The ids of what changed in it.
    pub itemids: Option<Vec<i64>>,
}

/// An activity with changes.
#[derive(Debug, Object)]
#[oai(rename = "core_course_updated_instance")]
pub struct Instanced {
    /// The context level.
    pub contextlevel: String,
    /// Instance id.
    pub id: i64,
    /// What changed.
    pub updates: Vec<Update>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_updates_returns")]
pub struct Updates {
    /// The activities with changes.
    pub instances: Vec<Instanced>,
    /// Activities that could not be checked, and why.
    pub warnings: Vec<Warning>,
}

/// Checks a filter's area names.
pub fn check_filter(filter: &[String]) -> Result<(), ApiError> {
    match filter.iter().enumerate().find(|(_, f)| !AREAS.contains(&f.as_str())) {
        Some((i, f)) => Err(ApiError::invalid_parameter(format!(
            "filter[{i}]: one of {}, got \"{f}\"",
            AREAS.join(", ")
        ))),
        None => Ok(()),
    }
}

/// What changed in an activity since `since`, for the caller (areas kept by `filter` when given).
pub async fn changes(call: &Call<'_>, a: &Activity, since: i64, filter: &[String]) -> Result<Vec<Update>, ApiError> {
    let wants = |area: &str| filter.is_empty() || filter.iter().any(|f| f == area);
    let db = call.db();
    let me = call.caller.user().id;
    let mut out = Vec::new();
    let configured = a.instance.timemodified().max(a.cm.added);
    if wants("configuration") && configured > since {
        out.push(Update { name: "configuration".into(), timeupdated: Some(configured), itemids: None });
    }
    if wants("fileareas") {
        let changed = files::Entity::find()
            .filter(files::Column::Contextid.eq(a.context.id))
            .filter(files::Column::Timemodified.gt(since))
            .filter(files::Column::Filename.ne("."))
            .all(&db)
            .await?;
        let mut areas: BTreeMap<String, (i64, Vec<i64>)> = BTreeMap::new();
        for f in changed {
            let entry = areas.entry(format!("{}files", f.filearea)).or_default();
            entry.0 = entry.0.max(f.timemodified);
            entry.1.push(f.id);
        }
        out.extend(areas.into_iter().map(|(name, (t, ids))| Update { name, timeupdated: Some(t), itemids: Some(ids) }));
    }
    if wants("completion") {
        let done = course_modules_completion::Entity::find()
            .filter(course_modules_completion::Column::Coursemoduleid.eq(a.cm.id))
            .filter(course_modules_completion::Column::Userid.eq(me))
            .filter(course_modules_completion::Column::Timemodified.gt(since))
            .one(&db)
            .await?;
        if let Some(d) = done {
            out.push(Update { name: "completion".into(), timeupdated: Some(d.timemodified), itemids: None });
        }
    }
    if wants("gradeitems") {
        let items: Vec<i64> = grade_items::Entity::find()
            .filter(grade_items::Column::Courseid.eq(a.cm.course))
            .filter(grade_items::Column::Itemmodule.eq(a.kind.name()))
            .filter(grade_items::Column::Iteminstance.eq(a.cm.instance))
            .all(&db)
            .await?
            .into_iter()
            .map(|i| i.id)
            .collect();
        if !items.is_empty() {
            let grades = grade_grades::Entity::find()
                .filter(grade_grades::Column::Itemid.is_in(items))
                .filter(grade_grades::Column::Userid.eq(me))
                .filter(grade_grades::Column::Timemodified.gt(since))
                .all(&db)
                .await?;
            if !grades.is_empty() {
                out.push(Update {
                    name: "gradeitems".into(),
                    timeupdated: grades.iter().filter_map(|g| g.timemodified).max(),
                    itemids: Some(grades.iter().map(|g| g.itemid).collect()),
                });
            }
        }
    }
    // The type's own areas are reported unless a filter leaves them out, as in Moodle.
    if filter.is_empty() {
        match &a.instance {
            Instance::Forum(f) => {
                let discussions = forum_discussions::Entity::find()
                    .filter(forum_discussions::Column::Forum.eq(f.id))
                    .filter(forum_discussions::Column::Timemodified.gt(since))
                    .all(&db)
                    .await?;
                if !discussions.is_empty() {
                    out.push(Update {
                        name: "discussions".into(),
                        timeupdated: discussions.iter().map(|d| d.timemodified).max(),
                        itemids: Some(discussions.iter().map(|d| d.id).collect()),
                    });
                }
            }
            Instance::Assign(x) => {
                let mine = assign_submission::Entity::find()
                    .filter(assign_submission::Column::Assignment.eq(x.id))
                    .filter(assign_submission::Column::Userid.eq(me))
                    .filter(assign_submission::Column::Timemodified.gt(since))
                    .all(&db)
                    .await?;
                if !mine.is_empty() {
                    out.push(Update {
                        name: "submission".into(),
                        timeupdated: mine.iter().map(|s| s.timemodified).max(),
                        itemids: Some(mine.iter().map(|s| s.id).collect()),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(out)
}
