//! core_block_get_course_blocks: the blocks of a course page. A new Moodle course has none, and
//! lmsgate adds none, so the list is empty once the caller may enter the course.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use super::get_dashboard_blocks::Returns;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetCourseBlocks;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_block_get_course_blocks_params", deny_unknown_fields)]
pub struct Params {
    /// The course.
    pub courseid: i64,
    /// Include each block's contents.
    #[oai(default)]
    pub returncontents: bool,
}

impl ExternalFunction for GetCourseBlocks {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_block_get_course_blocks",
        summary: "Get the blocks of a course page",
        description: "List the blocks of the course's page (none: lmsgate courses have no blocks); the caller must be able to enter the course.",
        scope: Scope::Course("courseid"),
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"returncontents":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(_: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        Ok(Returns { blocks: Vec::new(), warnings: Some(Vec::new()) })
    }
}
