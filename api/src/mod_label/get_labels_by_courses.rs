//! mod_label_get_labels_by_courses: the text and media areas of the caller's courses (or the
//! courses named) that the caller may see.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::core_course::activities::{ActivityBase, ModType, by_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetLabelsByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_label_get_labels_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Course ids (none: the caller's courses).
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A text and media area.
#[derive(Debug, Object)]
#[oai(rename = "mod_label_label")]
pub struct Label {
    #[oai(flatten)]
    pub base: ActivityBase,
    /// Last modified (Unix time).
    pub timemodified: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_label_get_labels_by_courses_returns")]
pub struct Returns {
    /// The labels.
    pub labels: Vec<Label>,
    /// A warning per named course the caller cannot enter.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetLabelsByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_label_get_labels_by_courses",
        summary: "Get the text and media areas of courses",
        description: "Returns a list of labels in a provided list of courses, if no list is provided all labels that the user can view will be returned.",
        checks: &[cap::LABEL_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (found, warnings) = by_courses(call, &p.courseids, ModType::Label).await?;
        let labels = found
            .into_iter()
            .map(|(a, section)| Label { base: a.base(section), timemodified: a.instance.timemodified() })
            .collect();
        Ok(Returns { labels, warnings })
    }
}
