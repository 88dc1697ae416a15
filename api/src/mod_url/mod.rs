//! mod_url: the URL activity (a link to an outside page).

crate::component! {
    /// URL activities
    mod_url {
        get_urls_by_courses::GetUrlsByCourses,
        view_url::ViewUrl,
    }
}
