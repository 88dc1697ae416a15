//! A plugin (plugins/local_example, installed by the test harness as a binary would with
//! `Lmsgate::plugin`) is served like a built-in component: its functions are in the spec and
//! their service's document, callable over the typed API, Moodle REST and AJAX with their
//! capability checks, and its capabilities and service are installed on the site.
use crate::common;

use common::{PASSWORD, SendJson, TestServer};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use lmsgate_entities::{capabilities, external_services, role_capabilities};

#[tokio::test]
async fn a_plugin_is_served_like_a_built_in_component() {
    let s = TestServer::start().await;

    // The spec: both operations, tagged with the component, with the declared capability.
    let spec: Value = s.http.get(format!("{}/openapi.json", s.base)).send_json().await;
    let get = &spec["paths"]["/local_example_get_greeting"]["post"];
    assert_eq!(get["operationId"], "local_example_get_greeting", "{get}");
    assert_eq!(get["tags"], json!(["local_example"]));
    assert_eq!(get["x-lmsgate-capabilities"], json!(["local/example:view"]));
    assert_eq!(spec["paths"]["/local_example_set_greeting"]["post"]["x-lmsgate-kind"], "write");
    let tag = spec["tags"].as_array().unwrap().iter().find(|t| t["name"] == "local_example").expect("tag");
    assert_eq!(tag["description"], "Example plugin: greetings");

    // Its service: made on the site, with its own document holding exactly its functions.
    let svc = external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(local_example::SERVICE))
        .one(&s.state.db)
        .await
        .unwrap()
        .expect("the plugin's service exists");
    assert_eq!(svc.component.as_deref(), Some("local_example"));
    let doc: Value =
        s.http.get(format!("{}/openapi/services/{}.json", s.base, local_example::SERVICE)).send_json().await;
    let mut ops: Vec<&str> =
        doc["paths"].as_object().unwrap().values().map(|p| p["post"]["operationId"].as_str().unwrap()).collect();
    ops.sort();
    assert_eq!(ops, ["local_example_get_greeting", "local_example_set_greeting"]);

    // Its capabilities, granted to their archetypes.
    for cap in [local_example::VIEW, local_example::MANAGE] {
        assert!(
            capabilities::Entity::find()
                .filter(capabilities::Column::Name.eq(cap))
                .one(&s.state.db)
                .await
                .unwrap()
                .is_some()
        );
        let grants = role_capabilities::Entity::find()
            .filter(role_capabilities::Column::Capability.eq(cap))
            .all(&s.state.db)
            .await
            .unwrap();
        assert_eq!(grants.len(), 1, "{cap}: granted to the manager archetype only");
    }

    // A user with a token for the plugin's service; without the capabilities every protocol
    // refuses.
    let ann = s.create_user("ann").await;
    let token = s.token_for(ann, local_example::SERVICE).await;
    let (status, body) = s.call(&token, "local_example_get_greeting", json!({})).await;
    assert_eq!((status, body["errorcode"].as_str()), (403, Some("nopermissions")), "{body}");
    let refused = s.rest_json(&token, "local_example_set_greeting", &json!({"greeting": "Hi"})).await;
    assert_eq!(refused["errorcode"], "nopermissions", "{refused}");
    assert_eq!(refused["exception"], "core\\exception\\required_capability_exception", "{refused}");

    // Made a manager, the same calls work: the write through REST, the read through the typed
    // API, both through AJAX in a browser session.
    s.admin("core_role_assign_roles", json!({"assignments": [{"roleid": 1, "userid": ann, "contextid": 1}]})).await;
    let set = s.rest_json(&token, "local_example_set_greeting", &json!({"greeting": "Good morning"})).await;
    assert_eq!(set["greeting"], "Good morning, First!", "{set}");
    let (status, got) = s.call(&token, "local_example_get_greeting", json!({"name": "Ada"})).await;
    assert_eq!((status, &got["greeting"]), (200, &json!("Good morning, Ada!")), "{got}");
    let (status, bad) = s.call(&token, "local_example_set_greeting", json!({"greeting": ""})).await;
    assert_eq!((status, bad["errorcode"].as_str()), (400, Some("invalidparameter")), "{bad}");
    // The plugin's own error code, in each protocol's shape.
    let (status, blank) = s.call(&token, "local_example_set_greeting", json!({"greeting": "  "})).await;
    assert_eq!((status, blank["errorcode"].as_str()), (400, Some("blankgreeting")), "{blank}");
    assert_eq!(blank["message"], "A greeting needs a word: \"  \" has none.", "{blank}");
    let blank = s.rest_json(&token, "local_example_set_greeting", &json!({"greeting": " "})).await;
    assert_eq!(
        (blank["exception"].as_str(), blank["errorcode"].as_str()),
        (Some("core\\exception\\moodle_exception"), Some("blankgreeting")),
        "{blank}"
    );

    let b = s.browser_login("ann", PASSWORD).await;
    let res = s.ajax_call(&b, "local_example_get_greeting", &json!({})).await;
    assert_eq!(res[0]["data"]["greeting"], "Good morning, First!", "{res}");

    // A site that had no such capability (the plugin added later) gets it, with its grants, at
    // the next start.
    role_capabilities::Entity::delete_many()
        .filter(role_capabilities::Column::Capability.eq(local_example::VIEW))
        .exec(&s.state.db)
        .await
        .unwrap();
    capabilities::Entity::delete_many()
        .filter(capabilities::Column::Name.eq(local_example::VIEW))
        .exec(&s.state.db)
        .await
        .unwrap();
    let node = s.another_node().await;
    let grants = role_capabilities::Entity::find()
        .filter(role_capabilities::Column::Capability.eq(local_example::VIEW))
        .all(&node.state.db)
        .await
        .unwrap();
    assert_eq!(grants.len(), 1);
}
