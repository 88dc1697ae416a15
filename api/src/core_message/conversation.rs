//! A conversation as its member sees it (Moodle's `get_conversations` item), shared by the
//! functions that list and show conversations.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use lmsgate_entities::{cap, ids, message_conversations as conversations, messages};

use super::member::{Member, members_info};
use super::store::{self, message_html};
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call};

#[derive(Debug, Object)]
#[oai(rename = "core_message_conversation")]
pub struct Conversation {
    /// Conversation id.
    pub id: i64,
    /// Name (a group conversation's; `""` or `null` for two people).
    pub name: OrNull<String>,
    /// Second line (a group conversation's course).
    pub subname: OrNull<String>,
    /// Image URL (a group conversation's).
    pub imageurl: OrNull<String>,
    /// 1 two people, 2 a group, 3 the user's own.
    #[oai(rename = "type")]
    pub kind: i64,
    /// How many members.
    pub membercount: i64,
    /// Whether the viewer muted it.
    pub ismuted: bool,
    /// Whether the viewer starred it.
    pub isfavourite: bool,
    /// Whether the viewer has read every message.
    pub isread: bool,
    /// How many messages the viewer has not read.
    pub unreadcount: OrNull<i64>,
    /// The other members (all of them but the viewer, up to the member limit).
    pub members: Vec<Member>,
    /// The messages (newest first in lists; as asked in `get_conversation`).
    pub messages: Vec<Message>,
    /// Whether the viewer may delete messages for everyone.
    pub candeletemessagesforallusers: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_conversation_message")]
pub struct Message {
    /// Message id.
    pub id: i64,
    /// Sender's user id.
    pub useridfrom: i64,
    /// Text (HTML).
    pub text: String,
    /// Sent (Unix time).
    pub timecreated: i64,
}

impl From<messages::Model> for Message {
    fn from(m: messages::Model) -> Self {
        Self {
            id: m.id,
            useridfrom: m.useridfrom,
            text: message_html(&m.fullmessage, m.fullmessageformat),
            timecreated: m.timecreated,
        }
    }
}

/// How much of a conversation to load.
pub struct Window {
    pub messageoffset: u64,
    pub messagelimit: u64,
    pub newest_first: bool,
    pub memberoffset: usize,
    pub memberlimit: usize,
    pub contact_requests: bool,
    pub privacy: bool,
}

impl Window {
    /// What a list of conversations shows of each: the last message, and privacy info.
    pub const LIST: Window = Window {
        messageoffset: 0,
        messagelimit: 1,
        newest_first: true,
        memberoffset: 0,
        memberlimit: 2,
        contact_requests: true,
        privacy: true,
    };
}

/// `userid`'s view of each conversation, in the order given.
pub async fn describe(
    call: &Call<'_>,
    userid: i64,
    list: Vec<conversations::Model>,
    window: &Window,
) -> Result<Vec<Conversation>, ApiError> {
    let db = call.db();
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let mut members = store::members_of(&db, &ids).await?;
    let unread = store::unread_counts(&db, userid, &ids).await?;
    let candelete = call.can(cap::SITE_DELETEANYMESSAGE, &[ids::SYSTEM_CONTEXT]).await?;
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let all = members.remove(&c.id).unwrap_or_default();
        let others: Vec<i64> =
            all.iter().copied().filter(|m| *m != userid || c.kind == store::SELF).skip(window.memberoffset).take(window.memberlimit).collect();
        let order = match window.newest_first {
            true => sea_orm::Order::Desc,
            false => sea_orm::Order::Asc,
        };
        let mut query = messages::Entity::find()
            .filter(messages::Column::Conversationid.eq(c.id))
            .filter(store::visible_to(userid))
            .order_by(messages::Column::Timecreated, order.clone())
            .order_by(messages::Column::Id, order)
            .offset(window.messageoffset);
        if window.messagelimit > 0 {
            query = query.limit(window.messagelimit);
        }
        let shown = query.all(&db).await?;
        let unreadcount = unread.get(&c.id).copied().unwrap_or(0);
        out.push(Conversation {
            id: c.id,
            name: OrNull(c.name.clone()),
            subname: OrNull(None),
            imageurl: OrNull(None),
            kind: c.kind.into(),
            membercount: all.len() as i64,
            ismuted: false,
            isfavourite: false,
            isread: unreadcount == 0,
            unreadcount: OrNull(Some(unreadcount)),
            members: members_info(call, userid, &others, window.contact_requests, window.privacy).await?,
            messages: shown.into_iter().map(Message::from).collect(),
            candeletemessagesforallusers: candelete,
        });
    }
    Ok(out)
}
