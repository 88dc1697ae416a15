//! enrol_manual_enrol_users: all or nothing; `enrol/manual:enrol` in each course, and only roles
//! the caller may assign there.
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, enrol, now, role_assignments, user, user_enrolments};

use crate::framework::access::assignable_roles;
use crate::framework::{Scope, ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};
use crate::framework::code;

pub struct EnrolUsers;

#[derive(Debug, Object, Validate)]
#[oai(rename = "enrol_manual_enrol_users_params", deny_unknown_fields)]
pub struct Params {
    /// Enrolments to make, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub enrolments: Vec<Enrolment>,
}

#[derive(Debug, Object)]
#[oai(rename = "enrol_manual_enrolment", deny_unknown_fields)]
pub struct Enrolment {
    /// Role to assign in the course.
    pub roleid: i64,
    /// User to enrol.
    pub userid: i64,
    /// Course to enrol in.
    pub courseid: i64,
    /// Start of the enrolment (Unix time; default now).
    pub timestart: Option<i64>,
    /// End of the enrolment (Unix time; 0 = none).
    pub timeend: Option<i64>,
    /// 1 to suspend the enrolment.
    #[oai(validator(minimum(value = "0"), maximum(value = "1")))]
    pub suspend: Option<i32>,
}

/// The course's manual enrolment instance, or `wsnoinstance`.
pub async fn manual_instance<C: sea_orm::ConnectionTrait>(
    db: &C,
    at: &str,
    courseid: i64,
) -> Result<enrol::Model, ApiError> {
    enrol::Entity::find()
        .filter(enrol::Column::Courseid.eq(courseid))
        .filter(enrol::Column::Enrol.eq("manual"))
        .filter(enrol::Column::Status.eq(0))
        .one(db)
        .await?
        .ok_or_else(|| {
            code::WS_NO_INSTANCE.with_fields([("courseid", &courseid)])
            .with_debuginfo(format!("{at}.courseid: course {courseid} has no enabled manual enrolment"))
        })
}

impl ExternalFunction for EnrolUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "enrol_manual_enrol_users",
        summary: "Enrol users in courses (all or nothing)",
        description: "Enrol users in courses with a role. All of them are enrolled, or none when one cannot be.",
        kind: Kind::Write,
        requires: &[cap::ENROL_MANUAL_ENROL],
        scope: Scope::Course("enrolments[].courseid"),
        checks: &[cap::ROLE_ASSIGN],
        example: r#"{"enrolments":[{"roleid":5,"userid":3,"courseid":2}]}"#,
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
        let t = now();
        for (i, e) in p.enrolments.into_iter().enumerate() {
            let at = format!("enrolments[{i}]");
            let place = call.in_scope(i, e.courseid).await?;
            let (c, ctx, path) = (place.course(), &place.context, &place.path);
            if !assignable_roles(call, contextlevel::COURSE, path).await?.contains(&e.roleid) {
                return Err(code::WS_USER_CANNOT_ASSIGN.with_fields([
                    ("roleid", &e.roleid),
                    ("userid", &e.userid),
                    ("courseid", &e.courseid),
                ])
                .with_debuginfo(format!("{at}.roleid: role {} is not assignable by you here", e.roleid)));
            }
            let instance = manual_instance(&txn, &at, c.id).await?;
            let Some(enrolled) = user::Entity::find_by_id(e.userid).filter(user::Column::Deleted.eq(0)).one(&txn).await?
            else {
                return Err(ApiError::invalid_user().with_debuginfo(format!("{at}.userid: no user {}", e.userid)));
            };
            let status = e.suspend.unwrap_or(0);
            let existing = user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Enrolid.eq(instance.id))
                .filter(user_enrolments::Column::Userid.eq(e.userid))
                .one(&txn)
                .await?;
            match existing {
                Some(ue) => {
                    let mut row = ue.into_active_model();
                    row.status = Set(status);
                    if let Some(ts) = e.timestart {
                        row.timestart = Set(ts);
                    }
                    if let Some(te) = e.timeend {
                        row.timeend = Set(te);
                    }
                    row.modifierid = Set(call.caller.user().id);
                    row.timemodified = Set(t);
                    row.update(&txn).await?;
                }
                None => {
                    user_enrolments::ActiveModel {
                        id: NotSet,
                        status: Set(status),
                        enrolid: Set(instance.id),
                        userid: Set(e.userid),
                        timestart: Set(e.timestart.unwrap_or(t)),
                        timeend: Set(e.timeend.unwrap_or(0)),
                        modifierid: Set(call.caller.user().id),
                        timecreated: Set(t),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?;
                    welcome(call, &txn, &enrolled, c).await?;
                }
            }
            assign_role(&txn, e.roleid, e.userid, ctx.id, call.caller.user().id).await?;
        }
        Ok(Nothing)
    }
}

/// Moodle's course welcome message (sent on a new enrolment, from the user who enrolled).
async fn welcome<C: sea_orm::ConnectionTrait>(
    call: &Call<'_>,
    db: &C,
    to: &user::Model,
    c: &lmsgate_entities::course::Model,
) -> Result<(), ApiError> {
    let text = format!("Hi {}, you are enrolled in the course {}.", to.firstname, c.fullname);
    let notice = crate::core_message::notification::Notice {
        from: call.caller.user().id,
        to: to.id,
        subject: &format!("Welcome to {}", c.fullname),
        fullmessage: &text,
        fullmessagehtml: &text,
        smallmessage: None,
        eventtype: "enrolcoursewelcomemessage",
        contexturl: Some(format!("{}/user/view.php?id={}&amp;course={}", call.state.settings.wwwroot, to.id, c.id)),
        contexturlname: Some(&c.fullname),
    };
    crate::core_message::notification::send(db, notice).await?;
    Ok(())
}

/// Assigns a role in a context unless the user already holds it there.
pub async fn assign_role<C: sea_orm::ConnectionTrait>(
    db: &C,
    roleid: i64,
    userid: i64,
    contextid: i64,
    modifier: i64,
) -> Result<(), ApiError> {
    let held = role_assignments::Entity::find()
        .filter(role_assignments::Column::Roleid.eq(roleid))
        .filter(role_assignments::Column::Userid.eq(userid))
        .filter(role_assignments::Column::Contextid.eq(contextid))
        .one(db)
        .await?;
    if held.is_none() {
        role_assignments::ActiveModel {
            id: NotSet,
            roleid: Set(roleid),
            contextid: Set(contextid),
            userid: Set(userid),
            timemodified: Set(now()),
            modifierid: Set(modifier),
            component: Set(String::new()),
            itemid: Set(0),
            sortorder: Set(0),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
