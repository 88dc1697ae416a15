//! enrol_manual_unenrol_users: all or nothing; `enrol/manual:unenrol` in each course. A user
//! left with no enrolment in the course also loses their roles there and their group memberships.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, context, enrol, groups, groups_members, role_assignments, user, user_enrolments};

use super::enrol_users::manual_instance;
use crate::framework::{Scope, ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct UnenrolUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "enrol_manual_unenrol_users_params", deny_unknown_fields)]
pub struct Params {
    /// Enrolments to remove, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub enrolments: Vec<Unenrolment>,
}

#[derive(Debug, Object)]
#[oai(rename = "enrol_manual_unenrolment", deny_unknown_fields)]
pub struct Unenrolment {
    /// User to unenrol.
    pub userid: i64,
    /// Course to unenrol from.
    pub courseid: i64,
    /// Accepted for compatibility; every role the enrolment gave is removed.
    pub roleid: Option<i64>,
}

impl ExternalFunction for UnenrolUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "enrol_manual_unenrol_users",
        summary: "Unenrol users from courses (all or nothing)",
        description: "Unenrol users from courses. All of them are unenrolled, or none when one cannot be; unenrolling a user who is not enrolled is not an error.",
        kind: Kind::Write,
        requires: &[cap::ENROL_MANUAL_UNENROL],
        scope: Scope::Course("enrolments[].courseid"),
                example: r#"{"enrolments":[{"userid":3,"courseid":2}]}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    fn scope(p: &Params) -> Vec<i64> {
        p.enrolments.iter().map(|e| e.courseid).collect()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let txn = call.write().await?;
        for (i, e) in p.enrolments.into_iter().enumerate() {
            let at = format!("enrolments[{i}]");
            let place = call.in_scope(i, e.courseid).await?;
            let (c, ctx) = (place.course(), &place.context);
            let instance = manual_instance(&txn, &at, c.id).await?;
            if user::Entity::find_by_id(e.userid).one(&txn).await?.is_none() {
                return Err(ApiError::invalid_parameter(format!("{at}.userid: User id not exist: {}", e.userid)));
            }
            user_enrolments::Entity::delete_many()
                .filter(user_enrolments::Column::Enrolid.eq(instance.id))
                .filter(user_enrolments::Column::Userid.eq(e.userid))
                .exec(&txn)
                .await?;
            let instances: Vec<i64> = enrol::Entity::find()
                .filter(enrol::Column::Courseid.eq(c.id))
                .all(&txn)
                .await?
                .into_iter()
                .map(|x| x.id)
                .collect();
            let still = user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Enrolid.is_in(instances))
                .filter(user_enrolments::Column::Userid.eq(e.userid))
                .one(&txn)
                .await?;
            if still.is_none() {
                let below: Vec<i64> = context::Entity::find()
                    .filter(crate::framework::access::contexts_below(txn.get_database_backend(), &ctx.path))
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|x| x.id)
                    .chain([ctx.id])
                    .collect();
                role_assignments::Entity::delete_many()
                    .filter(role_assignments::Column::Userid.eq(e.userid))
                    .filter(role_assignments::Column::Contextid.is_in(below))
                    .exec(&txn)
                    .await?;
                let group_ids: Vec<i64> = groups::Entity::find()
                    .filter(groups::Column::Courseid.eq(c.id))
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|g| g.id)
                    .collect();
                groups_members::Entity::delete_many()
                    .filter(groups_members::Column::Userid.eq(e.userid))
                    .filter(groups_members::Column::Groupid.is_in(group_ids))
                    .exec(&txn)
                    .await?;
            }
        }
        Ok(Nothing)
    }
}
