//! core_webservice: site information for the caller.
pub mod get_site_info;

use crate::Tag;

crate::operations!(CoreWebserviceApi, "Tag::CoreWebservice", {
    /// Site, user and service information for the token's owner
    get_site_info "/core_webservice_get_site_info" "core_webservice_get_site_info" => get_site_info::GetSiteInfo;
});
