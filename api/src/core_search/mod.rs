//! core_search: global search, which lmsgate sites do not have.

crate::component! {
    /// Global search (not enabled on lmsgate sites)
    core_search {
        get_search_areas_list::GetSearchAreasList,
    }
}
