//! core_search_get_search_areas_list: the areas global search covers. lmsgate sites have no
//! global search, so the answer is Moodle's for a site without it: `globalsearchdisabled`.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetSearchAreasList;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_search_get_search_areas_list_params", deny_unknown_fields)]
pub struct Params {
    /// Only this category of areas.
    #[oai(default, validator(max_length = 255))]
    pub cat: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_search_get_search_areas_list_returns", skip_serializing_if_is_none)]
pub struct Areas {
    /// The areas.
    pub areas: Vec<Area>,
    /// Problems.
    pub warnings: Option<Vec<Warning>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_search_area")]
pub struct Area {
    /// Area id.
    pub id: String,
    /// Category id.
    pub categoryid: String,
    /// Category name.
    pub categoryname: String,
    /// Name.
    pub name: String,
}

impl ExternalFunction for GetSearchAreasList {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_search_get_search_areas_list",
        summary: "Get the global search areas",
        description: "List the areas global search covers. lmsgate sites have no global search: the answer is `globalsearchdisabled`, as Moodle's is on a site without it.",
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"cat":""}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Areas;

    async fn execute(_: &Call<'_>, _: Params) -> Result<Areas, ApiError> {
        Err(code::GLOBAL_SEARCH_DISABLED.err())
    }
}
