//! core_cohort_add_cohort_members: users into cohorts; problems are warnings.
use poem_openapi::{Enum, Object};
use sea_orm::ActiveValue::NotSet;
use std::collections::{BTreeSet, HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use validator::Validate;

use lmsgate_entities::{cap, cohort, cohort_members, context, contextlevel, now, user};

use crate::common::Warning;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct AddCohortMembers;

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
    /// Members that were not added: code 1 for a cohort outside a system or category context, 2 for
    /// an unknown cohort or user, 3 for an existing member.
    pub warnings: Vec<Warning>,
}

fn cohort_warning(code: &str, message: String) -> Warning {
    Warning { item: None, itemid: None, warningcode: code.into(), message }
}

impl ExternalFunction for AddCohortMembers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_cohort_add_cohort_members",
        summary: "Add users to cohorts (problems are warnings)",
        description: "Add users to cohorts; a member that cannot be added becomes a warning.",
        kind: Kind::Write,
        checks: &[cap::COHORT_MANAGE, cap::COHORT_ASSIGN],
        example: r#"{"members":[{"cohorttype":{"type":"idnumber","value":"C2027"},"usertype":{"type":"username","value":"jdoe"}}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = AddParams;
    type Returns = AddReturns;

    async fn execute(call: &Call<'_>, p: AddParams) -> Result<AddReturns, ApiError> {
        let txn = call.write().await?;
        // Every name is looked up once for the whole batch: a few queries, whatever its size.
        let cohorts = Found::cohorts(&txn, &p.members).await?;
        let users = Found::users(&txn, &p.members).await?;
        let mut contexts: HashMap<i64, context::Model> = HashMap::new();
        let mut members: HashSet<(i64, i64)> = HashSet::new();
        let cohort_ids: Vec<i64> = cohorts.rows.keys().copied().collect();
        let context_ids: Vec<i64> = cohorts.rows.values().copied().collect();
        let user_ids: Vec<i64> = users.rows.keys().copied().collect();
        for chunk in context_ids.chunks(CHUNK) {
            let found = context::Entity::find().filter(context::Column::Id.is_in(chunk.to_vec())).all(&txn).await?;
            contexts.extend(found.into_iter().map(|c| (c.id, c)));
        }
        for cohort_chunk in cohort_ids.chunks(CHUNK) {
            for user_chunk in user_ids.chunks(CHUNK) {
                let found: Vec<(i64, i64)> = cohort_members::Entity::find()
                    .select_only()
                    .column(cohort_members::Column::Cohortid)
                    .column(cohort_members::Column::Userid)
                    .filter(cohort_members::Column::Cohortid.is_in(cohort_chunk.to_vec()))
                    .filter(cohort_members::Column::Userid.is_in(user_chunk.to_vec()))
                    .into_tuple()
                    .all(&txn)
                    .await?;
                members.extend(found);
            }
        }
        let mut checked: HashSet<i64> = HashSet::new();
        let mut warnings = Vec::new();
        let mut added = Vec::new();
        for m in &p.members {
            let (ct, ut) = (&m.cohorttype, &m.usertype);
            let (ctype, utype) = (ct.kind.name(), ut.kind.name());
            let Some((cohortid, contextid)) = cohorts.find(ct.kind.name(), &ct.value) else {
                warnings.push(cohort_warning("2", format!("cohort {ctype}={} not exists", ct.value)));
                continue;
            };
            let Some((userid, _)) = users.find(ut.kind.name(), &ut.value) else {
                warnings.push(cohort_warning("2", format!("user {utype}={} not exists", ut.value)));
                continue;
            };
            if members.contains(&(cohortid, userid)) {
                let message = format!("record already exists: cohort({ctype}={} {utype}={})", ct.value, ut.value);
                warnings.push(cohort_warning("3", message));
                continue;
            }
            let ctx = contexts.get(&contextid);
            let level = ctx.map_or(0, |x| x.contextlevel);
            let Some(ctx) = ctx.filter(|_| level == contextlevel::SYSTEM || level == contextlevel::COURSECAT) else {
                warnings.push(cohort_warning("1", format!("Invalid context: {level}")));
                continue;
            };
            if checked.insert(ctx.id) && !call.can(cap::COHORT_MANAGE, &path_of(ctx)).await? {
                call.require(cap::COHORT_ASSIGN, &path_of(ctx)).await?;
            }
            members.insert((cohortid, userid));
            added.push(cohort_members::ActiveModel {
                id: NotSet,
                cohortid: Set(cohortid),
                userid: Set(userid),
                timeadded: Set(now()),
            });
        }
        for chunk in added.chunks(CHUNK) {
            cohort_members::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
        }
        Ok(AddReturns { warnings })
    }
}

/// Values bound per query: every backend takes this many.
const CHUNK: usize = 500;

impl CohortKind {
    fn name(self) -> &'static str {
        match self {
            CohortKind::Id => "id",
            CohortKind::Idnumber => "idnumber",
        }
    }
}

impl UserKind {
    fn name(self) -> &'static str {
        match self {
            UserKind::Id => "id",
            UserKind::Idnumber => "idnumber",
            UserKind::Username => "username",
        }
    }
}

/// The records a batch names, by how it names them: `(kind, value) → (id, extra)` and the rows
/// found (`id → extra`: a cohort's context, nothing for a user).
#[derive(Default)]
struct Found {
    names: HashMap<(&'static str, String), (i64, i64)>,
    rows: HashMap<i64, i64>,
}

impl Found {
    fn find(&self, kind: &'static str, value: &str) -> Option<(i64, i64)> {
        self.names.get(&(kind, value.to_string())).copied()
    }

    fn add(&mut self, kind: &'static str, value: String, id: i64, extra: i64) {
        self.names.insert((kind, value), (id, extra));
        self.rows.insert(id, extra);
    }

    async fn cohorts<C: ConnectionTrait>(db: &C, members: &[NewMember]) -> Result<Self, ApiError> {
        let mut found = Found::default();
        let names = |kind: CohortKind| -> Vec<String> {
            let set: BTreeSet<&str> =
                members.iter().filter(|m| m.cohorttype.kind == kind).map(|m| m.cohorttype.value.as_str()).collect();
            set.into_iter().map(str::to_string).collect()
        };
        let ids: Vec<(String, i64)> =
            names(CohortKind::Id).into_iter().filter_map(|v| Some((v.clone(), v.trim().parse().ok()?))).collect();
        for chunk in ids.chunks(CHUNK) {
            let rows = cohort::Entity::find()
                .filter(cohort::Column::Id.is_in(chunk.iter().map(|(_, id)| *id)))
                .all(db)
                .await?;
            for (value, id) in chunk {
                if let Some(c) = rows.iter().find(|c| c.id == *id) {
                    found.add("id", value.clone(), c.id, c.contextid);
                }
            }
        }
        for chunk in names(CohortKind::Idnumber).chunks(CHUNK) {
            let rows = cohort::Entity::find().filter(cohort::Column::Idnumber.is_in(chunk.to_vec())).all(db).await?;
            for c in rows {
                found.add("idnumber", c.idnumber.clone().unwrap_or_default(), c.id, c.contextid);
            }
        }
        Ok(found)
    }

    async fn users<C: ConnectionTrait>(db: &C, members: &[NewMember]) -> Result<Self, ApiError> {
        let mut found = Found::default();
        let names = |kind: UserKind| -> Vec<String> {
            let set: BTreeSet<&str> =
                members.iter().filter(|m| m.usertype.kind == kind).map(|m| m.usertype.value.as_str()).collect();
            set.into_iter().map(str::to_string).collect()
        };
        let live = || user::Entity::find().filter(user::Column::Deleted.eq(0));
        let ids: Vec<(String, i64)> =
            names(UserKind::Id).into_iter().filter_map(|v| Some((v.clone(), v.trim().parse().ok()?))).collect();
        for chunk in ids.chunks(CHUNK) {
            let rows = live().filter(user::Column::Id.is_in(chunk.iter().map(|(_, id)| *id))).all(db).await?;
            for (value, id) in chunk {
                if rows.iter().any(|u| u.id == *id) {
                    found.add("id", value.clone(), *id, 0);
                }
            }
        }
        for (kind, column) in [(UserKind::Idnumber, user::Column::Idnumber), (UserKind::Username, user::Column::Username)] {
            for chunk in names(kind).chunks(CHUNK) {
                for u in live().filter(column.is_in(chunk.to_vec())).all(db).await? {
                    let value = if kind == UserKind::Idnumber { u.idnumber } else { u.username };
                    found.add(kind.name(), value, u.id, 0);
                }
            }
        }
        Ok(found)
    }
}
