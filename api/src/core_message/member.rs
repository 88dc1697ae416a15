//! A conversation member as another user sees them (Moodle's `helper::get_member_info`).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{message_contact_requests as requests, now, user};

use super::store::Reach;
use crate::core_user::Pictures;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call};

/// Seconds since the last request within which a user shows as online.
const ONLINE_WINDOW: i64 = 300;

#[derive(Debug, Object)]
#[oai(rename = "core_message_member", skip_serializing_if_is_none)]
pub struct Member {
    /// User id.
    pub id: i64,
    /// Full name.
    pub fullname: String,
    /// Profile URL.
    pub profileurl: String,
    /// Profile picture URL.
    pub profileimageurl: String,
    /// Small profile picture URL.
    pub profileimageurlsmall: String,
    /// Whether they used the site in the last five minutes.
    pub isonline: bool,
    /// Whether their online status is shown.
    pub showonlinestatus: bool,
    /// Whether the viewer blocked them.
    pub isblocked: bool,
    /// Whether they are the viewer's contact.
    pub iscontact: bool,
    /// Whether their account was deleted.
    pub isdeleted: bool,
    /// Whether they may message the viewer even if blocked (`null` without privacy info).
    pub canmessageevenifblocked: OrNull<bool>,
    /// Whether the viewer may message them (`null` without privacy info).
    pub canmessage: OrNull<bool>,
    /// Whether they accept messages only from contacts, the viewer not being one (`null`
    /// without privacy info).
    pub requirescontact: OrNull<bool>,
    /// Contact requests between them and the viewer.
    pub contactrequests: Option<Vec<ContactRequest>>,
    /// Conversations they share with the viewer (not listed).
    pub conversations: Option<Vec<MemberConversation>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_contact_request")]
pub struct ContactRequest {
    /// Request id.
    pub id: i64,
    /// Who asked.
    pub userid: i64,
    /// Who was asked.
    pub requesteduserid: i64,
    /// When (Unix time).
    pub timecreated: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_message_member_conversation")]
pub struct MemberConversation {
    /// Conversation id.
    pub id: i64,
    /// Conversation type.
    #[oai(rename = "type")]
    pub kind: i64,
    /// Conversation name.
    pub name: String,
    /// Created (Unix time).
    pub timecreated: i64,
}

/// What `reference` sees of each of `userids` (in that order; unknown ids are left out).
pub async fn members_info(
    call: &Call<'_>,
    reference: i64,
    userids: &[i64],
    include_contact_requests: bool,
    include_privacy: bool,
) -> Result<Vec<Member>, ApiError> {
    if userids.is_empty() {
        return Ok(Vec::new());
    }
    let db = call.db();
    let users = user::Entity::find().filter(user::Column::Id.is_in(userids.iter().copied())).all(&db).await?;
    let mut everyone = userids.to_vec();
    everyone.push(reference);
    let reach = Reach::load(call, &everyone).await?;
    let pending = if include_contact_requests {
        requests::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(requests::Column::Userid.eq(reference))
                    .add(requests::Column::Requesteduserid.eq(reference)),
            )
            .all(&db)
            .await?
    } else {
        Vec::new()
    };
    let pictures = Pictures::load(&db, &users).await?;
    let www = &call.state.settings.wwwroot;
    let t = now();
    Ok(userids
        .iter()
        .filter_map(|id| users.iter().find(|u| u.id == *id))
        .map(|u| {
            let isdeleted = u.deleted != 0;
            let privacy = |v: bool| OrNull(include_privacy.then_some(!isdeleted && v));
            Member {
                id: u.id,
                fullname: format!("{} {}", u.firstname, u.lastname),
                profileurl: format!("{www}/user/profile.php?id={}", u.id),
                profileimageurl: pictures.url(www, u, "f1"),
                profileimageurlsmall: pictures.url(www, u, "f2"),
                isonline: u.lastaccess >= t - ONLINE_WINDOW,
                showonlinestatus: true,
                isblocked: false,
                iscontact: reach.is_contact(reference, u.id),
                isdeleted,
                canmessageevenifblocked: privacy(reach.messages_anyone(u.id)),
                canmessage: privacy(reach.can_send(u.id, reference)),
                requirescontact: privacy(reach.requires_contact(u.id, reference)),
                contactrequests: Some(
                    pending
                        .iter()
                        .filter(|r| r.userid == u.id || r.requesteduserid == u.id)
                        .map(|r| ContactRequest {
                            id: r.id,
                            userid: r.userid,
                            requesteduserid: r.requesteduserid,
                            timecreated: r.timecreated,
                        })
                        .collect(),
                ),
                conversations: None,
            }
        })
        .collect())
}
