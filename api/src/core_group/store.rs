//! Groups: the record shape and the access check every group function makes (the caller can
//! enter the group's course and holds `moodle/course:managegroups` there).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, groups, user};

use crate::common::CustomFieldData;
use crate::framework::access::Scoped;
use crate::framework::{ApiError, Call};

#[derive(Debug, Object)]
#[oai(rename = "core_group_group")]
pub struct GroupInfo {
    /// Group id.
    pub id: i64,
    /// Course id.
    pub courseid: i64,
    /// Name.
    pub name: String,
    /// Description (HTML).
    pub description: String,
    /// Description format (1 = HTML).
    pub descriptionformat: i32,
    /// Enrolment key (empty when none).
    pub enrolmentkey: String,
    /// Identifier in an external system.
    pub idnumber: String,
    /// Visibility: 0 all, 1 members, 2 own membership, 3 none.
    pub visibility: i32,
    /// Whether the group is shown in group selectors.
    pub participation: bool,
    /// Custom field values (empty: the site defines no group custom fields; not part of
    /// `get_course_groups`' answer).
    #[oai(skip_serializing_if_is_none)]
    pub customfields: Option<Vec<CustomFieldData>>,
}

pub fn info(g: groups::Model) -> GroupInfo {
    GroupInfo {
        id: g.id,
        courseid: g.courseid,
        name: g.name,
        description: g.description,
        descriptionformat: g.descriptionformat,
        enrolmentkey: g.enrolmentkey.unwrap_or_default(),
        idnumber: g.idnumber,
        visibility: g.visibility,
        participation: g.participation != 0,
        customfields: Some(Vec::new()),
    }
}

/// The group of `members[i]` (validated by the pipeline), once its user is known to be live.
pub async fn member(call: &Call<'_>, i: usize, m: &Member) -> Result<groups::Model, ApiError> {
    let g = group_of(&*call.in_scope(i, m.groupid).await?);
    live_user(call, &format!("members[{i}]"), m.userid).await?;
    Ok(g)
}

/// The group of a `Scope::Group` place.
pub fn group_of(place: &Scoped) -> groups::Model {
    place.group.clone().expect("a group function's scope is Scope::Group")
}

/// A group by id, or `invalidrecord` (table groups).
pub async fn find_group(call: &Call<'_>, at: &str, id: i64) -> Result<groups::Model, ApiError> {
    groups::Entity::find_by_id(id)
        .one(&call.db())
        .await?
        .ok_or_else(|| ApiError::missing_record("groups").with_debuginfo(format!("{at}: no group {id}")))
}

/// What every group function requires in the group's course.
pub const MANAGE: &[cap::Capability] = &[cap::COURSE_MANAGEGROUPS];

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_members_params", deny_unknown_fields)]
pub struct MembersParams {
    /// (group, user) pairs, at most 1,000 per call.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub members: Vec<Member>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_group_member", deny_unknown_fields)]
pub struct Member {
    /// Group id.
    pub groupid: i64,
    /// User id.
    pub userid: i64,
}

/// The user exists and is not deleted.
pub async fn live_user(call: &Call<'_>, at: &str, id: i64) -> Result<(), ApiError> {
    match user::Entity::find_by_id(id).filter(user::Column::Deleted.eq(0)).one(&call.db()).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid_user().with_debuginfo(format!("{at}.userid: no user {id}"))),
    }
}
