//! The core_group functions: create, read and delete groups, and manage their members.
use futures_util::TryStreamExt;
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use validator::Validate;

use lmsgate_entities::{enrol, groups, groups_members, now, seed, user, user_enrolments};

use super::store::{Gate, GroupInfo, find_group, info};
use crate::framework::types::{AlphanumExt, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct CreateGroups;
pub struct GetGroups;
pub struct GetCourseGroups;
pub struct DeleteGroups;
pub struct AddGroupMembers;
pub struct DeleteGroupMembers;
pub struct GetGroupMembers;

const MANAGE: &[&str] = &["moodle/course:managegroups"];

fn one() -> i32 {
    1
}
fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_create_groups_params", deny_unknown_fields)]
pub struct CreateParams {
    /// Groups to create.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub groups: Vec<NewGroup>,
}

/// A custom group field value.
#[derive(Debug, Object)]
#[oai(rename = "core_group_custom_field_value", deny_unknown_fields)]
pub struct CustomFieldValue {
    /// Field short name.
    pub shortname: AlphanumExt,
    /// Value.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_group_create_groups_group", deny_unknown_fields)]
pub struct NewGroup {
    /// Course id.
    pub courseid: i64,
    /// Name (unique in the course).
    #[oai(validator(max_length = 254))]
    pub name: Text,
    /// Description (HTML).
    pub description: String,
    /// Description format (1 = HTML).
    #[oai(default = "one")]
    pub descriptionformat: i32,
    /// Enrolment key.
    #[oai(validator(max_length = 50))]
    pub enrolmentkey: Option<String>,
    /// Identifier in an external system (unique in the course when given).
    #[oai(validator(max_length = 100))]
    pub idnumber: Option<String>,
    /// Visibility: 0 all, 1 members, 2 own membership, 3 none.
    #[oai(default)]
    pub visibility: i32,
    /// Whether the group is shown in group selectors.
    #[oai(default = "yes")]
    pub participation: bool,
    /// Custom field values.
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<CustomFieldValue>>,
}

impl ExternalFunction for CreateGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_create_groups",
        component: "core_group",
        description: "Create groups in courses. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"groups":[{"courseid":2,"name":"Group A","description":"Monday lab"}]}"#,
    };
    type Params = CreateParams;
    type Returns = Vec<GroupInfo>;

    async fn execute(call: &Call<'_>, p: CreateParams) -> Result<Vec<GroupInfo>, ApiError> {
        let txn = call.begin_write().await?;
        let mut gate = Gate::new(call).await?;
        let mut out = Vec::with_capacity(p.groups.len());
        for (i, g) in p.groups.into_iter().enumerate() {
            let at = format!("groups[{i}]");
            let name = g.name.0.trim().to_string();
            if name.is_empty() {
                return Err(ApiError::invalid_parameter(format!("{at}.name: Invalid group name")));
            }
            // Moodle checks the name before the capability.
            let taken = groups::Entity::find()
                .filter(groups::Column::Courseid.eq(g.courseid))
                .filter(groups::Column::Name.eq(&name))
                .one(&txn)
                .await?
                .is_some();
            if taken {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.name: Group with the same name already exists in the course"
                )));
            }
            gate.course(call, &at, g.courseid).await?;
            if !(0..=3).contains(&g.visibility) {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.visibility: Invalid group visibility provided. Must be one of 0,1,2,3"
                )));
            }
            if g.customfields.as_ref().is_some_and(|f| !f.is_empty()) {
                return Err(ApiError::invalid_parameter(format!("{at}.customfields[0]: no custom group fields exist")));
            }
            let idnumber = g.idnumber.unwrap_or_default();
            if !idnumber.is_empty()
                && groups::Entity::find()
                    .filter(groups::Column::Courseid.eq(g.courseid))
                    .filter(groups::Column::Idnumber.eq(&idnumber))
                    .one(&txn)
                    .await?
                    .is_some()
            {
                return Err(ApiError::moodle(
                    poem::http::StatusCode::CONFLICT,
                    "idnumbertaken",
                    "This ID number is already taken",
                )
                .with_debuginfo(format!("{at}.idnumber: {idnumber} is taken in course {}", g.courseid)));
            }
            let t = now();
            let row = groups::ActiveModel {
                id: NotSet,
                courseid: Set(g.courseid),
                idnumber: Set(idnumber),
                name: Set(name),
                description: Set(g.description),
                descriptionformat: Set(g.descriptionformat),
                enrolmentkey: Set(g.enrolmentkey.filter(|k| !k.is_empty())),
                picture: Set(0),
                visibility: Set(g.visibility),
                participation: Set(i32::from(g.participation)),
                timecreated: Set(t),
                timemodified: Set(t),
            }
            .insert(&txn)
            .await?;
            out.push(info(row));
        }
        txn.commit().await?;
        Ok(out)
    }
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_get_groups_params", deny_unknown_fields)]
pub struct GetParams {
    /// Group ids.
    #[oai(validator(max_items = 10000))]
    pub groupids: Vec<i64>,
}

impl ExternalFunction for GetGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_groups",
        component: "core_group",
        description: "Get groups by id; each needs moodle/course:managegroups in its course.",
        kind: Kind::Read,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"groupids":[1]}"#,
    };
    type Params = GetParams;
    type Returns = Vec<GroupInfo>;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<GroupInfo>, ApiError> {
        let mut gate = Gate::new(call).await?;
        let mut out = Vec::with_capacity(p.groupids.len());
        for (i, id) in p.groupids.into_iter().enumerate() {
            let at = format!("groupids[{i}]");
            let g = find_group(call, &at, id).await?;
            gate.course(call, &at, g.courseid).await?;
            out.push(info(g));
        }
        Ok(out)
    }
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_get_course_groups_params", deny_unknown_fields)]
pub struct CourseParams {
    /// Course id.
    pub courseid: i64,
}

impl ExternalFunction for GetCourseGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_course_groups",
        component: "core_group",
        description: "Get every group of a course; needs moodle/course:managegroups there.",
        kind: Kind::Read,
        ajax: true,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
    };
    type Params = CourseParams;
    type Returns = Vec<GroupInfo>;

    async fn execute(call: &Call<'_>, p: CourseParams) -> Result<Vec<GroupInfo>, ApiError> {
        Gate::new(call).await?.course(call, "courseid", p.courseid).await?;
        let found = groups::Entity::find()
            .filter(groups::Column::Courseid.eq(p.courseid))
            .order_by_asc(groups::Column::Name)
            .limit(call.fetch_limit())
            .all(&call.db())
            .await?;
        call.refuse_over_max(&found, "groups", "ask for them by id with core_group_get_groups")?;
        Ok(found.into_iter().map(info).collect())
    }
}

impl ExternalFunction for DeleteGroups {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_delete_groups",
        component: "core_group",
        description: "Delete groups and their memberships; unknown ids are skipped. All of them are deleted, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"groupids":[1]}"#,
    };
    type Params = GetParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Nothing, ApiError> {
        let txn = call.begin_write().await?;
        let mut gate = Gate::new(call).await?;
        for (i, id) in p.groupids.into_iter().enumerate() {
            let Some(g) = groups::Entity::find_by_id(id).one(&txn).await? else { continue };
            gate.course(call, &format!("groupids[{i}]"), g.courseid).await?;
            groups_members::Entity::delete_many().filter(groups_members::Column::Groupid.eq(id)).exec(&txn).await?;
            groups::Entity::delete_by_id(id).exec(&txn).await?;
        }
        txn.commit().await?;
        Ok(Nothing)
    }
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_group_members_params", deny_unknown_fields)]
pub struct MembersParams {
    /// (group, user) pairs.
    #[oai(validator(min_items = 1, max_items = 10000))]
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

async fn live_user(call: &Call<'_>, at: &str, id: i64) -> Result<(), ApiError> {
    match user::Entity::find_by_id(id).filter(user::Column::Deleted.eq(0)).one(&call.db()).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid_user().with_debuginfo(format!("{at}.userid: no user {id}"))),
    }
}

impl ExternalFunction for AddGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_add_group_members",
        component: "core_group",
        description: "Add users to groups; only users enrolled in the group's course. All of them are added, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"members":[{"groupid":1,"userid":3}]}"#,
    };
    type Params = MembersParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: MembersParams) -> Result<Nothing, ApiError> {
        let txn = call.begin_write().await?;
        let mut gate = Gate::new(call).await?;
        for (i, m) in p.members.into_iter().enumerate() {
            let at = format!("members[{i}]");
            let g = find_group(call, &format!("{at}.groupid"), m.groupid).await?;
            live_user(call, &at, m.userid).await?;
            gate.course(call, &at, g.courseid).await?;
            let instances: Vec<i64> = enrol::Entity::find()
                .filter(enrol::Column::Courseid.eq(g.courseid))
                .all(&txn)
                .await?
                .into_iter()
                .map(|e| e.id)
                .collect();
            let enrolled = user_enrolments::Entity::find()
                .filter(user_enrolments::Column::Enrolid.is_in(instances))
                .filter(user_enrolments::Column::Userid.eq(m.userid))
                .one(&txn)
                .await?
                .is_some();
            if !enrolled {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.userid: Only enrolled users may be members of groups"
                )));
            }
            let exists = groups_members::Entity::find()
                .filter(groups_members::Column::Groupid.eq(g.id))
                .filter(groups_members::Column::Userid.eq(m.userid))
                .one(&txn)
                .await?
                .is_some();
            if !exists {
                groups_members::ActiveModel {
                    id: NotSet,
                    groupid: Set(g.id),
                    userid: Set(m.userid),
                    timeadded: Set(now()),
                    component: Set(String::new()),
                    itemid: Set(0),
                }
                .insert(&txn)
                .await?;
            }
        }
        txn.commit().await?;
        Ok(Nothing)
    }
}

impl ExternalFunction for DeleteGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_delete_group_members",
        component: "core_group",
        description: "Remove users from groups; removing a non-member is not an error. All of them are removed, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"members":[{"groupid":1,"userid":3}]}"#,
    };
    type Params = MembersParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: MembersParams) -> Result<Nothing, ApiError> {
        let txn = call.begin_write().await?;
        let mut gate = Gate::new(call).await?;
        for (i, m) in p.members.into_iter().enumerate() {
            let at = format!("members[{i}]");
            let g = find_group(call, &format!("{at}.groupid"), m.groupid).await?;
            live_user(call, &at, m.userid).await?;
            gate.course(call, &at, g.courseid).await?;
            groups_members::Entity::delete_many()
                .filter(groups_members::Column::Groupid.eq(g.id))
                .filter(groups_members::Column::Userid.eq(m.userid))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(Nothing)
    }
}

/// Member ids one `core_group_get_group_members` call returns at most (ids are small: 100,000
/// of them are under a megabyte of JSON).
pub const MAX_MEMBER_IDS: u64 = 100_000;

#[derive(Debug, Object)]
#[oai(rename = "core_group_members")]
pub struct GroupMembers {
    /// Group id.
    pub groupid: i64,
    /// Ids of its members.
    pub userids: Vec<i64>,
}

impl ExternalFunction for GetGroupMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_group_get_group_members",
        component: "core_group",
        description: "Get the members of groups; each needs moodle/course:managegroups in its course.",
        kind: Kind::Read,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: MANAGE,
        services: &[],
        example: r#"{"groupids":[1]}"#,
    };
    type Params = GetParams;
    type Returns = Vec<GroupMembers>;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<GroupMembers>, ApiError> {
        let mut gate = Gate::new(call).await?;
        let mut out = Vec::with_capacity(p.groupids.len());
        let mut budget = MAX_MEMBER_IDS;
        for (i, id) in p.groupids.into_iter().enumerate() {
            let at = format!("groupids[{i}]");
            let g = find_group(call, &at, id).await?;
            gate.course(call, &at, g.courseid).await?;
            let members = groups_members::Entity::find()
                .select_only()
                .column(groups_members::Column::Userid)
                .filter(groups_members::Column::Groupid.eq(id))
                .order_by_asc(groups_members::Column::Userid)
                .limit(budget + 1)
                .into_tuple::<i64>();
            // Streamed: the ids are kept, the database's rows are not.
            let userids: Vec<i64> = match call.batch {
                Some(txn) => members.stream(txn).await?.try_collect().await?,
                None => members.stream(&call.state.db).await?.try_collect().await?,
            };
            budget = budget.checked_sub(userids.len() as u64).ok_or_else(|| {
                ApiError::moodle(
                    poem::http::StatusCode::BAD_REQUEST,
                    "toomanyresults",
                    format!("More than {MAX_MEMBER_IDS} members match; ask for fewer groups at a time"),
                )
            })?;
            out.push(GroupMembers { groupid: id, userids });
        }
        Ok(out)
    }
}
