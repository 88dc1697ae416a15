//! The core_cohort functions. A cohort lives in the system context or a category's; managing it
//! needs `moodle/cohort:manage` there, changing its members `moodle/cohort:assign`, reading it
//! `moodle/cohort:view` (or manage).
use poem_openapi::{Enum, Object};
use sea_orm::ActiveValue::NotSet;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use validator::Validate;

use lmsgate_entities::{cohort, cohort_members, context, contextlevel, course_categories, ids, now, user};

use crate::common::{THEMES, Warning};
use crate::framework::access::{context_of, contexts_below, path_of};
use crate::framework::types::{ContextLevel, Plugin, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct CreateCohorts;
pub struct GetCohorts;
pub struct AddCohortMembers;
pub struct DeleteCohortMembers;
pub struct SearchCohorts;

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_cohort")]
pub struct CohortInfo {
    /// Cohort id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Identifier in an external system.
    pub idnumber: String,
    /// Description (HTML).
    pub description: String,
    /// Description format (1 = HTML).
    pub descriptionformat: i32,
    /// Whether the cohort is visible.
    pub visible: bool,
    /// Forced theme.
    #[oai(skip_serializing_if_is_none)]
    pub theme: Option<String>,
}

fn info(c: cohort::Model) -> CohortInfo {
    CohortInfo {
        id: c.id,
        name: c.name,
        idnumber: c.idnumber.unwrap_or_default(),
        description: c.description,
        descriptionformat: c.descriptionformat,
        visible: c.visible != 0,
        theme: c.theme,
    }
}

/// Cohort context type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_category_type_kind", rename_all = "lowercase")]
pub enum CategoryKind {
    Id,
    Idnumber,
    System,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_category_type", deny_unknown_fields)]
pub struct CategoryType {
    /// How `value` names the category: `id`, `idnumber`, or `system` for the system context.
    #[oai(rename = "type")]
    pub kind: CategoryKind,
    /// The category's id or idnumber (ignored for `system`).
    pub value: String,
}

fn one() -> i32 {
    1
}
fn yes() -> bool {
    true
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_create_cohorts_cohort", deny_unknown_fields)]
pub struct NewCohort {
    /// Where the cohort lives.
    pub categorytype: CategoryType,
    /// Name.
    #[oai(validator(max_length = 254))]
    pub name: Text,
    /// Identifier in an external system (unique).
    #[oai(validator(max_length = 100))]
    pub idnumber: String,
    /// Description (HTML).
    pub description: Option<String>,
    /// Description format (1 = HTML).
    #[oai(default = "one")]
    pub descriptionformat: i32,
    /// Whether the cohort is visible.
    #[oai(default = "yes")]
    pub visible: bool,
    /// Forced theme.
    #[oai(validator(max_length = 50))]
    pub theme: Option<Plugin>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_create_cohorts_params", deny_unknown_fields)]
pub struct CreateParams {
    /// Cohorts to create.
    #[oai(validator(min_items = 1, max_items = 1000))]
    pub cohorts: Vec<NewCohort>,
}

/// The context a `categorytype` names.
async fn category_context<C: ConnectionTrait>(db: &C, at: &str, t: &CategoryType) -> Result<context::Model, ApiError> {
    let unknown = || ApiError::invalid_parameter(format!("{at}.categorytype.value: unknown category {}", t.value));
    let catid = match t.kind {
        CategoryKind::System => {
            return context_of(db, contextlevel::SYSTEM, 0)
                .await?
                .ok_or_else(|| ApiError::internal("no system context"));
        }
        CategoryKind::Id => t.value.trim().parse::<i64>().map_err(|_| unknown())?,
        CategoryKind::Idnumber => {
            course_categories::Entity::find()
                .filter(course_categories::Column::Idnumber.eq(&t.value))
                .one(db)
                .await?
                .ok_or_else(unknown)?
                .id
        }
    };
    context_of(db, contextlevel::COURSECAT, catid).await?.ok_or_else(unknown)
}

impl ExternalFunction for CreateCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_create_cohorts",
        component: "core_cohort",
        description: "Create cohorts in the system or a category context. All of them are created, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &["moodle/cohort:manage"],
        services: &[],
        example: r#"{"cohorts":[{"categorytype":{"type":"system","value":""},"name":"Class of 2027","idnumber":"C2027"}]}"#,
    };
    type Params = CreateParams;
    type Returns = Vec<CohortInfo>;

    async fn execute(call: &Call<'_>, p: CreateParams) -> Result<Vec<CohortInfo>, ApiError> {
        let txn = call.begin_write().await?;
        let mut out = Vec::with_capacity(p.cohorts.len());
        for (i, c) in p.cohorts.into_iter().enumerate() {
            let at = format!("cohorts[{i}]");
            let ctx = category_context(&txn, &at, &c.categorytype).await?;
            call.require("moodle/cohort:manage", &path_of(&ctx)).await?;
            let name = c.name.0.trim().to_string();
            if name.is_empty() {
                return Err(ApiError::invalid_parameter(format!("{at}.name: The name cannot be blank")));
            }
            if !c.idnumber.is_empty()
                && cohort::Entity::find().filter(cohort::Column::Idnumber.eq(&c.idnumber)).one(&txn).await?.is_some()
            {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.idnumber: record already exists: idnumber {}",
                    c.idnumber
                )));
            }
            if c.theme.as_ref().is_some_and(|th| !th.0.is_empty() && !THEMES.contains(&th.as_str())) {
                return Err(ApiError::invalid_parameter(format!("{at}.theme: Invalid theme")));
            }
            let t = now();
            let row = cohort::ActiveModel {
                id: NotSet,
                contextid: Set(ctx.id),
                name: Set(name),
                idnumber: Set((!c.idnumber.is_empty()).then_some(c.idnumber)),
                description: Set(c.description.unwrap_or_default()),
                descriptionformat: Set(c.descriptionformat),
                visible: Set(i32::from(c.visible)),
                component: Set(String::new()),
                timecreated: Set(t),
                timemodified: Set(t),
                theme: Set(c.theme.map(|th| th.0).filter(|th| !th.is_empty())),
            }
            .insert(&txn)
            .await?;
            out.push(info(row));
        }
        txn.commit().await?;
        Ok(out)
    }
}

/// May the caller read this cohort? (`moodle/cohort:view` or `moodle/cohort:manage` in its context.)
async fn can_view<C: ConnectionTrait>(call: &Call<'_>, db: &C, c: &cohort::Model) -> Result<bool, ApiError> {
    let path = context::Entity::find_by_id(c.contextid).one(db).await?.map(|x| path_of(&x)).unwrap_or_default();
    Ok(call.can("moodle/cohort:view", &path).await? || call.can("moodle/cohort:manage", &path).await?)
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_get_cohorts_params", deny_unknown_fields)]
pub struct GetParams {
    /// Cohort ids; empty for every cohort the caller may see.
    #[oai(default, validator(max_items = 10000))]
    pub cohortids: Vec<i64>,
}

impl ExternalFunction for GetCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_get_cohorts",
        component: "core_cohort",
        description: "Get cohorts by id (unknown ids are left out); each needs moodle/cohort:view in its context.",
        kind: Kind::Read,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &["moodle/cohort:view", "moodle/cohort:manage"],
        services: &[],
        example: r#"{"cohortids":[1]}"#,
    };
    type Params = GetParams;
    type Returns = Vec<CohortInfo>;

    async fn execute(call: &Call<'_>, p: GetParams) -> Result<Vec<CohortInfo>, ApiError> {
        let db = &call.db();
        let mut q = cohort::Entity::find().order_by_asc(cohort::Column::Id);
        if !p.cohortids.is_empty() {
            q = q.filter(cohort::Column::Id.is_in(p.cohortids.iter().copied()));
        }
        let found = q.limit(call.fetch_limit()).all(db).await?;
        call.refuse_over_max(
            &found,
            "cohorts",
            "ask for them by id, or a page at a time with core_cohort_search_cohorts",
        )?;
        let mut out = Vec::new();
        for c in found {
            if can_view(call, db, &c).await? {
                out.push(info(c));
            } else if !p.cohortids.is_empty() {
                call.require("moodle/cohort:view", &[ids::SYSTEM_CONTEXT]).await?;
            }
        }
        Ok(out)
    }
}

/// How a member's cohort is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_cohort_type_kind", rename_all = "lowercase")]
pub enum CohortKind {
    Id,
    Idnumber,
}

/// How a member is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_cohort_user_type_kind", rename_all = "lowercase")]
pub enum UserKind {
    Id,
    Idnumber,
    Username,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_cohort_type", deny_unknown_fields)]
pub struct CohortType {
    /// `id` or `idnumber`.
    #[oai(rename = "type")]
    pub kind: CohortKind,
    /// The cohort's id or idnumber.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_user_type", deny_unknown_fields)]
pub struct UserType {
    /// `id`, `idnumber` or `username`.
    #[oai(rename = "type")]
    pub kind: UserKind,
    /// The user's id, idnumber or username.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_add_member", deny_unknown_fields)]
pub struct NewMember {
    /// The cohort.
    pub cohorttype: CohortType,
    /// The user.
    pub usertype: UserType,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_add_cohort_members_params", deny_unknown_fields)]
pub struct AddParams {
    /// Members to add.
    #[oai(validator(min_items = 1, max_items = 10000))]
    pub members: Vec<NewMember>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_add_cohort_members_result")]
pub struct AddReturns {
    /// Members that were not added: code 2 for an unknown cohort or user, 3 for an existing member.
    pub warnings: Vec<Warning>,
}

fn cohort_warning(code: &str, message: String) -> Warning {
    Warning { item: None, itemid: None, warningcode: code.into(), message }
}

impl ExternalFunction for AddCohortMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_add_cohort_members",
        component: "core_cohort",
        description: "Add users to cohorts; a member that cannot be added becomes a warning.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &["moodle/cohort:assign"],
        services: &[],
        example: r#"{"members":[{"cohorttype":{"type":"idnumber","value":"C2027"},"usertype":{"type":"username","value":"jdoe"}}]}"#,
    };
    type Params = AddParams;
    type Returns = AddReturns;

    async fn execute(call: &Call<'_>, p: AddParams) -> Result<AddReturns, ApiError> {
        let txn = call.begin_write().await?;
        let mut warnings = Vec::new();
        for m in p.members {
            let ct = &m.cohorttype;
            let found = match ct.kind {
                CohortKind::Id => match ct.value.trim().parse::<i64>() {
                    Ok(id) => cohort::Entity::find_by_id(id).one(&txn).await?,
                    Err(_) => None,
                },
                CohortKind::Idnumber => {
                    cohort::Entity::find().filter(cohort::Column::Idnumber.eq(&ct.value)).one(&txn).await?
                }
            };
            let ut = &m.usertype;
            let q = user::Entity::find().filter(user::Column::Deleted.eq(0));
            let who = match ut.kind {
                UserKind::Id => match ut.value.trim().parse::<i64>() {
                    Ok(id) => q.filter(user::Column::Id.eq(id)).one(&txn).await?,
                    Err(_) => None,
                },
                UserKind::Idnumber => q.filter(user::Column::Idnumber.eq(&ut.value)).one(&txn).await?,
                UserKind::Username => q.filter(user::Column::Username.eq(&ut.value)).one(&txn).await?,
            };
            let (Some(c), Some(u)) = (found, who) else {
                warnings.push(cohort_warning(
                    "2",
                    format!("invalid parameter: cohort {} or user {} not found", ct.value, ut.value),
                ));
                continue;
            };
            let path =
                context::Entity::find_by_id(c.contextid).one(&txn).await?.map(|x| path_of(&x)).unwrap_or_default();
            call.require("moodle/cohort:assign", &path).await?;
            let exists = cohort_members::Entity::find()
                .filter(cohort_members::Column::Cohortid.eq(c.id))
                .filter(cohort_members::Column::Userid.eq(u.id))
                .one(&txn)
                .await?
                .is_some();
            if exists {
                warnings.push(cohort_warning("3", format!("record already exists: cohort(id={} id={})", c.id, u.id)));
                continue;
            }
            cohort_members::ActiveModel { id: NotSet, cohortid: Set(c.id), userid: Set(u.id), timeadded: Set(now()) }
                .insert(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(AddReturns { warnings })
    }
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_member", deny_unknown_fields)]
pub struct Member {
    /// Cohort id.
    pub cohortid: i64,
    /// User id.
    pub userid: i64,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_delete_cohort_members_params", deny_unknown_fields)]
pub struct DeleteParams {
    /// Members to remove.
    #[oai(validator(min_items = 1, max_items = 10000))]
    pub members: Vec<Member>,
}

impl ExternalFunction for DeleteCohortMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_delete_cohort_members",
        component: "core_cohort",
        description: "Remove users from cohorts. All of them are removed, or none when one cannot be.",
        kind: Kind::Write,
        ajax: false,
        login_required: true,
        requires: &[],
        checks: &["moodle/cohort:assign"],
        services: &[],
        example: r#"{"members":[{"cohortid":1,"userid":3}]}"#,
    };
    type Params = DeleteParams;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: DeleteParams) -> Result<Nothing, ApiError> {
        let txn = call.begin_write().await?;
        for (i, m) in p.members.into_iter().enumerate() {
            let at = format!("members[{i}]");
            let c = cohort::Entity::find_by_id(m.cohortid).one(&txn).await?.ok_or_else(|| {
                ApiError::missing_record("cohort").with_debuginfo(format!("{at}.cohortid: no cohort {}", m.cohortid))
            })?;
            if user::Entity::find_by_id(m.userid).one(&txn).await?.is_none() {
                return Err(
                    ApiError::missing_record("user").with_debuginfo(format!("{at}.userid: no user {}", m.userid))
                );
            }
            let path =
                context::Entity::find_by_id(c.contextid).one(&txn).await?.map(|x| path_of(&x)).unwrap_or_default();
            call.require("moodle/cohort:assign", &path).await?;
            cohort_members::Entity::delete_many()
                .filter(cohort_members::Column::Cohortid.eq(c.id))
                .filter(cohort_members::Column::Userid.eq(m.userid))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(Nothing)
    }
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_context", deny_unknown_fields)]
pub struct ContextRef {
    /// Context id.
    pub contextid: Option<i64>,
    /// Context level, with `instanceid` (when no `contextid` is given).
    pub contextlevel: Option<ContextLevel>,
    /// Instance id at that level.
    pub instanceid: Option<i64>,
}

fn parents() -> String {
    "parents".into()
}
fn twenty_five() -> u64 {
    25
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_cohort_search_cohorts_params", deny_unknown_fields)]
pub struct SearchParams {
    /// Text to find in the name, idnumber or description.
    pub query: String,
    /// The context to search from.
    pub context: ContextRef,
    /// Which contexts to search: `self`, `parents` (self and above) or `all` (also below).
    #[oai(default = "parents")]
    pub includes: String,
    /// Skip this many results.
    #[oai(default)]
    pub limitfrom: u64,
    /// Return at most this many.
    #[oai(default = "twenty_five", validator(maximum(value = "1000")))]
    pub limitnum: u64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_search_cohorts_result")]
pub struct SearchReturns {
    /// Matching cohorts.
    pub cohorts: Vec<CohortInfo>,
}

impl ExternalFunction for SearchCohorts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_search_cohorts",
        component: "core_cohort",
        description: "Search cohorts visible from a context; needs moodle/cohort:view (or manage) there.",
        kind: Kind::Read,
        ajax: true,
        login_required: true,
        requires: &[],
        checks: &["moodle/cohort:view", "moodle/cohort:manage"],
        services: &[],
        example: r#"{"query":"class","context":{"contextid":1},"includes":"all"}"#,
    };
    type Params = SearchParams;
    type Returns = SearchReturns;

    async fn execute(call: &Call<'_>, p: SearchParams) -> Result<SearchReturns, ApiError> {
        let db = &call.db();
        if !["self", "parents", "all"].contains(&p.includes.as_str()) {
            return Err(ApiError::coding("Invalid parameter value for 'includes'.")
                .with_debuginfo(format!("includes: must be self, parents or all, got {}", p.includes)));
        }
        let ctx = match (p.context.contextid, &p.context.contextlevel, p.context.instanceid) {
            (Some(id), _, _) => context::Entity::find_by_id(id).one(db).await?,
            (None, Some(level), Some(instance)) => context_of(db, level.id(), instance).await?,
            _ => None,
        }
        .ok_or_else(|| {
            ApiError::invalid_parameter("context: give an existing contextid, or contextlevel and instanceid")
        })?;
        let path = path_of(&ctx);
        if !call.can("moodle/cohort:view", &path).await? {
            call.require("moodle/cohort:manage", &path).await?;
        }
        let mut q = cohort::Entity::find();
        q = match p.includes.as_str() {
            "self" => q.filter(cohort::Column::Contextid.eq(ctx.id)),
            "parents" => q.filter(cohort::Column::Contextid.is_in(path.iter().copied())),
            _ => {
                let below = sea_orm::sea_query::Query::select()
                    .column(context::Column::Id)
                    .from(context::Entity)
                    .cond_where(contexts_below(db.get_database_backend(), &ctx.path))
                    .to_owned();
                q.filter(
                    Condition::any()
                        .add(cohort::Column::Contextid.is_in(path.iter().copied()))
                        .add(cohort::Column::Contextid.in_subquery(below)),
                )
            }
        };
        let text = p.query.trim().to_lowercase().replace(['%', '_', '\\'], "");
        if !text.is_empty() {
            let pattern = format!("%{text}%");
            let like = |col: cohort::Column| Expr::expr(Func::lower(Expr::col(col))).like(pattern.clone());
            q = q.filter(
                Condition::any()
                    .add(like(cohort::Column::Name))
                    .add(like(cohort::Column::Idnumber))
                    .add(like(cohort::Column::Description)),
            );
        }
        let rows = q
            .order_by_asc(cohort::Column::Name)
            .order_by_asc(cohort::Column::Id)
            .offset(p.limitfrom)
            .limit(Ord::min(p.limitnum, call.max_results()))
            .all(db)
            .await?;
        Ok(SearchReturns { cohorts: rows.into_iter().map(info).collect() })
    }
}
