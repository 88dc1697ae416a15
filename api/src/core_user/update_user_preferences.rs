//! core_user_update_user_preferences: the messaging and display preferences a user sets from
//! their profile (moodle/user:editownmessageprofile; another user's need
//! moodle/user:editmessageprofile). Every preference must be one the site defines, with a value
//! it takes; otherwise nothing is saved.
use poem_openapi::Object;
use sea_orm::{EntityTrait, QueryFilter, ColumnTrait};
use validator::Validate;

use lmsgate_entities::{cap, ids, seed, user};

use super::preferences;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, code};

pub struct UpdateUserPreferences;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_update_user_preferences_params", deny_unknown_fields)]
pub struct Params {
    /// Whose (0 for the caller).
    #[oai(default)]
    pub userid: i64,
    /// Stop all email (lmsgate sends none: only 0 or absent is accepted).
    pub emailstop: Option<i64>,
    /// The preferences, at most 100.
    #[oai(default, validator(max_items = 100))]
    pub preferences: Vec<TypedPreference>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_typed_preference", deny_unknown_fields)]
pub struct TypedPreference {
    /// Name, e.g. `message_blocknoncontacts`.
    #[oai(rename = "type", validator(min_length = 1, max_length = 255))]
    pub kind: String,
    /// Value (null to unset it).
    #[oai(validator(max_length = 1333))]
    pub value: Option<String>,
}

impl ExternalFunction for UpdateUserPreferences {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_update_user_preferences",
        summary: "Update a user's messaging and display preferences",
        description: "Save or unset preferences the site defines for the caller (moodle/user:editownmessageprofile) or another user (moodle/user:editmessageprofile). An unknown preference or value is invalidparameter and nothing is saved.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::USER_EDITOWNMESSAGEPROFILE, cap::USER_EDITMESSAGEPROFILE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":0,"preferences":[{"type":"message_blocknoncontacts","value":"1"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let me = call.caller.user().id;
        let userid = if p.userid == 0 { me } else { p.userid };
        let target = user::Entity::find_by_id(userid)
            .filter(user::Column::Deleted.eq(0))
            .one(&call.db())
            .await?
            .ok_or_else(|| code::INVALID_USER.err().with_debuginfo(format!("userid: no user {userid}")))?;
        let needed = if target.id == me { cap::USER_EDITOWNMESSAGEPROFILE } else { cap::USER_EDITMESSAGEPROFILE };
        call.require(needed, &[ids::SYSTEM_CONTEXT]).await?;
        if p.emailstop.is_some_and(|e| e != 0) {
            return Err(code::INVALID_PARAMETER.err().with_debuginfo("emailstop: lmsgate sends no email"));
        }
        for (i, pref) in p.preferences.iter().enumerate() {
            if let Some(value) = &pref.value {
                preferences::check(&pref.kind, value)
                    .map_err(|why| code::INVALID_PARAMETER.err().with_debuginfo(format!("preferences[{i}]: {why}")))?;
            }
        }
        if p.preferences.is_empty() {
            return Ok(Nothing);
        }
        let db = call.write().await?;
        for pref in p.preferences {
            match pref.value {
                Some(value) => preferences::set(&db, target.id, &pref.kind, &value).await?,
                None => preferences::unset(&db, target.id, &pref.kind).await?,
            }
        }
        Ok(Nothing)
    }
}
