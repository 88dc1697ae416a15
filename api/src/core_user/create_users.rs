//! core_user_create_users: all users or none.
use std::collections::HashSet;

use poem_openapi::Object;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, seed, user, user_preferences};

use crate::common::{AUTHS, CALENDARS, LANGS, THEMES};
use crate::framework::secrets::{hash_password, random_alnum};
use crate::framework::state::SiteConfig;
use crate::framework::types::{Alpha, AlphanumExt, NoTags, Plugin, Text, Timezone, Trimmed, Username, is_valid_email};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct CreateUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_create_users_params", deny_unknown_fields)]
pub struct Params {
    /// Users to create.
    #[oai(validator(min_items = 1, max_items = 1000))]
    #[validate(nested)]
    pub users: Vec<NewUser>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_create_users_customfield", deny_unknown_fields)]
pub struct CustomField {
    /// Short name of the custom profile field.
    #[oai(rename = "type")]
    pub kind: AlphanumExt,
    /// Value.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_create_users_preference", deny_unknown_fields)]
pub struct Preference {
    /// Preference name.
    #[oai(rename = "type", validator(min_length = 1, max_length = 255))]
    pub kind: String,
    /// Preference value.
    #[oai(validator(max_length = 1333))]
    pub value: String,
}

fn default_auth() -> Plugin {
    Plugin("manual".into())
}
fn default_lang() -> Plugin {
    Plugin("en".into())
}
fn default_calendar() -> Plugin {
    Plugin("gregorian".into())
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_create_users_user", deny_unknown_fields)]
#[validate(schema(function = "password_or_createpassword"))]
pub struct NewUser {
    /// True to generate a random password instead of `password`.
    pub createpassword: Option<bool>,
    /// Username: lower case, unique.
    #[oai(validator(max_length = 100))]
    pub username: Username,
    /// Authentication plugin: `manual`, `nologin` or `email`.
    #[oai(default = "default_auth", validator(max_length = 20))]
    pub auth: Plugin,
    /// Plain-text password (checked against the site's password policy).
    pub password: Option<String>,
    /// First name.
    #[oai(validator(max_length = 100))]
    pub firstname: NoTags,
    /// Last name.
    #[oai(validator(max_length = 100))]
    pub lastname: NoTags,
    /// Email address (unique unless the site allows shared addresses).
    #[oai(validator(max_length = 100))]
    pub email: Trimmed,
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
    /// Identifier in an external system.
    #[oai(default, validator(max_length = 255))]
    pub idnumber: String,
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
    #[oai(default = "default_lang", validator(max_length = 30))]
    pub lang: Plugin,
    /// Calendar type.
    #[oai(default = "default_calendar", validator(max_length = 30))]
    pub calendartype: Plugin,
    /// Theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
    /// Mail format: 0 plain text, 1 HTML.
    #[oai(validator(minimum(value = "0"), maximum(value = "1")))]
    pub mailformat: Option<i32>,
    /// Custom profile fields (ignored: this site defines none).
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<CustomField>>,
    /// User preferences.
    #[oai(validator(max_items = 100))]
    pub preferences: Option<Vec<Preference>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_create_users_created")]
pub struct CreatedUser {
    /// New user id.
    pub id: i64,
    /// Username.
    #[oai(validator(max_length = 100))]
    pub username: String,
}

const NO_PASSWORD: &str = "Invalid password: you must provide a password, or set createpassword.";

/// A password, or `createpassword` to have one generated.
fn password_or_createpassword(u: &NewUser) -> Result<(), validator::ValidationError> {
    if u.createpassword == Some(true) || u.password.as_deref().is_some_and(|p| !p.is_empty()) {
        return Ok(());
    }
    Err(validator::ValidationError::new("password").with_message(NO_PASSWORD.into()))
}

/// Moodle's password policy check; the reasons, or `None` when the password is acceptable.
pub fn password_policy(site: &SiteConfig, password: &str) -> Option<String> {
    if !site.enabled("passwordpolicy") {
        return None;
    }
    let count = |f: fn(&char) -> bool| password.chars().filter(f).count() as i64;
    let mut errors = Vec::new();
    let rules: [(&str, i64, i64); 5] = [
        ("characters long", site.int("minpasswordlength"), password.chars().count() as i64),
        ("digit(s)", site.int("minpassworddigits"), count(|c| c.is_ascii_digit())),
        ("lower case letter(s)", site.int("minpasswordlower"), count(|c| c.is_lowercase())),
        ("upper case letter(s)", site.int("minpasswordupper"), count(|c| c.is_uppercase())),
        (
            "non-alphanumeric character(s) such as *, -, or #",
            site.int("minpasswordnonalphanum"),
            count(|c| !c.is_alphanumeric()),
        ),
    ];
    for (what, min, have) in rules {
        if have < min {
            errors.push(if what == "characters long" {
                format!("Passwords must be at least {min} characters long.")
            } else {
                format!("The password must have at least {min} {what}.")
            });
        }
    }
    (!errors.is_empty()).then(|| errors.join(" "))
}

/// Whether another live account has `email` (compared ignoring case, as Moodle does).
pub async fn email_taken<C: sea_orm::ConnectionTrait>(
    db: &C,
    email: &str,
    except: Option<i64>,
) -> Result<bool, ApiError> {
    Ok(!emails_taken(db, [email], except).await?.is_empty())
}

/// Which of `emails` live accounts (other than `except`) have, lower-cased: one query, served by
/// the email index of each backend (MySQL compares ignoring case by collation).
pub async fn emails_taken<'a, C: sea_orm::ConnectionTrait>(
    db: &C,
    emails: impl IntoIterator<Item = &'a str>,
    except: Option<i64>,
) -> Result<HashSet<String>, ApiError> {
    let wanted: Vec<String> = emails.into_iter().map(str::to_lowercase).collect();
    let mut q = user::Entity::find().select_only().column(user::Column::Email).filter(user::Column::Deleted.eq(0));
    q = match db.get_database_backend() {
        sea_orm::DatabaseBackend::MySql => q.filter(user::Column::Email.is_in(wanted)),
        _ => q.filter(Expr::expr(Func::lower(Expr::col(user::Column::Email))).is_in(wanted)),
    };
    if let Some(id) = except {
        q = q.filter(user::Column::Id.ne(id));
    }
    Ok(q.into_tuple::<String>().all(db).await?.into_iter().map(|e| e.to_lowercase()).collect())
}

impl ExternalFunction for CreateUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_create_users",
        summary: "Create users (all or nothing)",
        description: "Create users. All of them are created, or none when one is invalid.",
        kind: Kind::Write,
        requires: &[cap::USER_CREATE],
        example: r#"{"users":[{"username":"jdoe","password":"Secret-123","firstname":"Jane","lastname":"Doe","email":"jdoe@example.org"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<CreatedUser>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<CreatedUser>, ApiError> {
        let site = call.state.site().await?;
        let db = &call.db();
        // What already exists, in one query each for the whole batch.
        let existing_usernames: HashSet<String> = user::Entity::find()
            .select_only()
            .column(user::Column::Username)
            .filter(user::Column::Username.is_in(p.users.iter().map(|u| u.username.as_str())))
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let shared_emails = site.enabled("allowaccountssameemail");
        let existing_emails = match shared_emails {
            true => HashSet::new(),
            false => emails_taken(db, p.users.iter().map(|u| u.email.as_str()), None).await?,
        };
        let mut usernames = HashSet::new();
        let mut emails = HashSet::new();
        let mut passwords = Vec::with_capacity(p.users.len());
        for (i, u) in p.users.iter().enumerate() {
            let at = |field: &str, why: String| format!("users[{i}].{field}: {why}");
            if !AUTHS.contains(&u.auth.as_str()) {
                return Err(ApiError::invalid_parameter(at(
                    "auth",
                    format!("Invalid authentication type: {}", u.auth),
                )));
            }
            for (field, value) in [("firstname", &u.firstname.0), ("lastname", &u.lastname.0), ("email", &u.email.0)] {
                if value.trim().is_empty() {
                    return Err(ApiError::invalid_parameter(at(field, format!("The field {field} cannot be blank"))));
                }
            }
            if !usernames.insert(u.username.0.clone()) || existing_usernames.contains(u.username.as_str()) {
                return Err(ApiError::conflict(at("username", format!("Username already exists: {}", u.username))));
            }
            if !LANGS.contains(&u.lang.as_str()) {
                return Err(ApiError::invalid_parameter(at("lang", format!("Invalid language code: {}", u.lang))));
            }
            if !CALENDARS.contains(&u.calendartype.as_str()) {
                return Err(ApiError::invalid_parameter(at(
                    "calendartype",
                    format!("Invalid calendar type: {}", u.calendartype),
                )));
            }
            if let Some(theme) = u.theme.as_ref().filter(|t| !t.is_empty() && !THEMES.contains(&t.as_str())) {
                return Err(ApiError::invalid_parameter(at("theme", format!("Invalid theme: {theme}"))));
            }
            let password = match (&u.password, u.createpassword.unwrap_or(false)) {
                (_, true) => random_alnum(12) + "-Aa1",
                (Some(pw), false) if !pw.is_empty() => {
                    if let Some(why) = password_policy(&site, pw) {
                        return Err(ApiError::invalid_parameter(at("password", why)));
                    }
                    pw.clone()
                }
                _ => return Err(ApiError::invalid_parameter(at("password", NO_PASSWORD.into()))),
            };
            if !is_valid_email(&u.email) {
                return Err(ApiError::invalid_parameter(at("email", format!("Email address is invalid: {}", u.email))));
            }
            if !shared_emails
                && (!emails.insert(u.email.to_lowercase()) || existing_emails.contains(&u.email.to_lowercase()))
            {
                return Err(ApiError::conflict(at("email", format!("Email address already exists: {}", u.email))));
            }
            passwords.push(password);
        }
        // Hash before taking the write lock: argon2 is slow on purpose.
        let mut hashes = Vec::with_capacity(passwords.len());
        for password in passwords {
            hashes.push(hash_password(password).await?);
        }
        let txn = call.write().await?;
        let mut created = Vec::with_capacity(p.users.len());
        for (u, hash) in p.users.into_iter().zip(hashes) {
            let mut row = seed::new_user(&u.username, &u.firstname, &u.lastname, &u.email);
            row.auth = Set(u.auth.0);
            row.password = Set(hash);
            row.idnumber = Set(u.idnumber);
            row.lang = Set(u.lang.0);
            row.calendartype = Set(u.calendartype.0);
            let text = |v: Option<String>| Set(v.unwrap_or_default());
            row.city = text(u.city.map(|v| v.0));
            row.country = text(u.country.map(|v| v.0.to_uppercase()));
            row.timezone = Set(u.timezone.map_or_else(|| "99".into(), |v| v.0));
            row.description = text(u.description);
            row.firstnamephonetic = text(u.firstnamephonetic.map(|v| v.0));
            row.lastnamephonetic = text(u.lastnamephonetic.map(|v| v.0));
            row.middlename = text(u.middlename.map(|v| v.0));
            row.alternatename = text(u.alternatename.map(|v| v.0));
            row.interests = text(u.interests.map(|v| v.0));
            row.institution = text(u.institution.map(|v| v.0));
            row.department = text(u.department.map(|v| v.0));
            row.phone1 = text(u.phone1.map(|v| v.0));
            row.phone2 = text(u.phone2.map(|v| v.0));
            row.address = text(u.address.map(|v| v.0));
            row.theme = text(u.theme.map(|v| v.0));
            if let Some(v) = u.maildisplay {
                row.maildisplay = Set(v);
            }
            if let Some(v) = u.mailformat {
                row.mailformat = Set(v);
            }
            let row = row.insert(&txn).await?;
            seed::create_context(&txn, contextlevel::USER, row.id, "/1").await?;
            for pref in u.preferences.unwrap_or_default() {
                user_preferences::ActiveModel {
                    id: NotSet,
                    userid: Set(row.id),
                    name: Set(pref.kind),
                    value: Set(pref.value),
                }
                .insert(&txn)
                .await?;
            }
            created.push(CreatedUser { id: row.id, username: row.username });
        }
        Ok(created)
    }
}
