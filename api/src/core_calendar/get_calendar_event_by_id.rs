//! core_calendar_get_calendar_event_by_id: one event the caller sees.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, event, seed};

use super::event::Event;
use super::store::{self, Sight};
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetCalendarEventById;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_get_calendar_event_by_id_params", deny_unknown_fields)]
pub struct Params {
    /// The event.
    pub eventid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_get_calendar_event_by_id_returns")]
pub struct OneEvent {
    /// The event.
    pub event: Event,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetCalendarEventById {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_get_calendar_event_by_id",
        summary: "Get a calendar event",
        description: "Return an event the caller sees (a site event, their own, or one of their courses', groups' or categories'); another is refused as Moodle refuses it (moodle/course:view).",
        ajax: true,
        checks: &[
            cap::CALENDAR_MANAGEENTRIES,
            cap::CALENDAR_MANAGEOWNENTRIES,
            cap::CALENDAR_MANAGEGROUPENTRIES,
            cap::SITE_ACCESSALLGROUPS,
            cap::COURSE_VIEW,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"eventid":4}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = OneEvent;

    async fn execute(call: &Call<'_>, p: Params) -> Result<OneEvent, ApiError> {
        let e = event::Entity::find_by_id(p.eventid)
            .one(&call.db())
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("event"))?;
        if !Sight::load(call).await?.sees(&e) && !store::can_edit(call, &e).await? {
            return Err(code::NO_PERMISSIONS.with("View courses without participation"));
        }
        let event = store::export(call, vec![e]).await?.remove(0);
        Ok(OneEvent { event, warnings: Vec::new() })
    }
}
