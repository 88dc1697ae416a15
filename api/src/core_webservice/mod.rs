//! core_webservice: site information for the caller.

crate::component! {
    /// Site information
    core_webservice {
        get_site_info::GetSiteInfo,
    }
}
