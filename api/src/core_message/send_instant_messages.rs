//! core_message_send_instant_messages: private messages to users, each into the conversation of
//! the two users (made on the first message). A recipient who does not exist or whose privacy
//! refuses the sender gets `msgid` -1 and Moodle's message; the others are sent.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, ids, seed, user};

use super::store::{self, Reach};
use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct SendInstantMessages;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_send_instant_messages_params", deny_unknown_fields)]
pub struct Params {
    /// The messages, at most 100.
    #[oai(validator(max_items = 100))]
    pub messages: Vec<Outgoing>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_outgoing", deny_unknown_fields)]
pub struct Outgoing {
    /// The recipient's user id.
    pub touserid: i64,
    /// The text.
    #[oai(validator(max_length = 65535))]
    pub text: String,
    /// Its format: 0 Moodle (the default), 1 HTML, 2 plain text, 4 Markdown.
    #[oai(default, validator(minimum(value = "0"), maximum(value = "4")))]
    pub textformat: i64,
    /// The client's own id for it, sent back.
    pub clientmsgid: Option<AlphanumExt>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_sent", skip_serializing_if_is_none)]
pub struct Sent {
    /// The message id, -1 when it was not sent.
    pub msgid: i64,
    /// The client's id for it.
    pub clientmsgid: Option<AlphanumExt>,
    /// Why it was not sent.
    pub errormessage: Option<String>,
    /// Its text (HTML).
    pub text: Option<String>,
    /// Sent (Unix time).
    pub timecreated: Option<i64>,
    /// The conversation it went to.
    pub conversationid: Option<i64>,
    /// The sender.
    pub useridfrom: Option<i64>,
    /// Whether the sender may delete it for everyone.
    #[oai(default)]
    pub candeletemessagesforallusers: bool,
}

impl ExternalFunction for SendInstantMessages {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_send_instant_messages",
        summary: "Send private messages to users",
        description: "Send each message to its recipient, in the conversation of the two users. A recipient who does not exist or does not accept messages from the caller gets msgid -1 and an errormessage; the others are sent.",
        kind: Kind::Write,
        ajax: true,
        requires: &[cap::SITE_SENDMESSAGE],
        checks: &[cap::SITE_DELETEANYMESSAGE, cap::SITE_MESSAGEANYUSER, cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"messages":[{"touserid":3,"text":"Hello","textformat":1,"clientmsgid":"m1"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Sent>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Sent>, ApiError> {
        store::require_messaging(call).await?;
        let me = call.caller.user().id;
        let candelete = call.can(cap::SITE_DELETEANYMESSAGE, &[ids::SYSTEM_CONTEXT]).await?;
        let mut targets: Vec<i64> = p.messages.iter().map(|m| m.touserid).collect();
        targets.sort_unstable();
        targets.dedup();
        let recipients = user::Entity::find()
            .filter(user::Column::Id.is_in(targets.iter().copied()))
            .filter(user::Column::Deleted.eq(0))
            .all(&call.db())
            .await?;
        targets.retain(|t| recipients.iter().any(|u| u.id == *t));
        targets.push(me);
        let reach = Reach::load(call, &targets).await?;
        let db = call.write().await?;
        let mut out = Vec::with_capacity(p.messages.len());
        for m in p.messages {
            let refused = |errormessage: String| Sent {
                msgid: -1,
                clientmsgid: m.clientmsgid.clone(),
                errormessage: Some(errormessage),
                text: None,
                timecreated: None,
                conversationid: None,
                useridfrom: None,
                candeletemessagesforallusers: false,
            };
            let Some(to) = recipients.iter().find(|u| u.id == m.touserid) else {
                out.push(refused(format!(
                    "You can not send a message to a user id ({}) that doesn't exist",
                    m.touserid
                )));
                continue;
            };
            if !reach.can_send(to.id, me) {
                out.push(refused(format!(
                    "You can't message {} {} due to their message preferences. Try adding them as a contact.",
                    to.firstname, to.lastname
                )));
                continue;
            }
            let conversation = store::individual_or_new(&db, me, to.id).await?;
            let sent = store::post(&db, me, conversation.id, &m.text, m.textformat as i32).await?;
            out.push(Sent {
                msgid: sent.id,
                clientmsgid: m.clientmsgid,
                errormessage: None,
                text: Some(store::message_html(&sent.fullmessage, sent.fullmessageformat)),
                timecreated: Some(sent.timecreated),
                conversationid: Some(conversation.id),
                useridfrom: Some(me),
                candeletemessagesforallusers: candelete,
            });
        }
        Ok(out)
    }
}
