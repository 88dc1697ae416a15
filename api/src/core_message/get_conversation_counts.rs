//! core_message_get_conversation_counts: how many conversations the user has, by type.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::counts::{Counts, by_type};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetConversationCounts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_conversation_counts_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (0 for the caller; another user's need moodle/site:readallmessages).
    #[oai(default)]
    pub userid: i64,
}

impl ExternalFunction for GetConversationCounts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_conversation_counts",
        summary: "Count a user's conversations",
        description: "Count the user's conversations: starred, and by type (1 two people, 2 groups, 3 the user's own).",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":0}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Counts;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Counts, ApiError> {
        store::require_messaging(call).await?;
        let userid = if p.userid == 0 { call.caller.user().id } else { p.userid };
        store::require_self_or_readall(call, userid).await?;
        by_type(call, userid, None).await
    }
}
