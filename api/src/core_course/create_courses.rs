//! core_course_create_courses: all or nothing; each course needs `moodle/course:create` in its
//! category.
use poem_openapi::Object;

pub use crate::common::CustomFieldValue;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, course_categories, now, seed};

use super::store::{DEFAULT_NUMSECTIONS, FORMATS, insert_course, invalid_param};
use crate::common::{LANGS, THEMES};
use crate::framework::access::{category_context_error, context_of, path_of};
use crate::framework::types::{AlphanumExt, Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};
use crate::framework::code;

pub struct CreateCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_create_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Courses to create.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub courses: Vec<NewCourse>,
}

/// A course format option (`numsections`, `hiddensections`, ...).
#[derive(Debug, Clone, Object)]
#[oai(rename = "core_course_format_option", deny_unknown_fields)]
pub struct FormatOption {
    /// Option name.
    pub name: AlphanumExt,
    /// Option value.
    pub value: String,
}

fn one() -> i32 {
    1
}
fn topics() -> Plugin {
    Plugin("topics".into())
}
fn five() -> i32 {
    5
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_create_courses_course", deny_unknown_fields)]
pub struct NewCourse {
    /// Full name.
    #[oai(validator(max_length = 1333))]
    pub fullname: Text,
    /// Short name (unique on the site).
    #[oai(validator(max_length = 255))]
    pub shortname: Text,
    /// Category id.
    pub categoryid: i64,
    /// Identifier in an external system (unique on the site when not empty).
    #[oai(validator(max_length = 100))]
    pub idnumber: Option<String>,
    /// Summary (HTML).
    pub summary: Option<String>,
    /// Summary format (1 = HTML).
    #[oai(default = "one")]
    pub summaryformat: i32,
    /// Course format.
    #[oai(default = "topics", validator(max_length = 21))]
    pub format: Plugin,
    /// 1 to show grades to students.
    #[oai(default = "one")]
    pub showgrades: i32,
    /// Number of recent news items shown.
    #[oai(default = "five")]
    pub newsitems: i32,
    /// Start date (Unix time).
    pub startdate: Option<i64>,
    /// End date (Unix time).
    pub enddate: Option<i64>,
    /// Number of sections after section 0.
    #[oai(validator(minimum(value = "0"), maximum(value = "52")))]
    pub numsections: Option<i32>,
    /// Maximum upload size in bytes (0 = site limit).
    #[oai(default)]
    pub maxbytes: i64,
    /// 1 to show activity reports.
    #[oai(default)]
    pub showreports: i32,
    /// 1 visible, 0 hidden.
    pub visible: Option<i32>,
    /// How hidden sections are shown.
    pub hiddensections: Option<i32>,
    /// Group mode: 0 none, 1 separate, 2 visible.
    #[oai(default, validator(minimum(value = "0"), maximum(value = "2")))]
    pub groupmode: i32,
    /// 1 to force the group mode on activities.
    #[oai(default)]
    pub groupmodeforce: i32,
    /// Default grouping id.
    #[oai(default)]
    pub defaultgroupingid: i64,
    /// 1 to enable completion tracking.
    pub enablecompletion: Option<i32>,
    /// 1 to notify on completion.
    pub completionnotify: Option<i32>,
    /// Forced language.
    #[oai(validator(max_length = 30))]
    pub lang: Option<String>,
    /// Forced theme.
    #[oai(validator(max_length = 50))]
    pub forcetheme: Option<Plugin>,
    /// Course format options.
    #[oai(validator(max_items = 100))]
    pub courseformatoptions: Option<Vec<FormatOption>>,
    /// Custom field values.
    #[oai(validator(max_items = 100))]
    pub customfields: Option<Vec<CustomFieldValue>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_create_courses_result")]
pub struct Created {
    /// New course id.
    pub id: i64,
    /// Its short name.
    #[oai(validator(max_length = 255))]
    pub shortname: String,
}

impl ExternalFunction for CreateCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_create_courses",
        summary: "Create courses (all or nothing)",
        description: "Create courses. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        checks: &[cap::COURSE_CREATE, cap::COURSE_VISIBILITY],
        example: r#"{"courses":[{"fullname":"Physics 101","shortname":"PHY101","categoryid":1}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Created>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Created>, ApiError> {
        let txn = call.write().await?;
        let t = now();
        let mut out = Vec::with_capacity(p.courses.len());
        for (i, c) in p.courses.into_iter().enumerate() {
            let at = format!("courses[{i}]");
            let category = course_categories::Entity::find_by_id(c.categoryid).one(&txn).await?;
            let ctx = match &category {
                Some(_) => context_of(&txn, contextlevel::COURSECAT, c.categoryid).await?,
                None => None,
            };
            let (Some(category), Some(ctx)) = (category, ctx) else {
                return Err(category_context_error(c.categoryid, "Category not known!")
                    .with_debuginfo(format!("{at}.categoryid: no category with id {}", c.categoryid)));
            };
            let path = path_of(&ctx);
            call.require(cap::COURSE_CREATE, &path).await?;
            let fullname = c.fullname.0.trim().to_string();
            let shortname = c.shortname.0.trim().to_string();
            if fullname.is_empty() {
                return Err(invalid_param(&at, "fullname"));
            }
            if shortname.is_empty() {
                return Err(invalid_param(&at, "shortname"));
            }
            if c.lang.as_deref().is_some_and(|l| !l.is_empty() && !LANGS.contains(&l)) {
                return Err(invalid_param(&at, "lang"));
            }
            if c.forcetheme.as_ref().is_some_and(|th| !th.0.is_empty() && !THEMES.contains(&th.as_str())) {
                return Err(invalid_param(&at, "forcetheme"));
            }
            if !FORMATS.contains(&c.format.as_str()) {
                return Err(invalid_param(&at, "format"));
            }
            if let Some(f) = c.customfields.as_ref().and_then(|f| f.first()) {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.customfields[0].shortname: no custom course field {}",
                    f.shortname.as_str()
                )));
            }
            if course::Entity::find().filter(course::Column::Shortname.eq(&shortname)).count(&txn).await? > 0 {
                return Err(code::SHORTNAME_TAKEN.with(&shortname)
                .with_debuginfo(format!("{at}.shortname: {shortname} is taken")));
            }
            let idnumber = c.idnumber.unwrap_or_default();
            if !idnumber.is_empty()
                && course::Entity::find().filter(course::Column::Idnumber.eq(&idnumber)).count(&txn).await? > 0
            {
                return Err(code::COURSE_IDNUMBER_TAKEN.with(&idnumber)
                .with_debuginfo(format!("{at}.idnumber: {idnumber} is taken")));
            }
            let mut numsections = c.numsections.unwrap_or(DEFAULT_NUMSECTIONS);
            for opt in c.courseformatoptions.unwrap_or_default() {
                if opt.name.as_str() == "numsections" {
                    numsections = opt.value.parse().map_err(|_| invalid_param(&at, "numsections"))?;
                }
            }
            // Without course:visibility the course takes its category's visibility.
            let visible = match c.visible {
                Some(v) if call.can(cap::COURSE_VISIBILITY, &path).await? => i32::from(v != 0),
                _ => category.visible,
            };
            let mut row = seed::new_course(c.categoryid, &fullname, &shortname, c.format.as_str(), t);
            row.idnumber = Set(idnumber);
            row.summary = Set(c.summary.unwrap_or_default());
            row.summaryformat = Set(c.summaryformat);
            row.showgrades = Set(c.showgrades);
            row.newsitems = Set(c.newsitems);
            row.startdate = Set(c.startdate.unwrap_or(0));
            row.enddate = Set(c.enddate.unwrap_or(0));
            row.maxbytes = Set(c.maxbytes);
            row.showreports = Set(c.showreports);
            row.visible = Set(visible);
            row.visibleold = Set(visible);
            row.groupmode = Set(c.groupmode);
            row.groupmodeforce = Set(c.groupmodeforce);
            row.defaultgroupingid = Set(c.defaultgroupingid);
            row.enablecompletion = Set(c.enablecompletion.unwrap_or(1));
            row.completionnotify = Set(c.completionnotify.unwrap_or(0));
            row.lang = Set(c.lang.unwrap_or_default());
            row.theme = Set(c.forcetheme.map(|th| th.0).unwrap_or_default());
            let created = insert_course(&txn, row, &ctx.path, numsections).await?;
            out.push(Created { id: created.id, shortname: created.shortname });
        }
        Ok(out)
    }
}
