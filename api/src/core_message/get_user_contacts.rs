//! core_message_get_user_contacts: a user's contacts, by name.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, message_contacts, seed};

use super::member::{Member, members_info};
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUserContacts;

/// The most contacts one call lists.
const MAX: u64 = 100;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_user_contacts_params", deny_unknown_fields)]
pub struct Params {
    /// Whose contacts (another user's need moodle/site:readallmessages).
    pub userid: i64,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub limitfrom: u64,
    /// How many (0 for the most, 100).
    #[oai(default, validator(minimum(value = "0")))]
    pub limitnum: u64,
}

impl ExternalFunction for GetUserContacts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_user_contacts",
        summary: "Get a user's contacts",
        description: "List the user's contacts as messaging shows them. Another user's need moodle/site:readallmessages.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES, cap::SITE_MESSAGEANYUSER],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3,"limitfrom":0,"limitnum":51}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Member>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Member>, ApiError> {
        store::require_messaging(call).await?;
        store::require_self_or_readall(call, p.userid).await?;
        let rows = message_contacts::Entity::find()
            .filter(
                Condition::any()
                    .add(message_contacts::Column::Userid.eq(p.userid))
                    .add(message_contacts::Column::Contactid.eq(p.userid)),
            )
            .order_by_asc(message_contacts::Column::Id)
            .all(&call.db())
            .await?;
        let limit = if p.limitnum == 0 { MAX } else { p.limitnum.min(MAX) } as usize;
        let ids: Vec<i64> = rows
            .iter()
            .map(|c| if c.userid == p.userid { c.contactid } else { c.userid })
            .skip(p.limitfrom as usize)
            .take(limit)
            .collect();
        let mut contacts = members_info(call, p.userid, &ids, false, true).await?;
        contacts.sort_by(|a, b| a.fullname.cmp(&b.fullname));
        Ok(contacts)
    }
}
