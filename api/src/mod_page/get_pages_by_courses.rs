//! mod_page_get_pages_by_courses: the pages of the caller's courses (or the courses named) that
//! the caller may open.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::{self, ActivityBase, Instance, ModType, by_courses};
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetPagesByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_page_get_pages_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Course ids (none: the caller's courses).
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A page activity.
#[derive(Debug, Object)]
#[oai(rename = "mod_page_page")]
pub struct Page {
    #[oai(flatten)]
    pub base: ActivityBase,
    /// Content (HTML).
    pub content: String,
    /// Content format (1 = HTML).
    pub contentformat: i32,
    /// Files the content embeds.
    pub contentfiles: Vec<ExternalFile>,
    /// Legacy files setting (0).
    pub legacyfiles: i32,
    /// Legacy files (none).
    pub legacyfileslast: OrNull<i64>,
    /// How the page is displayed (5 open).
    pub display: i32,
    /// Display options (PHP-serialized, as Moodle stores them).
    pub displayoptions: String,
    /// Content revision.
    pub revision: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_page_get_pages_by_courses_returns")]
pub struct Returns {
    /// The pages.
    pub pages: Vec<Page>,
    /// A warning per named course the caller cannot enter.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetPagesByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_page_get_pages_by_courses",
        summary: "Get the pages of courses",
        description: "Returns a list of pages in a provided list of courses, if no list is provided all pages that the user can view will be returned.",
        checks: &[cap::PAGE_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Page).await?;
        let mut files = activities::content_files(&call.db(), &found.iter().map(|(a, _)| a).collect::<Vec<_>>()).await?;
        let www = &call.state.settings.wwwroot;
        let pages = found
            .into_iter()
            .filter_map(|(a, section)| {
                let base = a.base(section);
                let own = files.remove(&a.context.id).unwrap_or_default();
                let Instance::Page(page) = a.instance else { return None };
                // Moodle's format_text rewrites the content's file links to this page's files.
                let files_url = format!("{www}/webservice/pluginfile.php/{}/mod_page/content/{}/", a.context.id, page.revision);
                Some(Page {
                    base,
                    content: page.content.replace(activities::PLUGINFILE, &files_url),
                    contentformat: page.contentformat,
                    contentfiles: own.iter().map(|f| activities::external_file(www, page.revision, f)).collect(),
                    legacyfiles: 0,
                    legacyfileslast: OrNull(None),
                    display: page.display,
                    displayoptions: page.displayoptions,
                    revision: page.revision,
                    timemodified: page.timemodified,
                })
            })
            .collect();
        Ok(Returns { pages, warnings })
    }
}
