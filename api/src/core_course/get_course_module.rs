//! core_course_get_course_module: one activity's course module record, for a caller who may open
//! it; the editing settings only to those with moodle/course:manageactivities.
use poem_openapi::Object;
use sea_orm::EntityTrait;
use validator::Validate;

use lmsgate_entities::{cap, course_modules, course_sections, seed};

use super::activities::openable_cm;
use crate::common::Warning;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetCourseModule;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_course_module_params", deny_unknown_fields)]
pub struct Params {
    /// Course module id.
    pub cmid: i64,
}

/// A course module record.
#[derive(Debug, Object)]
#[oai(rename = "core_course_course_module", skip_serializing_if_is_none)]
pub struct CourseModule {
    /// Course module id.
    pub id: i64,
    /// Course id.
    pub course: i64,
    /// Activity type id.
    pub module: i64,
    /// Name.
    pub name: String,
    /// Type, e.g. `resource`.
    pub modname: String,
    /// Instance id.
    pub instance: i64,
    /// Section id.
    pub section: i64,
    /// Section number.
    pub sectionnum: i32,
    /// Group mode.
    pub groupmode: i32,
    /// Grouping id.
    pub groupingid: i64,
    /// Completion tracking: 0 none, 1 manual, 2 automatic.
    pub completion: i32,
    /// Identifier in an external system (editors only).
    pub idnumber: Option<String>,
    /// When it was added (editors only).
    pub added: Option<i64>,
    /// Score (editors only).
    pub score: Option<i64>,
    /// Indentation (editors only).
    pub indent: Option<i32>,
    /// 1 visible (editors only).
    pub visible: Option<i32>,
    /// 1 shown on the course page (editors only).
    pub visibleoncoursepage: Option<i32>,
    /// Visibility before its section was hidden (editors only).
    pub visibleold: Option<i32>,
    /// Completion by grade item (editors only; none).
    pub completiongradeitemnumber: Option<i64>,
    /// Completion needs a passing grade (editors only).
    pub completionpassgrade: Option<i32>,
    /// Completion on view (editors only).
    pub completionview: Option<i32>,
    /// Expected completion date (editors only).
    pub completionexpected: Option<i64>,
    /// 1 when its description shows on the course page (editors only).
    pub showdescription: Option<i32>,
    /// 1 when its content can be downloaded.
    pub downloadcontent: Option<i32>,
    /// Availability conditions (editors only; none).
    pub availability: Option<String>,
    /// Maximum grade (graded activities).
    pub grade: Option<f64>,
    /// Scale (graded activities).
    pub scale: Option<String>,
    /// Passing grade (graded activities).
    pub gradepass: Option<String>,
    /// Grade category (graded activities).
    pub gradecat: Option<i64>,
    /// Advanced grading settings (graded activities).
    pub advancedgrading: Option<Vec<AdvancedGrading>>,
    /// Outcomes (graded activities).
    pub outcomes: Option<Vec<Outcome>>,
}

/// An advanced grading setting.
#[derive(Debug, Object)]
#[oai(rename = "core_course_advanced_grading")]
pub struct AdvancedGrading {
    /// Gradable area name.
    pub area: String,
    /// Grading method.
    pub method: String,
}

/// An outcome.
#[derive(Debug, Object)]
#[oai(rename = "core_course_outcome")]
pub struct Outcome {
    /// Outcome id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Scale items.
    pub scale: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_get_course_module_returns")]
pub struct Returns {
    /// The course module.
    pub cm: CourseModule,
    /// Warnings (none).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetCourseModule {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_course_module",
        summary: "Get an activity's course module record",
        description: "Return information about a course module",
        checks: &[
            cap::COURSE_MANAGEACTIVITIES,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"cmid":6}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let cm = course_modules::Entity::find_by_id(p.cmid)
            .one(&call.db())
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("course_modules").with_debuginfo(format!("cmid: no module {}", p.cmid)))?;
        describe(call, cm).await
    }
}

/// A course module the caller may open, as these functions describe it.
pub async fn describe(call: &Call<'_>, cm: course_modules::Model) -> Result<Returns, ApiError> {
        let db = call.db();
        let a = openable_cm(call, cm).await?;
        let editor = call.can(cap::COURSE_MANAGEACTIVITIES, &path_of(&a.context)).await?;
        let sectionnum =
            course_sections::Entity::find_by_id(a.cm.section).one(&db).await?.map_or(0, |s| s.section);
        let cm = &a.cm;
        let only = |v| editor.then_some(v);
        Ok(Returns {
            cm: CourseModule {
                id: cm.id,
                course: cm.course,
                module: cm.module,
                name: a.name().to_string(),
                modname: a.kind.name().into(),
                instance: cm.instance,
                section: cm.section,
                sectionnum,
                groupmode: cm.groupmode,
                groupingid: cm.groupingid,
                completion: cm.completion,
                idnumber: editor.then(|| cm.idnumber.clone()),
                added: editor.then_some(cm.added),
                score: editor.then_some(0),
                indent: only(cm.indent),
                visible: only(cm.visible),
                visibleoncoursepage: only(cm.visibleoncoursepage),
                visibleold: only(cm.visibleold),
                completiongradeitemnumber: None,
                completionpassgrade: only(0),
                completionview: only(cm.completionview),
                completionexpected: editor.then_some(cm.completionexpected),
                showdescription: only(cm.showdescription),
                downloadcontent: Some(1),
                availability: None,
                grade: None,
                scale: None,
                gradepass: None,
                gradecat: None,
                advancedgrading: None,
                outcomes: None,
            },
            warnings: Vec::new(),
        })
}
