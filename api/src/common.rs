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
