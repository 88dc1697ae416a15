//! tool_mobile: what the Moodle app asks a site before and after it signs in (its public and
//! private settings, the plugins it should load).

crate::component! {
    /// The Moodle app's site settings
    tool_mobile {
        get_public_config::GetPublicConfig,
        get_config::GetConfig,
        get_plugins_supporting_mobile::GetPluginsSupportingMobile,
        get_content::GetContent,
        call_external_functions::CallExternalFunctions,
    }
}
