//! Logs (plain or JSON, one line per request with its request id) and Prometheus metrics.
//! Nothing a client sends as a secret is logged: the query string (where `wstoken`/`token` and
//! passwords travel) never is, headers never are, and a `tokenpluginfile.php` key is masked.
use std::sync::Arc;
use std::time::Instant;

use poem::http::{HeaderValue, Method};
use poem::web::Data;
use poem::{Endpoint, IntoResponse, Request, Response, handler};
use sea_orm::DbBackend;
use tracing::Instrument;

use lmsgate_api::framework::AppState;
use lmsgate_api::framework::secrets::random_alnum;

use crate::config::{LogFormat, Logging};
use crate::limits::RequestLimits;

/// Installs the global subscriber (stderr).
pub fn init_logging(config: &Logging) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.level)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match config.format {
        LogFormat::Plain => builder.init(),
        LogFormat::Json => builder.json().with_current_span(true).with_span_list(false).init(),
    }
}

const REQUEST_ID: &str = "x-request-id";

/// The caller's own request id when it is short and plain, else a new one.
fn request_id(req: &Request) -> String {
    req.headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .filter(|v| v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or_else(|| random_alnum(16), str::to_string)
}

/// The path as logged: a `tokenpluginfile.php` key, which stands for its user, is masked.
pub fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/tokenpluginfile.php/") {
        Some(rest) => format!("/tokenpluginfile.php/[key]/{}", rest.split_once('/').map_or("", |(_, p)| p)),
        None => path.to_string(),
    }
}

/// Routes as metric labels: a closed set, whatever path a client sends.
const ROUTES: &[&str] = &[
    "/api/v1/files/upload",
    "/api/v1/files/download",
    "/api/v1",
    "/webservice/rest/server.php",
    "/webservice/rest/simpleserver.php",
    "/webservice/upload.php",
    "/webservice/pluginfile.php",
    "/tokenpluginfile.php",
    "/pluginfile.php",
    "/theme/image.php",
    "/login/token.php",
    "/login/index.php",
    "/login/logout.php",
    "/lib/ajax/service.php",
    "/lib/ajax/service-nologin.php",
    "/healthz",
    "/readyz",
    "/metrics",
    "/openapi",
    "/docs",
];

fn route_of(path: &str) -> &'static str {
    ROUTES.iter().find(|r| path.starts_with(*r)).copied().unwrap_or("other")
}

fn method_label(m: &Method) -> &'static str {
    match *m {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
}

/// Around every request: a request id (echoed in `X-Request-Id`, on every log line of the
/// request), one log line, and the HTTP metrics; within them, the request's limits. One layer,
/// not two: each layer's future holds a copy of the request (472 bytes) beside the next one's,
/// and a request's whole future is moved into place on every request.
pub async fn observe<E: Endpoint>(next: E, req: Request, limits: &RequestLimits) -> poem::Result<Response> {
    let id = request_id(&req);
    let (method, path) = (req.method().clone(), req.uri().path().to_string());
    let started = Instant::now();
    let span = tracing::info_span!("request", id = %id);
    let handled = crate::limits::apply(next, req, limits).instrument(span.clone()).await;
    let mut res = handled.unwrap_or_else(|e| e.into_response());
    let state = &limits.state;
    let took = started.elapsed();
    let status = res.status().as_u16();
    span.in_scope(|| {
        tracing::info!(%method, path = %loggable_path(&path), status, ms = took.as_millis() as u64, "request");
    });
    if let Some(m) = &state.metrics {
        m.http(route_of(&path), method_label(&method), status, took);
    }
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    Ok(res)
}

/// `GET /metrics`: the Prometheus text format (404 when metrics are off).
#[handler]
pub async fn metrics(Data(state): Data<&Arc<AppState>>) -> Response {
    let Some(m) = &state.metrics else {
        return poem::http::StatusCode::NOT_FOUND.into_response();
    };
    let (size, idle, max) = match state.db.get_database_backend() {
        DbBackend::Postgres => pool_use(state.db.get_postgres_connection_pool()),
        DbBackend::MySql => pool_use(state.db.get_mysql_connection_pool()),
        _ => pool_use(state.db.get_sqlite_connection_pool()),
    };
    m.pool(idle, size.saturating_sub(idle), max);
    Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body(m.render())
}

fn pool_use<DB: sea_orm::sqlx::Database>(pool: &sea_orm::sqlx::Pool<DB>) -> (u32, u32, u32) {
    (pool.size(), pool.num_idle() as u32, pool.options().get_max_connections())
}

#[cfg(test)]
mod tests {
    #[test]
    fn private_keys_are_masked_in_logged_paths() {
        let logged = super::loggable_path("/tokenpluginfile.php/0123abcd/5/user/private/cv.pdf");
        assert_eq!(logged, "/tokenpluginfile.php/[key]/5/user/private/cv.pdf");
        assert_eq!(super::loggable_path("/webservice/pluginfile.php/5/a"), "/webservice/pluginfile.php/5/a");
    }

    #[test]
    fn routes_are_a_closed_set() {
        assert_eq!(super::route_of("/api/v1/core_user_get_users"), "/api/v1");
        assert_eq!(super::route_of("/api/v1/files/upload"), "/api/v1/files/upload");
        assert_eq!(super::route_of("/anything/else"), "other");
    }
}
