//! A course's gradebook: one category aggregating by Moodle's default (natural: the sum of the
//! non-empty grades out of the sum of their maximums), its items, and users' grades. The course
//! total is computed when read, so it is never stale and needs no regrading step.
use std::collections::{HashMap, HashSet};

use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use lmsgate_entities::{grade_categories, grade_grades, grade_items, now, role_assignments, seed};

use crate::framework::ApiError;

/// Moodle's `GRADE_AGGREGATE_SUM` ("Natural").
pub const NATURAL: i32 = 13;
/// Moodle's `GRADE_TYPE_VALUE`.
pub const TYPE_VALUE: i32 = 1;

/// A course's gradebook as loaded: its category, course total item and the other items in
/// sort order.
#[derive(Debug, Clone)]
pub struct Gradebook {
    pub category: grade_categories::Model,
    pub total: grade_items::Model,
    pub items: Vec<grade_items::Model>,
}

/// A user's course total: the grade (none while nothing is graded) and its maximum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Total {
    pub grade: Option<f64>,
    pub max: f64,
}

impl Gradebook {
    /// The course's gradebook, if anything was ever graded there.
    pub async fn load<C: ConnectionTrait>(db: &C, courseid: i64) -> Result<Option<Self>, ApiError> {
        let items = grade_items::Entity::find()
            .filter(grade_items::Column::Courseid.eq(courseid))
            .order_by_asc(grade_items::Column::Sortorder)
            .order_by_asc(grade_items::Column::Id)
            .all(db)
            .await?;
        let (totals, items): (Vec<_>, Vec<_>) = items.into_iter().partition(|i| i.itemtype == "course");
        let Some(total) = totals.into_iter().next() else { return Ok(None) };
        let category = grade_categories::Entity::find_by_id(total.iteminstance.unwrap_or(0))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::internal("a course total without its category"))?;
        Ok(Some(Self { category, total, items }))
    }

    /// The course's gradebook, made (category and course total) when it has none.
    pub async fn ensure<C: ConnectionTrait>(db: &C, courseid: i64) -> Result<Self, ApiError> {
        if let Some(book) = Self::load(db, courseid).await? {
            return Ok(book);
        }
        let t = now();
        let category = grade_categories::ActiveModel {
            id: NotSet,
            courseid: Set(courseid),
            fullname: Set("?".into()),
            aggregation: Set(NATURAL),
            aggregateonlygraded: Set(1),
            timecreated: Set(t),
            timemodified: Set(t),
        }
        .insert(db)
        .await?;
        let total = new_item(courseid, "course", None, Some(category.id), 100.0, 1).insert(db).await?;
        Ok(Self { category, total, items: Vec::new() })
    }

    /// The item of an activity (`itemmodule`, its instance and `itemnumber`), if it has one.
    pub fn activity_item(&self, module: &str, instance: i64, itemnumber: i32) -> Option<&grade_items::Model> {
        self.items.iter().find(|i| {
            i.itemtype == "mod"
                && i.itemmodule.as_deref() == Some(module)
                && i.iteminstance == Some(instance)
                && i.itemnumber.unwrap_or(0) == itemnumber
        })
    }

    /// Adds an activity's grade item (after the others).
    pub async fn add_activity_item<C: ConnectionTrait>(
        &mut self,
        db: &C,
        module: &str,
        instance: i64,
        name: &str,
        grademax: f64,
    ) -> Result<grade_items::Model, ApiError> {
        let sortorder = self.items.iter().map(|i| i.sortorder).max().unwrap_or(self.total.sortorder) + 1;
        let mut item = new_item(self.total.courseid, "mod", Some(name), Some(self.category.id), grademax, sortorder);
        item.categoryid = Set(Some(self.category.id));
        item.itemmodule = Set(Some(module.into()));
        item.iteminstance = Set(Some(instance));
        item.itemnumber = Set(Some(0));
        let item = item.insert(db).await?;
        self.items.push(item.clone());
        Ok(item)
    }

    /// The total of one user's grades (by item id).
    pub fn total(&self, grades: &HashMap<i64, grade_grades::Model>) -> Total {
        let graded: Vec<(f64, &grade_items::Model)> = self
            .items
            .iter()
            .filter_map(|i| Some((grades.get(&i.id)?.finalgrade?, i)))
            .collect();
        match graded.is_empty() {
            true => Total { grade: None, max: self.items.iter().map(|i| i.grademax).sum::<f64>().max(0.0) },
            false => Total {
                grade: Some(graded.iter().map(|(g, _)| g).sum()),
                max: graded.iter().map(|(_, i)| i.grademax - i.grademin).sum(),
            },
        }
    }

    /// Every item's ids, the course total's included.
    pub fn item_ids(&self) -> Vec<i64> {
        std::iter::once(self.total.id).chain(self.items.iter().map(|i| i.id)).collect()
    }
}

fn new_item(
    courseid: i64,
    itemtype: &str,
    name: Option<&str>,
    category: Option<i64>,
    grademax: f64,
    sortorder: i32,
) -> grade_items::ActiveModel {
    let t = now();
    grade_items::ActiveModel {
        id: NotSet,
        courseid: Set(courseid),
        // The course total names its category in `iteminstance`, as Moodle's does.
        categoryid: Set(None),
        itemname: Set(name.map(str::to_string)),
        itemtype: Set(itemtype.into()),
        itemmodule: Set(None),
        iteminstance: Set(if itemtype == "course" { category } else { None }),
        itemnumber: Set(None),
        idnumber: Set(None),
        gradetype: Set(TYPE_VALUE),
        grademax: Set(grademax),
        grademin: Set(0.0),
        gradepass: Set(0.0),
        sortorder: Set(sortorder),
        hidden: Set(0),
        timecreated: Set(t),
        timemodified: Set(t),
    }
}

/// The grades of some users for some items, by (item, user).
pub async fn grades_of<C: ConnectionTrait>(
    db: &C,
    items: &[i64],
    users: &[i64],
) -> Result<HashMap<(i64, i64), grade_grades::Model>, ApiError> {
    let mut out = HashMap::new();
    if items.is_empty() || users.is_empty() {
        return Ok(out);
    }
    for chunk in users.chunks(500) {
        for g in grade_grades::Entity::find()
            .filter(grade_grades::Column::Itemid.is_in(items.iter().copied()))
            .filter(grade_grades::Column::Userid.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            out.insert((g.itemid, g.userid), g);
        }
    }
    Ok(out)
}

/// One user's grades from `grades_of`, by item id.
pub fn of_user(grades: &HashMap<(i64, i64), grade_grades::Model>, userid: i64) -> HashMap<i64, grade_grades::Model> {
    grades.iter().filter(|((_, u), _)| *u == userid).map(|((i, _), g)| (*i, g.clone())).collect()
}

/// Stores a user's grade for an item (`None` empties it): the raw grade as given, the final
/// grade kept within the item's range, as Moodle's `grade_item::update_raw_grade` does.
pub async fn set_grade<C: ConnectionTrait>(
    db: &C,
    item: &grade_items::Model,
    userid: i64,
    grade: Option<f64>,
    feedback: Option<String>,
    by: i64,
) -> Result<(), ApiError> {
    let t = now();
    let finalgrade = grade.map(|g| g.clamp(item.grademin, item.grademax));
    let existing = grade_grades::Entity::find()
        .filter(grade_grades::Column::Itemid.eq(item.id))
        .filter(grade_grades::Column::Userid.eq(userid))
        .one(db)
        .await?;
    match existing {
        Some(row) => {
            let keep_feedback = feedback.is_none();
            let mut row: grade_grades::ActiveModel = row.into();
            row.rawgrade = Set(grade);
            row.finalgrade = Set(finalgrade);
            if !keep_feedback {
                row.feedback = Set(feedback);
            }
            row.usermodified = Set(Some(by));
            row.timemodified = Set(Some(t));
            row.update(db).await?;
        }
        None => {
            grade_grades::ActiveModel {
                id: NotSet,
                itemid: Set(item.id),
                userid: Set(userid),
                rawgrade: Set(grade),
                finalgrade: Set(finalgrade),
                feedback: Set(feedback),
                feedbackformat: Set(0),
                usermodified: Set(Some(by)),
                timecreated: Set(Some(t)),
                timemodified: Set(Some(t)),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The contexts among `contexts` where `userid` holds a role the gradebook grades (Moodle's
/// `gradebookroles`: student).
pub async fn graded_in<C: ConnectionTrait>(db: &C, userid: i64, contexts: &[i64]) -> Result<HashSet<i64>, ApiError> {
    if contexts.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(role_assignments::Entity::find()
        .select_only()
        .column(role_assignments::Column::Contextid)
        .filter(role_assignments::Column::Userid.eq(userid))
        .filter(role_assignments::Column::Roleid.eq(seed::role_id("student").unwrap_or(5)))
        .filter(role_assignments::Column::Contextid.is_in(contexts.iter().copied()))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The users holding a graded role in a course's context, by id.
pub async fn graded_users<C: ConnectionTrait>(db: &C, context: i64) -> Result<Vec<i64>, ApiError> {
    let mut ids: Vec<i64> = role_assignments::Entity::find()
        .select_only()
        .column(role_assignments::Column::Userid)
        .filter(role_assignments::Column::Roleid.eq(seed::role_id("student").unwrap_or(5)))
        .filter(role_assignments::Column::Contextid.eq(context))
        .into_tuple::<i64>()
        .all(db)
        .await?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Moodle's `grade_format_gradevalue` for a real value with two decimals ("-" for none).
pub fn format_grade(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{v:.2}"),
        None => "-".into(),
    }
}

/// The value as the database's `NUMBER(10,5)` holds it, as Moodle sends raw grades.
pub fn raw_grade(value: Option<f64>) -> Option<String> {
    value.map(|v| format!("{v:.5}"))
}

/// A grade as a percentage of its range, as Moodle formats it.
pub fn format_percentage(value: Option<f64>, min: f64, max: f64) -> String {
    match value {
        Some(v) if max > min => format!("{:.2} %", (v - min) * 100.0 / (max - min)),
        Some(_) => "0.00 %".into(),
        None => "-".into(),
    }
}

/// A range as Moodle formats it (`0&ndash;100`).
pub fn format_range(min: f64, max: f64) -> String {
    format!("{}&ndash;{}", trim_decimals(min), trim_decimals(max))
}

fn trim_decimals(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.2}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_moodle() {
        assert_eq!(format_grade(Some(85.0)), "85.00");
        assert_eq!(format_grade(None), "-");
        assert_eq!(raw_grade(Some(85.0)).as_deref(), Some("85.00000"));
        assert_eq!(format_percentage(Some(8.5), 0.0, 10.0), "85.00 %");
        assert_eq!(format_range(0.0, 100.0), "0&ndash;100");
    }
}
