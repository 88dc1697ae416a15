//! core_calendar_get_calendar_events: events by id, course, group and category, with the
//! caller's own and the site's, in a time window (Moodle's older calendar function). Courses
//! the caller cannot enter and events they may not see are warnings.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course, event, ids, seed};

use super::event::LegacyEvent;
use super::store::{self, Sight};
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetCalendarEvents;

/// The most events one call returns.
const MAX_EVENTS: u64 = 1000;

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_calendar_events_params", deny_unknown_fields)]
pub struct Params {
    /// Which events.
    #[oai(default)]
    pub events: Which,
    /// Which others, and when.
    #[oai(default)]
    pub options: Window,
}

#[derive(Debug, Object, Default)]
#[oai(rename = "core_calendar_get_calendar_events_which", deny_unknown_fields)]
pub struct Which {
    /// These events.
    #[oai(default, validator(max_items = 1000))]
    pub eventids: Vec<i64>,
    /// These courses' events.
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
    /// These groups' events.
    #[oai(default, validator(max_items = 1000))]
    pub groupids: Vec<i64>,
    /// These categories' events.
    #[oai(default, validator(max_items = 1000))]
    pub categoryids: Vec<i64>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_events_options", deny_unknown_fields)]
pub struct Window {
    /// Include the caller's own events.
    #[oai(default = "yes")]
    pub userevents: bool,
    /// Include the site's events.
    #[oai(default = "yes")]
    pub siteevents: bool,
    /// Events starting at or after this time (Unix time).
    #[oai(default)]
    pub timestart: i64,
    /// Events starting at or before this time (Unix time; 0 for no end).
    #[oai(default)]
    pub timeend: i64,
    /// Leave hidden events out.
    #[oai(default = "yes")]
    pub ignorehidden: bool,
}

impl Default for Window {
    fn default() -> Self {
        Self { userevents: true, siteevents: true, timestart: 0, timeend: 0, ignorehidden: true }
    }
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_events_returns")]
pub struct Found {
    /// The events, by start.
    pub events: Vec<LegacyEvent>,
    /// Courses and events refused.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetCalendarEvents {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_calendar_events",
        summary: "Get calendar events",
        description: "Return the events asked for (by id, course, group, category; the caller's own and the site's unless turned off) that start in the window and that the caller may see, at most 1000. Courses the caller cannot enter and events they may not see are warnings.",
        checks: &[
            cap::CALENDAR_MANAGEENTRIES,
            cap::CALENDAR_MANAGEOWNENTRIES,
            cap::CALENDAR_MANAGEGROUPENTRIES,
            cap::SITE_ACCESSALLGROUPS,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"events":{"courseids":[2]},"options":{"timestart":1796000000}}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Found;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Found, ApiError> {
        let mut warnings = Vec::new();
        let mut courses = Vec::new();
        let found = match p.events.courseids.is_empty() {
            true => Vec::new(),
            false => course::Entity::find()
                .filter(course::Column::Id.is_in(p.events.courseids.iter().copied()))
                .all(&call.db())
                .await?,
        };
        for id in &p.events.courseids {
            let entered = match found.iter().find(|c| c.id == *id) {
                Some(c) => match call.state.context_path(contextlevel::COURSE, c.id).await? {
                    Some(path) => call.can_enter(c, &path).await?,
                    None => false,
                },
                None => false,
            };
            match entered {
                true => courses.push(*id),
                false => warnings.push(Warning::new("course", *id, "nopermissions", "No access rights in course context")),
            }
        }
        let me = call.caller.user().id;
        let mut any = Condition::any();
        if !p.events.eventids.is_empty() {
            any = any.add(event::Column::Id.is_in(p.events.eventids.iter().copied()));
        }
        if !courses.is_empty() {
            any = any.add(Condition::all().add(event::Column::Courseid.is_in(courses)).add(event::Column::Groupid.eq(0)));
        }
        if !p.events.groupids.is_empty() {
            any = any.add(event::Column::Groupid.is_in(p.events.groupids.iter().copied()));
        }
        if !p.events.categoryids.is_empty() {
            any = any.add(
                Condition::all()
                    .add(event::Column::Categoryid.is_in(p.events.categoryids.iter().copied()))
                    .add(event::Column::Courseid.eq(0)),
            );
        }
        if p.options.userevents {
            any = any.add(
                Condition::all()
                    .add(event::Column::Userid.eq(me))
                    .add(event::Column::Courseid.eq(0))
                    .add(event::Column::Categoryid.eq(0))
                    .add(event::Column::Groupid.eq(0)),
            );
        }
        if p.options.siteevents {
            any = any.add(Condition::all().add(event::Column::Courseid.eq(ids::SITE_COURSE)).add(event::Column::Groupid.eq(0)));
        }
        if any.is_empty() {
            return Ok(Found { events: Vec::new(), warnings });
        }
        let mut query = event::Entity::find().filter(any).filter(event::Column::Timestart.gte(p.options.timestart));
        if p.options.timeend > 0 {
            query = query.filter(event::Column::Timestart.lte(p.options.timeend));
        }
        if p.options.ignorehidden {
            query = query.filter(event::Column::Visible.eq(1));
        }
        let rows = query
            .order_by_asc(event::Column::Timestart)
            .order_by_asc(event::Column::Id)
            .limit(MAX_EVENTS)
            .all(&call.db())
            .await?;
        let sight = Sight::load(call).await?;
        let mut events = Vec::with_capacity(rows.len());
        for e in rows {
            if sight.sees(&e) || store::can_edit(call, &e).await? {
                events.push(LegacyEvent::of(&e, 1));
            } else {
                warnings.push(Warning {
                    item: Some(e.id.to_string()),
                    itemid: None,
                    warningcode: "nopermissions".into(),
                    message: "you do not have permissions to view this event".into(),
                });
            }
        }
        Ok(Found { events, warnings })
    }
}
