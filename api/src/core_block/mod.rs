//! core_block: the blocks on a user's pages.

crate::component! {
    /// Blocks on the user's pages
    core_block {
        get_dashboard_blocks::GetDashboardBlocks,
        get_course_blocks::GetCourseBlocks,
    }
}
