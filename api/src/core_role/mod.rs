//! core_role: assign and unassign roles in any context.
crate::component! {
    /// Role assignments
    core_role {
        assign_roles::AssignRoles,
        unassign_roles::UnassignRoles,
    }
}
