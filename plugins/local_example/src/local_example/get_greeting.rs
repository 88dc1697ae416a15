//! local_example_get_greeting: the caller's greeting (theirs, or "Hello"), addressed to them.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_api::framework::{ApiError, Call, ExternalFunction, FunctionInfo};
use lmsgate_entities::user_preferences;

use super::PREFERENCE;
use crate::{SERVICE, VIEW};

pub struct GetGreeting;

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_example_get_greeting_params", deny_unknown_fields)]
pub struct Params {
    /// Whom to greet instead of the caller.
    #[oai(validator(max_length = 100))]
    pub name: Option<String>,
}

/// A greeting.
#[derive(Debug, Object)]
#[oai(rename = "local_example_greeting")]
pub struct Greeting {
    /// The greeting, e.g. `Hello, Ada!`.
    pub greeting: String,
}

impl ExternalFunction for GetGreeting {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_example_get_greeting",
        summary: "Get your greeting",
        description: "The caller's greeting (set with local_example_set_greeting, else Hello), addressed to them.",
        ajax: true,
        requires: &[VIEW],
        services: &[SERVICE],
        example: r#"{"name":"Ada"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Greeting;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Greeting, ApiError> {
        Ok(Greeting { greeting: greeting(call, p.name).await? })
    }
}

/// The caller's greeting addressed to `name` (default: the caller's first name).
pub async fn greeting(call: &Call<'_>, name: Option<String>) -> Result<String, ApiError> {
    let me = call.caller.user();
    let text = user_preferences::Entity::find()
        .filter(user_preferences::Column::Userid.eq(me.id))
        .filter(user_preferences::Column::Name.eq(PREFERENCE))
        .one(&call.db())
        .await?
        .map_or_else(|| "Hello".to_string(), |p| p.value);
    Ok(format!("{text}, {}!", name.unwrap_or_else(|| me.firstname.clone())))
}
