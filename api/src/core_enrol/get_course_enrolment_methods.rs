//! core_enrol_get_course_enrolment_methods: the enabled enrolment methods of a course that a
//! user could use to get in (self and guest; manual enrolment offers none).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{course, enrol, seed};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCourseEnrolmentMethods;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_enrol_get_course_enrolment_methods_params", deny_unknown_fields)]
pub struct Params {
    /// Course id.
    pub courseid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_enrol_enrolment_method", skip_serializing_if_is_none)]
pub struct Method {
    /// Enrolment instance id.
    pub id: i64,
    /// Course id.
    pub courseid: i64,
    /// Enrolment plugin, e.g. `self`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Instance name.
    pub name: String,
    /// Whether the user can use it (`1`), or why not.
    pub status: String,
    /// Function that returns the instance's details.
    pub wsfunction: Option<String>,
}

impl ExternalFunction for GetCourseEnrolmentMethods {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_enrol_get_course_enrolment_methods",
        summary: "Get the self and guest enrolment methods of a course",
        description: "Get the enabled self and guest enrolment methods of a course.",
        ajax: true,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Method>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Method>, ApiError> {
        let db = &call.db();
        if course::Entity::find_by_id(p.courseid).one(db).await?.is_none() {
            return Err(
                ApiError::missing_record("course").with_debuginfo(format!("courseid: no course {}", p.courseid))
            );
        }
        Ok(enrol::Entity::find()
            .filter(enrol::Column::Courseid.eq(p.courseid))
            .filter(enrol::Column::Status.eq(0))
            .filter(enrol::Column::Enrol.is_in(["self", "guest"]))
            .order_by_asc(enrol::Column::Sortorder)
            .all(db)
            .await?
            .into_iter()
            .map(|e| Method {
                id: e.id,
                courseid: e.courseid,
                name: e
                    .name
                    .clone()
                    .unwrap_or_else(|| if e.enrol == "self" { "Self enrolment".into() } else { "Guest access".into() }),
                wsfunction: Some(format!("enrol_{}_get_instance_info", e.enrol)),
                kind: e.enrol,
                status: "1".into(),
            })
            .collect())
    }
}
