//! gradereport_user_get_grade_items: the user grade report as data: each grade item of the course
//! (the course total last) with a user's grade, range, percentage, weight and feedback.
use std::collections::HashMap;

use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, grade_grades, grade_items, seed};

use super::get_grades_table::activity_cms;
use crate::common::Warning;
use crate::core_grades::gradebook::{self, Gradebook, Total, format_grade, format_percentage, format_range};
use crate::core_grades::report::report_users;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetGradeItems;

#[derive(Debug, Object, Validate)]
#[oai(rename = "gradereport_user_get_grade_items_params", deny_unknown_fields)]
pub struct Params {
    /// Course Id.
    pub courseid: i64,
    /// Only this user (0: every graded user, which needs moodle/grade:viewall).
    #[oai(default)]
    pub userid: i64,
    /// Only users of this group (groups do not restrict grades on this site yet).
    #[oai(default)]
    pub groupid: i64,
}

/// A grade item with a user's grade.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_grade_item", skip_serializing_if_is_none)]
pub struct GradeItem {
    /// Grade item id.
    pub id: i64,
    /// Grade item name.
    pub itemname: OrNull<String>,
    /// Grade item type.
    pub itemtype: String,
    /// Grade item module.
    pub itemmodule: OrNull<String>,
    /// Grade item instance.
    pub iteminstance: OrNull<i64>,
    /// Grade item item number.
    pub itemnumber: OrNull<i32>,
    /// Grade item idnumber.
    pub idnumber: OrNull<String>,
    /// Grade item category id.
    pub categoryid: OrNull<i64>,
    /// Outcome id.
    pub outcomeid: OrNull<i64>,
    /// Scale id.
    pub scaleid: OrNull<i64>,
    /// Grade item for user locked?
    pub locked: Option<bool>,
    /// Course module id (if type mod).
    pub cmid: Option<i64>,
    /// Weight raw.
    pub weightraw: Option<f64>,
    /// Weight.
    pub weightformatted: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Grade raw.
    pub graderaw: Option<OrNull<f64>>,
    /// Grade submit date.
    pub gradedatesubmitted: Option<OrNull<i64>>,
    /// Grade graded date.
    pub gradedategraded: Option<OrNull<i64>>,
    /// Grade hidden by date?
    pub gradehiddenbydate: Option<bool>,
    /// Grade needs update?
    pub gradeneedsupdate: Option<bool>,
    /// Grade is hidden?
    pub gradeishidden: Option<bool>,
    /// Grade is locked?
    pub gradeislocked: Option<bool>,
    /// Grade overridden?
    pub gradeisoverridden: Option<bool>,
    /// The grade formatted.
    pub gradeformatted: Option<String>,
    /// Grade min.
    pub grademin: Option<f64>,
    /// Grade max.
    pub grademax: Option<f64>,
    /// Range formatted.
    pub rangeformatted: Option<String>,
    /// Percentage.
    pub percentageformatted: Option<String>,
    /// Letter grade.
    pub lettergradeformatted: Option<String>,
    /// Rank in the course.
    pub rank: Option<i64>,
    /// Num users in course.
    pub numusers: Option<i64>,
    /// Grade average.
    pub averageformatted: Option<String>,
    /// Grade feedback.
    pub feedback: Option<String>,
    /// Feedback format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub feedbackformat: Option<i32>,
}

/// One user's grade items.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_user_grades")]
pub struct UserGrades {
    /// Course id.
    pub courseid: i64,
    /// Course idnumber.
    pub courseidnumber: String,
    /// User id.
    pub userid: i64,
    /// User fullname.
    pub userfullname: String,
    /// User idnumber.
    pub useridnumber: String,
    /// Table max depth (needed for printing it).
    pub maxdepth: i32,
    /// The grade items, the course total last.
    pub gradeitems: Vec<GradeItem>,
}

#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_get_grade_items_returns")]
pub struct Returns {
    /// One per user.
    pub usergrades: Vec<UserGrades>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetGradeItems {
    const INFO: FunctionInfo = FunctionInfo {
        name: "gradereport_user_get_grade_items",
        summary: "Get the grade items of a course with users' grades",
        description: "The grade items of a course (the course total last) with one user's grades (their own with moodle/grade:view where the course shows grades, anyone's with moodle/grade:viewall), or every graded user's (userid 0, moodle/grade:viewall). Needs gradereport/user:view in the course.",
        scope: Scope::Course("courseid"),
        requires: &[cap::GRADEREPORT_USER_VIEW],
        checks: &[cap::GRADE_VIEW, cap::GRADE_VIEWALL],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let (place, users) = report_users(call, p.courseid, p.userid).await?;
        let db = call.db();
        let book = Gradebook::load(&db, p.courseid).await?;
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let grades = match &book {
            Some(book) => gradebook::grades_of(&db, &book.item_ids(), &ids).await?,
            None => HashMap::new(),
        };
        let cms = activity_cms(call, book.as_ref()).await?;
        let course = place.course.as_ref().ok_or_else(|| ApiError::internal("a course scope"))?;
        let usergrades = users
            .iter()
            .map(|u| {
                let mine = gradebook::of_user(&grades, u.id);
                UserGrades {
                    courseid: p.courseid,
                    courseidnumber: course.idnumber.clone(),
                    userid: u.id,
                    userfullname: format!("{} {}", u.firstname, u.lastname),
                    useridnumber: u.idnumber.clone(),
                    maxdepth: 2,
                    gradeitems: match &book {
                        Some(book) => items(book, &mine, &cms),
                        None => Vec::new(),
                    },
                }
            })
            .collect();
        Ok(Returns { usergrades, warnings: Vec::new() })
    }
}

/// A user's grade items, the course total last.
fn items(book: &Gradebook, grades: &HashMap<i64, grade_grades::Model>, cms: &HashMap<i64, (crate::core_course::activities::ModType, i64)>) -> Vec<GradeItem> {
    let total = book.total(grades);
    let mut out: Vec<GradeItem> = book
        .items
        .iter()
        .map(|item| {
            let grade = grades.get(&item.id);
            let value = grade.and_then(|g| g.finalgrade);
            let weight = match value {
                Some(_) if total.max > 0.0 => (item.grademax - item.grademin) * 100.0 / total.max,
                _ => 0.0,
            };
            let mut row = item_row(item, value, item.grademin, item.grademax, grade);
            row.cmid = cms.get(&item.id).map(|(_, cmid)| *cmid);
            row.weightraw = Some(weight / 100.0);
            row.weightformatted = Some(format!("{weight:.2} %"));
            row
        })
        .collect();
    let Total { grade, max } = total;
    let mut course = item_row(&book.total, grade, 0.0, max, None);
    course.iteminstance = OrNull(Some(book.category.id));
    out.push(course);
    out
}

fn item_row(item: &grade_items::Model, value: Option<f64>, min: f64, max: f64, grade: Option<&grade_grades::Model>) -> GradeItem {
    GradeItem {
        id: item.id,
        itemname: OrNull(item.itemname.clone()),
        itemtype: item.itemtype.clone(),
        itemmodule: OrNull(item.itemmodule.clone()),
        iteminstance: OrNull(item.iteminstance),
        itemnumber: OrNull(item.itemnumber),
        idnumber: OrNull(item.idnumber.clone()),
        categoryid: OrNull(item.categoryid),
        outcomeid: OrNull(None),
        scaleid: OrNull(None),
        locked: Some(false),
        cmid: None,
        weightraw: None,
        weightformatted: None,
        status: Some(String::new()),
        graderaw: Some(OrNull(value)),
        gradedatesubmitted: Some(OrNull(grade.and_then(|g| g.timecreated))),
        gradedategraded: Some(OrNull(grade.and_then(|g| g.timemodified))),
        gradehiddenbydate: Some(false),
        gradeneedsupdate: Some(false),
        gradeishidden: Some(item.hidden != 0),
        gradeislocked: Some(false),
        gradeisoverridden: Some(false),
        gradeformatted: Some(format_grade(value)),
        grademin: Some(min),
        grademax: Some(max),
        rangeformatted: Some(format_range(min, max)),
        percentageformatted: Some(format_percentage(value, min, max)),
        lettergradeformatted: None,
        rank: None,
        numusers: None,
        averageformatted: None,
        feedback: Some(grade.and_then(|g| g.feedback.clone()).unwrap_or_default()),
        feedbackformat: Some(grade.map_or(0, |g| g.feedbackformat)),
    }
}
