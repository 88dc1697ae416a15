//! core_group_create_groups: new groups in courses, all or none.
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{groups, now};

use crate::common::CustomFieldValue;
use crate::framework::types::Text;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope};

use super::store::*;
use crate::framework::code;

pub struct CreateGroups;

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
        summary: "Create groups (all or nothing)",
        description: "Create groups in courses. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        requires: MANAGE,
        scope: Scope::Course("groups[].courseid"),
        example: r#"{"groups":[{"courseid":2,"name":"Group A","description":"Monday lab"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = CreateParams;
    type Returns = Vec<GroupInfo>;

    async fn execute(call: &Call<'_>, p: CreateParams) -> Result<Vec<GroupInfo>, ApiError> {
        let txn = call.write().await?;
        let mut out = Vec::with_capacity(p.groups.len());
        for (i, g) in p.groups.into_iter().enumerate() {
            let at = format!("groups[{i}]");
            let name = g.name.0.trim().to_string();
            if name.is_empty() {
                return Err(ApiError::invalid_parameter(format!("{at}.name: Invalid group name")));
            }
            // Moodle checks the name before the course: checked here, not before `execute`.
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
            call.in_scope(i, g.courseid).await?;
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
                return Err(code::IDNUMBER_TAKEN.err()
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
        Ok(out)
    }
}
