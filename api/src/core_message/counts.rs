//! Conversation counts by type, as `get_conversation_counts` and `get_unread_conversation_counts`
//! answer them.
use poem_openapi::Object;

/// Counts of conversations: starred, and by type.
#[derive(Debug, Object)]
#[oai(rename = "core_message_conversation_counts")]
pub struct Counts {
    /// Starred conversations.
    pub favourites: i64,
    /// Conversations by type.
    pub types: ByType,
}

#[derive(Debug, Object, Default)]
#[oai(rename = "core_message_conversation_counts_by_type")]
pub struct ByType {
    /// Between two people.
    #[oai(rename = "1")]
    pub individual: i64,
    /// Groups'.
    #[oai(rename = "2")]
    pub group: i64,
    /// The user's own.
    #[oai(rename = "3")]
    pub own: i64,
}

impl ByType {
    pub fn add(&mut self, kind: i32, n: i64) {
        match kind {
            1 => self.individual += n,
            2 => self.group += n,
            _ => self.own += n,
        }
    }
}
