//! What the assignment functions share: the assignment of an activity, and submissions as
//! Moodle describes them (with their plugins: online text, files, comments).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use lmsgate_entities::{assign, assign_submission};

use std::collections::HashMap;

use crate::common::ExternalFile;
use crate::core_course::activities::{Activity, Instance, external_file};
use crate::core_files::area;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, code};

/// The assignment record of an activity.
pub fn assignment(a: &Activity) -> Result<&assign::Model, ApiError> {
    match &a.instance {
        Instance::Assign(x) => Ok(x),
        _ => Err(code::INVALID_RECORD.with("assign")),
    }
}

/// A file area of a submission plugin.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_plugin_filearea")]
pub struct FileArea {
    /// Area name.
    pub area: String,
    /// Its files.
    pub files: Option<Vec<ExternalFile>>,
}

/// An editor field of a submission plugin.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_plugin_editorfield")]
pub struct EditorField {
    /// Field name.
    pub name: String,
    /// What it holds.
    pub description: String,
    /// The text.
    pub text: String,
    /// Its format.
    pub format: i32,
}

/// A submission or feedback plugin's data.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_plugin", skip_serializing_if_is_none)]
pub struct Plugin {
    /// Plugin type, e.g. `onlinetext`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Plugin name.
    pub name: String,
    /// Its file areas.
    pub fileareas: Option<Vec<FileArea>>,
    /// Its editor fields.
    pub editorfields: Option<Vec<EditorField>>,
}

/// A submission as Moodle describes it.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_submission", skip_serializing_if_is_none)]
pub struct Submission {
    /// Submission id.
    pub id: i64,
    /// Student id.
    pub userid: i64,
    /// Attempt number (from 0).
    pub attemptnumber: i32,
    /// Created (Unix time).
    pub timecreated: i64,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// When a timed attempt started (assignments here have no time limit).
    pub timestarted: Option<OrNull<i64>>,
    /// `new`, `draft` or `submitted`.
    pub status: String,
    /// Group of a team submission (0).
    pub groupid: i64,
    /// Assignment id.
    pub assignment: Option<i64>,
    /// 1 for the latest attempt.
    pub latest: Option<i32>,
    /// The plugins' data.
    pub plugins: Option<Vec<Plugin>>,
    /// `graded` or `notgraded`.
    pub gradingstatus: Option<String>,
}

impl Submission {
    /// A stored submission with its files; `full` adds the assignment and latest flags (as the
    /// status answer has).
    pub fn from_row(
        s: &assign_submission::Model,
        x: &assign::Model,
        files: Vec<ExternalFile>,
        graded: bool,
        full: bool,
    ) -> Self {
        Self {
            id: s.id,
            userid: s.userid,
            attemptnumber: s.attemptnumber,
            timecreated: s.timecreated,
            timemodified: s.timemodified,
            timestarted: Some(OrNull(None)),
            status: s.status.clone(),
            groupid: 0,
            assignment: full.then_some(s.assignment),
            latest: full.then_some(s.latest),
            plugins: Some(plugins(x, Some(s), files)),
            gradingstatus: Some(grading_status(graded).into()),
        }
    }
}

/// The submission plugins of an assignment with a submission's data and files.
pub fn plugins(x: &assign::Model, s: Option<&assign_submission::Model>, files: Vec<ExternalFile>) -> Vec<Plugin> {
    let mut out = Vec::new();
    if x.onlinetext != 0 {
        out.push(Plugin {
            kind: "onlinetext".into(),
            name: "Online text".into(),
            fileareas: Some(vec![FileArea { area: "submissions_onlinetext".into(), files: Some(Vec::new()) }]),
            editorfields: Some(vec![EditorField {
                name: "onlinetext".into(),
                description: "Online text submissions".into(),
                text: s.map(|s| s.onlinetext.clone()).unwrap_or_default(),
                format: s.map(|s| s.onlineformat).unwrap_or(0),
            }]),
        });
    }
    if x.maxfilesubmissions > 0 {
        out.push(Plugin {
            kind: "file".into(),
            name: "File submissions".into(),
            fileareas: Some(vec![FileArea { area: SUBMISSION_FILES.into(), files: Some(files) }]),
            editorfields: None,
        });
    }
    out.push(Plugin { kind: "comments".into(), name: "Submission comments".into(), fileareas: None, editorfields: None });
    out
}

pub fn grading_status(graded: bool) -> &'static str {
    if graded { "graded" } else { "notgraded" }
}

/// The file area of submitted files (item: the submission id).
pub const SUBMISSION_FILES: &str = "submission_files";

/// The files of some submissions, as the answers list them, by submission id.
pub async fn submission_files<C: ConnectionTrait>(
    db: &C,
    www: &str,
    contextid: i64,
    submissions: &[i64],
) -> Result<HashMap<i64, Vec<ExternalFile>>, ApiError> {
    Ok(area::files_by_item(db, contextid, "mod_assign", SUBMISSION_FILES, submissions)
        .await?
        .into_iter()
        .map(|(id, files)| (id, files.iter().map(|f| external_file(www, f.itemid, f)).collect()))
        .collect())
}

/// The latest submission of each of some users (all users when `users` is `None`).
pub async fn latest_submissions<C: ConnectionTrait>(
    db: &C,
    assignment: i64,
    users: Option<&[i64]>,
) -> Result<Vec<assign_submission::Model>, ApiError> {
    let mut query = assign_submission::Entity::find()
        .filter(assign_submission::Column::Assignment.eq(assignment))
        .filter(assign_submission::Column::Latest.eq(1))
        .order_by_asc(assign_submission::Column::Userid);
    if let Some(users) = users {
        if users.is_empty() {
            return Ok(Vec::new());
        }
        query = query.filter(assign_submission::Column::Userid.is_in(users.iter().copied()));
    }
    Ok(query.all(db).await?)
}

/// Whether students may work on their submissions now.
pub fn open_for_submissions(x: &assign::Model, t: i64) -> bool {
    x.allowsubmissionsfromdate <= t && (x.cutoffdate == 0 || x.cutoffdate > t)
}
