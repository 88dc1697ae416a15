//! tool_mobile_get_plugins_supporting_mobile: the site's plugins that add to the Moodle app.
//! lmsgate's plugins add web-service functions, not app add-ons, so the list is empty.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetPluginsSupportingMobile;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_mobile_get_plugins_supporting_mobile_params", deny_unknown_fields)]
pub struct Params {}

/// A plugin with a Moodle app add-on.
#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_plugin")]
pub struct MobilePlugin {
    /// The plugin component name.
    pub component: String,
    /// The plugin version number.
    pub version: String,
    /// The app add-on (package) name.
    pub addon: String,
    /// The app add-ons this one depends on.
    pub dependencies: Vec<String>,
    /// The add-on package URL.
    pub fileurl: String,
    /// The add-on package hash.
    pub filehash: String,
    /// The add-on package size.
    pub filesize: i64,
    /// Handlers definition (JSON).
    pub handlers: Option<String>,
    /// Language strings used by the handlers (JSON).
    pub lang: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_get_plugins_supporting_mobile_returns")]
pub struct Returns {
    /// Plugins with an app add-on.
    pub plugins: Vec<MobilePlugin>,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetPluginsSupportingMobile {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_mobile_get_plugins_supporting_mobile",
        summary: "Get the plugins with a Moodle app add-on",
        description: "Return the site's plugins that add to the Moodle app (none: lmsgate's plugins add web-service functions).",
        ajax: true,
        login_required: false,
        services: &[seed::MOBILE_SERVICE],
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(_: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        Ok(Returns { plugins: Vec::new(), warnings: Vec::new() })
    }
}
