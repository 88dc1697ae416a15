//! Users' pictures. An uploaded picture is kept as Moodle keeps it: three PNG sizes (`f1` 100 px,
//! `f2` 35 px, `f3` 512 px, cropped to the centred square) in the user's `user/icon` area, and
//! `user.picture` set to the id of `f1`, which also serves as the URL's revision. A user without
//! one has the theme's default picture.
use std::collections::HashMap;
use std::io::Cursor;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::common::Warning;
use crate::core_files::area::{self, DRAFT, Origin, Place, USER};

use lmsgate_entities::{context, contextlevel, files, user};

use crate::framework::{ApiError, Call};

pub const ICON: &str = "icon";
/// Moodle's icon sizes, by file name.
pub const SIZES: [(&str, u32); 3] = [("f1", 100), ("f2", 35), ("f3", 512)];
/// The largest picture decoded (side in pixels, and bytes of decoded image).
const MAX_SIDE: u32 = 12_000;
const MAX_DECODED: u64 = 256 << 20;

/// The default picture of a size (`f1`, `f2`, `f3`).
pub fn default_url(wwwroot: &str, size: &str) -> String {
    format!("{wwwroot}/theme/image.php/boost/core/1/u/{size}")
}

/// The user contexts of the users in a list who have uploaded a picture: what their picture URLs
/// need (one query, none when nobody in the list has a picture).
#[derive(Debug, Default)]
pub struct Pictures(HashMap<i64, i64>);

impl Pictures {
    pub async fn load<'u, C: ConnectionTrait>(
        db: &C,
        users: impl IntoIterator<Item = &'u user::Model>,
    ) -> Result<Self, ApiError> {
        let with_picture: Vec<i64> = users.into_iter().filter(|u| u.picture != 0).map(|u| u.id).collect();
        if with_picture.is_empty() {
            return Ok(Self::default());
        }
        let contexts: Vec<(i64, i64)> = context::Entity::find()
            .select_only()
            .column(context::Column::Instanceid)
            .column(context::Column::Id)
            .filter(context::Column::Contextlevel.eq(contextlevel::USER))
            .filter(context::Column::Instanceid.is_in(with_picture))
            .into_tuple()
            .all(db)
            .await?;
        Ok(Self(contexts.into_iter().collect()))
    }

    /// One user's picture context, known already.
    pub fn from_context(userid: i64, contextid: i64) -> Self {
        Self(HashMap::from([(userid, contextid)]))
    }

    /// `u`'s picture of a size: `pluginfile.php/<user context>/user/icon/boost/<size>?rev=<picture>`
    /// as Moodle links it, or the default picture.
    pub fn url(&self, wwwroot: &str, u: &user::Model, size: &str) -> String {
        match self.0.get(&u.id) {
            Some(ctx) if u.picture != 0 && u.deleted == 0 => {
                format!("{wwwroot}/pluginfile.php/{ctx}/user/icon/boost/{size}?rev={}", u.picture)
            }
            _ => default_url(wwwroot, size),
        }
    }
}

/// The three sizes of a picture as PNG, or `None` when the bytes are not an image lmsgate reads
/// (PNG, JPEG, GIF) or are larger than it decodes. CPU-bound: call it off the async threads.
pub fn icons(bytes: &[u8]) -> Option<Vec<(&'static str, Vec<u8>)>> {
    let mut reader = image::ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED);
    reader.limits(limits);
    let picture = reader.decode().ok()?;
    let side = picture.width().min(picture.height());
    if side == 0 {
        return None;
    }
    let square = picture.crop_imm((picture.width() - side) / 2, (picture.height() - side) / 2, side, side);
    SIZES
        .iter()
        .map(|&(name, px)| {
            let icon = square.resize_exact(px, px, image::imageops::FilterType::Lanczos3);
            let mut png = Vec::new();
            icon.write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
            Some((name, png))
        })
        .collect()
}

/// The stored icon file named by a picture URL's last segment (`f1`, or `f1.png` as Moodle's
/// `pluginfile.php` also takes it) in a user context.
pub async fn icon_file<C: ConnectionTrait>(
    db: &C,
    contextid: i64,
    name: &str,
) -> Result<Option<files::Model>, ApiError> {
    let size = name.strip_suffix(".png").unwrap_or(name);
    if !SIZES.iter().any(|(s, _)| *s == size) {
        return Ok(None);
    }
    let place = Place {
        contextid,
        component: USER.into(),
        filearea: ICON.into(),
        itemid: 0,
        filepath: "/".into(),
        filename: format!("{size}.png"),
    };
    area::find(db, &place).await
}

/// A picture in its three sizes, ready to store.
pub type Icons = Vec<(&'static str, Vec<u8>)>;

/// The largest draft file read as a picture.
const MAX_PICTURE_BYTES: i64 = 64 << 20;

/// The icons made from the first file of the caller's draft area `draftitemid`, or a warning
/// saying why there are none.
pub async fn from_draft(call: &Call<'_>, draftitemid: i64) -> Result<Result<Icons, Warning>, ApiError> {
    let warning = |code: &str, message: &str| Ok(Err(Warning::new("draftitemid", draftitemid, code, message)));
    let db = call.db();
    let userctx = area::user_context(&db, call.caller.user().id).await?;
    let draft = area::list(&db, userctx.id, USER, DRAFT, draftitemid).await?;
    let Some(file) = draft.first() else {
        return warning("nofile", "The draft area holds no file");
    };
    if file.filesize > MAX_PICTURE_BYTES {
        return warning("invalidimage", "The file is too large to be a picture");
    }
    let path = call.state.files.path(&file.contenthash).ok_or_else(|| ApiError::internal("bad content hash"))?;
    let bytes = tokio::fs::read(&path).await.map_err(ApiError::internal)?;
    let icons = tokio::task::spawn_blocking(move || icons(&bytes)).await.map_err(ApiError::internal)?;
    match icons {
        Some(icons) => Ok(Ok(icons)),
        None => warning("invalidimage", "The file is not an image lmsgate reads (PNG, JPEG or GIF)"),
    }
}

/// Replaces a user's icon files with `icons` (none: deletes them) and answers the user's new
/// `picture` (0 without one). The caller saves it in the user's row, in the same transaction.
pub async fn store<C: ConnectionTrait>(
    call: &Call<'_>,
    txn: &C,
    userid: i64,
    icons: Option<Icons>,
) -> Result<i64, ApiError> {
    let userctx = area::user_context(txn, userid).await?;
    files::Entity::delete_many()
        .filter(files::Column::Contextid.eq(userctx.id))
        .filter(files::Column::Component.eq(USER))
        .filter(files::Column::Filearea.eq(ICON))
        .exec(txn)
        .await?;
    let mut picture = 0;
    let origin = Origin { userid, author: String::new(), license: String::new(), source: String::new() };
    for (name, png) in icons.into_iter().flatten() {
        let staged = call.state.files.receive_bytes(&png).await.map_err(ApiError::internal)?;
        let place = Place {
            contextid: userctx.id,
            component: USER.into(),
            filearea: ICON.into(),
            itemid: 0,
            filepath: "/".into(),
            filename: format!("{name}.png"),
        };
        let (hash, size) = (staged.contenthash.clone(), staged.size);
        // Contents first, then the row: a failure in between leaves an unreferenced blob.
        call.state.files.commit(staged).await.map_err(ApiError::internal)?;
        let row = area::insert(txn, &place, &origin, &hash, size).await?;
        if name == "f1" {
            picture = row.id;
        }
    }
    Ok(picture)
}
