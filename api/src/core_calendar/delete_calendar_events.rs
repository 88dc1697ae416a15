//! core_calendar_delete_calendar_events: events the caller may edit are deleted (with their
//! series when `repeat`); one the caller may not edit refuses the whole call.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{event, seed};

use super::store;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing, code};

pub struct DeleteCalendarEvents;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_calendar_delete_calendar_events_params", deny_unknown_fields)]
pub struct Params {
    /// The events, at most 100.
    #[oai(validator(max_items = 100))]
    pub events: Vec<Doomed>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_calendar_event_to_delete", deny_unknown_fields)]
pub struct Doomed {
    /// The event.
    pub eventid: i64,
    /// Delete its whole series.
    pub repeat: bool,
}

impl ExternalFunction for DeleteCalendarEvents {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_calendar_delete_calendar_events",
        summary: "Delete calendar events",
        description: "Delete events the caller may edit (and their series with `repeat`). An event that does not exist is `invalidrecord`; one the caller may not edit is `nopermissions`, and nothing is deleted.",
        kind: Kind::Write,
        ajax: true,
        checks: store::EVENT_CHECKS,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"events":[{"eventid":4,"repeat":false}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        for (i, d) in p.events.iter().enumerate() {
            let e = event::Entity::find_by_id(d.eventid)
                .one(&call.db())
                .await?
                .ok_or_else(|| code::INVALID_RECORD.with("event").with_debuginfo(format!("events[{i}].eventid")))?;
            if !store::can_edit(call, &e).await? {
                return Err(code::NO_PERMISSIONS.with("Delete event"));
            }
            let mut doomed = Condition::any().add(event::Column::Id.eq(e.id));
            if d.repeat && e.repeatid != 0 {
                doomed = doomed.add(event::Column::Repeatid.eq(e.repeatid));
            }
            event::Entity::delete_many().filter(doomed).exec(&call.write().await?).await?;
        }
        Ok(Nothing)
    }
}
