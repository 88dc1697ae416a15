//! core_user_get_user_preferences: the caller's preferences, one or all (another user's with
//! `moodle/site:config`). A preference never set is answered `null`, as Moodle does.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, ids, seed, user, user_preferences};

use crate::common::Warning;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetUserPreferences;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_get_user_preferences_params", deny_unknown_fields)]
pub struct Params {
    /// Preference name; empty for all.
    #[oai(default, validator(max_length = 255))]
    pub name: String,
    /// Id of the user; 0 for the caller.
    #[oai(default)]
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_preference")]
pub struct Preference {
    /// The name of the preference.
    pub name: String,
    /// The value of the preference (`null` when never set).
    pub value: OrNull<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_get_user_preferences_returns")]
pub struct Returns {
    /// The preferences.
    pub preferences: Vec<Preference>,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetUserPreferences {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_get_user_preferences",
        summary: "Get user preferences",
        description: "Return the caller's preferences, one by name or all of them; another user's need moodle/site:config.",
        ajax: true,
        checks: &[cap::SITE_CONFIG],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"name":"forum_displaymode"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let db = &call.db();
        let me = call.caller.user().id;
        let userid = match p.userid {
            0 => me,
            id => {
                let u = user::Entity::find_by_id(id).one(db).await?.ok_or_else(|| {
                    ApiError::missing_record("user").with_debuginfo(format!("userid: no user {id}"))
                })?;
                // Moodle's require_active_user, before the capability check.
                if u.deleted != 0 {
                    return Err(code::USER_DELETED.err());
                }
                if u.suspended != 0 || u.auth == "nologin" {
                    return Err(code::SUSPENDED.err());
                }
                if u.id != me {
                    call.require(cap::SITE_CONFIG, &[ids::SYSTEM_CONTEXT]).await?;
                }
                u.id
            }
        };
        let mut query = user_preferences::Entity::find()
            .filter(user_preferences::Column::Userid.eq(userid))
            .order_by_asc(user_preferences::Column::Name);
        if !p.name.is_empty() {
            query = query.filter(user_preferences::Column::Name.eq(&p.name));
        }
        let mut preferences: Vec<Preference> = call
            .fetch_all(query)
            .await?
            .into_iter()
            .map(|x| Preference { name: x.name, value: OrNull(Some(x.value)) })
            .collect();
        if preferences.is_empty() && !p.name.is_empty() {
            preferences.push(Preference { name: p.name, value: OrNull(None) });
        }
        Ok(Returns { preferences, warnings: Vec::new() })
    }
}
