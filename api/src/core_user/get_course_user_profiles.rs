//! core_user_get_course_user_profiles: users as seen in a course they are enrolled in: their
//! profile (as `get_users_by_field` shows it to the caller), their groups and roles in that
//! course, and the courses they are enrolled in that the caller can enter.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, groups, groups_members, role, role_assignments, seed, user};

use super::Pictures;
use super::view::{UserDescription, Viewer, describe, with_own_preferences};
use crate::core_enrol::get_enrolled_users::{EnrolledCourse, UserGroup, UserRole};
use crate::framework::access::{course_context_error, enrolled_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCourseUserProfiles;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_get_course_user_profiles_params", deny_unknown_fields)]
pub struct Params {
    /// The users and courses, at most 100.
    #[oai(validator(max_items = 100))]
    pub userlist: Vec<UserInCourse>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_user_in_course", deny_unknown_fields)]
pub struct UserInCourse {
    /// The user.
    pub userid: i64,
    /// The course.
    pub courseid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_course_user_profile", skip_serializing_if_is_none)]
pub struct CourseUserProfile {
    #[oai(flatten)]
    pub user: UserDescription,
    /// Their groups in the course.
    pub groups: Option<Vec<UserGroup>>,
    /// Their roles in the course.
    pub roles: Option<Vec<UserRole>>,
    /// The courses they are enrolled in that the caller can enter.
    pub enrolledcourses: Option<Vec<EnrolledCourse>>,
}

impl ExternalFunction for GetCourseUserProfiles {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_get_course_user_profiles",
        summary: "Get users' profiles in courses",
        description: "For each (user, course): the user's profile as the caller may see it, with their groups and roles in the course and their courses the caller can enter. The caller must be able to enter each course (`errorcoursecontextnotvalid`); users not enrolled in the course, and unknown users or courses, are left out.",
        checks: &[
            cap::USER_VIEWDETAILS,
            cap::USER_VIEWHIDDENDETAILS,
            cap::COURSE_USEREMAIL,
            cap::USER_UPDATE,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userlist":[{"userid":3,"courseid":2}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<CourseUserProfile>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<CourseUserProfile>, ApiError> {
        let db = call.db();
        let www = &call.state.settings.wwwroot;
        let roles: Vec<role::Model> = role::Entity::find().all(&db).await?;
        let mut out = Vec::with_capacity(p.userlist.len());
        for item in &p.userlist {
            let Some(c) = course::Entity::find_by_id(item.courseid).one(&db).await? else { continue };
            let Some(path) = call.state.context_path(contextlevel::COURSE, c.id).await? else { continue };
            if !call.can_enter(&c, &path).await? {
                return Err(course_context_error(c.id));
            }
            let Some(u) = user::Entity::find_by_id(item.userid).filter(user::Column::Deleted.eq(0)).one(&db).await?
            else {
                continue;
            };
            let theirs = enrolled_courses(&db, u.id).await?;
            if !theirs.contains(&c.id) {
                continue;
            }
            let viewer = Viewer::load(call, &[u.id]).await?;
            let pictures = Pictures::load(&db, [&u]).await?;
            let Some(described) = describe(&u, viewer.detail(u.id), www, &pictures) else { continue };
            let mut one = [described];
            with_own_preferences(call, &mut one).await?;
            let [described] = one;
            let groups = groups::Entity::find()
                .filter(groups::Column::Courseid.eq(c.id))
                .filter(
                    groups::Column::Id.in_subquery(
                        sea_orm::sea_query::Query::select()
                            .column(groups_members::Column::Groupid)
                            .from(groups_members::Entity)
                            .and_where(groups_members::Column::Userid.eq(u.id))
                            .to_owned(),
                    ),
                )
                .all(&db)
                .await?
                .into_iter()
                .map(|g| UserGroup { id: g.id, name: g.name, description: g.description, descriptionformat: g.descriptionformat })
                .collect();
            let context = *path.last().expect("a context path ends with the context");
            let held: Vec<i64> = role_assignments::Entity::find()
                .filter(role_assignments::Column::Userid.eq(u.id))
                .filter(role_assignments::Column::Contextid.eq(context))
                .all(&db)
                .await?
                .into_iter()
                .map(|a| a.roleid)
                .collect();
            let mut user_roles: Vec<UserRole> = roles
                .iter()
                .filter(|r| held.contains(&r.id))
                .map(|r| UserRole { roleid: r.id, name: r.name.clone(), shortname: r.shortname.clone(), sortorder: r.sortorder })
                .collect();
            user_roles.sort_by_key(|r| r.sortorder);
            let mut courses = Vec::new();
            for other in course::Entity::find().filter(course::Column::Id.is_in(theirs)).all(&db).await? {
                let Some(other_path) = call.state.context_path(contextlevel::COURSE, other.id).await? else { continue };
                if call.can_enter(&other, &other_path).await? {
                    courses.push(EnrolledCourse { id: other.id, fullname: other.fullname, shortname: other.shortname });
                }
            }
            courses.sort_by_key(|c| c.id);
            out.push(CourseUserProfile {
                user: described,
                groups: Some(groups),
                roles: Some(user_roles),
                enrolledcourses: Some(courses),
            });
        }
        Ok(out)
    }
}
