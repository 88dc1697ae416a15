//! core_files_upload: one file, base64 in the parameters, into the caller's draft area
//! (MOODLE-SPEC §8, §10 and §16's observed errors).
use base64::Engine;
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, contextlevel};

use super::area::{self, DRAFT, Origin, Place, USER};
use super::get_files::resolve_context;
use crate::framework::types::{ContextLevel, FileName, FilePath};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};
use crate::framework::code;

pub struct Upload;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_files_upload_params", deny_unknown_fields)]
pub struct Params {
    /// Context id (the caller's user context); or give `contextlevel` and `instanceid`.
    #[oai(default)]
    pub contextid: Option<i64>,
    /// Always `user`: files are uploaded to the caller's draft area.
    pub component: UploadComponent,
    /// Always `draft`.
    pub filearea: UploadArea,
    /// Draft item id; 0 or less makes a new draft area.
    pub itemid: i64,
    /// Existing folder, e.g. `/`.
    pub filepath: FilePath,
    /// File name; empty for a generated one.
    pub filename: FileName,
    /// File contents, base64.
    pub filecontent: String,
    /// Context level (`user`) when no `contextid` is given.
    #[oai(default)]
    pub contextlevel: Option<ContextLevel>,
    /// The user id when `contextlevel` is `user`.
    #[oai(default)]
    pub instanceid: Option<i64>,
}

/// The only component files can be uploaded to.
#[derive(Debug, Clone, Copy, poem_openapi::Enum)]
#[oai(rename = "core_files_upload_component", rename_all = "lowercase")]
pub enum UploadComponent {
    User,
}

/// The only file area files can be uploaded to.
#[derive(Debug, Clone, Copy, poem_openapi::Enum)]
#[oai(rename = "core_files_upload_filearea", rename_all = "lowercase")]
pub enum UploadArea {
    Draft,
}

#[derive(Debug, Object)]
#[oai(rename = "core_files_upload_returns")]
pub struct Returns {
    /// The caller's user context.
    pub contextid: i64,
    /// Always `user`.
    pub component: String,
    /// Always `draft`.
    pub filearea: String,
    /// The draft item id (new when 0 was given).
    pub itemid: i64,
    /// Folder of the file.
    pub filepath: String,
    /// File name (generated when none was given).
    pub filename: String,
    /// Download URL (add `?token=`).
    pub url: String,
}

fn nofile() -> ApiError {
    code::NO_FILE.err()
}

impl ExternalFunction for Upload {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_files_upload",
        summary: "Upload one file (base64) to your draft area",
        description: "Upload a file to the caller's draft area (base64 contents)",
        kind: Kind::Write,
        checks: &[cap::USER_IGNOREUSERQUOTA],
        example: r#"{"contextlevel":"user","instanceid":3,"component":"user","filearea":"draft","itemid":0,"filepath":"/","filename":"notes.txt","filecontent":"aGVsbG8gd29ybGQ="}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let state = call.state;
        let contextid = p.contextid.filter(|c| *c != 0);
        let ctx = resolve_context(call, contextid, p.contextlevel, p.instanceid).await?;
        let me = call.caller.user();
        if ctx.contextlevel != contextlevel::USER || ctx.instanceid != me.id {
            return Err(nofile());
        }
        let filepath = p.filepath.to_string();
        area::check_filepath(&filepath)?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(p.filecontent.trim())
            .map_err(|e| ApiError::invalid_parameter(format!("filecontent: not valid base64: {e}")))?;
        let site = state.site().await?;
        let maxbytes = site.int("maxbytes");
        if maxbytes > 0 && data.len() as i64 > maxbytes {
            return Err(code::MAX_BYTES.err());
        }
        let filename = if p.filename.is_empty() {
            format!(
                "wsupload{}_{}.tmp",
                crate::framework::secrets::random_alnum(12).to_lowercase(),
                lmsgate_entities::now()
            )
        } else {
            p.filename.to_string()
        };
        let db = call.db();
        let itemid = if p.itemid <= 0 { area::unused_draft_itemid(&db, ctx.id).await? } else { p.itemid };
        let place = Place {
            contextid: ctx.id,
            component: USER.into(),
            filearea: DRAFT.into(),
            itemid,
            filepath: filepath.clone(),
            filename: filename.clone(),
        };
        if area::find(&db, &place).await?.is_some() {
            return Err(code::FILE_EXISTS.err());
        }
        let existing = area::list(&db, ctx.id, USER, DRAFT, itemid).await?;
        if !area::folder_exists(&existing, &filepath) {
            return Err(nofile());
        }
        super::transfer::check_quota(state, call.caller, ctx.id, data.len() as u64).await?;
        let staged = state.files.receive_bytes(&data).await.map_err(ApiError::internal)?;
        let (hash, size) = (staged.contenthash.clone(), staged.size);
        state.files.commit(staged).await.map_err(ApiError::internal)?;
        let origin = Origin::upload(me, &site, &filename);
        let txn = call.write().await?;
        area::insert(&txn, &place, &origin, &hash, size).await?;
        Ok(Returns {
            url: place.url(&state.settings.wwwroot),
            contextid: ctx.id,
            component: USER.into(),
            filearea: DRAFT.into(),
            itemid,
            filepath,
            filename,
        })
    }
}
