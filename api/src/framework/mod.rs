//! The external-functions framework: metadata and catalogue, the call pipeline, caller
//! resolution, capabilities, Moodle parameter types, errors.
pub mod caller;
pub mod catalogue;
pub mod error;
pub mod form;
pub mod function;
pub mod iprange;
pub mod login;
pub mod payload;
pub mod reply;
pub mod schema_check;
pub mod secrets;
pub mod state;
pub mod tokens;
pub mod types;

pub use caller::Caller;
pub use error::{ApiError, ErrorBody};
pub use function::{Call, ExternalFunction, FunctionInfo, Kind};
pub use payload::Params;
pub use reply::{Nothing, Reply};
pub use state::{AppState, Settings};

/// The bearer token of the typed API (`Authorization: Bearer <token>`). Only extracted here;
/// it is checked by `caller::resolve`, which answers with Moodle's error codes.
#[derive(poem_openapi::SecurityScheme)]
#[oai(ty = "bearer", bearer_format = "32 hex characters")]
pub struct Token(pub poem_openapi::auth::Bearer);

/// The client's IP address (for token IP restrictions).
pub fn client_ip(req: &poem::Request) -> std::net::IpAddr {
    match req.remote_addr().0 {
        poem::Addr::SocketAddr(a) => a.ip(),
        _ => std::net::IpAddr::from([127, 0, 0, 1]),
    }
}
