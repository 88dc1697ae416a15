//! Files over HTTP (MOODLE-SPEC §8): `webservice/upload.php`, `webservice/pluginfile.php`,
//! `tokenpluginfile.php`, the file functions and the typed twins, over the real store.
use crate::common;

use common::TestServer;
use reqwest::multipart::{Form, Part};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};

use lmsgate_entities::external_services;

const MOBILE: &str = "moodle_mobile_app";

/// A user with a mobile-service token.
async fn user(s: &TestServer, name: &str) -> (i64, String) {
    let id = s.create_user(name).await;
    (id, s.token_for(id, MOBILE).await)
}

async fn get(s: &TestServer, url: &str) -> reqwest::Response {
    s.http.get(url).send().await.expect("request")
}

/// The draft files of `itemid`, by name, through core_files_get_files.
async fn draft_names(s: &TestServer, token: &str, userid: i64, itemid: i64) -> Vec<String> {
    let (status, body) = s
        .call(
            token,
            "core_files_get_files",
            json!({"contextid": -1, "contextlevel": "user", "instanceid": userid, "component": "user",
                "filearea": "draft", "itemid": itemid, "filepath": "/", "filename": ""}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    body["files"].as_array().unwrap().iter().map(|f| f["filename"].as_str().unwrap().to_string()).collect()
}

/// Contents in the store (everything but `temp/`).
fn stored_blobs(s: &TestServer) -> usize {
    fn walk(dir: &std::path::Path, n: &mut usize) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "temp") {
                    walk(&p, n);
                }
            } else {
                *n += 1;
            }
        }
    }
    let mut n = 0;
    walk(s.state.files.root(), &mut n);
    n
}

fn pluginfile(s: &TestServer, contextid: i64, itemid: i64, name: &str) -> String {
    format!("{}/webservice/pluginfile.php/{contextid}/user/draft/{itemid}/{name}", s.base)
}

#[tokio::test]
async fn upload_one_then_several_into_the_same_draft() {
    let s = TestServer::start().await;
    let (id, token) = user(&s, "alice").await;
    let (status, one) = s.upload(&token, None, &[("a.txt", b"first")]).await;
    assert_eq!(status, 200);
    let entry = &one[0];
    let itemid = entry["itemid"].as_i64().unwrap();
    assert!(itemid > 0, "{one}");
    assert_eq!((entry["component"].as_str(), entry["filearea"].as_str()), (Some("user"), Some("draft")));
    assert_eq!((entry["filename"].as_str(), entry["filepath"].as_str()), (Some("a.txt"), Some("/")));
    assert_eq!(entry["filesize"].as_i64(), Some(5));
    assert_eq!(entry["userid"].as_str(), Some(id.to_string().as_str()), "userid is a string, as Moodle sends it");

    let (_, more) = s.upload(&token, Some(itemid), &[("b.txt", b"second"), ("c.pdf", b"%PDF-1.4")]).await;
    assert_eq!(more.as_array().unwrap().len(), 2, "{more}");
    assert!(more.as_array().unwrap().iter().all(|f| f["itemid"].as_i64() == Some(itemid)), "{more}");
    assert_eq!(draft_names(&s, &token, id, itemid).await, ["a.txt", "b.txt", "c.pdf"]);

    // A fresh upload without an item id gets another draft area.
    let (_, other) = s.upload(&token, Some(0), &[("a.txt", b"x")]).await;
    assert_ne!(other[0]["itemid"].as_i64(), Some(itemid));

    // draftfile.php gives back what was uploaded, to its owner only, and serves drafts alone.
    let ctx = entry["contextid"].as_i64().unwrap();
    let draft = format!("{}/webservice/draftfile.php/{ctx}/user/draft/{itemid}/b.txt", s.base);
    let res = get(&s, &format!("{draft}?token={token}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"second");
    let (_, someone) = user(&s, "mallory").await;
    assert_eq!(get(&s, &format!("{draft}?token={someone}")).await.status(), 404);
    let not_draft = draft.replace("/user/draft/", "/user/private/");
    assert_eq!(get(&s, &format!("{not_draft}?token={token}")).await.status(), 404);
    s.stop().await;
}

#[tokio::test]
async fn name_clash_oversized_and_quota() {
    let s = TestServer::start().await;
    let (id, token) = user(&s, "bob").await;
    let (_, first) = s.upload(&token, None, &[("a.txt", b"one")]).await;
    let itemid = first[0]["itemid"].as_i64().unwrap();

    let (status, clash) = s.upload(&token, Some(itemid), &[("a.txt", b"two"), ("d.txt", b"x"), ("d.txt", b"y")]).await;
    assert_eq!(status, 200);
    assert_eq!(clash[0]["errortype"].as_str(), Some("filenameexist"), "{clash}");
    assert_eq!(clash[1]["filename"].as_str(), Some("d.txt"));
    assert!(clash[1]["errortype"].is_null(), "{clash}");
    assert_eq!(clash[2]["errortype"].as_str(), Some("filenameexist"), "same name twice in one request");

    s.set_config("maxbytes", "100").await;
    let big = vec![b'x'; 101];
    let (_, sized) = s.upload(&token, Some(itemid), &[("big.bin", &big), ("small.bin", b"ok")]).await;
    assert_eq!(sized[0]["errortype"].as_str(), Some("fileoversized"), "{sized}");
    assert_eq!(sized[1]["filesize"].as_i64(), Some(2), "{sized}");
    s.set_config("maxbytes", "0").await;

    s.set_config("userquota", "50").await;
    let (status, over) = s.upload(&token, Some(itemid), &[("q.bin", &[b'q'; 60])]).await;
    assert_eq!(status, 200, "upload.php answers errors with 200");
    assert_eq!(over["errorcode"].as_str(), Some("userquotalimit"), "{over}");
    // 6 bytes are stored; 11 more go over a quota of 10.
    s.set_config("userquota", "10").await;
    let all = s.token_for(id, "all_functions").await;
    let (status, typed) = s.call(&all, "core_files_upload", common::site::upload_params(id, "q.txt")).await;
    assert_eq!((status, typed["errorcode"].as_str()), (403, Some("userquotalimit")), "{typed}");
    s.stop().await;
}

#[tokio::test]
async fn body_over_the_server_limit_is_413_not_memory() {
    let s = TestServer::start().await;
    let (_, token) = user(&s, "dora").await;
    let huge = vec![0u8; common::MAX_UPLOAD_BYTES as usize + 1024];
    let (status, body) = s.upload(&token, None, &[("huge.bin", &huge)]).await;
    assert_eq!((status, body["errorcode"].as_str()), (413, Some("upload_error_ini_size")), "{body}");
    assert_eq!(stored_blobs(&s), 0, "nothing of a refused upload is kept");
    let temp = s.state.files.root().join("temp");
    assert_eq!(std::fs::read_dir(temp).unwrap().count(), 0, "no temporary file is left behind");
    s.stop().await;
}

#[tokio::test]
async fn bad_token_and_services_without_file_rights() {
    let s = TestServer::start().await;
    let (id, token) = user(&s, "erin").await;
    let (_, bad) = s.upload("0123456789abcdef0123456789abcdef", None, &[("a.txt", b"x")]).await;
    assert_eq!(bad["errorcode"].as_str(), Some("invalidtoken"), "{bad}");
    // The fields may come in a urlencoded body too (no file then: Moodle's empty answer).
    let upload_url = format!("{}/webservice/upload.php", s.base);
    let posted = |t: &str| s.http.post(&upload_url).form(&[("token", t.to_string()), ("filepath", "/".into())]).send();
    let bad: Value = posted("0123456789abcdef0123456789abcdef").await.unwrap().json().await.unwrap();
    assert_eq!(bad["errorcode"].as_str(), Some("invalidtoken"), "{bad}");
    let none: Value = posted(&token).await.unwrap().json().await.unwrap();
    assert_eq!(none, serde_json::json!([]));

    let (_, up) = s.upload(&token, None, &[("a.txt", b"x")]).await;
    let (ctx, itemid) = (up[0]["contextid"].as_i64().unwrap(), up[0]["itemid"].as_i64().unwrap());
    let url = pluginfile(&s, ctx, itemid, "a.txt");
    let res = get(&s, &format!("{url}?token=0123456789abcdef0123456789abcdef")).await;
    assert_eq!(res.status(), 200, "Moodle's pluginfile.php is an AJAX script: its errors are 200");
    assert_eq!(res.headers()["content-type"], "application/json; charset=utf-8");
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "invalidtoken");

    let service = external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(MOBILE))
        .one(&s.state.db)
        .await
        .unwrap()
        .unwrap();
    let mut row = service.into_active_model();
    row.uploadfiles = Set(0);
    row.downloadfiles = Set(0);
    row.update(&s.state.db).await.unwrap();
    s.state.invalidate_caches();
    let (_, refused) = s.upload(&token, None, &[("b.txt", b"y")]).await;
    assert_eq!(refused["errorcode"].as_str(), Some("accessexception"), "{refused}");
    let res = get(&s, &format!("{url}?token={token}")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "accessexception");
    assert_eq!(draft_names(&s, &s.token_for(id, "all_functions").await, id, itemid).await, ["a.txt"]);
    s.stop().await;
}

#[tokio::test]
async fn download_with_range_etag_head_and_missing_file() {
    let s = TestServer::start().await;
    let (_, token) = user(&s, "finn").await;
    let content: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();
    let (_, up) = s.upload(&token, None, &[("data bin.pdf", &content)]).await;
    let (ctx, itemid) = (up[0]["contextid"].as_i64().unwrap(), up[0]["itemid"].as_i64().unwrap());
    let url = pluginfile(&s, ctx, itemid, "data%20bin.pdf");

    let res = get(&s, &url).await;
    assert_eq!(res.status(), 200, "no token");
    let missing = res.json::<Value>().await.unwrap();
    assert_eq!(
        (missing["errorcode"].as_str(), missing["error"].as_str()),
        (Some("missingparam"), Some("A required parameter (token) was missing"))
    );
    let res = get(&s, &format!("{url}?token={token}")).await;
    assert_eq!(res.status(), 200);
    let h = res.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["content-length"], "10000");
    assert_eq!(h["access-control-allow-origin"], "*");
    let etag = h["etag"].to_str().unwrap().to_string();
    assert_eq!(res.bytes().await.unwrap().as_ref(), content.as_slice());

    let res = s.http.get(format!("{url}?token={token}")).header("Range", "bytes=100-199").send().await.unwrap();
    assert_eq!(res.status(), 206);
    assert_eq!(res.headers()["content-range"], "bytes 100-199/10000");
    assert_eq!(res.bytes().await.unwrap().as_ref(), &content[100..200]);
    let res = s.http.get(format!("{url}?token={token}")).header("Range", "bytes=20000-").send().await.unwrap();
    assert_eq!(res.status(), 416);

    let res = s.http.get(format!("{url}?token={token}")).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(res.status(), 304);

    let res = s.http.head(format!("{url}?token={token}")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-length"], "10000");
    assert!(res.bytes().await.unwrap().is_empty());

    // The `?file=` form names the same file.
    let file = format!("/{ctx}/user/draft/{itemid}/data bin.pdf");
    let res = s
        .http
        .get(format!("{}/webservice/pluginfile.php", s.base))
        .query(&[("file", file.as_str()), ("token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = get(&s, &format!("{}?token={token}", pluginfile(&s, ctx, itemid, "nope.pdf"))).await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "filenotfound");

    // Another user cannot fetch it, even knowing the URL.
    let (_, other) = user(&s, "gwen").await;
    assert_eq!(get(&s, &format!("{url}?token={other}")).await.status(), 404);
    s.stop().await;
}

#[tokio::test]
async fn private_files_flow_and_tokenpluginfile() {
    let s = TestServer::start().await;
    let (id, token) = user(&s, "hana").await;
    let (_, up) = s.upload(&token, None, &[("cv.txt", b"curriculum"), ("photo.png", b"\x89PNG")]).await;
    let draft = up[0]["itemid"].as_i64().unwrap();
    let (status, body) = s.call(&token, "core_user_add_user_private_files", json!({"draftid": draft})).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = s.call(&token, "core_user_add_user_private_files", json!({"draftid": draft})).await;
    assert_eq!((status, body["errorcode"].as_str()), (400, Some("invalidparameter")), "the draft was used: {body}");

    let (_, listing) = s
        .call(
            &token,
            "core_files_get_files",
            json!({"contextid": -1, "contextlevel": "user", "instanceid": id, "component": "user",
                "filearea": "private", "itemid": 0, "filepath": "/", "filename": ""}),
        )
        .await;
    let files = listing["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{listing}");
    let cv = files.iter().find(|f| f["filename"] == "cv.txt").unwrap();
    let url = cv["url"].as_str().unwrap();
    assert!(url.contains("/user/private/cv.txt"), "private URLs have no item id: {url}");
    let path = url.split_once("/webservice/pluginfile.php").unwrap().1;
    let res = get(&s, &format!("{}/webservice/pluginfile.php{path}?token={token}", s.base)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "curriculum");

    let (_, info) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(info["usercanmanageownfiles"], true);
    let key = info["userprivateaccesskey"].as_str().expect("a private access key").to_string();
    let (_, again) = s.call(&token, "core_webservice_get_site_info", json!({})).await;
    assert_eq!(again["userprivateaccesskey"].as_str(), Some(key.as_str()), "the key is stable");
    let res = get(&s, &format!("{}/tokenpluginfile.php/{key}{path}", s.base)).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "curriculum");
    let res = get(&s, &format!("{}/tokenpluginfile.php/{}{path}", s.base, "f".repeat(32))).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "invalidkey");
    s.stop().await;
}

#[tokio::test]
async fn identical_content_is_stored_once() {
    let s = TestServer::start().await;
    let (_, a) = user(&s, "ivan").await;
    let (_, b) = user(&s, "jane").await;
    let before = stored_blobs(&s);
    s.upload(&a, None, &[("one.txt", b"same bytes"), ("two.txt", b"same bytes")]).await;
    s.upload(&b, None, &[("three.txt", b"same bytes")]).await;
    assert_eq!(stored_blobs(&s) - before, 1);
    s.upload(&b, None, &[("four.txt", b"other bytes")]).await;
    assert_eq!(stored_blobs(&s) - before, 2);
    s.stop().await;
}

#[tokio::test]
async fn core_files_upload_base64_then_download() {
    let s = TestServer::start().await;
    let (id, token) = user(&s, "kim").await;
    let all = s.token_for(id, "all_functions").await;
    let (status, up) = s.call(&all, "core_files_upload", common::site::upload_params(id, "hello.txt")).await;
    assert_eq!(status, 200, "{up}");
    let itemid = up["itemid"].as_i64().unwrap();
    let mut again = common::site::upload_params(id, "hello.txt");
    again["itemid"] = json!(itemid);
    let (status, clash) = s.call(&all, "core_files_upload", again.clone()).await;
    assert_eq!((status, clash["errorcode"].as_str()), (409, Some("fileexist")), "{clash}");
    again["filecontent"] = json!("not base64!");
    again["filename"] = json!("other.txt");
    let (status, bad) = s.call(&all, "core_files_upload", again).await;
    assert_eq!((status, bad["errorcode"].as_str()), (400, Some("invalidparameter")), "{bad}");
    let res = get(&s, &format!("{}?token={token}", up["url"].as_str().unwrap())).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "hello world");
    s.stop().await;
}

/// `POST /api/v1/files/upload` with a bearer token.
async fn typed_upload(s: &TestServer, token: &str, form: Form) -> reqwest::Response {
    s.http.post(format!("{}/api/v1/files/upload", s.base)).bearer_auth(token).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn typed_twins_upload_and_download() {
    let s = TestServer::start().await;
    let (_, token) = user(&s, "lena").await;
    let form = Form::new().text("filepath", "/").part("file", Part::bytes(b"typed".to_vec()).file_name("t.txt"));
    let res = typed_upload(&s, &token, form).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("application/json"));
    let up: Value = res.json().await.unwrap();
    let (ctx, itemid) = (up[0]["contextid"].as_i64().unwrap(), up[0]["itemid"].as_i64().unwrap());
    let download = format!("{}/api/v1/files/download", s.base);
    let q = [
        ("contextid", ctx.to_string()),
        ("component", "user".into()),
        ("filearea", "draft".into()),
        ("itemid", itemid.to_string()),
        ("filename", "t.txt".into()),
    ];
    let res = s.http.get(&download).bearer_auth(&token).query(&q).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "typed");
    let res = s.http.get(&download).query(&q).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let mut missing = q.clone();
    missing[4].1 = "gone.txt".into();
    let res = s.http.get(&download).bearer_auth(&token).query(&missing).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "filenotfound");

    // Arguments are single values: repeated, or sent as a file, they are refused.
    let form =
        Form::new().text("itemid", "1").text("itemid", "2").part("file", Part::bytes(b"x".to_vec()).file_name("r.txt"));
    let res = typed_upload(&s, &token, form).await;
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "invalidparameter");
    let form = Form::new().part("file", Part::bytes(b"x".to_vec()));
    let res = typed_upload(&s, &token, form).await;
    assert_eq!(res.status(), 400, "a part without a file name is not a file");

    s.set_config("userquota", "3").await;
    let form = Form::new().part("file", Part::bytes(b"too much".to_vec()).file_name("q.txt"));
    let res = typed_upload(&s, &token, form).await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "userquotalimit");
    s.stop().await;
}

/// A GET with the request target sent exactly as given (an HTTP client would resolve `..`).
async fn raw_get(s: &TestServer, target: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = s.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let status = answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, answer)
}

/// No pluginfile path, however encoded, reaches outside the store: a secret planted next to it
/// and in its parent is never served, and nothing answers 200 or 500.
#[tokio::test]
async fn pluginfile_paths_never_escape_the_store() {
    use proptest::prelude::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};

    let s = TestServer::start().await;
    let (_, token) = user(&s, "mallory").await;
    const SECRET: &str = "TOP-SECRET-CONTENTS";
    let root = s.state.files.root().to_path_buf();
    for dir in [root.clone(), root.parent().unwrap().to_path_buf(), root.join("temp")] {
        std::fs::write(dir.join("secret.txt"), SECRET).unwrap();
    }
    let segment = prop_oneof![
        Just("..".to_string()),
        Just("%2e%2e".to_string()),
        Just("%2E%2E".to_string()),
        Just(".%2e".to_string()),
        Just("%2f".to_string()),
        Just("%252f".to_string()),
        Just("%5c".to_string()),
        Just("..%2f..".to_string()),
        Just("%00".to_string()),
        Just("".to_string()),
        Just("secret.txt".to_string()),
        Just("temp".to_string()),
        Just("user".to_string()),
        Just("draft".to_string()),
        Just("private".to_string()),
        Just("1".to_string()),
        Just("0".to_string()),
        Just(root.display().to_string()),
        "[a-z0-9.%/]{1,12}",
    ];
    let paths = proptest::collection::vec(segment, 1..8);
    let mut runner = TestRunner::new(Config { cases: 200, ..Config::default() });
    let cases: Vec<Vec<String>> = (0..200).map(|_| paths.new_tree(&mut runner).unwrap().current()).collect();
    for segments in cases {
        let path = segments.join("/");
        for target in [
            format!("/webservice/pluginfile.php/{path}?token={token}"),
            format!("/webservice/pluginfile.php?token={token}&file=/{path}"),
            format!("/webservice/pluginfile.php/1/user/private/{path}?token={token}"),
        ] {
            let (status, body) = raw_get(&s, &target).await;
            assert!(!body.contains(SECRET), "{target} leaked the secret");
            assert!(status != 200 && status < 500, "{target}: {status} {body}");
        }
    }
    s.stop().await;
}
