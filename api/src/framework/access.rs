//! Context-aware access: contexts loaded in batches, capability checks in a given context, and
//! Moodle's `validate_context` for courses (can this caller enter the course at all?).
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use lmsgate_entities::cap::Capability;
use lmsgate_entities::{cap, context, contextlevel, course, enrol, groups, ids, now, seed, user, user_enrolments};

use super::code;
use super::error::ApiError;
use super::function::{Call, Scope};

/// Ids of a context and its ancestors, root first.
pub fn path_of(ctx: &context::Model) -> Vec<i64> {
    ctx.path.split('/').filter_map(|p| p.parse().ok()).collect()
}

/// Above this many ids, one query over the whole level beats a long `IN` list.
const IN_LIMIT: usize = 1000;

/// The contexts of instances at one level, by instance id, in one query.
pub async fn contexts<C: ConnectionTrait>(
    db: &C,
    level: i32,
    instances: &[i64],
) -> Result<HashMap<i64, context::Model>, ApiError> {
    let mut q = context::Entity::find().filter(context::Column::Contextlevel.eq(level));
    if instances.is_empty() {
        return Ok(HashMap::new());
    }
    if instances.len() <= IN_LIMIT {
        q = q.filter(context::Column::Instanceid.is_in(instances.iter().copied()));
    }
    Ok(q.all(db).await?.into_iter().map(|c| (c.instanceid, c)).collect())
}

/// The context of one instance.
pub async fn context_of<C: ConnectionTrait>(
    db: &C,
    level: i32,
    instance: i64,
) -> Result<Option<context::Model>, ApiError> {
    if level == contextlevel::SYSTEM {
        return Ok(context::Entity::find_by_id(ids::SYSTEM_CONTEXT).one(db).await?);
    }
    Ok(context::Entity::find()
        .filter(context::Column::Contextlevel.eq(level))
        .filter(context::Column::Instanceid.eq(instance))
        .one(db)
        .await?)
}

tokio::task_local! {
    static CHECKED: std::cell::RefCell<Vec<Capability>>;
}

/// Notes a capability check for the call in progress, when it is being recorded.
pub(crate) fn record_check(capability: Capability) {
    let _ = CHECKED.try_with(|checked| checked.borrow_mut().push(capability));
}

/// Runs `call`, collecting every capability it checks (for `AppState::capability_log`).
pub(crate) async fn recording<T>(call: impl Future<Output = T>) -> (T, Vec<Capability>) {
    CHECKED
        .scope(std::cell::RefCell::new(Vec::new()), async {
            let out = call.await;
            (out, CHECKED.with(|checked| checked.take()))
        })
        .await
}

/// The capabilities each call checked, per function, while enabled (tests compare them with
/// what functions declare).
#[derive(Default)]
pub struct CapabilityLog {
    /// Read on every call: a flag, so the pipeline takes no lock when recording is off.
    on: std::sync::atomic::AtomicBool,
    log: std::sync::Mutex<Vec<(&'static str, Capability)>>,
}

impl CapabilityLog {
    pub fn enable(&self) {
        self.on.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn enabled(&self) -> bool {
        self.on.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn add(&self, function: &'static str, checked: Vec<Capability>) {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).extend(checked.into_iter().map(|c| (function, c)));
    }

    /// What calls of `function` checked since the last `take`, removed from the log.
    pub fn take(&self, function: &str) -> Vec<Capability> {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let (mine, others) = std::mem::take(&mut *log).into_iter().partition(|(f, _)| *f == function);
        *log = others;
        mine.into_iter().map(|(_, c)| c).collect()
    }
}

impl Call<'_> {
    /// Does the caller hold `capability` in the context whose path is `path`?
    pub async fn can(&self, capability: Capability, path: &[i64]) -> Result<bool, ApiError> {
        self.state.has_capability(self.caller.subject(), capability, path).await
    }

    /// `can` for a capability named at run time (one that does not exist is held by nobody).
    pub async fn can_named(&self, name: &str, path: &[i64]) -> Result<bool, ApiError> {
        self.state.has_capability_named(self.caller.subject(), name, path).await
    }

    /// `nopermissions` unless the caller holds `capability` in that context.
    pub async fn require(&self, capability: Capability, path: &[i64]) -> Result<(), ApiError> {
        self.state.require_capability(self.caller.subject(), capability, path).await
    }

    pub fn is_siteadmin(&self, site: &super::state::SiteConfig) -> bool {
        site.is_siteadmin(self.caller.user().id)
    }

    /// The courses the caller is actively enrolled in (loaded once per call).
    pub async fn my_courses(&self) -> Result<&HashSet<i64>, ApiError> {
        self.mine.get_or_try_init(|| async { enrolled_courses(&self.db(), self.caller.user().id).await }).await
    }

    /// The course or group (per `INFO.scope`) that item `item` names, after Moodle's context
    /// validation and the function's declared `requires` in its course's context; checked once
    /// per id and call. The pipeline calls it for every id `ExternalFunction::scope` returns.
    pub async fn in_scope(&self, item: usize, id: i64) -> Result<Arc<Scoped>, ApiError> {
        if let Some(place) = self.places.lock().unwrap_or_else(|e| e.into_inner()).get(&id) {
            return Ok(place.clone());
        }
        let db = &self.db();
        let at = self.info.scope.at(item);
        let (mut course, mut group) = (None, None);
        let (level, instance) = match self.info.scope {
            Scope::System => return Err(ApiError::coding("in_scope: the function declares no course or group scope")),
            // A category exists exactly when its context does (found below).
            Scope::Category(_) => (contextlevel::COURSECAT, id),
            Scope::Group(_) => {
                let g = groups::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .ok_or_else(|| ApiError::missing_record("groups").with_debuginfo(format!("{at}: no group {id}")))?;
                let courseid = g.courseid;
                group = Some(g);
                (contextlevel::COURSE, courseid)
            }
            Scope::Course(_) => (contextlevel::COURSE, id),
        };
        if level == contextlevel::COURSE {
            course = Some(course::Entity::find_by_id(instance).one(db).await?.ok_or_else(|| {
                ApiError::missing_record("course").with_debuginfo(format!("{at}: no course {instance}"))
            })?);
        }
        let ctx = context_of(db, level, instance).await?.ok_or_else(|| match level {
            contextlevel::COURSE => course_context_error(instance),
            _ => unknown_category(&at, instance),
        })?;
        let path = path_of(&ctx);
        if let Some(course) = &course {
            self.enter(course, &path).await?;
        }
        for capability in self.info.requires {
            self.require(*capability, &path).await?;
        }
        let place = Arc::new(Scoped { context: ctx, path, course, group });
        self.places.lock().unwrap_or_else(|e| e.into_inner()).insert(id, place.clone());
        Ok(place)
    }

    /// For a function that can act for another user (`userid`; 0 is the caller): that user must
    /// exist, and the caller needs `moodle/site:config`.
    pub async fn require_self_or_site_config(&self, userid: i64) -> Result<(), ApiError> {
        if userid == 0 || userid == self.caller.user().id {
            return Ok(());
        }
        if user::Entity::find_by_id(userid).one(&self.db()).await?.is_none_or(|u| u.deleted != 0) {
            return Err(ApiError::invalid_user().with_debuginfo(format!("userid: no user {userid}")));
        }
        self.require(cap::SITE_CONFIG, &[ids::SYSTEM_CONTEXT]).await
    }

    /// Moodle's `validate_context` for a course: the site course is open to everyone; another
    /// course needs visibility (or `moodle/course:viewhiddencourses`) and an active enrolment
    /// (or `moodle/course:view`).
    pub async fn can_enter(&self, c: &course::Model, path: &[i64]) -> Result<bool, ApiError> {
        if c.id == ids::SITE_COURSE {
            return Ok(true);
        }
        if c.visible == 0 && !self.can(cap::COURSE_VIEWHIDDENCOURSES, path).await? {
            return Ok(false);
        }
        Ok(self.my_courses().await?.contains(&c.id) || self.can(cap::COURSE_VIEW, path).await?)
    }

    /// `errorcoursecontextnotvalid` unless the caller can enter the course.
    pub async fn enter(&self, c: &course::Model, path: &[i64]) -> Result<(), ApiError> {
        if self.can_enter(c, path).await? { Ok(()) } else { Err(course_context_error(c.id)) }
    }
}

/// The course, group or category a call works in, validated by `Call::in_scope`.
#[derive(Debug)]
pub struct Scoped {
    /// The context the declared capabilities were checked in: the course's, or the category's.
    pub context: context::Model,
    /// Its path, root first.
    pub path: Vec<i64>,
    /// Set for `Scope::Course` and `Scope::Group`.
    pub course: Option<course::Model>,
    /// Set for `Scope::Group`.
    pub group: Option<groups::Model>,
}

impl Scoped {
    /// The course of a `Scope::Course` or `Scope::Group` function.
    pub fn course(&self) -> &course::Model {
        self.course.as_ref().expect("the function's scope is a course or a group")
    }
}

/// Moodle's `unknowncategory` (its `{$a}` is left unfilled, as Moodle does).
pub fn unknown_category(at: &str, id: i64) -> ApiError {
    code::UNKNOWN_CATEGORY.err().with_debuginfo(format!("{at}: no category with id {id}"))
}

/// The capabilities `Call::can_enter` checks (Moodle's course context validation).
pub const ENTER_COURSE: &[Capability] = &[cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES];

/// Courses a user is actively enrolled in: an enabled instance, an active enrolment, inside its
/// time window.
pub async fn enrolled_courses<C: ConnectionTrait>(db: &C, userid: i64) -> Result<HashSet<i64>, ApiError> {
    Ok(enrol::Entity::find()
        .select_only()
        .column(enrol::Column::Courseid)
        .filter(enrol::Column::Id.in_subquery(active_enrolments(userid)))
        .filter(enrol::Column::Status.eq(0))
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The enrolment instances through which `userid` is actively enrolled now, as a subquery.
pub fn active_enrolments(userid: i64) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(user_enrolments::Column::Enrolid)
        .from(user_enrolments::Entity)
        .and_where(user_enrolments::Column::Userid.eq(userid))
        .cond_where(enrolment_in_force())
        .to_owned()
}

/// A `user_enrolments` row in force now: active, and inside its time window.
pub fn enrolment_in_force() -> sea_orm::Condition {
    let t = now();
    sea_orm::Condition::all()
        .add(user_enrolments::Column::Status.eq(0))
        .add(user_enrolments::Column::Timestart.lte(t))
        .add(
            sea_orm::Condition::any()
                .add(user_enrolments::Column::Timeend.eq(0))
                .add(user_enrolments::Column::Timeend.gt(t)),
        )
}

/// Contexts strictly below the context at `path`, written so each backend's index on
/// `context.path` (migration m0005) serves it: PostgreSQL's `text_pattern_ops` index and MySQL's
/// index serve a prefix `LIKE`; SQLite uses an index only for a range (`/` + 1 is `0`).
pub fn contexts_below(backend: sea_orm::DatabaseBackend, path: &str) -> sea_orm::Condition {
    let prefix = format!("{path}/");
    match backend {
        sea_orm::DatabaseBackend::Sqlite => sea_orm::Condition::all()
            .add(context::Column::Path.gte(prefix))
            .add(context::Column::Path.lt(format!("{path}0"))),
        _ => sea_orm::Condition::all().add(context::Column::Path.starts_with(prefix)),
    }
}

/// Moodle's `errorcoursecontextnotvalid`.
pub fn course_context_error(courseid: i64) -> ApiError {
    code::COURSE_CONTEXT_NOT_VALID
        .with_fields([("courseid", &courseid), ("message", &"Course or activity not accessible.")])
}

/// Moodle's `errorcatcontextnotvalid`.
pub fn category_context_error(categoryid: i64, reason: &str) -> ApiError {
    code::CATEGORY_CONTEXT_NOT_VALID.with_fields([("catid", &categoryid), ("message", &reason)])
}

/// Roles the caller may assign in a context (Moodle's `get_assignable_roles`): site admins any
/// role assignable at that level; others the roles their own roles there may assign, given
/// `moodle/role:assign` in that context.
pub async fn assignable_roles(call: &Call<'_>, level: i32, path: &[i64]) -> Result<HashSet<i64>, ApiError> {
    let at_level =
        |role: &str| seed::ROLE_CONTEXT_LEVELS.iter().any(|(r, levels)| *r == role && levels.contains(&level));
    let site = call.state.site().await?;
    if call.is_siteadmin(&site) {
        return Ok(seed::ROLES.iter().filter(|(r, _)| at_level(r)).filter_map(|(r, _)| seed::role_id(r)).collect());
    }
    if !call.can(cap::ROLE_ASSIGN, path).await? {
        return Ok(HashSet::new());
    }
    let mut out = HashSet::new();
    for (roleid, ctx) in &call.caller.subject().roles {
        if !path.contains(ctx) {
            continue;
        }
        let Some(mine) = seed::role_shortname(*roleid) else { continue };
        for (assigner, targets) in seed::ALLOW_ASSIGN {
            if *assigner == mine {
                out.extend(targets.iter().filter(|r| at_level(r)).filter_map(|r| seed::role_id(r)));
            }
        }
    }
    Ok(out)
}
