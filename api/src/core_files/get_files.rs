//! core_files_get_files: browse a file area folder (MOODLE-SPEC §10). lmsgate serves the areas
//! it stores, a user's own `private` and `draft` files; other areas list nothing, as Moodle's
//! browser does for areas it does not know. Unlike Moodle (which lists nothing), asking for
//! another user's files is refused with `nopermissions`.
use std::collections::BTreeMap;

use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, context, contextlevel, ids};

use super::area::{self, DRAFT, PRIVATE, Place, USER};
use crate::framework::access::context_of;
use crate::framework::types::ContextLevel;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetFiles;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_files_get_files_params", deny_unknown_fields)]
pub struct Params {
    /// Context id; 0 for the system context, -1 to give `contextlevel` and `instanceid` instead.
    pub contextid: i64,
    /// Component, e.g. `user`; empty to browse the context.
    pub component: String,
    /// File area, e.g. `private` or `draft`.
    pub filearea: String,
    /// Item id (draft item id; 0 for private files).
    pub itemid: i64,
    /// Folder, e.g. `/` or `/a/b/`; empty means `/`.
    pub filepath: String,
    /// A file name to get only that file; empty to list the folder.
    pub filename: String,
    /// Only files modified at or after this time (Unix seconds).
    #[oai(default)]
    pub modified: Option<i64>,
    /// Context level when `contextid` is -1.
    #[oai(default)]
    pub contextlevel: Option<ContextLevel>,
    /// Instance id at that level when `contextid` is -1.
    #[oai(default)]
    pub instanceid: Option<i64>,
}

/// A folder above the listed one.
#[derive(Debug, Object)]
#[oai(rename = "core_files_get_files_parent")]
pub struct Parent {
    /// Context of the area.
    pub contextid: i64,
    /// Component of the area.
    pub component: String,
    /// File area.
    pub filearea: String,
    /// Item id.
    pub itemid: i64,
    /// The folder.
    pub filepath: String,
    /// Always `.` (a folder).
    pub filename: String,
}

/// A file or a folder (`isdir`).
#[derive(Debug, Object)]
#[oai(rename = "core_files_get_files_file", skip_serializing_if_is_none)]
pub struct FileEntry {
    /// Context of the area.
    pub contextid: i64,
    /// Component of the area.
    pub component: String,
    /// File area.
    pub filearea: String,
    /// Item id.
    pub itemid: i64,
    /// Folder of the file, or the folder itself.
    pub filepath: String,
    /// File name (`.` for a folder).
    pub filename: String,
    /// True for a folder.
    pub isdir: bool,
    /// Download URL (add `?token=`); empty for folders.
    pub url: String,
    /// Last change (Unix seconds).
    pub timemodified: i64,
    /// Creation time (Unix seconds); absent for folders.
    pub timecreated: Option<i64>,
    /// Size in bytes.
    pub filesize: Option<i64>,
    /// Author of the file.
    pub author: Option<String>,
    /// License short name.
    pub license: Option<String>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_files_get_files_returns")]
pub struct Returns {
    /// Folders from the area's root down to the listed folder's parent.
    pub parents: Vec<Parent>,
    /// The folder's subfolders and files.
    pub files: Vec<FileEntry>,
}

/// The context the parameters name (Moodle's `get_context_from_params` with the 0 and -1 rules).
pub async fn resolve_context(
    call: &Call<'_>,
    contextid: Option<i64>,
    level: Option<ContextLevel>,
    instanceid: Option<i64>,
) -> Result<context::Model, ApiError> {
    let db = call.db();
    match contextid {
        Some(0) => context_of(&db, contextlevel::SYSTEM, ids::SYSTEM_CONTEXT)
            .await?
            .ok_or_else(|| ApiError::missing_record("context")),
        Some(id) if id > 0 => {
            use sea_orm::EntityTrait;
            context::Entity::find_by_id(id).one(&db).await?.ok_or_else(|| ApiError::missing_record("context"))
        }
        _ => {
            let (Some(level), Some(instance)) = (level, instanceid) else {
                return Err(ApiError::invalid_parameter(
                    "Missing parameters: contextid, or contextlevel and instanceid",
                ));
            };
            context_of(&db, level.id(), instance).await?.ok_or_else(|| ApiError::missing_record("context"))
        }
    }
}

impl ExternalFunction for GetFiles {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_files_get_files",
        summary: "Browse a folder of your private or draft files",
        description: "Browse Moodle files",
        checks: &[cap::USER_MANAGEOWNFILES],
        services: &[lmsgate_entities::seed::MOBILE_SERVICE],
        example: r#"{"contextid":-1,"contextlevel":"user","instanceid":3,"component":"user","filearea":"private","itemid":0,"filepath":"/","filename":""}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let ctx = resolve_context(call, Some(p.contextid), p.contextlevel, p.instanceid).await?;
        let empty = Returns { parents: Vec::new(), files: Vec::new() };
        if p.component != USER || !(p.filearea == PRIVATE || p.filearea == DRAFT) {
            return Ok(empty);
        }
        let me = call.caller.user().id;
        if ctx.contextlevel != contextlevel::USER || ctx.instanceid != me {
            return Err(ApiError::no_permission(cap::USER_MANAGEOWNFILES));
        }
        if p.filearea == PRIVATE {
            call.require(cap::USER_MANAGEOWNFILES, &crate::framework::access::path_of(&ctx)).await?;
        }
        let itemid = if p.filearea == PRIVATE { 0 } else { p.itemid };
        let filepath = if p.filepath.is_empty() { "/".to_string() } else { p.filepath.clone() };
        area::check_filepath(&filepath)?;
        let all = area::list(&call.db(), ctx.id, USER, &p.filearea, itemid).await?;
        let place = |filepath: &str, filename: &str| Place {
            contextid: ctx.id,
            component: USER.into(),
            filearea: p.filearea.clone(),
            itemid,
            filepath: filepath.into(),
            filename: filename.into(),
        };
        let mut parents = Vec::new();
        let mut at = String::from("/");
        for segment in filepath.split('/').filter(|s| !s.is_empty()) {
            let Place { contextid, component, filearea, itemid, filepath, filename } = place(&at, ".");
            parents.push(Parent { contextid, component, filearea, itemid, filepath, filename });
            at = format!("{at}{segment}/");
        }
        let fresh = |t: i64| p.modified.is_none_or(|m| t >= m);
        let wwwroot = &call.state.settings.wwwroot;
        // Subfolders first (with the newest time of what they hold), then files, by name.
        let mut folders: BTreeMap<String, i64> = BTreeMap::new();
        let mut files = Vec::new();
        for f in all.iter().filter(|f| f.filepath.starts_with(&filepath)) {
            if f.filepath != filepath {
                let sub = &f.filepath[filepath.len()..];
                let name = sub.split('/').next().unwrap_or_default();
                let t = folders.entry(format!("{filepath}{name}/")).or_insert(0);
                *t = (*t).max(f.timemodified);
                continue;
            }
            if (!p.filename.is_empty() && f.filename != p.filename) || !fresh(f.timemodified) {
                continue;
            }
            files.push(FileEntry {
                contextid: f.contextid,
                component: f.component.clone(),
                filearea: f.filearea.clone(),
                itemid: f.itemid,
                filepath: f.filepath.clone(),
                filename: f.filename.clone(),
                isdir: false,
                url: Place::from(f).url(wwwroot),
                timemodified: f.timemodified,
                timecreated: Some(f.timecreated),
                filesize: Some(f.filesize),
                author: f.author.clone(),
                license: f.license.clone(),
            });
        }
        let dirs = folders.into_iter().filter(|(_, t)| p.filename.is_empty() && fresh(*t)).map(|(path, t)| FileEntry {
            contextid: ctx.id,
            component: USER.into(),
            filearea: p.filearea.clone(),
            itemid,
            filepath: path,
            filename: ".".into(),
            isdir: true,
            url: String::new(),
            timemodified: t,
            timecreated: None,
            filesize: None,
            author: None,
            license: None,
        });
        Ok(Returns { parents, files: dirs.chain(files).collect() })
    }
}
