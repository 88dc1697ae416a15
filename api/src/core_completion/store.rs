//! Who is tracked, what they completed, and completion as Moodle describes it on the course page.
use std::collections::HashMap;

use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use lmsgate_entities::{cap, course, course_modules, course_modules_completion, now, user};

use crate::core_course::activities::Activity;
use crate::core_course::contents::{CompletionData, CompletionRule, CompletionRuleValue};
use crate::core_grades::gradebook;
use crate::core_grades::report::active_user;
use crate::framework::access::{Scoped, path_of};
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call};

/// Moodle's `COMPLETION_TRACKING_MANUAL` and `COMPLETION_TRACKING_AUTOMATIC`.
pub const MANUAL: i32 = 1;
pub const AUTOMATIC: i32 = 2;

/// Whether an activity's completion is tracked (the course tracks completion, the activity too).
pub fn tracked(c: &course::Model, cm: &course_modules::Model) -> bool {
    c.enablecompletion != 0 && cm.completion != 0
}

/// Whether a user's completion is tracked in a course: they hold a role the course tracks
/// (student), as Moodle's `is_tracked_user`.
pub async fn is_tracked_user<C: ConnectionTrait>(db: &C, course_context: i64, userid: i64) -> Result<bool, ApiError> {
    Ok(gradebook::graded_in(db, userid, &[course_context]).await?.contains(&course_context))
}

/// The course (item 0 of the call's scope) and the user (0: the caller) of a completion report:
/// another user's needs report/progress:view in the course.
pub async fn course_and_user(
    call: &Call<'_>,
    courseid: i64,
    userid: i64,
) -> Result<(std::sync::Arc<Scoped>, user::Model), ApiError> {
    let place = call.in_scope(0, courseid).await?;
    let me = call.caller.user().id;
    let user = active_user(&call.db(), if userid == 0 { me } else { userid }).await?;
    if user.id != me {
        call.require(cap::REPORT_PROGRESS_VIEW, &place.path).await?;
    }
    Ok((place, user))
}

/// A user's completion rows for some course modules, by course module id.
pub async fn states_of<C: ConnectionTrait>(
    db: &C,
    userid: i64,
    cms: &[i64],
) -> Result<HashMap<i64, course_modules_completion::Model>, ApiError> {
    if cms.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(course_modules_completion::Entity::find()
        .filter(course_modules_completion::Column::Userid.eq(userid))
        .filter(course_modules_completion::Column::Coursemoduleid.is_in(cms.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.coursemoduleid, r))
        .collect())
}

/// Stores a user's completion of an activity (and whether they viewed it).
pub async fn store<C: ConnectionTrait>(
    db: &C,
    cmid: i64,
    userid: i64,
    state: Option<i32>,
    viewed: bool,
) -> Result<(), ApiError> {
    let t = now();
    let existing = states_of(db, userid, &[cmid]).await?.remove(&cmid);
    match existing {
        Some(row) => {
            let mut row: course_modules_completion::ActiveModel = row.into();
            if let Some(state) = state {
                row.completionstate = Set(state);
            }
            if viewed {
                row.viewed = Set(1);
            }
            row.timemodified = Set(t);
            row.update(db).await?;
        }
        None => {
            course_modules_completion::ActiveModel {
                id: NotSet,
                coursemoduleid: Set(cmid),
                userid: Set(userid),
                completionstate: Set(state.unwrap_or(0)),
                viewed: Set(i32::from(viewed)),
                overrideby: Set(None),
                timemodified: Set(t),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// What a `view_*` function records: a tracked user viewed the activity, which completes it when
/// it completes on view.
pub async fn viewed(call: &Call<'_>, a: &Activity) -> Result<(), ApiError> {
    let db = call.db();
    let Some(c) = course::Entity::find_by_id(a.cm.course).one(&db).await? else { return Ok(()) };
    let path = path_of(&a.context);
    let me = call.caller.user().id;
    if !tracked(&c, &a.cm) || !is_tracked_user(&db, path[path.len() - 2], me).await? {
        return Ok(());
    }
    let completes = a.cm.completion == AUTOMATIC && a.cm.completionview != 0;
    let txn = call.write().await?;
    store(&txn, a.cm.id, me, completes.then_some(1), true).await
}

/// An activity's completion for the course page.
pub fn data(cm: &course_modules::Model, row: Option<&course_modules_completion::Model>, tracked_user: bool) -> CompletionData {
    let state = row.map_or(0, |r| r.completionstate);
    let automatic = cm.completion == AUTOMATIC;
    let details = match automatic && cm.completionview != 0 {
        true => vec![CompletionRule {
            rulename: "completionview".into(),
            rulevalue: CompletionRuleValue {
                status: i32::from(row.is_some_and(|r| r.viewed != 0)),
                description: "View".into(),
            },
        }],
        false => Vec::new(),
    };
    CompletionData {
        state,
        timecompleted: row.filter(|r| r.completionstate > 0).map_or(0, |r| r.timemodified),
        overrideby: OrNull(row.and_then(|r| r.overrideby)),
        valueused: false,
        hascompletion: true,
        isautomatic: automatic,
        istrackeduser: tracked_user,
        uservisible: true,
        details,
        isoverallcomplete: Some(state > 0),
    }
}

/// A user's progress in some courses (Moodle's `progress::get_course_progress_percentage`): the
/// share of the visible tracked activities they completed, in courses that track completion and
/// track them, by course id (absent where there is nothing to track). Two queries, whatever the
/// number of courses.
pub async fn progress<C: ConnectionTrait>(
    db: &C,
    userid: i64,
    courses: &[(&course::Model, i64)],
) -> Result<HashMap<i64, f64>, ApiError> {
    let tracking: Vec<&(&course::Model, i64)> = courses.iter().filter(|(c, _)| c.enablecompletion != 0).collect();
    if tracking.is_empty() {
        return Ok(HashMap::new());
    }
    let contexts: Vec<i64> = tracking.iter().map(|(_, ctx)| *ctx).collect();
    let tracked_in = gradebook::graded_in(db, userid, &contexts).await?;
    let ids: Vec<i64> = tracking.iter().filter(|(_, ctx)| tracked_in.contains(ctx)).map(|(c, _)| c.id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let cms = course_modules::Entity::find()
        .filter(course_modules::Column::Course.is_in(ids))
        .filter(course_modules::Column::Completion.ne(0))
        .filter(course_modules::Column::Visible.eq(1))
        .filter(course_modules::Column::Deletioninprogress.eq(0))
        .all(db)
        .await?;
    let done = states_of(db, userid, &cms.iter().map(|cm| cm.id).collect::<Vec<_>>()).await?;
    let mut counts: HashMap<i64, (u32, u32)> = HashMap::new();
    for cm in &cms {
        let entry = counts.entry(cm.course).or_default();
        entry.0 += 1;
        entry.1 += u32::from(done.get(&cm.id).is_some_and(|r| r.completionstate > 0));
    }
    Ok(counts.into_iter().map(|(c, (all, completed))| (c, f64::from(completed) * 100.0 / f64::from(all))).collect())
}
