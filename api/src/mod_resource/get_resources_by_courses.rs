//! mod_resource_get_resources_by_courses: the file activities of the caller's courses (or the
//! courses named) that the caller may open, with their files.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::{self, ActivityBase, Instance, ModType, by_courses};
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetResourcesByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_resource_get_resources_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Course ids (none: the caller's courses).
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A file activity.
#[derive(Debug, Object)]
#[oai(rename = "mod_resource_resource")]
pub struct Resource {
    #[oai(flatten)]
    pub base: ActivityBase,
    /// Its files (the main one first).
    pub contentfiles: Vec<ExternalFile>,
    /// Whether it waits for migration (0).
    pub tobemigrated: i32,
    /// Legacy files setting (0).
    pub legacyfiles: i32,
    /// Legacy files (none).
    pub legacyfileslast: OrNull<i64>,
    /// How the file is shown (0 automatic).
    pub display: i32,
    /// Display options (PHP-serialized, as Moodle stores them).
    pub displayoptions: String,
    /// Whether text filters run on the file (0).
    pub filterfiles: i32,
    /// Content revision.
    pub revision: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_resource_get_resources_by_courses_returns")]
pub struct Returns {
    /// The file activities.
    pub resources: Vec<Resource>,
    /// A warning per named course the caller cannot enter.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetResourcesByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_resource_get_resources_by_courses",
        summary: "Get the file activities of courses",
        description: "Returns a list of files in a provided list of courses, if no list is provided all files that the user can view will be returned.",
        checks: &[cap::RESOURCE_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Resource).await?;
        let mut files = activities::content_files(&call.db(), &found.iter().map(|(a, _)| a).collect::<Vec<_>>()).await?;
        let www = &call.state.settings.wwwroot;
        let resources = found
            .into_iter()
            .filter_map(|(a, section)| {
                let base = a.base(section);
                let mut own = files.remove(&a.context.id).unwrap_or_default();
                own.sort_by_key(|f| -f.sortorder);
                let Instance::Resource(r) = a.instance else { return None };
                Some(Resource {
                    base,
                    contentfiles: own.iter().map(|f| activities::external_file(www, r.revision, f)).collect(),
                    tobemigrated: r.tobemigrated,
                    legacyfiles: r.legacyfiles,
                    legacyfileslast: OrNull(None),
                    display: r.display,
                    displayoptions: r.displayoptions,
                    filterfiles: r.filterfiles,
                    revision: r.revision,
                    timemodified: r.timemodified,
                })
            })
            .collect();
        Ok(Returns { resources, warnings })
    }
}
