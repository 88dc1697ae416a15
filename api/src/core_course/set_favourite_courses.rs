//! core_course_set_favourite_courses: the caller stars or unstars courses. Starring a starred
//! course (or unstarring one that is not) is a warning, as in Moodle.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{contextlevel, seed};

use super::favourites;
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct SetFavouriteCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_set_favourite_courses_params", deny_unknown_fields)]
pub struct Params {
    /// The courses, at most 100.
    #[oai(validator(max_items = 100))]
    pub courses: Vec<Star>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_favourite", deny_unknown_fields)]
pub struct Star {
    /// The course.
    pub id: i64,
    /// Star (true) or unstar (false).
    pub favourite: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_set_favourite_courses_returns")]
pub struct Starred {
    /// Courses already in the state asked for.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for SetFavouriteCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_set_favourite_courses",
        summary: "Star or unstar courses",
        description: "Star (favourite) or unstar courses for the caller. A course already starred, or not starred, is a warning; a course that does not exist is `invalidrecord`.",
        kind: Kind::Write,
        ajax: true,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courses":[{"id":2,"favourite":true}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Starred;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Starred, ApiError> {
        let me = call.caller.user().id;
        let mut starred = favourites::starred(&call.db(), me).await?;
        let mut warnings = Vec::new();
        for (i, c) in p.courses.iter().enumerate() {
            let Some(path) = call.state.context_path(contextlevel::COURSE, c.id).await? else {
                return Err(code::INVALID_RECORD.with("course").with_debuginfo(format!("courses[{i}].id: no course {}", c.id)));
            };
            let context = *path.last().expect("a context path ends with the context");
            match (c.favourite, starred.contains(&c.id)) {
                (true, true) => warnings.push(warning("errorcoursealreadyfavourite", "Course already starred")),
                (false, false) => warnings.push(warning("errorcoursenotfavourite", "Course not yet starred")),
                (true, false) => {
                    favourites::star(&call.write().await?, me, c.id, context).await?;
                    starred.insert(c.id);
                }
                (false, true) => {
                    favourites::unstar(&call.write().await?, me, c.id).await?;
                    starred.remove(&c.id);
                }
            }
        }
        Ok(Starred { warnings })
    }
}

fn warning(warningcode: &str, message: &str) -> Warning {
    Warning { item: None, itemid: None, warningcode: warningcode.into(), message: message.into() }
}
