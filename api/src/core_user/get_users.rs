//! core_user_get_users: users matching every criterion, as far as the caller may see them.
use std::collections::HashSet;

use poem_openapi::Object;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, Condition, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, user};

use super::UserDescription;
use super::view::{Viewer, describe};
use crate::common::Warning;
use crate::framework::types::{Alpha, clean_username};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};
use crate::framework::code;

pub struct GetUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_get_users_params", deny_unknown_fields)]
pub struct Params {
    /// Criteria, all of which must match. Keys: `id`, `idnumber`, `username`, `auth` (exact);
    /// `email`, `firstname`, `lastname` (case-insensitive, `%` wildcards allowed).
    #[oai(validator(max_items = 20))]
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_get_users_criterion", deny_unknown_fields)]
pub struct Criterion {
    /// Field to search.
    pub key: Alpha,
    /// Value to search for.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_get_users_returns")]
pub struct Returns {
    /// Matching users the caller may see.
    pub users: Vec<UserDescription>,
    /// Criteria that were ignored.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_get_users",
        summary: "Search for users matching all criteria",
        description: "Search for users matching all the criteria. Deleted users are left out; only users (and fields) the caller may see are returned.",
        checks: &[
            cap::USER_VIEWDETAILS,
            cap::USER_VIEWHIDDENDETAILS,
            cap::COURSE_USEREMAIL,
            cap::USER_UPDATE,
        ],
        example: r#"{"criteria":[{"key":"email","value":"jdoe@example.org"}]}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let backend = call.state.db.get_database_backend();
        let mut query = user::Entity::find().filter(user::Column::Deleted.eq(0));
        let mut seen = HashSet::new();
        let mut warnings = Vec::new();
        for (i, c) in p.criteria.iter().enumerate() {
            let key = c.key.as_str();
            if !seen.insert(key.to_string()) {
                return Err(code::KEY_ALREADY_SET.err()
                    .with_debuginfo(format!("criteria[{i}].key: the key '{key}' is given twice")));
            }
            let like = |col: user::Column| search(backend, col, &c.value);
            query = match key {
                "id" => {
                    let id: i64 = c.value.parse().ok().filter(|v: &i64| v.to_string() == c.value).ok_or_else(|| {
                        ApiError::invalid_parameter(format!("criteria[{i}].value: '{}' is not a valid id", c.value))
                    })?;
                    query.filter(user::Column::Id.eq(id))
                }
                "idnumber" => query.filter(user::Column::Idnumber.eq(&c.value)),
                "username" => query.filter(user::Column::Username.eq(clean_username(&c.value))),
                "auth" => query.filter(user::Column::Auth.eq(&c.value)),
                "email" => query.filter(like(user::Column::Email)),
                "firstname" => query.filter(like(user::Column::Firstname)),
                "lastname" => query.filter(like(user::Column::Lastname)),
                _ => {
                    warnings.push(Warning {
                        item: Some(key.to_string()),
                        itemid: None,
                        warningcode: "invalidfieldparameter".into(),
                        message: format!(
                            "The search key '{key}' is not supported, look at the web service documentation"
                        ),
                    });
                    continue;
                }
            };
        }
        // Only users the caller may see, chosen by the database, and at most a page of them.
        let viewer = Viewer::new(call).await?;
        if let Some(visible) = viewer.visible_users() {
            query = query.filter(visible);
        }
        let mut found = call.fetch_all(query.order_by_asc(user::Column::Id).limit(call.fetch_limit())).await?;
        warnings.extend(call.cut_to_max(&mut found, "users", "Narrow the criteria."));
        let ids: Vec<i64> = found.iter().map(|u| u.id).collect();
        let viewer = viewer.sharing_with(call, &ids).await?;
        let wwwroot = &call.state.settings.wwwroot;
        let pictures = super::Pictures::load(&call.db(), &found).await?;
        let mut users: Vec<_> =
            found.iter().filter_map(|u| describe(u, viewer.detail(u.id), wwwroot, &pictures)).collect();
        super::view::with_own_preferences(call, &mut users).await?;
        Ok(Returns { users, warnings })
    }
}

/// `col` matches `pattern` (SQL `LIKE`, `%` and `_` wildcards) ignoring case, written so each
/// backend can use an index (migration m0005): MySQL compares case-insensitively by collation;
/// PostgreSQL's `text_pattern_ops` index on `lower(col)` serves a `LIKE` with a literal prefix
/// (and its trigram index an infix); SQLite uses its `lower(col)` index only for comparisons,
/// so the literal prefix is also given as a range.
fn search(backend: DatabaseBackend, col: user::Column, pattern: &str) -> Condition {
    if backend == DatabaseBackend::MySql {
        return Condition::all().add(Expr::col(col).like(pattern));
    }
    let pattern = pattern.to_lowercase();
    let lower = || Expr::expr(Func::lower(Expr::col(col)));
    let mut all = Condition::all().add(lower().like(pattern.as_str()));
    let prefix: String = pattern.chars().take_while(|c| *c != '%' && *c != '_').collect();
    if backend == DatabaseBackend::Sqlite && !prefix.is_empty() {
        all = all.add(lower().gte(prefix.as_str()));
        if let Some(end) = next_prefix(&prefix) {
            all = all.add(lower().lt(end));
        }
    }
    all
}

/// The smallest string greater than every string starting with `prefix`.
fn next_prefix(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_range_after_a_prefix() {
        assert_eq!(super::next_prefix("jdoe").as_deref(), Some("jdof"));
        assert_eq!(super::next_prefix("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(super::next_prefix(""), None);
    }
}
