//! core_user_get_users: users matching every criterion, as far as the caller may see them.
use std::collections::HashSet;

use poem::http::StatusCode;
use poem_openapi::Object;
use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::user;

use super::UserDescription;
use super::view::{Viewer, describe};
use crate::common::Warning;
use crate::framework::types::{Alpha, clean_username};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

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
        component: "core_user",
        description: "Search for users matching all the criteria. Deleted users are left out; only users (and fields) the caller may see are returned.",
        kind: Kind::Read,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &[
            "moodle/user:viewdetails",
            "moodle/user:viewhiddendetails",
            "moodle/course:useremail",
            "moodle/user:update",
        ],
        services: &[],
        example: r#"{"criteria":[{"key":"email","value":"jdoe@example.org"}]}"#,
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let mut query = user::Entity::find().filter(user::Column::Deleted.eq(0));
        let mut seen = HashSet::new();
        let mut warnings = Vec::new();
        for (i, c) in p.criteria.iter().enumerate() {
            let key = c.key.as_str();
            if !seen.insert(key.to_string()) {
                return Err(ApiError::moodle(StatusCode::BAD_REQUEST, "keyalreadyset", "error/keyalreadyset")
                    .with_debuginfo(format!("criteria[{i}].key: the key '{key}' is given twice")));
            }
            let like = |col: user::Column| Expr::expr(Func::lower(Expr::col(col))).like(c.value.to_lowercase());
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
        let found = query.order_by_asc(user::Column::Id).all(&call.db()).await?;
        let ids: Vec<i64> = found.iter().map(|u| u.id).collect();
        let viewer = Viewer::load(call, &ids).await?;
        let wwwroot = &call.state.settings.wwwroot;
        let users = found.iter().filter_map(|u| describe(u, viewer.detail(u.id), wwwroot)).collect();
        Ok(Returns { users, warnings })
    }
}
