//! core_role: assign and unassign roles in any context.
pub mod assign_roles;

use crate::Tag;

crate::operations!(CoreRoleApi, "Tag::CoreRole", {
    /// Assign roles to users in contexts (all or nothing)
    assign_roles "/core_role_assign_roles" "core_role_assign_roles" => assign_roles::AssignRoles;
    /// Remove role assignments (all or nothing)
    unassign_roles "/core_role_unassign_roles" "core_role_unassign_roles" => assign_roles::UnassignRoles;
});
