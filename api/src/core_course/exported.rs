//! A course as Moodle's `course_summary_exporter` shows it (the Dashboard's and My courses'
//! lists, calendar events' courses).
use poem_openapi::Object;

use lmsgate_entities::course;

use crate::framework::types::OrNull;

/// Moodle's `course_summary_exporter`.
#[derive(Debug, Object)]
#[oai(rename = "core_course_exported", skip_serializing_if_is_none)]
pub struct ExportedCourse {
    /// Id.
    pub id: i64,
    /// Fullname.
    pub fullname: String,
    /// Shortname.
    pub shortname: String,
    /// Idnumber.
    pub idnumber: String,
    /// Summary.
    pub summary: OrNull<String>,
    /// Summary format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub summaryformat: Option<i64>,
    /// Startdate.
    pub startdate: i64,
    /// Enddate.
    pub enddate: i64,
    /// Visible.
    pub visible: bool,
    /// Showactivitydates.
    pub showactivitydates: OrNull<bool>,
    /// Showcompletionconditions.
    pub showcompletionconditions: OrNull<bool>,
    /// Pdfexportfont.
    pub pdfexportfont: OrNull<String>,
    /// Fullnamedisplay.
    pub fullnamedisplay: String,
    /// Viewurl.
    pub viewurl: String,
    /// Courseimage.
    pub courseimage: String,
    /// Progress.
    pub progress: Option<i64>,
    /// Hasprogress.
    pub hasprogress: bool,
    /// Isfavourite.
    pub isfavourite: bool,
    /// Hidden.
    pub hidden: bool,
    /// Timeaccess.
    pub timeaccess: Option<i64>,
    /// Showshortname.
    pub showshortname: bool,
    /// Coursecategory.
    pub coursecategory: String,
}


/// What a caller knows of the course beyond its row.
#[derive(Debug, Default, Clone)]
pub struct Extra {
    pub favourite: bool,
    pub hidden: bool,
    pub timeaccess: Option<i64>,
    pub category: String,
}

impl ExportedCourse {
    pub fn of(c: &course::Model, www: &str, extra: Extra) -> Self {
        Self {
            id: c.id,
            fullname: c.fullname.clone(),
            shortname: c.shortname.clone(),
            idnumber: c.idnumber.clone(),
            summary: OrNull(Some(c.summary.clone())),
            summaryformat: Some(c.summaryformat.into()),
            startdate: c.startdate,
            enddate: c.enddate,
            visible: c.visible != 0,
            showactivitydates: OrNull(Some(c.showactivitydates != 0)),
            showcompletionconditions: OrNull(Some(c.showcompletionconditions != 0)),
            pdfexportfont: OrNull(Some(String::new())),
            fullnamedisplay: c.fullname.clone(),
            viewurl: format!("{www}/course/view.php?id={}", c.id),
            courseimage: course_image(c.id),
            progress: None,
            hasprogress: false,
            isfavourite: extra.favourite,
            hidden: extra.hidden,
            timeaccess: extra.timeaccess,
            showshortname: false,
            coursecategory: extra.category,
        }
    }
}

/// Moodle's generated course image: a tile in a colour of the course's own.
pub fn course_image_svg(courseid: i64) -> String {
    let hue = (courseid * 47).rem_euclid(360);
    format!(
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"320\"><rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"hsl({hue}, 60%, 75%)\" /></svg>"
    )
}

/// The generated image inline, as Moodle's course exporter gives it (calendar, timeline).
pub fn course_image(courseid: i64) -> String {
    use base64::Engine;
    format!("data:image/svg+xml;base64,{}", base64::engine::general_purpose::STANDARD.encode(course_image_svg(courseid)))
}

/// The generated image as a file, as `core_enrol_get_users_courses` and
/// `core_course_get_courses_by_field` link it: `pluginfile.php/<course context>/course/generated/course.svg`.
pub fn generated_image_url(wwwroot: &str, course_contextid: i64) -> String {
    format!("{wwwroot}/pluginfile.php/{course_contextid}/course/generated/course.svg")
}
