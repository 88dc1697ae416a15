//! core_message_get_received_contact_requests_count: how many users asked to be the user's
//! contact.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, message_contact_requests as requests, seed};

use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetReceivedContactRequestsCount;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_received_contact_requests_count_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (another user's need moodle/site:readallmessages).
    pub userid: i64,
}

impl ExternalFunction for GetReceivedContactRequestsCount {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_received_contact_requests_count",
        summary: "Count the contact requests a user received",
        description: "Count the users waiting for the user to accept them as a contact.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = i64;

    async fn execute(call: &Call<'_>, p: Params) -> Result<i64, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.userid).await?;
        let n = requests::Entity::find()
            .filter(requests::Column::Requesteduserid.eq(p.userid))
            .count(&call.db())
            .await?;
        Ok(n as i64)
    }
}
