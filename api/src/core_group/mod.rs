//! core_group: groups in courses and their members; every function needs
//! `moodle/course:managegroups` in the group's course.
pub mod functions;
pub mod store;

use crate::Tag;
use functions::*;

crate::operations!(CoreGroupApi, "Tag::CoreGroup", {
    /// Create groups (all or nothing)
    create_groups "/core_group_create_groups" "core_group_create_groups" => CreateGroups;
    /// Get groups by id
    get_groups "/core_group_get_groups" "core_group_get_groups" => GetGroups;
    /// Get the groups of a course
    get_course_groups "/core_group_get_course_groups" "core_group_get_course_groups" => GetCourseGroups;
    /// Delete groups (unknown ids are skipped)
    delete_groups "/core_group_delete_groups" "core_group_delete_groups" => DeleteGroups;
    /// Add users to groups (all or nothing)
    add_group_members "/core_group_add_group_members" "core_group_add_group_members" => AddGroupMembers;
    /// Remove users from groups (all or nothing)
    delete_group_members "/core_group_delete_group_members" "core_group_delete_group_members" => DeleteGroupMembers;
    /// Get the members of groups
    get_group_members "/core_group_get_group_members" "core_group_get_group_members" => GetGroupMembers;
});
