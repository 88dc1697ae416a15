//! The catalogue: every external function by name, so protocols that dispatch by name (Moodle
//! REST, AJAX) reach the same typed definitions as the typed API, and so the spec, the service
//! `all_functions` and the tests can list them.
use std::net::IpAddr;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use sea_orm::DatabaseTransaction;
use serde_json::Value;

use super::audit;
use super::caller::{self, Caller, Protocol};
use super::error::ApiError;
use super::function::{Call, ExternalFunction, FunctionInfo};
use super::payload::decode;
use super::state::AppState;

pub type JsonCall = for<'a> fn(
    &'a AppState,
    &'a Caller,
    Option<&'a DatabaseTransaction>,
    Result<Value, ApiError>,
) -> BoxFuture<'a, Result<Value, ApiError>>;

pub struct Entry {
    pub info: &'static FunctionInfo,
    pub register: fn(&mut Registry),
    pub params_schema: fn() -> MetaSchemaRef,
    pub returns_schema: fn() -> MetaSchemaRef,
    /// Decode JSON arguments with the typed parser, run the pipeline, encode the result. The
    /// arguments may already have failed to decode (a bad form): the pipeline reports that at the
    /// parameter step, after function access, as for every protocol.
    pub call_json: JsonCall,
    /// The typed parser alone (for checking examples).
    pub parse_params: fn(Value) -> Result<(), ApiError>,
}

pub fn entry<F: ExternalFunction>() -> Entry {
    Entry {
        info: &F::INFO,
        register: |r| {
            F::Params::register(r);
            F::Returns::register(r);
        },
        params_schema: F::Params::schema_ref,
        returns_schema: F::Returns::schema_ref,
        parse_params: |args| decode::<F::Params>(args).map(|_| ()),
        call_json: |state, caller, batch, args| {
            Box::pin(async move {
                let out = run::<F>(state, caller, batch, args.and_then(decode::<F::Params>)).await?;
                Ok(out.to_json().unwrap_or(Value::Null))
            })
        },
    }
}

static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(crate::functions);
static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut r = Registry::new();
    for e in ENTRIES.iter() {
        (e.register)(&mut r);
    }
    r
});

pub fn all() -> &'static [Entry] {
    &ENTRIES
}

pub fn find(name: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.info.name == name)
}

/// Schemas of every function's parameters and returns (for the field-path checker).
pub fn registry() -> &'static Registry {
    &REGISTRY
}

/// The call pipeline after authentication, in Moodle's order: rate limit, function access,
/// parameters, declared capabilities, execute. Every call, whatever its outcome, is counted and
/// audited.
pub async fn run<F: ExternalFunction>(
    state: &AppState,
    caller: &Caller,
    batch: Option<&DatabaseTransaction>,
    params: Result<F::Params, ApiError>,
) -> Result<F::Returns, ApiError> {
    let started = Instant::now();
    let result = checked_execute::<F>(state, caller, batch, params).await;
    record(state, F::INFO.name, caller, result.as_ref().err(), started.elapsed());
    result
}

async fn checked_execute<F: ExternalFunction>(
    state: &AppState,
    caller: &Caller,
    batch: Option<&DatabaseTransaction>,
    params: Result<F::Params, ApiError>,
) -> Result<F::Returns, ApiError> {
    state.throttle.check_call(&caller.rate_key()).inspect_err(|_| state.count_throttled("calls"))?;
    caller.check_function(state, F::INFO.name).await?;
    let params = params?;
    for cap in F::INFO.requires {
        state.require_capability(caller.subject(), cap, &[lmsgate_entities::ids::SYSTEM_CONTEXT]).await?;
    }
    F::execute(&Call { state, caller, batch }, params).await
}

fn record(state: &AppState, function: &'static str, caller: &Caller, error: Option<&ApiError>, took: Duration) {
    let outcome = error.map(|e| e.errorcode.as_str());
    if let Some(m) = &state.metrics {
        m.call(function, caller.protocol.as_str(), outcome.map_or(Ok(()), Err), took);
    }
    state.audit.record(audit::Entry {
        time: lmsgate_entities::now(),
        userid: caller.user().id,
        function,
        serviceid: caller.service().map(|s| s.id),
        protocol: caller.protocol.as_str(),
        ip: caller.ip,
        outcome: outcome.map(str::to_string),
        duration_ms: took.as_millis() as i64,
    });
}

/// The whole pipeline for the typed API: authenticate, then `run`.
pub async fn call_typed<F: ExternalFunction>(
    state: &AppState,
    token: &str,
    ip: IpAddr,
    params: Result<F::Params, ApiError>,
) -> Result<F::Returns, ApiError> {
    let caller = caller::resolve(state, token, ip, Protocol::Typed).await?;
    run::<F>(state, &caller, None, params).await
}
