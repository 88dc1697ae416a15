//! Server assembly: routes, middleware, graceful shutdown.
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use poem::{EndpointExt, Route, get};

use lmsgate_api::framework::{AppState, Settings, code};

use crate::config::Config;
use crate::limits::RequestLimits;
use crate::moodle;
use crate::setup;

/// A started server.
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    pub first_start: Option<setup::FirstStart>,
    pub state: Arc<AppState>,
    shutdown: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, lets in-flight requests finish, writes the audit log, and waits.
    pub async fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = self.task.await;
        self.state.audit.close().await;
    }

    /// Waits until the server ends (after a signal), then writes the audit log.
    pub async fn wait(self) -> std::io::Result<()> {
        let _keep = self.shutdown;
        let served = self.task.await.map_err(std::io::Error::other);
        self.state.audit.close().await;
        served?
    }
}

/// The whole site: the typed API under its prefix, the Moodle endpoints and the spec's routes, in
/// one route table (a route nested at `/` would rebuild each request's URI: poem's `Nest`). The
/// Moodle endpoints read the `AppState` from the request's data, which the front layer adds.
pub fn app(state: Arc<AppState>) -> Route {
    // The typed API, served below; its spec is made from a second instance when first asked for.
    let api = {
        let state = state.clone();
        move || lmsgate_openapi::service(state.clone(), &state.settings.wwwroot)
    };
    let docs = lmsgate_openapi::SpecDocuments::new({
        let api = api.clone();
        move || api().spec()
    });
    let api =
        Route::new().nest(lmsgate_openapi::API_PREFIX, poem::IntoEndpoint::into_endpoint(api()).around(api_errors));
    lmsgate_openapi::routes(api, docs)
        .at("/login/token.php", get(moodle::login::token).post(moodle::login::token).with(token_cors()))
        .at("/webservice/rest/server.php", get(moodle::rest::server).post(moodle::rest::server).with(token_cors()))
        .at("/webservice/rest/simpleserver.php", get(moodle::rest::simple_server).post(moodle::rest::simple_server))
        .at("/login/index.php", get(moodle::browser_login::form).post(moodle::browser_login::login))
        .at("/login/logout.php", get(moodle::ajax::logout).post(moodle::ajax::logout))
        .at("/lib/ajax/service.php", poem::post(moodle::ajax::service))
        .at(
            "/lib/ajax/service-nologin.php",
            get(moodle::ajax::service_nologin).post(moodle::ajax::service_nologin).with(token_cors()),
        )
        .at("/webservice/upload.php", poem::post(moodle::files::upload).with(token_cors()))
        .at("/webservice/pluginfile.php", get(moodle::files::pluginfile).with(token_cors()))
        .at("/webservice/pluginfile.php/*path", get(moodle::files::pluginfile).with(token_cors()))
        .at("/webservice/draftfile.php/*path", get(moodle::files::draftfile).with(token_cors()))
        .at("/tokenpluginfile.php/*path", get(moodle::files::tokenpluginfile).with(token_cors()))
        .at("/pluginfile.php/*path", get(moodle::files::public_pluginfile).with(token_cors()))
        .at("/theme/image.php/*path", get(moodle::theme::image_php).with(token_cors()))
        .at("/healthz", get(crate::health::healthz))
        .at("/readyz", get(crate::health::readyz))
        .at("/metrics", get(crate::telemetry::metrics))
}

/// CORS for the endpoints a browser app (the Moodle app's browser build) calls with a token and
/// no cookies: any origin, preflights answered. Moodle sends no CORS headers on some of them, so
/// the app needs its browser's web security off; against lmsgate it does not. The cookie
/// endpoints (`service.php`, `login/index.php`) stay same-origin.
fn token_cors() -> poem::middleware::Cors {
    use poem::http::Method;
    poem::middleware::Cors::new()
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers(["content-type", "accept", "accept-language", "authorization", "range"])
        .expose_headers(["content-length", "content-range", "content-disposition", "etag"])
        .max_age(86400)
}

/// Clients given a base URL ending in `/` ask for `//webservice/rest/server.php`; the web server
/// in front of Moodle serves that, so lmsgate reads repeated slashes in a path as one.
fn collapse_slashes(req: &mut poem::Request) {
    if req.uri().path().contains("//") {
        let mut path = String::with_capacity(req.uri().path().len());
        for c in req.uri().path().chars() {
            if !(c == '/' && path.ends_with('/')) {
                path.push(c);
            }
        }
        let target = match req.uri().query() {
            Some(q) => format!("{path}?{q}"),
            None => path,
        };
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = target.parse().ok();
        if let Ok(uri) = poem::http::Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
}

/// Errors poem answers before any operation runs (no such path, wrong method) get the API's
/// JSON error body too; a 405 names, in `Allow`, the one method the path's operation takes.
async fn api_errors<E: poem::Endpoint>(next: E, req: poem::Request) -> poem::Result<poem::Response> {
    use poem::IntoResponse;
    // The one method of the operation at this path: GET for the download twin, else POST.
    let allow = if req.uri().path().ends_with("/files/download") { "GET, HEAD" } else { "POST" };
    Ok(match next.call(req).await {
        Ok(res) => res.into_response(),
        Err(err) => api_fallback(err, allow),
    })
}

fn api_fallback(err: poem::Error, allow: &'static str) -> poem::Response {
    use lmsgate_api::framework::{ApiError, Nothing, Reply};
    use poem::IntoResponse;
    use poem::http::StatusCode;
    let status = err.status();
    let e = match status {
        StatusCode::NOT_FOUND => ApiError::missing_record("external_functions")
            .with_debuginfo("no such function: every function is POST /api/v1/{wsfunction}"),
        StatusCode::METHOD_NOT_ALLOWED => {
            code::INVALID_METHOD.err().with_debuginfo(format!("this operation takes {allow}"))
        }
        s if s.is_client_error() => ApiError::invalid_parameter(err.to_string()).with_status(s),
        _ => ApiError::internal(&err),
    };
    let mut res = Reply::<Nothing>(Err(e)).into_response();
    if status == StatusCode::METHOD_NOT_ALLOWED {
        res.headers_mut().insert(poem::http::header::ALLOW, poem::http::HeaderValue::from_static(allow));
    }
    res
}

/// The state every request (and every admin command) runs against.
pub fn app_state(
    config: &Config,
    db: sea_orm::DatabaseConnection,
    base_url: &str,
) -> Result<Arc<AppState>, Box<dyn std::error::Error + Send + Sync>> {
    let file_dir = config.file_dir();
    let files = lmsgate_api::framework::filestore::FileStore::new(&file_dir);
    files.prepare().map_err(|e| format!("file store {}: {e}", file_dir.display()))?;
    let settings = Settings {
        wwwroot: base_url.to_string(),
        cache_ttl: Duration::from_secs(config.cache_ttl),
        limits: config.limits.clone(),
        rate_limit: config.rate_limit.clone(),
        audit: config.audit.clone(),
        metrics: config.metrics.enabled,
    };
    Ok(AppState::new(db, settings, files))
}

/// Connects, migrates, installs on first start, binds, and serves until `stop` or a signal.
pub async fn start(config: &Config) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let db = setup::connect(&config.database_url()?, config.db_pool).await?;
    start_on(config, db).await
}

/// `start` on a connection made (and migrated) by `setup::connect`, e.g. one whose statements a
/// test records.
pub async fn start_on(
    config: &Config,
    db: sea_orm::DatabaseConnection,
) -> Result<Running, Box<dyn std::error::Error + Send + Sync>> {
    let install =
        setup::Install { admin_password: config.admin_password.clone(), admin_token: config.admin_token.clone() };
    let first_start = setup::prepare(&db, install, true).await.map_err(|e| format!("setup failed: {}", e.message))?;
    let listener = tokio::net::TcpListener::bind(config.bind.as_str()).await?;
    let addr = listener.local_addr()?;
    let base_url =
        config.public_url.clone().unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_string();
    let state = app_state(config, db, &base_url)?;
    let limits = Arc::new(RequestLimits {
        state: state.clone(),
        max_body_bytes: config.limits.max_body_bytes,
        timeout: Duration::from_secs(config.limits.request_timeout),
        trusted_proxies: config.trusted_proxies.clone(),
    });
    let app = app(state.clone())
        .with(poem::middleware::CatchPanic::new().with_handler(internal_error))
        // One layer (see `observe`): slashes collapsed, then logs, metrics and limits.
        .around(move |next, mut req| {
            collapse_slashes(&mut req);
            // The endpoints' `Data<&Arc<AppState>>`, added here rather than by a layer of its own
            // (`.data()`): every layer's future is moved as a whole on each request.
            req.set_data(limits.state.clone());
            let limits = limits.clone();
            async move { crate::telemetry::observe(next, req, &limits).await }
        });
    forget_idle_rate_limit_keys(&state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        tokio::select! {
            _ = rx => {}
            _ = shutdown_signal() => {}
        }
        tracing::info!("shutting down: finishing requests in flight");
    };
    let connections = crate::http::ConnectionLimits {
        header_read_timeout: Duration::from_secs(config.limits.header_read_timeout),
        per_address: config.limits.max_connections_per_address,
    };
    crate::memory::release_code_pages();
    let task = tokio::spawn(crate::http::serve(listener, app, connections, signal, Duration::from_secs(30)));
    Ok(Running { addr, base_url, first_start, state, shutdown: tx, task })
}

/// A handler that panicked (a bug) answers Moodle's internal error instead of dropping the
/// connection; the panic itself is in the log.
fn internal_error(_: Box<dyn std::any::Any + Send>) -> poem::Response {
    use lmsgate_api::framework::{Nothing, Reply, code};
    poem::IntoResponse::into_response(Reply::<Nothing>(Err(code::INTERNAL.with("internal error"))))
}

/// Idle tokens and addresses leave the rate limiter's table (it would otherwise only grow).
fn forget_idle_rate_limit_keys(state: &Arc<AppState>) {
    let state = Arc::downgrade(state);
    tokio::spawn(async move {
        let mut every = tokio::time::interval(lmsgate_api::framework::throttle::FORGET_EVERY);
        every.tick().await;
        loop {
            every.tick().await;
            let Some(state) = state.upgrade() else { return };
            state.throttle.forget_idle();
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("signal handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    /// Every request's future holds the front layer's, and is moved into place as a whole on
    /// each request: the layer stays one (slashes, logs, metrics, limits), its refusals boxed.
    #[test]
    fn the_front_layers_future_is_small() {
        fn future_size<A, B, C, R>(_: fn(A, B, C) -> R) -> usize {
            std::mem::size_of::<R>()
        }
        let front = crate::telemetry::observe::<poem::Route>;
        let size = future_size::<poem::Route, poem::Request, &crate::limits::RequestLimits, _>(front);
        // A poem `Route`'s own future is about 2 KB of it.
        assert!(size <= 6144, "the front layer's future is {size} bytes");
    }
}
