//! File areas: the `files` rows over the store, with Moodle's rules for paths, names and draft
//! item ids. Folders are implied by the paths of the files in them.
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use sha2::{Digest, Sha256};

use lmsgate_entities::{context, contextlevel, files, now, user};

use crate::framework::ApiError;
use crate::framework::state::SiteConfig;

pub const USER: &str = "user";
pub const DRAFT: &str = "draft";
pub const PRIVATE: &str = "private";

/// One file's place: context, component, area, item, folder and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub contextid: i64,
    pub component: String,
    pub filearea: String,
    pub itemid: i64,
    pub filepath: String,
    pub filename: String,
}

impl Place {
    pub fn pathnamehash(&self) -> String {
        let p = format!(
            "/{}/{}/{}/{}{}{}",
            self.contextid, self.component, self.filearea, self.itemid, self.filepath, self.filename
        );
        hex::encode(Sha256::digest(p.as_bytes()))
    }

    /// The download URL functions return (clients add `?token=`). A user's private area has no
    /// item id in its URLs, as in Moodle.
    pub fn url(&self, wwwroot: &str) -> String {
        const SEGMENT: &AsciiSet =
            &CONTROLS.add(b' ').add(b'"').add(b'#').add(b'%').add(b'?').add(b'/').add(b'<').add(b'>');
        let mut url =
            format!("{wwwroot}/webservice/pluginfile.php/{}/{}/{}", self.contextid, self.component, self.filearea);
        if !(self.component == USER && self.filearea == PRIVATE) {
            url += &format!("/{}", self.itemid);
        }
        for segment in self.filepath.split('/').filter(|s| !s.is_empty()).chain([self.filename.as_str()]) {
            url.push('/');
            url.extend(utf8_percent_encode(segment, SEGMENT));
        }
        url
    }
}

/// File areas store folders as `/` or `/a/b/`.
pub fn check_filepath(filepath: &str) -> Result<(), ApiError> {
    if filepath.starts_with('/') && filepath.ends_with('/') {
        return Ok(());
    }
    Err(ApiError::invalid_parameter(format!("filepath: must start and end with `/`, got \"{filepath}\"")))
}

pub fn mimetype(filename: &str) -> String {
    mime_guess::from_path(filename).first_or_octet_stream().essence_str().to_string()
}

/// The context of a user (every user has one).
pub async fn user_context<C: ConnectionTrait>(db: &C, userid: i64) -> Result<context::Model, ApiError> {
    crate::framework::access::context_of(db, contextlevel::USER, userid).await?.ok_or_else(ApiError::invalid_user)
}

pub async fn find<C: ConnectionTrait>(db: &C, place: &Place) -> Result<Option<files::Model>, ApiError> {
    Ok(files::Entity::find().filter(files::Column::Pathnamehash.eq(place.pathnamehash())).one(db).await?)
}

/// Every file of one area item, by folder and name.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    contextid: i64,
    component: &str,
    filearea: &str,
    itemid: i64,
) -> Result<Vec<files::Model>, ApiError> {
    Ok(files::Entity::find()
        .filter(files::Column::Contextid.eq(contextid))
        .filter(files::Column::Component.eq(component))
        .filter(files::Column::Filearea.eq(filearea))
        .filter(files::Column::Itemid.eq(itemid))
        .order_by_asc(files::Column::Filepath)
        .order_by_asc(files::Column::Filename)
        .all(db)
        .await?)
}

/// Does the folder exist in this item? `/` always does; others while a file is under them.
pub fn folder_exists(area: &[files::Model], filepath: &str) -> bool {
    filepath == "/" || area.iter().any(|f| f.filepath.starts_with(filepath))
}

/// Bytes a user's draft and private files take (what the user quota limits).
pub async fn user_bytes<C: ConnectionTrait>(db: &C, user_contextid: i64) -> Result<i64, ApiError> {
    let sizes: Vec<i64> = files::Entity::find()
        .select_only()
        .column(files::Column::Filesize)
        .filter(files::Column::Contextid.eq(user_contextid))
        .filter(files::Column::Component.eq(USER))
        .into_tuple()
        .all(db)
        .await?;
    Ok(sizes.into_iter().sum())
}

/// A draft item id no file of this user uses yet (Moodle: random in 1..=999999999).
pub async fn unused_draft_itemid<C: ConnectionTrait>(db: &C, user_contextid: i64) -> Result<i64, ApiError> {
    use rand::Rng;
    loop {
        let id = rand::thread_rng().gen_range(1..=999_999_999);
        let taken = files::Entity::find()
            .filter(files::Column::Contextid.eq(user_contextid))
            .filter(files::Column::Component.eq(USER))
            .filter(files::Column::Filearea.eq(DRAFT))
            .filter(files::Column::Itemid.eq(id))
            .one(db)
            .await?;
        if taken.is_none() {
            return Ok(id);
        }
    }
}

/// Who made a file, and under which terms.
#[derive(Debug, Clone)]
pub struct Origin {
    pub userid: i64,
    pub author: String,
    pub license: String,
    pub source: String,
}

impl Origin {
    /// A file `user` uploads now: their name as author, the site's default license.
    pub fn upload(user: &user::Model, site: &SiteConfig, filename: &str) -> Self {
        let license = site.get("sitedefaultlicense");
        Self {
            userid: user.id,
            author: format!("{} {}", user.firstname, user.lastname),
            license: if license.is_empty() { "unknown" } else { license }.to_string(),
            source: source_of(filename),
        }
    }
}

/// Adds the row of a file whose contents are already in the store.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    place: &Place,
    origin: &Origin,
    contenthash: &str,
    size: u64,
) -> Result<files::Model, ApiError> {
    let t = now();
    Ok(files::ActiveModel {
        contenthash: Set(contenthash.to_string()),
        pathnamehash: Set(place.pathnamehash()),
        contextid: Set(place.contextid),
        component: Set(place.component.clone()),
        filearea: Set(place.filearea.clone()),
        itemid: Set(place.itemid),
        filepath: Set(place.filepath.clone()),
        filename: Set(place.filename.clone()),
        userid: Set(Some(origin.userid)),
        filesize: Set(size as i64),
        mimetype: Set(Some(mimetype(&place.filename))),
        status: Set(0),
        source: Set(Some(origin.source.clone())),
        author: Set(Some(origin.author.clone())),
        license: Set(Some(origin.license.clone())),
        timecreated: Set(t),
        timemodified: Set(t),
        sortorder: Set(0),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

impl From<&files::Model> for Place {
    fn from(f: &files::Model) -> Self {
        Place {
            contextid: f.contextid,
            component: f.component.clone(),
            filearea: f.filearea.clone(),
            itemid: f.itemid,
            filepath: f.filepath.clone(),
            filename: f.filename.clone(),
        }
    }
}

/// Moodle's `source` field for an uploaded file: a serialized `{source: filename}` object.
pub fn source_of(filename: &str) -> String {
    format!("O:8:\"stdClass\":1:{{s:6:\"source\";s:{}:\"{}\";}}", filename.len(), filename)
}

/// The files of some items of one area of a context, by item id (folders left out).
pub async fn files_by_item<C: ConnectionTrait>(
    db: &C,
    contextid: i64,
    component: &str,
    filearea: &str,
    items: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<files::Model>>, ApiError> {
    let mut out: std::collections::HashMap<i64, Vec<files::Model>> = Default::default();
    for chunk in items.chunks(500) {
        for f in files::Entity::find()
            .filter(files::Column::Contextid.eq(contextid))
            .filter(files::Column::Component.eq(component))
            .filter(files::Column::Filearea.eq(filearea))
            .filter(files::Column::Itemid.is_in(chunk.iter().copied()))
            .filter(files::Column::Filename.ne("."))
            .order_by_asc(files::Column::Filepath)
            .order_by_asc(files::Column::Filename)
            .all(db)
            .await?
        {
            out.entry(f.itemid).or_default().push(f);
        }
    }
    Ok(out)
}
