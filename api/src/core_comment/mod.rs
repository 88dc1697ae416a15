//! core_comment: comments on items (submissions, blog entries, ...). Nobody can comment on this
//! site yet, so lists are empty.

crate::component! {
    /// Comments
    core_comment {
        get_comments::GetComments,
    }
}
