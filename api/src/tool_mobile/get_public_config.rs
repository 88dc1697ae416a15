//! tool_mobile_get_public_config: the settings the Moodle app reads before anyone signs in (the
//! first call it makes, through `lib/ajax/service-nologin.php`).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetPublicConfig;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_mobile_get_public_config_params", deny_unknown_fields)]
pub struct Params {}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_identity_provider")]
pub struct IdentityProvider {
    /// The identity provider name.
    pub name: String,
    /// The icon URL for the provider.
    pub iconurl: String,
    /// The URL of the provider.
    pub url: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_get_public_config_returns", skip_serializing_if_is_none)]
pub struct Returns {
    /// Site URL.
    pub wwwroot: String,
    /// Site https URL (the same URL: lmsgate has one).
    pub httpswwwroot: String,
    /// Site name.
    pub sitename: String,
    /// Whether guest login is enabled (1) or not (0).
    pub guestlogin: i64,
    /// Remember the username: 0 no, 1 yes, 2 optional.
    pub rememberusername: i64,
    /// Whether log in via email is enabled.
    pub authloginviaemail: i64,
    /// Authentication method for user registration (empty: none).
    pub registerauth: String,
    /// Forgotten password URL.
    pub forgottenpasswordurl: String,
    /// Authentication instructions.
    pub authinstructions: String,
    /// Whether auth none is enabled.
    pub authnoneenabled: i64,
    /// Whether web services are enabled.
    pub enablewebservices: i64,
    /// Whether the mobile service is enabled.
    pub enablemobilewebservice: i64,
    /// Whether site maintenance is enabled.
    pub maintenanceenabled: i64,
    /// Maintenance message.
    pub maintenancemessage: String,
    /// The site logo URL (when the site has one).
    pub logourl: Option<String>,
    /// The site compact logo URL (when the site has one).
    pub compactlogourl: Option<String>,
    /// The type of login: 1 in the app, 2 in a browser, 3 embedded.
    pub typeoflogin: i64,
    /// SSO login launch URL.
    pub launchurl: Option<String>,
    /// Mobile custom CSS theme.
    pub mobilecssurl: Option<String>,
    /// Features disabled in the app.
    pub tool_mobile_disabledfeatures: Option<String>,
    /// Identity providers (none on this site).
    pub identityproviders: Option<Vec<IdentityProvider>>,
    /// Default site country.
    pub country: Option<String>,
    /// Whether age digital consent verification is enabled.
    pub agedigitalconsentverification: Option<bool>,
    /// Site support contact name (only with age verification).
    pub supportname: Option<String>,
    /// Site support contact email (only with age verification).
    pub supportemail: Option<String>,
    /// Site support page link.
    pub supportpage: Option<String>,
    /// Who may contact site support.
    pub supportavailability: Option<i64>,
    /// Whether to detect the default language from the browser.
    pub autolang: Option<i64>,
    /// Default language of the site.
    pub lang: Option<String>,
    /// Whether the language menu is shown.
    pub langmenu: Option<i64>,
    /// Languages on the language menu.
    pub langlist: Option<String>,
    /// Sitewide locale.
    pub locale: Option<String>,
    /// Minimum app version required.
    pub tool_mobile_minimumversion: Option<String>,
    /// iOS app's identifier.
    pub tool_mobile_iosappid: Option<String>,
    /// Android app's identifier.
    pub tool_mobile_androidappid: Option<String>,
    /// App download page.
    pub tool_mobile_setuplink: Option<String>,
    /// QR login configuration.
    pub tool_mobile_qrcodetype: Option<i64>,
    /// Warnings (none).
    pub warnings: Option<Vec<Warning>>,
    /// Whether the login form is shown.
    pub showloginform: i64,
}

impl ExternalFunction for GetPublicConfig {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_mobile_get_public_config",
        summary: "Get the site's public settings",
        description: "Return the site settings the Moodle app reads before signing in (no login needed).",
        ajax: true,
        login_required: false,
        services: &[seed::MOBILE_SERVICE],
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, _: Params) -> Result<Returns, ApiError> {
        let site = call.state.site().await?;
        let wwwroot = call.state.settings.wwwroot.trim_end_matches('/').to_string();
        // Settings a site may lack, with Moodle's defaults.
        let text = |name: &str, default: &str| site.get_or(name, default).to_string();
        let int = |name: &str, default: i64| site.get_or(name, "").trim().parse().unwrap_or(default);
        Ok(Returns {
            httpswwwroot: wwwroot.clone(),
            launchurl: Some(format!("{wwwroot}/admin/tool/mobile/launch.php")),
            wwwroot,
            sitename: text("fullname", ""),
            // lmsgate has no guest sign-in.
            guestlogin: 0,
            rememberusername: int("rememberusername", 2),
            authloginviaemail: site.int("authloginviaemail"),
            registerauth: text("registerauth", ""),
            forgottenpasswordurl: text("forgottenpasswordurl", ""),
            authinstructions: text("auth_instructions", ""),
            authnoneenabled: 0,
            enablewebservices: site.int("enablewebservices"),
            enablemobilewebservice: site.int("enablemobilewebservice"),
            maintenanceenabled: site.int("maintenance_enabled"),
            maintenancemessage: text("maintenance_message", ""),
            logourl: None,
            compactlogourl: None,
            typeoflogin: int("tool_mobile_typeoflogin", 1),
            mobilecssurl: Some(text("tool_mobile_mobilecssurl", "")),
            tool_mobile_disabledfeatures: Some(text("tool_mobile_disabledfeatures", "")),
            identityproviders: None,
            country: Some(text("country", "0")),
            agedigitalconsentverification: Some(false),
            supportname: None,
            supportemail: None,
            supportpage: Some(text("supportpage", "")),
            supportavailability: Some(int("supportavailability", 1)),
            autolang: Some(int("autolang", 1)),
            lang: Some(text("lang", "en")),
            langmenu: Some(int("langmenu", 1)),
            langlist: Some(text("langlist", "")),
            locale: Some(text("locale", "")),
            tool_mobile_minimumversion: Some(text("tool_mobile_minimumversion", "")),
            tool_mobile_iosappid: Some(text("tool_mobile_iosappid", "633359593")),
            tool_mobile_androidappid: Some(text("tool_mobile_androidappid", "com.moodle.moodlemobile")),
            tool_mobile_setuplink: Some(text("tool_mobile_setuplink", "https://download.moodle.org/mobile")),
            tool_mobile_qrcodetype: Some(int("tool_mobile_qrcodetype", 1)),
            warnings: Some(Vec::new()),
            showloginform: int("showloginform", 1),
        })
    }
}
