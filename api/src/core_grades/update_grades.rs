//! core_grades_update_grades: an external system (a student information system, a marking
//! tool) pushes grades for an activity, and may make or change its grade item, as Moodle's
//! `grade_update` does. All the grades of a call are stored, or none.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, ModelTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, course_modules, grade_grades, now, user};

use super::gradebook::{Gradebook, TYPE_VALUE, set_grade};
use crate::core_course::activities::{ModType, complete, type_ids};
use crate::framework::types::{AlphanumExt, OrNull, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope, code};

pub struct UpdateGrades;

#[derive(Debug, Object)]
#[oai(rename = "core_grades_update_grades_grade", deny_unknown_fields)]
pub struct StudentGrade {
    /// The student's user id.
    pub studentid: i64,
    /// The grade (`null` empties it); kept within the item's range.
    pub grade: OrNull<f64>,
    /// Feedback for the student.
    pub str_feedback: Option<Text>,
}

#[derive(Debug, Default, Object)]
#[oai(rename = "core_grades_update_grades_itemdetails", deny_unknown_fields)]
pub struct ItemDetails {
    /// The grade item's name.
    pub itemname: Option<AlphanumExt>,
    /// An id number for the item.
    pub idnumber: Option<i64>,
    /// The grade type: only 1 (a value) is available.
    pub gradetype: Option<i32>,
    /// The maximum grade.
    pub grademax: Option<f64>,
    /// The minimum grade.
    pub grademin: Option<f64>,
    /// A custom scale (scales are not available).
    pub scaleid: Option<i64>,
    /// A factor grades are multiplied by (only 1 is available).
    pub multfactor: Option<f64>,
    /// A number added to grades (only 0 is available).
    pub plusfactor: Option<f64>,
    /// True deletes the item and its grades.
    pub deleted: Option<bool>,
    /// Whether the item is hidden from students.
    pub hidden: Option<bool>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_grades_update_grades_params", deny_unknown_fields)]
pub struct Params {
    /// Who pushes the grades (e.g. `sis`), recorded in the audit log.
    pub source: Text,
    /// The course.
    pub courseid: i64,
    /// The activity's component, e.g. `mod_assign`.
    #[oai(validator(max_length = 100))]
    pub component: String,
    /// The activity's course module id.
    pub activityid: i64,
    /// Which of the activity's grade items (0 for all activities lmsgate has).
    pub itemnumber: i32,
    /// The grades, at most 5,000.
    #[oai(default, validator(max_items = 5000))]
    pub grades: Vec<StudentGrade>,
    /// Changes to the grade item.
    pub itemdetails: Option<ItemDetails>,
}

impl ExternalFunction for UpdateGrades {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_grades_update_grades",
        summary: "Update an activity's grades and grade item",
        description: "Store students' grades for an activity (its course module in `activityid`), and make or change its grade item (`itemdetails`). Grades need moodle/grade:edit, item changes moodle/grade:manage and hiding moodle/grade:hide in the course. Answers 0 (Moodle's GRADE_UPDATE_OK); all grades are stored, or none.",
        kind: Kind::Write,
        scope: Scope::Course("courseid"),
        checks: &[cap::GRADE_EDIT, cap::GRADE_MANAGE, cap::GRADE_HIDE],
        example: r#"{"source":"sis","courseid":2,"component":"mod_assign","activityid":9,"itemnumber":0,"grades":[{"studentid":3,"grade":85,"str_feedback":"Well argued."}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = i32;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<i32, ApiError> {
        let details = p.itemdetails.unwrap_or_default();
        let d = &details;
        let kind = ModType::from_component(&p.component).ok_or_else(invalid_course_module)?;
        let db = &call.db();
        let module = type_ids(db).await?.get(&kind).copied().unwrap_or(0);
        let cm = course_modules::Entity::find_by_id(p.activityid)
            .filter(course_modules::Column::Module.eq(module))
            .one(db)
            .await?
            .ok_or_else(invalid_course_module)?;
        let place = call.in_scope(0, p.courseid).await?;
        if cm.course != p.courseid {
            return Err(invalid_course_module());
        }
        let hiding = d.hidden.is_some();
        let editing_item = !hiding && has_details(d);
        for (needed, wanted, what) in [
            (cap::GRADE_MANAGE, editing_item, "moodle/grade:manage required to edit grade information"),
            (cap::GRADE_HIDE, hiding, "moodle/grade:hide required to hide grade items"),
            (cap::GRADE_EDIT, !p.grades.is_empty(), "moodle/grade:edit required to edit grades"),
        ] {
            if wanted && !call.can(needed, &place.path).await? {
                return Err(code::NO_PERMISSION_TO_VIEW_GRADES.err().with_debuginfo(what));
            }
        }
        check_details(d)?;
        for (i, g) in p.grades.iter().enumerate() {
            if g.grade.0.is_some_and(|v| !v.is_finite()) {
                return Err(ApiError::invalid_parameter(format!("grades[{i}].grade: a number is needed")));
            }
        }
        let mut students: Vec<i64> = p.grades.iter().map(|g| g.studentid).collect();
        students.sort_unstable();
        students.dedup();
        let known: std::collections::HashSet<i64> = user::Entity::find()
            .filter(user::Column::Id.is_in(students.iter().copied()))
            .filter(user::Column::Deleted.eq(0))
            .all(db)
            .await?
            .into_iter()
            .map(|u| u.id)
            .collect();
        if let Some((i, g)) = p.grades.iter().enumerate().find(|(_, g)| !known.contains(&g.studentid)) {
            return Err(ApiError::invalid_parameter(format!("grades[{i}].studentid: no user {}", g.studentid)));
        }
        if p.grades.is_empty() && !has_details(d) {
            return Ok(0);
        }

        let txn = call.write().await?;
        let name = complete(&txn, vec![cm.clone()]).await?.pop().map(|a| a.name().to_string()).unwrap_or_default();
        let mut book = Gradebook::ensure(&txn, p.courseid).await?;
        let item = match book.activity_item(kind.name(), cm.instance, p.itemnumber).cloned() {
            Some(item) => item,
            None if d.deleted == Some(true) => return Ok(0),
            None => book.add_activity_item(&txn, kind.name(), cm.instance, &name, 100.0).await?,
        };
        if d.deleted == Some(true) {
            grade_grades::Entity::delete_many().filter(grade_grades::Column::Itemid.eq(item.id)).exec(&txn).await?;
            item.delete(&txn).await?;
            return Ok(0);
        }
        let item = if has_details(d) {
            let (min, max) = (d.grademin.unwrap_or(item.grademin), d.grademax.unwrap_or(item.grademax));
            if max <= min {
                return Err(ApiError::invalid_parameter(format!(
                    "itemdetails.grademax: {max} must be more than the minimum grade {min}"
                )));
            }
            let mut row: lmsgate_entities::grade_items::ActiveModel = item.into();
            if let Some(n) = &d.itemname {
                row.itemname = Set(Some(n.0.clone()));
            }
            if let Some(n) = d.idnumber {
                row.idnumber = Set(Some(n.to_string()));
            }
            if let Some(hidden) = d.hidden {
                row.hidden = Set(i64::from(hidden));
            }
            row.grademin = Set(min);
            row.grademax = Set(max);
            row.timemodified = Set(now());
            row.update(&txn).await?
        } else {
            item
        };
        let by = call.caller.user().id;
        for g in p.grades {
            set_grade(&txn, &item, g.studentid, g.grade.0, g.str_feedback.map(|f| f.0), by).await?;
        }
        Ok(0)
    }
}

fn has_details(d: &ItemDetails) -> bool {
    d.itemname.is_some()
        || d.idnumber.is_some()
        || d.gradetype.is_some()
        || d.grademax.is_some()
        || d.grademin.is_some()
        || d.scaleid.is_some()
        || d.multfactor.is_some()
        || d.plusfactor.is_some()
        || d.deleted.is_some()
        || d.hidden.is_some()
}

/// What lmsgate's gradebook cannot keep is refused rather than dropped.
fn check_details(d: &ItemDetails) -> Result<(), ApiError> {
    let refuse = |field: &str, why: &str| Err(ApiError::invalid_parameter(format!("itemdetails.{field}: {why}")));
    if d.gradetype.is_some_and(|t| t != TYPE_VALUE) {
        return refuse("gradetype", "only value grades (1) are available");
    }
    if d.scaleid.is_some_and(|s| s != 0) {
        return refuse("scaleid", "scales are not available");
    }
    if d.multfactor.is_some_and(|f| f != 1.0) {
        return refuse("multfactor", "only 1 is available");
    }
    if d.plusfactor.is_some_and(|f| f != 0.0) {
        return refuse("plusfactor", "only 0 is available");
    }
    if [d.grademax, d.grademin].into_iter().flatten().any(|v| !v.is_finite() || v.abs() > 99_999.0) {
        return refuse("grademax", "a number between -99999 and 99999 is needed");
    }
    Ok(())
}

fn invalid_course_module() -> ApiError {
    code::INVALID_COURSE_MODULE.err()
}
