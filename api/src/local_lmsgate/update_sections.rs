//! local_lmsgate_update_sections: rename sections, change their summaries, show or hide them
//! with their activities, and move them, as a teacher does on the course page (Moodle 4.5 has no
//! web service for it). All change, or none.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use validator::Validate;

use lmsgate_entities::{cap, course_sections, now};

use super::sections::{last_number, section_of, set_activities_visible, set_aside, shift};
use crate::framework::types::NoTags;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct UpdateSections;

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_section_change", deny_unknown_fields)]
pub struct Change {
    /// Section id.
    pub id: i64,
    /// A new name (empty: the format's default, "Section 5"). Needs moodle/course:update.
    #[oai(validator(max_length = 255))]
    pub name: Option<NoTags>,
    /// A new summary (HTML). Needs moodle/course:update.
    pub summary: Option<String>,
    /// Show or hide it with its activities (not the general section). Needs
    /// moodle/course:sectionvisibility.
    pub visible: Option<bool>,
    /// The number to move it to, from 1 to the course's last; the sections between move up or
    /// down one place (not the general section). Needs moodle/course:movesections.
    #[oai(validator(minimum(value = "1")))]
    pub section: Option<i32>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_update_sections_params", deny_unknown_fields)]
pub struct Params {
    /// The changes, at most 50, made in this order.
    #[oai(validator(min_items = 1, max_items = 50))]
    pub sections: Vec<Change>,
}

impl ExternalFunction for UpdateSections {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_update_sections",
        summary: "Rename, show, hide or move sections",
        description: "Rename sections, change their summaries, show or hide them with their activities, and move them within their course (beyond Moodle, which has no web service for it). Renaming needs moodle/course:update, hiding moodle/course:sectionvisibility, moving moodle/course:movesections; all change, or none.",
        kind: Kind::Write,
        checks: &[
            cap::COURSE_UPDATE,
            cap::COURSE_SECTIONVISIBILITY,
            cap::COURSE_MOVESECTIONS,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        example: r#"{"sections":[{"id":3,"name":"Week 2","visible":true,"section":1}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let mut checked = Vec::with_capacity(p.sections.len());
        for (i, s) in p.sections.into_iter().enumerate() {
            let at = format!("sections[{i}]");
            let (section, path) = section_of(call, &format!("{at}.id"), s.id).await?;
            if s.name.is_some() || s.summary.is_some() {
                call.require(cap::COURSE_UPDATE, &path).await?;
            }
            if s.visible.is_some() {
                call.require(cap::COURSE_SECTIONVISIBILITY, &path).await?;
            }
            if s.section.is_some() {
                call.require(cap::COURSE_MOVESECTIONS, &path).await?;
            }
            if section.section == 0 && (s.visible == Some(false) || s.section.is_some()) {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}: the general section (0) stays first and visible"
                )));
            }
            checked.push((at, s));
        }
        let txn = call.write().await?;
        let t = now();
        for (at, s) in checked {
            // Read again: an earlier change of this call may have renumbered it.
            let Some(section) = course_sections::Entity::find_by_id(s.id).one(&txn).await? else { continue };
            let mut row: course_sections::ActiveModel = section.clone().into();
            if let Some(name) = s.name {
                row.name = Set(Some(name.0.trim().to_string()).filter(|n| !n.is_empty()));
            }
            if let Some(summary) = s.summary {
                row.summary = Set(summary);
            }
            if let Some(visible) = s.visible.filter(|v| *v != (section.visible != 0)) {
                row.visible = Set(i32::from(visible));
                set_activities_visible(&txn, &section, visible).await?;
            }
            if let Some(to) = s.section.filter(|to| *to != section.section) {
                let last = last_number(&txn, section.course).await?;
                if to > last {
                    return Err(ApiError::invalid_parameter(format!(
                        "{at}.section: the course's sections go up to {last}, got {to}"
                    )));
                }
                let from = section.section;
                set_aside(&txn, section.id).await?;
                match to > from {
                    true => shift(&txn, section.course, from + 1, to, -1).await?,
                    false => shift(&txn, section.course, to, from - 1, 1).await?,
                }
                row.section = Set(to);
            }
            row.timemodified = Set(t);
            row.update(&txn).await?;
        }
        Ok(Nothing)
    }
}
