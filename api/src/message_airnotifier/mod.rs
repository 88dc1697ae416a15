//! message_airnotifier: push notifications to the Moodle app.

crate::component! {
    /// Push notifications to the Moodle app
    message_airnotifier {
        is_system_configured::IsSystemConfigured,
    }
}
