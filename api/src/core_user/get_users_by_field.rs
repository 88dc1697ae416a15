//! core_user_get_users_by_field: users by id, idnumber, username or email.
use poem_openapi::{Enum, Object};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, seed, user};

use super::UserDescription;
use super::view::{Viewer, describe};
use crate::framework::types::clean_username;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUsersByField;

/// The field to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_user_get_users_by_field_field", rename_all = "lowercase")]
pub enum Field {
    Id,
    Idnumber,
    Username,
    Email,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_get_users_by_field_params", deny_unknown_fields)]
pub struct Params {
    /// The field to match.
    pub field: Field,
    /// The values to match.
    #[oai(validator(max_items = 1000))]
    pub values: Vec<String>,
}

impl ExternalFunction for GetUsersByField {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_get_users_by_field",
        summary: "Get users by id, idnumber, username or email",
        description: "Get users by id, idnumber, username or email; only users (and fields) the caller may see are returned.",
        ajax: true,
        checks: &[
            cap::USER_VIEWDETAILS,
            cap::USER_VIEWHIDDENDETAILS,
            cap::COURSE_USEREMAIL,
            cap::USER_UPDATE,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"field":"username","values":["jdoe"]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<UserDescription>;

    fn json_text(returns: &Vec<UserDescription>) -> bytes::Bytes {
        serde_json::to_vec(returns).unwrap_or_default().into()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<UserDescription>, ApiError> {
        if p.values.is_empty() {
            return Ok(Vec::new());
        }
        let name = match p.field {
            Field::Id => "id",
            Field::Idnumber => "idnumber",
            Field::Username => "username",
            Field::Email => "email",
        };
        let invalid = |i: usize, v: &str, c: &str| {
            ApiError::invalid_parameter(format!(
                "values[{i}]: The field '{name}' value is invalid: {v}(cleaned value: {c})"
            ))
        };
        let query = user::Entity::find();
        let query = match p.field {
            Field::Id => {
                let mut ids = Vec::with_capacity(p.values.len());
                for (i, v) in p.values.iter().enumerate() {
                    match v.parse::<i64>() {
                        Ok(id) if id.to_string() == *v => ids.push(id),
                        _ => return Err(invalid(i, v, &v.parse::<i64>().unwrap_or(0).to_string())),
                    }
                }
                query.filter(user::Column::Id.is_in(ids))
            }
            Field::Username => {
                for (i, v) in p.values.iter().enumerate() {
                    let cleaned = clean_username(v);
                    if cleaned != *v {
                        return Err(invalid(i, v, &cleaned));
                    }
                }
                query.filter(user::Column::Username.is_in(p.values.iter().cloned()))
            }
            Field::Email => query.filter(user::Column::Email.is_in(p.values.iter().cloned())),
            Field::Idnumber => query.filter(user::Column::Idnumber.is_in(p.values.iter().cloned())),
        };
        let found = query.order_by_asc(user::Column::Id).all(&call.db()).await?;
        let ids: Vec<i64> = found.iter().map(|u| u.id).collect();
        let viewer = Viewer::load(call, &ids).await?;
        let wwwroot = &call.state.settings.wwwroot;
        let pictures = super::Pictures::load(&call.db(), &found).await?;
        let mut users: Vec<UserDescription> =
            found.iter().filter_map(|u| describe(u, viewer.detail(u.id), wwwroot, &pictures)).collect();
        super::view::with_own_preferences(call, &mut users).await?;
        Ok(users)
    }
}
