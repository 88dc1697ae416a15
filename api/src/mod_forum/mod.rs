//! mod_forum: the forum activity: discussions and their posts, with attachments.
pub mod store;

crate::component! {
    /// Forums
    mod_forum {
        get_forums_by_courses::GetForumsByCourses,
        get_forum_access_information::GetForumAccessInformation,
        can_add_discussion::CanAddDiscussion,
        get_forum_discussions::GetForumDiscussions,
        get_discussion_posts::GetDiscussionPosts,
        view_forum::ViewForum,
        view_forum_discussion::ViewForumDiscussion,
        add_discussion::AddDiscussion,
        add_discussion_post::AddDiscussionPost,
    }
}
