//! core_user: create, update, delete and read users.
pub mod add_user_private_files;
pub mod create_users;
pub mod delete_users;
pub mod get_users;
pub mod get_users_by_field;
pub mod update_users;
mod view;

pub use view::{UserDescription, Viewer, describe, picture_url};

use crate::Tag;

crate::operations!(CoreUserApi, "Tag::CoreUser", {
    /// Create users (all or nothing)
    create_users "/core_user_create_users" "core_user_create_users" => create_users::CreateUsers;
    /// Update users (per-user problems are warnings)
    update_users "/core_user_update_users" "core_user_update_users" => update_users::UpdateUsers;
    /// Delete users (all or nothing)
    delete_users "/core_user_delete_users" "core_user_delete_users" => delete_users::DeleteUsers;
    /// Search for users matching all criteria
    get_users "/core_user_get_users" "core_user_get_users" => get_users::GetUsers;
    /// Get users by id, idnumber, username or email
    get_users_by_field "/core_user_get_users_by_field" "core_user_get_users_by_field" => get_users_by_field::GetUsersByField;
    /// Save a draft area as your private files
    add_user_private_files "/core_user_add_user_private_files" "core_user_add_user_private_files" => add_user_private_files::AddUserPrivateFiles;
});
