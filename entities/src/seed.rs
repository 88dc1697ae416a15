//! Install-time data: a new site looks like a freshly installed Moodle (guest id 1, admin id 2,
//! site course id 1, default category id 1, system context id 1, the eight standard roles and
//! their default capabilities, the built-in mobile service), except that web services, REST and
//! the mobile service are on, since serving them is lmsgate's purpose.
use sea_orm::{
    ActiveModelTrait, ActiveValue::NotSet, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait, Set,
    TransactionTrait,
};

use crate::capability_defs::{self, CapabilityDef};
use crate::contextlevel;
use crate::ids;
use crate::now;
use crate::permission::ALLOW;
use crate::tables::*;

pub const SITE_VERSION: &str = "2024100706.06";
pub const SITE_RELEASE: &str = "4.5.6 (lmsgate)";
pub const MOBILE_SERVICE: &str = "moodle_mobile_app";
/// The version of the standard blocks of the Moodle release lmsgate follows.
pub const BLOCK_VERSION: &str = "2024100700";

/// Site settings of a new site (name, value).
pub const DEFAULT_CONFIG: &[(&str, &str)] = &[
    ("fullname", "lmsgate"),
    ("shortname", "lmsgate"),
    ("version", SITE_VERSION),
    ("release", SITE_RELEASE),
    ("lang", "en"),
    ("calendartype", "gregorian"),
    ("theme", "boost"),
    ("timezone", "99"),
    ("enablewebservices", "1"),
    ("enablemobilewebservice", "1"),
    ("webserviceprotocols", "rest"),
    ("enablesimplewebservices", "0"),
    ("tokenduration", "7257600"),
    ("lockoutthreshold", "0"),
    ("lockoutwindow", "1800"),
    ("lockoutduration", "1800"),
    ("maintenance_enabled", "0"),
    ("allowaccountssameemail", "0"),
    ("authloginviaemail", "0"),
    ("passwordpolicy", "1"),
    ("minpasswordlength", "8"),
    ("minpassworddigits", "1"),
    ("minpasswordlower", "1"),
    ("minpasswordupper", "1"),
    ("minpasswordnonalphanum", "1"),
    ("siteadmins", "2"),
    ("defaultuserroleid", "7"),
    ("guestroleid", "6"),
    ("siteguest", "1"),
    ("userquota", "104857600"),
    ("maxbytes", "0"),
    ("sitedefaultlicense", "unknown"),
    ("limitconcurrentlogins", "0"),
    ("defaulthomepage", "1"),
    ("messaging", "1"),
    ("messagingallusers", "0"),
    // Moodle's debugging (`DEBUG_NONE`, display off); `wsdebuginfo` (lmsgate's) makes the
    // Moodle-compatible endpoints always send `debuginfo`.
    ("debug", "0"),
    ("debugdisplay", "0"),
    ("wsdebuginfo", "0"),
];

/// The standard roles in install order, so their ids are Moodle's: (shortname, name, archetype).
pub const ROLES: &[(&str, &str)] = &[
    ("manager", "Manager"),
    ("coursecreator", "Course creator"),
    ("editingteacher", "Teacher"),
    ("teacher", "Non-editing teacher"),
    ("student", "Student"),
    ("guest", "Guest"),
    ("user", "Authenticated user"),
    ("frontpage", "Authenticated user on frontpage"),
];

/// A user row with Moodle's defaults; callers set the identity fields.
pub fn new_user(username: &str, firstname: &str, lastname: &str, email: &str) -> user::ActiveModel {
    let t = now();
    user::ActiveModel {
        id: NotSet,
        auth: Set("manual".into()),
        confirmed: Set(1),
        deleted: Set(0),
        suspended: Set(0),
        username: Set(username.into()),
        password: Set(String::new()),
        idnumber: Set(String::new()),
        firstname: Set(firstname.into()),
        lastname: Set(lastname.into()),
        email: Set(email.into()),
        phone1: Set(String::new()),
        phone2: Set(String::new()),
        institution: Set(String::new()),
        department: Set(String::new()),
        address: Set(String::new()),
        city: Set(String::new()),
        country: Set(String::new()),
        lang: Set("en".into()),
        calendartype: Set("gregorian".into()),
        theme: Set(String::new()),
        timezone: Set("99".into()),
        firstaccess: Set(0),
        lastaccess: Set(0),
        lastlogin: Set(0),
        currentlogin: Set(0),
        lastip: Set(String::new()),
        description: Set(String::new()),
        descriptionformat: Set(1),
        mailformat: Set(1),
        maildisplay: Set(2),
        interests: Set(String::new()),
        firstnamephonetic: Set(String::new()),
        lastnamephonetic: Set(String::new()),
        middlename: Set(String::new()),
        alternatename: Set(String::new()),
        policyagreed: Set(0),
        picture: Set(0),
        timecreated: Set(t),
        timemodified: Set(t),
    }
}

/// Inserts a context below `parent_path` and fills in its path and depth.
pub async fn create_context<C: ConnectionTrait>(
    db: &C,
    level: i32,
    instanceid: i64,
    parent_path: &str,
) -> Result<context::Model, DbErr> {
    let row = context::ActiveModel {
        id: NotSet,
        contextlevel: Set(level),
        instanceid: Set(instanceid),
        path: Set(String::new()),
        depth: Set(0),
        locked: Set(0),
    }
    .insert(db)
    .await?;
    let path = format!("{parent_path}/{}", row.id);
    let depth = path.matches('/').count() as i32;
    let mut row = row.into_active_model();
    row.path = Set(path);
    row.depth = Set(depth);
    row.update(db).await
}

/// True when the site has been installed (the config table has rows).
pub async fn is_installed<C: ConnectionTrait>(db: &C) -> Result<bool, DbErr> {
    Ok(config::Entity::find().count(db).await? > 0)
}

/// Installs a new site in one transaction. `admin_password_hash` is an argon2 PHC string.
pub async fn install(db: &sea_orm::DatabaseConnection, admin_password_hash: &str) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let t = now();
    for (name, value) in DEFAULT_CONFIG {
        config::ActiveModel { id: NotSet, name: Set((*name).into()), value: Set((*value).into()) }.insert(&txn).await?;
    }
    let system = create_context(&txn, contextlevel::SYSTEM, 0, "").await?;
    debug_assert_eq!(system.id, ids::SYSTEM_CONTEXT);

    let mut guest = new_user("guest", "Guest user", " ", "root@localhost");
    guest.description = Set("This user is a special user that allows read-only access to some courses.".into());
    let guest = guest.insert(&txn).await?;
    let mut admin = new_user("admin", "Admin", "User", "admin@localhost");
    admin.password = Set(admin_password_hash.into());
    let admin = admin.insert(&txn).await?;
    debug_assert_eq!((guest.id, admin.id), (ids::GUEST_USER, ids::ADMIN_USER));

    let category = course_categories::ActiveModel {
        id: NotSet,
        name: Set("Category 1".into()),
        idnumber: Set(None),
        description: Set(String::new()),
        descriptionformat: Set(1),
        parent: Set(0),
        sortorder: Set(10000),
        coursecount: Set(0),
        visible: Set(1),
        visibleold: Set(1),
        timemodified: Set(t),
        depth: Set(1),
        path: Set(String::new()),
        theme: Set(None),
    }
    .insert(&txn)
    .await?;
    let mut category = category.into_active_model();
    category.path = Set(format!("/{}", ids::DEFAULT_CATEGORY));
    category.update(&txn).await?;

    let site = new_course(0, "lmsgate", "lmsgate", "site", t).insert(&txn).await?;
    debug_assert_eq!(site.id, ids::SITE_COURSE);

    create_context(&txn, contextlevel::COURSE, ids::SITE_COURSE, &system.path).await?;
    create_context(&txn, contextlevel::COURSECAT, ids::DEFAULT_CATEGORY, &system.path).await?;
    create_context(&txn, contextlevel::USER, guest.id, &system.path).await?;
    create_context(&txn, contextlevel::USER, admin.id, &system.path).await?;

    for (i, (shortname, name)) in ROLES.iter().enumerate() {
        role::ActiveModel {
            id: NotSet,
            name: Set((*name).into()),
            shortname: Set((*shortname).into()),
            description: Set(String::new()),
            sortorder: Set(i as i32 + 1),
            archetype: Set((*shortname).into()),
        }
        .insert(&txn)
        .await?;
    }
    add_capabilities(&txn, capability_defs::all(), system.id).await?;
    external_services::ActiveModel {
        id: NotSet,
        name: Set("Moodle mobile web service".into()),
        enabled: Set(1),
        requiredcapability: Set(None),
        restrictedusers: Set(0),
        component: Set(Some("moodle".into())),
        timecreated: Set(t),
        timemodified: Set(Some(t)),
        shortname: Set(Some(MOBILE_SERVICE.into())),
        downloadfiles: Set(1),
        uploadfiles: Set(1),
    }
    .insert(&txn)
    .await?;
    txn.commit().await
}

/// Capability rows, and the archetypes' grants of each in the system context (Moodle's
/// `update_capabilities` for capabilities new to the site).
pub async fn add_capabilities<C: ConnectionTrait>(
    db: &C,
    defs: impl Iterator<Item = &CapabilityDef>,
    system_context: i64,
) -> Result<(), DbErr> {
    let t = now();
    for def in defs {
        capabilities::ActiveModel {
            id: NotSet,
            name: Set(def.name.into()),
            captype: Set(def.captype.into()),
            contextlevel: Set(def.contextlevel),
            component: Set(def.name.split('/').next().unwrap_or("moodle").into()),
            riskbitmask: Set(0),
        }
        .insert(db)
        .await?;
        let mut archetypes: Vec<&str> = def.archetypes.to_vec();
        // What Moodle's "enable mobile web services" setting does.
        if def.name == "webservice/rest:use" {
            archetypes.push("user");
        }
        for archetype in archetypes {
            let roleid = ROLES.iter().position(|(s, _)| *s == archetype).expect("known archetype") as i64 + 1;
            role_capabilities::ActiveModel {
                id: NotSet,
                contextid: Set(system_context),
                roleid: Set(roleid),
                capability: Set(def.name.into()),
                permission: Set(ALLOW),
                timemodified: Set(t),
                modifierid: Set(0),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// A course row with Moodle's defaults.
pub fn new_course(category: i64, fullname: &str, shortname: &str, format: &str, t: i64) -> course::ActiveModel {
    course::ActiveModel {
        id: NotSet,
        category: Set(category),
        sortorder: Set(0),
        fullname: Set(fullname.into()),
        shortname: Set(shortname.into()),
        idnumber: Set(String::new()),
        summary: Set(String::new()),
        summaryformat: Set(1),
        format: Set(format.into()),
        showgrades: Set(1),
        newsitems: Set(5),
        startdate: Set(0),
        enddate: Set(0),
        marker: Set(0),
        maxbytes: Set(0),
        legacyfiles: Set(0),
        showreports: Set(0),
        visible: Set(1),
        visibleold: Set(1),
        groupmode: Set(0),
        groupmodeforce: Set(0),
        defaultgroupingid: Set(0),
        lang: Set(String::new()),
        calendartype: Set(String::new()),
        theme: Set(String::new()),
        timecreated: Set(t),
        timemodified: Set(t),
        requested: Set(0),
        enablecompletion: Set(0),
        completionnotify: Set(0),
        cacherev: Set(0),
        showactivitydates: Set(1),
        showcompletionconditions: Set(1),
    }
}

/// Roles each role may assign (Moodle's default "allow assign" matrix), by shortname.
pub const ALLOW_ASSIGN: &[(&str, &[&str])] = &[
    ("manager", &["manager", "coursecreator", "editingteacher", "teacher", "student"]),
    ("editingteacher", &["teacher", "student"]),
];

/// Context levels at which each role can be assigned.
pub const ROLE_CONTEXT_LEVELS: &[(&str, &[i32])] = &[
    ("manager", &[contextlevel::SYSTEM, contextlevel::COURSECAT, contextlevel::COURSE]),
    ("coursecreator", &[contextlevel::SYSTEM, contextlevel::COURSECAT]),
    ("editingteacher", &[contextlevel::COURSE, contextlevel::MODULE]),
    ("teacher", &[contextlevel::COURSE, contextlevel::MODULE]),
    ("student", &[contextlevel::COURSE, contextlevel::MODULE]),
];

/// The id of a standard role (ids follow install order).
pub fn role_id(shortname: &str) -> Option<i64> {
    ROLES.iter().position(|(s, _)| *s == shortname).map(|i| i as i64 + 1)
}

/// The shortname of a standard role id.
pub fn role_shortname(id: i64) -> Option<&'static str> {
    usize::try_from(id - 1).ok().and_then(|i| ROLES.get(i)).map(|(s, _)| *s)
}
