//! local_example: a greeting per user, kept in their preferences.
lmsgate_api::component! {
    /// Example plugin: greetings
    local_example {
        get_greeting::GetGreeting,
        set_greeting::SetGreeting,
    }
}

/// The preference a user's greeting is kept in.
pub const PREFERENCE: &str = "local_example_greeting";
