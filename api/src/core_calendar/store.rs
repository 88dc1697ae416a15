//! Calendar events in the database: which ones a user sees (site events, their own, their
//! courses', groups' and courses' categories'), who may change them (Moodle's
//! `calendar_edit_event_allowed`), and the exporter that turns rows into Moodle's event shape.
use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use lmsgate_entities::{cap, contextlevel, course, course_categories, event, groups, groups_members, ids};

use super::event::{Event, EventAction, EventCategory, EventIcon, EventSubscription};
use crate::core_course::activities::{Activity, Instance, ModType, cms_of, complete};
use crate::framework::access::path_of;
use crate::core_course::exported::{ExportedCourse, Extra};
use super::time::formatted_time;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call};

/// What deciding who sees and edits events checks (declared by the functions that do).
pub const EVENT_CHECKS: &[lmsgate_entities::cap::Capability] = &[
    cap::CALENDAR_MANAGEENTRIES,
    cap::CALENDAR_MANAGEOWNENTRIES,
    cap::CALENDAR_MANAGEGROUPENTRIES,
    cap::SITE_ACCESSALLGROUPS,
    cap::COURSE_VIEWHIDDENACTIVITIES,
    cap::ASSIGN_SUBMIT,
];

/// What an event is, by the ids it carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Site,
    Category,
    Course,
    Group,
    User,
}

impl Level {
    pub fn of(e: &event::Model) -> Self {
        if e.groupid != 0 {
            Level::Group
        } else if e.courseid == ids::SITE_COURSE {
            Level::Site
        } else if e.courseid != 0 {
            Level::Course
        } else if e.categoryid != 0 {
            Level::Category
        } else {
            Level::User
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Site => "site",
            Level::Category => "category",
            Level::Course => "course",
            Level::Group => "group",
            Level::User => "user",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Level::Site => "Site event",
            Level::Category => "Category event",
            Level::Course => "Course event",
            Level::Group => "Group event",
            Level::User => "User event",
        }
    }
}

/// What the caller sees: their courses, groups and those courses' categories.
pub struct Sight {
    pub userid: i64,
    pub courses: HashSet<i64>,
    pub groups: Vec<i64>,
    pub categories: Vec<i64>,
}

impl Sight {
    pub async fn load(call: &Call<'_>) -> Result<Self, ApiError> {
        let userid = call.caller.user().id;
        let courses = call.my_courses().await?.clone();
        let db = call.db();
        let mut groups: Vec<i64> = groups_members::Entity::find()
            .select_only()
            .column(groups_members::Column::Groupid)
            .filter(groups_members::Column::Userid.eq(userid))
            .into_tuple()
            .all(&db)
            .await?;
        // Teachers see every group's events in the courses where they may access all groups.
        let mut all_groups_in = Vec::new();
        for c in &courses {
            if let Some(path) = call.state.context_path(contextlevel::COURSE, *c).await?
                && call.can(cap::SITE_ACCESSALLGROUPS, &path).await?
            {
                all_groups_in.push(*c);
            }
        }
        if !all_groups_in.is_empty() {
            let theirs: Vec<i64> = groups::Entity::find()
                .select_only()
                .column(groups::Column::Id)
                .filter(groups::Column::Courseid.is_in(all_groups_in))
                .into_tuple()
                .all(&db)
                .await?;
            groups.extend(theirs);
        }
        let categories = match courses.is_empty() {
            true => Vec::new(),
            false => course::Entity::find()
                .select_only()
                .column(course::Column::Category)
                .filter(course::Column::Id.is_in(courses.iter().copied()))
                .distinct()
                .into_tuple()
                .all(&db)
                .await?,
        };
        Ok(Self { userid, courses, groups, categories })
    }

    /// The events the caller sees (within `course` when it is a course: that course's, the
    /// site's and their own).
    pub fn condition(&self, course: Option<i64>) -> Condition {
        let courses: Vec<i64> = match course {
            Some(c) => self.courses.iter().copied().filter(|m| *m == c).collect(),
            None => self.courses.iter().copied().collect(),
        };
        let own = Condition::all()
            .add(event::Column::Userid.eq(self.userid))
            .add(event::Column::Courseid.eq(0))
            .add(event::Column::Categoryid.eq(0))
            .add(event::Column::Groupid.eq(0));
        let mut any = Condition::any().add(event::Column::Courseid.eq(ids::SITE_COURSE)).add(own);
        if !courses.is_empty() {
            any = any.add(
                Condition::all()
                    .add(event::Column::Courseid.is_in(courses.clone()))
                    .add(event::Column::Groupid.eq(0)),
            );
        }
        let groups = self.groups.clone();
        if !groups.is_empty() {
            any = any.add(event::Column::Groupid.is_in(groups));
        }
        if course.is_none() && !self.categories.is_empty() {
            any = any.add(
                Condition::all()
                    .add(event::Column::Categoryid.is_in(self.categories.clone()))
                    .add(event::Column::Courseid.eq(0)),
            );
        }
        Condition::all().add(event::Column::Visible.eq(1)).add(any)
    }

    pub fn sees(&self, e: &event::Model) -> bool {
        e.visible == 1
            && match Level::of(e) {
                Level::Site => true,
                Level::User => e.userid == self.userid,
                Level::Course => self.courses.contains(&e.courseid),
                Level::Group => self.groups.contains(&e.groupid),
                Level::Category => self.categories.contains(&e.categoryid),
            }
    }
}

/// Events the caller sees starting in `[from, to)`, by start time, at most `limit`.
pub async fn between(
    call: &Call<'_>,
    sight: &Sight,
    course: Option<i64>,
    from: i64,
    to: i64,
    limit: u64,
) -> Result<Vec<event::Model>, ApiError> {
    Ok(event::Entity::find()
        .filter(sight.condition(course))
        .filter(event::Column::Timestart.gte(from))
        .filter(event::Column::Timestart.lt(to))
        .order_by_asc(event::Column::Timestart)
        .order_by_asc(event::Column::Id)
        .limit(limit)
        .all(&call.db())
        .await?)
}

/// The context path an event lives in.
pub async fn context_path(call: &Call<'_>, e: &event::Model) -> Result<Vec<i64>, ApiError> {
    let state = call.state;
    let found = match Level::of(e) {
        Level::Site => Some(vec![ids::SYSTEM_CONTEXT]),
        Level::Course | Level::Group => state.context_path(contextlevel::COURSE, e.courseid).await?,
        Level::Category => state.context_path(contextlevel::COURSECAT, e.categoryid).await?,
        Level::User => Some(state.user_path(e.userid).await?.to_vec()),
    };
    Ok(found.unwrap_or_else(|| vec![ids::SYSTEM_CONTEXT]))
}

/// Moodle's `calendar_edit_event_allowed` (also for deleting).
pub async fn can_edit(call: &Call<'_>, e: &event::Model) -> Result<bool, ApiError> {
    // An activity's events change with the activity, not through the calendar.
    if !e.modulename.is_empty() {
        return Ok(false);
    }
    if call.can(cap::CALENDAR_MANAGEENTRIES, &[ids::SYSTEM_CONTEXT]).await? {
        return Ok(true);
    }
    let path = context_path(call, e).await?;
    Ok(match Level::of(e) {
        Level::Group => {
            call.can(cap::CALENDAR_MANAGEGROUPENTRIES, &path).await?
                && (call.can(cap::SITE_ACCESSALLGROUPS, &path).await?
                    || groups_members::Entity::find()
                        .filter(groups_members::Column::Groupid.eq(e.groupid))
                        .filter(groups_members::Column::Userid.eq(call.caller.user().id))
                        .one(&call.db())
                        .await?
                        .is_some())
        }
        Level::Site | Level::Course | Level::Category => call.can(cap::CALENDAR_MANAGEENTRIES, &path).await?,
        Level::User if e.userid == call.caller.user().id => call.can(cap::CALENDAR_MANAGEOWNENTRIES, &path).await?,
        Level::User => call.can(cap::CALENDAR_MANAGEENTRIES, &path).await?,
    })
}

/// The events in Moodle's exported shape, for the caller.
pub async fn export(call: &Call<'_>, rows: Vec<event::Model>) -> Result<Vec<Event>, ApiError> {
    let db = call.db();
    let www = call.state.settings.wwwroot.as_str();
    let course_ids: HashSet<i64> = rows.iter().map(|e| e.courseid).filter(|c| *c > ids::SITE_COURSE).collect();
    let courses: HashMap<i64, course::Model> = match course_ids.is_empty() {
        true => HashMap::new(),
        false => course::Entity::find()
            .filter(course::Column::Id.is_in(course_ids))
            .all(&db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect(),
    };
    let category_ids: HashSet<i64> = rows.iter().map(|e| e.categoryid).filter(|c| *c != 0).collect();
    let categories: HashMap<i64, course_categories::Model> = match category_ids.is_empty() {
        true => HashMap::new(),
        false => course_categories::Entity::find()
            .filter(course_categories::Column::Id.is_in(category_ids))
            .all(&db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect(),
    };
    let group_ids: HashSet<i64> = rows.iter().map(|e| e.groupid).filter(|g| *g != 0).collect();
    let group_names: HashMap<i64, String> = match group_ids.is_empty() {
        true => HashMap::new(),
        false => groups::Entity::find()
            .filter(groups::Column::Id.is_in(group_ids))
            .all(&db)
            .await?
            .into_iter()
            .map(|g| (g.id, g.name))
            .collect(),
    };
    let activities = activities_of(call, &rows).await?;
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        let level = Level::of(&e);
        let activity = activities.get(&(e.modulename.clone(), e.instance));
        if !e.modulename.is_empty() && activity.is_none() {
            continue; // an activity the caller may not see (hidden, or gone)
        }
        let editable = can_edit(call, &e).await?;
        let shown_course = if e.courseid == 0 { ids::SITE_COURSE } else { e.courseid };
        let url = match level {
            Level::Course | Level::Group => format!("{www}/course/view.php?id={}", e.courseid),
            Level::Category => format!("{www}/course/index.php?categoryid={}", e.categoryid),
            Level::Site | Level::User => format!("{www}/?redirect=0"),
        };
        let action = match activity {
            Some(a) => activity_action(call, &e, a).await?,
            None => None,
        };
        let url = activity.map(|a| format!("{www}/mod/{}/view.php?id={}", a.kind.name(), a.cm.id)).unwrap_or(url);
        out.push(Event {
            id: e.id,
            name: e.name.clone(),
            description: Some(e.description.clone()),
            descriptionformat: Some(e.format.into()),
            location: Some(e.location.clone()),
            categoryid: (e.categoryid != 0).then_some(e.categoryid),
            groupid: (e.groupid != 0).then_some(e.groupid),
            userid: Some(e.userid),
            repeatid: (e.repeatid != 0).then_some(e.repeatid),
            eventcount: None,
            component: e.component.clone(),
            modulename: Some(e.modulename.clone()),
            activityname: Some(activity.map(|a| a.name().to_string()).unwrap_or_default()),
            activitystr: Some(activity.map(|a| a.kind.title().to_string()).unwrap_or_default()),
            instance: (e.instance != 0).then_some(e.instance),
            eventtype: e.eventtype.clone(),
            timestart: e.timestart,
            timeduration: e.timeduration,
            timesort: e.timesort.unwrap_or(e.timestart),
            timeusermidnight: 0,
            visible: e.visible.into(),
            timemodified: e.timemodified,
            overdue: Some(false),
            icon: match activity {
                Some(a) => EventIcon {
                    key: "monologo".into(),
                    component: a.kind.name().into(),
                    alttext: a.kind.title().into(),
                    iconurl: format!("{www}/theme/image.php/boost/{}/1/monologo?filtericon=1", a.kind.name()),
                    iconclass: String::new(),
                },
                None => EventIcon {
                    key: format!("i/{}event", level.name()),
                    component: "core".into(),
                    alttext: level.text().into(),
                    iconurl: String::new(),
                    iconclass: String::new(),
                },
            },
            category: categories.get(&e.categoryid).map(|c| EventCategory {
                id: c.id,
                name: c.name.clone(),
                idnumber: OrNull(c.idnumber.clone()),
                description: Some(c.description.clone()),
                parent: c.parent,
                coursecount: c.coursecount,
                visible: c.visible.into(),
                timemodified: c.timemodified,
                depth: c.depth.into(),
                nestedname: c.name.clone(),
                url: format!("{www}/course/index.php?categoryid={}", c.id),
            }),
            course: courses.get(&e.courseid).map(|c| ExportedCourse::of(c, www, Extra::default())),
            subscription: Some(EventSubscription {
                displayeventsource: false,
                subscriptionname: None,
                subscriptionurl: None,
            }),
            canedit: editable,
            candelete: editable,
            deleteurl: format!("{www}/calendar/delete.php?id={}&course={shown_course}", e.id),
            editurl: format!("{www}/calendar/event.php?action=edit&id={}&course={shown_course}", e.id),
            viewurl: format!(
                "{www}/calendar/view.php?view=day&course={shown_course}&time={}#event_{}",
                e.timestart, e.id
            ),
            formattedtime: formatted_time(www, e.timestart, e.timeduration),
            formattedlocation: e.location.clone(),
            isactionevent: action.is_some(),
            iscourseevent: level == Level::Course && activity.is_none(),
            iscategoryevent: level == Level::Category,
            groupname: group_names.get(&e.groupid).cloned(),
            normalisedeventtype: level.name().into(),
            normalisedeventtypetext: level.text().into(),
            action,
            purpose: activity.map_or("none", |a| a.kind.purpose()).into(),
            branded: Some(false),
            url,
        });
    }
    Ok(out)
}

/// The activities of the activity events among `rows` the caller may see, by (type, instance).
async fn activities_of(call: &Call<'_>, rows: &[event::Model]) -> Result<HashMap<(String, i64), Activity>, ApiError> {
    let wanted: Vec<&event::Model> = rows.iter().filter(|e| !e.modulename.is_empty()).collect();
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let db = call.db();
    let keys: Vec<(ModType, i64)> =
        wanted.iter().filter_map(|e| Some((ModType::from_name(&e.modulename)?, e.instance))).collect();
    let cms = cms_of(&db, &keys).await?.into_values().collect();
    let mut out = HashMap::new();
    for a in complete(&db, cms).await? {
        let path = path_of(&a.context);
        if a.cm.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path).await? {
            continue;
        }
        out.insert((a.kind.name().to_string(), a.cm.instance), a);
    }
    Ok(out)
}

/// What an activity event asks of the caller (Moodle's `core_calendar_provide_event_action`): a
/// student's submission to an assignment that is due, while they have not submitted.
async fn activity_action(call: &Call<'_>, e: &event::Model, a: &Activity) -> Result<Option<EventAction>, ApiError> {
    let Instance::Assign(x) = &a.instance else { return Ok(None) };
    if e.eventtype != "due" || !call.can(cap::ASSIGN_SUBMIT, &path_of(&a.context)).await? {
        return Ok(None);
    }
    let me = call.caller.user().id;
    let submitted = crate::mod_assign::store::latest_submissions(&call.db(), x.id, Some(&[me]))
        .await?
        .pop()
        .is_some_and(|s| s.status == "submitted");
    if submitted {
        return Ok(None);
    }
    let www = &call.state.settings.wwwroot;
    Ok(Some(EventAction {
        name: "Add submission".into(),
        url: format!("{www}/mod/assign/view.php?id={}&action=editsubmission", a.cm.id),
        itemcount: 1,
        actionable: crate::mod_assign::store::open_for_submissions(x, lmsgate_entities::now()),
        showitemcount: false,
    }))
}

/// The caller's action events (activity events that ask them to act) in some courses, by time
/// (Moodle's timeline): sorted in `[from, to]`, after the event `after` in that order, at most
/// `limit`, their names containing `search`.
pub async fn action_events(
    call: &Call<'_>,
    courses: &[i64],
    (from, to): (i64, Option<i64>),
    after: i64,
    limit: usize,
    search: Option<&str>,
) -> Result<Vec<Event>, ApiError> {
    /// The most activity events looked at for one page.
    const SCAN: u64 = 1000;
    if courses.is_empty() {
        return Ok(Vec::new());
    }
    let db = call.db();
    let mut query = event::Entity::find()
        .filter(event::Column::Modulename.ne(""))
        .filter(event::Column::Visible.eq(1))
        .filter(event::Column::Courseid.is_in(courses.iter().copied()))
        .filter(event::Column::Timesort.gte(from));
    if let Some(to) = to {
        query = query.filter(event::Column::Timesort.lte(to));
    }
    if after > 0
        && let Some(last) = event::Entity::find_by_id(after).one(&db).await?
    {
        let at = last.timesort.unwrap_or(last.timestart);
        query = query.filter(
            Condition::any()
                .add(event::Column::Timesort.gt(at))
                .add(Condition::all().add(event::Column::Timesort.eq(at)).add(event::Column::Id.gt(last.id))),
        );
    }
    let rows = query
        .order_by_asc(event::Column::Timesort)
        .order_by_asc(event::Column::Id)
        .limit(SCAN)
        .all(&db)
        .await?;
    let search = search.map(str::to_lowercase).filter(|s| !s.is_empty());
    let rows: Vec<event::Model> =
        rows.into_iter().filter(|e| search.as_ref().is_none_or(|s| e.name.to_lowercase().contains(s))).collect();
    Ok(export(call, rows).await?.into_iter().filter(|e| e.isactionevent).take(limit).collect())
}

/// Adds an activity's event (an assignment's due date, a quiz's opening or closing) to its
/// course's calendar.
#[allow(clippy::too_many_arguments)]
pub async fn add_activity_event<C: sea_orm::ConnectionTrait>(
    db: &C,
    courseid: i64,
    userid: i64,
    kind: ModType,
    instance: i64,
    eventtype: &str,
    name: String,
    time: i64,
    visible: bool,
) -> Result<(), ApiError> {
    use sea_orm::ActiveModelTrait;
    use sea_orm::ActiveValue::{NotSet, Set};
    event::ActiveModel {
        id: NotSet,
        name: Set(name),
        description: Set(String::new()),
        format: Set(1),
        categoryid: Set(0),
        courseid: Set(courseid),
        groupid: Set(0),
        userid: Set(userid),
        repeatid: Set(0),
        component: Set(Some(kind.component())),
        modulename: Set(kind.name().into()),
        instance: Set(instance),
        eventtype: Set(eventtype.into()),
        timestart: Set(time),
        timeduration: Set(0),
        timesort: Set(Some(time)),
        visible: Set(i32::from(visible)),
        location: Set(String::new()),
        timemodified: Set(lmsgate_entities::now()),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// The course filter Moodle's calendar pages show, as HTML: "All courses" and the caller's
/// courses, `selected` chosen.
pub async fn filter_selector(call: &Call<'_>, id: &str, selected: i64) -> Result<String, ApiError> {
    let mine: Vec<i64> = call.my_courses().await?.iter().copied().collect();
    let courses = match mine.is_empty() {
        true => Vec::new(),
        false => course::Entity::find()
            .filter(course::Column::Id.is_in(mine))
            .order_by_asc(course::Column::Fullname)
            .all(&call.db())
            .await?,
    };
    let option = |value: i64, name: &str| {
        let chosen = if value == selected { " selected=\"selected\"" } else { "" };
        format!("<option{chosen} value=\"{value}\">{}</option>", crate::common::escape_html(name))
    };
    let mut html = format!(
        "<label class=\"sr-only\" for=\"{id}\">List of courses</label><select class=\"select custom-select cal_courses_flt ms-1 me-auto me-2 mb-2\" id=\"{id}\" name=\"course\">{}",
        option(ids::SITE_COURSE, "All courses")
    );
    for c in courses {
        html.push_str(&option(c.id, &c.fullname));
    }
    html.push_str("</select>");
    Ok(html)
}

/// The context new events default to in the calendar: the site course's.
pub async fn default_event_context(call: &Call<'_>) -> Result<i64, ApiError> {
    let path = call.state.context_path(contextlevel::COURSE, ids::SITE_COURSE).await?;
    Ok(path.and_then(|p| p.last().copied()).unwrap_or(ids::SYSTEM_CONTEXT))
}
