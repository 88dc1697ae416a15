//! core_grades_get_gradeitems: the graded items of a course (not its totals), with their names and
//! category, for a caller who may enter the course.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use super::gradebook::Gradebook;
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetGradeitems;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_grades_get_gradeitems_params", deny_unknown_fields)]
pub struct Params {
    /// Course ID.
    pub courseid: i64,
}

/// A grade item.
#[derive(Debug, Object)]
#[oai(rename = "core_grades_gradeitem", skip_serializing_if_is_none)]
pub struct GradeItem {
    /// An ID for the grade item.
    pub id: String,
    /// The full name of the grade item.
    pub itemname: String,
    /// The grade category of the grade item.
    pub category: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_grades_get_gradeitems_returns")]
pub struct Returns {
    /// The course's grade items.
    #[oai(rename = "gradeItems")]
    pub grade_items: Vec<GradeItem>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetGradeitems {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_grades_get_gradeitems",
        summary: "Get the grade items of a course",
        description: "Get the gradeitems for a course",
        ajax: true,
        scope: Scope::Course("courseid"),
        checks: &[cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let place = call.in_scope(0, p.courseid).await?;
        let category = place.course.as_ref().map(|c| c.fullname.clone());
        let grade_items = match Gradebook::load(&call.db(), p.courseid).await? {
            Some(book) => book
                .items
                .iter()
                .filter(|i| i.gradetype != 0)
                .map(|i| GradeItem {
                    id: i.id.to_string(),
                    itemname: i.itemname.clone().unwrap_or_default(),
                    category: category.clone(),
                })
                .collect(),
            None => Vec::new(),
        };
        Ok(Returns { grade_items, warnings: Vec::new() })
    }
}
