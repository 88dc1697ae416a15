//! core_user_update_picture: a picture uploaded to the caller's draft area becomes a user's
//! picture (moodle/user:editownprofile for one's own; moodle/user:editprofile in the user's
//! context for another's), or the picture is deleted. As Moodle, `success` says whether the
//! picture changed. Unlike Moodle, a draft file that is not an image leaves the current picture
//! as it is and says so in a warning (Moodle silently drops the picture).
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use validator::Validate;

use lmsgate_entities::{cap, ids, seed, user};

use super::picture::{self, Pictures};
use crate::common::Warning;
use crate::core_files::area;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, code};

pub struct UpdatePicture;

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
            true => match picture::from_draft(call, p.draftitemid).await? {
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
        let txn = call.write().await?;
        let picture = picture::store(call, &txn, target.id, icons).await?;
        let targetctx = area::user_context(&txn, target.id).await?;
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
