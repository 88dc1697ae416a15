//! lmsgate-api: the external-functions framework and the functions, each a typed poem-openapi
//! operation defined once and reachable from every protocol.
pub mod common;
pub mod core_user;
pub mod core_webservice;
pub mod framework;

use std::sync::Arc;

use framework::AppState;
use framework::catalogue::{Entry, entry};

/// Spec tags: one per component.
#[derive(poem_openapi::Tags)]
pub enum Tag {
    /// Site information
    #[oai(rename = "core_webservice")]
    CoreWebservice,
    /// Users
    #[oai(rename = "core_user")]
    CoreUser,
}

/// Every catalogued function. Adding a function: one entry here, one operation in its component.
pub fn functions() -> Vec<Entry> {
    vec![
        entry::<core_webservice::get_site_info::GetSiteInfo>(),
        entry::<core_user::create_users::CreateUsers>(),
        entry::<core_user::update_users::UpdateUsers>(),
        entry::<core_user::delete_users::DeleteUsers>(),
        entry::<core_user::get_users::GetUsers>(),
        entry::<core_user::get_users_by_field::GetUsersByField>(),
    ]
}

/// The typed operations of every component.
pub fn apis(state: Arc<AppState>) -> (core_webservice::CoreWebserviceApi, core_user::CoreUserApi) {
    (core_webservice::CoreWebserviceApi(state.clone()), core_user::CoreUserApi(state))
}
