//! gradereport_user_get_grades_table: the user grade report as Moodle's table (HTML cells), as
//! the app shows it: the course's category, each grade item with the user's grade, range,
//! percentage, feedback and weight, and the course total.
use std::collections::HashMap;

use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, grade_grades, grade_items, seed};

use crate::common::{Warning, escape_html};
use crate::core_course::activities::{ModType, cms_of};
use crate::core_grades::gradebook::{self, Gradebook, format_grade, format_percentage, format_range};
use crate::core_grades::report::report_users;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetGradesTable;

#[derive(Debug, Object, Validate)]
#[oai(rename = "gradereport_user_get_grades_table_params", deny_unknown_fields)]
pub struct Params {
    /// The course.
    pub courseid: i64,
    /// Only this user (0: every graded user, which needs moodle/grade:viewall).
    #[oai(default)]
    pub userid: i64,
    /// Only users of this group (groups do not restrict grades on this site yet).
    #[oai(default)]
    pub groupid: i64,
}

/// The item name cell.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_itemname_cell")]
pub struct ItemNameCell {
    /// Class.
    pub class: String,
    /// Col span.
    pub colspan: i32,
    /// The content text formatted.
    pub content: String,
    /// Submission id.
    pub id: String,
}

/// The cell spanning a category's rows.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_leader_cell")]
pub struct LeaderCell {
    /// Class.
    pub class: String,
    /// Row span.
    pub rowspan: i32,
}

/// A cell of a column.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_cell")]
pub struct Cell {
    /// Class.
    pub class: String,
    /// The content text formatted.
    pub content: String,
    /// Headers.
    pub headers: String,
}

/// A row: a category heading, a leader, an item or a total.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_table_row", skip_serializing_if_is_none)]
pub struct Row {
    /// The item name cell.
    pub itemname: Option<ItemNameCell>,
    /// The cell spanning a category's rows.
    pub leader: Option<LeaderCell>,
    /// Weight column.
    pub weight: Option<Cell>,
    /// Grade information.
    pub grade: Option<Cell>,
    /// Range column.
    pub range: Option<Cell>,
    /// Percentage column.
    pub percentage: Option<Cell>,
    /// Lettergrade column.
    pub lettergrade: Option<Cell>,
    /// Rank column.
    pub rank: Option<Cell>,
    /// Average column.
    pub average: Option<Cell>,
    /// Feedback for the last attempt.
    pub feedback: Option<Cell>,
    /// Contributiontocoursetotal column.
    pub contributiontocoursetotal: Option<Cell>,
    /// The grade categories the row is in.
    pub parentcategories: Vec<i64>,
}

impl Row {
    fn new(parentcategories: Vec<i64>) -> Self {
        Self {
            itemname: None,
            leader: None,
            weight: None,
            grade: None,
            range: None,
            percentage: None,
            lettergrade: None,
            rank: None,
            average: None,
            feedback: None,
            contributiontocoursetotal: None,
            parentcategories,
        }
    }
}

/// One user's report.
#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_table")]
pub struct Table {
    /// Course id.
    pub courseid: i64,
    /// User id.
    pub userid: i64,
    /// The user's full name.
    pub userfullname: String,
    /// How deep the category tree is.
    pub maxdepth: i32,
    /// The rows.
    pub tabledata: Vec<Row>,
}

#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_get_grades_table_returns")]
pub struct Tables {
    /// One per user.
    pub tables: Vec<Table>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetGradesTable {
    const INFO: FunctionInfo = FunctionInfo {
        name: "gradereport_user_get_grades_table",
        summary: "Get the user grade report of a course",
        description: "The user grade report as Moodle's table: one user's (their own with moodle/grade:view where the course shows grades, anyone's with moodle/grade:viewall), or every graded user's (userid 0, moodle/grade:viewall). Needs gradereport/user:view in the course.",
        scope: Scope::Course("courseid"),
        requires: &[cap::GRADEREPORT_USER_VIEW],
        checks: &[cap::GRADE_VIEW, cap::GRADE_VIEWALL],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Tables;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Tables, ApiError> {
        let db = &call.db();
        let (place, users) = report_users(call, p.courseid, p.userid).await?;
        let www = &call.state.settings.wwwroot;
        let book = Gradebook::load(db, p.courseid).await?;
        let ids: Vec<i64> = users.iter().map(|u| u.id).collect();
        let grades = match &book {
            Some(book) => gradebook::grades_of(db, &book.item_ids(), &ids).await?,
            None => HashMap::new(),
        };
        let cms = activity_cms(call, book.as_ref()).await?;
        let fullname = place.course.as_ref().map(|c| c.fullname.clone()).unwrap_or_default();
        let tables = users
            .iter()
            .map(|u| Table {
                courseid: p.courseid,
                userid: u.id,
                userfullname: format!("{} {}", u.firstname, u.lastname),
                maxdepth: 2,
                tabledata: match &book {
                    Some(book) => rows(www, book, &fullname, u.id, &gradebook::of_user(&grades, u.id), &cms),
                    None => Vec::new(),
                },
            })
            .collect();
        Ok(Tables { tables, warnings: Vec::new() })
    }
}

/// The course module of each activity item, by item id.
pub async fn activity_cms(call: &Call<'_>, book: Option<&Gradebook>) -> Result<HashMap<i64, (ModType, i64)>, ApiError> {
    let Some(book) = book else { return Ok(HashMap::new()) };
    let activity = |item: &grade_items::Model| Some((ModType::from_name(item.itemmodule.as_deref()?)?, item.iteminstance?));
    let wanted: Vec<(ModType, i64)> = book.items.iter().filter_map(activity).collect();
    let cms = cms_of(&call.db(), &wanted).await?;
    Ok(book
        .items
        .iter()
        .filter_map(|item| {
            let key = activity(item)?;
            Some((item.id, (key.0, cms.get(&key)?.id)))
        })
        .collect())
}

/// One user's rows, as Moodle's user report builds them for a course with one category.
fn rows(
    www: &str,
    book: &Gradebook,
    coursename: &str,
    userid: i64,
    grades: &HashMap<i64, grade_grades::Model>,
    cms: &HashMap<i64, (ModType, i64)>,
) -> Vec<Row> {
    let cat = book.category.id;
    let cat_id = format!("cat_{cat}_{userid}");
    let total = book.total(grades);
    let mut out = Vec::with_capacity(book.items.len() + 3);
    let mut heading = Row::new(Vec::new());
    heading.itemname = Some(ItemNameCell {
        class: "level1 d1 b1b b1t category column-itemname".into(),
        colspan: 8,
        content: format!(
            r#"<div class="d-flex category-content"><span>{}</span></div>"#,
            escape_html(coursename)
        ),
        id: cat_id.clone(),
    });
    out.push(heading);
    let mut leader = Row::new(vec![cat]);
    leader.leader = Some(LeaderCell { class: "level1 d1 b1t b2b b1l".into(), rowspan: book.items.len() as i32 + 2 });
    out.push(leader);
    let cell = |class: &str, column: &str, row_id: &str, content: String| Cell {
        class: format!("{class} column-{column}"),
        content,
        headers: format!("{cat_id} {row_id} {column}{userid}"),
    };
    for item in &book.items {
        let row_id = format!("row_{}_{userid}", item.id);
        let grade = grades.get(&item.id);
        let value = grade.and_then(|g| g.finalgrade);
        let class = "level2 item b1b";
        let mut row = Row::new(vec![cat]);
        row.itemname = Some(ItemNameCell {
            class: format!("{class} column-itemname"),
            colspan: 1,
            content: item_name(www, item, cms.get(&item.id)),
            id: row_id.clone(),
        });
        let (weight, contribution) = match value {
            Some(v) if total.max > 0.0 => (
                format!("{:.2} %", (item.grademax - item.grademin) * 100.0 / total.max),
                format!("{:.2} %", v * 100.0 / total.max),
            ),
            Some(_) => ("0.00 %".into(), "0.00 %".into()),
            None => ("0.00 %<br>( Empty )".into(), "0.00 %".into()),
        };
        let feedback = grade
            .and_then(|g| g.feedback.as_deref())
            .filter(|f| !f.is_empty())
            .map(escape_html)
            .unwrap_or_else(|| "&nbsp;".into());
        row.weight = Some(cell(&format!("{class} itemcenter "), "weight", &row_id, weight));
        row.grade = Some(cell(&format!("{class} itemcenter  "), "grade", &row_id, format_grade(value)));
        row.range = Some(cell(&format!("{class} itemcenter "), "range", &row_id, format_range(item.grademin, item.grademax)));
        row.percentage = Some(cell(
            &format!("{class} itemcenter "),
            "percentage",
            &row_id,
            format_percentage(value, item.grademin, item.grademax),
        ));
        row.feedback = Some(cell(&format!("{class} feedbacktext"), "feedback", &row_id, feedback));
        row.contributiontocoursetotal =
            Some(cell(&format!("{class} itemcenter "), "contributiontocoursetotal", &row_id, contribution));
        out.push(row);
    }
    let row_id = format!("row_{}_{userid}", book.total.id);
    let class = "level1 d1 baggt b2b";
    let mut row = Row::new(vec![cat]);
    row.itemname = Some(ItemNameCell {
        class: format!("{class} column-itemname"),
        colspan: 1,
        content: format!(
            r#"<div class="courseitem d-flex align-items-center"><div class="me-1"><img class="icon icon itemicon" alt="Natural" title="Natural" src="{www}/theme/image.php/boost/core/1/i/agg_sum" /></div><div><span class="d-block text-uppercase small dimmed_text" title="Aggregation">Aggregation</span><div class="rowtitle"><span class="gradeitemheader " title="Course total" tabindex="0">Course total</span></div></div></div>"#
        ),
        id: row_id.clone(),
    });
    row.weight = Some(cell(&format!("{class} itemcenter "), "weight", &row_id, "-".into()));
    row.grade = Some(cell(&format!("{class} itemcenter  "), "grade", &row_id, format_grade(total.grade)));
    row.range = Some(cell(&format!("{class} itemcenter "), "range", &row_id, format_range(0.0, total.max)));
    row.percentage =
        Some(cell(&format!("{class} itemcenter "), "percentage", &row_id, format_percentage(total.grade, 0.0, total.max)));
    row.feedback = Some(cell(&format!("{class} feedbacktext"), "feedback", &row_id, "&nbsp;".into()));
    row.contributiontocoursetotal =
        Some(cell(&format!("{class} itemcenter "), "contributiontocoursetotal", &row_id, "-".into()));
    out.push(row);
    out
}

/// An item's name cell: an activity's icon, type and link, or a manual item's name.
fn item_name(www: &str, item: &grade_items::Model, cm: Option<&(ModType, i64)>) -> String {
    let name = escape_html(item.itemname.as_deref().unwrap_or(""));
    match cm {
        Some((kind, cmid)) => {
            let (module, title) = (kind.name(), kind.title());
            format!(
                r#"<div class="item d-flex align-items-center"><div class="me-1"><img class="icon itemicon" src="{www}/theme/image.php/boost/{module}/1/monologo?filtericon=1" alt="{title}" /></div><div><span class="d-block text-uppercase small dimmed_text" title="{title}">{title}</span><div class="rowtitle"><a title="{title} activity {name}" class="gradeitemheader " href="{www}/mod/{module}/view.php?id={cmid}">{name}</a></div></div></div>"#
            )
        }
        None => format!(
            r#"<div class="item d-flex align-items-center"><div class="me-1"><i class="icon fa fa-pen-to-square fa-fw icon itemicon" title="Manual item" role="img" aria-label="Manual item"></i></div><div><span class="d-block text-uppercase small dimmed_text" title="Manual item">Manual item</span><div class="rowtitle"><span class="gradeitemheader " title="{name}" tabindex="0">{name}</span></div></div></div>"#
        ),
    }
}
