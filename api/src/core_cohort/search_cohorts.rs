//! core_cohort_search_cohorts: cohorts visible from a context, by name, a page at a time.
use poem_openapi::Object;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, cohort, context};

use crate::framework::access::{context_of, contexts_below, path_of};
use crate::framework::types::ContextLevel;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

use super::store::*;

pub struct SearchCohorts;

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_context", deny_unknown_fields)]
pub struct ContextRef {
    /// Context id.
    pub contextid: Option<i64>,
    /// Context level, with `instanceid` (when no `contextid` is given).
    pub contextlevel: Option<ContextLevel>,
    /// Instance id at that level.
    pub instanceid: Option<i64>,
}

fn parents() -> String {
    "parents".into()
}
fn twenty_five() -> u64 {
    25
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_search_cohorts_params", deny_unknown_fields)]
pub struct SearchParams {
    /// Text to find in the name, idnumber or description.
    pub query: String,
    /// The context to search from.
    pub context: ContextRef,
    /// Which contexts to search: `self`, `parents` (self and above) or `all` (also below).
    #[oai(default = "parents")]
    pub includes: String,
    /// Skip this many results.
    #[oai(default)]
    pub limitfrom: u64,
    /// Return at most this many.
    #[oai(default = "twenty_five", validator(maximum(value = "1000")))]
    pub limitnum: u64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_search_cohorts_result")]
pub struct SearchReturns {
    /// Matching cohorts.
    pub cohorts: Vec<CohortInfo>,
}

impl ExternalFunction for SearchCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_search_cohorts",
        summary: "Search cohorts visible from a context",
        description: "Search cohorts visible from a context; needs moodle/cohort:view (or manage) there.",
        ajax: true,
        checks: &[cap::COHORT_VIEW, cap::COHORT_MANAGE],
        example: r#"{"query":"class","context":{"contextid":1},"includes":"all"}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = SearchParams;
    type Returns = SearchReturns;

    async fn execute(call: &Call<'_>, p: SearchParams) -> Result<SearchReturns, ApiError> {
        let db = &call.db();
        if !["self", "parents", "all"].contains(&p.includes.as_str()) {
            return Err(ApiError::coding("Invalid parameter value for 'includes'.")
                .with_debuginfo(format!("includes: must be self, parents or all, got {}", p.includes)));
        }
        let ctx = match (p.context.contextid, &p.context.contextlevel, p.context.instanceid) {
            (Some(id), _, _) => context::Entity::find_by_id(id).one(db).await?,
            (None, Some(level), Some(instance)) => context_of(db, level.id(), instance).await?,
            _ => None,
        }
        .ok_or_else(|| {
            ApiError::invalid_parameter("context: give an existing contextid, or contextlevel and instanceid")
        })?;
        let path = path_of(&ctx);
        if !call.can(cap::COHORT_VIEW, &path).await? {
            call.require(cap::COHORT_MANAGE, &path).await?;
        }
        let mut q = cohort::Entity::find();
        q = match p.includes.as_str() {
            "self" => q.filter(cohort::Column::Contextid.eq(ctx.id)),
            "parents" => q.filter(cohort::Column::Contextid.is_in(path.iter().copied())),
            _ => {
                let below = sea_orm::sea_query::Query::select()
                    .column(context::Column::Id)
                    .from(context::Entity)
                    .cond_where(contexts_below(db.get_database_backend(), &ctx.path))
                    .to_owned();
                q.filter(
                    Condition::any()
                        .add(cohort::Column::Contextid.is_in(path.iter().copied()))
                        .add(cohort::Column::Contextid.in_subquery(below)),
                )
            }
        };
        let text = p.query.trim().to_lowercase().replace(['%', '_', '\\'], "");
        if !text.is_empty() {
            let pattern = format!("%{text}%");
            let like = |col: cohort::Column| Expr::expr(Func::lower(Expr::col(col))).like(pattern.clone());
            q = q.filter(
                Condition::any()
                    .add(like(cohort::Column::Name))
                    .add(like(cohort::Column::Idnumber))
                    .add(like(cohort::Column::Description)),
            );
        }
        let rows = q
            .order_by_asc(cohort::Column::Name)
            .order_by_asc(cohort::Column::Id)
            .offset(p.limitfrom)
            .limit(Ord::min(p.limitnum, call.max_results()))
            .all(db)
            .await?;
        Ok(SearchReturns { cohorts: rows.into_iter().map(info).collect() })
    }
}
