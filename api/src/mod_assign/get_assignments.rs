//! mod_assign_get_assignments: the assignments of courses (the caller's by default) with their
//! settings, as the app reads them before opening one.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, course, seed};

use super::store::assignment;
use crate::common::{ExternalFile, Warning};
use crate::core_course::activities::{ModType, by_courses};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetAssignments;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_get_assignments_params", deny_unknown_fields)]
pub struct Params {
    /// Courses (none: the caller's), at most 1,000.
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
    /// Only assignments where the caller has all these capabilities.
    #[oai(default, validator(max_items = 50))]
    pub capabilities: Vec<String>,
    /// Also courses the caller can enter without being enrolled.
    #[oai(default)]
    pub includenotenrolledcourses: bool,
}

/// An assignment setting of a plugin.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_config", skip_serializing_if_is_none)]
pub struct Config {
    /// Submission id.
    pub id: Option<i64>,
    /// Assignment id.
    pub assignment: Option<i64>,
    /// Plugin.
    pub plugin: String,
    /// Subtype.
    pub subtype: String,
    /// Submission plugin name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// An assignment and its settings.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_assignment", skip_serializing_if_is_none)]
pub struct Assignment {
    /// Submission id.
    pub id: i64,
    /// Course module id.
    pub cmid: i64,
    /// Course id.
    pub course: i64,
    /// Submission plugin name.
    pub name: String,
    /// No submissions.
    pub nosubmissions: i32,
    /// Submissions drafts.
    pub submissiondrafts: i32,
    /// Send notifications.
    pub sendnotifications: i32,
    /// Send notifications.
    pub sendlatenotifications: i32,
    /// Send student notifications (default).
    pub sendstudentnotifications: i32,
    /// Assignment due date.
    pub duedate: i64,
    /// Allow submissions from date.
    pub allowsubmissionsfromdate: i64,
    /// Grade information.
    pub grade: i64,
    /// Submission last modified time.
    pub timemodified: i64,
    /// If enabled, set activity as complete following submission.
    pub completionsubmit: i32,
    /// Date after which submission is not accepted without an extension.
    pub cutoffdate: i64,
    /// The expected date for marking the submissions.
    pub gradingduedate: i64,
    /// Submission info.
    pub teamsubmission: i32,
    /// If enabled, all team members must submit.
    pub requireallteammemberssubmit: i32,
    /// The grouping id for the team submission groups.
    pub teamsubmissiongroupingid: i64,
    /// Whether blind marking is enabled.
    pub blindmarking: i32,
    /// If enabled, hide grader to student.
    pub hidegrader: i32,
    /// Show identities for a blind marking assignment.
    pub revealidentities: i32,
    /// Method used to control opening new attempts.
    pub attemptreopenmethod: String,
    /// Maximum number of attempts allowed.
    pub maxattempts: i32,
    /// Enable marking workflow.
    pub markingworkflow: i32,
    /// Enable marking allocation.
    pub markingallocation: i32,
    /// Enable marking anonymous.
    pub markinganonymous: i32,
    /// Student must accept submission statement.
    pub requiresubmissionstatement: i32,
    /// Prevent submission not in group.
    pub preventsubmissionnotingroup: Option<i32>,
    /// Submission statement formatted.
    pub submissionstatement: Option<String>,
    /// Submissionstatement format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub submissionstatementformat: Option<i32>,
    /// Configuration settings.
    pub configs: Vec<Config>,
    /// Intro attachments files.
    pub intro: Option<String>,
    /// Intro format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub introformat: Option<i32>,
    /// Files in the introduction text.
    pub introfiles: Option<Vec<ExternalFile>>,
    /// Intro attachments files.
    pub introattachments: Option<Vec<ExternalFile>>,
    /// Activity attachments files.
    pub activity: Option<String>,
    /// Activity format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub activityformat: Option<i32>,
    /// Files from activity field.
    pub activityattachments: Option<Vec<ExternalFile>>,
    /// Time limit for submission.
    pub timelimit: Option<i64>,
    /// Flag to only show files during submission.
    pub submissionattachments: Option<i32>,
}

/// A course and its assignments.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_course_assignments")]
pub struct CourseAssignments {
    /// Submission id.
    pub id: i64,
    /// Course full name.
    pub fullname: String,
    /// Course short name.
    pub shortname: String,
    /// Submission last modified time.
    pub timemodified: i64,
    /// Assignment info.
    pub assignments: Vec<Assignment>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_assign_get_assignments_returns")]
pub struct Assignments {
    /// One per course.
    pub courses: Vec<CourseAssignments>,
    /// Courses that were left out, and why.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetAssignments {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_get_assignments",
        summary: "Get the assignments of courses",
        description: "The assignments the caller may see in the named courses (none: their own), with their settings. A named course the caller is not enrolled in needs `includenotenrolledcourses`; `capabilities` keeps only assignments where the caller has them all.",
        checks: &[cap::ASSIGN_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2],"includenotenrolledcourses":true}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Assignments;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Assignments, ApiError> {
        if let Some((i, name)) =
            p.capabilities.iter().enumerate().find(|(_, c)| lmsgate_entities::capability_defs::lookup(c).is_none())
        {
            return Err(ApiError::invalid_parameter(format!("capabilities[{i}]: no capability \"{name}\"")));
        }
        let mut warnings = Vec::new();
        let mine = call.my_courses().await?.clone();
        let mut named = p.courseids.clone();
        named.dedup();
        if !p.includenotenrolledcourses {
            named.retain(|id| {
                let enrolled = mine.contains(id);
                if !enrolled {
                    warnings.push(Warning::new(
                        "course",
                        *id,
                        "1",
                        "User is not enrolled or does not have requested capability",
                    ));
                }
                enrolled
            });
            if named.is_empty() && !p.courseids.is_empty() {
                return Ok(Assignments { courses: Vec::new(), warnings });
            }
        }
        let (found, refused) = by_courses(call, &named, ModType::Assign).await?;
        let refused_ids: Vec<i64> = refused.iter().filter_map(|w| w.itemid).collect();
        warnings.extend(refused);
        let mut wanted: Vec<i64> = match named.is_empty() {
            true => mine.iter().copied().collect(),
            false => named,
        };
        wanted.retain(|id| !refused_ids.contains(id));
        wanted.sort_unstable();
        let courses: HashMap<i64, course::Model> = match wanted.is_empty() {
            true => HashMap::new(),
            false => course::Entity::find()
                .filter(course::Column::Id.is_in(wanted.iter().copied()))
                .all(&call.db())
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect(),
        };
        let mut by_course: HashMap<i64, Vec<Assignment>> = HashMap::new();
        'next: for (a, _) in &found {
            for name in &p.capabilities {
                if !call.can_named(name, &path_of(&a.context)).await? {
                    continue 'next;
                }
            }
            let x = assignment(a)?;
            by_course.entry(a.cm.course).or_default().push(Assignment {
                id: x.id,
                cmid: a.cm.id,
                course: x.course,
                name: x.name.clone(),
                nosubmissions: 0,
                submissiondrafts: x.submissiondrafts,
                sendnotifications: 0,
                sendlatenotifications: 0,
                sendstudentnotifications: x.sendstudentnotifications,
                duedate: x.duedate,
                allowsubmissionsfromdate: x.allowsubmissionsfromdate,
                grade: x.grade,
                timemodified: x.timemodified,
                completionsubmit: 0,
                cutoffdate: x.cutoffdate,
                gradingduedate: x.gradingduedate,
                teamsubmission: 0,
                requireallteammemberssubmit: 0,
                teamsubmissiongroupingid: 0,
                blindmarking: 0,
                hidegrader: 0,
                revealidentities: 0,
                attemptreopenmethod: "untilpass".into(),
                maxattempts: 1,
                markingworkflow: 0,
                markingallocation: 0,
                markinganonymous: 0,
                requiresubmissionstatement: 0,
                preventsubmissionnotingroup: Some(0),
                submissionstatement: None,
                submissionstatementformat: None,
                configs: configs(x),
                intro: Some(x.intro.clone()),
                introformat: Some(x.introformat),
                introfiles: Some(Vec::new()),
                introattachments: Some(Vec::new()),
                activity: None,
                activityformat: None,
                activityattachments: None,
                timelimit: Some(0),
                submissionattachments: Some(0),
            });
        }
        let courses = wanted
            .into_iter()
            .filter_map(|id| courses.get(&id))
            .map(|c| CourseAssignments {
                id: c.id,
                fullname: c.fullname.clone(),
                shortname: c.shortname.clone(),
                timemodified: c.timemodified,
                assignments: by_course.remove(&c.id).unwrap_or_default(),
            })
            .collect();
        Ok(Assignments { courses, warnings })
    }
}

/// The plugin settings Moodle lists for an assignment.
fn configs(x: &lmsgate_entities::assign::Model) -> Vec<Config> {
    let flag = |on: bool| if on { "1" } else { "0" }.to_string();
    let files = x.maxfilesubmissions > 0;
    [
        ("onlinetext", "assignsubmission", "enabled", flag(x.onlinetext != 0)),
        ("onlinetext", "assignsubmission", "wordlimit", "0".into()),
        ("onlinetext", "assignsubmission", "wordlimitenabled", "0".into()),
        ("file", "assignsubmission", "enabled", flag(files)),
        ("file", "assignsubmission", "maxfilesubmissions", x.maxfilesubmissions.to_string()),
        ("file", "assignsubmission", "maxsubmissionsizebytes", x.maxsubmissionsizebytes.to_string()),
        ("file", "assignsubmission", "filetypeslist", String::new()),
        ("comments", "assignsubmission", "enabled", "0".into()),
        ("comments", "assignfeedback", "enabled", "1".into()),
        ("comments", "assignfeedback", "commentinline", "0".into()),
    ]
    .into_iter()
    .map(|(plugin, subtype, name, value)| Config {
        id: None,
        assignment: None,
        plugin: plugin.into(),
        subtype: subtype.into(),
        name: name.into(),
        value,
    })
    .collect()
}
