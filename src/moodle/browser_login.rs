//! The browser login, `/login/index.php`, with Moodle's login token against login CSRF.
//! `GET` hands out a `logintoken` (an HTML form for a browser, JSON otherwise) and sets the same
//! value in an HttpOnly cookie; `POST` logs in only when the form's `logintoken` matches that
//! cookie, which a page on another site can neither read nor set (double-submit, so any node can
//! check it without shared state). A wrong or missing token fails as a wrong password does in
//! Moodle (`invalidlogin`). Success makes the session (HttpOnly, SameSite=Lax cookie; the row
//! lives in the database so every node sees it): a browser gets Moodle's 303 redirect, other
//! clients the `sesskey` as JSON.
use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Body, Request, Response, handler};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, Set};
use serde_json::json;

use super::ajax::{COOKIE, cookie};
use super::{json_response, param, request_error};
use lmsgate_api::framework::secrets::{random_alnum, token_hash};
use lmsgate_api::framework::{ApiError, AppState, client_ip, code, login as auth};
use lmsgate_entities::{now, sessions};

const TOKEN_COOKIE: &str = "MoodleLoginToken";

/// Whether the client asked for a web page (a browser's `Accept`).
fn wants_html(req: &Request) -> bool {
    req.header("accept").is_some_and(|a| a.contains("text/html"))
}

/// A new login token, and the cookie that carries it.
fn new_token() -> (String, String) {
    let token = random_alnum(32);
    let cookie = format!("{TOKEN_COOKIE}={token}; Path=/login/; HttpOnly; SameSite=Lax");
    (token, cookie)
}

/// Moodle's login form; `error` is a fixed message, never request text.
fn page(token: &str, error: Option<&str>) -> String {
    let error = error.map(|e| format!("<p role=\"alert\">{e}</p>\n")).unwrap_or_default();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Log in to the site</title></head>\n\
         <body><h1>Log in to the site</h1>\n{error}<form method=\"post\" action=\"index.php\">\n\
         <input type=\"hidden\" name=\"logintoken\" value=\"{token}\">\n\
         <label>Username <input name=\"username\" autocomplete=\"username\" required></label>\n\
         <label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\n\
         <button type=\"submit\">Log in</button>\n</form></body></html>\n"
    )
}

fn form_page(status: StatusCode, error: Option<&str>) -> Response {
    let (token, cookie) = new_token();
    Response::builder()
        .status(status)
        .content_type("text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Set-Cookie", cookie)
        .body(page(&token, error))
}

#[handler]
pub async fn form(req: &Request) -> Response {
    if wants_html(req) {
        return form_page(StatusCode::OK, None);
    }
    let (token, cookie) = new_token();
    let mut res = json_response(json!({"logintoken": token}));
    res.headers_mut().insert("Set-Cookie", cookie.parse().expect("a cookie is a header value"));
    res
}

#[handler]
pub async fn login(req: &Request, body: Body, Data(state): Data<&Arc<AppState>>) -> Response {
    let bytes = body.into_vec().await.unwrap_or_default();
    let params = super::request_params(req, &bytes);
    let (username, password) = (param(&params, "username").unwrap_or(""), param(&params, "password").unwrap_or(""));
    // Compared as hashes, so the comparison's time says nothing about the expected token.
    let expected = cookie(req, TOKEN_COOKIE).map(|c| token_hash(&c));
    let given = param(&params, "logintoken").filter(|t| !t.is_empty()).map(token_hash);
    let user = match expected.is_some() && expected == given {
        true => auth::authenticate(state, username, password, client_ip(req), auth::Accounts::Interactive).await,
        false => Err(code::INVALID_LOGIN.err()),
    };
    let user = match user {
        Ok(u) => u,
        Err(e) if wants_html(req) && e.code() == code::INVALID_LOGIN => {
            return form_page(StatusCode::OK, Some(&e.message));
        }
        Err(e) => return request_error(state, &e).await,
    };
    let sid = random_alnum(32);
    let sesskey = random_alnum(10);
    let t = now();
    let row = sessions::ActiveModel {
        id: NotSet,
        sid: Set(token_hash(&sid)),
        userid: Set(user.id),
        sesskey: Set(sesskey.clone()),
        timecreated: Set(t),
        timemodified: Set(t),
        firstip: Set(client_ip(req).to_string()),
    };
    if let Err(e) = row.insert(&state.db).await {
        return request_error(state, &ApiError::from(e)).await;
    }
    let session = format!("{COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax");
    let spent = format!("{TOKEN_COOKIE}=; Path=/login/; HttpOnly; SameSite=Lax; Max-Age=0");
    let answer = match wants_html(req) {
        true => {
            Response::builder().status(StatusCode::SEE_OTHER).header("Location", format!("{}/", state.settings.wwwroot))
        }
        false => Response::builder().content_type("application/json; charset=utf-8"),
    };
    answer
        .header("Set-Cookie", session)
        .header("Set-Cookie", spent)
        .body(json!({"sesskey": sesskey, "userid": user.id}).to_string())
}
