//! core_course_get_enrolled_courses_by_timeline_classification: the caller's courses in one of
//! My courses' groups: in progress, future, past, starred, hidden, or all.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{now, seed};

use super::exported::ExportedCourse;
use super::my_courses;
use crate::framework::types::{Alpha, AlphanumExt};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetEnrolledCoursesByTimelineClassification;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_enrolled_courses_by_timeline_classification_params", deny_unknown_fields)]
pub struct Params {
    /// `inprogress`, `future`, `past`, `favourites`, `hidden`, `all` or `allincludinghidden`.
    pub classification: Alpha,
    /// How many (0 for all).
    #[oai(default, validator(minimum(value = "0")))]
    pub limit: u64,
    /// How many to skip.
    #[oai(default, validator(minimum(value = "0")))]
    pub offset: u64,
    /// `fullname`, `shortname` or `ul.timeaccess desc`.
    #[oai(validator(max_length = 255))]
    pub sort: Option<String>,
    /// Custom field (no custom fields exist on lmsgate sites).
    pub customfieldname: Option<AlphanumExt>,
    /// Custom field value.
    pub customfieldvalue: Option<String>,
    /// Text the course's names must contain.
    #[oai(validator(max_length = 255))]
    pub searchvalue: Option<String>,
    /// Only these fields (all when empty).
    #[oai(default)]
    pub requiredfields: Vec<AlphanumExt>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_get_enrolled_courses_by_timeline_classification_returns")]
pub struct Classified {
    /// The courses.
    pub courses: Vec<ExportedCourse>,
    /// The offset of the next page.
    pub nextoffset: i64,
}

impl ExternalFunction for GetEnrolledCoursesByTimelineClassification {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_enrolled_courses_by_timeline_classification",
        summary: "Get the caller's courses in one of My courses' groups",
        description: "List the caller's courses that are in progress, future or past (by start and end date), starred, hidden, or all, as My courses does.",
        ajax: true,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"classification":"inprogress","limit":0,"offset":0,"sort":"fullname"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Classified;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Classified, ApiError> {
        let t = now();
        let class = p.classification.0.as_str();
        let started = |c: &lmsgate_entities::course::Model| c.startdate <= t;
        let ended = |c: &lmsgate_entities::course::Model| c.enddate != 0 && c.enddate < t;
        let keep: fn(&my_courses::Mine, bool, bool) -> bool = match class {
            "inprogress" => |m, started, ended| !m.extra.hidden && started && !ended,
            "future" => |m, started, _| !m.extra.hidden && !started,
            "past" => |m, _, ended| !m.extra.hidden && ended,
            "favourites" => |m, _, _| !m.extra.hidden && m.extra.favourite,
            "hidden" => |m, _, _| m.extra.hidden,
            "all" => |m, _, _| !m.extra.hidden,
            "allincludinghidden" => |_, _, _| true,
            _ => return Err(code::INVALID_PARAMETER.err().with_debuginfo("Invalid classification")),
        };
        let mut list = my_courses::load(call, call.caller.user().id).await?;
        let search = p.searchvalue.as_deref().map(str::to_lowercase).filter(|s| !s.is_empty());
        list.retain(|m| {
            keep(m, started(&m.course), ended(&m.course))
                && search.as_ref().is_none_or(|s| {
                    m.course.fullname.to_lowercase().contains(s) || m.course.shortname.to_lowercase().contains(s)
                })
        });
        my_courses::sort(&mut list, p.sort.as_deref());
        let total = list.len() as u64;
        let take = if p.limit == 0 { total } else { p.limit };
        let www = &call.state.settings.wwwroot;
        let courses: Vec<ExportedCourse> =
            list.into_iter().skip(p.offset as usize).take(take as usize).map(|m| m.export(www)).collect();
        let nextoffset = (p.offset + courses.len() as u64) as i64;
        Ok(Classified { courses, nextoffset })
    }
}
