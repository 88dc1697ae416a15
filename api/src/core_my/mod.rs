//! core_my: the user's own pages (Dashboard, My courses).

crate::component! {
    /// The user's Dashboard and My courses pages
    core_my {
        view_page::ViewPage,
    }
}
