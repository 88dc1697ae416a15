//! tool_mobile_get_config: the site settings the Moodle app reads once signed in.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::seed;

use crate::common::Warning;
use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetConfig;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_mobile_get_config_params", deny_unknown_fields)]
pub struct Params {
    /// Settings section name (empty: every section).
    #[oai(default)]
    pub section: AlphanumExt,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_setting")]
pub struct Setting {
    /// The name of the setting.
    pub name: String,
    /// The value of the setting.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_mobile_get_config_returns")]
pub struct Returns {
    /// Settings.
    pub settings: Vec<Setting>,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

/// The settings the app reads, by Moodle's section, with Moodle's defaults for a site that has
/// not set them.
const SECTIONS: &[(&str, &[(&str, &str)])] = &[
    (
        "frontpagesettings",
        &[
            ("fullname", ""),
            ("shortname", ""),
            ("summary", ""),
            ("summaryformat", "0"),
            ("frontpage", "6"),
            ("frontpageloggedin", "6"),
            ("maxcategorydepth", "2"),
            ("frontpagecourselimit", "200"),
            ("numsections", "1"),
            ("newsitems", "3"),
            ("commentsperpage", "15"),
        ],
    ),
    ("sitepolicies", &[("sitepolicy", ""), ("sitepolicyhandler", ""), ("disableuserimages", "0")]),
    ("gradessettings", &[("mygradesurl", "")]),
    (
        "mobileapp",
        &[
            ("tool_mobile_forcelogout", "0"),
            ("tool_mobile_customlangstrings", ""),
            ("tool_mobile_disabledfeatures", ""),
            ("tool_mobile_filetypeexclusionlist", ""),
            ("tool_mobile_custommenuitems", ""),
            ("tool_mobile_apppolicy", ""),
            ("tool_mobile_autologinmintimebetweenreq", "360"),
            ("tool_mobile_autologout", "0"),
            ("tool_mobile_autologouttime", "86400"),
        ],
    ),
    (
        "calendar",
        &[
            ("calendartype", "gregorian"),
            ("calendar_site_timeformat", "0"),
            ("calendar_startwday", "1"),
            ("calendar_adminseesall", "0"),
            ("calendar_lookahead", "21"),
            ("calendar_maxevents", "10"),
        ],
    ),
    (
        "coursecolors",
        &[
            ("core_admin_coursecolor1", "#81ecec"),
            ("core_admin_coursecolor2", "#74b9ff"),
            ("core_admin_coursecolor3", "#a29bfe"),
            ("core_admin_coursecolor4", "#dfe6e9"),
            ("core_admin_coursecolor5", "#00b894"),
            ("core_admin_coursecolor6", "#0984e3"),
            ("core_admin_coursecolor7", "#b2bec3"),
            ("core_admin_coursecolor8", "#fdcb6e"),
            ("core_admin_coursecolor9", "#fd79a8"),
            ("core_admin_coursecolor10", "#6c5ce7"),
        ],
    ),
    ("supportcontact", &[("supportavailability", "1"), ("supportpage", "")]),
    ("graceperiodsettings", &[("coursegraceperiodafter", "0"), ("coursegraceperiodbefore", "0")]),
    ("navigation", &[("enabledashboard", "1")]),
    ("themesettings", &[("customusermenuitems", "profile,moodle|/user/profile.php\ngrades,grades|/grade/report/mygrades.php\ncalendar,core_calendar|/calendar/view.php?view=month\nprivatefiles,moodle|/user/files.php\nreports,core_reportbuilder|/reportbuilder/index.php")]),
    ("locationsettings", &[("timezone", "99"), ("forcetimezone", "99")]),
    ("manageglobalsearch", &[("searchengine", "simpledb"), ("searchenablecategories", "0"), ("searchdefaultcategory", "core-all"), ("searchhideallcategory", "0"), ("searchmaxtopresults", "3"), ("searchbannerenable", "0"), ("searchbanner", "")]),
    ("privacysettings", &[("tool_dataprivacy_contactdataprotectionofficer", "0"), ("tool_dataprivacy_showdataretentionsummary", "1")]),
    ("blog", &[("useblogassociations", "1"), ("bloglevel", "4"), ("blogusecomments", "1")]),
];

impl ExternalFunction for GetConfig {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_mobile_get_config",
        summary: "Get the site settings the app uses",
        description: "Return the site settings the Moodle app reads once signed in, all of them or one section's (e.g. `frontpagesettings`, `mobileapp`, `calendar`).",
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"section":"mobileapp"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let site = call.state.site().await?;
        let wwwroot = call.state.settings.wwwroot.trim_end_matches('/');
        let settings = SECTIONS
            .iter()
            .filter(|(section, _)| p.section.0.is_empty() || *section == p.section.0)
            .flat_map(|(_, settings)| settings.iter())
            .map(|(name, default)| Setting {
                name: (*name).to_string(),
                value: match *name {
                    "mygradesurl" => format!("{wwwroot}/grade/report/overview/index.php"),
                    _ => site.get_or(name, default).to_string(),
                },
            })
            .collect();
        Ok(Returns { settings, warnings: Vec::new() })
    }
}
