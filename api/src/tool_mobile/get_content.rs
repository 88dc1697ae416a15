//! tool_mobile_get_content: a view a site plugin renders for the app (`<component>\output\mobile`
//! in Moodle). lmsgate has no plugins with app views (`get_plugins_supporting_mobile` lists
//! none), so every component answers Moodle's error for a missing method.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::ExternalFile;
use crate::framework::types::{AlphanumExt, Plugin};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetContent;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_mobile_get_content_params", deny_unknown_fields)]
pub struct Params {
    /// The component, e.g. `mod_certificate`.
    pub component: Plugin,
    /// The method of its `output\mobile` class.
    pub method: AlphanumExt,
    /// Arguments for the method.
    #[oai(default, validator(max_items = 100))]
    pub args: Vec<Argument>,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_content_argument", deny_unknown_fields)]
pub struct Argument {
    /// Name.
    pub name: AlphanumExt,
    /// Value.
    #[oai(validator(max_length = 65535))]
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_get_content_returns", skip_serializing_if_is_none)]
pub struct Content {
    /// Templates (HTML) of the view.
    pub templates: Vec<ContentTemplate>,
    /// JavaScript of the view.
    pub javascript: String,
    /// Data for the templates.
    pub otherdata: Vec<OtherData>,
    /// Files the view uses.
    pub files: Vec<ExternalFile>,
    /// Who the view is for.
    pub restrict: Restrict,
    /// Whether the view is turned off.
    pub disabled: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_content_template")]
pub struct ContentTemplate {
    /// Id.
    pub id: String,
    /// HTML.
    pub html: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_content_data")]
pub struct OtherData {
    /// Name.
    pub name: String,
    /// Value (JSON).
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_content_restrict", skip_serializing_if_is_none)]
pub struct Restrict {
    /// Only these users.
    pub users: Option<Vec<i64>>,
    /// Only these courses.
    pub courses: Option<Vec<i64>>,
}

impl ExternalFunction for GetContent {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_mobile_get_content",
        summary: "Get a plugin's view for the app",
        description: "A view that a site plugin renders for the Moodle app. lmsgate has no plugins with app views, so every component answers `codingerror` (\"Missing method in \\\\<component>\\\\output\\\\mobile\"), as Moodle does for a component without one.",
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"component":"mod_certificate","method":"mobile_course_view","args":[{"name":"courseid","value":"2"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Content;

    async fn execute(_: &Call<'_>, p: Params) -> Result<Content, ApiError> {
        Err(code::CODING_ERROR.with(format!("Missing method in \\{}\\output\\mobile", p.component)))
    }
}
