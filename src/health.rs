//! Probes for load balancers and orchestrators: `/healthz` says the process answers, `/readyz`
//! that it can serve (database reachable, every migration applied).
use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Json};
use poem::{IntoResponse, Response, handler};
use sea_orm::ConnectionTrait;
use sea_orm_migration::MigratorTrait;
use serde_json::json;

use lmsgate_api::framework::AppState;
use lmsgate_entities::migration::Migrator;

#[handler]
pub fn healthz() -> Json<serde_json::Value> {
    Json(json!({"status": "ok"}))
}

#[handler]
pub async fn readyz(Data(state): Data<&Arc<AppState>>) -> Response {
    let unavailable = |reason: String| {
        let mut res = Json(json!({"status": "unavailable", "reason": reason})).into_response();
        res.set_status(StatusCode::SERVICE_UNAVAILABLE);
        res
    };
    if let Err(e) = state.db.execute_unprepared("SELECT 1").await {
        tracing::warn!(error = %e, "readiness: database unreachable");
        return unavailable("database unreachable".into());
    }
    match Migrator::get_pending_migrations(&state.db).await {
        Ok(pending) if pending.is_empty() => Json(json!({"status": "ready"})).into_response(),
        Ok(pending) => unavailable(format!("{} migration(s) not applied", pending.len())),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: migrations unreadable");
            unavailable("migration state unreadable".into())
        }
    }
}
