//! Error codes of the course, category, enrolment, role, group and cohort functions (each at
//! least once), all-or-nothing writes, and deletions that leave no orphan rows.
use crate::common;

use common::TestServer;
use common::site::{STUDENT, Site};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use lmsgate_entities::{
    cohort_members, context, contextlevel, course, course_categories, course_sections, enrol, groups, groups_members,
    role_assignments, user_enrolments, user_lastaccess,
};

/// Calls as admin and returns (status, errorcode, debuginfo).
async fn fails(s: &TestServer, function: &str, params: Value) -> (u16, String, String) {
    let (status, body) = s.call(&s.admin_token, function, params).await;
    let text = |k: &str| body[k].as_str().unwrap_or_default().to_string();
    (status, text("errorcode"), text("debuginfo"))
}

/// The warning codes of a call that succeeded.
async fn warnings(s: &TestServer, function: &str, params: Value) -> Vec<String> {
    let body = s.admin(function, params).await;
    body["warnings"].as_array().unwrap().iter().map(|w| w["warningcode"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn course_and_category_error_codes() {
    let s = TestServer::start().await;
    let site = Site::build(&s).await;
    let course = |short: &str, cat: i64| json!({"courses": [{"fullname": "F", "shortname": short, "categoryid": cat}]});
    assert_eq!(fails(&s, "core_course_create_courses", course("Z", 9999)).await.1, "errorcatcontextnotvalid");
    assert_eq!(fails(&s, "core_course_create_courses", course("A", site.cat)).await.1, "shortnametaken");
    let (status, code, debuginfo) = fails(
        &s,
        "core_course_create_courses",
        json!({"courses": [{"fullname": " ", "shortname": "Q", "categoryid": site.cat}]}),
    )
    .await;
    assert_eq!((status, code.as_str()), (400, "errorinvalidparam"));
    assert!(debuginfo.starts_with("courses[0].fullname"), "{debuginfo}");
    s.admin("core_course_update_courses", json!({"courses": [{"id": site.course_b, "idnumber": "B-1"}]})).await;
    let dup_idnumber =
        json!({"courses": [{"fullname": "F", "shortname": "Q", "categoryid": site.cat, "idnumber": "B-1"}]});
    assert_eq!(fails(&s, "core_course_create_courses", dup_idnumber).await.1, "courseidnumbertaken");

    // All or nothing: the first course of a failing batch is not created.
    let before = course::Entity::find().count(&s.state.db).await.unwrap();
    let batch = json!({"courses": [{"fullname": "Good", "shortname": "GOOD", "categoryid": site.cat},
        {"fullname": "Bad", "shortname": "A", "categoryid": site.cat}]});
    let (status, code, debuginfo) = fails(&s, "core_course_create_courses", batch).await;
    assert_eq!((status, code.as_str()), (409, "shortnametaken"));
    assert!(debuginfo.starts_with("courses[1].shortname"), "{debuginfo}");
    assert_eq!(course::Entity::find().count(&s.state.db).await.unwrap(), before);

    let codes = warnings(
        &s,
        "core_course_update_courses",
        json!({"courses": [
            {"id": 99999, "fullname": "x"},
            {"id": site.course_b, "shortname": "A"},
            {"id": site.course_b, "fullname": " "},
            {"id": site.course_b, "enddate": 1_900_000_000},
            {"id": site.course_c, "fullname": "Renamed C"},
        ]}),
    )
    .await;
    assert_eq!(codes, ["invalidrecord", "shortnametaken", "errorinvalidparam", "nostartdatenoenddate"]);
    let codes = warnings(
        &s,
        "core_course_update_courses",
        json!({"courses": [{"id": site.course_b, "startdate": 1_800_000_000, "enddate": 1_700_000_000}]}),
    )
    .await;
    assert_eq!(codes, ["enddatebeforestartdate"]);
    let c = s.admin("core_course_get_courses", json!({"options": {"ids": [site.course_c]}})).await;
    assert_eq!(c[0]["fullname"], "Renamed C", "the valid change was saved");

    let codes = warnings(&s, "core_course_delete_courses", json!({"courseids": [99999, 1]})).await;
    assert_eq!(codes, ["unknowncourseidnumber", "cannotdeletecategorycourse"]);

    let cat = |name: &str, parent: i64| json!({"categories": [{"name": name, "parent": parent}]});
    assert_eq!(fails(&s, "core_course_create_categories", cat("X", 9999)).await.1, "unknowcategory");
    assert_eq!(fails(&s, "core_course_create_categories", cat(" ", 0)).await.1, "categorynamerequired");
    let dup = json!({"categories": [{"name": "Dup", "idnumber": "SCI"}]});
    assert_eq!(fails(&s, "core_course_create_categories", dup).await.1, "categoryidnumbertaken");
    let unknown = json!({"categories": [{"id": 9999, "name": "x"}]});
    assert_eq!(fails(&s, "core_course_update_categories", unknown).await.1, "unknowncategory");
    let into_child = json!({"categories": [{"id": site.cat, "parent": site.subcat}]});
    assert_eq!(fails(&s, "core_course_update_categories", into_child).await.1, "cannotmovecategory");
    let top = json!({"categories": [{"id": site.cat}]});
    assert_eq!(fails(&s, "core_course_delete_categories", top).await.1, "movecatcontentstoroot");
    assert_eq!(
        fails(&s, "core_course_delete_categories", json!({"categories": [{"id": 9999}]})).await.1,
        "unknowncategory"
    );
    let bad_key = json!({"criteria": [{"key": "colour", "value": "red"}]});
    assert_eq!(fails(&s, "core_course_get_categories", bad_key).await.1, "criteriaerror");
    let past = s
        .admin(
            "core_course_search_courses",
            json!({"criterianame": "search", "criteriavalue": "Course", "perpage": 10, "page": 5}),
        )
        .await;
    assert_eq!(
        (past["total"].as_i64(), past["courses"].as_array().unwrap().len()),
        (Some(3), 0),
        "A, B and SPARE (C was renamed)"
    );
    assert_eq!(s.admin("core_course_get_courses", json!({"options": {"ids": [99999]}})).await, json!([]));
    let missing = fails(&s, "core_course_get_contents", json!({"courseid": 99999})).await;
    assert_eq!((missing.0, missing.1.as_str()), (404, "invalidrecord"));

    // Moving a category moves its contexts: the course inside keeps working for its teacher.
    s.admin("core_course_update_categories", json!({"categories": [{"id": site.subcat, "parent": 0}]})).await;
    let moved = s
        .admin("core_course_get_categories", json!({"criteria": [{"key": "id", "value": site.subcat.to_string()}]}))
        .await;
    assert_eq!((moved[0]["parent"].as_i64(), moved[0]["depth"].as_i64()), (Some(0), Some(1)));
    assert_eq!(moved[0]["path"], format!("/{}", site.subcat));
    s.stop().await;
}

#[tokio::test]
async fn enrolment_role_group_and_cohort_error_codes() {
    let s = TestServer::start().await;
    let site = Site::build(&s).await;
    let enrol = |u: i64, c: i64| json!({"enrolments": [{"userid": u, "courseid": c, "roleid": STUDENT}]});
    assert_eq!(fails(&s, "enrol_manual_enrol_users", enrol(site.outsider, 1)).await.1, "wsnoinstance");
    assert_eq!(fails(&s, "enrol_manual_enrol_users", enrol(99999, site.course_a)).await.1, "invaliduser");
    assert_eq!(fails(&s, "enrol_manual_enrol_users", enrol(site.outsider, 99999)).await.1, "invalidrecord");
    let (_, code, debuginfo) =
        fails(&s, "enrol_manual_unenrol_users", json!({"enrolments": [{"userid": 99999, "courseid": site.course_a}]}))
            .await;
    assert_eq!(code, "invalidparameter");
    assert!(debuginfo.contains("User id not exist"), "{debuginfo}");
    // Unenrolling someone who is not enrolled is not an error.
    s.admin(
        "enrol_manual_unenrol_users",
        json!({"enrolments": [{"userid": site.outsider, "courseid": site.course_a}]}),
    )
    .await;
    // A group filter needs membership of the group or moodle/site:accessallgroups.
    let spare_group =
        json!({"courseid": site.course_a, "options": [{"name": "groupid", "value": site.spare_group.to_string()}]});
    let (status, body) = s.call(&site.t_student_a, "core_enrol_get_enrolled_users", spare_group).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("accessdenied")));
    let sortby = json!({"courseid": site.course_a, "options": [{"name": "sortby", "value": "email"}]});
    assert_eq!(fails(&s, "core_enrol_get_enrolled_users", sortby).await.1, "invalidparameter");

    let assign = |a: Value| json!({"assignments": [a]});
    let (_, code, debuginfo) = fails(
        &s,
        "core_role_assign_roles",
        assign(json!({"roleid": STUDENT, "userid": 99999, "contextlevel": "course", "instanceid": site.course_a})),
    )
    .await;
    assert_eq!(code, "codingerror");
    assert!(debuginfo.starts_with("assignments[0].userid"), "{debuginfo}");
    let no_ctx = assign(json!({"roleid": STUDENT, "userid": site.outsider}));
    assert_eq!(fails(&s, "core_role_assign_roles", no_ctx).await.1, "invalidparameter");
    let bad_level =
        assign(json!({"roleid": STUDENT, "userid": site.outsider, "contextlevel": "planet", "instanceid": 1}));
    assert!(
        fails(&s, "core_role_assign_roles", bad_level)
            .await
            .2
            .contains("contextlevel: the value \"planet\" is not one of")
    );
    let unknown_ctx = assign(json!({"roleid": STUDENT, "userid": site.outsider, "contextid": 99999}));
    assert_eq!(fails(&s, "core_role_assign_roles", unknown_ctx).await.1, "invalidparameter");
    let wrong_level = assign(json!({"roleid": STUDENT, "userid": site.outsider, "contextid": 1}));
    assert!(
        fails(&s, "core_role_assign_roles", wrong_level).await.2.contains("Can not assign roleid=5 in contextid=1")
    );
    // Unassigning a role the user does not hold is not an error.
    s.admin(
        "core_role_unassign_roles",
        json!({"unassignments": [{"roleid": STUDENT, "userid": site.outsider, "contextlevel": "course", "instanceid": site.course_a}]}),
    )
    .await;

    let group = |name: &str, extra: Value| {
        let mut g = json!({"courseid": site.course_a, "name": name, "description": ""});
        g.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        json!({"groups": [g]})
    };
    let cases = [
        (group(" ", json!({})), "Invalid group name"),
        (group("G1", json!({})), "Group with the same name already exists in the course"),
        (group("G9", json!({"visibility": 7})), "Invalid group visibility provided. Must be one of 0,1,2,3"),
    ];
    for (params, why) in cases {
        let (status, code, debuginfo) = fails(&s, "core_group_create_groups", params).await;
        assert_eq!((status, code.as_str()), (400, "invalidparameter"));
        assert!(debuginfo.contains(why), "{debuginfo}");
    }
    s.admin("core_group_create_groups", group("G8", json!({"idnumber": "G-8"}))).await;
    assert_eq!(fails(&s, "core_group_create_groups", group("G9", json!({"idnumber": "G-8"}))).await.1, "idnumbertaken");
    // The duplicate-name check comes before the capability check, as in Moodle.
    let (_, dup) = s.call(&site.t_student_a, "core_group_create_groups", group("G1", json!({}))).await;
    assert_eq!(dup["errorcode"], "invalidparameter");
    assert_eq!(fails(&s, "core_group_get_groups", json!({"groupids": [99999]})).await.1, "invalidrecord");
    // The pipeline checks every item's declared scope before the function runs, and names the item.
    let (status, code, debuginfo) =
        fails(&s, "core_group_get_groups", json!({"groupids": [site.group_a, 99999]})).await;
    assert_eq!((status, code.as_str(), debuginfo.as_str()), (404, "invalidrecord", "groupids[1]: no group 99999"));
    let enrol = json!({"enrolments": [{"roleid": STUDENT, "userid": site.outsider, "courseid": site.course_a},
                                      {"roleid": STUDENT, "userid": site.outsider, "courseid": 99999}]});
    let (_, code, debuginfo) = fails(&s, "enrol_manual_enrol_users", enrol).await;
    assert_eq!((code.as_str(), debuginfo.as_str()), ("invalidrecord", "enrolments[1].courseid: no course 99999"));
    let teacher_a_in_b = json!({"groupids": [site.group_a]});
    let (status, denied) = s.call(&site.t_teacher_b, "core_group_get_groups", teacher_a_in_b).await;
    assert_eq!((status, denied["errorcode"].as_str()), (403, Some("errorcoursecontextnotvalid")), "{denied}");
    let member = |g: i64, u: i64| json!({"members": [{"groupid": g, "userid": u}]});
    assert_eq!(fails(&s, "core_group_add_group_members", member(99999, site.target)).await.1, "invalidrecord");
    assert_eq!(fails(&s, "core_group_delete_group_members", member(site.group_a, 99999)).await.1, "invaliduser");
    let (_, code, debuginfo) = fails(&s, "core_group_add_group_members", member(site.group_a, site.outsider)).await;
    assert_eq!(code, "invalidparameter");
    assert!(debuginfo.contains("Only enrolled users may be members of groups"));
    s.admin("core_group_delete_group_members", member(site.group_a, site.outsider)).await;
    s.admin("core_group_delete_groups", json!({"groupids": [99999]})).await;

    let cohort = |t: &str, v: &str, idn: &str| json!({"cohorts": [{"categorytype": {"type": t, "value": v}, "name": "C", "idnumber": idn}]});
    assert!(fails(&s, "core_cohort_create_cohorts", cohort("system", "", "ALU")).await.2.contains("already exists"));
    assert_eq!(fails(&s, "core_cohort_create_cohorts", cohort("id", "99999", "N1")).await.1, "invalidparameter");
    assert_eq!(fails(&s, "core_cohort_create_cohorts", cohort("idnumber", "NOPE", "N2")).await.1, "invalidparameter");
    let add = |cohort: &str, user: &str| json!({"members": [{"cohorttype": {"type": "id", "value": cohort}, "usertype": {"type": "username", "value": user}}]});
    let c = site.cohort.to_string();
    assert_eq!(warnings(&s, "core_cohort_add_cohort_members", add(&c, "target")).await, Vec::<String>::new());
    assert_eq!(warnings(&s, "core_cohort_add_cohort_members", add(&c, "target")).await, ["3"]);
    assert_eq!(warnings(&s, "core_cohort_add_cohort_members", add("99999", "target")).await, ["2"]);
    let del = json!({"members": [{"cohortid": 99999, "userid": site.target}]});
    assert_eq!(fails(&s, "core_cohort_delete_cohort_members", del).await.1, "invalidrecord");
    let search = json!({"query": "", "context": {"contextid": 1}, "includes": "everything"});
    assert_eq!(fails(&s, "core_cohort_search_cohorts", search).await.1, "codingerror");
    assert_eq!(s.admin("core_cohort_get_cohorts", json!({"cohortids": [99999]})).await, json!([]));

    // Updating: renamed, moved to a category and hidden; a batch with a taken idnumber changes nothing.
    let change = |id: i64, name: &str, idnumber: &str| json!({"id": id, "categorytype": {"type": "idnumber", "value": "SCI"}, "name": name, "idnumber": idnumber, "visible": false});
    let batch =
        json!({"cohorts": [change(site.spare_cohort, "Renamed", "NEW"), change(site.doomed_cohort, "X", "ALU")]});
    let (_, code, debuginfo) = fails(&s, "core_cohort_update_cohorts", batch).await;
    assert_eq!(
        (code.as_str(), debuginfo.as_str()),
        ("invalidparameter", "cohorts[1].idnumber: record already exists: idnumber ALU")
    );
    let read = |id: i64| s.admin("core_cohort_get_cohorts", json!({"cohortids": [id]}));
    assert_eq!(read(site.spare_cohort).await[0]["name"], "Spare", "nothing changed");
    let done =
        s.admin("core_cohort_update_cohorts", json!({"cohorts": [change(site.spare_cohort, "Renamed", "NEW")]})).await;
    assert_eq!(done, Value::Null);
    let spare = read(site.spare_cohort).await;
    assert_eq!(
        (&spare[0]["name"], &spare[0]["idnumber"], &spare[0]["visible"]),
        (&json!("Renamed"), &json!("NEW"), &json!(false))
    );
    assert_ne!(spare[0]["contextid"], 1, "moved to the category: {spare}");
    assert_eq!(
        fails(&s, "core_cohort_update_cohorts", json!({"cohorts": [change(99999, "X", "")]})).await.1,
        "invalidrecord"
    );
    assert_eq!(
        fails(&s, "core_cohort_update_cohorts", json!({"cohorts": [change(site.spare_cohort, " ", "")]})).await.1,
        "invalidparameter"
    );

    // Deleting takes the members with it; an unknown cohort stops the batch before anything goes.
    s.admin("core_cohort_add_cohort_members", json!({"members": [{"cohorttype": {"type": "id", "value": site.doomed_cohort.to_string()}, "usertype": {"type": "id", "value": site.target.to_string()}}]})).await;
    let batch = json!({"cohortids": [site.doomed_cohort, 99999]});
    assert_eq!(fails(&s, "core_cohort_delete_cohorts", batch).await.1, "invalidrecord");
    assert_eq!(read(site.doomed_cohort).await.as_array().unwrap().len(), 1);
    assert_eq!(s.admin("core_cohort_delete_cohorts", json!({"cohortids": [site.doomed_cohort]})).await, Value::Null);
    assert_eq!(read(site.doomed_cohort).await, json!([]));
    let members = cohort_members::Entity::find().filter(cohort_members::Column::Cohortid.eq(site.doomed_cohort));
    assert_eq!(members.count(&s.state.db).await.unwrap(), 0);
    s.stop().await;
}

/// core_course_view_course records the caller's last access to the course, once per user and
/// course; a section must exist, and a hidden one needs `moodle/course:viewhiddensections`.
#[tokio::test]
async fn viewing_a_course_records_the_last_access() {
    let s = TestServer::start().await;
    let site = Site::build(&s).await;
    let db = &s.state.db;
    let view = |section: i64| json!({"courseid": site.course_a, "sectionnumber": section});
    let accesses = || async {
        user_lastaccess::Entity::find()
            .filter(user_lastaccess::Column::Userid.eq(site.student_a))
            .filter(user_lastaccess::Column::Courseid.eq(site.course_a))
            .all(db)
            .await
            .unwrap()
    };
    assert!(accesses().await.is_empty());
    let (status, body) = s.call(&site.t_student_a, "core_course_view_course", view(0)).await;
    assert_eq!((status, &body), (200, &json!({"status": true, "warnings": []})));
    let first = accesses().await;
    assert!(first.len() == 1 && first[0].timeaccess > 0, "{first:?}");
    let again = s.rest_json(&site.t_student_a, "core_course_view_course", &view(1)).await;
    assert_eq!(again, json!({"status": true, "warnings": []}));
    assert_eq!(accesses().await.len(), 1, "one row per user and course");

    let (status, body) = s.call(&site.t_student_a, "core_course_view_course", view(99)).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("sectionnotexist")), "{body}");
    assert_eq!(body["message"], "This section does not exist");
    // A hidden section: its teacher may view it, a student may not.
    course_sections::Entity::update_many()
        .col_expr(course_sections::Column::Visible, sea_orm::sea_query::Expr::value(0))
        .filter(course_sections::Column::Course.eq(site.course_a))
        .filter(course_sections::Column::Section.eq(2))
        .exec(db)
        .await
        .unwrap();
    let (status, body) = s.call(&site.t_student_a, "core_course_view_course", view(2)).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");
    let (status, body) = s.call(&site.t_teacher_a, "core_course_view_course", view(2)).await;
    assert_eq!(status, 200, "{body}");
    s.stop().await;
}

/// Rows that still point at a course, or at a context that no longer exists.
async fn orphans(s: &TestServer, courseid: i64) -> Vec<String> {
    let db = &s.state.db;
    let contexts: Vec<i64> = context::Entity::find().all(db).await.unwrap().into_iter().map(|c| c.id).collect();
    let enrols: Vec<i64> = enrol::Entity::find().all(db).await.unwrap().into_iter().map(|e| e.id).collect();
    let groups_ids: Vec<i64> = groups::Entity::find().all(db).await.unwrap().into_iter().map(|g| g.id).collect();
    let mut found = Vec::new();
    let n = context::Entity::find()
        .filter(context::Column::Contextlevel.eq(contextlevel::COURSE))
        .filter(context::Column::Instanceid.eq(courseid))
        .count(db)
        .await
        .unwrap();
    if n > 0 {
        found.push(format!("{n} course contexts"));
    }
    for (what, n) in [
        ("enrol", enrol::Entity::find().filter(enrol::Column::Courseid.eq(courseid)).count(db).await.unwrap()),
        ("groups", groups::Entity::find().filter(groups::Column::Courseid.eq(courseid)).count(db).await.unwrap()),
        (
            "course_sections",
            course_sections::Entity::find()
                .filter(course_sections::Column::Course.eq(courseid))
                .count(db)
                .await
                .unwrap(),
        ),
        (
            "user_lastaccess",
            user_lastaccess::Entity::find()
                .filter(user_lastaccess::Column::Courseid.eq(courseid))
                .count(db)
                .await
                .unwrap(),
        ),
        (
            "role_assignments",
            role_assignments::Entity::find()
                .filter(role_assignments::Column::Contextid.is_not_in(contexts.clone()))
                .count(db)
                .await
                .unwrap(),
        ),
        (
            "user_enrolments",
            user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Enrolid.is_not_in(enrols.clone()))
                .count(db)
                .await
                .unwrap(),
        ),
        (
            "groups_members",
            groups_members::Entity::find()
                .filter(groups_members::Column::Groupid.is_not_in(groups_ids.clone()))
                .count(db)
                .await
                .unwrap(),
        ),
    ] {
        if n > 0 {
            found.push(format!("{n} {what}"));
        }
    }
    found
}

#[tokio::test]
async fn deletions_leave_no_orphans() {
    let s = TestServer::start().await;
    let site = Site::build(&s).await;
    s.admin("core_group_add_group_members", json!({"members": [{"groupid": site.group_a, "userid": site.target}]}))
        .await;
    s.call(&site.t_student_a, "core_course_view_course", json!({"courseid": site.course_a})).await;

    // A course with teachers, students, groups, sections and last accesses.
    let warnings = s.admin("core_course_delete_courses", json!({"courseids": [site.course_a]})).await;
    assert_eq!(warnings["warnings"], json!([]));
    assert_eq!(orphans(&s, site.course_a).await, Vec::<String>::new());
    let (_, body) =
        s.call(&site.t_teacher_a, "core_enrol_get_enrolled_users", json!({"courseid": site.course_a})).await;
    assert_eq!(body["errorcode"], "invalidrecord");

    // A category tree, recursively, with a course (and its enrolments) inside.
    s.admin(
        "enrol_manual_enrol_users",
        json!({"enrolments": [{"userid": site.target, "courseid": site.course_c, "roleid": STUDENT}]}),
    )
    .await;
    s.admin("core_course_delete_categories", json!({"categories": [{"id": site.cat, "recursive": true}]})).await;
    for c in [site.course_b, site.course_c, site.spare_course] {
        assert_eq!(orphans(&s, c).await, Vec::<String>::new(), "course {c}");
    }
    let db = &s.state.db;
    for cat in [site.cat, site.subcat] {
        assert!(course_categories::Entity::find_by_id(cat).one(db).await.unwrap().is_none());
        let ctx = context::Entity::find()
            .filter(context::Column::Contextlevel.eq(contextlevel::COURSECAT))
            .filter(context::Column::Instanceid.eq(cat))
            .count(db)
            .await
            .unwrap();
        assert_eq!(ctx, 0);
    }

    // A category whose contents move to another one.
    let made =
        s.admin("core_course_create_categories", json!({"categories": [{"name": "Old"}, {"name": "New"}]})).await;
    let (old, new) = (made[0]["id"].as_i64().unwrap(), made[1]["id"].as_i64().unwrap());
    let c = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [{"fullname": "Moving", "shortname": "MOV", "categoryid": old}]}),
        )
        .await;
    let moving = c[0]["id"].as_i64().unwrap();
    s.admin("core_course_delete_categories", json!({"categories": [{"id": old, "newparent": new}]})).await;
    let got = s.admin("core_course_get_courses", json!({"options": {"ids": [moving]}})).await;
    assert_eq!(got[0]["categoryid"], new);
    let cats =
        s.admin("core_course_get_categories", json!({"criteria": [{"key": "id", "value": new.to_string()}]})).await;
    assert_eq!(cats[0]["coursecount"], 1);

    // A user: memberships and role assignments go with them.
    s.admin("core_cohort_add_cohort_members", json!({"members": [{"cohorttype": {"type": "id", "value": site.cohort.to_string()}, "usertype": {"type": "id", "value": site.target.to_string()}}]})).await;
    s.admin("core_user_delete_users", json!({"userids": [site.target]})).await;
    let left =
        cohort_members::Entity::find().filter(cohort_members::Column::Userid.eq(site.target)).count(db).await.unwrap()
            + role_assignments::Entity::find()
                .filter(role_assignments::Column::Userid.eq(site.target))
                .count(db)
                .await
                .unwrap()
            + user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Userid.eq(site.target))
                .count(db)
                .await
                .unwrap();
    assert_eq!(left, 0);
    s.stop().await;
}

/// A batch of cohort members is looked up a chunk at a time, whatever its size: every member in
/// order gets Moodle's answer (added, `2` unknown, `3` already a member, including a repeat within
/// the batch), and the members are added.
#[tokio::test]
async fn cohort_members_in_large_batches() {
    let s = TestServer::start().await;
    let ann = s.create_user("ann").await;
    let bob = s.create_user("bob").await;
    let cohort = s
        .admin(
            "core_cohort_create_cohorts",
            json!({"cohorts": [{"categorytype": {"type": "system", "value": ""}, "name": "Big", "idnumber": "BIG"}]}),
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let member = |ct: &str, cv: String, ut: &str, uv: String| json!({"cohorttype": {"type": ct, "value": cv}, "usertype": {"type": ut, "value": uv}});
    let mut members = vec![member("idnumber", "BIG".into(), "username", "ann".into())];
    // More unknown users than one lookup takes, then bob by id and ann again.
    members.extend((0..1_200).map(|i| member("id", cohort.to_string(), "username", format!("ghost{i}"))));
    members.push(member("id", cohort.to_string(), "id", bob.to_string()));
    members.push(member("id", cohort.to_string(), "id", ann.to_string()));
    members.push(member("idnumber", "NOPE".into(), "id", bob.to_string()));
    let answer = s.admin("core_cohort_add_cohort_members", json!({"members": members})).await;
    let warnings = answer["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1_202, "{}", warnings[0]);
    assert_eq!(warnings[0], json!({"warningcode": "2", "message": "user username=ghost0 not exists"}));
    assert_eq!(warnings[1_200]["message"], format!("record already exists: cohort(id={cohort} id={ann})"));
    assert_eq!(warnings[1_201]["message"], "cohort idnumber=NOPE not exists");
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let rows = lmsgate_entities::cohort_members::Entity::find()
        .filter(lmsgate_entities::cohort_members::Column::Cohortid.eq(cohort))
        .order_by_asc(lmsgate_entities::cohort_members::Column::Userid)
        .all(&s.state.db)
        .await
        .unwrap();
    assert_eq!(rows.iter().map(|m| m.userid).collect::<Vec<_>>(), [ann, bob]);
}
