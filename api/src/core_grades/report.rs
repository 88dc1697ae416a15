//! What the grade reports share: the user a report is about, and whether the caller may see it.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{cap, ids, user};

use crate::framework::access::Scoped;
use crate::framework::{ApiError, Call, code};

/// The user a report is about, as Moodle's `require_active_user` wants them.
pub async fn active_user<C: ConnectionTrait>(db: &C, userid: i64) -> Result<user::Model, ApiError> {
    let u = user::Entity::find_by_id(userid)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::missing_record("user").with_debuginfo(format!("userid: no user {userid}")))?;
    if u.deleted != 0 {
        return Err(code::USER_DELETED.err());
    }
    if u.suspended != 0 || u.auth == "nologin" {
        return Err(code::SUSPENDED.err());
    }
    Ok(u)
}

/// The course (item 0 of the call's scope) and the user (0: the caller) of a report the caller
/// may see: anyone's with moodle/grade:viewall (in the system context too for the `overview`),
/// else their own with moodle/grade:view where the course shows grades (for the `overview`, the
/// site course too); `nopermissiontoviewgrades` otherwise.
pub async fn may_view(
    call: &Call<'_>,
    courseid: i64,
    userid: i64,
    overview: bool,
) -> Result<(std::sync::Arc<Scoped>, user::Model), ApiError> {
    let place = call.in_scope(0, courseid).await?;
    let me = call.caller.user();
    let who = match userid {
        0 => me.clone(),
        id => active_user(&call.db(), id).await?,
    };
    let showgrades = place.course.as_ref().is_some_and(|c| c.showgrades != 0);
    let allowed = (overview && call.can(cap::GRADE_VIEWALL, &[ids::SYSTEM_CONTEXT]).await?)
        || call.can(cap::GRADE_VIEWALL, &place.path).await?
        || (who.id == me.id
            && ((showgrades && call.can(cap::GRADE_VIEW, &place.path).await?)
                || (overview && courseid == ids::SITE_COURSE)));
    if !allowed {
        return Err(code::NO_PERMISSION_TO_VIEW_GRADES.err());
    }
    Ok((place, who))
}

/// The course and users of a user report: one user's (see `may_view`), or every graded user's
/// (`userid` 0, moodle/grade:viewall).
pub async fn report_users(
    call: &Call<'_>,
    courseid: i64,
    userid: i64,
) -> Result<(std::sync::Arc<Scoped>, Vec<user::Model>), ApiError> {
    if userid != 0 {
        let (place, who) = may_view(call, courseid, userid, false).await?;
        return Ok((place, vec![who]));
    }
    let place = call.in_scope(0, courseid).await?;
    call.require(cap::GRADE_VIEWALL, &place.path).await?;
    let db = call.db();
    let ids = super::gradebook::graded_users(&db, place.context.id).await?;
    let mut users = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        users.extend(
            user::Entity::find()
                .filter(user::Column::Id.is_in(chunk.iter().copied()))
                .filter(user::Column::Deleted.eq(0))
                .all(&db)
                .await?,
        );
    }
    Ok((place, users))
}
