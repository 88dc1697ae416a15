//! The calendar event as Moodle's `events_exporter` describes it, shared by the calendar
//! functions.
use poem_openapi::Object;

use lmsgate_entities::event;

use crate::core_course::exported::ExportedCourse;
use crate::framework::types::OrNull;

/// Events and the ids that page them.
#[derive(Debug, Object)]
#[oai(rename = "core_calendar_events")]
pub struct Events {
    /// The events, by time.
    pub events: Vec<Event>,
    /// Id of the first event (0 when none).
    pub firstid: i64,
    /// Id of the last event (0 when none); pass it as `aftereventid` for the next page.
    pub lastid: i64,
}

impl Events {
    /// A page of events, with its first and last ids.
    pub fn page(events: Vec<Event>) -> Self {
        let (firstid, lastid) = (events.first().map_or(0, |e| e.id), events.last().map_or(0, |e| e.id));
        Self { events, firstid, lastid }
    }
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event", skip_serializing_if_is_none)]
pub struct Event {
    /// Event id.
    pub id: i64,
    /// Event name.
    pub name: String,
    /// Description (HTML).
    pub description: Option<String>,
    /// Description format (1 = HTML, 0 = MOODLE, 2 = PLAIN, 4 = MARKDOWN).
    pub descriptionformat: Option<i64>,
    /// Where it takes place.
    pub location: Option<String>,
    /// Category id, for a category event.
    pub categoryid: Option<i64>,
    /// Group id, for a group event.
    pub groupid: Option<i64>,
    /// Owner user id.
    pub userid: Option<i64>,
    /// Id of the first event of a repeating series.
    pub repeatid: Option<i64>,
    /// Number of events in the series.
    pub eventcount: Option<i64>,
    /// Component that made it, e.g. `mod_assign`.
    pub component: Option<String>,
    /// Activity module name, e.g. `assign`.
    pub modulename: Option<String>,
    /// Activity name.
    pub activityname: Option<String>,
    /// Activity text, e.g. "Assignment is due".
    pub activitystr: Option<String>,
    /// Activity instance id.
    pub instance: Option<i64>,
    /// Type: site, category, course, group, user, or an activity's (e.g. `due`).
    pub eventtype: String,
    /// Start (Unix time).
    pub timestart: i64,
    /// Duration in seconds.
    pub timeduration: i64,
    /// Time the event is sorted by (Unix time).
    pub timesort: i64,
    /// Midnight of the event's day in the user's time zone (Unix time).
    pub timeusermidnight: i64,
    /// 1 visible, 0 hidden.
    pub visible: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// Whether its action is overdue.
    pub overdue: Option<bool>,
    /// The event's icon.
    pub icon: EventIcon,
    /// Its category, for a category event.
    pub category: Option<EventCategory>,
    /// Its course, for a course event.
    pub course: Option<ExportedCourse>,
    /// The calendar subscription it came from.
    pub subscription: Option<EventSubscription>,
    /// Whether the caller may edit it.
    pub canedit: bool,
    /// Whether the caller may delete it.
    pub candelete: bool,
    /// URL to delete it.
    pub deleteurl: String,
    /// URL to edit it.
    pub editurl: String,
    /// URL to view it.
    pub viewurl: String,
    /// Its time, as HTML for display.
    pub formattedtime: String,
    /// Its location, as HTML for display.
    pub formattedlocation: String,
    /// Whether it asks the user to act.
    pub isactionevent: bool,
    /// Whether it is a course event.
    pub iscourseevent: bool,
    /// Whether it is a category event.
    pub iscategoryevent: bool,
    /// Group name, for a group event.
    pub groupname: Option<String>,
    /// Type as shown: site, category, course, group, user or other.
    pub normalisedeventtype: String,
    /// That type, in words.
    pub normalisedeventtypetext: String,
    /// What the user should do.
    pub action: Option<EventAction>,
    /// The activity's purpose (e.g. assessment).
    pub purpose: String,
    /// Whether the activity icon is branded.
    pub branded: Option<bool>,
    /// URL of the event or its activity.
    pub url: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event_action", skip_serializing_if_is_none)]
pub struct EventAction {
    /// Action name.
    pub name: String,
    /// Action URL.
    pub url: String,
    /// Number of items to act on.
    pub itemcount: i64,
    /// Whether it can be done now.
    pub actionable: bool,
    /// Whether the count is shown.
    pub showitemcount: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event_subscription", skip_serializing_if_is_none)]
pub struct EventSubscription {
    /// Whether the source is shown.
    pub displayeventsource: bool,
    /// Subscription name.
    pub subscriptionname: Option<String>,
    /// Subscription URL.
    pub subscriptionurl: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event_category", skip_serializing_if_is_none)]
pub struct EventCategory {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Idnumber.
    pub idnumber: OrNull<String>,
    /// Description.
    pub description: Option<String>,
    /// Parent.
    pub parent: i64,
    /// Coursecount.
    pub coursecount: i64,
    /// Visible.
    pub visible: i64,
    /// Timemodified.
    pub timemodified: i64,
    /// Depth.
    pub depth: i64,
    /// Nestedname.
    pub nestedname: String,
    /// Url.
    pub url: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event_icon", skip_serializing_if_is_none)]
pub struct EventIcon {
    /// Icon key.
    pub key: String,
    /// Icon component.
    pub component: String,
    /// Text alternative.
    pub alttext: String,
    /// Icon URL.
    pub iconurl: String,
    /// CSS class.
    pub iconclass: String,
}

/// An event as a day of a calendar view shows it.
#[derive(Debug, Object)]
#[oai(rename = "core_calendar_day_event", skip_serializing_if_is_none)]
pub struct DayEvent {
    #[oai(flatten)]
    pub event: Event,
    /// Whether this is the event's last day.
    pub islastday: bool,
    /// Name for the pop-up.
    pub popupname: String,
    /// Earliest day it may be moved to (Unix time).
    pub mindaytimestamp: Option<i64>,
    /// Why not earlier.
    pub mindayerror: Option<String>,
    /// Latest day it may be moved to (Unix time).
    pub maxdaytimestamp: Option<i64>,
    /// Why not later.
    pub maxdayerror: Option<String>,
    /// Whether the user may drag it to another day.
    pub draggable: bool,
}

impl From<Event> for DayEvent {
    fn from(event: Event) -> Self {
        let (popupname, draggable) = (event.name.clone(), event.canedit);
        Self {
            event,
            islastday: false,
            popupname,
            mindaytimestamp: None,
            mindayerror: None,
            maxdaytimestamp: None,
            maxdayerror: None,
            draggable,
        }
    }
}

/// An event as Moodle's older calendar functions return it: its row.
#[derive(Debug, Object)]
#[oai(rename = "core_calendar_legacy_event", skip_serializing_if_is_none)]
pub struct LegacyEvent {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Description format.
    pub format: i64,
    /// Course (1 for a site event, 0 for others).
    pub courseid: i64,
    /// Category, for a category event.
    pub categoryid: Option<i64>,
    /// Group.
    pub groupid: i64,
    /// Owner.
    pub userid: i64,
    /// First event of the series (0 for none).
    pub repeatid: i64,
    /// Activity module.
    pub modulename: Option<String>,
    /// Activity instance.
    pub instance: i64,
    /// Type.
    pub eventtype: String,
    /// Start (Unix time).
    pub timestart: i64,
    /// Duration in seconds.
    pub timeduration: i64,
    /// 1 visible.
    pub visible: i64,
    /// iCalendar UID.
    pub uuid: Option<String>,
    /// iCalendar sequence.
    pub sequence: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// Calendar subscription.
    pub subscriptionid: Option<i64>,
}

impl LegacyEvent {
    pub fn of(e: &event::Model, sequence: i64) -> Self {
        Self {
            id: e.id,
            name: e.name.clone(),
            description: Some(e.description.clone()),
            format: e.format.into(),
            courseid: e.courseid,
            categoryid: Some(e.categoryid),
            groupid: e.groupid,
            userid: e.userid,
            repeatid: e.repeatid,
            modulename: Some(e.modulename.clone()),
            instance: e.instance,
            eventtype: e.eventtype.clone(),
            timestart: e.timestart,
            timeduration: e.timeduration,
            visible: e.visible.into(),
            uuid: Some(String::new()),
            sequence,
            timemodified: e.timemodified,
            subscriptionid: None,
        }
    }
}
