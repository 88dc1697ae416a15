//! Conversations and messages in the database, and Moodle's rules for who may message whom
//! (`core_message\api::can_send_message` / `can_contact_user`).
use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use sha2::{Digest, Sha256};

use lmsgate_entities::{
    cap, ids, message_contacts, message_conversation_members as members, message_conversations as conversations,
    messages, now, user, user_preferences,
};

use crate::framework::access::enrolled_courses;
use crate::framework::{ApiError, Call, code};

/// Conversation types.
pub const INDIVIDUAL: i32 = 1;
pub const GROUP: i32 = 2;
pub const SELF: i32 = 3;
/// `message_user_actions.action`.
pub const READ: i32 = 1;
pub const DELETED: i32 = 2;
/// Moodle's no-reply user, the sender of the site's own notifications.
pub const NOREPLY: i64 = -10;

/// The messaging privacy a user chose (`message_blocknoncontacts`).
const ONLY_CONTACTS: i64 = 0;
const COURSE_MEMBERS: i64 = 1;
const SITE: i64 = 2;

/// Moodle's `disabled` when the site turned messaging off.
pub async fn require_messaging(call: &Call<'_>) -> Result<(), ApiError> {
    match call.state.site().await?.enabled("messaging") {
        true => Ok(()),
        false => Err(code::MESSAGING_DISABLED.err()),
    }
}

/// The caller acting for themselves, or holding moodle/site:readallmessages.
pub async fn require_self_or_readall(call: &Call<'_>, userid: i64) -> Result<(), ApiError> {
    if userid == call.caller.user().id || call.can(cap::SITE_READALLMESSAGES, &[ids::SYSTEM_CONTEXT]).await? {
        return Ok(());
    }
    Err(code::NO_PERMISSION_ACTION.err())
}

/// A user who exists and is not deleted (Moodle's `core_user::get_user(..., MUST_EXIST)`).
pub async fn existing_user(call: &Call<'_>, userid: i64) -> Result<user::Model, ApiError> {
    user::Entity::find_by_id(userid)
        .filter(user::Column::Deleted.eq(0))
        .one(&call.db())
        .await?
        .ok_or_else(|| code::INVALID_USER.err().with_debuginfo(format!("no user {userid}")))
}

fn pair_hash(a: i64, b: i64) -> String {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    hex::encode(Sha256::digest(format!("{low}-{high}")))
}

/// The conversation between two users, if they have one.
pub async fn individual<C: ConnectionTrait>(db: &C, a: i64, b: i64) -> Result<Option<conversations::Model>, ApiError> {
    Ok(conversations::Entity::find()
        .filter(conversations::Column::Convhash.eq(pair_hash(a, b)))
        .filter(conversations::Column::Kind.eq(INDIVIDUAL))
        .one(db)
        .await?)
}

/// The conversation between two users, made (with both as members) when they have none.
pub async fn individual_or_new<C: ConnectionTrait>(db: &C, a: i64, b: i64) -> Result<conversations::Model, ApiError> {
    if let Some(c) = individual(db, a, b).await? {
        return Ok(c);
    }
    let t = now();
    let made = conversations::Entity::insert(conversations::ActiveModel {
        kind: Set(INDIVIDUAL),
        name: Set(None),
        convhash: Set(Some(pair_hash(a, b))),
        enabled: Set(1),
        timecreated: Set(t),
        timemodified: Set(t),
        ..Default::default()
    })
    .exec(db)
    .await?;
    let id = made.last_insert_id;
    members::Entity::insert_many([a, b].map(|userid| members::ActiveModel {
        conversationid: Set(id),
        userid: Set(userid),
        timecreated: Set(t),
        ..Default::default()
    }))
    .exec_without_returning(db)
    .await?;
    Ok(conversations::Entity::find_by_id(id).one(db).await?.expect("just made"))
}

/// Posts a message to a conversation; its text is kept as the sender wrote it, in its format.
pub async fn post<C: ConnectionTrait>(
    db: &C,
    from: i64,
    conversationid: i64,
    text: &str,
    format: i32,
) -> Result<messages::Model, ApiError> {
    let t = now();
    let row = messages::ActiveModel {
        useridfrom: Set(from),
        conversationid: Set(conversationid),
        subject: Set(None),
        fullmessage: Set(text.to_string()),
        fullmessageformat: Set(format),
        fullmessagehtml: Set(String::new()),
        smallmessage: Set(text.to_string()),
        timecreated: Set(t),
        ..Default::default()
    };
    let id = messages::Entity::insert(row).exec(db).await?.last_insert_id;
    conversations::Entity::update_many()
        .col_expr(conversations::Column::Timemodified, Expr::value(t))
        .filter(conversations::Column::Id.eq(conversationid))
        .exec(db)
        .await?;
    Ok(messages::Entity::find_by_id(id).one(db).await?.expect("just posted"))
}

/// The ids of a user's conversations' members, by conversation.
pub async fn members_of<C: ConnectionTrait>(db: &C, conversationids: &[i64]) -> Result<HashMap<i64, Vec<i64>>, ApiError> {
    let mut by = HashMap::<i64, Vec<i64>>::new();
    if conversationids.is_empty() {
        return Ok(by);
    }
    for m in members::Entity::find()
        .filter(members::Column::Conversationid.is_in(conversationids.iter().copied()))
        .all(db)
        .await?
    {
        by.entry(m.conversationid).or_default().push(m.userid);
    }
    Ok(by)
}

/// Whether the user is a member of the conversation.
pub async fn is_member<C: ConnectionTrait>(db: &C, conversationid: i64, userid: i64) -> Result<bool, ApiError> {
    Ok(members::Entity::find()
        .filter(members::Column::Conversationid.eq(conversationid))
        .filter(members::Column::Userid.eq(userid))
        .one(db)
        .await?
        .is_some())
}

/// The messages of a conversation `userid` has not deleted for themselves.
pub fn visible_to(userid: i64) -> sea_orm::Condition {
    use lmsgate_entities::message_user_actions as actions;
    sea_orm::Condition::all().add(
        messages::Column::Id.not_in_subquery(
            Query::select()
                .column(actions::Column::Messageid)
                .from(actions::Entity)
                .and_where(actions::Column::Userid.eq(userid))
                .and_where(actions::Column::Action.eq(DELETED))
                .to_owned(),
        ),
    )
}

/// Messages of others `userid` has not read (nor deleted).
pub fn unread_by(userid: i64) -> sea_orm::Condition {
    use lmsgate_entities::message_user_actions as actions;
    sea_orm::Condition::all().add(messages::Column::Useridfrom.ne(userid)).add(
        messages::Column::Id.not_in_subquery(
            Query::select()
                .column(actions::Column::Messageid)
                .from(actions::Entity)
                .and_where(actions::Column::Userid.eq(userid))
                .to_owned(),
        ),
    )
}

/// Unread messages by conversation, for `userid`.
pub async fn unread_counts<C: ConnectionTrait>(
    db: &C,
    userid: i64,
    conversationids: &[i64],
) -> Result<HashMap<i64, i64>, ApiError> {
    if conversationids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, i64)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::Conversationid)
        .column_as(messages::Column::Id.count(), "n")
        .filter(messages::Column::Conversationid.is_in(conversationids.iter().copied()))
        .filter(unread_by(userid))
        .group_by(messages::Column::Conversationid)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// What one user may do about messaging another: Moodle's `can_send_message` and its parts.
pub struct Reach {
    contacts: HashSet<(i64, i64)>,
    privacy: HashMap<i64, i64>,
    courses: HashMap<i64, HashSet<i64>>,
    messages_anyone: HashMap<i64, bool>,
    reads_all: HashMap<i64, bool>,
    all_users: bool,
}

impl Reach {
    /// What `users` may do about each other (a handful of users: a conversation's members).
    pub async fn load(call: &Call<'_>, users: &[i64]) -> Result<Self, ApiError> {
        let db = call.db();
        let contacts = message_contacts::Entity::find()
            .filter(message_contacts::Column::Userid.is_in(users.iter().copied()))
            .filter(message_contacts::Column::Contactid.is_in(users.iter().copied()))
            .all(&db)
            .await?
            .into_iter()
            .flat_map(|c| [(c.userid, c.contactid), (c.contactid, c.userid)])
            .collect();
        let privacy = user_preferences::Entity::find()
            .filter(user_preferences::Column::Userid.is_in(users.iter().copied()))
            .filter(user_preferences::Column::Name.eq("message_blocknoncontacts"))
            .all(&db)
            .await?
            .into_iter()
            .filter_map(|p| Some((p.userid, p.value.parse().ok()?)))
            .collect();
        let (mut courses, mut messages_anyone, mut reads_all) = (HashMap::new(), HashMap::new(), HashMap::new());
        let system = [ids::SYSTEM_CONTEXT];
        for &u in users {
            courses.insert(u, enrolled_courses(&db, u).await?);
            let who = call.state.subject(u, false).await?;
            messages_anyone.insert(u, call.state.has_capability(&who, cap::SITE_MESSAGEANYUSER, &system).await?);
            reads_all.insert(u, call.state.has_capability(&who, cap::SITE_READALLMESSAGES, &system).await?);
        }
        let all_users = call.state.site().await?.enabled("messagingallusers");
        Ok(Self { contacts, privacy, courses, messages_anyone, reads_all, all_users })
    }

    pub fn is_contact(&self, a: i64, b: i64) -> bool {
        self.contacts.contains(&(a, b))
    }

    fn privacy(&self, u: i64) -> i64 {
        self.privacy.get(&u).copied().unwrap_or(COURSE_MEMBERS)
    }

    fn share_a_course(&self, a: i64, b: i64) -> bool {
        match (self.courses.get(&a), self.courses.get(&b)) {
            (Some(x), Some(y)) => !x.is_disjoint(y),
            _ => false,
        }
    }

    /// Moodle's `can_contact_user`: the recipient's privacy allows the sender.
    pub fn can_contact(&self, recipient: i64, sender: i64) -> bool {
        if recipient == sender || self.messages_anyone.get(&sender) == Some(&true) {
            return true;
        }
        match self.privacy(recipient) {
            SITE if self.all_users => true,
            SITE | COURSE_MEMBERS if self.share_a_course(sender, recipient) => true,
            _ => self.is_contact(sender, recipient),
        }
    }

    /// Moodle's `can_send_message` (the sender holds moodle/site:sendmessage, checked apart).
    pub fn can_send(&self, recipient: i64, sender: i64) -> bool {
        self.reads_all.get(&sender) == Some(&true) || self.can_contact(recipient, sender)
    }

    /// Whether `u` may message anyone whatever their privacy or blocks.
    pub fn messages_anyone(&self, u: i64) -> bool {
        self.messages_anyone.get(&u) == Some(&true) || self.reads_all.get(&u) == Some(&true)
    }

    /// Only contacts may message `recipient`, and `sender` is not one.
    pub fn requires_contact(&self, recipient: i64, sender: i64) -> bool {
        self.privacy(recipient) == ONLY_CONTACTS && !self.is_contact(sender, recipient)
    }
}

/// A message's text as Moodle's `message_format_message_text` gives it: HTML as written, other
/// formats turned into HTML.
pub fn message_html(text: &str, format: i32) -> String {
    match format {
        1 => text.to_string(),
        2 => format!("<p>{}</p>", crate::common::escape_html(text).replace('\n', "<br />")),
        _ => format!("<div class=\"text_to_html\">{}</div>", text.replace('\n', "<br />")),
    }
}
