//! core_get_string: one of Moodle's English language strings, its parameters filled (see
//! `strings`); a string lmsgate does not have answers `[[id]]`, as Moodle's does.
use poem_openapi::Object;
use validator::Validate;

use super::strings;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetString;

/// A string parameter: `{$a->name}`, or `{$a}` without a name.
#[derive(Debug, Clone, Object)]
#[oai(rename = "core_string_param", deny_unknown_fields)]
pub struct StringParam {
    /// param name - if the string expect only one $a parameter then don't send this field, just send the value.
    #[oai(validator(pattern = r"^[A-Za-z0-9_-]+$", max_length = 100))]
    pub name: Option<String>,
    /// param value
    pub value: String,
}

/// Which string to fetch.
#[derive(Debug, Clone, Object, Validate)]
#[oai(rename = "core_get_string_params", deny_unknown_fields)]
pub struct Params {
    /// string identifier
    #[oai(validator(pattern = r"^[A-Za-z0-9.:/_-]+$", max_length = 255))]
    pub stringid: String,
    /// component
    #[oai(default = "moodle", validator(pattern = r"^[a-z][a-z0-9_]*$", max_length = 100))]
    pub component: String,
    /// lang (strings not translated come in English, as Moodle falls back to it)
    #[oai(validator(pattern = r"^[a-z][a-z0-9_]*$", max_length = 30))]
    pub lang: Option<String>,
    /// the definition of a string param (i.e. {$a->name})
    #[oai(default, validator(max_items = 100))]
    pub stringparams: Vec<StringParam>,
}

fn moodle() -> String {
    "moodle".into()
}

impl Params {
    /// The string, filled.
    pub fn text(&self) -> String {
        let params: Vec<(Option<&str>, &str)> =
            self.stringparams.iter().map(|p| (p.name.as_deref(), p.value.as_str())).collect();
        strings::get_string(&self.stringid, &self.component, &params)
    }
}

impl ExternalFunction for GetString {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_get_string",
        summary: "Return a translated string",
        description: "Return a translated string - similar to core get_string(), call. lmsgate has Moodle's common core strings and every capability's name, in English; another string answers [[stringid]].",
        ajax: true,
        login_required: false,
        example: r#"{"stringid":"pagea","component":"moodle","stringparams":[{"value":"2"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = String;

    async fn execute(_: &Call<'_>, p: Params) -> Result<String, ApiError> {
        Ok(p.text())
    }
}
