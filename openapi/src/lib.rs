//! lmsgate-openapi: the spec as a product. Assembles the OpenAPI service from the api crate's
//! components (info, servers, security, tags), adds each operation's catalogue metadata
//! (description, `x-lmsgate-capabilities`, `x-lmsgate-kind`), and serves the spec and Swagger UI.
use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::{Data, Path};
use poem::{EndpointExt, IntoResponse, Response, Route, handler};
use poem_openapi::{OpenApi, OpenApiService};
use serde_json::{Value, json};

use lmsgate_api::framework::services::{self, ServiceScope};
use lmsgate_api::framework::{AppState, Scope, catalogue};
use lmsgate_entities::cap::Capability;

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
            let caps: Vec<&str> = info.capabilities().map(|c| c.name()).collect();
            let names = |cs: &[Capability]| cs.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ");
            let mut text = format!("{}\n\nKind: {}.", info.description, info.kind.as_str());
            if !info.requires.is_empty() {
                text += &format!(" Requires ({}): {}.", info.scope.describe(), names(info.requires));
            } else if info.scope != Scope::System {
                text += &format!(" Requires entering the {}.", info.scope.describe());
            }
            if !info.checks.is_empty() {
                text += &format!(
                    " Checked in each item's own context (course, category or system) or for visibility: {}.",
                    names(info.checks)
                );
            }
            op.insert("description".into(), json!(text));
            op.insert("x-lmsgate-capabilities".into(), json!(caps));
            op.insert("x-lmsgate-kind".into(), json!(info.kind.as_str()));
            if let (Ok(example), Some(content)) = (
                serde_json::from_str::<Value>(info.example),
                op.get_mut("requestBody").and_then(|b| b.get_mut("content")).and_then(Value::as_object_mut),
            ) {
                for media in content.values_mut() {
                    media["example"] = example.clone();
                }
            }
        }
    }
    close_request_schemas(&mut spec);
    spec
}

/// Names of the component schemas `v` refers to (`$ref`), directly.
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

/// The schemas reachable from `roots`, transitively.
fn reachable(spec: &Value, mut todo: Vec<String>) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::new();
    while let Some(name) = todo.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(schema) = spec.pointer(&format!("/components/schemas/{name}")) {
            refs(schema, &mut todo);
        }
    }
    seen
}

/// The spec cut down to what one service's token can call: its functions, the file twins its
/// file rights allow, and only the schemas and tags those use.
pub fn service_document(full: &Value, scope: &ServiceScope) -> Value {
    let mut spec = full.clone();
    let service = &scope.service;
    let keep = |path: &str, item: &Value| match path {
        "/files/upload" => service.uploadfiles != 0,
        "/files/download" => service.downloadfiles != 0,
        _ => item["post"]["operationId"].as_str().is_some_and(|id| scope.functions.iter().any(|f| f == id)),
    };
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) {
        paths.retain(|path, item| keep(path, item));
    }
    let mut roots = Vec::new();
    let mut tags = std::collections::BTreeSet::new();
    for op in spec["paths"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .flat_map(|i| i.as_object())
        .flat_map(|m| m.values())
    {
        refs(op, &mut roots);
        tags.extend(op["tags"].as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_string));
    }
    let used = reachable(&spec, roots);
    if let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        schemas.retain(|name, _| used.contains(name));
    }
    if let Some(list) = spec.get_mut("tags").and_then(Value::as_array_mut) {
        list.retain(|t| t["name"].as_str().is_some_and(|n| tags.contains(n)));
    }
    let shortname = service.shortname.as_deref().unwrap_or_default();
    spec["info"]["title"] = json!(format!("lmsgate: {} ({shortname})", service.name));
    spec["info"]["description"] = json!(format!(
        "The functions of the service `{shortname}` only: what a token for it can call. The whole API is at `/openapi.json`.\n\n{}",
        full["info"]["description"].as_str().unwrap_or_default()
    ));
    spec
}

/// The parameter check takes `null` for an optional key as "absent" (as Moodle does for optional
/// values); the spec says so with `nullable`, so a client that sends null is within it.
fn optional_nullable(schema: &mut serde_json::Map<String, Value>) {
    let required: Vec<String> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (_, prop) in props.iter_mut().filter(|(name, _)| !required.contains(name)) {
        let Some(obj) = prop.as_object_mut() else { continue };
        // `$ref` takes no siblings in OpenAPI 3.0: wrap it.
        if let Some(r) = obj.remove("$ref") {
            obj.insert("allOf".into(), json!([{ "$ref": r }]));
        }
        obj.insert("nullable".into(), json!(true));
    }
}

/// Every parameter object refuses unknown keys (`deny_unknown_fields`, Moodle's "Unexpected
/// keys"); say so with `additionalProperties: false` on each schema a request body reaches.
fn close_request_schemas(spec: &mut Value) {
    let mut todo = Vec::new();
    if let Some(paths) = spec.get("paths") {
        for item in paths.as_object().into_iter().flat_map(|m| m.values()) {
            refs(&item["post"]["requestBody"], &mut todo);
        }
    }
    for name in reachable(spec, todo) {
        if let Some(schema) = spec.pointer_mut(&format!("/components/schemas/{name}")).and_then(Value::as_object_mut)
            && schema.get("type").and_then(Value::as_str) == Some("object")
        {
            schema.insert("additionalProperties".into(), json!(false));
            optional_nullable(schema);
        }
    }
}

/// The spec's JSON text, with each operation's catalogue metadata added.
pub fn render(spec_json: &str) -> String {
    serde_json::to_string_pretty(&spec_value(spec_json)).expect("serialisable")
}

/// The spec, rendered on its first request, then kept. Only its JSON text is kept: the YAML
/// and the per-service documents are rarely asked for and are made from it then (a parsed tree
/// of the whole spec would hold ten times its size in memory for the server's life). Not at
/// start: a node that never serves its spec never holds it, nor the code that builds it.
pub struct SpecDocuments {
    json: tokio::sync::OnceCell<String>,
    spec: Box<dyn Fn() -> String + Send + Sync>,
}

impl SpecDocuments {
    /// `spec` makes poem-openapi's spec (`OpenApiService::spec`).
    pub fn new(spec: impl Fn() -> String + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(Self { json: tokio::sync::OnceCell::new(), spec: Box::new(spec) })
    }

    /// The spec as JSON text; the first call renders it off the async workers (it takes a while).
    pub async fn json(self: &Arc<Self>) -> &str {
        let docs = self.clone();
        self.json
            .get_or_init(|| async move {
                tokio::task::spawn_blocking(move || render(&(docs.spec)())).await.expect("the spec renders")
            })
            .await
    }

    /// The spec as a JSON tree.
    pub async fn value(self: &Arc<Self>) -> Value {
        serde_json::from_str(self.json().await).expect("the spec is JSON")
    }

    pub async fn yaml(self: &Arc<Self>) -> String {
        serde_yaml::to_string(&self.value().await).expect("serialisable")
    }
}

/// `route` with `/openapi.json`, `/openapi.yaml`, `/openapi/services/{shortname}.json` and Swagger
/// UI under `/docs` (the last two need the `AppState` as request data).
pub fn routes(route: Route, docs: Arc<SpecDocuments>) -> Route {
    let (j, y, full) = (docs.clone(), docs.clone(), docs);
    route
        .at(
            "/openapi.json",
            poem::endpoint::make(move |_| {
                let docs = j.clone();
                async move {
                    Response::builder().content_type("application/json; charset=utf-8").body(docs.json().await.to_owned())
                }
            }),
        )
        .at(
            "/openapi.yaml",
            poem::endpoint::make(move |_| {
                let docs = y.clone();
                async move { Response::builder().content_type("application/yaml; charset=utf-8").body(docs.yaml().await) }
            }),
        )
        .at(
            "/docs",
            poem::endpoint::make_sync(|_| {
                Response::builder().status(StatusCode::FOUND).header("Location", "/docs/").finish()
            }),
        )
        .at("/docs/*path", swagger_ui)
        .at("/openapi/services/:file", service_spec.data(full))
}

/// `GET /openapi/services/{shortname}.json`: the document of one enabled service.
#[handler]
async fn service_spec(
    Path(file): Path<String>,
    Data(state): Data<&Arc<AppState>>,
    Data(docs): Data<&Arc<SpecDocuments>>,
) -> Response {
    let not_found = || {
        let body = json!({"exception": "moodle_exception", "errorcode": "servicenotavailable",
            "message": "Web service is not available (it doesn't exist or might be disabled)"});
        Response::builder()
            .status(StatusCode::NOT_FOUND)
            .content_type("application/json; charset=utf-8")
            .body(body.to_string())
    };
    let Some(shortname) = file.strip_suffix(".json") else {
        return not_found();
    };
    match services::scope(state, shortname).await {
        Ok(Some(scope)) => {
            let doc = service_document(&docs.value().await, &scope);
            Response::builder()
                .content_type("application/json; charset=utf-8")
                .body(serde_json::to_string_pretty(&doc).expect("serialisable"))
        }
        Ok(None) => not_found(),
        Err(e) => lmsgate_api::framework::Reply::<lmsgate_api::framework::Nothing>(Err(e)).into_response(),
    }
}

/// Swagger UI, its spec selector offering the whole API and each enabled service.
#[handler]
async fn swagger_ui(Path(path): Path<String>, Data(state): Data<&Arc<AppState>>) -> Response {
    let mut urls = vec![utoipa_swagger_ui::Url::with_primary("lmsgate: all functions", "/openapi.json", true)];
    let enabled =
        if path == "swagger-initializer.js" { services::enabled(state).await.unwrap_or_default() } else { Vec::new() };
    let named: Vec<(String, String)> = enabled
        .iter()
        .filter_map(|s| {
            s.shortname
                .as_deref()
                .map(|short| (format!("service: {} ({short})", s.name), format!("/openapi/services/{short}.json")))
        })
        .collect();
    urls.extend(named.iter().map(|(name, url)| utoipa_swagger_ui::Url::new(name, url)));
    let config = Arc::new(
        utoipa_swagger_ui::Config::new(urls)
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
