//! tool_dataprivacy_get_access_information: what the caller may do with data requests. lmsgate
//! has no data-request workflow, so every answer is false and the app shows no such menu.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetAccessInformation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_dataprivacy_get_access_information_params", deny_unknown_fields)]
pub struct Params {}

#[derive(Debug, Object)]
#[oai(rename = "tool_dataprivacy_get_access_information_returns")]
pub struct Returns {
    /// Can contact the data protection officer.
    pub cancontactdpo: bool,
    /// Can manage data requests.
    pub canmanagedatarequests: bool,
    /// Can ask for a download of their data.
    pub cancreatedatadownloadrequest: bool,
    /// Can ask for their data to be deleted.
    pub cancreatedatadeletionrequest: bool,
    /// Has a download request in progress.
    pub hasongoingdatadownloadrequest: bool,
    /// Has a deletion request in progress.
    pub hasongoingdatadeletionrequest: bool,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetAccessInformation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_dataprivacy_get_access_information",
        summary: "What the caller may do with data requests",
        description: "Return whether the caller may contact the data protection officer, manage or create data requests (lmsgate has no data requests: all false).",
        services: &[seed::MOBILE_SERVICE],
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(_: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        Ok(Returns {
            cancontactdpo: false,
            canmanagedatarequests: false,
            cancreatedatadownloadrequest: false,
            cancreatedatadeletionrequest: false,
            hasongoingdatadownloadrequest: false,
            hasongoingdatadeletionrequest: false,
            warnings: Vec::new(),
        })
    }
}
