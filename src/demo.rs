//! `lmsgate demo`: a site worth opening. Fills the configured database with a teacher, five
//! students, categories and courses, a group, messages both ways, notifications and calendar
//! events, all through the catalogue's functions (their checks and rules, as any client's calls).
//! Running it again adds nothing that is already there.
use serde_json::{Value, json};

use lmsgate_api::framework::catalogue;
use lmsgate_api::framework::secrets::random_alnum;
use lmsgate_api::framework::{AppState, Caller};
use lmsgate_entities::{ids, now};

type DemoResult<T> = Result<T, String>;

const STUDENTS: usize = 5;
const EDITINGTEACHER: i64 = 3;
const STUDENT: i64 = 5;
const DAY: i64 = 86_400;

/// Calls a function as a user (the site admin unless said), through the whole pipeline.
async fn call(state: &AppState, userid: i64, function: &str, args: Value) -> DemoResult<Value> {
    let entry = catalogue::find(function).ok_or_else(|| format!("no function {function}"))?;
    let caller = Caller::cli_user(state, userid).await.map_err(|e| e.message)?;
    (entry.call_json)(state, &caller, None, Ok(args)).await.map(|r| r.into_value()).map_err(|e| match e.debuginfo {
        Some(debuginfo) if debuginfo != e.message => format!("{function}: {} ({debuginfo})", e.message),
        _ => format!("{function}: {}", e.message),
    })
}

async fn admin(state: &AppState, function: &str, args: Value) -> DemoResult<Value> {
    call(state, ids::ADMIN_USER, function, args).await
}

fn id(v: &Value) -> DemoResult<i64> {
    v["id"].as_i64().ok_or_else(|| format!("no id in {v}"))
}

/// A user by username, made when missing; true when made.
async fn user(state: &AppState, username: &str, first: &str, last: &str, password: &str) -> DemoResult<(i64, bool)> {
    let found =
        admin(state, "core_user_get_users_by_field", json!({"field": "username", "values": [username]})).await?;
    if let Some(u) = found.as_array().and_then(|a| a.first()) {
        return Ok((id(u)?, false));
    }
    let made = admin(
        state,
        "core_user_create_users",
        json!({"users": [{"username": username, "password": password, "firstname": first, "lastname": last,
            "email": format!("{username}@example.org"), "city": "Lisbon", "country": "PT"}]}),
    )
    .await?;
    Ok((id(&made[0])?, true))
}

async fn category(state: &AppState, name: &str, idnumber: &str) -> DemoResult<i64> {
    let found =
        admin(state, "core_course_get_categories", json!({"criteria": [{"key": "idnumber", "value": idnumber}]}))
            .await?;
    if let Some(c) = found.as_array().and_then(|a| a.first()) {
        return id(c);
    }
    let made = admin(
        state,
        "core_course_create_categories",
        json!({"categories": [{"name": name, "idnumber": idnumber, "description": format!("<p>{name} courses.</p>")}]}),
    )
    .await?;
    id(&made[0])
}

async fn course(state: &AppState, fullname: &str, shortname: &str, categoryid: i64, summary: &str) -> DemoResult<i64> {
    let found =
        admin(state, "core_course_get_courses_by_field", json!({"field": "shortname", "value": shortname})).await?;
    if let Some(c) = found["courses"].as_array().and_then(|a| a.first()) {
        return id(c);
    }
    let made = admin(
        state,
        "core_course_create_courses",
        json!({"courses": [{"fullname": fullname, "shortname": shortname, "categoryid": categoryid,
            "summary": format!("<p>{summary}</p>"), "summaryformat": 1, "startdate": now() - 7 * DAY,
            "enddate": now() + 120 * DAY}]}),
    )
    .await?;
    id(&made[0])
}

/// The activity of a course page (`core_course_get_contents`) with this name.
fn named<'a>(contents: &'a Value, name: &str) -> Option<&'a Value> {
    contents.as_array()?.iter().flat_map(|s| s["modules"].as_array().into_iter().flatten()).find(|m| m["name"] == name)
}

/// Biology 101's sections after the general one: names and summaries.
const SECTIONS: [(&str, &str); 4] = [
    ("Getting started", "Start here: the introduction, a reference and the course forum."),
    ("Reading materials", "The syllabus and the lab sheets."),
    ("Lab work", "Lab reports, due a week after each lab."),
    ("Assessment", "Short quizzes to check your understanding."),
];

/// A plant cell, shown on the course introduction page.
const CELL_PNG: &[u8] = include_bytes!("demo/cell.png");

/// A one-page PDF: "Biology 101 syllabus".
const SYLLABUS_PDF: &[u8] = b"%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 55>>stream
BT /F1 24 Tf 72 760 Td (Biology 101 syllabus) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
";

/// Fills the site; `password` for new accounts (generated when none). Prints what it did.
pub async fn run(state: &AppState, password: Option<String>, public_url: &str) -> DemoResult<()> {
    let password = password.unwrap_or_else(|| random_alnum(10) + "-1aA");
    let mut made_users = false;
    let (teacher, new) = user(state, "teacher1", "Terri", "Teacher", &password).await?;
    made_users |= new;
    let mut students = Vec::new();
    for (i, (first, last)) in
        [("Sam", "Student"), ("Ana", "Silva"), ("Bruno", "Costa"), ("Chen", "Wei"), ("Dara", "Okafor")]
            .iter()
            .enumerate()
    {
        let (s, new) = user(state, &format!("student{}", i + 1), first, last, &password).await?;
        made_users |= new;
        students.push(s);
    }
    debug_assert_eq!(students.len(), STUDENTS);

    let sciences = category(state, "Sciences", "DEMO-SCI").await?;
    let humanities = category(state, "Humanities", "DEMO-HUM").await?;
    let biology = course(state, "Biology 101", "BIO101", sciences, "Cells, genetics and ecosystems.").await?;
    let chemistry = course(state, "Chemistry 101", "CHEM101", sciences, "Atoms, bonds and reactions.").await?;
    let art = course(state, "History of Art", "ART101", humanities, "From cave paintings to the present.").await?;

    // Enrolling again changes nothing (and sends no second welcome).
    let mut enrolments: Vec<Value> = [biology, chemistry, art]
        .iter()
        .map(|c| json!({"userid": teacher, "courseid": c, "roleid": EDITINGTEACHER}))
        .collect();
    enrolments.extend(students.iter().map(|s| json!({"userid": s, "courseid": biology, "roleid": STUDENT})));
    admin(state, "enrol_manual_enrol_users", json!({"enrolments": enrolments})).await?;

    let groups = admin(state, "core_group_get_course_groups", json!({"courseid": biology})).await?;
    let lab = match groups.as_array().and_then(|g| g.iter().find(|g| g["name"] == "Lab group A")) {
        Some(g) => id(g)?,
        None => {
            let made = admin(
                state,
                "core_group_create_groups",
                json!({"groups": [{"courseid": biology, "name": "Lab group A", "description": "Monday lab"}]}),
            )
            .await?;
            id(&made[0])?
        }
    };
    let members: Vec<Value> = students[..3].iter().map(|s| json!({"groupid": lab, "userid": s})).collect();
    admin(state, "core_group_add_group_members", json!({"members": members})).await?;

    // Messages both ways, once.
    let conversations =
        call(state, teacher, "core_message_get_conversations", json!({"userid": teacher, "type": 1})).await?;
    let talking = conversations["conversations"].as_array().is_some_and(|list| {
        list.iter().any(|c| c["members"].as_array().is_some_and(|m| m.iter().any(|m| m["id"] == students[0])))
    });
    if !talking {
        call(
            state,
            teacher,
            "core_message_send_instant_messages",
            json!({"messages": [{"touserid": students[0], "text": "<p>Welcome to Biology 101, Sam! The first lab report is due on Friday.</p>", "textformat": 1}]}),
        )
        .await?;
        call(
            state,
            students[0],
            "core_message_send_instant_messages",
            json!({"messages": [{"touserid": teacher, "text": "<p>Thank you! Where do I find the lab sheet?</p>", "textformat": 1}]}),
        )
        .await?;
        call(
            state,
            teacher,
            "core_message_send_instant_messages",
            json!({"messages": [{"touserid": students[0], "text": "<p>In the first section of the course page.</p>", "textformat": 1}]}),
        )
        .await?;
    }

    // Calendar events in the coming weeks, once each (by name, for their owner).
    let soon = now() - now().rem_euclid(DAY) + DAY + 10 * 3600;
    let upcoming = call(state, students[0], "core_calendar_get_calendar_upcoming_view", json!({})).await?;
    let has = |name: &str| upcoming["events"].as_array().is_some_and(|e| e.iter().any(|e| e["name"] == name));
    let mut site_events = Vec::new();
    if !has("Open day") {
        site_events.push(json!({"name": "Open day", "eventtype": "site", "timestart": soon + 12 * DAY,
            "timeduration": 6 * 3600, "description": "<p>The campus is open to visitors.</p>"}));
    }
    if !has("Lab report due") {
        site_events.push(json!({"name": "Lab report due", "eventtype": "course", "courseid": biology,
            "timestart": soon + 4 * DAY, "description": "<p>Hand in the report of the first lab.</p>"}));
    }
    if !has("Lab group A meeting") {
        site_events
            .push(json!({"name": "Lab group A meeting", "eventtype": "group", "courseid": biology, "groupid": lab,
            "timestart": soon + 2 * DAY, "timeduration": 3600}));
    }
    if !site_events.is_empty() {
        admin(state, "core_calendar_create_calendar_events", json!({"events": site_events})).await?;
    }
    if !has("Study session") {
        call(
            state,
            students[0],
            "core_calendar_create_calendar_events",
            json!({"events": [{"name": "Study session", "timestart": soon + DAY, "timeduration": 2 * 3600,
                "description": "<p>Library, room 2.</p>"}]}),
        )
        .await?;
    }

    // Biology 101's activities, once (the course page is their record).
    let contents = admin(state, "core_course_get_contents", json!({"courseid": biology})).await?;
    if named(&contents, "Course introduction").is_none() {
        // The sections, named and introduced as a teacher would.
        let ids: Vec<i64> = contents.as_array().into_iter().flatten().filter_map(|s| s["id"].as_i64()).collect();
        let changes: Vec<Value> = SECTIONS
            .iter()
            .zip(ids.iter().skip(1))
            .map(|((name, summary), id)| json!({"id": id, "name": name, "summary": format!("<p>{summary}</p>")}))
            .collect();
        call(state, teacher, "local_lmsgate_update_sections", json!({"sections": changes})).await?;
        let upload = |name: &str, data: &[u8], itemid: i64| {
            use base64::Engine;
            json!({"contextlevel": "user", "instanceid": teacher, "component": "user", "filearea": "draft",
                "itemid": itemid, "filepath": "/", "filename": name,
                "filecontent": base64::engine::general_purpose::STANDARD.encode(data)})
        };
        let cell = call(state, teacher, "core_files_upload", upload("cell.png", CELL_PNG, 0)).await?;
        call(
            state,
            teacher,
            "local_lmsgate_add_modules",
            json!({"modules": [
                {"courseid": biology, "section": 0, "modname": "label",
                    "intro": "<p>Welcome to <strong>Biology 101</strong>. Start with the course introduction below.</p>"},
                {"courseid": biology, "section": 1, "modname": "page", "name": "Course introduction",
                    "intro": "<p>What this course is about.</p>", "draftitemid": cell["itemid"],
                    "content": "<h3>Introduction</h3><p>Biology 101 covers cells, genetics and ecosystems.</p><ul><li>Read the introduction</li><li>Join a lab group</li><li>Hand in the first lab report</li></ul><p><img src=\"@@PLUGINFILE@@/cell.png\" alt=\"A plant cell\" width=\"96\" height=\"96\"></p>"},
                {"courseid": biology, "section": 1, "modname": "url", "name": "Cell biology reference",
                    "intro": "<p>An open textbook chapter.</p>", "externalurl": "https://en.wikipedia.org/wiki/Cell_biology", "display": 3}
            ]}),
        )
        .await?;
        // A syllabus to open and a folder of lab sheets, from the teacher's draft area.
        let syllabus = call(state, teacher, "core_files_upload", upload("syllabus.pdf", SYLLABUS_PDF, 0)).await?;
        let sheets =
            call(state, teacher, "core_files_upload", upload("lab-sheet-1.txt", b"Lab 1: microscopes and cells.\n", 0))
                .await?;
        let sheets_item = sheets["itemid"].as_i64().unwrap_or(0);
        call(state, teacher, "core_files_upload", upload("lab-sheet-2.txt", b"Lab 2: DNA extraction.\n", sheets_item))
            .await?;
        call(
            state,
            teacher,
            "local_lmsgate_add_modules",
            json!({"modules": [
                {"courseid": biology, "section": 2, "modname": "resource", "name": "Syllabus",
                    "intro": "<p>The course syllabus (PDF).</p>", "draftitemid": syllabus["itemid"]},
                {"courseid": biology, "section": 2, "modname": "folder", "name": "Lab sheets",
                    "intro": "<p>One sheet per lab.</p>", "draftitemid": sheets_item}
            ]}),
        )
        .await?;
    }

    // An assignment due next week, a quiz closing in two weeks, and student1's grade for the
    // assignment (pushed as a student information system would), once.
    let contents = admin(state, "core_course_get_contents", json!({"courseid": biology})).await?;
    if named(&contents, "Lab report 1").is_none() {
        let due = soon + 7 * DAY;
        let added = call(
            state,
            teacher,
            "local_lmsgate_add_modules",
            json!({"modules": [{"courseid": biology, "section": 3, "modname": "assign", "name": "Lab report 1",
                "intro": "<p>Write up the first lab: method, results and what you concluded.</p>",
                "duedate": due, "maxsubmissionsizebytes": 1048576},
                {"courseid": biology, "section": 4, "modname": "quiz", "name": "Quick check",
                "intro": "<p>Five questions on cells.</p>", "timeclose": soon + 14 * DAY, "grade": 10}]}),
        )
        .await?;
        call(
            state,
            teacher,
            "core_grades_update_grades",
            json!({"source": "demo", "courseid": biology, "component": "mod_assign", "activityid": id(&added[0])?,
                "itemnumber": 0, "grades": [{"studentid": students[0], "grade": 85, "str_feedback": "Clear method, well argued."}]}),
        )
        .await?;
    }

    // A forum with a discussion started by the teacher and student1's reply, once.
    if named(&contents, "Course discussion").is_none() {
        let added = call(
            state,
            teacher,
            "local_lmsgate_add_modules",
            json!({"modules": [{"courseid": biology, "section": 1, "modname": "forum", "name": "Course discussion",
                "intro": "<p>Ask questions and discuss the readings.</p>"}]}),
        )
        .await?;
        let forumid = added[0]["instance"].as_i64().unwrap_or(0);
        let started = call(
            state,
            teacher,
            "mod_forum_add_discussion",
            json!({"forumid": forumid, "subject": "Welcome to the forum", "message": "<p>Introduce yourself here, please.</p>"}),
        )
        .await?;
        let posts =
            call(state, teacher, "mod_forum_get_discussion_posts", json!({"discussionid": started["discussionid"]}))
                .await?;
        call(
            state,
            students[0],
            "mod_forum_add_discussion_post",
            json!({"postid": posts["posts"][0]["id"], "subject": "Re: Welcome to the forum", "message": "<p>Hello everyone, I am Sam.</p>"}),
        )
        .await?;
    }

    println!("demo site ready at {public_url}");
    println!("  courses: Biology 101 (BIO101), Chemistry 101 (CHEM101), History of Art (ART101)");
    println!("  teacher1 teaches all three; student1..student5 are in Biology 101 (student1..3 in Lab group A)");
    if made_users {
        println!("  password of teacher1 and student1..student5: {password}");
    } else {
        println!("  the demo accounts already existed and keep their passwords");
    }
    println!("  Moodle app: open {public_url} and sign in as student1 or teacher1");
    Ok(())
}
