//! The external-functions framework: metadata and catalogue, the call pipeline, caller
//! resolution, capabilities, Moodle parameter types, errors.
pub mod access;
pub mod audit;
pub mod bounded;
pub mod caller;
pub mod catalogue;
pub mod error;
pub mod filestore;
pub mod form;
pub mod function;
pub mod iprange;
pub mod login;
pub mod metrics;
pub mod payload;
pub mod reply;
pub mod schema_check;
pub mod secrets;
pub mod services;
pub mod state;
pub mod throttle;
pub mod tokens;
pub mod types;

pub use caller::Caller;
pub use error::{ApiError, ErrorBody};
pub use function::{Call, ExternalFunction, FunctionInfo, Kind};
pub use payload::Params;
pub use reply::{Nothing, Reply};
pub use state::{AppState, Settings};

/// A web-service token: `Authorization: Bearer <token>`, from `/login/token.php` or
/// `lmsgate token create`. Its service decides which operations it may call.
#[derive(poem_openapi::SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "32 hex characters")]
pub struct Token(pub poem_openapi::auth::Bearer);

/// The client's address as worked out from trusted proxies' `X-Forwarded-For` (set on the
/// request by the server before any endpoint runs).
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub std::net::IpAddr);

/// The client's IP address (for token IP restrictions, login throttling and the audit log).
pub fn client_ip(req: &poem::Request) -> std::net::IpAddr {
    if let Some(ClientIp(ip)) = req.extensions().get::<ClientIp>() {
        return *ip;
    }
    peer_ip(req)
}

/// The address of the connection's other end.
pub fn peer_ip(req: &poem::Request) -> std::net::IpAddr {
    match req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => a.ip(),
        _ => std::net::IpAddr::from([127, 0, 0, 1]),
    }
}

/// Declares a component's typed operations: one `POST /{function}` per external function, whose
/// body is the function's parameters and whose reply is its return value or an error, all run
/// through the catalogue's pipeline. The doc comment is the operation's summary.
#[macro_export]
macro_rules! operations {
    ($api:ident, $tag:tt, { $( $(#[doc = $doc:tt])* $method:ident $path:tt $id:tt => $f:ty; )* }) => {
        pub struct $api(pub std::sync::Arc<$crate::framework::AppState>);

        #[poem_openapi::OpenApi]
        impl $api {
            $(
                $(#[doc = $doc])*
                #[oai(path = $path, method = "post", operation_id = $id, tag = $tag)]
                async fn $method(
                    &self,
                    token: $crate::framework::Token,
                    req: &poem::Request,
                    p: $crate::framework::Params<<$f as $crate::framework::ExternalFunction>::Params>,
                ) -> $crate::framework::Reply<<$f as $crate::framework::ExternalFunction>::Returns> {
                    let ip = $crate::framework::client_ip(req);
                    $crate::framework::Reply(
                        $crate::framework::catalogue::call_typed::<$f>(&self.0, &token.0.token, ip, p.0).await,
                    )
                }
            )*
        }
    };
}
