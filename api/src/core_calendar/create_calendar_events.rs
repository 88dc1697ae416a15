//! core_calendar_create_calendar_events: new events: the caller's own (`user`), a course's, a
//! group's or the site's, each where the caller may manage entries; one the caller may not add
//! is a warning, the others are made. `repeats` makes weekly copies.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use validator::Validate;

use lmsgate_entities::{event, groups, ids, now, seed};

use super::event::LegacyEvent;
use super::store::{self, Level};
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct CreateCalendarEvents;

const WEEK: i64 = 7 * 86_400;

fn html() -> i64 {
    1
}
fn user() -> String {
    "user".into()
}
fn one() -> i64 {
    1
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_create_calendar_events_params", deny_unknown_fields)]
pub struct Params {
    /// The events, at most 100.
    #[oai(validator(max_items = 100))]
    pub events: Vec<NewEvent>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_new_event", deny_unknown_fields)]
pub struct NewEvent {
    /// Name.
    #[oai(validator(min_length = 1, max_length = 255))]
    pub name: String,
    /// Description (HTML).
    #[oai(validator(max_length = 65535))]
    pub description: Option<String>,
    /// Description format (1 HTML, the default).
    #[oai(default = "html", validator(minimum(value = "0"), maximum(value = "4")))]
    pub format: i64,
    /// The course, for a course or group event.
    #[oai(default)]
    pub courseid: i64,
    /// The group, for a group event.
    #[oai(default)]
    pub groupid: i64,
    /// How many weekly repeats (0 for none, at most 52).
    #[oai(default, validator(minimum(value = "0"), maximum(value = "52")))]
    pub repeats: i64,
    /// `user` (the default), `course`, `group` or `site`.
    #[oai(default = "user")]
    pub eventtype: String,
    /// Start (Unix time, at most the end of year 9999; now when absent).
    #[oai(validator(minimum(value = "0"), maximum(value = "253402300799")))]
    pub timestart: Option<i64>,
    /// Duration in seconds (at most 100 years).
    #[oai(default, validator(minimum(value = "0"), maximum(value = "3155760000")))]
    pub timeduration: i64,
    /// 1 visible (the default), 0 hidden.
    #[oai(default = "one", validator(minimum(value = "0"), maximum(value = "1")))]
    pub visible: i64,
    /// iCalendar sequence number.
    #[oai(default = "one")]
    pub sequence: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_create_calendar_events_returns")]
pub struct Created {
    /// The events made (each repeat too).
    pub events: Vec<LegacyEvent>,
    /// Events not made.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for CreateCalendarEvents {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_create_calendar_events",
        summary: "Create calendar events",
        description: "Create events: the caller's own (`user`, moodle/calendar:manageownentries), a course's or the site's (moodle/calendar:manageentries there) or a group's (moodle/calendar:managegroupentries, as a member). An event the caller may not add is a warning `nopermissions`.",
        kind: Kind::Write,
        checks: store::EVENT_CHECKS,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"events":[{"name":"Study group","eventtype":"user","timestart":1796149560,"timeduration":3600}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Created;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Created, ApiError> {
        let me = call.caller.user().id;
        let t = now();
        let (mut events, mut warnings) = (Vec::new(), Vec::new());
        for e in p.events {
            let (courseid, groupid) = match e.eventtype.as_str() {
                "site" => (ids::SITE_COURSE, 0),
                "course" => (e.courseid, 0),
                "group" => {
                    let group = groups::Entity::find_by_id(e.groupid).one(&call.db()).await?;
                    (group.map_or(0, |g| g.courseid), e.groupid)
                }
                _ => (0, 0),
            };
            let row = event::Model {
                id: 0,
                name: e.name.clone(),
                description: e.description.unwrap_or_default(),
                format: e.format as i32,
                categoryid: 0,
                courseid,
                groupid,
                userid: me,
                repeatid: 0,
                component: None,
                modulename: String::new(),
                instance: 0,
                eventtype: e.eventtype.clone(),
                timestart: e.timestart.unwrap_or(t),
                timeduration: e.timeduration,
                timesort: None,
                visible: e.visible as i32,
                location: String::new(),
                timemodified: t,
            };
            let known = ["site", "course", "group", "user"].contains(&e.eventtype.as_str())
                && (Level::of(&row) != Level::User || e.eventtype == "user")
                && (e.eventtype != "group" || courseid != 0);
            if !known || !store::can_edit(call, &row).await? {
                warnings.push(Warning {
                    item: Some(e.name),
                    itemid: None,
                    warningcode: "nopermissions".into(),
                    message: "you do not have permissions to create this event".into(),
                });
                continue;
            }
            let db = call.write().await?;
            let mut first: Option<event::Model> = None;
            for i in 0..=e.repeats {
                let mut copy = row.clone().into_active_model();
                copy.id = sea_orm::ActiveValue::NotSet;
                copy.timestart = Set(row.timestart + i * WEEK);
                copy.repeatid = Set(first.as_ref().map_or(0, |f| f.id));
                let made = copy.insert(&db).await?;
                if e.repeats > 0 && first.is_none() {
                    let mut head = made.clone().into_active_model();
                    head.repeatid = Set(made.id);
                    first = Some(head.update(&db).await?);
                    events.push(LegacyEvent::of(first.as_ref().expect("set"), e.sequence));
                } else {
                    events.push(LegacyEvent::of(&made, e.sequence));
                }
            }
        }
        Ok(Created { events, warnings })
    }
}
