//! core_user_add_user_private_files: a draft area becomes the caller's private files. As
//! Moodle's `file_save_draft_area_files`, the private area afterwards holds exactly the draft's
//! files (the app first copies the private files into a draft, edits it, then saves it). Unlike
//! Moodle, an unknown or empty draft area is an error rather than a silent wipe of the private
//! files, and the draft area is emptied once saved (its contents are now the private files).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{cap, files, ids, seed};

use crate::core_files::area::{self, DRAFT, Origin, PRIVATE, Place, USER};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Nothing};

pub struct AddUserPrivateFiles;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_add_user_private_files_params", deny_unknown_fields)]
pub struct Params {
    /// Draft item id holding the files (from `webservice/upload.php` or `core_files_upload`).
    pub draftid: i64,
}

impl ExternalFunction for AddUserPrivateFiles {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_add_user_private_files",
        summary: "Save a draft area as your private files",
        description: "Copy files from a draft area to the caller's private files",
        kind: Kind::Write,
        checks: &[cap::USER_MANAGEOWNFILES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"draftid":123456789}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Nothing;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Nothing, ApiError> {
        let me = call.caller.user();
        if me.id == ids::GUEST_USER {
            return Err(ApiError::invalid_parameter("Guest users cannot upload files"));
        }
        let db = call.db();
        let userctx = area::user_context(&db, me.id).await?;
        call.require(cap::USER_MANAGEOWNFILES, &path_of(&userctx)).await?;
        let draft = area::list(&db, userctx.id, USER, DRAFT, p.draftid).await?;
        if draft.is_empty() {
            return Err(ApiError::invalid_parameter(format!(
                "draftid: you have no draft area {} with files",
                p.draftid
            )));
        }
        let txn = call.write().await?;
        let in_area = |area: &str, itemid: i64| {
            files::Entity::delete_many()
                .filter(files::Column::Contextid.eq(userctx.id))
                .filter(files::Column::Component.eq(USER))
                .filter(files::Column::Filearea.eq(area.to_string()))
                .filter(files::Column::Itemid.eq(itemid))
        };
        in_area(PRIVATE, 0).exec(&txn).await?;
        for f in &draft {
            let place = Place { filearea: PRIVATE.into(), itemid: 0, ..Place::from(f) };
            let origin = Origin {
                userid: f.userid.unwrap_or(me.id),
                author: f.author.clone().unwrap_or_default(),
                license: f.license.clone().unwrap_or_default(),
                source: f.source.clone().unwrap_or_default(),
            };
            area::insert(&txn, &place, &origin, &f.contenthash, f.filesize as u64).await?;
        }
        in_area(DRAFT, p.draftid).exec(&txn).await?;
        Ok(Nothing)
    }
}
