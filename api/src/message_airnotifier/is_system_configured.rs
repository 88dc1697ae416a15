//! message_airnotifier_is_system_configured: whether push notifications are set up. lmsgate
//! sends none, so the answer is 0 and the app does not register for them.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct IsSystemConfigured;

#[derive(Debug, Object, Validate)]
#[oai(rename = "message_airnotifier_is_system_configured_params", deny_unknown_fields)]
pub struct Params {}

impl ExternalFunction for IsSystemConfigured {
    const INFO: FunctionInfo = FunctionInfo {
        name: "message_airnotifier_is_system_configured",
        summary: "Whether push notifications are configured",
        description: "Return 1 when the site sends push notifications to the Moodle app, 0 otherwise (lmsgate: 0).",
        services: &[seed::MOBILE_SERVICE],
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = i64;

    async fn execute(_: &Call<'_>, _: Params) -> Result<i64, ApiError> {
        Ok(0)
    }
}
