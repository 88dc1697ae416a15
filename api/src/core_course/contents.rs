//! The shapes of `core_course_get_contents`: a section and its activities as Moodle 4.5 sends
//! them (`core_course_get_contents_returns`).
use poem_openapi::Object;

use crate::framework::types::OrNull;

/// An activity in a section.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module", skip_serializing_if_is_none)]
pub struct Module {
    /// Course module id.
    pub id: i64,
    /// The activity's page (absent for types without one, such as labels).
    pub url: Option<String>,
    /// Activity name.
    pub name: String,
    /// Instance id in the type's table.
    pub instance: Option<i64>,
    /// The activity's context.
    pub contextid: Option<i64>,
    /// Description shown on the course page (labels, and activities that show theirs).
    pub description: Option<String>,
    /// 1 visible, 0 hidden.
    pub visible: Option<i32>,
    /// Whether the caller can open it.
    pub uservisible: Option<bool>,
    /// Why it is restricted (none: availability conditions are not used).
    pub availabilityinfo: Option<String>,
    /// 1 when shown on the course page.
    pub visibleoncoursepage: Option<i32>,
    /// The type's icon.
    pub modicon: String,
    /// Type, e.g. `page`.
    pub modname: String,
    /// The type's purpose, e.g. `content`.
    pub purpose: String,
    /// Whether the icon is a brand's.
    pub branded: Option<bool>,
    /// The type's plural name.
    pub modplural: String,
    /// Availability conditions (JSON; none).
    pub availability: Option<String>,
    /// Indentation on the course page.
    pub indent: i32,
    /// JavaScript run on click (URLs that open in a new window).
    pub onclick: Option<String>,
    /// HTML after the link.
    pub afterlink: OrNull<String>,
    /// A badge shown next to the name (none).
    pub activitybadge: Option<ActivityBadge>,
    /// Type-specific data (JSON).
    pub customdata: Option<String>,
    /// Whether the activity has no page of its own.
    pub noviewlink: Option<bool>,
    /// Completion tracking: 0 none, 1 manual, 2 automatic.
    pub completion: Option<i32>,
    /// The caller's completion of it (when tracked).
    pub completiondata: Option<CompletionData>,
    /// 1 when its content can be downloaded.
    pub downloadcontent: Option<i32>,
    /// Dates to show (opens, due, ...).
    pub dates: Vec<ActivityDate>,
    /// Group mode.
    pub groupmode: Option<i32>,
    /// Files and links of the activity (absent with `excludecontents`... except as `[]`).
    pub contents: Option<Vec<Content>>,
    /// A summary of `contents`.
    pub contentsinfo: Option<ContentsInfo>,
}

/// A badge next to an activity's name.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_badge", skip_serializing_if_is_none)]
pub struct ActivityBadge {
    /// Badge text.
    pub badgecontent: Option<String>,
    /// Badge style.
    pub badgestyle: Option<String>,
    /// Badge link.
    pub badgeurl: Option<String>,
    /// Badge element id.
    pub badgeelementid: Option<String>,
    /// Extra HTML attributes.
    pub badgeextraattributes: Option<Vec<BadgeAttribute>>,
}

/// An extra HTML attribute of a badge.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_badge_attribute", skip_serializing_if_is_none)]
pub struct BadgeAttribute {
    /// Attribute name.
    pub name: Option<String>,
    /// Attribute value.
    pub value: Option<String>,
}

/// The caller's completion of an activity.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_completion", skip_serializing_if_is_none)]
pub struct CompletionData {
    /// 0 incomplete, 1 complete, 2 passed, 3 failed.
    pub state: i32,
    /// When it was completed.
    pub timecompleted: i64,
    /// Who overrode it.
    pub overrideby: OrNull<i64>,
    /// Whether the completion state is used by other conditions.
    pub valueused: bool,
    /// Whether completion is tracked.
    pub hascompletion: bool,
    /// Whether it completes by rules.
    pub isautomatic: bool,
    /// Whether the caller is tracked.
    pub istrackeduser: bool,
    /// Whether the caller can see the completion.
    pub uservisible: bool,
    /// The rules and their state.
    pub details: Vec<CompletionRule>,
    /// Whether every rule is met.
    pub isoverallcomplete: Option<bool>,
}

/// One completion rule.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_completion_rule")]
pub struct CompletionRule {
    /// Rule name.
    pub rulename: String,
    /// Its state.
    pub rulevalue: CompletionRuleValue,
}

/// A completion rule's state.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_completion_rule_value")]
pub struct CompletionRuleValue {
    /// 0 incomplete, 1 complete.
    pub status: i32,
    /// Description.
    pub description: String,
}

/// A date of an activity.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_date", skip_serializing_if_is_none)]
pub struct ActivityDate {
    /// Label, e.g. `Due:`.
    pub label: String,
    /// Unix time.
    pub timestamp: i64,
    /// What it is relative to.
    pub relativeto: Option<i64>,
    /// Data id.
    pub dataid: Option<String>,
}

/// A file or link of an activity.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_content", skip_serializing_if_is_none)]
pub struct Content {
    /// `file`, `url` or `content`.
    #[oai(rename = "type")]
    pub kind: String,
    /// File name (a link's name).
    pub filename: String,
    /// Folder (null for a link).
    pub filepath: OrNull<String>,
    /// Size in bytes.
    pub filesize: i64,
    /// Download URL (the link for a `url`).
    pub fileurl: Option<String>,
    /// Inline content.
    pub content: Option<String>,
    /// Created (null when generated).
    pub timecreated: OrNull<i64>,
    /// Modified.
    pub timemodified: i64,
    /// Sort order (null for a link).
    pub sortorder: OrNull<i64>,
    /// MIME type.
    pub mimetype: Option<String>,
    /// Whether the file is a reference to a repository.
    pub isexternalfile: Option<bool>,
    /// The repository of an external file.
    pub repositorytype: Option<String>,
    /// Who uploaded it.
    pub userid: OrNull<i64>,
    /// Author.
    pub author: OrNull<String>,
    /// License.
    pub license: OrNull<String>,
    /// Tags (none).
    pub tags: Option<Vec<ContentTag>>,
}

/// A tag of a file.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_content_tag", skip_serializing_if_is_none)]
pub struct ContentTag {
    /// Tag id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Name as typed.
    pub rawname: String,
    /// Whether it is a standard tag.
    pub isstandard: bool,
    /// Tag collection.
    pub tagcollid: i64,
    /// Tag instance.
    pub taginstanceid: i64,
    /// Context of the tag instance.
    pub taginstancecontextid: i64,
    /// Item id.
    pub itemid: i64,
    /// Order.
    pub ordering: i64,
    /// Whether it is flagged.
    pub flag: i32,
    /// Tag page.
    pub viewurl: Option<String>,
}

/// What an activity's contents hold.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module_contents_info", skip_serializing_if_is_none)]
pub struct ContentsInfo {
    /// Number of entries.
    pub filescount: i64,
    /// Bytes.
    pub filessize: i64,
    /// Last change.
    pub lastmodified: i64,
    /// MIME types of the files.
    pub mimetypes: Vec<String>,
    /// Repository type.
    pub repositorytype: Option<String>,
}
