//! Functions beyond their catalogue row (`catalogue.rs`): all-or-nothing writes, limits, query
//! plans; and the catalogue, the typed operations and the spec agree.
use crate::common;

use std::collections::BTreeSet;

use common::site::Site;
use common::{PASSWORD, SendJson, TestServer};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use lmsgate_entities::{context, user};

#[tokio::test]
async fn create_users_is_all_or_nothing() {
    let s = TestServer::start().await;
    let before = user::Entity::find().count(&s.state.db).await.unwrap();
    let user = |name: &str, email: &str| json!({"username": name, "password": PASSWORD, "firstname": "A", "lastname": "B", "email": email});
    let cases = [
        (
            json!({"users": [user("one", "one@x.org"), user("two", "not-an-email")]}),
            400,
            "users[1].email: Email address is invalid",
        ),
        (
            json!({"users": [user("one", "one@x.org"), user("one", "other@x.org")]}),
            409,
            "users[1].username: Username already exists: one",
        ),
        (
            json!({"users": [user("one", "dup@x.org"), user("two", "DUP@x.org")]}),
            409,
            "users[1].email: Email address already exists",
        ),
        (
            json!({"users": [user("one", "one@x.org"), {"username": "two", "password": "weak", "firstname": "A", "lastname": "B", "email": "two@x.org"}]}),
            400,
            "users[1].password: Passwords must be at least 8",
        ),
        (
            json!({"users": [{"username": "two", "firstname": "A", "lastname": "B", "email": "two@x.org"}]}),
            400,
            "users[0].password: Invalid password",
        ),
        (
            json!({"users": [{"username": "two", "password": PASSWORD, "firstname": " ", "lastname": "B", "email": "two@x.org"}]}),
            400,
            "users[0].firstname: The field firstname cannot be blank",
        ),
        (
            json!({"users": [{"username": "two", "password": PASSWORD, "firstname": "<b>A</b>", "lastname": "B", "email": "two@x.org"}]}),
            400,
            "users[0].firstname: ",
        ),
        (
            json!({"users": [{"username": "two", "password": PASSWORD, "firstname": "A", "lastname": "B", "email": "two@x.org", "auth": "ldap"}]}),
            400,
            "users[0].auth: Invalid authentication type: ldap",
        ),
        (
            json!({"users": [{"username": "two", "password": PASSWORD, "firstname": "A", "lastname": "B", "email": "two@x.org", "lang": "xx"}]}),
            400,
            "users[0].lang: Invalid language code: xx",
        ),
        (
            json!({"users": [{"username": "two", "password": PASSWORD, "firstname": "A", "lastname": "B", "email": "two@x.org", "shoe": 1}]}),
            400,
            "users[0]: Unexpected keys (shoe)",
        ),
    ];
    for (params, status, debuginfo) in cases {
        let (got, body) = s.call(&s.admin_token, "core_user_create_users", params).await;
        assert_eq!((got, body["errorcode"].as_str()), (status, Some("invalidparameter")), "{body}");
        assert!(body["debuginfo"].as_str().unwrap().starts_with(debuginfo), "{body}");
    }
    assert_eq!(user::Entity::find().count(&s.state.db).await.unwrap(), before, "nothing written");
    s.stop().await;
}

#[tokio::test]
async fn update_users_warnings_and_changes() {
    let s = TestServer::start().await;
    let a = s.create_user("usera").await;
    let b = s.create_user("userb").await;
    let body = s
        .admin(
            "core_user_update_users",
            json!({"users": [
                {"id": a, "firstname": "Renamed", "suspended": true},
                {"id": 99999, "city": "x"},
                {"id": b, "email": "usera@example.org"},
                {"id": 1, "city": "x"},
                {"id": b, "email": "bad address"},
            ]}),
        )
        .await;
    let codes: Vec<&str> =
        body["warnings"].as_array().unwrap().iter().map(|w| w["warningcode"].as_str().unwrap()).collect();
    assert_eq!(codes, ["invaliduserid", "useremailduplicate", "usernotupdatedguest", "useremailinvalid"]);
    assert_eq!(body["warnings"][0]["item"], "user");
    assert_eq!(body["warnings"][0]["itemid"], 99999);
    let got = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [a.to_string()]})).await;
    assert_eq!(got[0]["firstname"], "Renamed");
    assert_eq!(got[0]["suspended"], true);
    // A suspended user's login and tokens stop working.
    assert_eq!(s.login("usera", PASSWORD, "moodle_mobile_app").await["errorcode"], "invalidlogin");
    s.stop().await;
}

#[tokio::test]
async fn delete_users_rules_and_cleanup() {
    let s = TestServer::start().await;
    let a = s.create_user("usera").await;
    let b = s.create_user("userb").await;
    let token_b = s.token_for(b, "moodle_mobile_app").await;
    // Unknown id: nothing is deleted.
    let (status, body) = s.call(&s.admin_token, "core_user_delete_users", json!({"userids": [a, 424242]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("invaliduser")), "{body}");
    let (status, body) = s.call(&s.admin_token, "core_user_delete_users", json!({"userids": [2]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("useradminodelete")), "{body}");
    assert_eq!(user::Entity::find_by_id(a).one(&s.state.db).await.unwrap().unwrap().deleted, 0);

    let body = s.admin("core_user_delete_users", json!({"userids": [a, b]})).await;
    assert!(body.is_null());
    let row = user::Entity::find_by_id(b).one(&s.state.db).await.unwrap().unwrap();
    assert_eq!(row.deleted, 1);
    assert_ne!(row.email, "userb@example.org");
    let ctx = context::Entity::find()
        .filter(context::Column::Contextlevel.eq(30))
        .filter(context::Column::Instanceid.eq(b))
        .count(&s.state.db)
        .await
        .unwrap();
    assert_eq!(ctx, 0, "no orphan user context");
    let (status, _) = s.call(&token_b, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(status, 401, "deleted user's tokens are gone");
    // Deleting again: the user is already deleted.
    let (status, body) = s.call(&s.admin_token, "core_user_delete_users", json!({"userids": [a]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (404, Some("invaliduser")));
    s.stop().await;
}

#[tokio::test]
async fn get_users_criteria_and_visibility() {
    let s = TestServer::start().await;
    s.create_user("carol").await;
    let dave = s.create_user("dave").await;
    let body = s.admin("core_user_get_users", json!({"criteria": [{"key": "email", "value": "%@EXAMPLE.org"}]})).await;
    let names: Vec<&str> = body["users"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["carol", "dave"]);
    let body = s
        .admin(
            "core_user_get_users",
            json!({"criteria": [{"key": "lastname", "value": "dave"}, {"key": "shoesize", "value": "9"}]}),
        )
        .await;
    assert_eq!(body["users"].as_array().unwrap().len(), 1);
    assert_eq!(body["warnings"][0]["warningcode"], "invalidfieldparameter");
    let (status, body) = s
        .call(
            &s.admin_token,
            "core_user_get_users",
            json!({"criteria": [{"key": "id", "value": "1"}, {"key": "id", "value": "2"}]}),
        )
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("keyalreadyset")));
    // A plain user sees only themselves: fully, and nobody else.
    let token = s.token_for(dave, "moodle_mobile_app").await;
    let (status, body) = s
        .call(
            &token,
            "core_user_get_users_by_field",
            json!({"field": "username", "values": ["dave", "carol", "admin"]}),
        )
        .await;
    assert_eq!(status, 200);
    let users = body.as_array().unwrap();
    assert_eq!(users.len(), 1, "{body}");
    assert_eq!(users[0]["email"], "dave@example.org");
    // Optional fields are absent, never null.
    let admin_view =
        s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [dave.to_string()]})).await;
    assert!(admin_view[0].as_object().unwrap().values().all(|v| !v.is_null()));
    assert!(admin_view[0].get("address").is_none());
    let (status, body) =
        s.call(&token, "core_user_get_users_by_field", json!({"field": "username", "values": ["Dave"]})).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    s.stop().await;
}

#[tokio::test]
async fn catalogue_operations_and_spec_list_the_same_functions() {
    let s = TestServer::start().await;
    let spec: Value = s.http.get(format!("{}/openapi.json", s.base)).send_json().await;
    let mut in_spec = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        if path.starts_with("/files/") {
            // The upload/download twins: transfers, not catalogued functions.
            let op = item.as_object().unwrap().values().next().unwrap();
            assert!(op["security"].is_array() && op["responses"]["404"].is_object(), "{path}");
            continue;
        }
        let op = &item["post"];
        let id = op["operationId"].as_str().unwrap();
        assert_eq!(path, &format!("/{id}"), "path is the function name");
        assert!(op["security"].is_array(), "{id} declares security");
        for status in ["200", "400", "401", "403", "404", "409"] {
            assert!(op["responses"][status].is_object(), "{id} declares {status}");
        }
        assert!(op["x-lmsgate-capabilities"].is_array() && op["x-lmsgate-kind"].is_string());
        let example = &op["requestBody"]["content"]["application/json; charset=utf-8"]["example"];
        assert!(example.is_object(), "{id} has an example");
        in_spec.insert(id.to_string());
    }
    let catalogued: BTreeSet<String> = common::catalogue().iter().map(|e| e.info.name.to_string()).collect();
    assert_eq!(in_spec, catalogued);
    // Every catalogued function is also reachable as a typed operation.
    for name in &catalogued {
        let (status, _) = s.call("nope", name, json!({})).await;
        assert_eq!(status, 401, "{name} is routed");
    }
    // The all_functions service holds them all.
    let info = s.admin("core_webservice_get_site_info", json!({})).await;
    let functions: BTreeSet<String> =
        info["functions"].as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(functions, catalogued);
    let ui = s.http.get(format!("{}/docs/", s.base)).send().await.unwrap();
    assert_eq!(ui.status().as_u16(), 200);
    assert!(ui.text().await.unwrap().contains("swagger"));
    let yaml = s.http.get(format!("{}/openapi.yaml", s.base)).send().await.unwrap().text().await.unwrap();
    assert!(yaml.contains("core_user_create_users"));
    s.stop().await;
}

#[tokio::test]
async fn wrong_content_type_and_bad_json() {
    let s = TestServer::start().await;
    let url = format!("{}/api/v1/core_webservice_get_site_info", s.base);
    let res = s
        .http
        .post(&url)
        .bearer_auth(&s.admin_token)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 415);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "invalidparameter");
    let res = s
        .http
        .post(&url)
        .bearer_auth(&s.admin_token)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let body: Value = res.json().await.unwrap();
    assert!(body["debuginfo"].as_str().unwrap().contains("not valid JSON"));
    s.stop().await;
}

/// Every function's example arguments (shown in the spec and Swagger UI) pass its own parameter
/// parser, so an example copied from the docs is never refused as malformed.
#[test]
fn every_example_passes_the_parameter_parser() {
    for e in common::catalogue() {
        let example: Value =
            serde_json::from_str(e.info.example).unwrap_or_else(|err| panic!("{}: {err}", e.info.name));
        (e.parse_params)(example).unwrap_or_else(|err| panic!("{}: {:?}", e.info.name, err.debuginfo));
    }
}

/// No list passes `limits.max_list_results` (3 here): answers with warnings are cut and say so,
/// bare lists are refused with `toomanyresults`, paged functions page; and who may see which users
/// is decided before the limit, so a caller sees only users they may see.
#[tokio::test]
async fn lists_stop_at_the_maximum() {
    let mut config = common::test_config();
    config.limits.max_list_results = 3;
    let s = TestServer::start_with(config).await;
    let course = |name: &str| json!({"fullname": format!("Course {name}"), "shortname": name, "categoryid": 1});
    let made = s
        .admin(
            "core_course_create_courses",
            json!({"courses": [course("L1"), course("L2"), course("L3"), course("L4")]}),
        )
        .await;
    let courses: Vec<i64> = made.as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    let mut users = Vec::new();
    for i in 1..=5 {
        users.push(s.create_user(&format!("list{i}")).await);
    }
    let loner = s.create_user("loner").await;
    let mut enrolments: Vec<Value> =
        users.iter().map(|u| json!({"userid": u, "courseid": courses[0], "roleid": common::site::STUDENT})).collect();
    enrolments.extend(
        courses[1..].iter().map(|c| json!({"userid": users[0], "courseid": c, "roleid": common::site::STUDENT})),
    );
    enrolments.push(json!({"userid": users[4], "courseid": courses[0], "roleid": common::site::EDITINGTEACHER}));
    s.admin("enrol_manual_enrol_users", json!({"enrolments": enrolments})).await;
    let refused = |(status, body): (u16, Value)| {
        assert_eq!((status, body["errorcode"].as_str()), (400, Some("toomanyresults")), "{body}");
    };

    // core_user_get_users: cut with a warning; a user without capabilities sees only themselves.
    let found = s.admin("core_user_get_users", json!({"criteria": [{"key": "email", "value": "%"}]})).await;
    assert_eq!(found["users"].as_array().unwrap().len(), 3);
    assert_eq!(found["warnings"][0]["warningcode"], "toomanyresults");
    let (_, mine) = s
        .call(
            &s.token_for(loner, "all_functions").await,
            "core_user_get_users",
            json!({"criteria": [{"key": "email", "value": "%"}]}),
        )
        .await;
    assert_eq!(
        mine["users"].as_array().map(|u| u.iter().map(|u| u["id"].as_i64().unwrap()).collect::<Vec<_>>()),
        Some(vec![loner]),
        "{mine}"
    );
    assert_eq!(mine["warnings"], json!([]));

    // core_enrol_get_enrolled_users: pages; without a page, too many is refused.
    refused(s.call(&s.admin_token, "core_enrol_get_enrolled_users", json!({"courseid": courses[0]})).await);
    let page =
        |options: Value| s.admin("core_enrol_get_enrolled_users", json!({"courseid": courses[0], "options": options}));
    let ids = |v: Value| v.as_array().unwrap().iter().map(|u| u["id"].as_i64().unwrap()).collect::<Vec<_>>();
    let limit = |from: u64, n: u64| json!([{"name": "limitfrom", "value": from.to_string()}, {"name": "limitnumber", "value": n.to_string()}]);
    assert_eq!(ids(page(limit(0, 2)).await), users[0..2]);
    assert_eq!(ids(page(limit(4, 2)).await), users[4..5]);
    let (status, body) = s
        .call(&s.admin_token, "core_enrol_get_enrolled_users", json!({"courseid": courses[0], "options": limit(0, 4)}))
        .await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    let teachers = page(json!([{"name": "withcapability", "value": "moodle/course:update"}])).await;
    assert_eq!(ids(teachers), vec![users[4]]);

    // Courses and categories.
    refused(s.call(&s.admin_token, "core_course_get_courses", json!({})).await);
    let by_field = s.admin("core_course_get_courses_by_field", json!({})).await;
    assert_eq!(by_field["courses"].as_array().unwrap().len(), 3);
    assert_eq!(by_field["warnings"][0]["warningcode"], "toomanyresults");
    let all = s.admin("core_course_search_courses", json!({"criterianame": "search", "criteriavalue": "Course"})).await;
    assert_eq!((all["total"].as_i64(), all["courses"].as_array().unwrap().len()), (Some(4), 3));
    assert_eq!(all["warnings"][0]["warningcode"], "toomanyresults");
    let second = s
        .admin(
            "core_course_search_courses",
            json!({"criterianame": "search", "criteriavalue": "Course", "page": 1, "perpage": 2}),
        )
        .await;
    assert_eq!(
        second["courses"].as_array().unwrap().iter().map(|c| c["shortname"].as_str().unwrap()).collect::<Vec<_>>(),
        ["L3", "L4"]
    );
    assert_eq!(second["total"], 4);
    refused(s.call(&s.admin_token, "core_enrol_get_users_courses", json!({"userid": users[0]})).await);
    let theirs = s.admin("core_enrol_get_users_courses", json!({"userid": users[1], "returnusercount": true})).await;
    assert_eq!(theirs[0]["enrolledusercount"], 5, "{theirs}");
    s.admin("core_course_create_categories", json!({"categories": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}))
        .await;
    refused(s.call(&s.admin_token, "core_course_get_categories", json!({})).await);
    s.stop().await;
}

/// Every statement every catalogued function runs (its allowed call in the table of
/// `common::site`) is served by indexes: none reads a large table (users, courses, enrolments,
/// role assignments, contexts, the log) whole. Plans are checked on SQLite and PostgreSQL.
#[tokio::test]
async fn every_query_of_every_function_uses_an_index() {
    let (s, statements) = TestServer::start_recording().await;
    // The check itself finds a scan where there is one.
    let backend = s.state.db.get_database_backend();
    let unindexed = sea_orm::Statement::from_string(backend, "SELECT id FROM \"user\" WHERE lastip = 'x'");
    if backend != sea_orm::DatabaseBackend::MySql {
        assert_eq!(common::plans::full_scans(&s.state.db, &unindexed).await.len(), 1);
    }
    let site = Site::build(&s).await;
    let mut scans = Vec::new();
    let mut counted = Vec::new();
    for case in site.cases() {
        statements.take();
        let (status, body) = s.call(case.allowed, case.function, case.params.clone()).await;
        assert!(status == 200 || case.always_fails.is_some(), "{}: {body}", case.function);
        let run = statements.take();
        counted.push(format!("{} {}", case.function, run.len()));
        for statement in &run {
            for scan in common::plans::full_scans(&s.state.db, statement).await {
                scans.push(format!("{}: {scan}\n    {}", case.function, statement.sql));
            }
        }
    }
    eprintln!("statements per call: {}", counted.join(", "));
    assert!(scans.is_empty(), "full scans of large tables:\n{}", scans.join("\n"));
    s.stop().await;
}

/// Per-call cost, counted (not timed): once warm, the token, its service and functions, site
/// settings, roles and permissions come from memory, so site info runs at most one statement and
/// a user by id at most two, on the typed API and on Moodle REST alike.
#[tokio::test]
async fn warm_calls_run_few_statements() {
    let (s, statements) = TestServer::start_recording().await;
    let rest = format!("{}/webservice/rest/server.php", s.base);
    for (function, params, form, most) in [
        ("core_webservice_get_site_info", json!({}), vec![], 1),
        (
            "core_user_get_users_by_field",
            json!({"field": "id", "values": ["2"]}),
            vec![("field", "id"), ("values[0]", "2")],
            2,
        ),
    ] {
        for _ in 0..2 {
            assert_eq!(s.call(&s.admin_token, function, params.clone()).await.0, 200);
        }
        statements.take();
        assert_eq!(s.call(&s.admin_token, function, params.clone()).await.0, 200);
        let typed: Vec<String> = statements.take().into_iter().map(|st| st.sql).collect();
        assert!(typed.len() <= most, "{function} (typed) ran {}: {typed:#?}", typed.len());
        let mut args =
            vec![("wstoken", s.admin_token.as_str()), ("wsfunction", function), ("moodlewsrestformat", "json")];
        args.extend(form);
        let body = s.http.post(&rest).form(&args).send_json().await;
        assert!(body.get("exception").is_none(), "{body}");
        let moodle: Vec<String> = statements.take().into_iter().map(|st| st.sql).collect();
        assert!(moodle.len() <= most, "{function} (REST) ran {}: {moodle:#?}", moodle.len());
    }
    s.stop().await;
}
