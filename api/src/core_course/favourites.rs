//! Starred courses (Moodle's favourites of component `core_course`, item type `courses`).
use std::collections::HashSet;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use lmsgate_entities::{favourite, now};

use crate::framework::ApiError;

const COMPONENT: &str = "core_course";
const ITEMTYPE: &str = "courses";

/// The courses `userid` starred.
pub async fn starred<C: ConnectionTrait>(db: &C, userid: i64) -> Result<HashSet<i64>, ApiError> {
    let ids: Vec<i64> = favourite::Entity::find()
        .select_only()
        .column(favourite::Column::Itemid)
        .filter(favourite::Column::Userid.eq(userid))
        .filter(favourite::Column::Component.eq(COMPONENT))
        .filter(favourite::Column::Itemtype.eq(ITEMTYPE))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

pub async fn star<C: ConnectionTrait>(db: &C, userid: i64, courseid: i64, contextid: i64) -> Result<(), ApiError> {
    let t = now();
    favourite::Entity::insert(favourite::ActiveModel {
        component: Set(COMPONENT.into()),
        itemtype: Set(ITEMTYPE.into()),
        itemid: Set(courseid),
        contextid: Set(contextid),
        userid: Set(userid),
        ordering: Set(None),
        timecreated: Set(t),
        timemodified: Set(t),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

pub async fn unstar<C: ConnectionTrait>(db: &C, userid: i64, courseid: i64) -> Result<(), ApiError> {
    favourite::Entity::delete_many()
        .filter(favourite::Column::Userid.eq(userid))
        .filter(favourite::Column::Component.eq(COMPONENT))
        .filter(favourite::Column::Itemtype.eq(ITEMTYPE))
        .filter(favourite::Column::Itemid.eq(courseid))
        .exec(db)
        .await?;
    Ok(())
}
