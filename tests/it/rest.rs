//! `/webservice/rest/server.php`: bracket decoding, strict coercion, JSON and XML results and
//! errors, headers, the 403 when REST is off, and a fuzz test that nothing makes it fail.
use crate::common;

use common::{PASSWORD, SendJson, TestServer};
use serde_json::{Value, json};

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

impl TestServer {
    async fn rest_raw(&self, query: &[(&str, &str)], body: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(format!("{}/webservice/rest/server.php", self.base))
            .query(query)
            .form(&form(body))
            .send()
            .await
            .unwrap()
    }

    async fn rest(&self, token: &str, function: &str, args: &[(&str, &str)]) -> Value {
        let res =
            self.rest_raw(&[("wstoken", token), ("wsfunction", function), ("moodlewsrestformat", "json")], args).await;
        assert_eq!(res.status().as_u16(), 200);
        res.json().await.unwrap()
    }

    async fn rest_xml(&self, token: &str, function: &str, args: &[(&str, &str)]) -> String {
        let res = self.rest_raw(&[("wstoken", token), ("wsfunction", function)], args).await;
        assert_eq!(res.status().as_u16(), 200);
        assert_eq!(res.headers()["content-type"], "application/xml; charset=utf-8");
        res.text().await.unwrap()
    }
}

#[tokio::test]
async fn functions_in_json_with_bracket_arguments() {
    let s = TestServer::start().await;
    let t = s.admin_token.clone();
    let created = s
        .rest(
            &t,
            "core_user_create_users",
            &[
                ("users[0][username]", "ann"),
                ("users[0][password]", PASSWORD),
                ("users[0][firstname]", "Ann"),
                ("users[0][lastname]", "Lee"),
                ("users[0][email]", "ann@example.org"),
                ("users[0][preferences][0][type]", "htmleditor"),
                ("users[0][preferences][0][value]", "atto"),
                ("users[1][username]", "bob"),
                ("users[1][password]", PASSWORD),
                ("users[1][firstname]", "Bob"),
                ("users[1][lastname]", "Ray"),
                ("users[1][email]", "bob@example.org"),
            ],
        )
        .await;
    assert_eq!(created[0]["username"], "ann");
    assert_eq!(created[1]["username"], "bob");
    let (ann, bob) = (created[0]["id"].as_i64().unwrap(), created[1]["id"].as_i64().unwrap());
    // `[]` appends; list keys are ignored and first-appearance order is kept.
    let found = s
        .rest(
            &t,
            "core_user_get_users_by_field",
            &[("field", "id"), ("values[]", &bob.to_string()), ("values[]", &ann.to_string())],
        )
        .await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    let found = s
        .rest(&t, "core_user_get_users", &[("criteria[0][key]", "email"), ("criteria[0][value]", "%@example.org")])
        .await;
    assert_eq!(found["users"].as_array().unwrap().len(), 2, "{found}");
    assert_eq!(found["warnings"], json!([]));
    let updated =
        s.rest(&t, "core_user_update_users", &[("users[0][id]", &ann.to_string()), ("users[0][suspended]", "1")]).await;
    assert_eq!(updated, json!({"warnings": []}));
    let info = s.rest(&t, "core_webservice_get_site_info", &[]).await;
    assert_eq!(info["username"], "admin");
    // Keys come in the order of the return description, as Moodle's do.
    let keys: Vec<&String> = info.as_object().unwrap().keys().take(3).collect();
    assert_eq!(keys, ["sitename", "username", "firstname"]);
    // A function without a return value answers null.
    let deleted = s.rest(&t, "core_user_delete_users", &[("userids[0]", &ann.to_string())]).await;
    assert!(deleted.is_null());
    s.stop().await;
}

#[tokio::test]
async fn strict_scalars() {
    let s = TestServer::start().await;
    s.set_config("wsdebuginfo", "1").await; // the failing field, named
    let t = s.admin_token.clone();
    let id = s.create_user("carl").await.to_string();
    for (args, field) in [
        (vec![("userids[0]", "007")], "userids[0]"),
        (vec![("userids[0]", " 5")], "userids[0]"),
        (vec![("userids[0]", "5.0")], "userids[0]"),
        (vec![("userids[0]", "")], "userids[0]"),
        (vec![("userids", "5")], "userids"),
    ] {
        let res = s.rest(&t, "core_user_delete_users", &args).await;
        assert_eq!(res["errorcode"], "invalidparameter", "{args:?}: {res}");
        assert!(res["debuginfo"].as_str().unwrap().starts_with(field), "{res}");
    }
    let res = s.rest(&t, "core_user_update_users", &[("users[0][id]", &id), ("users[0][suspended]", "true")]).await;
    assert_eq!(res["errorcode"], "invalidparameter");
    assert!(res["debuginfo"].as_str().unwrap().contains("expecting \"bool\""), "{res}");
    let res = s.rest(&t, "core_user_get_users_by_field", &[("field", "id"), ("values[0][x]", "1")]).await;
    assert!(res["debuginfo"].as_str().unwrap().starts_with("values[0]: Scalar type expected"), "{res}");
    let res = s.rest(&t, "core_user_get_users_by_field", &[("field", "id"), ("values[0]", "1"), ("shoe", "9")]).await;
    assert!(res["debuginfo"].as_str().unwrap().contains("Unexpected keys (shoe)"), "{res}");
    s.stop().await;
}

#[tokio::test]
async fn xml_results_list_every_described_key() {
    let s = TestServer::start().await;
    let t = s.admin_token.clone();
    let id = s.create_user("dora").await.to_string();
    let xml = s.rest_xml(&t, "core_user_get_users_by_field", &[("field", "id"), ("values[0]", &id)]).await;
    assert!(
        xml.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n<MULTIPLE>\n<SINGLE>\n<KEY name=\"id\"><VALUE>"
        ),
        "{xml}"
    );
    assert!(xml.contains("<KEY name=\"username\"><VALUE>dora</VALUE>\n</KEY>\n"));
    assert!(xml.contains("<KEY name=\"address\"><VALUE null=\"null\"/>\n</KEY>\n"), "absent key as null");
    assert!(xml.contains("<KEY name=\"suspended\"><VALUE>0</VALUE>\n</KEY>\n"), "booleans as 0/1");
    assert!(xml.ends_with("</SINGLE>\n</MULTIPLE>\n</RESPONSE>\n"));
    let keys: Vec<&str> = xml
        .match_indices("<KEY name=\"")
        .map(|(i, _)| &xml[i + 11..i + 11 + xml[i + 11..].find('"').unwrap()])
        .collect();
    assert_eq!(&keys[..4], ["id", "username", "firstname", "lastname"], "description order");
    let xml = s.rest_xml(&t, "core_user_delete_users", &[("userids[0]", &id)]).await;
    assert_eq!(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<RESPONSE>\n</RESPONSE>\n");
    let xml = s.rest_xml(&t, "core_user_update_users", &[("users[0][id]", "99999")]).await;
    assert!(
        xml.contains("<KEY name=\"warnings\"><MULTIPLE>\n<SINGLE>\n<KEY name=\"item\"><VALUE>user</VALUE>"),
        "{xml}"
    );
    s.stop().await;
}

#[tokio::test]
async fn errors_in_json_and_xml_with_moodles_headers() {
    let s = TestServer::start().await;
    let plain = s.create_user("plain").await;
    let plain_token = s.token_for(plain, "all_functions").await;
    let t = s.admin_token.clone();
    type Case<'a> = (String, &'a str, Vec<(&'a str, &'a str)>, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        ("bad".into(), "core_webservice_get_site_info", vec![], "invalidtoken", "core\\exception\\moodle_exception"),
        (t.clone(), "no_such_function", vec![], "invalidrecord", "dml_missing_record_exception"),
        (t.clone(), "", vec![], "invalidparameter", "core\\exception\\invalid_parameter_exception"),
        (
            t.clone(),
            "core_user_delete_users",
            vec![("userids[0]", "424242")],
            "invaliduser",
            "dml_missing_record_exception",
        ),
        (
            plain_token.clone(),
            "core_user_delete_users",
            vec![("userids[0]", "2")],
            "nopermissions",
            "core\\exception\\required_capability_exception",
        ),
    ];
    for (token, function, args, code, class) in cases {
        let res =
            s.rest_raw(&[("wstoken", &token), ("wsfunction", function), ("moodlewsrestformat", "json")], &args).await;
        assert_eq!(res.status().as_u16(), 200);
        let h = res.headers();
        assert_eq!(h["content-type"], "application/json");
        assert_eq!(h["access-control-allow-origin"], "*");
        assert_eq!(h["cache-control"], "private, must-revalidate, pre-check=0, post-check=0, max-age=0");
        assert_eq!(h["expires"], "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(h["pragma"], "no-cache");
        assert_eq!(h["accept-ranges"], "none");
        let body: Value = res.json().await.unwrap();
        assert_eq!((body["errorcode"].as_str(), body["exception"].as_str()), (Some(code), Some(class)), "{body}");
        let xml = s.rest_xml(&token, function, &args).await;
        assert!(
            xml.contains(&format!("<EXCEPTION class=\"{class}\">\n<ERRORCODE>{code}</ERRORCODE>\n<MESSAGE>")),
            "{xml}"
        );
    }
    // A function outside the token's service.
    let mobile = s.token_for(plain, "moodle_mobile_app").await;
    let body = s.rest(&mobile, "core_user_create_users", &[]).await;
    assert_eq!(
        (body["errorcode"].as_str(), body["exception"].as_str()),
        (Some("accessexception"), Some("webservice_access_exception"))
    );
    // Any format other than json is XML.
    let res = s.rest_raw(&[("wstoken", "bad"), ("wsfunction", "x"), ("moodlewsrestformat", "yaml")], &[]).await;
    assert!(res.text().await.unwrap().contains("<EXCEPTION"));
    s.stop().await;
}

#[tokio::test]
async fn get_post_multipart_and_limits() {
    let s = TestServer::start().await;
    s.set_config("wsdebuginfo", "1").await; // the limits' details, named
    let t = s.admin_token.clone();
    // GET works; POST wins over GET on the same name.
    let url = format!("{}/webservice/rest/server.php", s.base);
    let got: Value = s
        .http
        .get(&url)
        .query(&[
            ("wstoken", t.as_str()),
            ("wsfunction", "core_webservice_get_site_info"),
            ("moodlewsrestformat", "json"),
        ])
        .send_json()
        .await;
    assert_eq!(got["username"], "admin");
    let res = s
        .rest_raw(
            &[("wstoken", "bad"), ("wsfunction", "core_webservice_get_site_info"), ("moodlewsrestformat", "xml")],
            &[("wstoken", &t), ("moodlewsrestformat", "json")],
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["username"], "admin");
    let multipart = reqwest::multipart::Form::new()
        .text("wstoken", t.clone())
        .text("wsfunction", "core_user_get_users_by_field")
        .text("moodlewsrestformat", "json")
        .text("field", "id")
        .text("values[0]", "2");
    let res: Value = s.http.post(&url).multipart(multipart).send_json().await;
    assert_eq!(res[0]["username"], "admin");
    // A base URL ending in a slash gives `//webservice/...`: served all the same.
    let doubled = format!("{}//webservice/rest/server.php", s.base);
    let res: Value = s
        .http
        .post(&doubled)
        .form(&[
            ("wstoken", t.as_str()),
            ("wsfunction", "core_webservice_get_site_info"),
            ("moodlewsrestformat", "json"),
        ])
        .send_json()
        .await;
    assert_eq!(res["username"], "admin", "{res}");
    // Moodle 4.5 needs PHP's max_input_vars at 5000: as many variables are read, not one more.
    let post = |n: usize| {
        let many: Vec<(String, String)> = (0..n).map(|i| (format!("values[{i}]"), "2".to_string())).collect();
        s.http
            .post(&url)
            .query(&[
                ("wstoken", t.as_str()),
                ("wsfunction", "core_user_get_users_by_field"),
                ("moodlewsrestformat", "json"),
                ("field", "id"),
            ])
            .form(&many)
            .send_json()
    };
    let res = post(4999).await;
    assert_eq!(res["debuginfo"], "values: at most 1000 items are allowed, got 4999", "the function judges them: {res}");
    let res = post(5000).await; // and `field`
    assert_eq!(res["errorcode"], "invalidparameter");
    assert!(res["debuginfo"].as_str().unwrap().contains("Too many parameters: 5001 (at most 5000)"), "{res}");
    s.stop().await;
}

#[tokio::test]
async fn disabled_rest_protocol_is_403_with_empty_body() {
    let s = TestServer::start().await;
    s.set_config("webserviceprotocols", "").await;
    let res = s.rest_raw(&[("wstoken", &s.admin_token), ("wsfunction", "core_webservice_get_site_info")], &[]).await;
    assert_eq!(res.status().as_u16(), 403);
    assert!(res.text().await.unwrap().is_empty());
    s.set_config("webserviceprotocols", "rest").await;
    s.set_config("enablewebservices", "0").await;
    let res = s.rest_raw(&[("wstoken", &s.admin_token), ("wsfunction", "core_webservice_get_site_info")], &[]).await;
    assert_eq!(res.status().as_u16(), 403);
    s.stop().await;
}

#[test]
fn fuzzed_forms_never_fail_the_server() {
    use proptest::prelude::*;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt.block_on(TestServer::start());
    let functions = [
        "core_user_create_users",
        "core_user_get_users",
        "core_user_get_users_by_field",
        "core_user_update_users",
        "core_webservice_get_site_info",
    ];
    let key = prop_oneof![
        "[a-z]{1,8}",
        "(users|criteria|values|userids)(\\[[0-9a-z]{0,3}\\]){0,4}",
        "[\\[\\]a-z0-9%.]{0,12}",
    ];
    let pair = (key, "\\PC{0,16}");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 128, ..ProptestConfig::default() });
    runner
        .run(&(0..functions.len(), proptest::collection::vec(pair, 0..12)), |(f, pairs)| {
            let status = rt.block_on(async {
                let res = s
                    .http
                    .post(format!("{}/webservice/rest/server.php", s.base))
                    .query(&[
                        ("wstoken", s.admin_token.as_str()),
                        ("wsfunction", functions[f]),
                        ("moodlewsrestformat", "json"),
                    ])
                    .form(&pairs)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or(json!("not json"));
                (status, body)
            });
            prop_assert_eq!(status.0, 200);
            prop_assert!(
                status.1.get("errorcode").is_none_or(|c| c != "generalexceptionmessage"),
                "internal error: {}",
                status.1
            );
            prop_assert!(status.1 != json!("not json"));
            Ok(())
        })
        .unwrap();
    rt.block_on(s.stop());
}

#[tokio::test]
async fn simple_server_with_username_and_password() {
    let s = TestServer::start().await;
    s.set_config("debug", "15").await; // Moodle's own details, at normal debugging
    let id = s.create_user("wsuser").await;
    let url = format!("{}/webservice/rest/simpleserver.php", s.base);
    let post = |pairs: Vec<(&'static str, &'static str)>| {
        let (http, url) = (s.http.clone(), url.clone());
        async move {
            let mut all = vec![("wsfunction", "core_webservice_get_site_info"), ("moodlewsrestformat", "json")];
            all.extend(pairs);
            http.post(url).form(&all).send_json().await
        }
    };
    let off = post(vec![("wsusername", "wsuser"), ("wspassword", PASSWORD)]).await;
    assert_eq!(off["errorcode"], "accessexception");
    assert_eq!(off["debuginfo"], "The web service authentication plugin is disabled.");
    s.set_config("enablesimplewebservices", "1").await;
    assert_eq!(post(vec![("wspassword", PASSWORD)]).await["errorcode"], "missingusername");
    assert_eq!(post(vec![("wsusername", "wsuser")]).await["errorcode"], "missingpassword");
    // Only accounts with the webservice authentication method may use it.
    assert_eq!(
        post(vec![("wsusername", "wsuser"), ("wspassword", PASSWORD)]).await["errorcode"],
        "wrongusernamepassword"
    );
    s.edit_user(id, |u| u.auth = sea_orm::Set("webservice".into())).await;
    assert_eq!(
        post(vec![("wsusername", "wsuser"), ("wspassword", "wrong")]).await["errorcode"],
        "wrongusernamepassword"
    );
    let ok = post(vec![("wsusername", "wsuser"), ("wspassword", PASSWORD)]).await;
    assert_eq!(ok["username"], "wsuser", "{ok}");
    // No service restricts it, but capabilities still apply.
    let denied = s
        .http
        .post(&url)
        .form(&[
            ("wsfunction", "core_user_delete_users"),
            ("moodlewsrestformat", "json"),
            ("wsusername", "wsuser"),
            ("wspassword", PASSWORD),
            ("userids[0]", "2"),
        ])
        .send_json()
        .await;
    assert_eq!(denied["errorcode"], "nopermissions");
    s.stop().await;
}

/// Every function of the catalogue table, called through server.php in PHP bracket form and
/// answered in XML: a RESPONSE, never an EXCEPTION.
#[tokio::test]
async fn xml_success_for_every_function() {
    let s = TestServer::start().await;
    let site = common::site::Site::build(&s).await;
    let cases = site.cases();
    let listed: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.function).collect();
    let catalogued: std::collections::BTreeSet<&str> = common::catalogue().iter().map(|e| e.info.name).collect();
    assert_eq!(listed, catalogued, "every function has an XML case");
    for case in cases {
        let mut pairs = Vec::new();
        common::php_form("", &case.params, &mut pairs);
        let args: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let xml = s.rest_xml(case.allowed, case.function, &args).await;
        if let Some(code) = case.always_fails {
            assert!(xml.contains(&format!("<ERRORCODE>{code}</ERRORCODE>")), "{}: {xml}", case.function);
            continue;
        }
        assert!(xml.starts_with("<?xml") && xml.contains("<RESPONSE>"), "{}: {xml}", case.function);
        assert!(!xml.contains("<EXCEPTION"), "{}: {xml}", case.function);
    }
    let xml =
        s.rest_xml(&s.admin_token, "core_course_get_courses_by_field", &[("field", "shortname"), ("value", "A")]).await;
    assert!(xml.contains("<KEY name=\"shortname\"><VALUE>A</VALUE>"), "{xml}");
    assert!(xml.contains("<KEY name=\"courseimage\">") || xml.contains("<KEY name=\"sortorder\">"), "{xml}");
    s.stop().await;
}

/// What a backend would refuse never reaches it (run on SQLite, PostgreSQL and MariaDB): a NUL
/// byte is `invalidparameter` naming the field on both APIs; names stop at Moodle's column
/// sizes, declared in the schema; long texts fit whole; and XML carries any stored value.
#[tokio::test]
async fn bad_input_is_refused_before_the_database() {
    let s = TestServer::start().await;
    let student = s.create_user("student1").await;
    let token = s.token_for(student, "moodle_mobile_app").await;
    let search = json!({"criterianame": "search", "criteriavalue": "a\u{0}b"});
    let (status, body) = s.call(&token, "core_course_search_courses", search).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "{body}");
    assert!(body["debuginfo"].as_str().unwrap().starts_with("criteriavalue: "), "{body}");
    let args = [("criterianame", "search"), ("criteriavalue", "a\0b")];
    let body = s.rest(&token, "core_course_search_courses", &args).await;
    assert_eq!(body["errorcode"], "invalidparameter", "{body}");

    let new_user = |first: &str, description: &str| {
        json!({"users": [{"username": "long1", "password": PASSWORD, "firstname": first, "lastname": "L",
                          "email": "long1@example.org", "description": description}]})
    };
    let (status, body) = s.call(&s.admin_token, "core_user_create_users", new_user("a\u{0}", "")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["debuginfo"].as_str().unwrap().starts_with("users[0].firstname: "), "{body}");
    let (status, body) = s.call(&s.admin_token, "core_user_create_users", new_user(&"x".repeat(101), "")).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["debuginfo"], "users[0].firstname: the value is longer than 100 characters");
    // At the limit, in multi-byte characters, with a description longer than MySQL's TEXT.
    let (first, description) = ("é".repeat(100), "d".repeat(100_000));
    let made = s.admin("core_user_create_users", new_user(&first, &description)).await;
    let id = made[0]["id"].as_i64().unwrap();
    let found = s.admin("core_user_get_users_by_field", json!({"field": "id", "values": [id.to_string()]})).await;
    assert_eq!(found[0]["firstname"], first.as_str());
    assert_eq!(found[0]["description"].as_str().map(str::len), Some(100_000));

    // A control character XML cannot carry is left out of the XML answer, which stays well formed.
    s.admin("core_user_update_users", json!({"users": [{"id": id, "firstname": "a\u{1}b"}]})).await;
    let xml = s
        .rest_xml(&s.admin_token, "core_user_get_users_by_field", &[("field", "id"), ("values[0]", &id.to_string())])
        .await;
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML ({e}): {xml}"),
        }
    }
    assert!(xml.contains("<VALUE>ab</VALUE>") && !xml.contains('\u{1}'), "{xml}");
    s.stop().await;
}

/// Error details follow the site's `debug` and `debugdisplay` as Moodle 4.5's do: none when
/// debugging is off; REST `debuginfo` from normal debugging; AJAX and token.php details, and the
/// message's ` (<debuginfo>)`, only at developer level with display on. `wsdebuginfo` names the
/// failing field on every compatible endpoint without turning debugging on; the typed API always
/// names it.
#[tokio::test]
async fn error_details_follow_the_sites_debugging() {
    let s = TestServer::start().await;
    let t = s.admin_token.clone();
    let b = s.browser_login("admin", &s.admin_password).await;
    let bad = [("field", "id"), ("values", "x")];
    let ajax_bad = json!({"field": "id", "values": "x"});
    let token_php = |s: &TestServer| {
        let url = format!("{}/login/token.php", s.base);
        let http = s.http.clone();
        async move {
            http.post(url)
                .form(&[("username", "admin"), ("password", "wrong"), ("service", "moodle_mobile_app")])
                .send_json()
                .await
        }
    };

    // Off (Moodle's default): no details anywhere Moodle-compatible.
    let rest = s.rest(&t, "core_user_get_users_by_field", &bad).await;
    assert_eq!((rest["errorcode"].as_str(), rest.get("debuginfo")), (Some("invalidparameter"), None), "{rest}");
    assert!(!s.rest_xml(&t, "core_user_get_users_by_field", &bad).await.contains("<DEBUGINFO>"));
    let ajax = s.ajax_call(&b, "core_user_get_users_by_field", &ajax_bad).await;
    let exception = &ajax[0]["exception"];
    assert_eq!(exception["link"], format!("{}/", s.base));
    assert_eq!(exception["moreinfourl"], "https://docs.moodle.org/405/en/error/debug/invalidparameter");
    assert!(exception.get("debuginfo").is_none(), "{ajax}");
    let login = token_php(&s).await;
    assert_eq!((&login["debuginfo"], &login["reproductionlink"]), (&Value::Null, &Value::Null), "{login}");
    let (status, typed) = s.call(&t, "core_user_get_users_by_field", ajax_bad.clone()).await;
    assert!(status == 400 && typed["debuginfo"].as_str().is_some_and(|d| d.contains("values")), "{typed}");

    // Normal: REST (JSON and XML) names the field; AJAX and token.php still do not.
    s.set_config("debug", "15").await;
    let rest = s.rest(&t, "core_user_get_users_by_field", &bad).await;
    let field = rest["debuginfo"].as_str().expect("debuginfo at normal debugging").to_string();
    assert!(field.starts_with("values"), "{rest}");
    assert_eq!(rest["message"], "Invalid parameter value detected");
    assert!(s.rest_xml(&t, "core_user_get_users_by_field", &bad).await.contains("<DEBUGINFO>values"));
    assert!(
        s.ajax_call(&b, "core_user_get_users_by_field", &ajax_bad).await[0]["exception"].get("debuginfo").is_none()
    );

    // Developer with display: the message carries the detail; AJAX and token.php fill theirs.
    s.set_config("debug", "32767").await;
    s.set_config("debugdisplay", "1").await;
    let rest = s.rest(&t, "core_user_get_users_by_field", &bad).await;
    assert_eq!(rest["message"], format!("Invalid parameter value detected ({field})"));
    let ajax = s.ajax_call(&b, "core_user_get_users_by_field", &ajax_bad).await;
    let debuginfo = ajax[0]["exception"]["debuginfo"].as_str().expect("AJAX debuginfo at developer level");
    assert!(debuginfo.ends_with("\nError code: invalidparameter"), "{ajax}");
    let login = token_php(&s).await;
    assert_eq!(login["errorcode"], "invalidlogin");
    assert_eq!(login["debuginfo"], "\nError code: invalidlogin", "{login}");
    assert_eq!(login["reproductionlink"], format!("{}/", s.base));

    // lmsgate's opt-in: the field named with debugging off, the message left as Moodle's.
    s.set_config("debug", "0").await;
    s.set_config("debugdisplay", "0").await;
    s.set_config("wsdebuginfo", "1").await;
    let rest = s.rest(&t, "core_user_get_users_by_field", &bad).await;
    assert_eq!(
        (rest["message"].as_str(), rest["debuginfo"].as_str()),
        (Some("Invalid parameter value detected"), Some(field.as_str()))
    );
    let ajax = s.ajax_call(&b, "core_user_get_users_by_field", &ajax_bad).await;
    let named = ajax[0]["exception"]["debuginfo"].as_str().is_some_and(|d| d.starts_with("values"));
    assert!(named, "{ajax}");
}
