//! Notifications: what the site tells a user. Sent by the site's own actions (a welcome on
//! enrolment) and read through `core_message_get_messages`.
use sea_orm::{ConnectionTrait, EntityTrait, Set};

use lmsgate_entities::{now, notifications};

use crate::framework::ApiError;

/// A notification to send.
pub struct Notice<'a> {
    pub from: i64,
    pub to: i64,
    pub subject: &'a str,
    /// Plain text.
    pub fullmessage: &'a str,
    pub fullmessagehtml: &'a str,
    pub smallmessage: Option<&'a str>,
    pub eventtype: &'a str,
    pub contexturl: Option<String>,
    pub contexturlname: Option<&'a str>,
}

/// Stores a notification, unread.
pub async fn send<C: ConnectionTrait>(db: &C, n: Notice<'_>) -> Result<i64, ApiError> {
    let row = notifications::ActiveModel {
        useridfrom: Set(n.from),
        useridto: Set(n.to),
        subject: Set(n.subject.into()),
        fullmessage: Set(n.fullmessage.into()),
        fullmessageformat: Set(2),
        fullmessagehtml: Set(n.fullmessagehtml.into()),
        smallmessage: Set(n.smallmessage.map(Into::into)),
        component: Set("moodle".into()),
        eventtype: Set(n.eventtype.into()),
        contexturl: Set(n.contexturl),
        contexturlname: Set(n.contexturlname.map(Into::into)),
        timeread: Set(None),
        customdata: Set(None),
        timecreated: Set(now()),
        ..Default::default()
    };
    Ok(notifications::Entity::insert(row).exec(db).await?.last_insert_id)
}
