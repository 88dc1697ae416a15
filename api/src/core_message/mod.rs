//! core_message: conversations between users, their messages, contacts, and the site's
//! notifications.
pub mod conversation;
pub mod counts;
pub mod member;
pub mod notification;
pub mod store;

crate::component! {
    /// Private messages between users, and the notifications the site sends them
    core_message {
        send_instant_messages::SendInstantMessages,
        send_messages_to_conversation::SendMessagesToConversation,
        get_conversations::GetConversations,
        get_conversation::GetConversation,
        get_conversation_messages::GetConversationMessages,
        get_conversation_counts::GetConversationCounts,
        get_unread_conversation_counts::GetUnreadConversationCounts,
        get_member_info::GetMemberInfo,
        get_user_contacts::GetUserContacts,
        get_received_contact_requests_count::GetReceivedContactRequestsCount,
        mark_all_conversation_messages_as_read::MarkAllConversationMessagesAsRead,
        delete_message::DeleteMessage,
        get_messages::GetMessages,
        get_unread_notification_count::GetUnreadNotificationCount,
        mark_notification_read::MarkNotificationRead,
        mark_all_notifications_as_read::MarkAllNotificationsAsRead,
    }
}
