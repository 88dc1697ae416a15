//! core_user_set_user_preferences: preferences of the caller (or, with moodle/site:config, of
//! anyone). A preference the site does not define, or a value it does not take, is a warning;
//! the others are saved.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, ids, seed};

use super::preferences;
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct SetUserPreferences;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_set_user_preferences_params", deny_unknown_fields)]
pub struct Params {
    /// The preferences, at most 100.
    #[oai(validator(max_items = 100))]
    pub preferences: Vec<NewPreference>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_new_preference", deny_unknown_fields)]
pub struct NewPreference {
    /// Name, e.g. `block_myoverview_user_sort_preference`.
    #[oai(validator(min_length = 1, max_length = 255))]
    pub name: String,
    /// Value.
    #[oai(validator(max_length = 1333))]
    pub value: String,
    /// Whose (0 or absent for the caller; another user's need moodle/site:config).
    #[oai(default)]
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_set_user_preferences_returns")]
pub struct Saved {
    /// The preferences saved.
    pub saved: Vec<SavedPreference>,
    /// The preferences not saved.
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_saved_preference")]
pub struct SavedPreference {
    /// Name.
    pub name: String,
    /// Whose.
    pub userid: i64,
}

impl ExternalFunction for SetUserPreferences {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_set_user_preferences",
        summary: "Set user preferences",
        description: "Save preferences the site defines (e.g. My courses' sorting, the timeline's filter) for the caller, or for another user with moodle/site:config. An unknown preference or value, or another user's without the capability, is a warning.",
        kind: Kind::Write,
        ajax: true,
        checks: &[cap::SITE_CONFIG],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"preferences":[{"name":"block_myoverview_user_sort_preference","value":"title","userid":0}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Saved;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Saved, ApiError> {
        let me = call.caller.user().id;
        let (mut saved, mut warnings) = (Vec::new(), Vec::new());
        for pref in p.preferences {
            let userid = if pref.userid == 0 { me } else { pref.userid };
            if userid != me && !call.can(cap::SITE_CONFIG, &[ids::SYSTEM_CONTEXT]).await? {
                warnings.push(Warning::new(
                    "user",
                    userid,
                    "nopermission",
                    format!("You are not allowed to change the preference {} for user {userid}", pref.name),
                ));
                continue;
            }
            if let Err(why) = preferences::check(&pref.name, &pref.value) {
                warnings.push(Warning::new(
                    "user",
                    userid,
                    "errorsavingpreference",
                    format!("Coding error detected, it must be fixed by a programmer: {why}"),
                ));
                continue;
            }
            preferences::set(&call.write().await?, userid, &pref.name, &pref.value).await?;
            saved.push(SavedPreference { name: pref.name, userid });
        }
        Ok(Saved { saved, warnings })
    }
}
