//! core_session_touch: keeps the caller's browser session alive (Moodle's `touch_session`); a
//! call without a session has nothing to keep and answers true, as Moodle does.
use poem_openapi::Object;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{now, sessions};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct Touch;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_session_touch_params", deny_unknown_fields)]
pub struct Params {}

impl ExternalFunction for Touch {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_session_touch",
        summary: "Keep the users session alive",
        description: "Keep the users session alive",
        ajax: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = bool;

    async fn execute(call: &Call<'_>, _: Params) -> Result<bool, ApiError> {
        if let Some(id) = call.caller.session {
            sessions::Entity::update_many()
                .col_expr(sessions::Column::Timemodified, Expr::value(now()))
                .filter(sessions::Column::Id.eq(id))
                .exec(&call.db())
                .await?;
        }
        Ok(true)
    }
}
