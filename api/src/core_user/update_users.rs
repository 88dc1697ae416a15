//! core_user_update_users: per-user problems become warnings; the rest is saved in one transaction.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, now, user};

use super::create_users::{CustomField, Preference, email_taken, password_policy};
use super::{picture, preferences};
use crate::common::{AUTHS, CALENDARS, LANGS, THEMES, Warning};
use crate::framework::secrets::hash_password;
use crate::framework::types::{Alpha, NoTags, Plugin, Text, Timezone, Trimmed, Username, is_valid_email};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct UpdateUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_update_users_params", deny_unknown_fields)]
pub struct Params {
    /// Users to update: `id` and the fields to change.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub users: Vec<UserChange>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_update_users_user", deny_unknown_fields)]
pub struct UserChange {
    /// Id of the user to update.
    pub id: i64,
    /// New username.
    #[oai(validator(max_length = 100))]
    pub username: Option<Username>,
    /// Authentication plugin.
    #[oai(validator(max_length = 20))]
    pub auth: Option<Plugin>,
    /// Suspend (true) or reactivate (false) the account.
    pub suspended: Option<bool>,
    /// New password.
    pub password: Option<String>,
    /// First name.
    #[oai(validator(max_length = 100))]
    pub firstname: Option<NoTags>,
    /// Last name.
    #[oai(validator(max_length = 100))]
    pub lastname: Option<NoTags>,
    /// Email address.
    #[oai(validator(max_length = 100))]
    pub email: Option<Trimmed>,
    /// Email display: 0 hidden, 1 everyone, 2 course members.
    #[oai(validator(minimum(value = "0"), maximum(value = "2")))]
    pub maildisplay: Option<i32>,
    /// City.
    #[oai(validator(max_length = 120))]
    pub city: Option<Text>,
    /// Two-letter country code.
    #[oai(validator(max_length = 2))]
    pub country: Option<Alpha>,
    /// Time zone.
    #[oai(validator(max_length = 100))]
    pub timezone: Option<Timezone>,
    /// Description (HTML).
    pub description: Option<String>,
    /// Identifier in an external system.
    #[oai(validator(max_length = 255))]
    pub idnumber: Option<String>,
    /// Institution.
    #[oai(validator(max_length = 255))]
    pub institution: Option<Text>,
    /// Department.
    #[oai(validator(max_length = 255))]
    pub department: Option<Text>,
    /// Phone 1.
    #[oai(validator(max_length = 20))]
    pub phone1: Option<NoTags>,
    /// Phone 2.
    #[oai(validator(max_length = 20))]
    pub phone2: Option<NoTags>,
    /// Postal address.
    #[oai(validator(max_length = 255))]
    pub address: Option<Text>,
    /// Language code.
    #[oai(validator(max_length = 30))]
    pub lang: Option<Plugin>,
    /// Theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
    /// Mail format: 0 plain text, 1 HTML.
    #[oai(validator(minimum(value = "0"), maximum(value = "1")))]
    pub mailformat: Option<i32>,
    /// Phonetic first name.
    #[oai(validator(max_length = 255))]
    pub firstnamephonetic: Option<NoTags>,
    /// Phonetic last name.
    #[oai(validator(max_length = 255))]
    pub lastnamephonetic: Option<NoTags>,
    /// Middle name.
    #[oai(validator(max_length = 255))]
    pub middlename: Option<NoTags>,
    /// Alternate name.
    #[oai(validator(max_length = 255))]
    pub alternatename: Option<NoTags>,
    /// Interests (comma separated).
    pub interests: Option<Text>,
    /// Calendar type.
    #[oai(validator(max_length = 30))]
    pub calendartype: Option<Plugin>,
    /// The caller's draft item id holding the new picture, or 0 to delete the picture.
    pub userpicture: Option<i64>,
    /// Custom profile fields (ignored: this site defines none).
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<CustomField>>,
    /// Preferences to set.
    #[oai(validator(max_items = 100))]
    pub preferences: Option<Vec<Preference>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_update_users_returns")]
pub struct Returns {
    /// One warning per user that was not updated.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for UpdateUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_update_users",
        summary: "Update users (per-user problems are warnings)",
        description: "Update users. A user that cannot be updated is reported as a warning; the others are saved.",
        kind: Kind::Write,
        ajax: true,
        requires: &[cap::USER_UPDATE],
        example: r#"{"users":[{"id":3,"city":"Perth","country":"AU"}]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let site = call.state.site().await?;
        let caller_is_admin = site.is_siteadmin(call.caller.user().id);
        // Hash new passwords before taking the write lock: argon2 is slow on purpose.
        let mut hashes = Vec::with_capacity(p.users.len());
        for change in &p.users {
            hashes.push(
                match change.password.as_deref().filter(|pw| !pw.is_empty() && password_policy(&site, pw).is_none()) {
                    Some(pw) => Some(hash_password(pw.to_string()).await?),
                    None => None,
                },
            );
        }
        // Pictures are decoded before the write lock too; `None` leaves the picture alone.
        let pictures_on = site.int("disableuserimages") == 0;
        let mut pictures = Vec::with_capacity(p.users.len());
        for change in &p.users {
            pictures.push(match change.userpicture.filter(|_| pictures_on) {
                None => None,
                Some(0) => Some(Ok(None)),
                Some(draft) => Some(picture::from_draft(call, draft).await?.map(Some)),
            });
        }
        let txn = call.write().await?;
        let mut warnings = Vec::new();
        for ((change, hash), new_picture) in p.users.into_iter().zip(hashes).zip(pictures) {
            let id = change.id;
            let warn = |code: &str, message: String| Warning::new("user", id, code, message);
            let Some(existing) = user::Entity::find_by_id(id).one(&txn).await? else {
                warnings.push(warn("invaliduserid", "Invalid user ID".into()));
                continue;
            };
            if existing.deleted != 0 {
                warnings.push(warn("usernotupdateddeleted", "error/usernotupdateddeleted".into()));
                continue;
            }
            if id == site.int("siteguest") {
                warnings.push(warn("usernotupdatedguest", "error/usernotupdatedguest".into()));
                continue;
            }
            if site.is_siteadmin(id) && !caller_is_admin {
                warnings.push(warn("usernotupdatedadmin", "Cannot update a site administrator's account".into()));
                continue;
            }
            if let Some(email) = &change.email {
                if !is_valid_email(email) {
                    warnings.push(warn("useremailinvalid", "error/useremailinvalid".into()));
                    continue;
                }
                if !site.enabled("allowaccountssameemail") && email_taken(&txn, email, Some(id)).await? {
                    warnings.push(warn("useremailduplicate", "Duplicate address".into()));
                    continue;
                }
            }
            if let Some(name) = &change.username
                && user::Entity::find()
                    .filter(user::Column::Username.eq(name.as_str()))
                    .filter(user::Column::Id.ne(id))
                    .count(&txn)
                    .await?
                    > 0
            {
                warnings.push(warn("invalidparameter", format!("Username already exists: {name}")));
                continue;
            }
            if let Some(auth) = change.auth.as_ref().filter(|a| !AUTHS.contains(&a.as_str())) {
                warnings.push(warn("invalidparameter", format!("Invalid authentication type: {auth}")));
                continue;
            }
            if let Some(lang) = change.lang.as_ref().filter(|l| !LANGS.contains(&l.as_str())) {
                warnings.push(warn("invalidparameter", format!("Invalid language code: {lang}")));
                continue;
            }
            if let Some(calendar) = change.calendartype.as_ref().filter(|c| !CALENDARS.contains(&c.as_str())) {
                warnings.push(warn("invalidparameter", format!("Invalid calendar type: {calendar}")));
                continue;
            }
            if let Some(theme) = change.theme.as_ref().filter(|t| !t.is_empty() && !THEMES.contains(&t.as_str())) {
                warnings.push(warn("invalidparameter", format!("Invalid theme: {theme}")));
                continue;
            }
            let blank = [("firstname", &change.firstname), ("lastname", &change.lastname)]
                .into_iter()
                .find(|(_, v)| v.as_ref().is_some_and(|v| v.trim().is_empty()));
            if let Some((field, _)) = blank {
                warnings.push(warn("invalidparameter", format!("The field {field} cannot be blank")));
                continue;
            }
            let password = match change.password.as_deref().filter(|p| !p.is_empty()) {
                Some(pw) => match password_policy(&site, pw) {
                    Some(why) => {
                        warnings.push(warn("errorpasswordupdate", why));
                        continue;
                    }
                    None => hash.clone(),
                },
                None => None,
            };
            let mut row = existing.into_active_model();
            macro_rules! set {
                ($field:ident) => {
                    if let Some(v) = change.$field {
                        row.$field = Set(v.into());
                    }
                };
                ($field:ident, inner) => {
                    if let Some(v) = change.$field {
                        row.$field = Set(v.0);
                    }
                };
            }
            set!(username, inner);
            set!(auth, inner);
            set!(firstname, inner);
            set!(lastname, inner);
            set!(email, inner);
            set!(maildisplay);
            set!(city, inner);
            set!(timezone, inner);
            set!(description);
            set!(idnumber);
            set!(institution, inner);
            set!(department, inner);
            set!(phone1, inner);
            set!(phone2, inner);
            set!(address, inner);
            set!(lang, inner);
            set!(theme, inner);
            set!(mailformat);
            set!(firstnamephonetic, inner);
            set!(lastnamephonetic, inner);
            set!(middlename, inner);
            set!(alternatename, inner);
            set!(interests, inner);
            set!(calendartype, inner);
            match new_picture {
                Some(Ok(icons)) => row.picture = Set(picture::store(call, &txn, id, icons).await?),
                Some(Err(why)) => warnings.push(warn("invalidimage", why.message)),
                None => {}
            }
            for pref in change.preferences.into_iter().flatten() {
                preferences::set(&txn, id, &pref.kind, &pref.value).await?;
            }
            if let Some(v) = change.country {
                row.country = Set(v.0.to_uppercase());
            }
            if let Some(v) = change.suspended {
                row.suspended = Set(v as i32);
            }
            if let Some(hash) = password {
                row.password = Set(hash);
            }
            row.timemodified = Set(now());
            row.update(&txn).await?;
        }
        Ok(Returns { warnings })
    }
}
