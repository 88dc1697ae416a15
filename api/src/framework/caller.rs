//! Token → `Caller`, with every check and error code of MOODLE-SPEC §4, in Moodle's order.
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

use lmsgate_entities::{
    cap, external_services, external_services_functions, external_services_users, external_tokens, ids, now, user,
};

use super::error::ApiError;
use super::iprange::address_in_subnet;
use super::secrets::token_hash;
use super::services::FunctionListing;
use super::state::{AppState, SiteConfig, Subject, cached};
use super::throttle::CallKey;
use super::{ErrorCode, code};

/// A token with everything needed to authorise its calls; cached briefly.
#[derive(Debug)]
pub struct TokenRecord {
    pub token: external_tokens::Model,
    pub user: Arc<user::Model>,
    pub service: Option<external_services::Model>,
    /// In name order (site info lists them so).
    pub functions: BTreeSet<String>,
    pub service_user: Option<external_services_users::Model>,
    pub subject: Arc<Subject>,
    last_access_written: AtomicI64,
    /// `functions` as site info lists them, rendered on first use.
    listing: OnceLock<Arc<FunctionListing>>,
}

/// The authenticated caller of one request: by token (web services) or by browser session
/// (AJAX, where no service restricts the functions).
#[derive(Debug, Clone)]
pub struct Caller {
    pub user: Arc<user::Model>,
    pub subject: Arc<Subject>,
    pub token: Option<Arc<TokenRecord>>,
    pub ip: IpAddr,
    pub protocol: Protocol,
    /// The browser session's row (`sessions.id`) of an AJAX call made with one.
    pub session: Option<i64>,
}

/// The way a call came in (metrics and the audit log).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// `POST /api/v1/{function}`
    Typed,
    /// `webservice/rest/server.php` and `simpleserver.php`
    Rest,
    /// `lib/ajax/service.php` and `service-nologin.php`
    Ajax,
    /// The file endpoints
    Files,
    /// The admin command line (`lmsgate user create`, ...), as the site admin
    Cli,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Typed => "typed",
            Protocol::Rest => "rest",
            Protocol::Ajax => "ajax",
            Protocol::Files => "files",
            Protocol::Cli => "cli",
        }
    }
}

impl Caller {
    pub fn user(&self) -> &user::Model {
        &self.user
    }
    pub fn subject(&self) -> &Subject {
        &self.subject
    }
    pub fn service(&self) -> Option<&external_services::Model> {
        self.token.as_ref().and_then(|t| t.service.as_ref())
    }
    /// What the caller's calls count against in the rate limit.
    /// Anonymous AJAX callers (the guest user) count per address, so one of them cannot use
    /// up everyone's allowance.
    pub fn rate_key(&self) -> CallKey {
        match &self.token {
            Some(t) => CallKey::Token(t.token.id),
            None if self.user.id == ids::GUEST_USER => CallKey::Address(self.ip),
            None => CallKey::Session(self.user.id),
        }
    }

    /// Functions of the token's service (none for a browser session).
    pub fn functions(&self) -> impl Iterator<Item = &String> {
        self.token.iter().flat_map(|t| t.functions.iter())
    }

    /// The functions of the token's service as site info lists them with the site `version`:
    /// the token record's rendering, unless it was made for another version (the record and the
    /// site settings are cached, and emptied, together, so only a race sees one).
    pub fn function_listing(&self, version: &str) -> Arc<FunctionListing> {
        let fresh = || Arc::new(FunctionListing::new(self.functions(), version));
        match &self.token {
            Some(t) => {
                let listing = t.listing.get_or_init(fresh);
                if listing.version == version { listing.clone() } else { fresh() }
            }
            None => fresh(),
        }
    }

    /// The site admin, for the admin command line: its changes run through the same functions,
    /// checks and audit log as every protocol's.
    pub async fn site_admin(state: &AppState) -> Result<Caller, ApiError> {
        Self::cli_user(state, ids::ADMIN_USER).await
    }

    /// A user, for the command line acting as them (`lmsgate demo`'s messages between users).
    pub async fn cli_user(state: &AppState, userid: i64) -> Result<Caller, ApiError> {
        let u = user::Entity::find_by_id(userid).one(&state.db).await?.ok_or_else(ApiError::invalid_user)?;
        let subject = Arc::new(state.subject(u.id, false).await?);
        let ip = IpAddr::from([127, 0, 0, 1]);
        Ok(Caller { user: Arc::new(u), subject, token: None, ip, protocol: Protocol::Cli, session: None })
    }

    /// The caller of a browser session: an active user, or `None`.
    pub async fn for_session(
        state: &AppState,
        userid: i64,
        ip: IpAddr,
        protocol: Protocol,
    ) -> Result<Option<Caller>, ApiError> {
        let Some(u) = user::Entity::find_by_id(userid).one(&state.db).await? else { return Ok(None) };
        if u.deleted != 0 || u.suspended != 0 || u.auth == "nologin" {
            return Ok(None);
        }
        let subject = Arc::new(state.subject(u.id, false).await?);
        Ok(Some(Caller { user: Arc::new(u), subject, token: None, ip, protocol, session: None }))
    }
}

async fn load(state: &AppState, hash: &str) -> Result<Option<TokenRecord>, ApiError> {
    let db = &state.db;
    let Some(token) = external_tokens::Entity::find()
        .filter(external_tokens::Column::Token.eq(hash))
        .filter(external_tokens::Column::Tokentype.eq(0))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(user) = user::Entity::find_by_id(token.userid).one(db).await? else {
        return Err(ApiError::invalid_user());
    };
    let service = external_services::Entity::find_by_id(token.externalserviceid).one(db).await?;
    let functions = external_services_functions::Entity::find()
        .filter(external_services_functions::Column::Externalserviceid.eq(token.externalserviceid))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.functionname)
        .collect();
    let service_user = external_services_users::Entity::find()
        .filter(external_services_users::Column::Externalserviceid.eq(token.externalserviceid))
        .filter(external_services_users::Column::Userid.eq(token.userid))
        .one(db)
        .await?;
    let subject = Arc::new(state.subject(user.id, user.deleted != 0).await?);
    let last = token.lastaccess.unwrap_or(0);
    Ok(Some(TokenRecord {
        token,
        user: Arc::new(user),
        service,
        functions,
        service_user,
        subject,
        last_access_written: AtomicI64::new(last),
        listing: OnceLock::new(),
    }))
}

/// §4 steps 1–5: web services are on, the token exists, has not expired, and admits this IP.
async fn checked_record(
    state: &AppState,
    token: &str,
    ip: IpAddr,
) -> Result<(Arc<SiteConfig>, Arc<TokenRecord>), ApiError> {
    let site = state.site().await?;
    if !site.enabled("enablewebservices") {
        return Err(ApiError::access("Web services are not enabled in Advanced features."));
    }
    // Cached by the token as sent: a call that finds it hashes nothing (the table keeps only
    // hashes, for the database's sake; the token is in this process's memory anyway).
    let token = token.trim();
    let hit = state.tokens.get(token).await;
    state.count_cache("tokens", hit.is_some());
    let record = match hit {
        Some(record) => record,
        None => {
            cached(&state.tokens, token.to_string(), || async {
                load(state, &token_hash(token)).await?.map(Arc::new).ok_or_else(ApiError::invalid_token)
            })
            .await?
        }
    };
    let t = now();
    let tok = &record.token;
    if tok.validuntil.is_some_and(|v| v != 0 && v < t) {
        Box::pin(external_tokens::Entity::delete_by_id(tok.id).exec(&state.db)).await?;
        state.tokens.invalidate(token).await;
        return Err(ApiError::access("Invalid token - token expired - check validuntil time for the token"));
    }
    if let Some(list) = tok.iprestriction.as_deref().filter(|l| !l.trim().is_empty())
        && !address_in_subnet(ip, list)
    {
        return Err(ApiError::access(format!("Invalid service - IP:{ip} is not supported - check this allowed user")));
    }
    // Moodle writes lastaccess at most once a minute; so do we, off the request path.
    let written = record.last_access_written.load(Ordering::Relaxed);
    if t - written >= 60
        && record.last_access_written.compare_exchange(written, t, Ordering::Relaxed, Ordering::Relaxed).is_ok()
    {
        let db = state.db.clone();
        let mut row = tok.clone().into_active_model();
        row.lastaccess = Set(Some(t));
        tokio::spawn(async move {
            if let Err(e) = row.update(&db).await {
                tracing::warn!(error = %e, "could not update token lastaccess");
            }
        });
    }
    Ok((site, record))
}

/// Moodle's "Refused web service access for <what> username: <name>".
fn refused(u: &user::Model, code: ErrorCode) -> ApiError {
    code.with(&u.username)
}

/// Why a service restricted to authorised users refuses the token's user, if it does.
enum UserRefusal {
    NotAuthorised,
    Expired,
    IpNotAllowed,
}

fn service_user_refusal(record: &TokenRecord, service: &external_services::Model, ip: IpAddr) -> Option<UserRefusal> {
    if service.restrictedusers == 0 {
        return None;
    }
    let Some(allowed) = &record.service_user else {
        return Some(UserRefusal::NotAuthorised);
    };
    if allowed.validuntil.is_some_and(|v| v != 0 && v < now()) {
        return Some(UserRefusal::Expired);
    }
    match allowed.iprestriction.as_deref().filter(|l| !l.trim().is_empty()) {
        Some(list) if !address_in_subnet(ip, list) => Some(UserRefusal::IpNotAllowed),
        _ => None,
    }
}

/// Resolves and checks a token (§4 steps 1–7).
pub async fn resolve(state: &AppState, token: &str, ip: IpAddr, protocol: Protocol) -> Result<Caller, ApiError> {
    let (site, record) = checked_record(state, token, ip).await?;
    let u = &record.user;
    let refused = |code| refused(u, code);
    check_maintenance(state, &site, &record.subject).await?;
    if u.deleted != 0 {
        return Err(refused(code::WS_ACCESS_USER_DELETED));
    }
    if u.confirmed == 0 {
        return Err(refused(code::WS_ACCESS_USER_UNCONFIRMED));
    }
    if u.suspended != 0 {
        return Err(refused(code::WS_ACCESS_USER_SUSPENDED));
    }
    if u.auth == "nologin" {
        return Err(refused(code::WS_ACCESS_USER_NOLOGIN));
    }
    require_protocol(state, &record.subject).await?;
    Ok(Caller {
        user: record.user.clone(),
        subject: record.subject.clone(),
        token: Some(record),
        ip,
        protocol,
        session: None,
    })
}

async fn check_maintenance(state: &AppState, site: &SiteConfig, subject: &Subject) -> Result<(), ApiError> {
    if site.enabled("maintenance_enabled")
        && !state.has_capability(subject, cap::SITE_MAINTENANCEACCESS, &[ids::SYSTEM_CONTEXT]).await?
    {
        return Err(code::SITE_MAINTENANCE.err());
    }
    Ok(())
}

/// Moodle's `webservice::authenticate_user`, used by the file endpoints (§4, last paragraph):
/// token, service and user checks, but no protocol capability and no function check.
pub async fn authenticate_user(state: &AppState, token: &str, ip: IpAddr) -> Result<Caller, ApiError> {
    let (site, record) = checked_record(state, token, ip).await?;
    let u = &record.user;
    if u.deleted != 0 {
        return Err(ApiError::invalid_user());
    }
    check_maintenance(state, &site, &record.subject).await?;
    let Some(service) = record.service.as_ref().filter(|s| s.enabled != 0) else {
        return Err(ApiError::access("Web service is not available (it doesn't exist or might be disabled)"));
    };
    if let Some(cap) = service.requiredcapability.as_deref().filter(|c| !c.is_empty())
        && !state.has_capability_named(&record.subject, cap, &[ids::SYSTEM_CONTEXT]).await?
    {
        return Err(ApiError::access(format!("The capability {cap} is required.")));
    }
    match service_user_refusal(&record, service, ip) {
        Some(UserRefusal::NotAuthorised) => return Err(ApiError::access("The user is not allowed for this service.")),
        Some(UserRefusal::Expired) => {
            return Err(ApiError::access(
                "Invalid service - service expired - check validuntil time for this allowed user",
            ));
        }
        Some(UserRefusal::IpNotAllowed) => {
            return Err(ApiError::access(format!(
                "Invalid service - IP:{ip} is not supported - check this allowed user"
            )));
        }
        None => {}
    }
    if u.confirmed == 0 {
        return Err(code::USER_NOT_CONFIRMED.with(&u.username));
    }
    if u.suspended != 0 {
        return Err(refused(u, code::WS_ACCESS_USER_SUSPENDED));
    }
    if u.auth == "nologin" {
        return Err(refused(u, code::WS_ACCESS_USER_NOLOGIN));
    }
    let (user, subject) = (record.user.clone(), record.subject.clone());
    Ok(Caller { user, subject, token: Some(record), ip, protocol: Protocol::Files, session: None })
}

impl Caller {
    /// §4 step 9: the token's service is enabled, holds the function, and lets this user in.
    pub async fn check_function(&self, state: &AppState, function: &str) -> Result<(), ApiError> {
        // A browser session is not restricted to a service; its endpoint admits only AJAX functions.
        let Some(record) = &self.token else { return Ok(()) };
        let denied =
            |why: String| ApiError::access(format!("Access to the function {function}() is not allowed. {why}"));
        let Some(service) = self.service() else {
            return Err(denied("The service of this token does not exist.".into()));
        };
        let name = service.shortname.as_deref().unwrap_or(&service.name);
        if service.enabled == 0 {
            return Err(denied(format!("The service {name} is disabled.")));
        }
        if !record.functions.contains(function) {
            return Err(denied(format!("The function is not part of the service {name}.")));
        }
        match service_user_refusal(record, service, self.ip) {
            Some(UserRefusal::NotAuthorised) => {
                return Err(denied(format!("The user is not an authorised user of the service {name}.")));
            }
            Some(UserRefusal::Expired) => {
                return Err(denied("The user's authorisation for this service has expired.".into()));
            }
            Some(UserRefusal::IpNotAllowed) => {
                return Err(denied(format!("The IP {} is not allowed for this user of the service.", self.ip)));
            }
            None => {}
        }
        if let Some(cap) = service.requiredcapability.as_deref().filter(|c| !c.is_empty())
            && !state.has_capability_named(self.subject(), cap, &[ids::SYSTEM_CONTEXT]).await?
        {
            return Err(denied(format!("The service requires the capability {cap}.")));
        }
        Ok(())
    }
}

async fn require_protocol(state: &AppState, subject: &Subject) -> Result<(), ApiError> {
    if state.has_capability(subject, cap::WEBSERVICE_REST_USE, &[ids::SYSTEM_CONTEXT]).await? {
        return Ok(());
    }
    Err(ApiError::access("You are not allowed to use the rest protocol (missing capability: webservice/rest:use)"))
}

/// `simpleserver.php`: username and password of an account with the `webservice` authentication
/// method; no service restricts its functions (Moodle's rules).
pub async fn resolve_password(
    state: &AppState,
    username: &str,
    password: &str,
    ip: IpAddr,
) -> Result<Caller, ApiError> {
    let site = state.site().await?;
    if !site.enabled("enablesimplewebservices") {
        return Err(ApiError::access("The web service authentication plugin is disabled."));
    }
    if username.is_empty() {
        return Err(code::MISSING_USERNAME.err());
    }
    if password.is_empty() {
        return Err(code::MISSING_PASSWORD.err());
    }
    let wrong = || code::WRONG_USERNAME_PASSWORD.err();
    // The same address rate limit and account lockout as every other password check.
    let user = match super::login::authenticate(state, username, password, ip, super::login::Accounts::WebService).await
    {
        Ok(user) => user,
        Err(e) if e.code() == code::INVALID_LOGIN => return Err(wrong()),
        Err(e) => return Err(e),
    };
    let caller = Caller::for_session(state, user.id, ip, Protocol::Rest).await?.ok_or_else(wrong)?;
    require_protocol(state, caller.subject()).await?;
    Ok(caller)
}
