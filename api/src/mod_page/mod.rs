//! mod_page: the page activity (an HTML page in a course).

crate::component! {
    /// Page activities
    mod_page {
        get_pages_by_courses::GetPagesByCourses,
        view_page::ViewPage,
    }
}
