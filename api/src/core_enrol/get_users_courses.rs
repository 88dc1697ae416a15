//! core_enrol_get_users_courses: the courses a user is actively enrolled in, as the caller may
//! see them: courses the caller cannot enter are left out, and for another user so are courses
//! where the caller cannot view participants.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, enrol, now, seed, user, user_enrolments};

use crate::common::ExternalFile;
use crate::core_course::exported::{Extra, generated_image_url};
use crate::framework::access::{active_enrolments, contexts, path_of};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetUsersCourses;

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_enrol_get_users_courses_params", deny_unknown_fields)]
pub struct Params {
    /// User id.
    pub userid: i64,
    /// Include the number of enrolled users of each course.
    #[oai(default = "yes")]
    pub returnusercount: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_enrol_user_course", skip_serializing_if_is_none)]
pub struct UserCourse {
    /// Course id.
    pub id: i64,
    /// Short name.
    pub shortname: String,
    /// Full name.
    pub fullname: String,
    /// Name to display.
    pub displayname: Option<String>,
    /// Number of actively enrolled users.
    pub enrolledusercount: Option<i64>,
    /// Identifier in an external system.
    pub idnumber: String,
    /// 1 visible, 0 hidden.
    pub visible: i32,
    /// Summary (HTML).
    pub summary: Option<String>,
    /// Summary format.
    pub summaryformat: Option<i32>,
    /// Course format.
    pub format: Option<String>,
    /// Course image (Moodle's generated tile when the course has none).
    pub courseimage: Option<String>,
    /// Whether grades are shown.
    pub showgrades: Option<bool>,
    /// Forced language.
    pub lang: Option<String>,
    /// Whether completion is enabled.
    pub enablecompletion: Option<bool>,
    /// Whether the course has completion criteria (lmsgate tracks no completion yet).
    pub completionhascriteria: Option<bool>,
    /// Whether the user's completion is tracked.
    pub completionusertracked: Option<bool>,
    /// Category id.
    pub category: Option<i64>,
    /// Progress in percent (none without completion tracking).
    pub progress: Option<f64>,
    /// Whether the user completed the course.
    pub completed: Option<bool>,
    /// Start date (Unix time).
    pub startdate: Option<i64>,
    /// End date (Unix time).
    pub enddate: Option<i64>,
    /// Highlighted section.
    pub marker: Option<i64>,
    /// When the user last entered it (Unix time).
    pub lastaccess: Option<i64>,
    /// Whether the user starred it.
    pub isfavourite: Option<bool>,
    /// Whether the course is hidden from the user's course list.
    pub hidden: Option<bool>,
    /// The course's overview files (none are stored yet).
    pub overviewfiles: Option<Vec<ExternalFile>>,
    /// Whether activity dates are shown.
    pub showactivitydates: bool,
    /// Whether completion conditions are shown.
    pub showcompletionconditions: bool,
    /// Last modified (Unix time).
    pub timemodified: Option<i64>,
}

impl ExternalFunction for GetUsersCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_enrol_get_users_courses",
        summary: "Get the courses a user is enrolled in",
        description: "Get the courses a user is enrolled in; courses the caller cannot see are left out.",
        ajax: true,
        checks: &[cap::COURSE_VIEWPARTICIPANTS],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<UserCourse>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<UserCourse>, ApiError> {
        let db = &call.db();
        if user::Entity::find_by_id(p.userid).filter(user::Column::Deleted.eq(0)).one(db).await?.is_none() {
            return Err(ApiError::invalid_user().with_debuginfo(format!("userid: no user {}", p.userid)));
        }
        let theirs = enrol::Entity::find()
            .select_only()
            .column(enrol::Column::Courseid)
            .filter(enrol::Column::Id.in_subquery(active_enrolments(p.userid)))
            .filter(enrol::Column::Status.eq(0))
            .into_query();
        let courses = course::Entity::find()
            .filter(course::Column::Id.in_subquery(theirs))
            .order_by_asc(course::Column::Id)
            .limit(call.fetch_limit())
            .all(db)
            .await?;
        call.refuse_over_max(&courses, "courses", "the site's limits.max_list_results bounds one answer")?;
        let ids: Vec<i64> = courses.iter().map(|c| c.id).collect();
        let ctxs = contexts(db, contextlevel::COURSE, &ids).await?;
        let me = call.caller.user().id;
        let mut kept = Vec::with_capacity(courses.len());
        for c in courses {
            let Some(ctx) = ctxs.get(&c.id) else { continue };
            let path = path_of(ctx);
            if !call.can_enter(&c, &path).await? {
                continue;
            }
            if p.userid != me && !call.can(cap::COURSE_VIEWPARTICIPANTS, &path).await? {
                continue;
            }
            kept.push(c);
        }
        let mine: HashMap<i64, Extra> = crate::core_course::my_courses::load(call, p.userid)
            .await?
            .into_iter()
            .map(|m| (m.course.id, m.extra))
            .collect();
        let counts = match p.returnusercount && !kept.is_empty() {
            true => active_user_counts(db, kept.iter().map(|c| c.id)).await?,
            false => HashMap::new(),
        };
        let www = &call.state.settings.wwwroot;
        let with_contexts: Vec<(&course::Model, i64)> =
            kept.iter().filter_map(|c| Some((c, ctxs.get(&c.id)?.id))).collect();
        let progress = crate::core_completion::store::progress(db, p.userid, &with_contexts).await?;
        Ok(kept
            .into_iter()
            .map(|c| {
                let extra = mine.get(&c.id).cloned().unwrap_or_default();
                UserCourse {
                id: c.id,
                courseimage: ctxs.get(&c.id).map(|ctx| generated_image_url(www, ctx.id)),
                completionhascriteria: Some(false),
                completionusertracked: Some(progress.contains_key(&c.id)),
                progress: progress.get(&c.id).copied(),
                completed: Some(false),
                lastaccess: extra.timeaccess,
                isfavourite: Some(extra.favourite),
                overviewfiles: Some(Vec::new()),
                displayname: Some(c.fullname.clone()),
                enrolledusercount: p.returnusercount.then(|| counts.get(&c.id).copied().unwrap_or(0)),
                idnumber: c.idnumber.clone(),
                visible: c.visible,
                summary: Some(c.summary.clone()),
                summaryformat: Some(c.summaryformat),
                format: Some(c.format.clone()),
                showgrades: Some(c.showgrades != 0),
                lang: Some(c.lang.clone()),
                enablecompletion: Some(c.enablecompletion != 0),
                category: Some(c.category),
                startdate: Some(c.startdate),
                enddate: Some(c.enddate),
                marker: Some(c.marker),
                hidden: Some(extra.hidden),
                showactivitydates: c.showactivitydates != 0,
                showcompletionconditions: c.showcompletionconditions != 0,
                timemodified: Some(c.timemodified),
                shortname: c.shortname,
                fullname: c.fullname,
            }
            })
            .collect())
    }
}

/// Users actively enrolled in each course (counted by the database).
async fn active_user_counts(
    db: &impl ConnectionTrait,
    courses: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, i64>, ApiError> {
    let t = now();
    let (ue, e) = (user_enrolments::Entity, enrol::Entity);
    let count = Query::select()
        .expr_as(Expr::col((e, enrol::Column::Courseid)), "courseid")
        .expr_as(Func::count_distinct(Expr::col((ue, user_enrolments::Column::Userid))), "n")
        .from(ue)
        .inner_join(e, Expr::col((e, enrol::Column::Id)).equals((ue, user_enrolments::Column::Enrolid)))
        .and_where(Expr::col((e, enrol::Column::Courseid)).is_in(courses))
        .and_where(Expr::col((e, enrol::Column::Status)).eq(0))
        .and_where(Expr::col((ue, user_enrolments::Column::Status)).eq(0))
        .and_where(Expr::col((ue, user_enrolments::Column::Timestart)).lte(t))
        .cond_where(
            Condition::any()
                .add(Expr::col((ue, user_enrolments::Column::Timeend)).eq(0))
                .add(Expr::col((ue, user_enrolments::Column::Timeend)).gt(t)),
        )
        .group_by_col((e, enrol::Column::Courseid))
        .to_owned();
    let mut counts = HashMap::new();
    for row in db.query_all(&count).await? {
        counts.insert(row.try_get::<i64>("", "courseid")?, row.try_get::<i64>("", "n")?);
    }
    Ok(counts)
}
