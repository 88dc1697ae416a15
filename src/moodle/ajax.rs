//! Browser sessions and the AJAX batch endpoint (MOODLE-SPEC §5.6, §7).
//! A session comes from `/login/index.php` (`browser_login`); `POST /lib/ajax/service.php`
//! runs a batch of AJAX-enabled functions through the same catalogue and pipeline as every other
//! protocol. `atomic=1` (not in Moodle) runs the batch in one transaction: all or nothing.
use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Body, Request, Response, handler};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use super::{json_response, param, query_pairs, request_error};
use lmsgate_api::framework::caller::Protocol;
use lmsgate_api::framework::secrets::token_hash;
use lmsgate_api::framework::{ApiError, AppState, Caller, catalogue, client_ip, code};
use lmsgate_entities::{now, sessions};

pub const COOKIE: &str = "MoodleSession";

pub fn cookie(req: &Request, name: &str) -> Option<String> {
    let header = req.headers().get("cookie")?.to_str().ok()?;
    header.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

/// The live session of this request, refreshed at most once a minute when `refresh`.
async fn session(state: &AppState, req: &Request, refresh: bool) -> Result<Option<sessions::Model>, ApiError> {
    let Some(sid) = cookie(req, COOKIE) else { return Ok(None) };
    let Some(row) = sessions::Entity::find().filter(sessions::Column::Sid.eq(token_hash(&sid))).one(&state.db).await?
    else {
        return Ok(None);
    };
    let timeout = lmsgate_api::core_session::timeout(state).await?;
    let t = now();
    if t - row.timemodified > timeout {
        sessions::Entity::delete_by_id(row.id).exec(&state.db).await?;
        return Ok(None);
    }
    if refresh && t - row.timemodified >= 60 {
        let mut active = row.clone().into_active_model();
        active.timemodified = Set(t);
        active.update(&state.db).await?;
    }
    Ok(Some(row))
}

#[handler]
pub async fn logout(req: &Request, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = query_pairs(req);
    let sesskey = param(&query, "sesskey");
    if let Ok(Some(s)) = session(state, req, false).await
        && Some(s.sesskey.as_str()) == sesskey
    {
        let _ = sessions::Entity::delete_by_id(s.id).exec(&state.db).await;
        return Response::builder().status(StatusCode::OK).finish();
    }
    request_error(state, &code::INVALID_SESSKEY.err()).await
}

type Calls = Vec<(&'static catalogue::Entry, Value)>;

/// The batch: `[{"index","methodname","args"}]`. Unknown functions and bad JSON fail the whole
/// request before any call runs, as in Moodle.
fn parse_calls(bytes: &[u8], max_calls: usize) -> Result<Calls, ApiError> {
    let requests: Vec<Value> = match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(items)) => items,
        Ok(_) => {
            return Err(ApiError::coding("Invalid json in request: an array of calls was expected"));
        }
        Err(e) => return Err(ApiError::coding(&format!("Invalid json in request: {e}"))),
    };
    if requests.len() > max_calls {
        return Err(ApiError::coding(&format!("Too many calls in one request (at most {max_calls})")));
    }
    let mut calls = Vec::with_capacity(requests.len());
    for r in &requests {
        let name: String = r["methodname"]
            .as_str()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let Some(entry) = catalogue::find(&name) else {
            return Err(ApiError::missing_record("external_functions"));
        };
        calls.push((entry, r.get("args").cloned().unwrap_or(json!({}))));
    }
    Ok(calls)
}

fn not_available() -> ApiError {
    code::SERVICE_NOT_AVAILABLE.err()
}

fn requires_login() -> ApiError {
    code::SERVICE_REQUIRES_LOGIN.err()
}

/// `service-nologin.php`: no session; only AJAX functions that need no login run (as the guest
/// user). Every call is answered: without a session an error does not stop the batch.
#[handler]
pub async fn service_nologin(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = query_pairs(req);
    let bytes = match param(&query, "args") {
        Some(args) => args.as_bytes().to_vec(),
        None => body.into_vec().await.unwrap_or_default(),
    };
    let calls = match parse_calls(&bytes, state.settings.limits.max_ajax_calls) {
        Ok(calls) => calls,
        Err(e) => return request_error(state, &e).await,
    };
    let guest = match state.site().await {
        Ok(site) => Caller::for_session(state, site.int("siteguest"), client_ip(req), Protocol::Ajax).await,
        Err(e) => Err(e),
    };
    let mut results = Vec::with_capacity(calls.len());
    let mut failed = false;
    for (entry, args) in calls {
        let outcome = match (&guest, entry.info.ajax, entry.info.login_required) {
            (_, false, _) => Err(not_available()),
            (_, true, true) => Err(requires_login()),
            (Ok(Some(guest)), true, false) => (entry.call_json)(state, guest, None, entry.moodle_args(args)).await,
            (Ok(None), ..) => Err(requires_login()),
            (Err(e), ..) => Err(e.clone()),
        };
        match outcome {
            Ok(data) => results.push(json!({"error": false, "data": data.into_value()})),
            Err(e) => {
                failed = true;
                results.push(call_error(state, &e).await);
            }
        }
    }
    let cachekey: i64 = param(&query, "cachekey").and_then(|k| k.parse().ok()).unwrap_or(0);
    let mut response = Response::builder().content_type("application/json; charset=utf-8");
    if !failed && cachekey > 0 && cachekey <= now() {
        response = response
            .header("Expires", httpdate(now() + 90 * 24 * 3600))
            .header("Cache-Control", "public, max-age=7776000, immutable")
            .header("Pragma", "")
            .header("Accept-Ranges", "none");
    }
    response.body(serde_json::to_string(&results).unwrap_or_default())
}

/// An HTTP date (RFC 7231), e.g. `Thu, 01 Jan 1970 00:00:00 GMT`.
fn httpdate(unix: i64) -> String {
    httpdate::fmt_http_date(std::time::UNIX_EPOCH + std::time::Duration::from_secs(unix.max(0) as u64))
}

async fn call_error(state: &AppState, e: &ApiError) -> Value {
    let exception = state.debugging().await.call_exception(e, &state.settings.wwwroot);
    json!({"error": true, "exception": exception})
}

#[handler]
pub async fn service(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let query = query_pairs(req);
    let atomic = matches!(param(&query, "atomic"), Some("1" | "true"));
    let bytes = body.into_vec().await.unwrap_or_default();
    let calls = match parse_calls(&bytes, state.settings.limits.max_ajax_calls) {
        Ok(calls) => calls,
        Err(e) => return request_error(state, &e).await,
    };
    // Functions that need a login run for the session's user with its sesskey; those that need
    // none run without a session too (as the guest, as Moodle runs them for nobody).
    // Asking how long the session has left does not extend it (Moodle's NO_SESSION_UPDATE).
    let refresh = calls.iter().any(|(entry, _)| entry.info.name != "core_session_time_remaining");
    let (caller, signed_in, sesskey_ok) = match session(state, req, refresh).await {
        Ok(Some(s)) => {
            let sesskey_ok = param(&query, "sesskey") == Some(s.sesskey.as_str());
            let caller = Caller::for_session(state, s.userid, client_ip(req), Protocol::Ajax).await;
            (caller.map(|c| c.map(|c| Caller { session: Some(s.id), ..c })), true, sesskey_ok)
        }
        Ok(None) => match state.site().await {
            Ok(site) => {
                (Caller::for_session(state, site.int("siteguest"), client_ip(req), Protocol::Ajax).await, false, false)
            }
            Err(e) => (Err(e), false, false),
        },
        Err(e) => (Err(e), false, false),
    };
    let caller = match caller {
        Ok(Some(c)) => c,
        Ok(None) => return json_response(json!([call_error(state, &requires_login()).await])),
        Err(e) => return json_response(json!([call_error(state, &e).await])),
    };
    let batch = if atomic {
        match state.begin_write().await {
            Ok(t) => Some(t),
            Err(e) => return json_response(json!([call_error(state, &e).await])),
        }
    } else {
        None
    };
    let mut results = Vec::with_capacity(calls.len());
    let mut failed = false;
    for (entry, args) in calls {
        let outcome = match (entry.info.ajax, entry.info.login_required) {
            (false, _) => Err(not_available()),
            (true, true) if !signed_in => Err(requires_login()),
            (true, true) if !sesskey_ok => Err(code::INVALID_SESSKEY.err()),
            _ => (entry.call_json)(state, &caller, batch.as_ref(), entry.moodle_args(args)).await,
        };
        match outcome {
            Ok(data) => results.push(json!({"error": false, "data": data.into_value()})),
            Err(e) => {
                results.push(call_error(state, &e).await);
                failed = true;
                break; // Moodle's service.php stops at the first error.
            }
        }
    }
    if let Some(txn) = batch {
        let committed = if failed { txn.rollback().await.map(|_| false) } else { txn.commit().await.map(|_| true) };
        match committed {
            // Writes inside the batch invalidated the caches before this commit; another
            // request may have cached the old rows since, so invalidate once more.
            Ok(true) => state.invalidate_caches(),
            Ok(false) => {
                let undone = code::ATOMIC_ROLLED_BACK.err();
                for r in results.iter_mut().filter(|r| r["error"] == false) {
                    *r = call_error(state, &undone).await;
                }
            }
            Err(e) => return json_response(json!([call_error(state, &ApiError::from(e)).await])),
        }
    }
    json_response(Value::Array(results))
}
