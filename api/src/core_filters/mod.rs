//! core_filters: text filters and where they are on.

crate::component! {
    /// Text filters
    core_filters {
        get_all_states::GetAllStates,
    }
}
