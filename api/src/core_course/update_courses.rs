//! core_course_update_courses: per-course problems are warnings; the rest is saved in one
//! transaction.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, context, contextlevel, course, course_categories, now};

use super::create_courses::{CustomFieldValue, FormatOption};
use super::store::{FORMATS, count_courses};
use crate::common::{LANGS, THEMES, Warning};
use crate::framework::access::{context_of, contexts_below, path_of};
use crate::framework::types::{Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};
use crate::framework::code;

pub struct UpdateCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_update_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Courses to update: `id` and the fields to change.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub courses: Vec<CourseChange>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_update_courses_course", deny_unknown_fields)]
pub struct CourseChange {
    /// Id of the course to update.
    pub id: i64,
    /// Full name.
    #[oai(validator(max_length = 1333))]
    pub fullname: Option<Text>,
    /// Short name.
    #[oai(validator(max_length = 255))]
    pub shortname: Option<Text>,
    /// Category id.
    pub categoryid: Option<i64>,
    /// Identifier in an external system.
    #[oai(validator(max_length = 100))]
    pub idnumber: Option<String>,
    /// Summary (HTML).
    pub summary: Option<String>,
    /// Summary format.
    pub summaryformat: Option<i32>,
    /// Course format.
    #[oai(validator(max_length = 21))]
    pub format: Option<Plugin>,
    /// 1 to show grades.
    pub showgrades: Option<i32>,
    /// Number of recent news items.
    pub newsitems: Option<i32>,
    /// Start date (Unix time).
    pub startdate: Option<i64>,
    /// End date (Unix time).
    pub enddate: Option<i64>,
    /// Number of sections (accepted; sections are added by editing the course).
    pub numsections: Option<i32>,
    /// Maximum upload size in bytes.
    pub maxbytes: Option<i64>,
    /// 1 to show activity reports.
    pub showreports: Option<i32>,
    /// 1 visible, 0 hidden.
    pub visible: Option<i32>,
    /// How hidden sections are shown.
    pub hiddensections: Option<i32>,
    /// Group mode.
    #[oai(validator(minimum(value = "0"), maximum(value = "2")))]
    pub groupmode: Option<i32>,
    /// 1 to force the group mode.
    pub groupmodeforce: Option<i32>,
    /// Default grouping id.
    pub defaultgroupingid: Option<i64>,
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
#[oai(rename = "core_course_update_courses_result")]
pub struct Returns {
    /// One warning per course that was not updated.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for UpdateCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_update_courses",
        summary: "Update courses (per-course problems are warnings)",
        description: "Update courses. A course that cannot be updated becomes a warning and is left unchanged; the others are saved.",
        kind: Kind::Write,
        checks: &[
            cap::COURSE_UPDATE,
            cap::COURSE_CHANGECATEGORY,
            cap::COURSE_CHANGEFULLNAME,
            cap::COURSE_CHANGESHORTNAME,
            cap::COURSE_CHANGEIDNUMBER,
            cap::COURSE_CHANGESUMMARY,
            cap::COURSE_VISIBILITY,
            cap::COURSE_SETFORCEDLANGUAGE,
            cap::COURSE_VIEW,
        ],
        example: r#"{"courses":[{"id":2,"fullname":"Physics 101 (2027)"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let txn = call.write().await?;
        let mut warnings = Vec::new();
        for c in p.courses {
            let id = c.id;
            match update_one(call, &txn, c).await {
                Ok(()) => {}
                Err(Problem::Warn(code, message)) => warnings.push(Warning::new("course", id, code, message)),
                Err(Problem::Fail(e)) => return Err(e),
            }
        }
        Ok(Returns { warnings })
    }
}

/// Why one course was not updated: a warning (code, message), or a failure of the whole call.
enum Problem {
    Warn(&'static str, String),
    Fail(ApiError),
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        if e.code() == code::NO_PERMISSIONS { Problem::Warn("nopermissions", e.message) } else { Problem::Fail(e) }
    }
}

impl From<sea_orm::DbErr> for Problem {
    fn from(e: sea_orm::DbErr) -> Self {
        Problem::Fail(e.into())
    }
}

fn warn(code: &'static str, message: String) -> Problem {
    Problem::Warn(code, message)
}

fn invalid(name: &str) -> Problem {
    warn("errorinvalidparam", format!("The param \"{name}\" is invalid."))
}

async fn update_one(
    call: &Call<'_>,
    txn: &sea_orm::DatabaseExecutor<'_>,
    c: CourseChange,
) -> Result<(), Problem> {
    let Some(old) = course::Entity::find_by_id(c.id).one(txn).await? else {
        return Err(warn("invalidrecord", "Can't find data record in database table course.".into()));
    };
    let ctx = context_of(txn, contextlevel::COURSE, old.id).await?.ok_or_else(|| invalid("id"))?;
    let path = path_of(&ctx);
    if !call.can_enter(&old, &path).await? {
        return Err(warn("requireloginerror", "Course or activity not accessible.".into()));
    }
    call.require(cap::COURSE_UPDATE, &path).await?;
    let mut row = old.clone().into_active_model();
    if let Some(category) = c.categoryid.filter(|cat| *cat != old.category) {
        call.require(cap::COURSE_CHANGECATEGORY, &path).await?;
        let target = course_categories::Entity::find_by_id(category).one(txn).await?;
        let target_ctx = context_of(txn, contextlevel::COURSECAT, category).await?;
        let (Some(_), Some(target_ctx)) = (target, target_ctx) else {
            return Err(warn("unknowncategory", "Unknown category with category ID number \"{$a}\"".into()));
        };
        call.require(cap::COURSE_CHANGECATEGORY, &path_of(&target_ctx)).await?;
        move_context(txn, &ctx, &target_ctx.path).await?;
        row.category = Set(category);
    }
    if let Some(name) = c.fullname.map(|n| n.0.trim().to_string()).filter(|n| *n != old.fullname) {
        call.require(cap::COURSE_CHANGEFULLNAME, &path).await?;
        if name.is_empty() {
            return Err(invalid("fullname"));
        }
        row.fullname = Set(name);
    }
    if let Some(name) = c.shortname.map(|n| n.0.trim().to_string()).filter(|n| *n != old.shortname) {
        call.require(cap::COURSE_CHANGESHORTNAME, &path).await?;
        if name.is_empty() {
            return Err(invalid("shortname"));
        }
        if course::Entity::find().filter(course::Column::Shortname.eq(&name)).count(txn).await? > 0 {
            return Err(warn("shortnametaken", format!("Short name is already used for another course ({name})")));
        }
        row.shortname = Set(name);
    }
    if let Some(idnumber) = c.idnumber.filter(|n| *n != old.idnumber) {
        call.require(cap::COURSE_CHANGEIDNUMBER, &path).await?;
        if !idnumber.is_empty()
            && course::Entity::find().filter(course::Column::Idnumber.eq(&idnumber)).count(txn).await? > 0
        {
            return Err(warn(
                "courseidnumbertaken",
                format!("ID number is already used for another course ({idnumber})"),
            ));
        }
        row.idnumber = Set(idnumber);
    }
    if c.summary.is_some() || c.summaryformat.is_some() {
        call.require(cap::COURSE_CHANGESUMMARY, &path).await?;
    }
    if let Some(v) = c.visible {
        call.require(cap::COURSE_VISIBILITY, &path).await?;
        row.visible = Set(i32::from(v != 0));
        row.visibleold = Set(i32::from(v != 0));
    }
    if let Some(lang) = &c.lang {
        call.require(cap::COURSE_SETFORCEDLANGUAGE, &path).await?;
        if !lang.is_empty() && !LANGS.contains(&lang.as_str()) {
            return Err(invalid("lang"));
        }
    }
    if c.forcetheme.as_ref().is_some_and(|th| !th.0.is_empty() && !THEMES.contains(&th.as_str())) {
        return Err(invalid("forcetheme"));
    }
    if c.format.as_ref().is_some_and(|f| !FORMATS.contains(&f.as_str())) {
        return Err(invalid("format"));
    }
    if c.customfields.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(invalid("customfields"));
    }
    let startdate = c.startdate.unwrap_or(old.startdate);
    if let Some(end) = c.enddate {
        if end != 0 && startdate == 0 {
            return Err(warn(
                "nostartdatenoenddate",
                "This course does not have a start date, so it cannot have an end date.".into(),
            ));
        }
        if end != 0 && end < startdate {
            return Err(warn("enddatebeforestartdate", "The course end date must be after the start date.".into()));
        }
        row.enddate = Set(end);
    }
    macro_rules! set {
        ($($field:ident => $col:ident),* $(,)?) => { $( if let Some(v) = c.$field { row.$col = Set(v); } )* };
    }
    set!(summary => summary, summaryformat => summaryformat, showgrades => showgrades, newsitems => newsitems,
        startdate => startdate, maxbytes => maxbytes, showreports => showreports, groupmode => groupmode,
        groupmodeforce => groupmodeforce, defaultgroupingid => defaultgroupingid,
        enablecompletion => enablecompletion, completionnotify => completionnotify, lang => lang);
    if let Some(f) = c.format {
        row.format = Set(f.0);
    }
    if let Some(th) = c.forcetheme {
        row.theme = Set(th.0);
    }
    row.timemodified = Set(now());
    row.cacherev = Set(old.cacherev + 1);
    let new = row.update(txn).await?;
    if new.category != old.category {
        count_courses(txn, old.category).await?;
        count_courses(txn, new.category).await?;
    }
    Ok(())
}

/// Moves a context (and every context below it) under a new parent path.
pub async fn move_context<C: sea_orm::ConnectionTrait>(
    db: &C,
    ctx: &context::Model,
    new_parent_path: &str,
) -> Result<(), ApiError> {
    let new_path = format!("{new_parent_path}/{}", ctx.id);
    let old_prefix = ctx.path.clone();
    let below = context::Entity::find().filter(contexts_below(db.get_database_backend(), &old_prefix)).all(db).await?;
    for c in below.into_iter().chain([ctx.clone()]) {
        let path = format!("{new_path}{}", &c.path[old_prefix.len()..]);
        let depth = path.matches('/').count() as i32;
        let mut row = c.into_active_model();
        row.path = Set(path);
        row.depth = Set(depth);
        row.update(db).await?;
    }
    Ok(())
}
