//! Activities: added through `local_lmsgate_add_modules`, shown by `core_course_get_contents` as
//! Moodle shows them, listed and viewed through the `mod_*` functions, and a page's content
//! downloaded, with the access rules of each.
use serde_json::{Value, json};

use crate::common::TestServer;

struct Course {
    id: i64,
    teacher: String,
    student: String,
    /// The student on the all-functions service (to try what the app's service lacks).
    student_everywhere: String,
    outsider: String,
}

async fn course_with_students(s: &TestServer) -> Course {
    let (teacher, student, outsider) =
        (s.create_user("tina").await, s.create_user("sam").await, s.create_user("olga").await);
    let id = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Bio", "shortname": "BIO", "categoryid": 1, "newsitems": 0}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": teacher, "courseid": id, "roleid": 3}, {"userid": student, "courseid": id, "roleid": 5}]}),
    )
    .await;
    Course {
        id,
        teacher: s.token_for(teacher, "all_functions").await,
        student: s.token_for(student, "moodle_mobile_app").await,
        student_everywhere: s.token_for(student, "all_functions").await,
        outsider: s.token_for(outsider, "all_functions").await,
    }
}

fn modules(contents: &Value) -> Vec<Value> {
    contents.as_array().unwrap().iter().flat_map(|s| s["modules"].as_array().unwrap().clone()).collect()
}

#[tokio::test]
async fn a_teachers_activities_are_shown_listed_viewed_and_downloaded_as_moodle_does() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let add = json!({"modules": [
        {"courseid": c.id, "section": 0, "modname": "label", "intro": "<p>Welcome to the App Test Course. Use the sections below.</p>"},
        {"courseid": c.id, "section": 1, "modname": "page", "name": "Course introduction", "content": "<h3>Intro</h3><p>Hello</p>"},
        {"courseid": c.id, "section": 1, "modname": "url", "name": "Docs", "externalurl": "https://docs.moodle.org/405/en/Main_page", "display": 3},
        {"courseid": c.id, "section": 2, "modname": "page", "name": "Draft", "content": "<p>Soon</p>", "visible": false}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (label_cm, page_cm) = (added[0]["id"].as_i64().unwrap(), added[1]["id"].as_i64().unwrap());
    let (page, hidden_page, page_ctx) = (
        added[1]["instance"].as_i64().unwrap(),
        added[3]["instance"].as_i64().unwrap(),
        added[1]["contextid"].as_i64().unwrap(),
    );

    // The course page, as the student sees it: in order, the hidden page left out.
    let contents = s.rest_json(&c.student, "core_course_get_contents", &json!({"courseid": c.id})).await;
    let seen = modules(&contents);
    let names: Vec<&str> = seen.iter().map(|m| m["modname"].as_str().unwrap()).collect();
    assert_eq!(names, ["label", "page", "url"], "{contents}");
    let (label, page_module, url) = (&seen[0], &seen[1], &seen[2]);
    assert_eq!(label["id"], label_cm);
    assert_eq!(label["name"], "Welcome to the App Test Course. Use the sections b...");
    assert_eq!(
        label["description"],
        "<div class=\"no-overflow\"><p>Welcome to the App Test Course. Use the sections below.</p></div>"
    );
    assert_eq!(
        (label["noviewlink"].clone(), label.get("url").is_none(), label.get("contents").is_none()),
        (json!(true), true, true)
    );
    assert_eq!(label["modplural"], "Text and media areas");
    assert_eq!(page_module["url"], format!("{}/mod/page/view.php?id={page_cm}", s.base));
    let url_cm = added[2]["id"].as_i64().unwrap();
    let onclick = format!("window.open('{}/mod/url/view.php?id={url_cm}&amp;redirect=1'); return false;", s.base);
    assert_eq!(
        (url["onclick"].as_str(), url["customdata"].as_str()),
        (Some(onclick.as_str()), Some(r#"{"display":"3","filtericon":true}"#))
    );
    assert_eq!(page_module["contextid"], page_ctx);
    assert_eq!(page_module["afterlink"], Value::Null);
    assert_eq!(page_module["contents"][0]["filename"], "index.html");
    assert_eq!(page_module["contentsinfo"]["filescount"], 1);
    assert_eq!(
        url["contents"][0],
        json!({"type": "url", "filename": "Docs", "filepath": null, "filesize": 0,
        "fileurl": "https://docs.moodle.org/405/en/Main_page", "timecreated": null, "timemodified": url["contents"][0]["timemodified"],
        "sortorder": null, "userid": null, "author": null, "license": null})
    );
    let teacher_sees = modules(&s.rest_json(&c.teacher, "core_course_get_contents", &json!({"courseid": c.id})).await);
    assert_eq!(teacher_sees.len(), 4);
    assert_eq!(teacher_sees[3]["visible"], 0);
    // Options: no contents (but their summary), one activity.
    let options = json!({"courseid": c.id, "options": [{"name": "excludecontents", "value": "1"}, {"name": "cmid", "value": page_cm.to_string()}]});
    let only = modules(&s.rest_json(&c.student, "core_course_get_contents", &options).await);
    assert_eq!(only.len(), 1);
    assert_eq!((only[0]["contents"].clone(), only[0]["contentsinfo"]["filescount"].clone()), (json!([]), json!(1)));

    // The page's content, by token and by the user's file key; nobody else's.
    let fileurl = page_module["contents"][0]["fileurl"].as_str().unwrap();
    let res = s.http.get(format!("{fileurl}&token={}", c.student)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(res.text().await.unwrap(), "<h3>Intro</h3><p>Hello</p>");
    let (_, info) = s.call(&c.student, "core_webservice_get_site_info", json!({})).await;
    let key = info["userprivateaccesskey"].as_str().unwrap();
    let via_key = s
        .http
        .head(format!("{}/tokenpluginfile.php/{key}/{page_ctx}/mod_page/content/index.html?forcedownload=1", s.base))
        .send()
        .await
        .unwrap();
    assert_eq!(via_key.status(), 200);
    let outsider = s.http.get(format!("{fileurl}&token={}", c.outsider)).send().await.unwrap();
    assert_eq!(outsider.status(), 404, "a user outside the course gets nothing");
    let hidden_ctx = added[3]["contextid"].as_i64().unwrap();
    let hidden = s
        .http
        .get(format!(
            "{}/webservice/pluginfile.php/{hidden_ctx}/mod_page/content/index.html?token={}",
            s.base, c.student
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404, "a hidden page's content is not served to students");

    // The mod_* functions.
    let (_, pages) = s.call(&c.student, "mod_page_get_pages_by_courses", json!({})).await;
    assert_eq!(pages["pages"].as_array().unwrap().len(), 1, "{pages}");
    assert_eq!((pages["pages"][0]["id"].as_i64(), pages["pages"][0]["section"].as_i64()), (Some(page), Some(1)));
    assert_eq!(pages["pages"][0]["content"], "<h3>Intro</h3><p>Hello</p>");
    let (_, theirs) = s.call(&c.outsider, "mod_url_get_urls_by_courses", json!({"courseids": [c.id]})).await;
    assert_eq!(theirs["urls"], json!([]));
    assert_eq!(theirs["warnings"][0]["warningcode"], "1", "{theirs}");
    let (_, labels) = s.call(&c.teacher, "mod_label_get_labels_by_courses", json!({"courseids": [c.id]})).await;
    assert_eq!(labels["labels"][0]["coursemodule"], label_cm);
    let (status, viewed) = s.call(&c.student, "mod_page_view_page", json!({"pageid": page})).await;
    assert_eq!((status, viewed), (200, json!({"status": true, "warnings": []})));
    let (status, refused) = s.call(&c.student, "mod_page_view_page", json!({"pageid": hidden_page})).await;
    assert_eq!((status, refused["errorcode"].as_str()), (403, Some("requireloginerror")), "{refused}");
    let (status, missing) = s.call(&c.student, "mod_url_view_url", json!({"urlid": 999})).await;
    assert_eq!((status, missing["errorcode"].as_str()), (404, Some("invalidrecord")), "{missing}");
}

#[tokio::test]
async fn adding_activities_is_checked_and_all_or_nothing() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let count = |contents: Value| modules(&contents).len();
    let page =
        |section: i32| json!({"courseid": c.id, "section": section, "modname": "page", "name": "P", "content": "x"});
    let bad_url = json!({"courseid": c.id, "modname": "url", "name": "U", "externalurl": "javascript:alert(1)"});
    for (modules, field) in [
        (json!([page(1), bad_url]), "modules[1].externalurl"),
        (json!([page(1), page(99)]), "modules[1].section"),
        (json!([page(1), {"courseid": c.id, "modname": "label", "intro": " "}]), "modules[1].intro"),
        (json!([{"courseid": c.id, "modname": "page"}]), "modules[0].name"),
        (
            json!([{"courseid": c.id, "modname": "url", "name": "U", "externalurl": "https://a.example", "display": 2}]),
            "modules[0].display",
        ),
    ] {
        let (status, body) = s.call(&c.teacher, "local_lmsgate_add_modules", json!({"modules": modules})).await;
        assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
        assert!(body["debuginfo"].as_str().unwrap().starts_with(field), "{body}");
    }
    let contents = s.rest_json(&c.teacher, "core_course_get_contents", &json!({"courseid": c.id})).await;
    assert_eq!(count(contents), 0, "nothing was added");
    let (status, body) =
        s.call(&c.student_everywhere, "local_lmsgate_add_modules", json!({"modules": [page(1)]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");
    let (status, body) = s.call(&c.outsider, "local_lmsgate_add_modules", json!({"modules": [page(1)]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("errorcoursecontextnotvalid")), "{body}");
}

/// A file resource and a folder take their files from the teacher's draft area; the course page
/// lists them with download links that serve them to the course's students and nobody else.
#[tokio::test]
async fn files_of_resources_and_folders_are_listed_and_served_to_the_course() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let (_, up) = s.upload(&c.teacher, None, &[("syllabus.pdf", b"%PDF-1.4 tiny"), ("notes.txt", b"notes")]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let add = json!({"modules": [
        {"courseid": c.id, "section": 1, "modname": "resource", "name": "Syllabus", "draftitemid": draft},
        {"courseid": c.id, "section": 1, "modname": "folder", "name": "Sheets", "draftitemid": draft}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let resource_cm = added[0]["id"].as_i64().unwrap();

    let seen = modules(&s.rest_json(&c.student, "core_course_get_contents", &json!({"courseid": c.id})).await);
    let (resource, folder) = (&seen[0], &seen[1]);
    assert_eq!(resource["contentsinfo"]["filescount"], 2, "{resource}");
    assert_eq!(resource["contentsinfo"]["mimetypes"], json!(["application/pdf", "text/plain"]));
    let names: Vec<&str> =
        folder["contents"].as_array().unwrap().iter().map(|f| f["filename"].as_str().unwrap()).collect();
    assert_eq!(names, ["notes.txt", "syllabus.pdf"]);
    let pdf = resource["contents"].as_array().unwrap().iter().find(|f| f["filename"] == "syllabus.pdf").unwrap();
    assert_eq!(
        (pdf["sortorder"].as_i64(), pdf["mimetype"].as_str()),
        (Some(1), Some("application/pdf")),
        "the main file"
    );
    // The app unserializes the display options the course page caches (Moodle's customdata).
    let custom: Value = serde_json::from_str(resource["customdata"].as_str().unwrap()).unwrap();
    assert_eq!(custom["display"], 5, "a PDF opens: {custom}");
    let options = custom["displayoptions"].as_str().unwrap();
    assert!(
        options.contains(r#"s:4:"type";s:12:"PDF document";"#) && options.contains(r#"s:4:"size";i:18;"#),
        "{options}"
    );
    let url = pdf["fileurl"].as_str().unwrap();
    assert!(url.contains("/mod_resource/content/"), "{url}");
    let got = s.http.get(format!("{url}&token={}", c.student)).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), b"%PDF-1.4 tiny");
    let theirs = s.http.get(format!("{url}&token={}", c.outsider)).send().await.unwrap();
    assert_eq!(theirs.status(), 404, "not to a user outside the course");
    // The same context with another activity type's area is not served.
    let wrong = url.replace("/mod_resource/", "/mod_folder/");
    assert_eq!(s.http.get(format!("{wrong}&token={}", c.student)).send().await.unwrap().status(), 404);

    let (_, listed) = s.call(&c.student, "mod_resource_get_resources_by_courses", json!({"courseids": [c.id]})).await;
    let files = &listed["resources"][0]["contentfiles"];
    assert_eq!(
        (files[0]["filename"].as_str(), files[0]["icon"].as_str()),
        (Some("syllabus.pdf"), Some("f/pdf")),
        "{listed}"
    );
    let (_, folders) = s.call(&c.student, "mod_folder_get_folders_by_courses", json!({})).await;
    assert_eq!(folders["folders"][0]["name"], "Sheets");
    let (_, cm) = s.call(&c.student, "core_course_get_course_module", json!({"cmid": resource_cm})).await;
    assert_eq!((cm["cm"]["modname"].as_str(), cm["cm"]["sectionnum"].as_i64()), (Some("resource"), Some(1)), "{cm}");
    assert!(cm["cm"].get("idnumber").is_none(), "editing settings are for editors: {cm}");
    let (_, cm) = s.call(&c.teacher, "core_course_get_course_module", json!({"cmid": resource_cm})).await;
    assert_eq!(cm["cm"]["idnumber"], "", "{cm}");

    // A file resource needs its file.
    let empty = json!({"modules": [{"courseid": c.id, "modname": "resource", "name": "Nothing"}]});
    let (status, body) = s.call(&c.teacher, "local_lmsgate_add_modules", empty).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
}

/// Long texts are kept whole on every backend (MySQL's TEXT would stop at 64 KiB).
#[tokio::test]
async fn long_activity_texts_are_kept_whole() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let long = format!("<p>{}</p>", "é".repeat(40_000));
    let add = json!({"modules": [{"courseid": c.id, "section": 1, "modname": "page", "name": "Long",
        "intro": long, "content": long}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (_, pages) = s.call(&c.student, "mod_page_get_pages_by_courses", json!({})).await;
    assert_eq!(
        (pages["pages"][0]["content"].as_str(), pages["pages"][0]["intro"].as_str()),
        (Some(long.as_str()), Some(long.as_str()))
    );
}

/// Activities renamed, hidden and moved, then deleted with what they carry (grades, calendar
/// events, posts); a deleted course takes its activities with it.
#[tokio::test]
async fn activities_are_changed_and_deleted_with_what_they_carry() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let due = lmsgate_entities::now() + 86_400;
    let add = json!({"modules": [
        {"courseid": c.id, "section": 1, "modname": "page", "name": "Old name", "content": "<p>x</p>"},
        {"courseid": c.id, "section": 1, "modname": "assign", "name": "Essay", "duedate": due},
        {"courseid": c.id, "section": 1, "modname": "forum", "name": "Talk"}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (page_cm, assign_cm, forum) =
        (added[0]["id"].as_i64().unwrap(), added[1]["id"].as_i64().unwrap(), added[2]["instance"].as_i64().unwrap());
    s.call(&c.student, "mod_forum_add_discussion", json!({"forumid": forum, "subject": "Hi", "message": "<p>Hi</p>"}))
        .await;

    let change = json!({"modules": [{"cmid": page_cm, "name": "New name", "intro": "<p>About it</p>", "section": 2},
        {"cmid": assign_cm, "name": "Essay 1", "visible": false}]});
    let (status, body) = s.call(&c.teacher, "local_lmsgate_update_modules", change).await;
    assert_eq!((status, body), (200, Value::Null));
    let seen = s.call(&c.student, "core_course_get_contents", json!({"courseid": c.id})).await.1;
    let names: Vec<Vec<&str>> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|sec| sec["modules"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap()).collect())
        .collect();
    assert_eq!(names[1], ["Talk"], "the hidden assignment is gone for the student, the page moved: {names:?}");
    assert_eq!(names[2], ["New name"]);
    let (_, events) = s.call(&c.student, "core_calendar_get_calendar_upcoming_view", json!({})).await;
    assert!(!events.to_string().contains("Essay 1 is due"), "a hidden activity's event is hidden: {events}");
    let show = json!({"modules": [{"cmid": assign_cm, "visible": true}]});
    assert_eq!(s.call(&c.teacher, "local_lmsgate_update_modules", show).await.0, 200);
    let (_, events) = s.call(&c.student, "core_calendar_get_calendar_upcoming_view", json!({})).await;
    assert!(events.to_string().contains("Essay 1 is due"), "shown again, renamed: {events}");

    // A student may not change or delete them.
    let (status, body) =
        s.call(&c.student_everywhere, "local_lmsgate_delete_modules", json!({"cmids": [page_cm]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");

    let (status, body) =
        s.call(&c.teacher, "local_lmsgate_delete_modules", json!({"cmids": [assign_cm, page_cm]})).await;
    assert_eq!((status, body), (200, Value::Null));
    let (_, items) = s.call(&c.teacher, "core_grades_get_gradeitems", json!({"courseid": c.id})).await;
    assert_eq!(items["gradeItems"], json!([]), "{items}");
    let (_, teacher_events) = s.call(&c.teacher, "core_calendar_get_calendar_upcoming_view", json!({})).await;
    assert!(!teacher_events.to_string().contains("Essay"), "{teacher_events}");
    let (status, body) = s.call(&c.teacher, "core_course_get_course_module", json!({"cmid": page_cm})).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("invalidrecord")), "{body}");
    // A deleted course takes its forum, discussion and post with it.
    s.admin("core_course_delete_courses", json!({"courseids": [c.id]})).await;
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(lmsgate_entities::forum::Entity::find().count(&s.state.db).await.unwrap(), 0);
    assert_eq!(lmsgate_entities::forum_posts::Entity::find().count(&s.state.db).await.unwrap(), 0);
    assert_eq!(lmsgate_entities::course_modules::Entity::find().count(&s.state.db).await.unwrap(), 0);
}

/// The app refreshes only what changed: a forum's new discussion and a page's new settings are
/// reported since a time, nothing after it.
#[tokio::test]
async fn changed_activities_are_reported_since_a_time() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let add = json!({"modules": [
        {"courseid": c.id, "section": 1, "modname": "page", "name": "Notes", "content": "<p>x</p>"},
        {"courseid": c.id, "section": 1, "modname": "forum", "name": "Talk"}]});
    let (_, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    let (page_cm, forum_cm, forum) =
        (added[0]["id"].as_i64().unwrap(), added[1]["id"].as_i64().unwrap(), added[1]["instance"].as_i64().unwrap());
    s.call(&c.student, "mod_forum_add_discussion", json!({"forumid": forum, "subject": "Hi", "message": "<p>Hi</p>"}))
        .await;

    let (status, since) =
        s.call(&c.student, "core_course_get_updates_since", json!({"courseid": c.id, "since": 0})).await;
    assert_eq!(status, 200, "{since}");
    let forum_updates = since["instances"].as_array().unwrap().iter().find(|i| i["id"] == forum_cm).expect("the forum");
    let names: Vec<&str> =
        forum_updates["updates"].as_array().unwrap().iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["configuration", "discussions"], "{since}");
    let later = lmsgate_entities::now() + 60;
    let (_, none) =
        s.call(&c.student, "core_course_get_updates_since", json!({"courseid": c.id, "since": later})).await;
    assert_eq!(none["instances"], json!([]), "{none}");

    let check = json!({"courseid": c.id, "filter": ["configuration"], "tocheck": [
        {"contextlevel": "module", "id": page_cm, "since": 0}, {"contextlevel": "module", "id": 999_999, "since": 0}]});
    let (_, checked) = s.call(&c.student, "core_course_check_updates", check).await;
    assert_eq!(checked["instances"][0]["id"].as_i64(), Some(page_cm), "{checked}");
    assert_eq!(checked["instances"][0]["updates"].as_array().map(Vec::len), Some(1));
    assert_eq!(checked["warnings"][0]["warningcode"], "missingcm");
}

/// A page shows images of its own: the teacher links them as `@@PLUGINFILE@@/name`; the page's
/// content comes back with links to them, its index.html with relative links (as Moodle serves
/// it) and the course page lists index.html first, then each image, downloadable by the students.
#[tokio::test]
async fn a_pages_images_are_linked_listed_and_served() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let png: &[u8] = b"\x89PNG\r\n\x1a\n tiny";
    let (_, up) = s.upload(&c.teacher, None, &[("cell.png", png)]).await;
    let add = json!({"modules": [{"courseid": c.id, "section": 1, "modname": "page", "name": "Cells",
        "content": "<p><img src=\"@@PLUGINFILE@@/cell.png\" alt=\"A cell\"></p>", "draftitemid": up[0]["itemid"]}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let ctx = added[0]["contextid"].as_i64().unwrap();

    let (_, pages) = s.call(&c.student, "mod_page_get_pages_by_courses", json!({"courseids": [c.id]})).await;
    let image_url = format!("{}/webservice/pluginfile.php/{ctx}/mod_page/content/1/cell.png", s.base);
    assert_eq!(pages["pages"][0]["content"], format!("<p><img src=\"{image_url}\" alt=\"A cell\"></p>"), "{pages}");
    let files = &pages["pages"][0]["contentfiles"];
    assert_eq!((files[0]["fileurl"].as_str(), files[0]["icon"].as_str()), (Some(image_url.as_str()), Some("f/image")));
    let got = s.http.get(format!("{image_url}?token={}", c.student)).send().await.unwrap();
    assert_eq!(got.bytes().await.unwrap().as_ref(), png);
    assert_eq!(s.http.get(format!("{image_url}?token={}", c.outsider)).send().await.unwrap().status(), 404);

    let page = &modules(&s.rest_json(&c.student, "core_course_get_contents", &json!({"courseid": c.id})).await)[0];
    let listed: Vec<&str> =
        page["contents"].as_array().unwrap().iter().map(|f| f["filename"].as_str().unwrap()).collect();
    assert_eq!(listed, ["index.html", "cell.png"], "{page}");
    let index = page["contents"][0]["fileurl"].as_str().unwrap();
    let html = s.http.get(format!("{index}&token={}", c.student)).send().await.unwrap().text().await.unwrap();
    assert_eq!(html, "<p><img src=\"cell.png\" alt=\"A cell\"></p>");
}

/// Sections are added at the end, renamed, hidden with their activities (and shown with each
/// one's own visibility back), moved with the others renumbered, and deleted with their
/// activities; every change is checked and a batch changes all or nothing.
#[tokio::test]
async fn sections_are_added_changed_hidden_moved_and_deleted() {
    let s = TestServer::start().await;
    let c = course_with_students(&s).await;
    let layout = |contents: &Value| -> Vec<(i64, String, Vec<String>)> {
        contents
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let modules = x["modules"].as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string());
                (x["section"].as_i64().unwrap(), x["name"].as_str().unwrap().to_string(), modules.collect())
            })
            .collect()
    };
    let (status, added) = s
        .call(
            &c.teacher,
            "local_lmsgate_add_sections",
            json!({"sections": [{"courseid": c.id, "name": "Revision", "summary": "<p>Before the exam.</p>"}]}),
        )
        .await;
    assert_eq!(status, 200, "{added}");
    assert_eq!(added[0]["section"], 5, "after the four of a new course: {added}");
    let revision = added[0]["id"].as_i64().unwrap();
    let add = json!({"modules": [
        {"courseid": c.id, "section": 2, "modname": "page", "name": "Shown", "content": "<p>x</p>"},
        {"courseid": c.id, "section": 2, "modname": "page", "name": "Hidden", "content": "<p>x</p>", "visible": false},
        {"courseid": c.id, "section": 3, "modname": "label", "intro": "<p>Goes</p>"}]});
    let (status, pages) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{pages}");
    let shown = pages[0]["instance"].as_i64().unwrap();
    let contents = s.rest_json(&c.teacher, "core_course_get_contents", &json!({"courseid": c.id})).await;
    let ids: Vec<i64> = contents.as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect();
    assert_eq!(contents[5]["summary"], "<p>Before the exam.</p>");

    // Hiding section 2 hides its pages from the student; showing it gives each its own visibility.
    let hide = json!({"sections": [{"id": ids[2], "visible": false}]});
    let (status, body) = s.call(&c.teacher, "local_lmsgate_update_sections", hide).await;
    assert_eq!((status, &body), (200, &Value::Null), "{body}");
    let seen = layout(&s.rest_json(&c.student, "core_course_get_contents", &json!({"courseid": c.id})).await);
    assert!(seen.iter().all(|(n, _, _)| *n != 2), "{seen:?}");
    let (status, body) = s.call(&c.student_everywhere, "mod_page_view_page", json!({"pageid": shown})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("requireloginerror")), "{body}");
    let show = json!({"sections": [{"id": ids[2], "visible": true, "name": "Pages"}]});
    assert_eq!(s.call(&c.teacher, "local_lmsgate_update_sections", show).await.0, 200);
    let seen = layout(&s.rest_json(&c.student, "core_course_get_contents", &json!({"courseid": c.id})).await);
    assert_eq!(seen[2], (2, "Pages".into(), vec!["Shown".into()]), "the hidden page stays hidden: {seen:?}");

    // Moving "Revision" to 1 moves the others down one place; deleting section 4 (the label's,
    // once section 3) takes its activity and moves "Revision"'s followers up.
    let (status, body) = s
        .call(&c.teacher, "local_lmsgate_update_sections", json!({"sections": [{"id": revision, "section": 1}]}))
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s.call(&c.teacher, "local_lmsgate_delete_sections", json!({"ids": [ids[3]]})).await;
    assert_eq!(status, 200, "{body}");
    let contents = s.rest_json(&c.teacher, "core_course_get_contents", &json!({"courseid": c.id})).await;
    let names: Vec<(i64, String, usize)> =
        layout(&contents).into_iter().map(|(n, name, m)| (n, name, m.len())).collect();
    assert_eq!(
        names,
        [
            (0, "General".into(), 0),
            (1, "Revision".into(), 0),
            (2, "Section 2".into(), 0),
            (3, "Pages".into(), 2),
            (4, "Section 4".into(), 0)
        ],
        "{contents}"
    );
    let (_, labels) = s.call(&c.teacher, "mod_label_get_labels_by_courses", json!({"courseids": [c.id]})).await;
    assert_eq!(labels["labels"], json!([]), "the deleted section's label went with it");

    // Refusals, and a batch with one bad change changes nothing.
    for (token, function, params, code) in [
        (
            &c.student_everywhere,
            "local_lmsgate_add_sections",
            json!({"sections": [{"courseid": c.id}]}),
            "nopermissions",
        ),
        (
            &c.student_everywhere,
            "local_lmsgate_update_sections",
            json!({"sections": [{"id": revision, "name": "x"}]}),
            "nopermissions",
        ),
        (&c.student_everywhere, "local_lmsgate_delete_sections", json!({"ids": [revision]}), "nopermissions"),
        (&c.outsider, "local_lmsgate_delete_sections", json!({"ids": [revision]}), "errorcoursecontextnotvalid"),
        (&c.teacher, "local_lmsgate_delete_sections", json!({"ids": [ids[0]]}), "invalidparameter"),
        (&c.teacher, "local_lmsgate_delete_sections", json!({"ids": [999999]}), "invalidrecord"),
        (
            &c.teacher,
            "local_lmsgate_update_sections",
            json!({"sections": [{"id": ids[0], "visible": false}]}),
            "invalidparameter",
        ),
        (
            &c.teacher,
            "local_lmsgate_update_sections",
            json!({"sections": [{"id": revision, "name": "Renamed"}, {"id": revision, "section": 9}]}),
            "invalidparameter",
        ),
    ] {
        let (status, body) = s.call(token, function, params).await;
        assert_eq!(body["errorcode"].as_str(), Some(code), "{function}: {body}");
        assert!(status >= 400, "{body}");
    }
    let after = s.rest_json(&c.teacher, "core_course_get_contents", &json!({"courseid": c.id})).await;
    assert_eq!(layout(&after), layout(&contents), "nothing changed");
}
