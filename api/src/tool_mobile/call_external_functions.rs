//! tool_mobile_call_external_functions: the Moodle app's batch. Each request runs through the
//! whole pipeline on its own (the token's service, rate limit, parameters, access checks, its own
//! transaction); arguments and answers are JSON strings; the batch stops at the first error, as
//! Moodle's does.
use poem_openapi::Object;
use serde_json::Value;
use validator::Validate;

use lmsgate_entities::seed;

use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, catalogue};

pub struct CallExternalFunctions;

fn empty_object() -> String {
    "{}".into()
}
fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_mobile_call_external_functions_params", deny_unknown_fields)]
pub struct Params {
    /// The calls, run in order.
    #[oai(validator(min_items = 1, max_items = 100))]
    pub requests: Vec<Request>,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_call_external_functions_request", deny_unknown_fields)]
pub struct Request {
    /// Function name.
    pub function: AlphanumExt,
    /// JSON-encoded object with named arguments.
    #[oai(default = "empty_object")]
    pub arguments: String,
    /// Return raw text (accepted; texts are returned as stored).
    #[oai(default)]
    pub settingraw: bool,
    /// Filter text (accepted; lmsgate has no text filters).
    #[oai(default)]
    pub settingfilter: bool,
    /// Rewrite plugin file URLs (accepted; file URLs always point at the web-service endpoints).
    #[oai(default = "yes")]
    pub settingfileurl: bool,
    /// Session language (accepted; the site has one language).
    #[oai(default)]
    pub settinglang: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_call_external_functions_response", skip_serializing_if_is_none)]
pub struct Response {
    /// Whether an exception was thrown.
    pub error: bool,
    /// JSON-encoded response data.
    pub data: Option<String>,
    /// JSON-encoded exception info.
    pub exception: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_call_external_functions_returns")]
pub struct Returns {
    /// One answer per call made, in order (none after the first error).
    pub responses: Vec<Response>,
}

impl ExternalFunction for CallExternalFunctions {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_mobile_call_external_functions",
        summary: "Call several functions in one request",
        description: "Call several external functions of the token's service in order, each with its own access checks, and return every answer (arguments and answers as JSON strings). Stops at the first error.",
        kind: Kind::Write,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"requests":[{"function":"core_webservice_get_site_info","arguments":"{}"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let mut responses = Vec::with_capacity(p.requests.len());
        for request in p.requests {
            let answer = match catalogue::find(&request.function.0) {
                // A batch inside a batch would let one request fan out without bound.
                Some(entry) if entry.info.name != Self::INFO.name => {
                    // Moodle reads arguments that are not a JSON object as none.
                    let args = match serde_json::from_str::<Value>(&request.arguments) {
                        Ok(args @ Value::Object(_)) => args,
                        _ => Value::Object(Default::default()),
                    };
                    // The app sends numbers as strings; Moodle reads them by the declared type.
                    (entry.call_json)(call.state, call.caller, None, entry.moodle_args(args)).await
                }
                _ => Err(ApiError::access("Access to the function is not allowed.")),
            };
            let failed = answer.is_err();
            responses.push(match answer {
                Ok(data) => Response { error: false, data: Some(String::from_utf8_lossy(&data.json_text()).into_owned()), exception: None },
                Err(e) => {
                    let exception = call.state.debugging().await.call_exception(&e, &call.state.settings.wwwroot);
                    Response { error: true, data: None, exception: Some(exception.to_string()) }
                }
            });
            if failed {
                break;
            }
        }
        Ok(Returns { responses })
    }
}
