//! lmsgate-openapi: the spec as a product. Assembles the OpenAPI service from the api crate's
//! components (info, servers, security, tags), adds each operation's catalogue metadata
//! (description, `x-lmsgate-capabilities`, `x-lmsgate-kind`), and serves the spec and Swagger UI.
use std::sync::Arc;

use poem::http::StatusCode;
use poem::{IntoResponse, Response, Route, handler, web::Path};
use poem_openapi::{OpenApi, OpenApiService};
use serde_json::{Value, json};

use lmsgate_api::framework::{AppState, catalogue};

pub const API_PREFIX: &str = "/api/v1";

/// The typed API (every function as `POST /api/v1/{wsfunction}`).
pub fn service(state: Arc<AppState>, public_url: &str) -> OpenApiService<impl OpenApi + use<>, ()> {
    OpenApiService::new(lmsgate_api::apis(state), "lmsgate", env!("CARGO_PKG_VERSION"))
        .description(
            "Moodle's web-service functions as a typed API. Every function is `POST /api/v1/{wsfunction}` with a JSON \
             body of its parameters, authorised by `Authorization: Bearer <token>` (get one from `/login/token.php`). \
             Errors use real HTTP statuses and Moodle's error fields (`exception`, `errorcode`, `message`, `debuginfo`).",
        )
        .server(format!("{}{API_PREFIX}", public_url.trim_end_matches('/')))
}

/// The spec as JSON, with each operation's catalogue metadata added.
pub fn spec_value(spec_json: &str) -> Value {
    let mut spec: Value = serde_json::from_str(spec_json).expect("poem-openapi emits valid JSON");
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(op) = item.get_mut("post").and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(entry) = op.get("operationId").and_then(Value::as_str).and_then(catalogue::find) else {
                continue;
            };
            let info = entry.info;
            let caps: Vec<&str> = info.requires.iter().chain(info.checks).copied().collect();
            let mut text = format!("{}\n\nKind: {}.", info.description, info.kind.as_str());
            if !info.requires.is_empty() {
                text += &format!(" Requires (system context): {}.", info.requires.join(", "));
            }
            if !info.checks.is_empty() {
                text += &format!(
                    " Checked in each item's own context (course, category or system) or for visibility: {}.",
                    info.checks.join(", ")
                );
            }
            op.insert("description".into(), json!(text));
            op.insert("x-lmsgate-capabilities".into(), json!(caps));
            op.insert("x-lmsgate-kind".into(), json!(info.kind.as_str()));
        }
    }
    close_request_schemas(&mut spec);
    spec
}

/// Every parameter object refuses unknown keys (`deny_unknown_fields`, Moodle's "Unexpected
/// keys"); say so with `additionalProperties: false` on each schema a request body reaches.
fn close_request_schemas(spec: &mut Value) {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref").and_then(Value::as_str) {
                    out.push(r.trim_start_matches("#/components/schemas/").to_string());
                }
                map.values().for_each(|x| refs(x, out));
            }
            Value::Array(items) => items.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    if let Some(paths) = spec.get("paths") {
        for item in paths.as_object().into_iter().flat_map(|m| m.values()) {
            refs(&item["post"]["requestBody"], &mut todo);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = spec.pointer(&format!("/components/schemas/{name}")) {
            refs(schema, &mut todo);
        }
    }
    for name in seen {
        if let Some(schema) = spec.pointer_mut(&format!("/components/schemas/{name}")).and_then(Value::as_object_mut)
            && schema.get("type").and_then(Value::as_str) == Some("object")
        {
            schema.insert("additionalProperties".into(), json!(false));
        }
    }
}

/// Everything the spec needs, rendered once at start.
pub struct SpecDocuments {
    pub json: String,
    pub yaml: String,
}

pub fn documents(spec_json: &str) -> SpecDocuments {
    let value = spec_value(spec_json);
    SpecDocuments {
        json: serde_json::to_string_pretty(&value).expect("serialisable"),
        yaml: serde_yaml::to_string(&value).expect("serialisable"),
    }
}

/// Routes for `/openapi.json`, `/openapi.yaml` and Swagger UI under `/docs`.
pub fn routes(docs: SpecDocuments) -> Route {
    let docs = Arc::new(docs);
    let (j, y) = (docs.clone(), docs);
    Route::new()
        .at(
            "/openapi.json",
            poem::endpoint::make_sync(move |_| {
                Response::builder().content_type("application/json; charset=utf-8").body(j.json.clone())
            }),
        )
        .at(
            "/openapi.yaml",
            poem::endpoint::make_sync(move |_| {
                Response::builder().content_type("application/yaml; charset=utf-8").body(y.yaml.clone())
            }),
        )
        .at(
            "/docs",
            poem::endpoint::make_sync(|_| {
                Response::builder().status(StatusCode::FOUND).header("Location", "/docs/").finish()
            }),
        )
        .at("/docs/*path", swagger_ui)
}

#[handler]
fn swagger_ui(Path(path): Path<String>) -> Response {
    let config = Arc::new(
        utoipa_swagger_ui::Config::new([utoipa_swagger_ui::Url::new("lmsgate: all functions", "/openapi.json")])
            .persist_authorization(true)
            .display_operation_id(true)
            .try_it_out_enabled(true),
    );
    match utoipa_swagger_ui::serve(&path, config) {
        Ok(Some(file)) => Response::builder().content_type(file.content_type).body(file.bytes.into_owned()),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => poem::error::InternalServerError(std::io::Error::other(e.to_string())).into_response(),
    }
}
