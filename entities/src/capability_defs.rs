//! The capabilities lmsgate knows, with Moodle's display names (used in `nopermissions` messages)
//! and the archetypes that are granted them on a new site (MOODLE-SPEC §11).
use crate::contextlevel::{COURSE, COURSECAT, MODULE, SYSTEM};

pub struct CapabilityDef {
    pub name: &'static str,
    pub title: &'static str,
    /// `read` or `write`: guests never get `write` capabilities.
    pub captype: &'static str,
    pub contextlevel: i32,
    pub archetypes: &'static [&'static str],
}

/// A capability definition (Moodle's `db/access.php` entry).
pub const fn cap(
    name: &'static str,
    title: &'static str,
    captype: &'static str,
    contextlevel: i32,
    archetypes: &'static [&'static str],
) -> CapabilityDef {
    CapabilityDef { name, title, captype, contextlevel, archetypes }
}

const TEACHERS: &[&str] = &["teacher", "editingteacher", "manager"];
const EDITORS: &[&str] = &["editingteacher", "manager"];
const MANAGER: &[&str] = &["manager"];
const NOBODY: &[&str] = &[];

pub const CAPABILITIES: &[CapabilityDef] = &[
    cap("moodle/site:config", "Change site configuration", "write", SYSTEM, NOBODY),
    cap("moodle/site:maintenanceaccess", "Access site while in maintenance", "write", SYSTEM, NOBODY),
    cap("moodle/site:viewparticipants", "View participants", "read", SYSTEM, MANAGER),
    cap("moodle/site:accessallgroups", "Access all groups", "read", MODULE, EDITORS),
    cap("moodle/site:sendmessage", "Send messages to any user", "write", SYSTEM, &["manager", "user"]),
    cap("moodle/user:create", "Create users", "write", SYSTEM, MANAGER),
    cap("moodle/user:update", "Update user profiles", "write", SYSTEM, MANAGER),
    cap("moodle/user:delete", "Delete users", "write", SYSTEM, MANAGER),
    cap(
        "moodle/user:viewdetails",
        "View user profiles",
        "read",
        COURSE,
        &["guest", "student", "teacher", "editingteacher", "manager"],
    ),
    cap("moodle/user:viewhiddendetails", "View hidden details of users", "read", COURSE, TEACHERS),
    cap("moodle/user:manageownfiles", "Manage files on own private file areas", "write", SYSTEM, &["user"]),
    cap("moodle/user:ignoreuserquota", "Ignore user quota limit", "write", SYSTEM, NOBODY),
    cap("moodle/course:viewhiddenuserfields", "View hidden user fields", "read", COURSE, TEACHERS),
    cap("moodle/course:useremail", "Enable/disable email address", "read", COURSE, EDITORS),
    cap("moodle/course:create", "Create courses", "write", COURSECAT, &["coursecreator", "manager"]),
    cap("moodle/course:update", "Update course settings", "write", COURSE, EDITORS),
    cap("moodle/course:visibility", "Hide/show courses", "write", COURSE, EDITORS),
    cap("moodle/course:changecategory", "Change course category", "write", COURSE, EDITORS),
    cap("moodle/course:changefullname", "Change course full name", "write", COURSE, EDITORS),
    cap("moodle/course:changeshortname", "Change course short name", "write", COURSE, EDITORS),
    cap("moodle/course:changeidnumber", "Change course ID number", "write", COURSE, EDITORS),
    cap("moodle/course:changesummary", "Change course summary", "write", COURSE, EDITORS),
    cap("moodle/course:setforcedlanguage", "Force course language", "write", COURSE, EDITORS),
    cap("moodle/course:delete", "Delete courses", "write", COURSE, MANAGER),
    cap("moodle/course:view", "View courses without participation", "read", COURSE, MANAGER),
    cap(
        "moodle/course:viewhiddencourses",
        "View hidden courses",
        "read",
        COURSE,
        &["coursecreator", "teacher", "editingteacher", "manager"],
    ),
    cap(
        "moodle/course:viewparticipants",
        "View participants",
        "read",
        COURSE,
        &["student", "teacher", "editingteacher", "manager"],
    ),
    cap("moodle/course:viewhiddensections", "View hidden sections", "read", COURSE, TEACHERS),
    cap("moodle/course:managegroups", "Manage groups", "write", COURSE, EDITORS),
    cap("moodle/course:enrolreview", "Review course enrolments", "read", COURSE, EDITORS),
    cap("moodle/category:manage", "Manage course categories", "write", COURSECAT, MANAGER),
    cap(
        "moodle/category:viewhiddencategories",
        "View hidden categories",
        "read",
        COURSECAT,
        &["coursecreator", "manager"],
    ),
    cap("moodle/role:assign", "Assign roles to users", "write", COURSE, EDITORS),
    cap("moodle/role:review", "Review permissions for others", "read", COURSE, TEACHERS),
    cap("moodle/cohort:manage", "Create, delete and move cohorts", "write", COURSECAT, MANAGER),
    cap("moodle/cohort:view", "View site-wide cohorts", "read", COURSE, EDITORS),
    cap("moodle/cohort:assign", "Add and remove cohort members", "write", COURSECAT, MANAGER),
    cap("moodle/webservice:createtoken", "Create a web service token", "write", SYSTEM, MANAGER),
    cap(
        "moodle/webservice:createmobiletoken",
        "Create a web service token for mobile access",
        "write",
        SYSTEM,
        &["user"],
    ),
    cap("enrol/manual:enrol", "Enrol users", "write", COURSE, EDITORS),
    cap("enrol/manual:unenrol", "Unenrol users from the course", "write", COURSE, EDITORS),
    cap("report/log:view", "View course logs", "read", COURSE, EDITORS),
    cap("webservice/rest:use", "Use REST protocol", "read", COURSE, NOBODY),
];

static PLUGIN_CAPABILITIES: std::sync::OnceLock<Vec<&'static CapabilityDef>> = std::sync::OnceLock::new();

/// Adds plugins' capabilities to the built-in ones, once per process before the first check.
/// Installing the same list again is a no-op; a different one is refused.
pub fn install(defs: Vec<&'static CapabilityDef>) -> Result<(), String> {
    let names = |d: &[&CapabilityDef]| d.iter().map(|c| c.name).collect::<Vec<_>>();
    let wanted = names(&defs);
    let installed = PLUGIN_CAPABILITIES.get_or_init(|| defs);
    if names(installed) == wanted { Ok(()) } else { Err("plugin capabilities were already installed".into()) }
}

/// Every capability: the built-in ones, then plugins'.
pub fn all() -> impl Iterator<Item = &'static CapabilityDef> {
    CAPABILITIES.iter().chain(PLUGIN_CAPABILITIES.get().into_iter().flatten().copied())
}

pub fn find(name: &str) -> Option<&'static CapabilityDef> {
    all().find(|c| c.name == name)
}
