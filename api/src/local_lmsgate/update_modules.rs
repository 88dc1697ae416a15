//! local_lmsgate_update_modules: rename, describe, show or hide activities and move them to
//! another section, as a teacher does on the course page (Moodle 4.5 has no web service for it).
//! Each needs moodle/course:manageactivities in the activity; all change, or none.
use poem_openapi::Object;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, course_modules, course_sections, event, grade_items, now};

use crate::core_course::activities::openable_cm;
use crate::core_course::removal::remove_from_sequence;
use crate::framework::access::path_of;
use crate::framework::types::NoTags;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, code};

pub struct UpdateModules;

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_module_change", deny_unknown_fields)]
pub struct Change {
    /// Course module id.
    pub cmid: i64,
    /// A new name.
    #[oai(validator(max_length = 255))]
    pub name: Option<NoTags>,
    /// A new description (HTML); a label's text.
    pub intro: Option<String>,
    /// Whether students see it.
    pub visible: Option<bool>,
    /// A section number to move it to (it goes last there).
    #[oai(validator(minimum(value = "0")))]
    pub section: Option<i32>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_update_modules_params", deny_unknown_fields)]
pub struct Params {
    /// The changes, at most 100.
    #[oai(validator(min_items = 1, max_items = 100))]
    pub modules: Vec<Change>,
}

impl ExternalFunction for UpdateModules {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_update_modules",
        summary: "Rename, show, hide or move activities",
        description: "Change activities' names and descriptions, show or hide them, and move them to another section of their course (beyond Moodle, which has no web service for it). Needs moodle/course:manageactivities in each activity; all change, or none.",
        kind: Kind::Write,
        checks: &[
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        example: r#"{"modules":[{"cmid":5,"name":"Week 1 reading","visible":true,"section":2}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let mut found = Vec::with_capacity(p.modules.len());
        for (i, m) in p.modules.into_iter().enumerate() {
            let cm = course_modules::Entity::find_by_id(m.cmid).one(&call.db()).await?.ok_or_else(|| {
                code::INVALID_COURSE_MODULE.err().with_debuginfo(format!("modules[{i}].cmid: no course module {}", m.cmid))
            })?;
            let a = openable_cm(call, cm).await?;
            call.require(cap::COURSE_MANAGEACTIVITIES, &path_of(&a.context)).await?;
            if m.name.as_ref().is_some_and(|n| n.0.trim().is_empty()) {
                return Err(ApiError::invalid_parameter(format!("modules[{i}].name: a name is needed")));
            }
            found.push((i, m, a));
        }
        let txn = call.write().await?;
        let t = now();
        for (i, m, a) in found {
            let (kind, instance) = (a.kind, a.cm.instance);
            let mut cm: course_modules::ActiveModel = a.cm.clone().into();
            let mut visible = m.visible.map(i32::from);
            if let Some(number) = m.section {
                let target = course_sections::Entity::find()
                    .filter(course_sections::Column::Course.eq(a.cm.course))
                    .filter(course_sections::Column::Section.eq(number))
                    .one(&txn)
                    .await?
                    .ok_or_else(|| ApiError::invalid_parameter(format!("modules[{i}].section: the course has no section {number}")))?;
                if target.id != a.cm.section {
                    if let Some(old) = course_sections::Entity::find_by_id(a.cm.section).one(&txn).await? {
                        let sequence = remove_from_sequence(&old.sequence, a.cm.id);
                        let mut old: course_sections::ActiveModel = old.into();
                        old.sequence = Set(sequence);
                        old.timemodified = Set(t);
                        old.update(&txn).await?;
                    }
                    // A hidden section hides what moves into it, as Moodle does.
                    if target.visible == 0 {
                        visible = Some(0);
                    }
                    let sequence = match target.sequence.is_empty() {
                        true => a.cm.id.to_string(),
                        false => format!("{},{}", target.sequence, a.cm.id),
                    };
                    cm.section = Set(target.id);
                    let mut target: course_sections::ActiveModel = target.into();
                    target.sequence = Set(sequence);
                    target.timemodified = Set(t);
                    target.update(&txn).await?;
                }
            }
            if let Some(v) = visible {
                cm.visible = Set(v);
                cm.visibleold = Set(v);
                event::Entity::update_many()
                    .col_expr(event::Column::Visible, Expr::value(v))
                    .filter(event::Column::Modulename.eq(kind.name()))
                    .filter(event::Column::Instance.eq(instance))
                    .exec(&txn)
                    .await?;
            }
            cm.update(&txn).await?;
            if m.name.is_none() && m.intro.is_none() {
                continue;
            }
            // The type's own record (its table is named after the type, as in Moodle).
            let mut record = Query::update();
            record.table(Alias::new(kind.name())).value(Alias::new("timemodified"), t);
            if let Some(name) = &m.name {
                record.value(Alias::new("name"), name.0.trim());
            }
            if let Some(intro) = &m.intro {
                record.value(Alias::new("intro"), intro.as_str());
            }
            record.and_where(Expr::col(Alias::new("id")).eq(instance));
            txn.execute(&record).await?;
            if let Some(name) = m.name.map(|n| n.0.trim().to_string()) {
                grade_items::Entity::update_many()
                    .col_expr(grade_items::Column::Itemname, Expr::value(name.clone()))
                    .filter(grade_items::Column::Courseid.eq(a.cm.course))
                    .filter(grade_items::Column::Itemmodule.eq(kind.name()))
                    .filter(grade_items::Column::Iteminstance.eq(instance))
                    .exec(&txn)
                    .await?;
                for (eventtype, what) in [("due", "is due"), ("open", "opens"), ("close", "closes")] {
                    event::Entity::update_many()
                        .col_expr(event::Column::Name, Expr::value(format!("{name} {what}")))
                        .filter(event::Column::Modulename.eq(kind.name()))
                        .filter(event::Column::Instance.eq(instance))
                        .filter(event::Column::Eventtype.eq(eventtype))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        Ok(Nothing)
    }
}
