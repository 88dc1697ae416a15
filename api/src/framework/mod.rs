//! The external-functions framework: metadata and catalogue, the call pipeline, caller
//! resolution, capabilities, Moodle parameter types, errors.
pub mod access;
pub mod audit;
pub mod bounded;
pub mod caller;
pub mod catalogue;
pub mod debugging;
pub mod error;
pub mod error_codes;
pub mod filestore;
pub mod form;
pub mod function;
pub mod iprange;
pub mod login;
pub mod metrics;
pub mod payload;
pub mod plugin;
pub mod rendered;
pub mod reply;
pub mod schema_check;
pub mod secrets;
pub mod services;
pub mod state;
pub mod throttle;
pub mod tokens;
pub mod typed;
pub mod types;

pub use caller::Caller;
pub use debugging::Debugging;
pub use error::{ApiError, ErrorBody, ErrorCode, code};
pub use function::{Call, ExternalFunction, FunctionInfo, Kind, Returned, Scope};
pub use payload::Params;
pub use rendered::Rendered;
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

/// Declares a component: its spec tag's description (the doc comment), its name and its
/// functions, one file each. `get_courses::GetCourses` in `core_course` declares the module
/// `get_courses` and requires the function's name to be `core_course_get_courses` (at compile
/// time): the typed operation's id and path are that name, so it is written once.
#[macro_export]
macro_rules! component {
    ($(#[doc = $doc:literal])* $component:ident { $( $module:ident :: $function:ident ),* $(,)? }) => {
        $( pub mod $module; )*

        $(
            const _: () = assert!(
                $crate::framework::catalogue::named(
                    <$module::$function as $crate::framework::ExternalFunction>::INFO.name,
                    stringify!($component),
                    stringify!($module),
                ),
                concat!("the function in ", stringify!($module), ".rs must be named ",
                    stringify!($component), "_", stringify!($module)),
            );
        )*

        pub const COMPONENT: $crate::framework::catalogue::Component = $crate::framework::catalogue::Component {
            name: stringify!($component),
            doc: concat!($($doc),*),
            functions: &[ $( $crate::framework::catalogue::entry::<$module::$function> ),* ],
        };
    };
}

/// Declares the components of a crate: their modules and, in order, `COMPONENTS`.
#[macro_export]
macro_rules! components {
    ($( $component:ident ),* $(,)?) => {
        $( pub mod $component; )*

        /// Every component, in spec order.
        pub const COMPONENTS: &[&$crate::framework::catalogue::Component] = &[ $( &$component::COMPONENT ),* ];
    };
}
