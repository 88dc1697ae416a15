//! mod_url_get_urls_by_courses: the URLs of the caller's courses (or the courses named) that the
//! caller may open.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::core_course::activities::{ActivityBase, Instance, ModType, by_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUrlsByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_url_get_urls_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Course ids (none: the caller's courses).
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A URL activity.
#[derive(Debug, Object)]
#[oai(rename = "mod_url_url")]
pub struct Url {
    #[oai(flatten)]
    pub base: ActivityBase,
    /// The address.
    pub externalurl: String,
    /// How it opens (0 automatic, 1 embed, 5 open, 6 popup).
    pub display: i32,
    /// Display options (PHP-serialized, as Moodle stores them).
    pub displayoptions: String,
    /// Parameters added to the address (PHP-serialized).
    pub parameters: String,
    /// Last modified (Unix time).
    pub timemodified: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_url_get_urls_by_courses_returns")]
pub struct Returns {
    /// The URLs.
    pub urls: Vec<Url>,
    /// A warning per named course the caller cannot enter.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetUrlsByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_url_get_urls_by_courses",
        summary: "Get the URLs of courses",
        description: "Returns a list of urls in a provided list of courses, if no list is provided all urls that the user can view will be returned.",
        checks: &[cap::URL_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Url).await?;
        let urls = found
            .into_iter()
            .filter_map(|(a, section)| {
                let base = a.base(section);
                let Instance::Url(url) = a.instance else { return None };
                Some(Url {
                    base,
                    externalurl: url.externalurl,
                    display: url.display,
                    displayoptions: url.displayoptions,
                    parameters: url.parameters,
                    timemodified: url.timemodified,
                })
            })
            .collect();
        Ok(Returns { urls, warnings })
    }
}
