//! core_message_get_member_info: what a user sees of other users in messaging (online, contact,
//! may be messaged).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::member::{Member, members_info};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetMemberInfo;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_member_info_params", deny_unknown_fields)]
pub struct Params {
    /// Whose view (another user's need moodle/site:readallmessages).
    pub referenceuserid: i64,
    /// The users, at most 100.
    #[oai(validator(max_items = 100))]
    pub userids: Vec<i64>,
    /// Include the contact requests between them.
    #[oai(default)]
    pub includecontactrequests: bool,
    /// Include whether the reference user may message each.
    #[oai(default)]
    pub includeprivacyinfo: bool,
}

impl ExternalFunction for GetMemberInfo {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_member_info",
        summary: "Get what a user sees of others in messaging",
        description: "For each user: name, pictures, online, contact, and (with includeprivacyinfo) whether the reference user may message them. Unknown users are left out.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES, cap::SITE_MESSAGEANYUSER],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"referenceuserid":3,"userids":[2],"includecontactrequests":true,"includeprivacyinfo":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Member>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Member>, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.referenceuserid).await?;
        members_info(call, p.referenceuserid, &p.userids, p.includecontactrequests, p.includeprivacyinfo).await
    }
}
