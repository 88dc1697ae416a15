//! An integrator's whole-site scenario over HTTP: build two categories, three courses, twenty
//! users with student and teacher enrolments, groups and a cohort through the typed API, then
//! read everything back through every get and search function, and check what a teacher sees.
use crate::common;

use std::collections::BTreeSet;

use common::TestServer;
use common::site::{EDITINGTEACHER, STUDENT};
use serde_json::{Value, json};

fn ids(v: &Value) -> BTreeSet<i64> {
    v.as_array().unwrap().iter().map(|x| x["id"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn build_a_site_and_read_it_back() {
    let s = TestServer::start().await;
    let cats = s
        .admin(
            "core_course_create_categories",
            json!({"categories": [{"name": "Faculty of Science", "idnumber": "SCI"}, {"name": "Faculty of Arts", "idnumber": "ART"}]}),
        )
        .await;
    let (sci, art) = (cats[0]["id"].as_i64().unwrap(), cats[1]["id"].as_i64().unwrap());
    let courses = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [
                {"fullname": "Physics 101", "shortname": "PHY101", "categoryid": sci, "idnumber": "P1", "numsections": 3},
                {"fullname": "Chemistry 101", "shortname": "CHE101", "categoryid": sci},
                {"fullname": "Painting 101", "shortname": "ART101", "categoryid": art, "visible": 0},
            ]}),
        )
        .await;
    let [phy, che, paint] = [0, 1, 2].map(|i| courses[i]["id"].as_i64().unwrap());

    // Twenty users: two teachers, eighteen students (twelve in physics, six in chemistry).
    let users: Vec<Value> = (0..20)
        .map(|i| {
            json!({"username": format!("user{i:02}"), "password": common::PASSWORD, "firstname": format!("First{i:02}"),
                "lastname": format!("Last{i:02}"), "email": format!("user{i:02}@example.org"), "maildisplay": 0})
        })
        .collect();
    let created = s.admin("core_user_create_users", json!({"users": users})).await;
    let uid: Vec<i64> = created.as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap()).collect();
    let (t_phy, t_che) = (uid[0], uid[1]);
    let mut enrolments = vec![
        json!({"userid": t_phy, "courseid": phy, "roleid": EDITINGTEACHER}),
        json!({"userid": t_che, "courseid": che, "roleid": EDITINGTEACHER}),
    ];
    for (i, u) in uid[2..].iter().enumerate() {
        let course = if i < 12 { phy } else { che };
        enrolments.push(json!({"userid": u, "courseid": course, "roleid": STUDENT}));
    }
    s.admin("enrol_manual_enrol_users", json!({"enrolments": enrolments})).await;
    let groups = s
        .admin(
            "core_group_create_groups",
            json!({"groups": [{"courseid": phy, "name": "Lab A", "description": "Mondays"},
                {"courseid": phy, "name": "Lab B", "description": "Tuesdays", "idnumber": "LB"}]}),
        )
        .await;
    let (lab_a, lab_b) = (groups[0]["id"].as_i64().unwrap(), groups[1]["id"].as_i64().unwrap());
    let members: Vec<Value> = uid[2..8].iter().map(|u| json!({"groupid": lab_a, "userid": u})).collect();
    s.admin("core_group_add_group_members", json!({"members": members})).await;
    let cohort = s
        .admin(
            "core_cohort_create_cohorts",
            json!({"cohorts": [{"categorytype": {"type": "idnumber", "value": "SCI"}, "name": "Science students", "idnumber": "SCISTU"}]}),
        )
        .await;
    let cohort_id = cohort[0]["id"].as_i64().unwrap();
    let cm: Vec<Value> = uid[2..14]
        .iter()
        .map(|u| json!({"cohorttype": {"type": "idnumber", "value": "SCISTU"}, "usertype": {"type": "id", "value": u.to_string()}}))
        .collect();
    assert_eq!(s.admin("core_cohort_add_cohort_members", json!({"members": cm})).await["warnings"], json!([]));

    // Read it all back as the admin.
    let cats = s
        .admin("core_course_get_categories", json!({"criteria": [{"key": "ids", "value": format!("{sci},{art}")}]}))
        .await;
    assert_eq!(ids(&cats), BTreeSet::from([sci, art]));
    assert_eq!(cats.as_array().unwrap().iter().find(|c| c["id"] == sci).unwrap()["coursecount"], 2);
    let got = s.admin("core_course_get_courses", json!({"options": {"ids": [phy, che, paint]}})).await;
    assert_eq!(ids(&got), BTreeSet::from([phy, che, paint]));
    assert_eq!(got.as_array().unwrap().iter().find(|c| c["id"] == phy).unwrap()["numsections"], 3);
    let by_cat =
        s.admin("core_course_get_courses_by_field", json!({"field": "category", "value": sci.to_string()})).await;
    assert_eq!(ids(&by_cat["courses"]), BTreeSet::from([phy, che]));
    let found = s
        .admin("core_course_search_courses", json!({"criterianame": "search", "criteriavalue": "101", "perpage": 2}))
        .await;
    assert_eq!((found["total"].as_i64(), found["courses"].as_array().unwrap().len()), (Some(3), 2));
    let page2 = s
        .admin(
            "core_course_search_courses",
            json!({"criterianame": "search", "criteriavalue": "101", "perpage": 2, "page": 1}),
        )
        .await;
    assert_eq!(page2["courses"].as_array().unwrap().len(), 1);
    let sections = s.admin("core_course_get_contents", json!({"courseid": phy})).await;
    let numbers: Vec<i64> = sections.as_array().unwrap().iter().map(|x| x["section"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [0, 1, 2, 3]);
    // A new course has its announcements forum first in the general section, as in Moodle.
    let general: Vec<(&str, &str)> = sections[0]["modules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["modname"].as_str().unwrap(), m["name"].as_str().unwrap()))
        .collect();
    assert_eq!(general, [("forum", "Announcements")], "{sections}");
    let enrolled = s.admin("core_enrol_get_enrolled_users", json!({"courseid": phy})).await;
    assert_eq!(enrolled.as_array().unwrap().len(), 13);
    let students = s
        .admin(
            "core_enrol_get_enrolled_users",
            json!({"courseid": phy, "options": [{"name": "withcapability", "value": "moodle/course:managegroups"}]}),
        )
        .await;
    assert_eq!(ids(&students), BTreeSet::from([t_phy]), "only the teacher manages groups");
    let in_lab = s
        .admin(
            "core_enrol_get_enrolled_users",
            json!({"courseid": phy, "options": [{"name": "groupid", "value": lab_a.to_string()}, {"name": "limitnumber", "value": "4"}, {"name": "userfields", "value": "id,email"}]}),
        )
        .await;
    assert_eq!(in_lab.as_array().unwrap().len(), 4);
    assert!(in_lab[0].get("firstname").is_none() && in_lab[0]["email"].is_string(), "{in_lab}");
    let theirs = s.admin("core_enrol_get_users_courses", json!({"userid": uid[2]})).await;
    assert_eq!(ids(&theirs), BTreeSet::from([phy]));
    assert_eq!(theirs[0]["enrolledusercount"], 13);
    let course_groups = s.admin("core_group_get_course_groups", json!({"courseid": phy})).await;
    assert_eq!(ids(&course_groups), BTreeSet::from([lab_a, lab_b]));
    let g = s.admin("core_group_get_groups", json!({"groupids": [lab_b]})).await;
    assert_eq!(g[0]["idnumber"], "LB");
    let gm = s.admin("core_group_get_group_members", json!({"groupids": [lab_a]})).await;
    assert_eq!(gm[0]["userids"].as_array().unwrap().len(), 6);
    let co = s.admin("core_cohort_get_cohorts", json!({"cohortids": [cohort_id]})).await;
    assert_eq!(co[0]["name"], "Science students");
    let sc = s
        .admin(
            "core_cohort_search_cohorts",
            json!({"query": "science", "context": {"contextlevel": "coursecat", "instanceid": sci}, "includes": "self"}),
        )
        .await;
    assert_eq!(ids(&sc["cohorts"]), BTreeSet::from([cohort_id]));
    assert_eq!(s.admin("core_enrol_get_course_enrolment_methods", json!({"courseid": phy})).await, json!([]));

    // The physics teacher sees physics students, with the details teachers may see, but not
    // chemistry's, and not the hidden painting course.
    let teacher = s.token_for(t_phy, "all_functions").await;
    let (status, mine) = s.call(&teacher, "core_enrol_get_enrolled_users", json!({"courseid": phy})).await;
    assert_eq!(status, 200);
    let student = mine.as_array().unwrap().iter().find(|u| u["id"] == uid[2]).unwrap();
    assert_eq!(student["email"], "user02@example.org", "teachers may see emails in their course");
    assert_eq!(student["groups"][0]["name"], "Lab A");
    assert_eq!(student["roles"][0]["shortname"], "student");
    let (status, other) = s.call(&teacher, "core_enrol_get_enrolled_users", json!({"courseid": che})).await;
    assert_eq!((status, other["errorcode"].as_str()), (403, Some("errorcoursecontextnotvalid")));
    let (_, theirs) = s.call(&teacher, "core_enrol_get_users_courses", json!({"userid": uid[14]})).await;
    assert_eq!(theirs, json!([]), "a chemistry student's courses are not the physics teacher's business");
    let (_, listed) = s.call(&teacher, "core_course_get_courses_by_field", json!({})).await;
    let listed = ids(&listed["courses"]);
    assert!(listed.contains(&phy) && listed.contains(&che) && !listed.contains(&paint), "{listed:?}");
    let (_, public) =
        s.call(&teacher, "core_course_get_courses_by_field", json!({"field": "id", "value": che.to_string()})).await;
    assert!(
        public["courses"][0].get("idnumber").is_none(),
        "a course the teacher cannot enter shows public fields only"
    );
    assert_eq!(public["courses"][0]["contacts"][0]["id"], t_che);
    let (_, cats) = s.call(&teacher, "core_course_get_categories", json!({})).await;
    assert!(cats[0].get("idnumber").is_none(), "idnumbers are for category managers");

    // A student sees classmates without their hidden email, and not another course.
    let student = s.token_for(uid[3], "all_functions").await;
    let (status, classmates) = s.call(&student, "core_enrol_get_enrolled_users", json!({"courseid": phy})).await;
    assert_eq!(status, 200);
    let other = classmates.as_array().unwrap().iter().find(|u| u["id"] == uid[4]).unwrap();
    assert!(other.get("email").is_none(), "maildisplay 0 hides the email from classmates: {other}");
    let (status, _) = s.call(&student, "core_group_get_course_groups", json!({"courseid": phy})).await;
    assert_eq!(status, 403);
    s.stop().await;
}
