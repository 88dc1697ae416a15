//! Course rows and everything hanging off them: creating a course (its context, enrolment
//! instances and sections) and deleting one without leaving orphans.
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

use lmsgate_entities::{user_lastaccess, 
    context, contextlevel, course, course_categories, course_sections, enrol, groups, groups_members, role_assignments,
    seed, user_enrolments,
};

use crate::framework::ApiError;
use crate::framework::code;

/// Sections a new course gets when none are asked for (Moodle's `moodlecourse/numsections`).
pub const DEFAULT_NUMSECTIONS: i32 = 4;
/// Course formats installed on this site.
pub const FORMATS: &[&str] = &["topics", "weeks", "singleactivity", "social"];

/// Moodle's `errorinvalidparam`: 'The param "x" is invalid.'
pub fn invalid_param(at: &str, name: &str) -> ApiError {
    code::INVALID_PARAM.with(name)
        .with_debuginfo(format!("{at}.{name}: The param \"{name}\" is invalid."))
}

/// Inserts a course with its context (below its category's), the standard enrolment instances
/// (manual enabled; guest and self disabled, as on a new Moodle site), sections 0..=numsections
/// and, when the course shows news, its announcements forum.
pub async fn insert_course<C: ConnectionTrait>(
    db: &C,
    row: course::ActiveModel,
    category_path: &str,
    numsections: i32,
) -> Result<course::Model, ApiError> {
    let c = row.insert(db).await?;
    let ctx = seed::create_context(db, contextlevel::COURSE, c.id, category_path).await?;
    let student = seed::role_id("student").unwrap_or(5);
    for (i, (plugin, status)) in [("manual", 0), ("guest", 1), ("self", 1)].into_iter().enumerate() {
        enrol::ActiveModel {
            id: NotSet,
            enrol: Set(plugin.into()),
            status: Set(status),
            courseid: Set(c.id),
            sortorder: Set(i as i32),
            name: Set(None),
            enrolperiod: Set(0),
            enrolstartdate: Set(0),
            enrolenddate: Set(0),
            roleid: Set(if plugin == "guest" { 0 } else { student }),
            timecreated: Set(c.timecreated),
            timemodified: Set(c.timecreated),
        }
        .insert(db)
        .await?;
    }
    let sections = (0..=numsections.max(0)).map(|n| course_sections::ActiveModel {
        id: NotSet,
        course: Set(c.id),
        section: Set(n),
        name: Set(None),
        summary: Set(String::new()),
        summaryformat: Set(1),
        sequence: Set(String::new()),
        visible: Set(1),
        timemodified: Set(c.timecreated),
    });
    course_sections::Entity::insert_many(sections).exec(db).await?;
    if c.newsitems > 0 {
        let section0 = course_sections::Entity::find()
            .filter(course_sections::Column::Course.eq(c.id))
            .filter(course_sections::Column::Section.eq(0))
            .one(db)
            .await?
            .ok_or_else(|| ApiError::internal("a new course without section 0"))?;
        crate::mod_forum::store::add_news_forum(db, section0, &ctx.path, c.timecreated).await?;
    }
    count_courses(db, c.category).await?;
    Ok(c)
}

/// Deletes a course and everything attached to it: its activities and gradebook, its context and
/// those below, role assignments there, enrolment instances and enrolments, groups and
/// memberships, sections.
pub async fn delete_course<C: ConnectionTrait>(db: &C, c: &course::Model) -> Result<(), ApiError> {
    let activities = super::activities::of_course(db, c.id).await?;
    super::removal::delete_activities(db, &activities).await?;
    super::removal::delete_gradebook(db, c.id).await?;
    if let Some(ctx) = context::Entity::find()
        .filter(context::Column::Contextlevel.eq(contextlevel::COURSE))
        .filter(context::Column::Instanceid.eq(c.id))
        .one(db)
        .await?
    {
        let below: Vec<i64> = context::Entity::find()
            .filter(crate::framework::access::contexts_below(db.get_database_backend(), &ctx.path))
            .all(db)
            .await?
            .into_iter()
            .map(|c| c.id)
            .chain([ctx.id])
            .collect();
        role_assignments::Entity::delete_many()
            .filter(role_assignments::Column::Contextid.is_in(below.clone()))
            .exec(db)
            .await?;
        context::Entity::delete_many().filter(context::Column::Id.is_in(below)).exec(db).await?;
    }
    let instances: Vec<i64> = enrol::Entity::find()
        .filter(enrol::Column::Courseid.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    user_enrolments::Entity::delete_many().filter(user_enrolments::Column::Enrolid.is_in(instances)).exec(db).await?;
    enrol::Entity::delete_many().filter(enrol::Column::Courseid.eq(c.id)).exec(db).await?;
    let group_ids: Vec<i64> = groups::Entity::find()
        .filter(groups::Column::Courseid.eq(c.id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect();
    groups_members::Entity::delete_many().filter(groups_members::Column::Groupid.is_in(group_ids)).exec(db).await?;
    groups::Entity::delete_many().filter(groups::Column::Courseid.eq(c.id)).exec(db).await?;
    course_sections::Entity::delete_many().filter(course_sections::Column::Course.eq(c.id)).exec(db).await?;
    user_lastaccess::Entity::delete_many().filter(user_lastaccess::Column::Courseid.eq(c.id)).exec(db).await?;
    course::Entity::delete_by_id(c.id).exec(db).await?;
    count_courses(db, c.category).await?;
    Ok(())
}

/// Recounts a category's `coursecount`.
pub async fn count_courses<C: ConnectionTrait>(db: &C, category: i64) -> Result<(), ApiError> {
    if category == 0 {
        return Ok(());
    }
    let n = course::Entity::find().filter(course::Column::Category.eq(category)).count(db).await?;
    course_categories::Entity::update_many()
        .col_expr(course_categories::Column::Coursecount, sea_orm::sea_query::Expr::value(n as i64))
        .filter(course_categories::Column::Id.eq(category))
        .exec(db)
        .await?;
    Ok(())
}
