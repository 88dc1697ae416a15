//! core_message_get_messages: a user's notifications (and, for `conversations`, the private
//! messages they received), newest first by default.
use poem_openapi::Object;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{
    cap, ids, message_conversation_members as members, message_user_actions as actions, messages, notifications,
    seed, user,
};

use super::store::{self, NOREPLY, message_html};
use crate::common::Warning;
use crate::framework::types::{Alpha, OrNull};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetMessages;

/// The most messages one call returns.
const MAX: u64 = 100;

fn both() -> Alpha {
    Alpha("both".into())
}

fn one() -> i64 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_message_get_messages_params", deny_unknown_fields)]
pub struct Params {
    /// The recipient (0 for anyone; another user's need moodle/site:readallmessages).
    pub useridto: i64,
    /// The sender (0 for anyone).
    #[oai(default)]
    pub useridfrom: i64,
    /// `notifications`, `conversations` or `both`.
    #[oai(rename = "type", default = "both")]
    pub kind: Alpha,
    /// 1 read, 0 unread, 2 both.
    #[oai(default = "one")]
    pub read: i64,
    /// Newest first.
    #[oai(default = "yes")]
    pub newestfirst: bool,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub limitfrom: u64,
    /// How many (0 for the most, 100).
    #[oai(default, validator(minimum(value = "0")))]
    pub limitnum: u64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_get_messages_returns")]
pub struct Messages {
    /// The messages.
    pub messages: Vec<Received>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_received", skip_serializing_if_is_none)]
pub struct Received {
    /// Id (of the notification, or of the message).
    pub id: i64,
    /// Sender (-10 for the site's no-reply address).
    pub useridfrom: i64,
    /// Recipient.
    pub useridto: i64,
    /// Subject.
    pub subject: OrNull<String>,
    /// Text (HTML).
    pub text: String,
    /// Full message.
    pub fullmessage: String,
    /// Its format.
    pub fullmessageformat: i64,
    /// Full message (HTML).
    pub fullmessagehtml: String,
    /// Short form.
    pub smallmessage: OrNull<String>,
    /// 1 a notification, 0 a message.
    pub notification: i64,
    /// Where it leads.
    pub contexturl: OrNull<String>,
    /// That place's name.
    pub contexturlname: OrNull<String>,
    /// Sent (Unix time).
    pub timecreated: i64,
    /// Read (Unix time), `null` when unread.
    pub timeread: OrNull<i64>,
    /// Recipient's full name.
    pub usertofullname: String,
    /// Sender's full name.
    pub userfromfullname: String,
    /// Component that sent it.
    pub component: Option<String>,
    /// Event that caused it.
    pub eventtype: Option<String>,
    /// Extra data (JSON).
    pub customdata: OrNull<String>,
    /// Icon URL.
    pub iconurl: Option<String>,
}

impl ExternalFunction for GetMessages {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_message_get_messages",
        summary: "Get a user's notifications and received messages",
        description: "List what the user received: notifications, private messages (`conversations`) or both, read, unread or both, newest first by default. Another user's need moodle/site:readallmessages.",
        ajax: true,
        checks: &[cap::SITE_READALLMESSAGES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"useridto":3,"type":"notifications","read":2,"newestfirst":true,"limitfrom":0,"limitnum":20}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Messages;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Messages, ApiError> {
        store::require_messaging(call).await?;
        let kind = p.kind.0.to_lowercase();
        if !["notifications", "conversations", "both"].contains(&kind.as_str()) {
            return Err(code::INVALID_PARAMETER.err().with_debuginfo("invalid type"));
        }
        let me = call.caller.user().id;
        if p.useridto != me && p.useridfrom != me && !call.can(cap::SITE_READALLMESSAGES, &[ids::SYSTEM_CONTEXT]).await? {
            return Err(code::ACCESS_DENIED.err());
        }
        let limit = if p.limitnum == 0 { MAX } else { p.limitnum.min(MAX) };
        let fetch = p.limitfrom + limit;
        let db = call.db();
        let www = &call.state.settings.wwwroot;
        let mut found = Vec::new();
        if kind != "conversations" {
            let mut q = notifications::Entity::find();
            if p.useridto != 0 {
                q = q.filter(notifications::Column::Useridto.eq(p.useridto));
            }
            if p.useridfrom != 0 {
                q = q.filter(notifications::Column::Useridfrom.eq(p.useridfrom));
            }
            q = match p.read {
                0 => q.filter(notifications::Column::Timeread.is_null()),
                1 => q.filter(notifications::Column::Timeread.is_not_null()),
                _ => q,
            };
            for n in q.order_by_desc(notifications::Column::Timecreated).limit(fetch).all(&db).await? {
                let text = match n.smallmessage.as_deref().filter(|s| !s.is_empty()) {
                    Some(s) => format!("<p>{s}</p>"),
                    None => format!("<p>{}</p>", n.fullmessage),
                };
                found.push(Received {
                    id: n.id,
                    useridfrom: n.useridfrom,
                    useridto: n.useridto,
                    subject: OrNull(Some(n.subject)),
                    text,
                    fullmessage: n.fullmessage,
                    fullmessageformat: n.fullmessageformat.into(),
                    fullmessagehtml: n.fullmessagehtml,
                    smallmessage: OrNull(n.smallmessage),
                    notification: 1,
                    contexturl: OrNull(n.contexturl),
                    contexturlname: OrNull(n.contexturlname),
                    timecreated: n.timecreated,
                    timeread: OrNull(n.timeread),
                    usertofullname: String::new(),
                    userfromfullname: String::new(),
                    component: Some(n.component),
                    eventtype: Some(n.eventtype),
                    customdata: OrNull(n.customdata),
                    iconurl: Some(format!("{www}/theme/image.php/boost/core/1/i/marker")),
                });
            }
        }
        if kind != "notifications" && p.useridto != 0 {
            // Messages to `useridto`: others' messages in their conversations.
            let mut q = messages::Entity::find()
                .filter(
                    messages::Column::Conversationid.in_subquery(
                        Query::select()
                            .column(members::Column::Conversationid)
                            .from(members::Entity)
                            .and_where(members::Column::Userid.eq(p.useridto))
                            .to_owned(),
                    ),
                )
                .filter(messages::Column::Useridfrom.ne(p.useridto))
                .filter(store::visible_to(p.useridto));
            if p.useridfrom != 0 {
                q = q.filter(messages::Column::Useridfrom.eq(p.useridfrom));
            }
            let list = q.order_by_desc(messages::Column::Timecreated).limit(fetch).all(&db).await?;
            let read: Vec<(i64, i64)> = if list.is_empty() {
                Vec::new()
            } else {
                actions::Entity::find()
                .select_only()
                .column(actions::Column::Messageid)
                .column(actions::Column::Timecreated)
                .filter(actions::Column::Userid.eq(p.useridto))
                .filter(actions::Column::Action.eq(store::READ))
                .filter(actions::Column::Messageid.is_in(list.iter().map(|m| m.id)))
                .into_tuple()
                .all(&db)
                .await?
            };
            for m in list {
                let timeread = read.iter().find(|(id, _)| *id == m.id).map(|(_, t)| *t);
                if (p.read == 0 && timeread.is_some()) || (p.read == 1 && timeread.is_none()) {
                    continue;
                }
                found.push(Received {
                    id: m.id,
                    useridfrom: m.useridfrom,
                    useridto: p.useridto,
                    subject: OrNull(m.subject),
                    text: message_html(&m.fullmessage, m.fullmessageformat),
                    fullmessage: m.fullmessage,
                    fullmessageformat: m.fullmessageformat.into(),
                    fullmessagehtml: m.fullmessagehtml,
                    smallmessage: OrNull(Some(m.smallmessage)),
                    notification: 0,
                    contexturl: OrNull(None),
                    contexturlname: OrNull(None),
                    timecreated: m.timecreated,
                    timeread: OrNull(timeread),
                    usertofullname: String::new(),
                    userfromfullname: String::new(),
                    component: None,
                    eventtype: None,
                    customdata: OrNull(None),
                    iconurl: None,
                });
            }
        }
        found.sort_by_key(|r| (r.timecreated, r.id));
        if p.newestfirst {
            found.reverse();
        }
        let mut page: Vec<Received> = found.into_iter().skip(p.limitfrom as usize).take(limit as usize).collect();
        let mut people: Vec<i64> = page.iter().flat_map(|r| [r.useridfrom, r.useridto]).collect();
        people.sort_unstable();
        people.dedup();
        let names = match people.is_empty() {
            true => Vec::new(),
            false => user::Entity::find().filter(user::Column::Id.is_in(people)).all(&db).await?,
        };
        let name = |id: i64| match names.iter().find(|u| u.id == id) {
            Some(u) => format!("{} {}", u.firstname, u.lastname),
            None if id == NOREPLY => "Do not reply to this email ".to_string(),
            None => String::new(),
        };
        for r in &mut page {
            r.usertofullname = name(r.useridto);
            r.userfromfullname = name(r.useridfrom);
        }
        Ok(Messages { messages: page, warnings: Vec::new() })
    }
}
