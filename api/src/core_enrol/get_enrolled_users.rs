//! core_enrol_get_enrolled_users: the participants of a course the caller can enter, with
//! `moodle/course:viewparticipants` there; private fields only to those allowed in that course.
use std::collections::{HashMap, HashSet};

use poem_openapi::Object;
use serde::Serialize;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, course, enrol, groups, groups_members, ids, role, role_assignments, seed, user, user_enrolments};

use crate::core_user::{CustomField, NamedPreference, Pictures, own_preferences};
use crate::framework::access::enrolment_in_force;
use crate::framework::state::Subject;
use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};
use crate::framework::code;

pub struct GetEnrolledUsers;

/// Users checked at a time when filtering by capability.
const CHUNK: u64 = 500;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_enrol_get_enrolled_users_params", deny_unknown_fields)]
pub struct Params {
    /// Course id.
    pub courseid: i64,
    /// Options: `withcapability`, `groupid`, `onlyactive`, `onlysuspended`, `userfields` (comma
    /// list), `limitfrom`, `limitnumber`, `sortby` (id, firstname, lastname, siteorder),
    /// `sortdirection` (ASC, DESC).
    #[oai(default, validator(max_items = 20))]
    pub options: Vec<EnrolOption>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_enrol_option", deny_unknown_fields)]
pub struct EnrolOption {
    /// Option name.
    pub name: AlphanumExt,
    /// Option value.
    pub value: String,
}

/// A group the user belongs to in the course.
#[derive(Debug, Object, Serialize)]
#[oai(rename = "core_enrol_user_group")]
pub struct UserGroup {
    /// Group id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Description format.
    pub descriptionformat: i32,
}

/// A role the user holds in the course.
#[derive(Debug, Object, Serialize)]
#[oai(rename = "core_enrol_user_role")]
pub struct UserRole {
    /// Role id.
    pub roleid: i64,
    /// Role name.
    pub name: String,
    /// Role short name.
    pub shortname: String,
    /// Role sort order.
    pub sortorder: i32,
}

/// A course the user is enrolled in.
#[derive(Debug, Object, Serialize)]
#[oai(rename = "core_enrol_enrolled_course")]
pub struct EnrolledCourse {
    /// Course id.
    pub id: i64,
    /// Full name.
    pub fullname: String,
    /// Short name.
    pub shortname: String,
}

// Also `serde`: the answer's text is written from it (`json_text`), equal to `to_json` (tested).
#[serde_with::skip_serializing_none]
#[derive(Debug, Default, Object, Serialize)]
#[oai(rename = "core_enrol_enrolled_user", skip_serializing_if_is_none)]
pub struct EnrolledUser {
    /// User id.
    pub id: i64,
    /// Username (to those who may update users).
    pub username: Option<String>,
    /// First name.
    pub firstname: Option<String>,
    /// Last name.
    pub lastname: Option<String>,
    /// Full name.
    pub fullname: String,
    /// Email address (when the user shows it, or to those allowed in the course).
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Phone 1.
    pub phone1: Option<String>,
    /// Phone 2.
    pub phone2: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Institution.
    pub institution: Option<String>,
    /// Identifier in an external system.
    pub idnumber: Option<String>,
    /// Interests.
    pub interests: Option<String>,
    /// First access (Unix time).
    pub firstaccess: Option<i64>,
    /// Last access (Unix time).
    pub lastaccess: Option<i64>,
    /// Last access to this course (Unix time).
    pub lastcourseaccess: Option<i64>,
    /// Description.
    pub description: Option<String>,
    /// Description format.
    pub descriptionformat: Option<i32>,
    /// City.
    pub city: Option<String>,
    /// Country code.
    pub country: Option<String>,
    /// Small profile picture URL.
    pub profileimageurlsmall: Option<String>,
    /// Profile picture URL.
    pub profileimageurl: Option<String>,
    /// Groups in this course.
    pub groups: Option<Vec<UserGroup>>,
    /// Roles in this course.
    pub roles: Option<Vec<UserRole>>,
    /// Courses the user is enrolled in.
    pub enrolledcourses: Option<Vec<EnrolledCourse>>,
    /// Custom profile fields (absent: the site defines none).
    pub customfields: Option<Vec<CustomField>>,
    /// The caller's own preferences (only in the caller's own entry).
    pub preferences: Option<Vec<NamedPreference>>,
}

struct Options {
    withcapability: Option<String>,
    groupid: Option<i64>,
    onlyactive: bool,
    onlysuspended: bool,
    userfields: Option<HashSet<String>>,
    limitfrom: u64,
    limitnumber: u64,
    sortby: user::Column,
    desc: bool,
}

fn parse_options(opts: &[EnrolOption]) -> Result<Options, ApiError> {
    let mut o = Options {
        withcapability: None,
        groupid: None,
        onlyactive: false,
        onlysuspended: false,
        userfields: None,
        limitfrom: 0,
        limitnumber: 0,
        sortby: user::Column::Id,
        desc: false,
    };
    for (i, opt) in opts.iter().enumerate() {
        let v = opt.value.trim();
        let bad = |why: &str| ApiError::invalid_parameter(format!("options[{i}].value: {why}"));
        let int = || v.parse::<i64>().map_err(|_| bad("an integer is expected"));
        match opt.name.as_str() {
            "withcapability" => o.withcapability = Some(v.to_string()),
            "groupid" => o.groupid = Some(int()?),
            "onlyactive" => o.onlyactive = int()? != 0,
            "onlysuspended" => o.onlysuspended = int()? != 0,
            "userfields" => o.userfields = Some(v.split(',').map(|f| f.trim().to_string()).collect()),
            "limitfrom" => o.limitfrom = u64::try_from(int()?).map_err(|_| bad("must not be negative"))?,
            "limitnumber" => o.limitnumber = u64::try_from(int()?).map_err(|_| bad("must not be negative"))?,
            "sortby" => {
                o.sortby = match v {
                    "id" | "siteorder" => user::Column::Id,
                    "firstname" => user::Column::Firstname,
                    "lastname" => user::Column::Lastname,
                    _ => return Err(bad("sortby must be id, firstname, lastname or siteorder")),
                }
            }
            "sortdirection" => {
                o.desc = match v.to_uppercase().as_str() {
                    "ASC" => false,
                    "DESC" => true,
                    _ => return Err(bad("sortdirection must be ASC or DESC")),
                }
            }
            other => return Err(ApiError::invalid_parameter(format!("options[{i}].name: unknown option {other}"))),
        }
    }
    if o.onlyactive && o.onlysuspended {
        return Err(ApiError::invalid_parameter("options: onlyactive and onlysuspended cannot both be set"));
    }
    Ok(o)
}

impl ExternalFunction for GetEnrolledUsers {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_enrol_get_enrolled_users",
        summary: "Get the users enrolled in a course",
        description: "Get the users enrolled in a course, with their groups and roles there; needs moodle/course:viewparticipants in the course.",
        ajax: true,
        checks: &[
            cap::COURSE_VIEWPARTICIPANTS,
            cap::SITE_VIEWPARTICIPANTS,
            cap::ROLE_REVIEW,
            cap::SITE_ACCESSALLGROUPS,
            cap::COURSE_ENROLREVIEW,
            cap::USER_VIEWHIDDENDETAILS,
            cap::COURSE_USEREMAIL,
            cap::USER_UPDATE,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2,"options":[{"name":"limitnumber","value":"50"}]}"#,
        scope: Scope::Course("courseid"),
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<EnrolledUser>;

    fn json_text(returns: &Vec<EnrolledUser>) -> bytes::Bytes {
        serde_json::to_vec(returns).unwrap_or_default().into()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<EnrolledUser>, ApiError> {
        let db = &call.db();
        let o = parse_options(&p.options)?;
        // Moodle reads the options before it validates the course: checked here, not before.
        let place = call.in_scope(0, p.courseid).await?;
        let (c, path) = (place.course(), &place.path);
        let me = call.caller.user().id;
        if c.id == ids::SITE_COURSE {
            call.require(cap::SITE_VIEWPARTICIPANTS, &[ids::SYSTEM_CONTEXT]).await?;
        } else {
            call.require(cap::COURSE_VIEWPARTICIPANTS, path).await?;
        }
        if o.withcapability.is_some() {
            call.require(cap::ROLE_REVIEW, path).await?;
        }
        if o.onlyactive || o.onlysuspended {
            call.require(cap::COURSE_ENROLREVIEW, path).await?;
        }
        let course_groups: HashMap<i64, groups::Model> = groups::Entity::find()
            .filter(groups::Column::Courseid.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|g| (g.id, g))
            .collect();
        if let Some(gid) = o.groupid {
            if !course_groups.contains_key(&gid) {
                return Err(ApiError::invalid_parameter(format!("options.groupid: group {gid} is not in this course")));
            }
            let member = groups_members::Entity::find()
                .filter(groups_members::Column::Groupid.eq(gid))
                .filter(groups_members::Column::Userid.eq(me))
                .one(db)
                .await?
                .is_some();
            if !member && !call.can(cap::SITE_ACCESSALLGROUPS, path).await? {
                return Err(code::ACCESS_DENIED.err()
                    .with_debuginfo(format!("options.groupid: you are not a member of group {gid}")));
            }
        }

        let instances: HashMap<i64, i32> = enrol::Entity::find()
            .filter(enrol::Column::Courseid.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|e| (e.id, e.status))
            .collect();
        let enrolled = Query::select()
            .column(user_enrolments::Column::Userid)
            .from(user_enrolments::Entity)
            .and_where(user_enrolments::Column::Enrolid.is_in(instances.keys().copied()))
            .to_owned();
        let mut q =
            user::Entity::find().filter(user::Column::Deleted.eq(0)).filter(user::Column::Id.in_subquery(enrolled));
        // Filters on enrolment state and groups are the database's work.
        if o.onlyactive || o.onlysuspended {
            let enabled = instances.iter().filter(|(_, status)| **status == 0).map(|(id, _)| *id);
            let active = Query::select()
                .column(user_enrolments::Column::Userid)
                .from(user_enrolments::Entity)
                .and_where(user_enrolments::Column::Enrolid.is_in(enabled))
                .cond_where(enrolment_in_force())
                .to_owned();
            q = match o.onlyactive {
                true => q.filter(user::Column::Id.in_subquery(active)),
                false => q.filter(user::Column::Id.not_in_subquery(active)),
            };
        }
        if let Some(gid) = o.groupid {
            let members = Query::select()
                .column(groups_members::Column::Userid)
                .from(groups_members::Entity)
                .and_where(groups_members::Column::Groupid.eq(gid))
                .to_owned();
            q = q.filter(user::Column::Id.in_subquery(members));
        }
        q = if o.desc { q.order_by_desc(o.sortby) } else { q.order_by_asc(o.sortby) };
        q = q.order_by_asc(user::Column::Id);

        // A page at most: without `limitnumber`, more than the maximum is refused.
        let max = call.max_results();
        if o.limitnumber > max {
            return Err(ApiError::invalid_parameter(format!("options: limitnumber is at most {max}")));
        }
        let wanted = if o.limitnumber > 0 { o.limitnumber } else { call.fetch_limit() };

        // Role assignments of `users` in the course's context path.
        let assignments_of = |users: Vec<i64>| {
            let q = role_assignments::Entity::find()
                .select_only()
                .columns([
                    role_assignments::Column::Userid,
                    role_assignments::Column::Roleid,
                    role_assignments::Column::Contextid,
                ])
                .filter(role_assignments::Column::Contextid.is_in(path.iter().copied()))
                .filter(role_assignments::Column::Userid.is_in(users));
            async move {
                let mut map: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
                for (userid, roleid, contextid) in q.into_tuple::<(i64, i64, i64)>().all(db).await? {
                    map.entry(userid).or_default().push((roleid, contextid));
                }
                Ok::<_, ApiError>(map)
            }
        };
        let users: Vec<user::Model> = match &o.withcapability {
            None => call.fetch_all(q.offset(o.limitfrom).limit(wanted)).await?,
            // Capabilities come from roles and overrides: checked here, a chunk at a time.
            Some(cap) => {
                let (mut kept, mut skipped, mut offset) = (Vec::new(), 0, 0);
                'chunks: loop {
                    let chunk = call.fetch_all(q.clone().offset(offset).limit(CHUNK)).await?;
                    if chunk.is_empty() {
                        break;
                    }
                    offset += chunk.len() as u64;
                    let roles_of = assignments_of(chunk.iter().map(|u| u.id).collect()).await?;
                    for u in chunk {
                        let roles = roles_of.get(&u.id).cloned().unwrap_or_default();
                        let subject = Subject { userid: u.id, deleted: false, roles };
                        if !call.state.has_capability_named(&subject, cap, path).await? {
                            continue;
                        }
                        if skipped < o.limitfrom {
                            skipped += 1;
                            continue;
                        }
                        kept.push(u);
                        if kept.len() as u64 >= wanted {
                            break 'chunks;
                        }
                    }
                }
                kept
            }
        };
        if o.limitnumber == 0 {
            call.refuse_over_max(&users, "users", "page with the options limitfrom and limitnumber")?;
        }
        let assignments = assignments_of(users.iter().map(|u| u.id).collect()).await?;

        let page: Vec<i64> = users.iter().map(|u| u.id).collect();
        let mut user_groups: HashMap<i64, Vec<UserGroup>> = HashMap::new();
        for m in groups_members::Entity::find()
            .filter(groups_members::Column::Userid.is_in(page.iter().copied()))
            .filter(groups_members::Column::Groupid.is_in(course_groups.keys().copied()))
            .all(db)
            .await?
        {
            if let Some(g) = course_groups.get(&m.groupid) {
                user_groups.entry(m.userid).or_default().push(UserGroup {
                    id: g.id,
                    name: g.name.clone(),
                    description: g.description.clone(),
                    descriptionformat: g.descriptionformat,
                });
            }
        }
        let roles: HashMap<i64, role::Model> =
            role::Entity::find().all(db).await?.into_iter().map(|r| (r.id, r)).collect();
        let fields = o.userfields;
        let wants = |f: &str| fields.as_ref().is_none_or(|set| set.contains(f));
        let mut courses_of = match wants("enrolledcourses") {
            true => enrolled_courses_of(db, &page).await?,
            false => HashMap::new(),
        };

        let system = [ids::SYSTEM_CONTEXT];
        let sees_usernames = call.can(cap::USER_UPDATE, &system).await?;
        let sees_private = call.can(cap::USER_VIEWHIDDENDETAILS, path).await?;
        let sees_email = call.can(cap::COURSE_USEREMAIL, path).await?;
        let www = &call.state.settings.wwwroot;
        let pictures = Pictures::load(db, &users).await?;
        let mut mine = match users.iter().any(|u| u.id == me) && wants("preferences") {
            true => Some(own_preferences(call).await?),
            false => None,
        };
        Ok(users
            .into_iter()
            .map(|u| {
                let own = u.id == me;
                let private = own || sees_private;
                let text = |s: &str, shown: bool, f: &str| (shown && !s.is_empty() && wants(f)).then(|| s.to_string());
                let show_email = own || sees_email || u.maildisplay == 1 || u.maildisplay == 2;
                EnrolledUser {
                    id: u.id,
                    username: ((own || sees_usernames) && wants("username")).then(|| u.username.clone()),
                    firstname: wants("firstname").then(|| u.firstname.clone()),
                    lastname: wants("lastname").then(|| u.lastname.clone()),
                    fullname: format!("{} {}", u.firstname, u.lastname),
                    email: text(&u.email, show_email, "email"),
                    address: text(&u.address, private, "address"),
                    phone1: text(&u.phone1, private, "phone1"),
                    phone2: text(&u.phone2, private, "phone2"),
                    department: text(&u.department, private, "department"),
                    institution: text(&u.institution, private, "institution"),
                    idnumber: text(&u.idnumber, private, "idnumber"),
                    interests: text(&u.interests, true, "interests"),
                    firstaccess: (private && wants("firstaccess")).then_some(u.firstaccess),
                    lastaccess: (private && wants("lastaccess")).then_some(u.lastaccess),
                    lastcourseaccess: (private && wants("lastcourseaccess")).then_some(0),
                    description: text(&u.description, true, "description"),
                    descriptionformat: (!u.description.is_empty() && wants("description"))
                        .then_some(u.descriptionformat),
                    city: text(&u.city, true, "city"),
                    country: text(&u.country, true, "country"),
                    profileimageurlsmall: wants("profileimageurlsmall").then(|| pictures.url(www, &u, "f2")),
                    profileimageurl: wants("profileimageurl").then(|| pictures.url(www, &u, "f1")),
                    groups: wants("groups").then(|| user_groups.remove(&u.id).unwrap_or_default()),
                    roles: wants("roles").then(|| {
                        let mut list: Vec<UserRole> = assignments
                            .get(&u.id)
                            .into_iter()
                            .flatten()
                            .filter_map(|(rid, _)| roles.get(rid))
                            .map(|r| UserRole {
                                roleid: r.id,
                                name: r.name.clone(),
                                shortname: r.shortname.clone(),
                                sortorder: r.sortorder,
                            })
                            .collect();
                        list.sort_by_key(|r| r.sortorder);
                        list.dedup_by_key(|r| r.roleid);
                        list
                    }),
                    enrolledcourses: wants("enrolledcourses").then(|| courses_of.remove(&u.id).unwrap_or_default()),
                    customfields: None,
                    preferences: if own && wants("preferences") { mine.take() } else { None },
                }
            })
            .collect())
    }
}

/// The courses each of `users` is enrolled in (any state), in course order: one query, only the
/// columns shown.
async fn enrolled_courses_of(
    db: &impl ConnectionTrait,
    users: &[i64],
) -> Result<HashMap<i64, Vec<EnrolledCourse>>, ApiError> {
    let (ue, e, c) = (user_enrolments::Entity, enrol::Entity, course::Entity);
    let query = Query::select()
        .distinct()
        .column((ue, user_enrolments::Column::Userid))
        .column((c, course::Column::Id))
        .column((c, course::Column::Fullname))
        .column((c, course::Column::Shortname))
        .from(ue)
        .inner_join(e, Expr::col((e, enrol::Column::Id)).equals((ue, user_enrolments::Column::Enrolid)))
        .inner_join(c, Expr::col((c, course::Column::Id)).equals((e, enrol::Column::Courseid)))
        .and_where(Expr::col((ue, user_enrolments::Column::Userid)).is_in(users.iter().copied()))
        .order_by((ue, user_enrolments::Column::Userid), Order::Asc)
        .order_by((c, course::Column::Id), Order::Asc)
        .to_owned();
    let mut courses_of: HashMap<i64, Vec<EnrolledCourse>> = HashMap::new();
    for row in db.query_all(&query).await? {
        courses_of.entry(row.try_get("", "userid")?).or_default().push(EnrolledCourse {
            id: row.try_get("", "id")?,
            fullname: row.try_get("", "fullname")?,
            shortname: row.try_get("", "shortname")?,
        });
    }
    Ok(courses_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem_openapi::types::{ParseFromJSON, ToJSON};
    use serde_json::json;

    /// The text `json_text` writes is exactly what `to_json` would send, key order included.
    #[test]
    fn json_text_is_to_json() {
        let full = json!({
            "id": 3, "username": "u", "firstname": "Zoë", "lastname": "\"Q\"\n", "fullname": "Zoë Q",
            "email": "u@example.org", "address": "a", "phone1": "1", "phone2": "2", "department": "d",
            "institution": "i", "idnumber": "x", "interests": "t", "firstaccess": 1, "lastaccess": 2,
            "lastcourseaccess": 3, "description": "<p>d</p>", "descriptionformat": 1, "city": "c", "country": "NZ",
            "profileimageurlsmall": "s", "profileimageurl": "p",
            "groups": [{"id": 1, "name": "g", "description": "", "descriptionformat": 1}],
            "roles": [{"roleid": 5, "name": "", "shortname": "student", "sortorder": 0}],
            "enrolledcourses": [{"id": 2, "fullname": "C", "shortname": "c"}],
            "customfields": [{"type": "text", "value": "v", "name": "N", "shortname": "n"}],
            "preferences": [{"name": "a", "value": "b"}]
        });
        let users: Vec<EnrolledUser> =
            [full, json!({"id": 4, "fullname": "F"})].into_iter().map(|v| EnrolledUser::parse_from_json(Some(v)).unwrap()).collect();
        let tree = serde_json::to_string(&users.to_json().unwrap()).unwrap();
        assert_eq!(GetEnrolledUsers::json_text(&users), tree);
    }
}
