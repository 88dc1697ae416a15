//! core_user_update_picture: a picture uploaded to the caller's draft area becomes a user's
//! picture (moodle/user:editownprofile for one's own; moodle/user:editprofile in the user's
//! context for another's), or the picture is deleted. As Moodle, `success` says whether the
//! picture changed. Unlike Moodle, a draft file that is not an image leaves the current picture
//! as it is and says so in a warning (Moodle silently drops the picture).
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{cap, files, ids, seed, user};

use super::picture::{self, ICON, Pictures};
use crate::common::Warning;
use crate::core_files::area::{self, DRAFT, Origin, Place, USER};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct UpdatePicture;

/// The largest draft file read as a picture.
const MAX_PICTURE_BYTES: i64 = 64 << 20;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_update_picture_params", deny_unknown_fields)]
pub struct Params {
    /// Draft item id holding the image (the first file of the area is used).
    pub draftitemid: i64,
    /// Delete the current picture (a new one in the draft area then takes its place).
    #[oai(default)]
    pub delete: bool,
    /// Whose picture (0 for the caller).
    #[oai(default)]
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_update_picture_returns", skip_serializing_if_is_none)]
pub struct Returns {
    /// Whether the picture changed.
    pub success: bool,
    /// The user's picture URL (size `f1`) when it changed.
    pub profileimageurl: Option<String>,
    /// Why nothing changed, when the draft area held no usable image.
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for UpdatePicture {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_update_picture",
        summary: "Set or delete a user's picture",
        description: "Update or delete the user picture in the site",
        kind: Kind::Write,
        checks: &[cap::USER_EDITOWNPROFILE, cap::USER_EDITPROFILE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"draftitemid":123456789,"delete":false,"userid":0}"#,
        invalidates_caches: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let me = call.caller.user();
        let site = call.state.site().await?;
        if site.int("disableuserimages") != 0 {
            return Err(code::USER_IMAGES_DISABLED.err());
        }
        let db = call.db();
        let target = if p.userid == 0 || p.userid == me.id {
            call.require(cap::USER_EDITOWNPROFILE, &[ids::SYSTEM_CONTEXT]).await?;
            me.clone()
        } else {
            let target = user::Entity::find_by_id(p.userid)
                .one(&db)
                .await?
                .ok_or_else(|| code::INVALID_RECORD.with("user").with_debuginfo(format!("userid: no user {}", p.userid)))?;
            if target.deleted != 0 {
                return Err(code::USER_DELETED.err());
            }
            if target.suspended != 0 {
                return Err(code::SUSPENDED.err());
            }
            let userctx = area::user_context(&db, target.id).await?;
            call.require(cap::USER_EDITPROFILE, &path_of(&userctx)).await?;
            if site.is_siteadmin(target.id) && !site.is_siteadmin(me.id) {
                return Err(code::USER_ADMIN_EDIT_ADMIN.err());
            }
            target
        };
        let mut warnings = Vec::new();
        // No draft area (0) is how a picture is only deleted.
        let icons = match p.draftitemid > 0 {
            false => None,
            true => match new_icons(call, me, p.draftitemid).await? {
                Ok(icons) => Some(icons),
                Err(warning) => {
                    warnings.push(warning);
                    None
                }
            },
        };
        if !p.delete && icons.is_none() {
            return Ok(Returns { success: false, profileimageurl: None, warnings: Some(warnings) });
        }
        let targetctx = area::user_context(&db, target.id).await?;
        let mut staged = Vec::new();
        for (name, png) in icons.iter().flatten() {
            let s = call.state.files.receive_bytes(png).await.map_err(ApiError::internal)?;
            staged.push((*name, s));
        }
        let txn = call.write().await?;
        files::Entity::delete_many()
            .filter(files::Column::Contextid.eq(targetctx.id))
            .filter(files::Column::Component.eq(USER))
            .filter(files::Column::Filearea.eq(ICON))
            .exec(&txn)
            .await?;
        let mut picture = 0;
        let origin = Origin { userid: target.id, author: String::new(), license: String::new(), source: String::new() };
        for (name, s) in staged {
            let place = Place {
                contextid: targetctx.id,
                component: USER.into(),
                filearea: ICON.into(),
                itemid: 0,
                filepath: "/".into(),
                filename: format!("{name}.png"),
            };
            let (hash, size) = (s.contenthash.clone(), s.size);
            // Contents first, then the row: a failure in between leaves an unreferenced blob.
            call.state.files.commit(s).await.map_err(ApiError::internal)?;
            let row = area::insert(&txn, &place, &origin, &hash, size).await?;
            if name == "f1" {
                picture = row.id;
            }
        }
        let success = picture != target.picture;
        let mut updated = target.clone();
        if success {
            let mut row: user::ActiveModel = target.into();
            row.picture = Set(picture);
            updated = row.update(&txn).await?;
        }
        let profileimageurl = success.then(|| {
            let pictures = Pictures::from_context(updated.id, targetctx.id);
            pictures.url(&call.state.settings.wwwroot, &updated, "f1")
        });
        Ok(Returns { success, profileimageurl, warnings: Some(warnings) })
    }
}

/// The icons made from the first file of the caller's draft area, or why there are none.
async fn new_icons(
    call: &Call<'_>,
    me: &user::Model,
    draftitemid: i64,
) -> Result<Result<Vec<(&'static str, Vec<u8>)>, Warning>, ApiError> {
    let warning = |code: &str, message: &str| Ok(Err(Warning::new("draftitemid", draftitemid, code, message)));
    let db = call.db();
    let userctx = area::user_context(&db, me.id).await?;
    let draft = area::list(&db, userctx.id, USER, DRAFT, draftitemid).await?;
    let Some(file) = draft.first() else {
        return warning("nofile", "The draft area holds no file");
    };
    if file.filesize > MAX_PICTURE_BYTES {
        return warning("invalidimage", "The file is too large to be a picture");
    }
    let path = call.state.files.path(&file.contenthash).ok_or_else(|| ApiError::internal("bad content hash"))?;
    let bytes = tokio::fs::read(&path).await.map_err(ApiError::internal)?;
    let icons = tokio::task::spawn_blocking(move || picture::icons(&bytes)).await.map_err(ApiError::internal)?;
    match icons {
        Some(icons) => Ok(Ok(icons)),
        None => warning("invalidimage", "The file is not an image lmsgate reads (PNG, JPEG or GIF)"),
    }
}
