//! The caller's courses as the Dashboard and My courses list them (Moodle's
//! `course_summary_exporter` with the caller's stars, hidden courses and last access).
use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{course, course_categories, user_lastaccess, user_preferences};

use super::exported::{ExportedCourse, Extra};
use super::favourites;
use crate::framework::{ApiError, Call};

/// A course of the user's, with what the lists need to sort and filter it.
pub struct Mine {
    pub course: course::Model,
    pub extra: Extra,
}

impl Mine {
    pub fn export(self, www: &str) -> ExportedCourse {
        ExportedCourse::of(&self.course, www, self.extra)
    }
}

/// The courses `userid` is actively enrolled in (the caller's when `userid` is the caller), with
/// their stars, hidden flags (the `block_myoverview_hidden_course_<id>` preferences) and last
/// access.
pub async fn load(call: &Call<'_>, userid: i64) -> Result<Vec<Mine>, ApiError> {
    let ids: Vec<i64> = match userid == call.caller.user().id {
        true => call.my_courses().await?.iter().copied().collect(),
        false => crate::framework::access::enrolled_courses(&call.db(), userid).await?.into_iter().collect(),
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let db = call.db();
    let courses = course::Entity::find().filter(course::Column::Id.is_in(ids.iter().copied())).all(&db).await?;
    let starred = favourites::starred(&db, userid).await?;
    let accessed: HashMap<i64, i64> = user_lastaccess::Entity::find()
        .filter(user_lastaccess::Column::Userid.eq(userid))
        .filter(user_lastaccess::Column::Courseid.is_in(ids.iter().copied()))
        .all(&db)
        .await?
        .into_iter()
        .map(|a| (a.courseid, a.timeaccess))
        .collect();
    let hidden: Vec<String> = user_preferences::Entity::find()
        .filter(user_preferences::Column::Userid.eq(userid))
        .filter(user_preferences::Column::Name.starts_with("block_myoverview_hidden_course_"))
        .all(&db)
        .await?
        .into_iter()
        .filter(|p| p.value == "1")
        .map(|p| p.name)
        .collect();
    let categories: HashMap<i64, String> = course_categories::Entity::find()
        .filter(course_categories::Column::Id.is_in(courses.iter().map(|c| c.category)))
        .all(&db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(courses
        .into_iter()
        .map(|c| {
            let extra = Extra {
                favourite: starred.contains(&c.id),
                hidden: hidden.contains(&format!("block_myoverview_hidden_course_{}", c.id)),
                timeaccess: accessed.get(&c.id).copied(),
                category: categories.get(&c.category).cloned().unwrap_or_default(),
            };
            Mine { course: c, extra }
        })
        .collect())
}

/// Sorts as Moodle's lists may ask: `fullname`, `shortname`, `ul.timeaccess desc` (the last
/// accessed first); anything else by full name.
pub fn sort(list: &mut [Mine], sort: Option<&str>) {
    match sort.map(str::trim) {
        Some("ul.timeaccess desc") | Some("ul.timeaccess DESC") => {
            list.sort_by(|a, b| b.extra.timeaccess.cmp(&a.extra.timeaccess).then(a.course.id.cmp(&b.course.id)))
        }
        Some("shortname") => list.sort_by(|a, b| a.course.shortname.cmp(&b.course.shortname)),
        _ => list.sort_by(|a, b| a.course.fullname.cmp(&b.course.fullname).then(a.course.id.cmp(&b.course.id))),
    }
}
