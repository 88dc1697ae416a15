//! core_my_view_page: "the Dashboard (or My courses) was viewed". The view is recorded in the
//! call log, as every call is; any other page is a warning, as in Moodle.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::{StatusWithWarnings, Warning};
use crate::framework::types::Text;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct ViewPage;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_my_view_page_params", deny_unknown_fields)]
pub struct Params {
    /// The page viewed: `my` (My courses) or `dashboard`.
    #[oai(validator(max_length = 255))]
    pub page: Text,
}

impl ExternalFunction for ViewPage {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_my_view_page",
        summary: "Log that the Dashboard or My courses was viewed",
        description: "Record that the caller viewed their Dashboard (`dashboard`) or My courses (`my`) page; another page is a warning (`invalidmypage`) with status false.",
        kind: Kind::Write,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"page":"dashboard"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = StatusWithWarnings;

    async fn execute(_: &Call<'_>, p: Params) -> Result<StatusWithWarnings, ApiError> {
        Ok(match p.page.0.as_str() {
            "my" | "dashboard" => StatusWithWarnings::ok(),
            _ => StatusWithWarnings {
                status: false,
                warnings: vec![Warning {
                    item: Some(p.page.0),
                    itemid: None,
                    warningcode: "invalidmypage".into(),
                    message: "The value for the page request is invalid!".into(),
                }],
            },
        })
    }
}
