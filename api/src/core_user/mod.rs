//! core_user: create, update, delete and read users.
pub mod create_users;
pub mod delete_users;
pub mod get_users;
pub mod get_users_by_field;
pub mod update_users;
mod view;

pub use view::{UserDescription, Viewer, describe, picture_url};

use std::sync::Arc;

use poem::Request;
use poem_openapi::OpenApi;

use crate::Tag;
use crate::framework::{AppState, Nothing, Params, Reply, Token, catalogue::call_typed, client_ip};

pub struct CoreUserApi(pub Arc<AppState>);

#[OpenApi]
impl CoreUserApi {
    /// Create users (all or nothing)
    #[oai(
        path = "/core_user_create_users",
        method = "post",
        operation_id = "core_user_create_users",
        tag = "Tag::CoreUser"
    )]
    async fn create_users(
        &self,
        token: Token,
        req: &Request,
        p: Params<create_users::Params>,
    ) -> Reply<Vec<create_users::CreatedUser>> {
        Reply(call_typed::<create_users::CreateUsers>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }

    /// Update users (per-user problems are warnings)
    #[oai(
        path = "/core_user_update_users",
        method = "post",
        operation_id = "core_user_update_users",
        tag = "Tag::CoreUser"
    )]
    async fn update_users(
        &self,
        token: Token,
        req: &Request,
        p: Params<update_users::Params>,
    ) -> Reply<update_users::Returns> {
        Reply(call_typed::<update_users::UpdateUsers>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }

    /// Delete users (all or nothing)
    #[oai(
        path = "/core_user_delete_users",
        method = "post",
        operation_id = "core_user_delete_users",
        tag = "Tag::CoreUser"
    )]
    async fn delete_users(&self, token: Token, req: &Request, p: Params<delete_users::Params>) -> Reply<Nothing> {
        Reply(call_typed::<delete_users::DeleteUsers>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }

    /// Search for users matching all criteria
    #[oai(path = "/core_user_get_users", method = "post", operation_id = "core_user_get_users", tag = "Tag::CoreUser")]
    async fn get_users(&self, token: Token, req: &Request, p: Params<get_users::Params>) -> Reply<get_users::Returns> {
        Reply(call_typed::<get_users::GetUsers>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }

    /// Get users by id, idnumber, username or email
    #[oai(
        path = "/core_user_get_users_by_field",
        method = "post",
        operation_id = "core_user_get_users_by_field",
        tag = "Tag::CoreUser"
    )]
    async fn get_users_by_field(
        &self,
        token: Token,
        req: &Request,
        p: Params<get_users_by_field::Params>,
    ) -> Reply<Vec<UserDescription>> {
        Reply(call_typed::<get_users_by_field::GetUsersByField>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }
}
