//! local_lmsgate_add_sections: add sections at the end of courses, as a teacher does on the
//! course page (Moodle 4.5 has no web service for it). Each needs moodle/course:update in the
//! course; all are added, or none.
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, Set};
use validator::Validate;

use lmsgate_entities::{cap, course_sections, now};

use super::sections::last_number;
use crate::framework::types::NoTags;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope};

pub struct AddSections;

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_new_section", deny_unknown_fields)]
pub struct NewSection {
    /// Course id.
    pub courseid: i64,
    /// Name (left out or empty: the format's default, "Section 5").
    #[oai(validator(max_length = 255))]
    pub name: Option<NoTags>,
    /// Summary (HTML).
    #[oai(default)]
    pub summary: String,
    /// Whether students see it (hiding needs moodle/course:sectionvisibility).
    #[oai(default = "yes")]
    pub visible: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_add_sections_params", deny_unknown_fields)]
pub struct Params {
    /// The sections, at most 50.
    #[oai(validator(min_items = 1, max_items = 50))]
    pub sections: Vec<NewSection>,
}

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_added_section")]
pub struct AddedSection {
    /// Section id.
    pub id: i64,
    /// Its number in the course (0 is the general section).
    pub section: i32,
}

impl ExternalFunction for AddSections {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_add_sections",
        summary: "Add sections to courses",
        description: "Add sections at the end of courses, with a name, a summary and their visibility (beyond Moodle, which has no web service for it). Needs moodle/course:update in each course, and moodle/course:sectionvisibility to add a hidden one; all are added, or none.",
        kind: Kind::Write,
        requires: &[cap::COURSE_UPDATE],
        checks: &[cap::COURSE_SECTIONVISIBILITY],
        scope: Scope::Course("sections[].courseid"),
        example: r#"{"sections":[{"courseid":2,"name":"Week 5","summary":"<p>Revision.</p>"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<AddedSection>;

    fn scope(p: &Params) -> Vec<i64> {
        p.sections.iter().map(|s| s.courseid).collect()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<AddedSection>, ApiError> {
        let txn = call.write().await?;
        let t = now();
        let mut added = Vec::with_capacity(p.sections.len());
        for (i, s) in p.sections.into_iter().enumerate() {
            let place = call.in_scope(i, s.courseid).await?;
            if !s.visible {
                call.require(cap::COURSE_SECTIONVISIBILITY, &place.path).await?;
            }
            let row = course_sections::ActiveModel {
                id: NotSet,
                course: Set(s.courseid),
                section: Set(last_number(&txn, s.courseid).await? + 1),
                name: Set(s.name.map(|n| n.0.trim().to_string()).filter(|n| !n.is_empty())),
                summary: Set(s.summary),
                summaryformat: Set(1),
                sequence: Set(String::new()),
                visible: Set(i32::from(s.visible)),
                timemodified: Set(t),
            }
            .insert(&txn)
            .await?;
            added.push(AddedSection { id: row.id, section: row.section });
        }
        Ok(added)
    }
}
