//! Messaging between users as Moodle's rules allow it: a message one user sends is unread for the
//! other, over the typed API and Moodle REST alike; privacy refuses strangers; deletion is per
//! user; the site's notifications (a welcome on enrolment) are counted and marked read.
use serde_json::json;

use crate::common::TestServer;

#[tokio::test]
async fn a_message_sent_by_one_user_is_read_by_the_other_and_strangers_are_refused() {
    let s = TestServer::start().await;
    let (alice, carol, bob) = (s.create_user("alice").await, s.create_user("carol").await, s.create_user("bob").await);
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Chat", "shortname": "CHAT", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let enrol = |u: i64| json!({"userid": u, "courseid": course, "roleid": 5});
    s.admin("enrol_manual_enrol_users", json!({"enrolments": [enrol(alice), enrol(carol)]})).await;
    let [t_alice, t_carol, t_bob] = [alice, carol, bob].map(|u| s.token_for(u, "moodle_mobile_app"));
    let (t_alice, t_carol, t_bob) = (t_alice.await, t_carol.await, t_bob.await);

    // Alice shares a course with Carol, not with Bob (whose privacy default is course members).
    let (status, sent) = s
        .call(
            &t_alice,
            "core_message_send_instant_messages",
            json!({"messages": [
            {"touserid": carol, "text": "Hello *Carol*", "textformat": 2, "clientmsgid": "c1"},
            {"touserid": bob, "text": "Hello Bob"},
            {"touserid": 999999, "text": "Anyone?"}]}),
        )
        .await;
    assert_eq!(status, 200, "{sent}");
    assert!(sent[0]["msgid"].as_i64().unwrap() > 0, "{sent}");
    assert_eq!((sent[0]["clientmsgid"].as_str(), sent[0]["useridfrom"].as_i64()), (Some("c1"), Some(alice)));
    assert_eq!(sent[0]["text"], "<p>Hello *Carol*</p>");
    assert_eq!(sent[1]["msgid"], -1);
    assert_eq!(
        sent[1]["errormessage"],
        "You can't message First bob due to their message preferences. Try adding them as a contact."
    );
    assert_eq!(sent[2]["errormessage"], "You can not send a message to a user id (999999) that doesn't exist");
    let conversation = sent[0]["conversationid"].as_i64().unwrap();

    // Unread for Carol (typed API), and listed with the message over Moodle REST.
    let (_, counts) = s.call(&t_carol, "core_message_get_unread_conversation_counts", json!({})).await;
    assert_eq!(counts["types"]["1"], 1, "{counts}");
    let listed = s.rest_json(&t_carol, "core_message_get_conversations", &json!({"userid": carol, "type": 1})).await;
    let c = &listed["conversations"][0];
    assert_eq!(
        (c["id"].as_i64(), c["unreadcount"].as_i64(), c["isread"].as_bool()),
        (Some(conversation), Some(1), Some(false)),
        "{listed}"
    );
    assert_eq!(c["members"][0]["id"], alice);
    assert_eq!(c["members"][0]["canmessage"], true);
    assert_eq!(c["messages"][0]["text"], "<p>Hello *Carol*</p>");
    // Carol answers into the conversation; Alice sees both, newest first.
    let (status, reply) = s
        .call(
            &t_carol,
            "core_message_send_messages_to_conversation",
            json!({"conversationid": conversation, "messages": [{"text": "<b>Hi</b>", "textformat": 1}]}),
        )
        .await;
    assert_eq!(status, 200, "{reply}");
    let (_, page) = s
        .call(
            &t_alice,
            "core_message_get_conversation_messages",
            json!({"currentuserid": alice, "convid": conversation, "newest": true}),
        )
        .await;
    let texts: Vec<&str> = page["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    assert_eq!(texts, ["<b>Hi</b>", "<p>Hello *Carol*</p>"], "{page}");
    // Read, then nothing unread for Carol.
    let (status, _) = s
        .call(
            &t_carol,
            "core_message_mark_all_conversation_messages_as_read",
            json!({"userid": carol, "conversationid": conversation}),
        )
        .await;
    assert_eq!(status, 200);
    let counts = s.rest_json(&t_carol, "core_message_get_unread_conversation_counts", &json!({})).await;
    assert_eq!(counts["types"]["1"], 0, "{counts}");

    // Bob is not in it.
    let (status, refused) = s
        .call(&t_bob, "core_message_get_conversation_messages", json!({"currentuserid": bob, "convid": conversation}))
        .await;
    assert_eq!((status, refused["errorcode"].as_str()), (403, Some("User is not part of conversation.")), "{refused}");
    let (status, refused) = s
        .call(
            &t_bob,
            "core_message_send_messages_to_conversation",
            json!({"conversationid": conversation, "messages": [{"text": "x"}]}),
        )
        .await;
    assert_eq!((status, refused["errorcode"].as_str()), (403, Some("You do not have permission to send a message")));

    // Carol deletes Alice's message for herself; Alice still has it.
    let first = sent[0]["msgid"].as_i64().unwrap();
    let (status, _) =
        s.call(&t_carol, "core_message_delete_message", json!({"messageid": first, "userid": carol})).await;
    assert_eq!(status, 200);
    let (_, mine) = s
        .call(
            &t_carol,
            "core_message_get_conversation_messages",
            json!({"currentuserid": carol, "convid": conversation}),
        )
        .await;
    assert_eq!(mine["messages"].as_array().unwrap().len(), 1, "{mine}");
    let (_, theirs) = s
        .call(
            &t_alice,
            "core_message_get_conversation_messages",
            json!({"currentuserid": alice, "convid": conversation}),
        )
        .await;
    assert_eq!(theirs["messages"].as_array().unwrap().len(), 2, "{theirs}");
}

#[tokio::test]
async fn enrolment_sends_a_welcome_notification_that_is_counted_and_marked_read() {
    let s = TestServer::start().await;
    let dana = s.create_user("dana").await;
    let course = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Welcome Course", "shortname": "WEL", "categoryid": 1}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    s.admin("enrol_manual_enrol_users", json!({"enrolments": [{"userid": dana, "courseid": course, "roleid": 5}]}))
        .await;
    let t = s.token_for(dana, "moodle_mobile_app").await;
    let (_, n) = s.call(&t, "core_message_get_unread_notification_count", json!({"useridto": dana})).await;
    assert_eq!(n, 1);
    let list = s
        .rest_json(&t, "core_message_get_messages", &json!({"useridto": dana, "type": "notifications", "read": 2}))
        .await;
    let welcome = &list["messages"][0];
    assert_eq!(welcome["subject"], "Welcome to Welcome Course", "{list}");
    assert_eq!(welcome["fullmessage"], "Hi First, you are enrolled in the course Welcome Course.");
    assert_eq!(
        (welcome["notification"].as_i64(), welcome["eventtype"].as_str()),
        (Some(1), Some("enrolcoursewelcomemessage"))
    );
    assert_eq!(welcome["userfromfullname"], "Admin User");
    assert!(welcome["timeread"].is_null());
    let (status, done) =
        s.call(&t, "core_message_mark_notification_read", json!({"notificationid": welcome["id"]})).await;
    assert_eq!((status, done["notificationid"].clone()), (200, welcome["id"].clone()));
    let (_, n) = s.call(&t, "core_message_get_unread_notification_count", json!({"useridto": dana})).await;
    assert_eq!(n, 0);
    // Someone else's count is refused as Moodle refuses it.
    let (status, refused) = s.call(&t, "core_message_get_unread_notification_count", json!({"useridto": 2})).await;
    assert_eq!((status, refused["errorcode"].as_str()), (403, Some("accessdenied")), "{refused}");
    // A site that turns messaging off refuses it, and says so in site info (the app hides it).
    s.set_config("messaging", "0").await;
    let (status, off) = s.call(&t, "core_message_get_conversations", json!({"userid": dana})).await;
    assert_eq!(
        (status, off["errorcode"].as_str(), off["message"].as_str()),
        (403, Some("disabled"), Some("Messaging is disabled on this site"))
    );
    let (_, info) = s.call(&t, "core_webservice_get_site_info", json!({})).await;
    let messaging = info["advancedfeatures"].as_array().unwrap().iter().find(|f| f["name"] == "messaging").cloned();
    assert_eq!(messaging.unwrap()["value"], 0);
}
