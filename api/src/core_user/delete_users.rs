//! core_user_delete_users: all or nothing. A deleted user keeps its row (`deleted` = 1, username
//! and email scrambled, as Moodle does) and loses everything attached to it.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, cohort_members, context, contextlevel, external_services_users, external_tokens, groups_members, now, role_assignments, user, user_enrolments, user_lastaccess, user_preferences};

use crate::framework::secrets::md5_hex;
use crate::framework::types::clean_username;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};
use crate::framework::code;

pub struct DeleteUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_delete_users_params", deny_unknown_fields)]
pub struct Params {
    /// Ids of the users to delete.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub userids: Vec<i64>,
}

impl ExternalFunction for DeleteUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_delete_users",
        summary: "Delete users (all or nothing)",
        description: "Delete users. All of them are deleted, or none when one cannot be.",
        kind: Kind::Write,
        requires: &[cap::USER_DELETE],
        example: r#"{"userids":[3]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let site = call.state.site().await?;
        let me = call.caller.user().id;
        let txn = call.write().await?;
        let t = now();
        for (i, id) in p.userids.iter().copied().enumerate() {
            let Some(u) = user::Entity::find_by_id(id).filter(user::Column::Deleted.eq(0)).one(&txn).await? else {
                return Err(ApiError::invalid_user().with_debuginfo(format!("userids[{i}]: no user with id {id}")));
            };
            if site.is_siteadmin(id) || id == site.int("siteguest") {
                return Err(code::USER_ADMIN_NO_DELETE.err()
                    .with_debuginfo(format!("userids[{i}]: user {id} is a site administrator or the guest")));
            }
            if id == me {
                return Err(code::USER_NOT_DELETED.err()
                    .with_debuginfo(format!("userids[{i}]: you cannot delete yourself")));
            }
            let mut name = clean_username(&format!("{}.{t}", u.email));
            if user::Entity::find().filter(user::Column::Username.eq(&name)).count(&txn).await? > 0 {
                name = format!("{name}.{id}");
            }
            let mut row = u.clone().into_active_model();
            row.deleted = Set(1);
            row.username = Set(name);
            row.email = Set(md5_hex(&u.username));
            row.idnumber = Set(String::new());
            row.password = Set(String::new());
            row.timemodified = Set(t);
            row.update(&txn).await?;
            role_assignments::Entity::delete_many().filter(role_assignments::Column::Userid.eq(id)).exec(&txn).await?;
            user_enrolments::Entity::delete_many().filter(user_enrolments::Column::Userid.eq(id)).exec(&txn).await?;
            groups_members::Entity::delete_many().filter(groups_members::Column::Userid.eq(id)).exec(&txn).await?;
            cohort_members::Entity::delete_many().filter(cohort_members::Column::Userid.eq(id)).exec(&txn).await?;
            external_tokens::Entity::delete_many().filter(external_tokens::Column::Userid.eq(id)).exec(&txn).await?;
            external_services_users::Entity::delete_many()
                .filter(external_services_users::Column::Userid.eq(id))
                .exec(&txn)
                .await?;
            user_lastaccess::Entity::delete_many().filter(user_lastaccess::Column::Userid.eq(id)).exec(&txn).await?;
            user_preferences::Entity::delete_many().filter(user_preferences::Column::Userid.eq(id)).exec(&txn).await?;
            context::Entity::delete_many()
                .filter(context::Column::Contextlevel.eq(contextlevel::USER))
                .filter(context::Column::Instanceid.eq(id))
                .exec(&txn)
                .await?;
        }
        Ok(Nothing)
    }
}
