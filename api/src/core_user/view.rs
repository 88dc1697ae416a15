//! What a caller may see of other users (MOODLE-SPEC §10 USER): everything about themselves and,
//! with `moodle/user:update` or `moodle/user:viewhiddendetails`, about anyone; public fields of
//! users they share a course with or, with `moodle/user:viewdetails`, of anyone; nothing otherwise.
use std::collections::HashSet;

use poem_openapi::Object;
use serde::Serialize;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use lmsgate_entities::{cap, enrol, ids, user, user_enrolments};

use super::picture::Pictures;
use crate::framework::{ApiError, Call};

// Also `serde`: the answer's text is written from it (`json_text`), equal to `to_json` (tested).
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Object, Serialize)]
#[oai(rename = "core_user_description", skip_serializing_if_is_none)]
pub struct UserDescription {
    /// User id.
    pub id: i64,
    /// Username (only to the user and to those who may update users).
    pub username: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// Full name.
    pub fullname: String,
    /// Email address.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Phone 1.
    pub phone1: Option<String>,
    /// Phone 2.
    pub phone2: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Institution.
    pub institution: Option<String>,
    /// Identifier in an external system.
    pub idnumber: Option<String>,
    /// Interests (comma separated).
    pub interests: Option<String>,
    /// First access (Unix time).
    pub firstaccess: Option<i64>,
    /// Last access (Unix time).
    pub lastaccess: Option<i64>,
    /// Authentication plugin.
    pub auth: Option<String>,
    /// Whether the account is suspended.
    pub suspended: Option<bool>,
    /// Whether the account is confirmed.
    pub confirmed: Option<bool>,
    /// Language code.
    pub lang: Option<String>,
    /// Calendar type.
    pub calendartype: Option<String>,
    /// Theme.
    pub theme: Option<String>,
    /// Time zone.
    pub timezone: Option<String>,
    /// Mail format: 0 plain text, 1 HTML.
    pub mailformat: Option<i64>,
    /// Description.
    pub description: Option<String>,
    /// Description format (1 = HTML).
    pub descriptionformat: Option<i64>,
    /// City.
    pub city: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Small profile picture URL.
    pub profileimageurlsmall: String,
    /// Profile picture URL.
    pub profileimageurl: String,
    /// Whether forum posts are tracked (to the user and those who may update users).
    pub trackforums: Option<i64>,
    /// Custom profile fields (none are defined on lmsgate sites).
    pub customfields: Option<Vec<CustomField>>,
    /// The user's preferences (to the user only).
    pub preferences: Option<Vec<NamedPreference>>,
}

/// A custom profile field's value.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Object, Serialize)]
#[oai(rename = "core_user_custom_field", skip_serializing_if_is_none)]
pub struct CustomField {
    /// Field type, e.g. `text`.
    #[oai(rename = "type")]
    #[serde(rename = "type")]
    pub kind: String,
    /// Stored value.
    pub value: String,
    /// Value as shown.
    pub displayvalue: Option<String>,
    /// Field name.
    pub name: String,
    /// Field short name.
    pub shortname: String,
}

/// A user preference.
#[derive(Debug, Clone, Object, Serialize)]
#[oai(rename = "core_user_named_preference")]
pub struct NamedPreference {
    /// Name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// The caller's own preferences, for their own description (Moodle shows them to the user only).
pub async fn with_own_preferences(call: &Call<'_>, list: &mut [UserDescription]) -> Result<(), ApiError> {
    let me = call.caller.user().id;
    let Some(mine) = list.iter_mut().find(|u| u.id == me) else { return Ok(()) };
    mine.preferences = Some(own_preferences(call).await?);
    Ok(())
}

/// The caller's preferences, by name.
pub async fn own_preferences(call: &Call<'_>) -> Result<Vec<NamedPreference>, ApiError> {
    use sea_orm::QueryOrder;
    let prefs = lmsgate_entities::user_preferences::Entity::find()
        .filter(lmsgate_entities::user_preferences::Column::Userid.eq(call.caller.user().id))
        .order_by_asc(lmsgate_entities::user_preferences::Column::Name)
        .all(&call.db())
        .await?;
    Ok(prefs.into_iter().map(|p| NamedPreference { name: p.name, value: p.value }).collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    Full,
    Public,
    Hidden,
}

/// The caller's view of a set of users, loaded in a fixed number of queries.
pub struct Viewer {
    caller: i64,
    sees_all_full: bool,
    sees_all_public: bool,
    shares_course: HashSet<i64>,
}

impl Viewer {
    /// The caller's view of `targets` (at most a page of users).
    pub async fn load(call: &Call<'_>, targets: &[i64]) -> Result<Self, ApiError> {
        Self::new(call).await?.sharing_with(call, targets).await
    }

    /// What the caller sees of everyone: everything, public fields, or only course mates'.
    pub async fn new(call: &Call<'_>) -> Result<Self, ApiError> {
        let state = call.state;
        let who = call.caller.subject();
        let system = [ids::SYSTEM_CONTEXT];
        let sees_all_full = state.has_capability(who, cap::USER_UPDATE, &system).await?
            || state.has_capability(who, cap::USER_VIEWHIDDENDETAILS, &system).await?;
        let sees_all_public = sees_all_full || state.has_capability(who, cap::USER_VIEWDETAILS, &system).await?;
        Ok(Self { caller: who.userid, sees_all_full, sees_all_public, shares_course: HashSet::new() })
    }

    /// Which of `targets` share a course with the caller (when that decides what is seen).
    pub async fn sharing_with(mut self, call: &Call<'_>, targets: &[i64]) -> Result<Self, ApiError> {
        if self.sees_all_public || targets.is_empty() {
            return Ok(self);
        }
        self.shares_course = user_enrolments::Entity::find()
            .select_only()
            .column(user_enrolments::Column::Userid)
            .filter(user_enrolments::Column::Userid.is_in(targets.iter().copied()))
            .filter(user_enrolments::Column::Userid.in_subquery(shared_course_users(self.caller)))
            .into_tuple::<i64>()
            .all(&call.db())
            .await?
            .into_iter()
            .collect();
        Ok(self)
    }

    /// The users the caller may see at all, as a condition on `user.id` for the database to
    /// apply (`None`: everyone).
    pub fn visible_users(&self) -> Option<Condition> {
        (!self.sees_all_public).then(|| {
            Condition::any()
                .add(user::Column::Id.eq(self.caller))
                .add(user::Column::Id.in_subquery(shared_course_users(self.caller)))
        })
    }

    pub fn detail(&self, userid: i64) -> Detail {
        if userid == self.caller || self.sees_all_full {
            Detail::Full
        } else if self.sees_all_public || self.shares_course.contains(&userid) {
            Detail::Public
        } else {
            Detail::Hidden
        }
    }

    pub fn sees_all(&self) -> bool {
        self.sees_all_full
    }
}

/// Users actively enrolled, through an enabled instance, in a course where `userid` is actively
/// enrolled through an enabled instance: a subquery, so the database does the work.
fn shared_course_users(userid: i64) -> SelectStatement {
    let active_instances = |courses: SelectStatement| {
        Query::select()
            .column(enrol::Column::Id)
            .from(enrol::Entity)
            .and_where(enrol::Column::Status.eq(0))
            .and_where(enrol::Column::Courseid.in_subquery(courses))
            .to_owned()
    };
    let my_instances = Query::select()
        .column(user_enrolments::Column::Enrolid)
        .from(user_enrolments::Entity)
        .and_where(user_enrolments::Column::Userid.eq(userid))
        .and_where(user_enrolments::Column::Status.eq(0))
        .to_owned();
    let my_courses = Query::select()
        .column(enrol::Column::Courseid)
        .from(enrol::Entity)
        .and_where(enrol::Column::Status.eq(0))
        .and_where(enrol::Column::Id.in_subquery(my_instances))
        .to_owned();
    Query::select()
        .column(user_enrolments::Column::Userid)
        .from(user_enrolments::Entity)
        .and_where(user_enrolments::Column::Status.eq(0))
        .and_where(user_enrolments::Column::Enrolid.in_subquery(active_instances(my_courses)))
        .to_owned()
}

fn some(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// The description of `u` at the given level of detail (`None` when hidden).
pub fn describe(u: &user::Model, detail: Detail, wwwroot: &str, pictures: &Pictures) -> Option<UserDescription> {
    if detail == Detail::Hidden {
        return None;
    }
    let full = detail == Detail::Full;
    let private = |s: &str| if full { some(s) } else { None };
    Some(UserDescription {
        id: u.id,
        username: full.then(|| u.username.clone()),
        firstname: Some(u.firstname.clone()),
        lastname: Some(u.lastname.clone()),
        fullname: format!("{} {}", u.firstname, u.lastname),
        email: if full || u.maildisplay == 1 { some(&u.email) } else { None },
        address: private(&u.address),
        phone1: private(&u.phone1),
        phone2: private(&u.phone2),
        department: private(&u.department),
        institution: private(&u.institution),
        idnumber: private(&u.idnumber),
        interests: some(&u.interests),
        firstaccess: full.then_some(u.firstaccess),
        lastaccess: full.then_some(u.lastaccess),
        auth: full.then(|| u.auth.clone()),
        suspended: full.then_some(u.suspended != 0),
        confirmed: full.then_some(u.confirmed != 0),
        lang: full.then(|| u.lang.clone()),
        calendartype: full.then(|| u.calendartype.clone()),
        theme: private(&u.theme),
        timezone: full.then(|| u.timezone.clone()),
        mailformat: full.then_some(u.mailformat as i64),
        description: some(&u.description),
        descriptionformat: (!u.description.is_empty()).then_some(u.descriptionformat as i64),
        city: some(&u.city),
        country: some(&u.country),
        profileimageurlsmall: pictures.url(wwwroot, u, "f2"),
        profileimageurl: pictures.url(wwwroot, u, "f1"),
        trackforums: full.then_some(0),
        customfields: None,
        preferences: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem_openapi::types::{ParseFromJSON, ToJSON};
    use serde_json::json;

    /// The text `json_text` writes is exactly what `to_json` would send, key order included.
    #[test]
    fn serde_text_is_to_json() {
        let full = json!({
            "id": 3, "username": "u", "firstname": "Zoë", "lastname": "\"Q\"\n", "fullname": "Zoë Q",
            "email": "u@example.org", "address": "a", "phone1": "1", "phone2": "2", "department": "d",
            "institution": "i", "idnumber": "x", "interests": "t", "firstaccess": 1, "lastaccess": 2,
            "auth": "manual", "suspended": false, "confirmed": true, "lang": "en", "calendartype": "gregorian",
            "theme": "", "timezone": "99", "mailformat": 1, "description": "<p>d</p>", "descriptionformat": 1,
            "city": "c", "country": "NZ", "profileimageurlsmall": "s", "profileimageurl": "p", "trackforums": 0,
            "customfields": [{"type": "text", "value": "v", "displayvalue": "V", "name": "N", "shortname": "n"},
                             {"type": "text", "value": "v", "name": "N", "shortname": "n"}],
            "preferences": [{"name": "a", "value": "b"}]
        });
        let minimal = json!({"id": 4, "fullname": "F", "profileimageurlsmall": "s", "profileimageurl": "p"});
        for value in [full, minimal] {
            let user = UserDescription::parse_from_json(Some(value)).unwrap();
            let tree = serde_json::to_string(&user.to_json().unwrap()).unwrap();
            assert_eq!(serde_json::to_string(&user).unwrap(), tree);
        }
    }
}
