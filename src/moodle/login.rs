//! `GET|POST /login/token.php` (MOODLE-SPEC §2): always HTTP 200, JSON, CORS `*`.
use std::sync::Arc;

use poem::web::Data;
use poem::{Body, Request, Response, handler};
use serde_json::{Value, json};

use lmsgate_api::framework::{ApiError, AppState, client_ip, code, login};
use lmsgate_entities::{cap, ids};

/// JSON with `Access-Control-Allow-Origin: *`, as token.php always sends.
fn reply(body: Value) -> Response {
    let mut res = super::json_response(body);
    res.headers_mut().insert("Access-Control-Allow-Origin", poem::http::HeaderValue::from_static("*"));
    res
}

async fn error(state: &AppState, e: &ApiError) -> Response {
    super::limit_status(reply(super::script_error(state, e).await), e)
}

#[handler]
pub async fn token(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let body = body.into_vec().await.unwrap_or_default();
    let params = super::request_params(req, &body);
    let get = |name: &str| super::param(&params, name);
    if get("appsitecheck") == Some("1") {
        return reply(json!({"appsitecheck": "ok"}));
    }
    for name in ["username", "password", "service"] {
        if get(name).is_none() {
            return error(state, &code::MISSING_PARAM.with(name)).await;
        }
    }
    let (username, password, service) =
        (get("username").unwrap_or(""), get("password").unwrap_or(""), get("service").unwrap_or(""));
    match login::token_for_login(state, username, password, service, client_ip(req)).await {
        Ok(issued) => {
            // Moodle sends the private token only over HTTPS and never to site configurators.
            let https = req.scheme() == &poem::http::uri::Scheme::HTTPS;
            let private = match https {
                true => private_token_allowed(state, username).await.then_some(issued.privatetoken),
                false => None,
            };
            reply(json!({"token": issued.token, "privatetoken": private}))
        }
        Err(e) => error(state, &e).await,
    }
}

async fn private_token_allowed(state: &AppState, username: &str) -> bool {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Ok(Some(u)) = lmsgate_entities::user::Entity::find()
        .filter(lmsgate_entities::user::Column::Username.eq(username))
        .one(&state.db)
        .await
    else {
        return false;
    };
    let Ok(subject) = state.subject(u.id, false).await else {
        return false;
    };
    !state.has_capability(&subject, cap::SITE_CONFIG, &[ids::SYSTEM_CONTEXT]).await.unwrap_or(true)
}
