//! core_group: groups in courses and their members; every function needs
//! `moodle/course:managegroups` in the group's course.
pub mod store;

crate::component! {
    /// Groups in courses
    core_group {
        create_groups::CreateGroups,
        get_groups::GetGroups,
        get_course_groups::GetCourseGroups,
        delete_groups::DeleteGroups,
        add_group_members::AddGroupMembers,
        delete_group_members::DeleteGroupMembers,
        get_group_members::GetGroupMembers,
        get_activity_groupmode::GetActivityGroupmode,
    }
}
