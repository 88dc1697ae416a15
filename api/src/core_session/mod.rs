//! core_session: the browser session of AJAX callers (how long it lasts, keeping it alive).

crate::component! {
    /// Browser sessions
    core_session {
        time_remaining::TimeRemaining,
        touch::Touch,
    }
}

use sea_orm::EntityTrait;

use lmsgate_entities::sessions;

use crate::framework::{ApiError, AppState, Call};

/// Moodle's default `sessiontimeout` (8 hours), used when the site sets none.
const DEFAULT_TIMEOUT: i64 = 8 * 3600;

/// The site's session timeout in seconds (what ends an idle browser session).
pub async fn timeout(state: &AppState) -> Result<i64, ApiError> {
    Ok(Some(state.site().await?.int("sessiontimeout")).filter(|t| *t > 0).unwrap_or(DEFAULT_TIMEOUT))
}

/// The caller's browser session, when the call came with one.
pub async fn current(call: &Call<'_>) -> Result<Option<sessions::Model>, ApiError> {
    match call.caller.session {
        Some(id) => Ok(sessions::Entity::find_by_id(id).one(&call.db()).await?),
        None => Ok(None),
    }
}
