//! What callers see of courses: the full record of `get_courses`, and the summary of
//! `get_courses_by_field` and `search_courses` (everything to those who can enter the course,
//! public information otherwise). Loaded in a fixed number of queries for any number of courses.
use std::collections::{HashMap, HashSet};

use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use lmsgate_entities::{cap, contextlevel, course, course_categories, enrol, role_assignments, seed, user};

use super::create_courses::FormatOption;
use crate::common::{CustomFieldData, ExternalFile};
use crate::framework::access::{contexts, path_of};
use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call};

/// A course as `core_course_get_courses` returns it.
#[derive(Debug, Object)]
#[oai(rename = "core_course_course", skip_serializing_if_is_none)]
pub struct CourseInfo {
    /// Course id.
    pub id: i64,
    /// Short name.
    pub shortname: String,
    /// Category id (0 for the site course).
    pub categoryid: i64,
    /// Sort order within the category.
    pub categorysortorder: Option<i64>,
    /// Full name.
    pub fullname: String,
    /// Name to display.
    pub displayname: String,
    /// Identifier in an external system.
    pub idnumber: Option<String>,
    /// Summary (HTML).
    pub summary: String,
    /// Summary format (1 = HTML).
    pub summaryformat: i32,
    /// Course format.
    pub format: String,
    /// 1 when grades are shown.
    pub showgrades: Option<i32>,
    /// Number of recent news items.
    pub newsitems: Option<i32>,
    /// Start date (Unix time).
    pub startdate: i64,
    /// End date (Unix time, 0 = none).
    pub enddate: i64,
    /// Number of sections after section 0.
    pub numsections: Option<i32>,
    /// Maximum upload size in bytes.
    pub maxbytes: Option<i64>,
    /// 1 when activity reports are shown.
    pub showreports: Option<i32>,
    /// 1 visible, 0 hidden.
    pub visible: Option<i32>,
    /// How hidden sections are shown.
    pub hiddensections: Option<i32>,
    /// Group mode.
    pub groupmode: Option<i32>,
    /// 1 when the group mode is forced.
    pub groupmodeforce: Option<i32>,
    /// Default grouping id.
    pub defaultgroupingid: Option<i64>,
    /// Created (Unix time).
    pub timecreated: Option<i64>,
    /// Last modified (Unix time).
    pub timemodified: Option<i64>,
    /// 1 when completion tracking is on.
    pub enablecompletion: Option<i32>,
    /// 1 when completion is notified.
    pub completionnotify: Option<i32>,
    /// Forced language.
    pub lang: Option<String>,
    /// Forced theme.
    pub forcetheme: Option<String>,
    /// Course format options.
    pub courseformatoptions: Option<Vec<FormatOption>>,
    /// Whether activity dates are shown.
    pub showactivitydates: bool,
    /// Whether completion conditions are shown.
    pub showcompletionconditions: bool,
    /// Custom field values (absent: the site defines no course custom fields).
    pub customfields: Option<Vec<CustomFieldData>>,
}

pub fn info(c: &course::Model, numsections: i32) -> CourseInfo {
    let site = c.category == 0;
    CourseInfo {
        id: c.id,
        shortname: c.shortname.clone(),
        categoryid: c.category,
        categorysortorder: Some(c.sortorder),
        fullname: c.fullname.clone(),
        displayname: c.fullname.clone(),
        idnumber: Some(c.idnumber.clone()),
        summary: c.summary.clone(),
        summaryformat: c.summaryformat,
        format: c.format.clone(),
        showgrades: Some(c.showgrades),
        newsitems: Some(c.newsitems),
        startdate: c.startdate,
        enddate: c.enddate,
        numsections: (!site).then_some(numsections),
        maxbytes: Some(c.maxbytes),
        showreports: Some(c.showreports),
        visible: Some(c.visible),
        hiddensections: (!site).then_some(0),
        groupmode: Some(c.groupmode),
        groupmodeforce: Some(c.groupmodeforce),
        defaultgroupingid: Some(c.defaultgroupingid),
        timecreated: Some(c.timecreated),
        timemodified: Some(c.timemodified),
        enablecompletion: Some(c.enablecompletion),
        completionnotify: Some(c.completionnotify),
        lang: Some(c.lang.clone()),
        forcetheme: Some(c.theme.clone()),
        courseformatoptions: format_options(c),
        showactivitydates: c.showactivitydates != 0,
        showcompletionconditions: c.showcompletionconditions != 0,
        customfields: None,
    }
}

/// The options of the course's format (the site course's format has none).
fn format_options(c: &course::Model) -> Option<Vec<FormatOption>> {
    (c.category != 0).then(|| {
        vec![
            FormatOption { name: AlphanumExt("hiddensections".into()), value: "0".into() },
            FormatOption { name: AlphanumExt("coursedisplay".into()), value: "0".into() },
        ]
    })
}

/// A text filter available in a course.
#[derive(Debug, Object)]
#[oai(rename = "core_course_available_filter")]
pub struct AvailableFilter {
    /// Filter plugin name.
    pub filter: String,
    /// The filter's state set in the course (1 on, -1 off, 0 inherited).
    pub localstate: i64,
    /// The state the course inherits (1 on, -1 off).
    pub inheritedstate: i64,
}

/// A teacher shown as a course contact.
#[derive(Debug, Object)]
#[oai(rename = "core_course_contact")]
pub struct Contact {
    /// User id.
    pub id: i64,
    /// Full name.
    pub fullname: String,
}

/// A course as `get_courses_by_field` and `search_courses` return it.
#[derive(Debug, Object)]
#[oai(rename = "core_course_summary", skip_serializing_if_is_none)]
pub struct CourseSummary {
    /// Course id.
    pub id: i64,
    /// Full name.
    pub fullname: String,
    /// Name to display.
    pub displayname: String,
    /// Short name.
    pub shortname: String,
    /// Category id.
    pub categoryid: i64,
    /// Category name.
    pub categoryname: String,
    /// Sort order.
    pub sortorder: Option<i64>,
    /// The course image (Moodle's generated image, as a file).
    pub courseimage: Option<String>,
    /// Summary (HTML).
    pub summary: String,
    /// Summary format (1 = HTML).
    pub summaryformat: i32,
    /// Files the summary embeds (none are stored yet).
    pub summaryfiles: Vec<ExternalFile>,
    /// Overview files (none are stored yet).
    pub overviewfiles: Vec<ExternalFile>,
    /// Whether activity dates are shown.
    pub showactivitydates: bool,
    /// Whether completion conditions are shown.
    pub showcompletionconditions: bool,
    /// Course contacts (teachers).
    pub contacts: Vec<Contact>,
    /// Enabled enrolment methods.
    pub enrollmentmethods: Vec<String>,
    /// Custom field values (absent: the site defines no course custom fields).
    pub customfields: Option<Vec<CustomFieldData>>,
    /// Communication room name (absent: communication providers are off).
    pub communicationroomname: Option<String>,
    /// Communication room URL (absent: communication providers are off).
    pub communicationroomurl: Option<String>,
    /// Identifier in an external system (to those who may update the course).
    pub idnumber: Option<String>,
    /// Course format.
    pub format: Option<String>,
    /// 1 when grades are shown.
    pub showgrades: Option<i32>,
    /// Number of recent news items.
    pub newsitems: Option<i32>,
    /// Start date (Unix time).
    pub startdate: Option<i64>,
    /// End date (Unix time).
    pub enddate: Option<i64>,
    /// Maximum upload size in bytes.
    pub maxbytes: Option<i64>,
    /// 1 when activity reports are shown.
    pub showreports: Option<i32>,
    /// 1 visible, 0 hidden.
    pub visible: Option<i32>,
    /// Group mode.
    pub groupmode: Option<i32>,
    /// 1 when the group mode is forced.
    pub groupmodeforce: Option<i32>,
    /// Default grouping id.
    pub defaultgroupingid: Option<i64>,
    /// 1 when completion tracking is on.
    pub enablecompletion: Option<i32>,
    /// 1 when completion is notified.
    pub completionnotify: Option<i32>,
    /// Forced language.
    pub lang: Option<String>,
    /// Forced theme.
    pub theme: Option<String>,
    /// Highlighted section.
    pub marker: Option<i64>,
    /// Legacy course files setting.
    pub legacyfiles: Option<i32>,
    /// Calendar type.
    pub calendartype: Option<String>,
    /// Created (Unix time).
    pub timecreated: Option<i64>,
    /// Last modified (Unix time).
    pub timemodified: Option<i64>,
    /// 1 when the course was requested.
    pub requested: Option<i32>,
    /// Cache revision.
    pub cacherev: Option<i64>,
    /// Text filters available in the course (lmsgate has none; to those who can enter it).
    pub filters: Option<Vec<AvailableFilter>>,
    /// Course format options (to those who can enter the course).
    pub courseformatoptions: Option<Vec<FormatOption>>,
}

/// Summaries of `courses` for the caller, hidden courses left out unless the caller may see them.
pub async fn summaries(call: &Call<'_>, courses: Vec<course::Model>) -> Result<Vec<CourseSummary>, ApiError> {
    let db = &call.db();
    let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
    let ctxs = contexts(db, contextlevel::COURSE, &ids).await?;
    let mut visible = Vec::with_capacity(courses.len());
    for c in courses {
        let Some(ctx) = ctxs.get(&c.id) else { continue };
        let path = path_of(ctx);
        if c.visible == 0
            && !call.can(cap::COURSE_VIEWHIDDENCOURSES, &path).await?
            && !call.can(cap::COURSE_UPDATE, &path).await?
        {
            continue;
        }
        let full = call.can_enter(&c, &path).await?;
        let manager = full && call.can(cap::COURSE_UPDATE, &path).await?;
        visible.push((c, ctx.id, full, manager));
    }
    let cat_ids: HashSet<i64> = visible.iter().map(|(c, ..)| c.category).collect();
    let categories: HashMap<i64, String> = course_categories::Entity::find()
        .filter(course_categories::Column::Id.is_in(cat_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    let course_ids: Vec<i64> = visible.iter().map(|(c, ..)| c.id).collect();
    let mut methods: HashMap<i64, Vec<String>> = HashMap::new();
    let mut q = enrol::Entity::find().filter(enrol::Column::Status.eq(0));
    if course_ids.len() <= 1000 {
        q = q.filter(enrol::Column::Courseid.is_in(course_ids.iter().copied()));
    }
    for e in q.all(db).await? {
        methods.entry(e.courseid).or_default().push(e.enrol);
    }
    // Contacts: teachers assigned in the course context.
    let teacher = seed::role_id("editingteacher").unwrap_or(3);
    let ctx_ids: Vec<i64> = visible.iter().map(|(_, ctx, ..)| *ctx).collect();
    let mut q = role_assignments::Entity::find().filter(role_assignments::Column::Roleid.eq(teacher));
    if ctx_ids.len() <= 1000 {
        q = q.filter(role_assignments::Column::Contextid.is_in(ctx_ids.iter().copied()));
    }
    let assignments = q.all(db).await?;
    let teacher_ids: HashSet<i64> = assignments.iter().map(|a| a.userid).collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(teacher_ids))
        .filter(user::Column::Deleted.eq(0))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{} {}", u.firstname, u.lastname)))
        .collect();
    let mut contacts: HashMap<i64, Vec<Contact>> = HashMap::new();
    for a in assignments {
        if let Some(name) = names.get(&a.userid) {
            contacts.entry(a.contextid).or_default().push(Contact { id: a.userid, fullname: name.clone() });
        }
    }
    let www = &call.state.settings.wwwroot;
    Ok(visible
        .into_iter()
        .map(|(c, ctx, full, manager)| {
            let f = |v| if full { Some(v) } else { None };
            CourseSummary {
                id: c.id,
                displayname: c.fullname.clone(),
                categoryname: categories.get(&c.category).cloned().unwrap_or_default(),
                sortorder: Some(c.sortorder),
                courseimage: Some(super::exported::generated_image_url(www, ctx)),
                summary: c.summary.clone(),
                summaryformat: c.summaryformat,
                summaryfiles: Vec::new(),
                overviewfiles: Vec::new(),
                showactivitydates: c.showactivitydates != 0,
                showcompletionconditions: c.showcompletionconditions != 0,
                contacts: contacts.remove(&ctx).unwrap_or_default(),
                enrollmentmethods: methods.remove(&c.id).unwrap_or_default(),
                customfields: None,
                communicationroomname: None,
                communicationroomurl: None,
                filters: full.then(Vec::new),
                courseformatoptions: if full { format_options(&c) } else { None },
                idnumber: manager.then(|| c.idnumber.clone()),
                format: full.then(|| c.format.clone()),
                showgrades: f(c.showgrades),
                newsitems: f(c.newsitems),
                startdate: full.then_some(c.startdate),
                enddate: full.then_some(c.enddate),
                maxbytes: full.then_some(c.maxbytes),
                showreports: f(c.showreports),
                visible: f(c.visible),
                groupmode: f(c.groupmode),
                groupmodeforce: f(c.groupmodeforce),
                defaultgroupingid: full.then_some(c.defaultgroupingid),
                enablecompletion: f(c.enablecompletion),
                completionnotify: f(c.completionnotify),
                lang: full.then(|| c.lang.clone()),
                theme: full.then(|| c.theme.clone()),
                marker: full.then_some(c.marker),
                legacyfiles: manager.then_some(c.legacyfiles),
                calendartype: manager.then(|| c.calendartype.clone()),
                timecreated: manager.then_some(c.timecreated),
                timemodified: manager.then_some(c.timemodified),
                requested: manager.then_some(c.requested),
                cacherev: manager.then_some(c.cacherev),
                fullname: c.fullname,
                shortname: c.shortname,
                categoryid: c.category,
            }
        })
        .collect())
}
