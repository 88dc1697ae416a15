//! report_log_get_entries: the audit log (every function call: who, what, how, outcome, time),
//! newest first, filtered by user, function and time. `lmsgate log` reads it with `query`.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, log};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetEntries;

fn hundred() -> u64 {
    100
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "report_log_get_entries_params", deny_unknown_fields)]
pub struct Params {
    /// Only calls by this user id.
    pub userid: Option<i64>,
    /// Only calls of this function.
    pub function: Option<String>,
    /// Only calls at or after this Unix time.
    #[oai(validator(minimum(value = "0")))]
    pub since: Option<i64>,
    /// At most this many entries.
    #[oai(default = "hundred", validator(minimum(value = "1"), maximum(value = "1000")))]
    pub limit: u64,
}

/// One function call.
#[derive(Debug, Object)]
#[oai(rename = "report_log_entry")]
pub struct Entry {
    /// Entry id (increasing).
    pub id: i64,
    /// Unix time of the call.
    pub timecreated: i64,
    /// The caller's user id.
    pub userid: i64,
    /// The function called.
    pub function: String,
    /// The token's service id (none for browser sessions).
    #[oai(skip_serializing_if_is_none)]
    pub serviceid: Option<i64>,
    /// How the call came in: `typed`, `rest`, `ajax`.
    pub protocol: String,
    /// The client's IP address.
    pub ip: String,
    /// `ok`, or the error code the call ended with.
    pub outcome: String,
    /// Milliseconds in the call pipeline.
    pub durationms: i64,
}

/// The filters of a log query.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub userid: Option<i64>,
    pub function: Option<String>,
    pub since: Option<i64>,
    pub limit: u64,
}

/// Entries matching `filter`, newest first.
pub async fn query<C: ConnectionTrait>(db: &C, filter: &Filter) -> Result<Vec<Entry>, ApiError> {
    let mut q = log::Entity::find().order_by_desc(log::Column::Id).limit(filter.limit);
    if let Some(u) = filter.userid {
        q = q.filter(log::Column::Userid.eq(u));
    }
    if let Some(f) = &filter.function {
        q = q.filter(log::Column::Functionname.eq(f.as_str()));
    }
    if let Some(t) = filter.since {
        q = q.filter(log::Column::Timecreated.gte(t));
    }
    Ok(q.all(db)
        .await?
        .into_iter()
        .map(|r| Entry {
            id: r.id,
            timecreated: r.timecreated,
            userid: r.userid,
            function: r.functionname.unwrap_or_default(),
            serviceid: r.serviceid,
            protocol: r.protocol.unwrap_or_default(),
            ip: r.ip,
            outcome: r.outcome,
            durationms: r.durationms,
        })
        .collect())
}

impl ExternalFunction for GetEntries {
    const INFO: FunctionInfo = FunctionInfo {
        name: "report_log_get_entries",
        summary: "Audit log entries of function calls, newest first",
        description: "Audit log of function calls (time, user, function, service, protocol, client IP, outcome, duration), newest first. Entries are written in batches, so the last second of calls may not be there yet.",
        requires: &[cap::REPORT_LOG_VIEW],
        example: r#"{"function":"core_user_create_users","since":1767225600,"limit":50}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Entry>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Entry>, ApiError> {
        let filter = Filter { userid: p.userid, function: p.function, since: p.since, limit: p.limit };
        query(&call.db(), &filter).await
    }
}
