//! core_message_delete_message: a message disappears for one member of its conversation (the
//! others still see it).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, ids, message_user_actions as actions, messages, now, seed};

use crate::common::Warning;
use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct DeleteMessage;

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_delete_message_params", deny_unknown_fields)]
pub struct Params {
    /// The message.
    pub messageid: i64,
    /// For whom it is deleted (another user's need moodle/site:deleteanymessage).
    pub userid: i64,
    /// Unused (Moodle's since 3.6).
    #[oai(default = "yes")]
    pub read: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_delete_message_returns")]
pub struct Deleted {
    /// True when it was deleted.
    pub status: bool,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for DeleteMessage {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_delete_message",
        summary: "Delete a message for a user",
        description: "Delete a message for one member of its conversation: their own with moodle/site:deleteownmessage, anyone's with moodle/site:deleteanymessage.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::SITE_DELETEOWNMESSAGE, cap::SITE_DELETEANYMESSAGE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"messageid":1,"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Deleted;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Deleted, ApiError> {
        store::require_messaging(call).await?;
        let user = store::existing_user(call, p.userid).await?;
        let message = messages::Entity::find_by_id(p.messageid)
            .one(&call.db())
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("messages"))?;
        let system = [ids::SYSTEM_CONTEXT];
        let allowed = store::is_member(&call.db(), message.conversationid, user.id).await?
            && (call.can(cap::SITE_DELETEANYMESSAGE, &system).await?
                || (user.id == call.caller.user().id && call.can(cap::SITE_DELETEOWNMESSAGE, &system).await?));
        if !allowed {
            return Err(code::CANNOT_DELETE_MESSAGE.err());
        }
        let done = actions::Entity::find()
            .filter(actions::Column::Userid.eq(user.id))
            .filter(actions::Column::Messageid.eq(message.id))
            .filter(actions::Column::Action.eq(store::DELETED))
            .one(&call.db())
            .await?;
        if done.is_none() {
            let row = actions::ActiveModel {
                userid: Set(user.id),
                messageid: Set(message.id),
                action: Set(store::DELETED),
                timecreated: Set(now()),
                ..Default::default()
            };
            actions::Entity::insert(row).exec_without_returning(&call.write().await?).await?;
        }
        Ok(Deleted { status: true, warnings: Vec::new() })
    }
}
