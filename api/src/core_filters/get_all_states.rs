//! core_filters_get_all_states: every text filter and its state in each context. lmsgate returns
//! texts as stored and has no filters, so the list is empty and the app applies none.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetAllStates;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_filters_get_all_states_params", deny_unknown_fields)]
pub struct Params {}

/// A filter's state in one context.
#[derive(Debug, Object)]
#[oai(rename = "core_filters_state")]
pub struct FilterState {
    /// The context level where the filter is set: system, coursecat, course or module.
    pub contextlevel: String,
    /// The instance id of the context's item.
    pub instanceid: i64,
    /// The context id.
    pub contextid: i64,
    /// Filter plugin name.
    pub filter: String,
    /// 1 on, -1 off, -9999 disabled.
    pub state: i64,
    /// Execution order.
    pub sortorder: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_filters_get_all_states_returns")]
pub struct Returns {
    /// The filters' states.
    pub filters: Vec<FilterState>,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetAllStates {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_filters_get_all_states",
        summary: "Get every text filter's state",
        description: "Return every text filter and its state in each context (none: lmsgate returns texts as stored).",
        services: &[seed::MOBILE_SERVICE],
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(_: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        Ok(Returns { filters: Vec::new(), warnings: Vec::new() })
    }
}
