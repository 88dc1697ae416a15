//! What the app may show for each course: the navigation and administration options of
//! `get_user_navigation_options` and `get_user_administration_options`. An option is available
//! when lmsgate has the feature and the caller holds its capability in the course; features
//! lmsgate does not have (badges, blogs, backups, ...) are never offered.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{contextlevel, course, ids};

use crate::common::Warning;
use crate::framework::{ApiError, Call};

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_options_params", deny_unknown_fields)]
pub struct Params {
    /// The courses, at most 100.
    #[oai(validator(max_items = 100))]
    pub courseids: Vec<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_options")]
pub struct CourseOptions {
    /// Per course.
    pub courses: Vec<Options>,
    /// Courses the caller cannot enter.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_course_options")]
pub struct Options {
    /// The course.
    pub id: i64,
    /// Its options.
    pub options: Vec<Choice>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_option")]
pub struct Choice {
    /// Option name.
    pub name: String,
    /// Whether it is available.
    pub available: bool,
}

/// The courses of `ids_` the caller can enter, with their context paths, and a warning for each
/// other one (Moodle's `validate_courses`).
pub async fn entered(
    call: &Call<'_>,
    ids_: &[i64],
) -> Result<(Vec<(course::Model, Vec<i64>)>, Vec<Warning>), ApiError> {
    let db = call.db();
    let found = match ids_.is_empty() {
        true => Vec::new(),
        false => course::Entity::find().filter(course::Column::Id.is_in(ids_.iter().copied())).all(&db).await?,
    };
    let (mut entered, mut warnings) = (Vec::new(), Vec::new());
    for id in ids_ {
        let path = match found.iter().find(|c| c.id == *id) {
            Some(c) => match call.state.context_path(contextlevel::COURSE, c.id).await? {
                Some(path) if call.can_enter(c, &path).await? => Some((c.clone(), path)),
                _ => None,
            },
            None => None,
        };
        match path {
            Some(found) => entered.push(found),
            None => warnings.push(Warning::new("course", *id, "1", "No access rights in course context")),
        }
    }
    Ok((entered, warnings))
}

/// One course's options, from (name, available) pairs in Moodle's order.
pub fn options(id: i64, pairs: Vec<(&'static str, bool)>) -> Options {
    Options {
        id,
        options: pairs.into_iter().map(|(name, available)| Choice { name: name.into(), available }).collect(),
    }
}

/// Whether the course is the site's front page.
pub fn is_site(c: &course::Model) -> bool {
    c.id == ids::SITE_COURSE
}
