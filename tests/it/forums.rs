//! Forums: added through `local_lmsgate_add_modules`, discussions started and replied to (with
//! attachments from a draft area, downloaded back), listed and read as Moodle's exporters describe
//! them, with the rules of each forum type and the access rules of each call.
use serde_json::{Value, json};

use crate::common::TestServer;

struct Class {
    course: i64,
    teacher: String,
    student: String,
    student_id: i64,
    /// A user of no course.
    outsider: String,
}

async fn class(s: &TestServer) -> Class {
    let (teacher, student, outsider) =
        (s.create_user("fern").await, s.create_user("fred").await, s.create_user("fiona").await);
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Forums", "shortname": "FOR", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": teacher, "courseid": course, "roleid": 3}, {"userid": student, "courseid": course, "roleid": 5}]}),
    )
    .await;
    Class {
        course,
        teacher: s.token_for(teacher, "all_functions").await,
        student: s.token_for(student, "moodle_mobile_app").await,
        student_id: student,
        outsider: s.token_for(outsider, "moodle_mobile_app").await,
    }
}

fn error(body: &Value) -> Option<&str> {
    body["errorcode"].as_str()
}

#[tokio::test]
async fn discussions_and_replies_with_attachments_are_listed_read_and_downloaded() {
    let s = TestServer::start().await;
    let c = class(&s).await;
    // The course came with its announcements forum, as Moodle's do; the teacher adds another.
    let add = json!({"modules": [
        {"courseid": c.course, "section": 1, "modname": "forum", "name": "Course discussion", "intro": "<p>Ask here.</p>"}]});
    let (status, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    assert_eq!(status, 200, "{added}");
    let (general, general_cm) = (added[0]["instance"].as_i64().unwrap(), added[0]["id"].as_i64().unwrap());

    // Announcements are the teacher's; the general forum is everyone's.
    let (_, forums) = s.call(&c.student, "mod_forum_get_forums_by_courses", json!({"courseids": [c.course]})).await;
    let news = forums[0]["id"].as_i64().unwrap();
    assert_eq!(
        (&forums[0]["name"], &forums[0]["intro"], &forums[0]["forcesubscribe"]),
        (&json!("Announcements"), &json!("General news and announcements"), &json!(1)),
        "{forums}"
    );
    let rows: Vec<(&str, bool)> = forums
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["type"].as_str().unwrap(), f["cancreatediscussions"].as_bool().unwrap()))
        .collect();
    assert_eq!(rows, [("news", false), ("general", true)], "{forums}");
    assert_eq!(forums[1]["cmid"].as_i64(), Some(general_cm));
    let (status, body) = s
        .call(
            &c.student,
            "mod_forum_add_discussion",
            json!({"forumid": news, "subject": "Mine", "message": "<p>x</p>"}),
        )
        .await;
    assert_eq!((status, error(&body)), (403, Some("cannotcreatediscussion")), "{body}");
    let (_, can) = s.call(&c.student, "mod_forum_can_add_discussion", json!({"forumid": news})).await;
    assert_eq!(can["status"], false);

    // The student starts a discussion with an attachment.
    let (_, up) = s.upload(&c.student, None, &[("notes.txt", b"my notes")]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let start = json!({"forumid": general, "subject": "Reading list", "message": "<p>Which chapters?</p>",
        "options": [{"name": "attachmentsid", "value": draft.to_string()}]});
    let (status, started) = s.call(&c.student, "mod_forum_add_discussion", start).await;
    assert_eq!(status, 200, "{started}");
    let discussion = started["discussionid"].as_i64().unwrap();

    let (_, posts) = s.call(&c.teacher, "mod_forum_get_discussion_posts", json!({"discussionid": discussion})).await;
    let first = &posts["posts"][0];
    let first_id = first["id"].as_i64().unwrap();
    assert_eq!(
        (first["subject"].as_str(), first["replysubject"].as_str()),
        (Some("Reading list"), Some("Re: Reading list"))
    );
    assert_eq!(first["author"]["id"].as_i64(), Some(c.student_id));
    assert_eq!(first["attachments"][0]["filename"], "notes.txt", "{first}");
    let url = first["attachments"][0]["url"].as_str().unwrap().to_string();
    assert!(url.contains(&format!("/mod_forum/attachment/{first_id}/notes.txt")), "{url}");
    let got = s.http.get(format!("{url}?token={}", c.teacher)).send().await.unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), b"my notes");
    let theirs = s.http.get(format!("{url}?token={}", c.outsider)).send().await.unwrap();
    assert_eq!(theirs.status(), 404, "not to a user outside the course");

    // The teacher replies; the reply is answered as the discussion lists it.
    let reply = json!({"postid": first_id, "subject": "Re: Reading list", "message": "<p>Chapters 1 to 3.</p>"});
    let (status, replied) = s.call(&c.teacher, "mod_forum_add_discussion_post", reply).await;
    assert_eq!(status, 200, "{replied}");
    assert_eq!(
        (replied["post"]["hasparent"].as_bool(), replied["post"]["parentid"].as_i64()),
        (Some(true), Some(first_id))
    );

    let (_, list) = s
        .call(
            &c.student,
            "mod_forum_get_forum_discussions",
            json!({"forumid": general, "sortorder": 1, "page": 0, "perpage": 10}),
        )
        .await;
    let d = &list["discussions"][0];
    assert_eq!(
        (d["discussion"].as_i64(), d["numreplies"].as_i64(), d["canreply"].as_bool()),
        (Some(discussion), Some(1), Some(true)),
        "{list}"
    );
    assert_eq!(d["usermodifiedfullname"], "First fern");
    assert_eq!(d["attachment"], "1");
    // In the student's eyes: their own post is theirs to edit, the teacher's is not.
    let (_, posts) = s
        .call(&c.student, "mod_forum_get_discussion_posts", json!({"discussionid": discussion, "sortdirection": "ASC"}))
        .await;
    let edits: Vec<bool> =
        posts["posts"].as_array().unwrap().iter().map(|p| p["capabilities"]["edit"].as_bool().unwrap()).collect();
    assert_eq!(edits, [true, false], "{posts}");
    let (_, seen) = s.call(&c.student, "mod_forum_view_forum_discussion", json!({"discussionid": discussion})).await;
    assert_eq!(seen, json!({"status": true, "warnings": []}));

    // The course page shows the forums as Moodle does.
    let (_, contents) = s.call(&c.student, "core_course_get_contents", json!({"courseid": c.course})).await;
    let forum = &contents[1]["modules"][0];
    assert_eq!(
        (forum["purpose"].as_str(), forum["customdata"].as_str()),
        (Some("collaboration"), Some(r#"{"trackingtype":"1"}"#))
    );
}

#[tokio::test]
async fn forum_calls_refuse_strangers_and_bad_input() {
    let s = TestServer::start().await;
    let c = class(&s).await;
    let add = json!({"modules": [{"courseid": c.course, "section": 1, "modname": "forum", "name": "Talk", "maxattachments": 1}]});
    let (_, added) = s.call(&c.teacher, "local_lmsgate_add_modules", add).await;
    let forum = added[0]["instance"].as_i64().unwrap();
    let (_, started) = s
        .call(
            &c.teacher,
            "mod_forum_add_discussion",
            json!({"forumid": forum, "subject": "Hi", "message": "<p>Hi</p>"}),
        )
        .await;
    let discussion = started["discussionid"].as_i64().unwrap();

    let (status, body) = s.call(&c.outsider, "mod_forum_get_forum_discussions", json!({"forumid": forum})).await;
    assert_eq!((status, error(&body)), (403, Some("errorcoursecontextnotvalid")), "{body}");
    let (status, body) =
        s.call(&c.outsider, "mod_forum_get_discussion_posts", json!({"discussionid": discussion})).await;
    assert_eq!((status, error(&body)), (403, Some("errorcoursecontextnotvalid")), "{body}");
    let (status, body) = s.call(&c.student, "mod_forum_get_discussion_posts", json!({"discussionid": 999_999})).await;
    assert_eq!((status, error(&body)), (404, Some("invaliddiscussionid")), "{body}");
    let (status, body) = s
        .call(
            &c.student,
            "mod_forum_add_discussion_post",
            json!({"postid": 999_999, "subject": "Re", "message": "<p>x</p>"}),
        )
        .await;
    assert_eq!((status, error(&body)), (404, Some("invalidparentpostid")), "{body}");

    // Two files where the forum takes one: nothing is posted.
    let (_, up) = s.upload(&c.student, None, &[("a.txt", b"a"), ("b.txt", b"b")]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let start = json!({"forumid": forum, "subject": "Files", "message": "<p>Two</p>",
        "options": [{"name": "attachmentsid", "value": draft.to_string()}]});
    let (status, body) = s.call(&c.student, "mod_forum_add_discussion", start).await;
    assert_eq!((status, error(&body)), (400, Some("invalidparameter")), "{body}");
    let (_, list) = s.call(&c.student, "mod_forum_get_forum_discussions", json!({"forumid": forum})).await;
    assert_eq!(list["discussions"].as_array().unwrap().len(), 1, "only the teacher's: {list}");
}
