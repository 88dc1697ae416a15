//! Structures shared by several functions.
use poem_openapi::Object;

/// Moodle's `external_warnings` item: a per-item problem that did not fail the call.
#[derive(Debug, Clone, Object)]
#[oai(skip_serializing_if_is_none)]
pub struct Warning {
    /// What the warning is about, e.g. `user`.
    pub item: Option<String>,
    /// Id of that item.
    pub itemid: Option<i64>,
    /// Machine-readable code, e.g. `invaliduserid`.
    pub warningcode: String,
    /// Human-readable message.
    pub message: String,
}

impl Warning {
    pub fn new(item: &str, itemid: i64, warningcode: &str, message: impl Into<String>) -> Self {
        Self { item: Some(item.into()), itemid: Some(itemid), warningcode: warningcode.into(), message: message.into() }
    }
}

/// A custom field's value as Moodle exports it (courses, cohorts, groups). lmsgate sites define
/// no custom fields yet, so lists of these are empty.
#[derive(Debug, Clone, Object)]
#[oai(rename = "core_customfield_data")]
pub struct CustomFieldData {
    /// Field name.
    pub name: String,
    /// Field short name.
    pub shortname: String,
    /// Field type, e.g. `text`.
    #[oai(rename = "type")]
    pub kind: String,
    /// Stored value.
    pub valueraw: String,
    /// Value to display.
    pub value: String,
}

/// A custom field's value as functions take it.
#[derive(Debug, Clone, Object)]
#[oai(rename = "core_customfield_value", deny_unknown_fields)]
pub struct CustomFieldValue {
    /// Field short name.
    #[oai(validator(max_length = 255))]
    pub shortname: crate::framework::types::AlphanumExt,
    /// Value.
    pub value: String,
}

/// Moodle's `external_files` item: a stored file as functions list it.
#[derive(Debug, Object)]
#[oai(rename = "core_external_file", skip_serializing_if_is_none)]
pub struct ExternalFile {
    /// File name.
    pub filename: Option<String>,
    /// File path.
    pub filepath: Option<String>,
    /// File size.
    pub filesize: Option<i64>,
    /// Download URL.
    pub fileurl: Option<String>,
    /// Last modified (Unix time).
    pub timemodified: Option<i64>,
    /// MIME type.
    pub mimetype: Option<String>,
    /// Whether it is an external file.
    pub isexternalfile: Option<bool>,
    /// Repository of an external file.
    pub repositorytype: Option<String>,
    /// Path of the file type's icon.
    pub icon: Option<String>,
}

/// What Moodle's `view_*` functions answer: `status` true, and warnings.
#[derive(Debug, Object)]
#[oai(rename = "core_status_warnings")]
pub struct StatusWithWarnings {
    /// True when it was recorded.
    pub status: bool,
    /// Per-item problems (none so far).
    pub warnings: Vec<Warning>,
}

impl StatusWithWarnings {
    pub fn ok() -> Self {
        Self { status: true, warnings: Vec::new() }
    }
}

/// Languages installed on this site.
pub const LANGS: &[&str] = &["en"];
/// Themes installed on this site.
pub const THEMES: &[&str] = &["boost", "classic"];
/// Calendar types installed on this site.
pub const CALENDARS: &[&str] = &["gregorian"];
/// Authentication plugins accounts may use (Moodle excludes `mnet` and `webservice` here).
pub const AUTHS: &[&str] = &["manual", "nologin", "email"];

/// Text made safe inside HTML (and its attributes), as Moodle's `s()`.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
