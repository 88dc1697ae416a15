//! `login/token.php`: username + password + service → a new token (MOODLE-SPEC §2), with
//! Moodle's account lockout. Errors are `ApiError`s whose code and message the endpoint sends.
use std::net::IpAddr;

use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

use lmsgate_entities::seed::MOBILE_SERVICE;
use lmsgate_entities::{
    cap, external_services, external_services_users, external_tokens, ids, now, user, user_preferences,
};

use super::code;
use super::error::ApiError;
use super::iprange::address_in_subnet;
use super::secrets::verify_password;
use super::state::AppState;
use super::tokens::{self, IssuedToken, NewToken};
use super::types::clean_username;

/// The name of tokens issued by `/login/token.php`.
pub const LOGIN_TOKEN_NAME: &str = "login/token.php";

pub fn invalid_login() -> ApiError {
    code::INVALID_LOGIN.err()
}

async fn pref(db: &DatabaseConnection, userid: i64, name: &str) -> Result<Option<user_preferences::Model>, ApiError> {
    Ok(user_preferences::Entity::find()
        .filter(user_preferences::Column::Userid.eq(userid))
        .filter(user_preferences::Column::Name.eq(name))
        .one(db)
        .await?)
}

async fn set_pref(db: &DatabaseConnection, userid: i64, name: &str, value: &str) -> Result<(), ApiError> {
    match pref(db, userid, name).await? {
        Some(p) => {
            let mut p: user_preferences::ActiveModel = p.into();
            p.value = Set(value.into());
            p.update(db).await?;
        }
        None => {
            user_preferences::ActiveModel {
                id: NotSet,
                userid: Set(userid),
                name: Set(name.into()),
                value: Set(value.into()),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

async fn clear_prefs(db: &DatabaseConnection, userid: i64, names: &[&str]) -> Result<(), ApiError> {
    user_preferences::Entity::delete_many()
        .filter(user_preferences::Column::Userid.eq(userid))
        .filter(user_preferences::Column::Name.is_in(names.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Which accounts a password check accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accounts {
    /// Interactive logins (`token.php`, the login form): username, or email when the site allows.
    Interactive,
    /// `simpleserver.php`: accounts of the `webservice` authentication method, by username.
    WebService,
}

/// Moodle's `authenticate_user_login` with lockout: any failure is `invalidlogin`. Every
/// password check goes through here. Logins from one address are rate limited before any
/// password is checked, so a flood costs no hashing; the per-account lockout counts the failures
/// that get through, from any address.
pub async fn authenticate(
    state: &AppState,
    username: &str,
    password: &str,
    ip: IpAddr,
    accounts: Accounts,
) -> Result<user::Model, ApiError> {
    state.throttle.check_login(ip).inspect_err(|_| state.count_throttled("logins"))?;
    let result = check_password(state, username, password, accounts).await;
    if result.as_ref().is_err_and(|e| e.code() == code::INVALID_LOGIN)
        && let Some(m) = &state.metrics
    {
        m.login_failed();
    }
    result
}

/// Lifts a lockout and forgets failed logins (`lmsgate user unlock`); whether one was in force.
pub async fn unlock(db: &DatabaseConnection, userid: i64) -> Result<bool, ApiError> {
    let locked = pref(db, userid, "login_lockout").await?.is_some();
    clear_prefs(db, userid, &LOCKOUT_PREFERENCES).await?;
    Ok(locked)
}

const LOCKOUT_PREFERENCES: [&str; 3] = ["login_lockout", "login_failed_count", "login_failed_last"];

async fn check_password(
    state: &AppState,
    username: &str,
    password: &str,
    accounts: Accounts,
) -> Result<user::Model, ApiError> {
    let site = state.site().await?;
    let username = clean_username(username);
    let mut found = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .filter(user::Column::Deleted.eq(0))
        .one(&state.db)
        .await?;
    if accounts == Accounts::WebService {
        found = found.filter(|u| u.auth == "webservice");
    } else if found.is_none() && site.enabled("authloginviaemail") {
        let by_email = user::Entity::find()
            .filter(user::Column::Email.eq(&username))
            .filter(user::Column::Deleted.eq(0))
            .all(&state.db)
            .await?;
        if by_email.len() == 1 {
            found = by_email.into_iter().next();
        }
    }
    let ok = verify_password(password.to_string(), found.as_ref().map(|u| u.password.clone())).await;
    let Some(u) = found else {
        return Err(invalid_login());
    };
    let t = now();
    let exempt = state.settings.rate_limit.lockout_exempt_admins && site.is_siteadmin(u.id);
    let threshold = if exempt { 0 } else { site.int("lockoutthreshold") };
    if threshold > 0
        && let Some(locked) = pref(&state.db, u.id, "login_lockout").await?
    {
        {
            let since: i64 = locked.value.parse().unwrap_or(0);
            let duration = site.int("lockoutduration");
            if duration == 0 || t - since < duration {
                return Err(invalid_login());
            }
            clear_prefs(&state.db, u.id, &LOCKOUT_PREFERENCES).await?;
        }
    }
    if !ok {
        if threshold > 0 {
            let window = site.int("lockoutwindow");
            let last: i64 =
                pref(&state.db, u.id, "login_failed_last").await?.map_or(0, |p| p.value.parse().unwrap_or(0));
            let mut count: i64 =
                pref(&state.db, u.id, "login_failed_count").await?.map_or(0, |p| p.value.parse().unwrap_or(0));
            if window > 0 && t - last > window {
                count = 0;
            }
            count += 1;
            set_pref(&state.db, u.id, "login_failed_count", &count.to_string()).await?;
            set_pref(&state.db, u.id, "login_failed_last", &t.to_string()).await?;
            if count >= threshold {
                set_pref(&state.db, u.id, "login_lockout", &t.to_string()).await?;
                tracing::warn!(userid = u.id, "account locked after repeated login failures");
            }
        }
        return Err(invalid_login());
    }
    if u.suspended != 0 && accounts == Accounts::WebService {
        return Err(code::WS_ACCESS_USER_SUSPENDED.with(&u.username));
    }
    if u.suspended != 0 || u.auth == "nologin" {
        return Err(invalid_login());
    }
    if threshold > 0 {
        clear_prefs(&state.db, u.id, &["login_failed_count", "login_failed_last"]).await?;
    }
    Ok(u)
}

/// The whole of `login/token.php` after parameter checks.
pub async fn token_for_login(
    state: &AppState,
    username: &str,
    password: &str,
    service: &str,
    ip: IpAddr,
) -> Result<IssuedToken, ApiError> {
    let site = state.site().await?;
    if !site.enabled("enablewebservices") {
        return Err(code::ENABLE_WS_DESCRIPTION.err());
    }
    let u = authenticate(state, username, password, ip, Accounts::Interactive).await?;
    let subject = state.subject(u.id, false).await?;
    let system = [ids::SYSTEM_CONTEXT];
    if site.enabled("maintenance_enabled")
        && !state.has_capability(&subject, cap::SITE_MAINTENANCEACCESS, &system).await?
    {
        return Err(code::SITE_MAINTENANCE.err());
    }
    if u.id == site.int("siteguest") {
        return Err(code::NO_GUEST.err());
    }
    if u.confirmed == 0 {
        return Err(code::USER_NOT_CONFIRMED.with(&u.username));
    }
    let shortname: String = service.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
    let Some(svc) = external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(&shortname))
        .filter(external_services::Column::Enabled.eq(1))
        .one(&state.db)
        .await?
    else {
        return Err(code::SERVICE_NOT_AVAILABLE.err());
    };
    if let Some(cap) = svc.requiredcapability.as_deref().filter(|c| !c.is_empty())
        && !state.has_capability_named(&subject, cap, &system).await?
    {
        return Err(code::MISSING_REQUIRED_CAPABILITY.with(cap));
    }
    let t = now();
    if svc.restrictedusers != 0 {
        let allowed = external_services_users::Entity::find()
            .filter(external_services_users::Column::Externalserviceid.eq(svc.id))
            .filter(external_services_users::Column::Userid.eq(u.id))
            .one(&state.db)
            .await?;
        let Some(allowed) = allowed else {
            return Err(code::USER_NOT_ALLOWED.with(&svc.name));
        };
        if allowed.validuntil.is_some_and(|v| v != 0 && v < t) {
            return Err(code::INVALID_TIMED_TOKEN.err());
        }
        if let Some(list) = allowed.iprestriction.as_deref().filter(|l| !l.trim().is_empty())
            && !address_in_subnet(ip, list)
        {
            return Err(code::INVALID_IP_TOKEN.err());
        }
    }

    let txn = state.begin_write().await?;
    let existing = external_tokens::Entity::find()
        .filter(external_tokens::Column::Userid.eq(u.id))
        .filter(external_tokens::Column::Externalserviceid.eq(svc.id))
        .filter(external_tokens::Column::Tokentype.eq(0))
        .order_by_asc(external_tokens::Column::Timecreated)
        .order_by_asc(external_tokens::Column::Id)
        .all(&txn)
        .await?;
    let (expired, live): (Vec<_>, Vec<_>) =
        existing.into_iter().partition(|k| k.validuntil.is_some_and(|v| v != 0 && v < t));
    if !expired.is_empty() {
        external_tokens::Entity::delete_many()
            .filter(external_tokens::Column::Id.is_in(expired.iter().map(|k| k.id)))
            .exec(&txn)
            .await?;
    }
    // Moodle hands back an existing usable token; we only keep hashes, so we mint a new one
    // wherever Moodle would have given one, and apply Moodle's creation rule otherwise.
    let usable =
        live.iter().any(|k| k.iprestriction.as_deref().is_none_or(|l| l.trim().is_empty() || address_in_subnet(ip, l)));
    if !usable {
        let may_create = (svc.shortname.as_deref() == Some(MOBILE_SERVICE)
            && state.has_capability(&subject, cap::WEBSERVICE_CREATEMOBILETOKEN, &system).await?)
            || (!site.is_siteadmin(u.id)
                && state.has_capability(&subject, cap::WEBSERVICE_CREATETOKEN, &system).await?);
        if !may_create {
            return Err(code::CANNOT_CREATE_TOKEN.with(&shortname));
        }
    }
    // No token is revoked to make room: each device keeps its own until the site's
    // `tokenduration` ends it (or an administrator revokes it with `lmsgate token revoke`).
    let revoking = !expired.is_empty();
    let duration = site.int("tokenduration");
    let issued = tokens::create(
        &txn,
        NewToken {
            userid: u.id,
            serviceid: svc.id,
            creatorid: u.id,
            validuntil: (duration > 0).then_some(t + duration),
            iprestriction: None,
            name: Some(LOGIN_TOKEN_NAME.into()),
            value: None,
        },
    )
    .await?;
    txn.commit().await?;
    if revoking {
        state.invalidate_caches();
    }
    Ok(issued)
}
