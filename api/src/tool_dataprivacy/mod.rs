//! tool_dataprivacy: data requests to the site's data protection officer.

crate::component! {
    /// Data privacy requests
    tool_dataprivacy {
        get_access_information::GetAccessInformation,
    }
}
