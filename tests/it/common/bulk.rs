//! A large site written straight into the database in a few statements (100,000 users in about a
//! second): users, courses with their contexts and manual enrolment instances, one course every
//! bulk user is in (with a group of all of them), and one user in every course. Shared by the
//! scale tests and the load benchmark (`#[path]`), on SQLite, PostgreSQL and MariaDB.
#![allow(dead_code)]

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};

/// What `seed` made.
pub struct BigSite {
    /// The course every bulk user is enrolled in, and its group of all of them.
    pub big_course: i64,
    pub big_group: i64,
    /// A bulk user enrolled in every bulk course.
    pub busy_user: i64,
    /// Ids of `bulk1`, `bulk2`, ... are consecutive from here.
    pub first_user: i64,
}

/// Usernames are `bulk<n>`, emails `bulk<n>@example.org`, idnumbers `B<n>`; courses `BULK <n>`.
pub async fn seed(db: &DatabaseConnection, users: u64, courses: u64) -> BigSite {
    let backend = db.get_database_backend();
    // One dialect for the three: identifiers in double quotes become backticks on MySQL, and
    // `cat(a, b)` joins text.
    let run = |sql: String| async move {
        let sql = match backend {
            DatabaseBackend::MySql => sql.replace('"', "`"),
            _ => sql,
        };
        db.execute_unprepared(&sql).await.unwrap_or_else(|e| panic!("{e}: {sql}"));
    };
    let cat = |a: &str, b: &str| match backend {
        DatabaseBackend::MySql => format!("CONCAT({a}, {b})"),
        _ => format!("({a} || {b})"),
    };
    // 1..=n (n up to a million), from a hundred digits crossed three times: MariaDB stops
    // recursion after 1000 steps.
    let seq = |n: u64| {
        assert!(n <= 1_000_000);
        format!(
            "WITH RECURSIVE d(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM d WHERE k < 99), \
             seq(n) AS (SELECT a.k * 10000 + b.k * 100 + c.k + 1 FROM d a, d b, d c WHERE a.k * 10000 + b.k * 100 + c.k < {n})"
        )
    };
    run(format!(
        "INSERT INTO \"user\" (auth, confirmed, deleted, suspended, username, password, idnumber, firstname, \
         lastname, email, phone1, phone2, institution, department, address, city, country, lang, calendartype, \
         theme, timezone, firstaccess, lastaccess, lastlogin, currentlogin, lastip, description, \
         descriptionformat, mailformat, maildisplay, interests, firstnamephonetic, lastnamephonetic, middlename, \
         alternatename, policyagreed, timecreated, timemodified) {} \
         SELECT 'manual', 1, 0, 0, {}, '', {}, {}, {}, {}, '', '', '', '', '', '', '', 'en', 'gregorian', '', \
         '99', 0, 0, 0, 0, '', '', 1, 1, 2, '', '', '', '', '', 0, 0, 0 FROM seq",
        seq(users),
        cat("'bulk'", "n"),
        cat("'B'", "n"),
        cat("'First'", "n"),
        cat("'Last'", "n"),
        cat(&cat("'bulk'", "n"), "'@example.org'"),
    ))
    .await;
    run(format!(
        "INSERT INTO \"course\" (category, sortorder, fullname, shortname, idnumber, summary, summaryformat, \
         format, showgrades, newsitems, startdate, enddate, marker, maxbytes, legacyfiles, showreports, visible, \
         visibleold, groupmode, groupmodeforce, defaultgroupingid, lang, calendartype, theme, timecreated, \
         timemodified, requested, enablecompletion, completionnotify, cacherev, showactivitydates, \
         showcompletionconditions) {} \
         SELECT 1, 10000 + n, {}, {}, {}, '', 1, 'topics', 1, 5, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, '', '', '', 0, \
         0, 0, 0, 0, 0, 1, 1 FROM seq",
        seq(courses),
        cat("'Bulk course '", "n"),
        cat("'BULK '", "n"),
        cat("'BC'", "n"),
    ))
    .await;
    let category_path = scalar(db, "SELECT path FROM context WHERE contextlevel = 40 AND instanceid = 1").await;
    run("INSERT INTO \"context\" (contextlevel, instanceid, path, depth, locked) \
         SELECT 50, id, '', 3, 0 FROM \"course\" WHERE shortname LIKE 'BULK %'"
        .into())
    .await;
    run(format!(
        "UPDATE \"context\" SET path = {} WHERE contextlevel = 50 AND path = ''",
        cat(&format!("'{category_path}/'"), "id")
    ))
    .await;
    run("INSERT INTO \"enrol\" (enrol, status, courseid, sortorder, name, enrolperiod, enrolstartdate, \
         enrolenddate, roleid, timecreated, timemodified) \
         SELECT 'manual', 0, id, 0, NULL, 0, 0, 0, 5, 0, 0 FROM \"course\" WHERE shortname LIKE 'BULK %'"
        .into())
    .await;
    let big_course: i64 = scalar(db, "SELECT id FROM course WHERE shortname = 'BULK 1'").await.parse().unwrap();
    let first_user: i64 = scalar(db, "SELECT id FROM \"user\" WHERE username = 'bulk1'").await.parse().unwrap();
    let busy_user = first_user + 1;
    run(format!(
        "INSERT INTO \"user_enrolments\" (status, enrolid, userid, timestart, timeend, modifierid, timecreated, \
         timemodified) SELECT 0, e.id, u.id, 0, 0, 2, 0, 0 FROM \"user\" u, \"enrol\" e \
         WHERE u.username LIKE 'bulk%' AND e.courseid = {big_course}"
    ))
    .await;
    run(format!(
        "INSERT INTO \"user_enrolments\" (status, enrolid, userid, timestart, timeend, modifierid, timecreated, \
         timemodified) SELECT 0, e.id, {busy_user}, 0, 0, 2, 0, 0 FROM \"enrol\" e JOIN \"course\" c ON c.id = \
         e.courseid WHERE c.shortname LIKE 'BULK %' AND c.id <> {big_course}"
    ))
    .await;
    run(format!(
        "INSERT INTO \"groups\" (courseid, idnumber, name, description, descriptionformat, enrolmentkey, picture, \
         visibility, participation, timecreated, timemodified) \
         VALUES ({big_course}, 'everyone', 'Everyone', '', 1, NULL, 0, 0, 1, 0, 0)"
    ))
    .await;
    let big_group: i64 = scalar(db, "SELECT id FROM \"groups\" WHERE idnumber = 'everyone'").await.parse().unwrap();
    run(format!(
        "INSERT INTO \"groups_members\" (groupid, userid, timeadded, component, itemid) \
         SELECT {big_group}, id, 0, '', 0 FROM \"user\" WHERE username LIKE 'bulk%'"
    ))
    .await;
    BigSite { big_course, big_group, busy_user, first_user }
}

/// The first column of the first row, as text.
async fn scalar(db: &DatabaseConnection, sql: &str) -> String {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::MySql => sql.replace('"', "`"),
        _ => sql.to_string(),
    };
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(backend, sql.clone()))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get_by_index::<String>(0).or_else(|_| row.try_get_by_index::<i64>(0).map(|n| n.to_string())).unwrap()
}
