//! core_user: create, update, delete and read users.
pub mod picture;
mod preferences;
mod view;

pub use picture::Pictures;
pub use view::{CustomField, NamedPreference, UserDescription, Viewer, describe, own_preferences};

crate::component! {
    /// Users
    core_user {
        create_users::CreateUsers,
        update_users::UpdateUsers,
        delete_users::DeleteUsers,
        get_users::GetUsers,
        get_users_by_field::GetUsersByField,
        add_user_private_files::AddUserPrivateFiles,
        get_user_preferences::GetUserPreferences,
        set_user_preferences::SetUserPreferences,
        update_user_preferences::UpdateUserPreferences,
        view_user_list::ViewUserList,
        view_user_profile::ViewUserProfile,
        get_course_user_profiles::GetCourseUserProfiles,
        add_user_device::AddUserDevice,
        remove_user_device::RemoveUserDevice,
        update_picture::UpdatePicture,
    }
}
