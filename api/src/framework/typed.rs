//! The typed API: one `POST /{function}` operation per catalogued function, built from the
//! catalogue rather than written per function. Its body is the function's parameters, its reply
//! the return value or an error body, and the operation id and path are the function's name.
//! What poem-openapi's `#[OpenApi]` macro would generate for such an operation, made generic.
use std::collections::HashMap;
use std::sync::Arc;

use poem::EndpointExt;
use poem::endpoint::BoxEndpoint;
use poem::http::{Method, StatusCode};
use poem_openapi::registry::{MetaApi, MetaOperation, MetaPath, MetaTag, Registry};
use poem_openapi::{ApiExtractor, ApiResponse, ExtractParamOptions, OpenApi, OperationId};

use super::catalogue::{self, Entry};
use super::function::ExternalFunction;
use super::payload::Params;
use super::reply::{self, Reply};
use super::{AppState, Token, client_ip};

/// Every catalogued function as a typed operation.
pub struct TypedApi(pub Arc<AppState>);

impl OpenApi for TypedApi {
    fn meta() -> Vec<MetaApi> {
        let paths = catalogue::all()
            .iter()
            .map(|e| MetaPath { path: format!("/{}", e.info.name), operations: vec![(e.operation)(e)] })
            .collect();
        vec![MetaApi { paths }]
    }

    fn register(registry: &mut Registry) {
        Token::register(registry);
        for c in catalogue::components() {
            registry.tags.insert(MetaTag { name: c.name, description: Some(c.description()), external_docs: None });
        }
        for e in catalogue::all() {
            (e.register)(registry);
        }
    }

    fn add_routes(self, routes: &mut HashMap<String, HashMap<Method, BoxEndpoint<'static>>>) {
        for e in catalogue::all() {
            routes.entry(format!("/{}", e.info.name)).or_default().insert(Method::POST, (e.endpoint)(self.0.clone()));
        }
    }
}

/// The operation's metadata: summary, body, responses, security, tag.
pub fn operation<F: ExternalFunction>(entry: &Entry) -> MetaOperation {
    MetaOperation {
        method: Method::POST,
        tags: vec![entry.component],
        summary: Some(F::INFO.summary),
        description: None,
        external_docs: None,
        params: Vec::new(),
        request: <Params<F::Params> as ApiExtractor>::request_meta(),
        responses: Reply::<F::Returns>::meta(),
        deprecated: false,
        security: Token::security_schemes().into_iter().map(|name| HashMap::from([(name, Vec::new())])).collect(),
        operation_id: Some(F::INFO.name),
        code_samples: Vec::new(),
    }
}

/// The operation's endpoint: extract the token and the body (their failures answered as error
/// bodies), then the catalogue's pipeline.
pub fn endpoint<F: ExternalFunction>(state: Arc<AppState>) -> BoxEndpoint<'static> {
    poem::endpoint::make(move |request| {
        let state = state.clone();
        async move {
            let (request, mut body) = request.split();
            let result = match Token::from_request(&request, &mut body, options()).await {
                Err(err) => Reply::<F::Returns>::from_parse_request_error(err).0,
                Ok(token) => match Params::<F::Params>::from_request(&request, &mut body, options()).await {
                    Err(err) => Reply::<F::Returns>::from_parse_request_error(err).0,
                    Ok(params) => {
                        let ip = client_ip(&request);
                        catalogue::call_typed::<F>(&state, &token.0.token, ip, params.0).await
                    }
                },
            };
            let mut response = match result {
                Ok(returns) => reply::json_text(StatusCode::OK, F::json_text(&returns)),
                Err(e) => reply::error_response(&e),
            };
            response.set_data(OperationId(F::INFO.name));
            Ok::<_, poem::Error>(response)
        }
    })
    .boxed()
}

fn options<T>() -> ExtractParamOptions<T> {
    ExtractParamOptions {
        name: "",
        ignore_case: false,
        default_value: None,
        example_value: None,
        explode: true,
        style: None,
    }
}
