//! core: Moodle's own functions that belong to no subsystem (session notifications).

crate::component! {
    /// Core
    core {
        fetch_notifications::FetchNotifications,
    }
}
