//! The catalogue: every external function by name, so protocols that dispatch by name (Moodle
//! REST, AJAX) reach the same typed definitions as the typed API, and so the spec, the service
//! `all_functions` and the tests can list them.
use std::net::IpAddr;
use std::sync::{LazyLock, OnceLock};
use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use sea_orm::DatabaseTransaction;
use serde_json::Value;

use super::audit;
use super::caller::{self, Caller, Protocol};
use super::error::ApiError;
use super::function::{Call, ExternalFunction, FunctionInfo, Kind, ReturnValue, Returned, Scope};
use super::payload::decode;
use super::state::AppState;

pub type JsonCall = for<'a> fn(
    &'a AppState,
    &'a Caller,
    Option<&'a DatabaseTransaction>,
    Result<Value, ApiError>,
) -> BoxFuture<'a, Result<Box<dyn Returned>, ApiError>>;

/// A component (Moodle's frankenstyle name, e.g. `core_user` or a plugin's `local_x`): its
/// functions, in spec order. Declared once per component with `component!`.
pub struct Component {
    pub name: &'static str,
    /// The doc comment of the `component!` declaration: the spec tag's description.
    pub doc: &'static str,
    pub functions: &'static [fn(&'static str) -> Entry],
}

impl Component {
    pub fn description(&self) -> &'static str {
        self.doc.trim()
    }
}

pub struct Entry {
    pub info: &'static FunctionInfo,
    /// The component the function is listed in (its spec tag).
    pub component: &'static str,
    /// The typed operation's metadata and endpoint.
    pub operation: fn(&Entry) -> poem_openapi::registry::MetaOperation,
    pub endpoint: fn(std::sync::Arc<AppState>) -> poem::endpoint::BoxEndpoint<'static>,
    pub register: fn(&mut Registry),
    pub params_schema: fn() -> MetaSchemaRef,
    pub returns_schema: fn() -> MetaSchemaRef,
    /// Decode JSON arguments with the typed parser, run the pipeline, return the result. The
    /// arguments may already have failed to decode (a bad form): the pipeline reports that at the
    /// parameter step, after function access, as for every protocol.
    pub call_json: JsonCall,
    /// The typed parser alone (for checking examples).
    pub parse_params: fn(Value) -> Result<(), ApiError>,
}

impl Entry {
    /// JSON arguments from a Moodle client (AJAX, the app's batch), read as Moodle's
    /// `validate_parameters` reads them (`"2"` for an int).
    pub fn moodle_args(&self, args: Value) -> Result<Value, ApiError> {
        super::form::moodle_json(args, Some(&(self.params_schema)()), registry(), "")
            .map_err(ApiError::invalid_parameter)
    }
}

pub fn entry<F: ExternalFunction>(component: &'static str) -> Entry {
    Entry {
        info: &F::INFO,
        component,
        operation: super::typed::operation::<F>,
        endpoint: super::typed::endpoint::<F>,
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
                Ok(Box::new(ReturnValue::<F>(out)) as Box<dyn Returned>)
            })
        },
    }
}

static COMPONENTS: OnceLock<Vec<&'static Component>> = OnceLock::new();
static ENTRIES: LazyLock<Vec<Entry>> =
    LazyLock::new(|| components().iter().flat_map(|c| c.functions.iter().map(|entry| entry(c.name))).collect());
static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut r = Registry::new();
    for e in ENTRIES.iter() {
        (e.register)(&mut r);
    }
    r
});

/// Adds plugins' components to the built-in ones (see `plugin::install`). Once per process,
/// before the catalogue is first used: false when it already holds other components.
pub(crate) fn install(plugins: &[&'static Component]) -> bool {
    let mut wanted = crate::COMPONENTS.to_vec();
    wanted.extend_from_slice(plugins);
    let names = |cs: &[&Component]| cs.iter().map(|c| c.name).collect::<Vec<_>>();
    names(COMPONENTS.get_or_init(|| wanted.clone())) == names(&wanted)
}

/// Every component: the built-in ones, then installed plugins.
pub fn components() -> &'static [&'static Component] {
    COMPONENTS.get_or_init(|| crate::COMPONENTS.to_vec())
}

pub fn all() -> &'static [Entry] {
    &ENTRIES
}

static INDEX: LazyLock<std::collections::HashMap<&'static str, usize>> =
    LazyLock::new(|| ENTRIES.iter().enumerate().map(|(i, e)| (e.info.name, i)).collect());

pub fn find(name: &str) -> Option<&'static Entry> {
    INDEX.get(name).map(|&i| &ENTRIES[i])
}

/// `name == component + "_" + module`, at compile time (see `component!`).
pub const fn named(name: &str, component: &str, module: &str) -> bool {
    let (n, c, m) = (name.as_bytes(), component.as_bytes(), module.as_bytes());
    if n.len() != c.len() + 1 + m.len() {
        return false;
    }
    let mut i = 0;
    while i < n.len() {
        let expected = if i < c.len() {
            c[i]
        } else if i == c.len() {
            b'_'
        } else {
            m[i - c.len() - 1]
        };
        if n[i] != expected {
            return false;
        }
        i += 1;
    }
    true
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
    let result = if state.capability_log.enabled() {
        // Boxed: a second copy of the pipeline's future inline would double every call's.
        let recording = Box::pin(super::access::recording(checked_execute::<F>(state, caller, batch, params)));
        let (result, checked) = recording.await;
        state.capability_log.add(F::INFO.name, checked);
        result
    } else {
        checked_execute::<F>(state, caller, batch, params).await
    };
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
    let own = tokio::sync::OnceCell::new();
    let call = Call::new(state, caller, batch, (F::INFO.kind == Kind::Write).then_some(&own), &F::INFO);
    if F::INFO.scope == Scope::System {
        for cap in F::INFO.requires {
            state.require_capability(caller.subject(), *cap, &[lmsgate_entities::ids::SYSTEM_CONTEXT]).await?;
        }
    }
    for (item, id) in F::scope(&params).into_iter().enumerate() {
        call.in_scope(item, id).await?;
    }
    // A list's memory is bounded per call; its turn bounds how many are held at once. A call in
    // an atomic batch holds a database connection, so it never waits for a turn: turn holders may
    // be waiting for that connection (and a batch runs its calls one at a time anyway).
    let turn = match F::INFO.lists && batch.is_none() {
        true => Some(state.take_list_turn().await),
        false => None,
    };
    let out = F::execute(&call, params).await?;
    drop((call, turn));
    if let Some(txn) = own.into_inner() {
        Box::pin(txn.commit()).await?;
    }
    if F::INFO.invalidates_caches {
        state.invalidate_caches();
    }
    Ok(out)
}

fn record(state: &AppState, function: &'static str, caller: &Caller, error: Option<&ApiError>, took: Duration) {
    let outcome = error.map(ApiError::errorcode);
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
