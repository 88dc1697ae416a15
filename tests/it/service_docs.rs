//! Per-service OpenAPI documents (`/openapi/services/{shortname}.json`) and Swagger UI's selector.
use crate::common;

use std::collections::BTreeSet;

use common::{SendJson, TestServer};
use sea_orm::{ActiveModelTrait, ActiveValue::NotSet, Set};
use serde_json::Value;

use lmsgate_entities::{external_services, external_services_functions, now};

/// Every `$ref` in `doc` names a schema the document holds.
fn dangling_refs(doc: &Value) -> Vec<String> {
    fn walk(v: &Value, doc: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(r) = m.get("$ref").and_then(Value::as_str)
                    && doc.pointer(r.trim_start_matches('#')).is_none()
                {
                    out.push(r.to_string());
                }
                m.values().for_each(|x| walk(x, doc, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, doc, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, doc, &mut out);
    out
}

fn operations(doc: &Value) -> BTreeSet<String> {
    doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .map(|op| op["operationId"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_service_has_its_own_document() {
    let s = TestServer::start().await;
    let full: Value = s.http.get(format!("{}/openapi.json", s.base)).send_json().await;
    let mobile: Value = s.http.get(format!("{}/openapi/services/moodle_mobile_app.json", s.base)).send_json().await;
    let mut expected: BTreeSet<String> = common::catalogue()
        .iter()
        .filter(|e| e.info.services.contains(&"moodle_mobile_app"))
        .map(|e| e.info.name.to_string())
        .collect();
    expected.extend(["upload_files".to_string(), "download_file".to_string()]);
    assert_eq!(operations(&mobile), expected);
    assert!(dangling_refs(&mobile).is_empty(), "{:?}", dangling_refs(&mobile));
    let schemas = |d: &Value| d["components"]["schemas"].as_object().unwrap().len();
    assert!(schemas(&mobile) < schemas(&full), "only the schemas its functions use");
    assert!(mobile["components"]["schemas"].get("core_course_create_courses_params").is_none());
    assert_eq!(mobile["components"]["securitySchemes"], full["components"]["securitySchemes"]);

    // A service of one function, without file rights.
    let service = external_services::ActiveModel {
        id: NotSet,
        name: Set("Reports".into()),
        enabled: Set(1),
        requiredcapability: Set(None),
        restrictedusers: Set(0),
        component: Set(None),
        timecreated: Set(now()),
        timemodified: Set(None),
        shortname: Set(Some("reports".into())),
        downloadfiles: Set(0),
        uploadfiles: Set(0),
    }
    .insert(&s.state.db)
    .await
    .unwrap();
    external_services_functions::ActiveModel {
        id: NotSet,
        externalserviceid: Set(service.id),
        functionname: Set("core_user_get_users_by_field".into()),
    }
    .insert(&s.state.db)
    .await
    .unwrap();
    let reports: Value = s.http.get(format!("{}/openapi/services/reports.json", s.base)).send_json().await;
    assert_eq!(operations(&reports), BTreeSet::from(["core_user_get_users_by_field".to_string()]));
    assert!(dangling_refs(&reports).is_empty());
    assert!(reports["info"]["title"].as_str().unwrap().contains("reports"));

    let res = s.http.get(format!("{}/openapi/services/nope.json", s.base)).send().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.json::<Value>().await.unwrap()["errorcode"], "servicenotavailable");

    let init =
        s.http.get(format!("{}/docs/swagger-initializer.js", s.base)).send().await.unwrap().text().await.unwrap();
    for url in ["/openapi.json", "/openapi/services/moodle_mobile_app.json", "/openapi/services/reports.json"] {
        assert!(init.contains(url), "Swagger UI offers {url}: {init}");
    }
    s.stop().await;
}
