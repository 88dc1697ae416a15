//! What an external function is: its metadata and its typed `execute`. Defined once; every
//! protocol (typed API, Moodle REST, AJAX) reaches it through the same pipeline.
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use futures_util::TryStreamExt;
use poem_openapi::types::{ParseFromJSON, ToJSON, Type};
use sea_orm::{DatabaseExecutor, DatabaseTransaction, EntityTrait, Select, TransactionTrait};
use tokio::sync::OnceCell;

use lmsgate_entities::cap::Capability;

use super::access::Scoped;
use super::caller::Caller;
use super::error::ApiError;
use super::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Read => "read",
            Kind::Write => "write",
        }
    }
}

/// What the catalogue, the spec and the services know of a function. A function declares only
/// what differs from `FunctionInfo::DEFAULT` (a read, login required, not AJAX, no service).
/// A `Kind::Write` begins its transaction with `call.write()` (a savepoint inside an atomic
/// batch); the pipeline commits it only when `execute` succeeded.
#[derive(Debug)]
pub struct FunctionInfo {
    /// Moodle's function name, e.g. `core_user_create_users`: the typed operation's id and path.
    /// Its component (the spec tag) is the prefix, checked when the component lists it.
    pub name: &'static str,
    /// One line: the operation's summary.
    pub summary: &'static str,
    pub description: &'static str,
    pub kind: Kind,
    /// Callable from the browser's AJAX endpoint.
    pub ajax: bool,
    pub login_required: bool,
    /// Capabilities the pipeline requires in the system context before `execute`.
    pub requires: &'static [Capability],
    /// Capabilities `execute` checks itself, per item or in the item's context (documentation).
    pub checks: &'static [Capability],
    /// Built-in services the function belongs to (e.g. `moodle_mobile_app`).
    pub services: &'static [&'static str],
    /// Example arguments (JSON) for the spec; a test checks they pass the parameter parser.
    pub example: &'static str,
    /// A write that changes what the caches hold (users, tokens, roles, enrolments, services,
    /// config): the pipeline empties them after it commits.
    pub invalidates_caches: bool,
    /// Where `requires` is checked: the system context, or the context of each course or group
    /// the parameters name (`ExternalFunction::scope`).
    pub scope: Scope,
    /// Answers a list of up to `limits.max_list_results` rows (`call.max_results`): it runs when
    /// one of the node's `limits.concurrent_lists` turns is free, so that a burst of lists holds
    /// a few lists' memory, not one per connection.
    pub lists: bool,
}

/// Where a function's declared capabilities are checked. For a course or group, the text is the
/// parameter that names it (`[]` stands for each item's index), e.g. `enrolments[].courseid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    System,
    /// The course's context, after Moodle's course context validation.
    Course(&'static str),
    /// The context of the group's course, after the same validation.
    Group(&'static str),
    /// The category's context.
    Category(&'static str),
}

impl Scope {
    /// The parameter naming item `i`'s course or group, e.g. `enrolments[2].courseid`.
    pub fn at(self, i: usize) -> String {
        match self {
            Scope::System => String::new(),
            Scope::Course(at) | Scope::Group(at) | Scope::Category(at) => at.replacen("[]", &format!("[{i}]"), 1),
        }
    }

    /// For the spec: where the required capabilities are checked.
    pub fn describe(self) -> String {
        match self {
            Scope::System => "system context".into(),
            Scope::Course(at) => format!("context of the course `{at}`"),
            Scope::Group(at) => format!("course context of the group `{at}`"),
            Scope::Category(at) => format!("context of the category `{at}`"),
        }
    }
}

impl FunctionInfo {
    /// Every capability a call may check: `requires`, `checks` and, for a course or group
    /// scope, those of Moodle's course context validation.
    pub fn capabilities(&self) -> impl Iterator<Item = Capability> + '_ {
        let entering = match self.scope {
            Scope::Course(_) | Scope::Group(_) => super::access::ENTER_COURSE,
            Scope::System | Scope::Category(_) => &[],
        };
        self.requires.iter().chain(self.checks).chain(entering).copied()
    }

    pub const DEFAULT: FunctionInfo = FunctionInfo {
        name: "",
        summary: "",
        description: "",
        kind: Kind::Read,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &[],
        services: &[],
        example: "{}",
        invalidates_caches: false,
        scope: Scope::System,
        lists: false,
    };
}

/// One call's view of the world: the state, the resolved caller, and the transactions the call
/// runs in: an atomic AJAX batch's, and a write's own (begun by `write`, committed by the
/// pipeline when `execute` succeeded).
pub struct Call<'a> {
    pub state: &'a AppState,
    pub caller: &'a Caller,
    pub batch: Option<&'a DatabaseTransaction>,
    pub(crate) own: Option<&'a OnceCell<DatabaseTransaction>>,
    /// The function's declared checks, applied by `in_scope`.
    pub(crate) info: &'static FunctionInfo,
    /// Courses and groups already validated by `in_scope`, by id.
    pub(crate) places: std::sync::Mutex<HashMap<i64, Arc<Scoped>>>,
    /// The caller's courses (`my_courses`), loaded once per call.
    pub(crate) mine: OnceCell<HashSet<i64>>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(
        state: &'a AppState,
        caller: &'a Caller,
        batch: Option<&'a DatabaseTransaction>,
        own: Option<&'a OnceCell<DatabaseTransaction>>,
        info: &'static FunctionInfo,
    ) -> Self {
        Self { state, caller, batch, own, info, places: Default::default(), mine: OnceCell::new() }
    }

    /// Where every read and write of the call goes: the write's transaction once begun, else the
    /// batch's, else the pool.
    pub fn db(&self) -> DatabaseExecutor<'_> {
        match self.txn() {
            Some(txn) => txn.into(),
            None => (&self.state.db).into(),
        }
    }

    fn txn(&self) -> Option<&DatabaseTransaction> {
        self.own.and_then(OnceCell::get).or(self.batch)
    }

    /// The write's transaction, begun on first use (a savepoint inside an atomic batch); from then
    /// on `db()` is this transaction. A write does its slow work (password hashing) before this,
    /// since on SQLite it takes the write lock. Only for `Kind::Write` functions.
    pub async fn write(&self) -> Result<DatabaseExecutor<'_>, ApiError> {
        let own = self.own.ok_or_else(|| ApiError::coding("a read function cannot write"))?;
        let txn = own
            .get_or_try_init(|| async {
                match self.batch {
                    Some(batch) => Ok::<_, ApiError>(batch.begin().await?),
                    None => self.state.begin_write().await,
                }
            })
            .await?;
        Ok(txn.into())
    }

    /// Every row of `query`, decoded one at a time: the database's rows are never all held
    /// beside the models (for lists of many rows).
    pub async fn fetch_all<E: EntityTrait>(&self, query: Select<E>) -> Result<Vec<E::Model>, ApiError>
    where
        E::Model: Send + Sync,
    {
        Ok(match self.txn() {
            Some(txn) => query.stream(txn).await?.try_collect().await?,
            None => query.stream(&self.state.db).await?.try_collect().await?,
        })
    }
}

pub trait ExternalFunction: Send + Sync + 'static {
    const INFO: FunctionInfo;
    /// `validator` covers the cross-field rules the schema cannot express.
    type Params: ParseFromJSON + Type + validator::Validate + Send + 'static;
    type Returns: ToJSON + Type + Send + 'static;

    /// The ids of the courses or groups (`INFO.scope`) the parameters name, in item order: the
    /// pipeline validates each one's context and checks `INFO.requires` there before `execute`.
    /// A function whose checks Moodle makes later (after some validation of the item) returns
    /// none here and calls `call.in_scope` itself at that point.
    fn scope(_params: &Self::Params) -> Vec<i64> {
        Vec::new()
    }

    fn execute(call: &Call<'_>, params: Self::Params) -> impl Future<Output = Result<Self::Returns, ApiError>> + Send;

    /// The return value as JSON text (the typed API's and REST JSON's answer). By default
    /// through poem-openapi's `ToJSON` tree; a hot function with a large answer writes its text
    /// straight from the struct instead (with `serde`, tested equal to `to_json`), or hands out
    /// a text it keeps (`Rendered`).
    fn json_text(returns: &Self::Returns) -> Bytes {
        serde_json::to_vec(&returns.to_json().unwrap_or_default()).unwrap_or_default().into()
    }
}

/// A function's return value on its way to a protocol, which asks for the form it sends: a
/// `Value` (XML, AJAX batches) or JSON text.
pub trait Returned: Send {
    fn into_value(self: Box<Self>) -> serde_json::Value;
    fn json_text(&self) -> Bytes;
}

pub(crate) struct ReturnValue<F: ExternalFunction>(pub F::Returns);

impl<F: ExternalFunction> Returned for ReturnValue<F> {
    fn into_value(self: Box<Self>) -> serde_json::Value {
        self.0.to_json().unwrap_or_default()
    }
    fn json_text(&self) -> Bytes {
        F::json_text(&self.0)
    }
}
