//! local_example_set_greeting: change the caller's greeting (a write: the pipeline runs it in a
//! transaction and commits it when it succeeds).
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use validator::Validate;

use lmsgate_api::framework::error_codes::{StatusCode, exception};
use lmsgate_api::framework::{ApiError, Call, ErrorCode, ExternalFunction, FunctionInfo, Kind};
use lmsgate_entities::user_preferences;

use super::PREFERENCE;
use super::get_greeting::Greeting;
use crate::{MANAGE, SERVICE};

pub struct SetGreeting;

/// The plugin's own error code, declared as the built-in ones are.
pub const BLANK_GREETING: ErrorCode =
    ErrorCode::new("blankgreeting", "local_example", exception::MOODLE, StatusCode::BAD_REQUEST, "A greeting needs a word: \"{$a}\" has none.");

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_example_set_greeting_params", deny_unknown_fields)]
pub struct Params {
    /// The new greeting, e.g. `Good morning`.
    #[oai(validator(min_length = 1, max_length = 100))]
    pub greeting: String,
}

impl ExternalFunction for SetGreeting {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_example_set_greeting",
        summary: "Change your greeting",
        description: "Keep a new greeting for the caller; answers it as local_example_get_greeting would.",
        kind: Kind::Write,
        requires: &[MANAGE],
        services: &[SERVICE],
        example: r#"{"greeting":"Good morning"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Greeting;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Greeting, ApiError> {
        if p.greeting.trim().is_empty() {
            return Err(BLANK_GREETING.with(&p.greeting).with_debuginfo("greeting: only spaces"));
        }
        let userid = call.caller.user().id;
        let db = call.write().await?;
        let existing = user_preferences::Entity::find()
            .filter(user_preferences::Column::Userid.eq(userid))
            .filter(user_preferences::Column::Name.eq(PREFERENCE))
            .one(&db)
            .await?;
        match existing {
            Some(row) => {
                let mut row = row.into_active_model();
                row.value = Set(p.greeting.clone());
                row.update(&db).await?;
            }
            None => {
                let row = user_preferences::ActiveModel {
                    id: NotSet,
                    userid: Set(userid),
                    name: Set(PREFERENCE.into()),
                    value: Set(p.greeting.clone()),
                };
                row.insert(&db).await?;
            }
        }
        Ok(Greeting { greeting: format!("{}, {}!", p.greeting, call.caller.user().firstname) })
    }
}
