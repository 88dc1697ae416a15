//! mod_folder_get_folders_by_courses: the folders of the caller's courses (or the courses named)
//! that the caller may open.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::core_course::activities::{ActivityBase, Instance, ModType, by_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetFoldersByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_folder_get_folders_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Course ids (none: the caller's courses).
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A folder activity.
#[derive(Debug, Object)]
#[oai(rename = "mod_folder_folder")]
pub struct Folder {
    #[oai(flatten)]
    pub base: ActivityBase,
    /// Content revision.
    pub revision: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// 0 on its own page, 1 inline on the course page.
    pub display: i32,
    /// 1 when subfolders start expanded.
    pub showexpanded: i32,
    /// 1 when a "Download folder" button is shown.
    pub showdownloadfolder: i32,
    /// 1 when files are downloaded rather than opened.
    pub forcedownload: i32,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_folder_get_folders_by_courses_returns")]
pub struct Returns {
    /// The folders.
    pub folders: Vec<Folder>,
    /// A warning per named course the caller cannot enter.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetFoldersByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_folder_get_folders_by_courses",
        summary: "Get the folders of courses",
        description: "Returns a list of folders in a provided list of courses, if no list is provided all folders that the user can view will be returned. Please note that this WS is not returning the folder contents.",
        checks: &[cap::FOLDER_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Folder).await?;
        let folders = found
            .into_iter()
            .filter_map(|(a, section)| {
                let base = a.base(section);
                let Instance::Folder(f) = a.instance else { return None };
                Some(Folder {
                    base,
                    revision: f.revision,
                    timemodified: f.timemodified,
                    display: f.display,
                    showexpanded: f.showexpanded,
                    showdownloadfolder: f.showdownloadfolder,
                    forcedownload: f.forcedownload,
                })
            })
            .collect();
        Ok(Returns { folders, warnings })
    }
}
