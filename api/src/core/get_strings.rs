//! core_get_strings: several of Moodle's English language strings at once (see `get_string`).
use poem_openapi::Object;
use validator::Validate;

use super::get_string::Params as Wanted;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetStrings;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_get_strings_params", deny_unknown_fields)]
pub struct Params {
    /// The strings, at most 1000.
    #[oai(validator(max_items = 1000))]
    pub strings: Vec<Wanted>,
}

/// A string.
#[derive(Debug, Object)]
#[oai(rename = "core_get_strings_string")]
pub struct Found {
    /// string id
    pub stringid: String,
    /// string component
    pub component: String,
    /// lang
    pub lang: String,
    /// translated string
    pub string: String,
}

impl ExternalFunction for GetStrings {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_get_strings",
        summary: "Return some translated strings",
        description: "Return some translated strings - like several core get_string(), calls. lmsgate has Moodle's common core strings and every capability's name, in English; another string answers [[stringid]].",
        ajax: true,
        login_required: false,
        example: r#"{"strings":[{"stringid":"ok"},{"stringid":"course:update","component":"role"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Found>;

    async fn execute(_: &Call<'_>, p: Params) -> Result<Vec<Found>, ApiError> {
        Ok(p.strings
            .into_iter()
            .map(|s| Found {
                string: s.text(),
                lang: s.lang.clone().unwrap_or_else(|| "en".into()),
                stringid: s.stringid,
                component: s.component,
            })
            .collect())
    }
}
