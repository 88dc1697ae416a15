//! core: Moodle's own functions that belong to no subsystem (session notifications, language
//! strings).
pub mod strings;

crate::component! {
    /// Core
    core {
        fetch_notifications::FetchNotifications,
        get_string::GetString,
        get_strings::GetStrings,
    }
}
