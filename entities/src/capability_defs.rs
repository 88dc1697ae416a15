//! The capabilities lmsgate knows, with Moodle's display names (used in `nopermissions` messages)
//! and the archetypes that are granted them on a new site (MOODLE-SPEC §11).
use crate::cap::{self, Capability};
use crate::contextlevel::{COURSE, COURSECAT, MODULE, SYSTEM, USER};

pub struct CapabilityDef {
    pub name: &'static str,
    pub title: &'static str,
    /// `read` or `write`: guests never get `write` capabilities.
    pub captype: &'static str,
    pub contextlevel: i32,
    pub archetypes: &'static [&'static str],
}

/// A capability definition (Moodle's `db/access.php` entry).
pub const fn define(
    capability: Capability,
    title: &'static str,
    captype: &'static str,
    contextlevel: i32,
    archetypes: &'static [&'static str],
) -> CapabilityDef {
    CapabilityDef { name: capability.name(), title, captype, contextlevel, archetypes }
}

const TEACHERS: &[&str] = &["teacher", "editingteacher", "manager"];
const EDITORS: &[&str] = &["editingteacher", "manager"];
const MANAGER: &[&str] = &["manager"];
const LEARNERS: &[&str] = &["student", "teacher", "editingteacher", "manager"];
const NOBODY: &[&str] = &[];

pub const CAPABILITIES: &[CapabilityDef] = &[
    define(
        cap::CALENDAR_MANAGEENTRIES,
        "Manage site, category and course entries in calendar",
        "write",
        COURSE,
        EDITORS,
    ),
    define(
        cap::CALENDAR_MANAGEOWNENTRIES,
        "Manage own calendar entries",
        "write",
        COURSE,
        &["user", "teacher", "editingteacher", "manager"],
    ),
    define(cap::CALENDAR_MANAGEGROUPENTRIES, "Manage group calendar entries", "write", COURSE, TEACHERS),
    define(
        cap::GRADEREPORT_USER_VIEW,
        "View your own user report",
        "read",
        COURSE,
        &["student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::GRADE_VIEW, "View own grades", "read", COURSE, &["student"]),
    define(cap::GRADE_VIEWALL, "View grades of other users", "read", COURSE, TEACHERS),
    define(cap::USER_EDITOWNMESSAGEPROFILE, "Edit own user messaging profile", "write", SYSTEM, &["user"]),
    define(cap::USER_EDITMESSAGEPROFILE, "Edit user messaging profile", "write", SYSTEM, MANAGER),
    define(cap::COMPETENCY_PLANVIEW, "View all learning plans", "read", USER, MANAGER),
    define(cap::COMPETENCY_PLANMANAGE, "Manage learning plans", "write", USER, MANAGER),
    define(cap::COMPETENCY_USEREVIDENCEVIEW, "View the evidence of prior learning of a user", "read", USER, MANAGER),
    define(cap::SITE_CONFIG, "Change site configuration", "write", SYSTEM, NOBODY),
    define(cap::SITE_MAINTENANCEACCESS, "Access site while in maintenance", "write", SYSTEM, NOBODY),
    define(cap::SITE_VIEWPARTICIPANTS, "View participants", "read", SYSTEM, MANAGER),
    define(cap::SITE_ACCESSALLGROUPS, "Access all groups", "read", MODULE, EDITORS),
    define(cap::SITE_SENDMESSAGE, "Send messages to any user", "write", SYSTEM, &["manager", "user"]),
    define(cap::SITE_READALLMESSAGES, "Read all messages on site", "read", SYSTEM, TEACHERS),
    define(
        cap::SITE_MESSAGEANYUSER,
        "Bypass user privacy preferences for messaging any user",
        "write",
        SYSTEM,
        TEACHERS,
    ),
    define(cap::SITE_DELETEOWNMESSAGE, "Delete own messages", "write", SYSTEM, &["user"]),
    define(cap::SITE_DELETEANYMESSAGE, "Delete any messages", "write", SYSTEM, MANAGER),
    define(cap::USER_CREATE, "Create users", "write", SYSTEM, MANAGER),
    define(cap::USER_UPDATE, "Update user profiles", "write", SYSTEM, MANAGER),
    define(cap::USER_DELETE, "Delete users", "write", SYSTEM, MANAGER),
    define(
        cap::USER_VIEWDETAILS,
        "View user profiles",
        "read",
        COURSE,
        &["guest", "student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::USER_VIEWHIDDENDETAILS, "View hidden details of users", "read", COURSE, TEACHERS),
    define(cap::USER_EDITOWNPROFILE, "Edit own user profile", "write", SYSTEM, &["user", "manager"]),
    define(cap::USER_EDITPROFILE, "Edit user profile", "write", USER, MANAGER),
    define(cap::USER_MANAGEOWNFILES, "Manage files on own private file areas", "write", SYSTEM, &["user"]),
    define(cap::USER_IGNOREUSERQUOTA, "Ignore user quota limit", "write", SYSTEM, NOBODY),
    define(cap::COURSE_VIEWHIDDENUSERFIELDS, "View hidden user fields", "read", COURSE, TEACHERS),
    define(cap::COURSE_USEREMAIL, "Enable/disable email address", "read", COURSE, EDITORS),
    define(cap::COURSE_CREATE, "Create courses", "write", COURSECAT, &["coursecreator", "manager"]),
    define(cap::COURSE_UPDATE, "Update course settings", "write", COURSE, EDITORS),
    define(cap::COURSE_VISIBILITY, "Hide/show courses", "write", COURSE, EDITORS),
    define(cap::COURSE_CHANGECATEGORY, "Change course category", "write", COURSE, EDITORS),
    define(cap::COURSE_CHANGEFULLNAME, "Change course full name", "write", COURSE, EDITORS),
    define(cap::COURSE_CHANGESHORTNAME, "Change course short name", "write", COURSE, EDITORS),
    define(cap::COURSE_CHANGEIDNUMBER, "Change course ID number", "write", COURSE, EDITORS),
    define(cap::COURSE_CHANGESUMMARY, "Change course summary", "write", COURSE, EDITORS),
    define(cap::COURSE_SETFORCEDLANGUAGE, "Force course language", "write", COURSE, EDITORS),
    define(cap::COURSE_DELETE, "Delete courses", "write", COURSE, MANAGER),
    define(cap::COURSE_VIEW, "View courses without participation", "read", COURSE, MANAGER),
    define(
        cap::COURSE_VIEWHIDDENCOURSES,
        "View hidden courses",
        "read",
        COURSE,
        &["coursecreator", "teacher", "editingteacher", "manager"],
    ),
    define(
        cap::COURSE_VIEWPARTICIPANTS,
        "View participants",
        "read",
        COURSE,
        &["student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::COURSE_VIEWHIDDENACTIVITIES, "View hidden activities", "read", MODULE, TEACHERS),
    define(cap::COURSE_MANAGEACTIVITIES, "Manage activities", "write", MODULE, EDITORS),
    define(cap::COURSE_SECTIONVISIBILITY, "Control section visibility", "write", COURSE, EDITORS),
    define(cap::COURSE_MOVESECTIONS, "Move sections", "write", COURSE, EDITORS),
    define(cap::PAGE_ADDINSTANCE, "Add a new page resource", "write", COURSE, EDITORS),
    define(cap::PAGE_VIEW, "View page content", "read", MODULE, &["guest", "user"]),
    define(cap::URL_ADDINSTANCE, "Add a new URL resource", "write", COURSE, EDITORS),
    define(cap::URL_VIEW, "View URL", "read", MODULE, &["guest", "user"]),
    define(cap::RESOURCE_VIEW, "View file", "read", MODULE, &["guest", "user"]),
    define(cap::RESOURCE_ADDINSTANCE, "Add a new file", "write", COURSE, EDITORS),
    define(cap::FOLDER_VIEW, "View folder content", "read", MODULE, &["guest", "user"]),
    define(cap::FOLDER_ADDINSTANCE, "Add a new folder", "write", COURSE, EDITORS),
    define(
        cap::ASSIGN_VIEW,
        "View assignment",
        "read",
        MODULE,
        &["guest", "student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::ASSIGN_ADDINSTANCE, "Add a new assignment", "write", COURSE, EDITORS),
    define(cap::ASSIGN_SUBMIT, "Submit assignment", "write", MODULE, &["student"]),
    define(cap::ASSIGN_GRADE, "Grade assignment", "write", MODULE, TEACHERS),
    define(cap::ASSIGN_VIEWGRADES, "View grades", "read", MODULE, TEACHERS),
    define(
        cap::QUIZ_VIEW,
        "View quiz information",
        "read",
        MODULE,
        &["guest", "student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::QUIZ_ADDINSTANCE, "Add a new quiz", "write", COURSE, EDITORS),
    define(cap::QUIZ_ATTEMPT, "Attempt quizzes", "write", MODULE, &["student"]),
    define(cap::QUIZ_MANAGE, "Manage quizzes", "write", MODULE, EDITORS),
    define(cap::QUIZ_PREVIEW, "Preview quizzes", "write", MODULE, TEACHERS),
    define(cap::QUIZ_REVIEWMYATTEMPTS, "Review your own attempts", "read", MODULE, &["student"]),
    define(cap::QUIZ_VIEWREPORTS, "View quiz reports", "read", MODULE, TEACHERS),
    define(cap::FORUM_ADDINSTANCE, "Add a new forum", "write", COURSE, EDITORS),
    define(
        cap::FORUM_VIEWDISCUSSION,
        "View discussions",
        "read",
        MODULE,
        &["guest", "student", "teacher", "editingteacher", "manager"],
    ),
    define(cap::FORUM_VIEWHIDDENTIMEDPOSTS, "View hidden timed posts", "read", MODULE, TEACHERS),
    define(cap::FORUM_STARTDISCUSSION, "Start new discussions", "write", MODULE, LEARNERS),
    define(cap::FORUM_REPLYPOST, "Reply to posts", "write", MODULE, LEARNERS),
    define(cap::FORUM_ADDNEWS, "Add announcements", "write", MODULE, TEACHERS),
    define(cap::FORUM_REPLYNEWS, "Reply to announcements", "write", MODULE, TEACHERS),
    define(cap::FORUM_VIEWRATING, "View the total rating you received", "read", MODULE, LEARNERS),
    define(cap::FORUM_VIEWANYRATING, "View total ratings that anyone received", "read", MODULE, TEACHERS),
    define(cap::FORUM_VIEWALLRATINGS, "See all raw ratings given by individuals", "read", MODULE, TEACHERS),
    define(cap::FORUM_RATE, "Rate posts", "write", MODULE, TEACHERS),
    define(cap::FORUM_POSTPRIVATEREPLY, "Reply privately", "write", MODULE, TEACHERS),
    define(cap::FORUM_READPRIVATEREPLIES, "View private replies", "read", MODULE, TEACHERS),
    define(cap::FORUM_CREATEATTACHMENT, "Create attachments", "write", MODULE, LEARNERS),
    define(cap::FORUM_DELETEOWNPOST, "Delete own posts (within deadline)", "read", MODULE, LEARNERS),
    define(cap::FORUM_DELETEANYPOST, "Delete any posts (anytime)", "read", MODULE, TEACHERS),
    define(cap::FORUM_SPLITDISCUSSIONS, "Split discussions", "read", MODULE, TEACHERS),
    define(cap::FORUM_MOVEDISCUSSIONS, "Move discussions", "read", MODULE, TEACHERS),
    define(cap::FORUM_PINDISCUSSIONS, "Pin discussions", "write", MODULE, TEACHERS),
    define(cap::FORUM_EDITANYPOST, "Edit any post", "write", MODULE, TEACHERS),
    define(cap::FORUM_VIEWQANDAWITHOUTPOSTING, "Always see Q and A posts", "read", MODULE, TEACHERS),
    define(cap::FORUM_VIEWSUBSCRIBERS, "View subscribers", "read", MODULE, TEACHERS),
    define(cap::FORUM_MANAGESUBSCRIPTIONS, "Manage subscribers", "read", MODULE, TEACHERS),
    define(cap::FORUM_POSTWITHOUTTHROTTLING, "Exempt from post threshold", "write", MODULE, TEACHERS),
    define(cap::FORUM_EXPORTDISCUSSION, "Export whole discussion", "read", MODULE, TEACHERS),
    define(cap::FORUM_EXPORTFORUM, "Export forum", "read", MODULE, EDITORS),
    define(cap::FORUM_EXPORTPOST, "Export post", "read", MODULE, TEACHERS),
    define(cap::FORUM_EXPORTOWNPOST, "Export own post", "read", MODULE, LEARNERS),
    define(cap::FORUM_ADDQUESTION, "Add question", "write", MODULE, EDITORS),
    define(cap::FORUM_ALLOWFORCESUBSCRIBE, "Allow force subscribe", "read", MODULE, LEARNERS),
    define(cap::FORUM_CANPOSTTOMYGROUPS, "Can post to all groups you have access to", "write", MODULE, TEACHERS),
    define(cap::FORUM_CANOVERRIDEDISCUSSIONLOCK, "Reply to locked discussions", "write", MODULE, TEACHERS),
    define(cap::FORUM_CANOVERRIDECUTOFF, "Post to forums after their cut-off date", "write", MODULE, TEACHERS),
    define(cap::FORUM_CANTOGGLEFAVOURITE, "Star discussions", "write", MODULE, &["user"]),
    define(cap::FORUM_GRADE, "Grade users", "write", MODULE, TEACHERS),
    define(cap::FORUM_CANMAILNOW, "Send notifications immediately", "write", MODULE, LEARNERS),
    define(cap::REPORT_PROGRESS_VIEW, "View activity completion reports", "read", COURSE, TEACHERS),
    define(cap::GRADE_EDIT, "Edit grades", "write", COURSE, TEACHERS),
    define(cap::GRADE_MANAGE, "Manage grade items", "write", COURSE, EDITORS),
    define(cap::GRADE_HIDE, "Hide/unhide grades or items", "write", COURSE, EDITORS),
    define(cap::GRADE_VIEWHIDDEN, "View hidden grades for owner", "read", COURSE, TEACHERS),
    define(cap::COMMENT_VIEW, "View and read comments", "read", COURSE, &["guest", "user"]),
    define(cap::LABEL_VIEW, "View text and media area", "read", MODULE, &["guest", "user"]),
    define(cap::LABEL_ADDINSTANCE, "Add a new Text and media area", "write", COURSE, EDITORS),
    define(cap::COURSE_VIEWHIDDENSECTIONS, "View hidden sections", "read", COURSE, TEACHERS),
    define(cap::COURSE_MANAGEGROUPS, "Manage groups", "write", COURSE, EDITORS),
    define(cap::COURSE_ENROLREVIEW, "Review course enrolments", "read", COURSE, EDITORS),
    define(cap::CATEGORY_MANAGE, "Manage course categories", "write", COURSECAT, MANAGER),
    define(
        cap::CATEGORY_VIEWHIDDENCATEGORIES,
        "View hidden categories",
        "read",
        COURSECAT,
        &["coursecreator", "manager"],
    ),
    define(cap::ROLE_ASSIGN, "Assign roles to users", "write", COURSE, EDITORS),
    define(cap::ROLE_REVIEW, "Review permissions for others", "read", COURSE, TEACHERS),
    define(cap::COHORT_MANAGE, "Create, delete and move cohorts", "write", COURSECAT, MANAGER),
    define(cap::COHORT_VIEW, "View site-wide cohorts", "read", COURSE, EDITORS),
    define(cap::COHORT_ASSIGN, "Add and remove cohort members", "write", COURSECAT, MANAGER),
    define(cap::WEBSERVICE_CREATETOKEN, "Create a web service token", "write", SYSTEM, MANAGER),
    define(
        cap::WEBSERVICE_CREATEMOBILETOKEN,
        "Create a web service token for mobile access",
        "write",
        SYSTEM,
        &["user"],
    ),
    define(cap::ENROL_MANUAL_ENROL, "Enrol users", "write", COURSE, EDITORS),
    define(cap::ENROL_MANUAL_UNENROL, "Unenrol users from the course", "write", COURSE, EDITORS),
    define(cap::REPORT_LOG_VIEW, "View course logs", "read", COURSE, EDITORS),
    define(cap::WEBSERVICE_REST_USE, "Use REST protocol", "read", COURSE, NOBODY),
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

/// The capability called `name`, if it exists.
pub fn lookup(name: &str) -> Option<Capability> {
    find(name).map(|c| Capability::new(c.name))
}
