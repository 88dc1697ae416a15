//! File transfers over HTTP, shared by Moodle's endpoints (`webservice/upload.php`,
//! `webservice/pluginfile.php`, `tokenpluginfile.php`) and their typed twins: streamed multipart
//! uploads into the user's draft area, and downloads with ETag, `Range` and HEAD.
use std::io::SeekFrom;
use std::net::IpAddr;

use poem::http::{HeaderValue, StatusCode, header};
use poem::web::headers::{self, HeaderMapExt};
use poem::{Body, Request, Response};
use poem_openapi::Object;
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use lmsgate_entities::{cap, context, contextlevel, course, course_modules, files, user_private_key};
use sha2::Digest;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::area::{self, DRAFT, Origin, PRIVATE, Place, USER};
use crate::framework::caller::{self, Caller};
use crate::framework::filestore::Received;
use crate::framework::types::FileName;
use crate::framework::{ApiError, AppState};
use crate::framework::code;
use crate::core_user::picture;

/// One entry of an upload's answer: a stored file, or why a part was not stored (`errortype`).
#[derive(Debug, Clone, Object, Default)]
#[oai(rename = "core_files_uploaded_file", skip_serializing_if_is_none)]
pub struct UploadedFile {
    /// Always `user` for a stored file.
    pub component: Option<String>,
    /// The user's context.
    pub contextid: Option<i64>,
    /// The uploader's id (a string, as Moodle sends it).
    pub userid: Option<String>,
    /// Always `draft` for a stored file.
    pub filearea: Option<String>,
    /// File name (cleaned as Moodle's PARAM_FILE).
    pub filename: String,
    /// Folder in the draft area.
    pub filepath: Option<String>,
    /// Draft item id: pass it to functions that take a draft area.
    pub itemid: Option<i64>,
    /// The site's default license.
    pub license: Option<String>,
    /// Full name of the uploader.
    pub author: Option<String>,
    /// Moodle's serialized source record.
    pub source: Option<String>,
    /// Size in bytes of a stored file.
    pub filesize: Option<i64>,
    /// Size in bytes of a part that was not stored.
    pub size: Option<i64>,
    /// Why the part was not stored: `fileoversized` or `filenameexist`.
    pub errortype: Option<String>,
    /// Human-readable reason.
    pub error: Option<String>,
}

/// Upload arguments given outside the body (query string, `Authorization`); body fields of the
/// same names fill what is missing, as PHP merges `$_GET` and `$_POST`.
#[derive(Debug, Default)]
pub struct UploadArgs {
    pub token: Option<String>,
    pub itemid: Option<String>,
    pub filepath: Option<String>,
}

fn bad_body(e: multer::Error) -> ApiError {
    match e {
        multer::Error::StreamSizeExceeded { limit } => code::UPLOAD_TOO_LARGE.with(limit),
        e => ApiError::invalid_parameter(format!("multipart body: {e}")),
    }
}

fn io_error(e: std::io::Error) -> ApiError {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<multer::Error>()) {
        Some(multer::Error::StreamSizeExceeded { limit }) => {
            bad_body(multer::Error::StreamSizeExceeded { limit: *limit })
        }
        Some(other) => ApiError::invalid_parameter(format!("multipart body: {other}")),
        None => ApiError::internal(e),
    }
}

/// A multipart request body, read as a stream with the site's request limit.
pub fn multipart(req: &Request, body: Body, limit: u64) -> Result<multer::Multipart<'static>, ApiError> {
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type)
        .map_err(|_| ApiError::invalid_parameter("send the files as multipart/form-data"))?;
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(limit));
    Ok(multer::Multipart::with_constraints(body.into_bytes_stream(), boundary, constraints))
}

/// Moodle's `clean_param(PARAM_FILE)`: drops what a file name may not hold.
pub fn clean_filename(name: &str) -> String {
    let cleaned: String = name.chars().filter(|c| !c.is_control() && !"&<>\"`|':\\/".contains(*c)).collect();
    if cleaned == "." || cleaned == ".." { String::new() } else { cleaned }
}

/// `webservice/upload.php`: every file part goes to the caller's draft area.
pub async fn upload(
    state: &AppState,
    ip: IpAddr,
    mut args: UploadArgs,
    mut body: Option<multer::Multipart<'static>>,
) -> Result<Vec<UploadedFile>, ApiError> {
    let site = state.site().await?;
    let maxbytes = u64::try_from(site.int("maxbytes")).ok().filter(|m| *m > 0);
    // With the token outside the body, refuse before reading a byte of it.
    let mut caller = match &args.token {
        Some(t) => Some(authorised(state, t, ip).await?),
        None => None,
    };
    let mut parts = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    while let Some(mut field) = match body.as_mut() {
        Some(b) => b.next_field().await.map_err(bad_body)?,
        None => None,
    } {
        let name = field.name().unwrap_or_default().to_string();
        let is_argument = ["token", "itemid", "filepath"].contains(&name.as_str());
        if is_argument && (field.file_name().is_some() || seen.contains(&name)) {
            return Err(ApiError::invalid_parameter(format!(
                "{name}: expected one value, not a file or a repeated part"
            )));
        }
        let Some(filename) = field.file_name().map(str::to_string) else {
            seen.push(name.clone());
            let value = field.text().await.map_err(bad_body)?;
            match name.as_str() {
                "token" if args.token.is_none() => {
                    caller = Some(authorised(state, &value, ip).await?);
                    args.token = Some(value);
                }
                "itemid" if args.itemid.is_none() => args.itemid = Some(value),
                "filepath" if args.filepath.is_none() => args.filepath = Some(value),
                _ => {}
            }
            continue;
        };
        if caller.is_none() {
            return Err(missing_token());
        }
        let received = state.files.receive(&mut field, maxbytes).await.map_err(io_error)?;
        parts.push((clean_filename(&filename), received));
    }
    let caller = caller.ok_or_else(missing_token)?;
    // An empty folder is the root, as PHP's optional_param default gives.
    let filepath = args.filepath.filter(|p| !p.is_empty()).unwrap_or_else(|| "/".into());
    if !crate::framework::types::FilePath::is_valid(&filepath) {
        return Err(ApiError::invalid_parameter(format!("filepath: not a valid path: \"{filepath}\"")));
    }
    area::check_filepath(&filepath)?;
    let itemid = match args.itemid.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => 0,
        Some(s) => {
            s.parse::<i64>().map_err(|_| ApiError::invalid_parameter(format!("itemid: not an integer: \"{s}\"")))?
        }
    };
    if parts.is_empty() {
        return Ok(Vec::new());
    }
    if parts.iter().any(|(name, _)| name.is_empty()) {
        return Err(ApiError::invalid_parameter("filename: every file part needs a file name"));
    }
    let u = caller.user();
    let userctx = area::user_context(&state.db, u.id).await?;
    let total: u64 = parts.iter().map(|(_, r)| if let Received::Stored(s) = r { s.size } else { 0 }).sum();
    check_quota(state, &caller, userctx.id, total).await?;
    let itemid = if itemid <= 0 { area::unused_draft_itemid(&state.db, userctx.id).await? } else { itemid };
    let existing = area::list(&state.db, userctx.id, USER, DRAFT, itemid).await?;
    let txn = state.begin_write().await?;
    let mut taken: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for (filename, received) in parts {
        let staged = match received {
            Received::TooLarge => {
                results.push(UploadedFile {
                    filename,
                    errortype: Some("fileoversized".into()),
                    error: Some("Maximum uploaded file size".into()),
                    ..Default::default()
                });
                continue;
            }
            Received::Stored(s) => s,
        };
        let clash =
            taken.contains(&filename) || existing.iter().any(|f| f.filepath == filepath && f.filename == filename);
        if clash {
            results.push(UploadedFile {
                error: Some(format!("File name already exists: {filename}")),
                filename,
                filepath: Some(filepath.clone()),
                size: Some(staged.size as i64),
                errortype: Some("filenameexist".into()),
                ..Default::default()
            });
            continue;
        }
        let place = Place {
            contextid: userctx.id,
            component: USER.into(),
            filearea: DRAFT.into(),
            itemid,
            filepath: filepath.clone(),
            filename: filename.clone(),
        };
        let (hash, size) = (staged.contenthash.clone(), staged.size);
        // Contents first, then the row: a crash in between leaves an unreferenced blob, never a
        // row without contents.
        state.files.commit(staged).await.map_err(ApiError::internal)?;
        let origin = Origin::upload(u, &site, &filename);
        area::insert(&txn, &place, &origin, &hash, size).await?;
        taken.push(filename.clone());
        results.push(UploadedFile {
            component: Some(USER.into()),
            contextid: Some(userctx.id),
            userid: Some(u.id.to_string()),
            filearea: Some(DRAFT.into()),
            filename,
            filepath: Some(filepath.clone()),
            itemid: Some(itemid),
            license: Some(origin.license),
            author: Some(origin.author),
            source: Some(origin.source),
            filesize: Some(size as i64),
            ..Default::default()
        });
    }
    txn.commit().await?;
    Ok(results)
}

/// The file scripts' `token` parameter is absent (Moodle's `required_param`).
pub fn missing_token() -> ApiError {
    code::MISSING_TOKEN.err()
}

/// The token's user, if its service allows uploads.
async fn authorised(state: &AppState, token: &str, ip: IpAddr) -> Result<Caller, ApiError> {
    let caller = caller::authenticate_user(state, token, ip).await?;
    if caller.service().is_none_or(|s| s.uploadfiles == 0) {
        return Err(ApiError::access("Web service file upload must be enabled in external service settings"));
    }
    Ok(caller)
}

/// The user quota (`userquota`, unless the user may ignore it) over draft and private files.
pub async fn check_quota(state: &AppState, caller: &Caller, user_contextid: i64, adding: u64) -> Result<(), ApiError> {
    let quota = state.site().await?.int("userquota");
    if quota <= 0 || adding == 0 {
        return Ok(());
    }
    let path = [lmsgate_entities::ids::SYSTEM_CONTEXT, user_contextid];
    if state.has_capability(caller.subject(), cap::USER_IGNOREUSERQUOTA, &path).await? {
        return Ok(());
    }
    let used = area::user_bytes(&state.db, user_contextid).await?;
    if used as u64 + adding > quota as u64 {
        return Err(code::USER_QUOTA_LIMIT.err()
        .with_debuginfo(format!("{used} bytes used + {adding} uploaded > quota {quota}")));
    }
    Ok(())
}

/// The place a pluginfile path names: `/<contextid>/<component>/<filearea>/<itemid>/<folders…>/<name>`
/// (no item id for a user's private files). Each segment is percent-decoded once and must be a
/// plain name; `.`/`..`, separators and control characters inside a segment refuse the path.
pub fn parse_file_path(path: &str) -> Option<Place> {
    let mut segments = Vec::new();
    for raw in path.trim_start_matches('/').split('/') {
        let s = percent_encoding::percent_decode_str(raw).decode_utf8().ok()?;
        if !FileName::is_valid(&s) || s.is_empty() {
            return None;
        }
        segments.push(s.into_owned());
    }
    let mut it = segments.into_iter();
    let contextid = it.next()?.parse().ok()?;
    let component = it.next()?;
    let filearea = it.next()?;
    let public = is_public_area(&component, &filearea);
    let mut rest: Vec<String> = it.collect();
    // A page's generated `index.html` has no item id either (`mod_page/content/index.html`).
    let page_index = component == "mod_page" && filearea == "content" && rest == ["index.html"];
    let itemid = match public || page_index || component == USER && filearea == PRIVATE {
        true => 0,
        false => {
            let first = (!rest.is_empty()).then(|| rest.remove(0))?;
            first.parse().ok()?
        }
    };
    let filename = rest.pop()?;
    // A picture's URL names the theme before the size (`boost/f1`); there are no folders.
    let filepath = if rest.is_empty() || public { "/".to_string() } else { format!("/{}/", rest.join("/")) };
    Some(Place { contextid, component, filearea, itemid, filepath, filename })
}

/// Areas any signed-in user may read, whoever they belong to (Moodle serves them without
/// further checks on a site that does not force login): users' pictures and the images Moodle
/// generates for courses. Their URLs carry no item id.
pub fn is_public_area(component: &str, filearea: &str) -> bool {
    matches!((component, filearea), (USER, picture::ICON) | ("course", "generated"))
}

/// A download for `userid` (`None`: nobody signed in, who gets only the public areas).
pub async fn serve(state: &AppState, userid: Option<i64>, place: &Place, req: &Request) -> Result<Response, ApiError> {
    match (place.component.as_str(), place.filearea.as_str()) {
        ("course", "generated") => generated_course_image(state, place, req).await,
        (USER, picture::ICON) => user_icon(state, place, req).await,
        ("mod_page", "content") if place.filename == "index.html" && place.filepath == "/" && place.itemid == 0 => {
            page_content(state, userid.ok_or_else(file_not_found)?, place, req).await
        }
        ("mod_page" | "mod_resource" | "mod_folder", "content") | ("mod_forum", "attachment") => {
            activity_file(state, userid.ok_or_else(file_not_found)?, place, req).await
        }
        ("mod_assign", "submission_files") => submission_file(state, userid.ok_or_else(file_not_found)?, place, req).await,
        _ => {
            let file = find_file(state, userid.ok_or_else(file_not_found)?, place).await?;
            send_file(state, &file, req).await
        }
    }
}

/// `course/generated/course.svg` of a course context: the tile Moodle draws for a course without
/// an image of its own.
async fn generated_course_image(state: &AppState, place: &Place, req: &Request) -> Result<Response, ApiError> {
    let ctx = context::Entity::find_by_id(place.contextid).one(&state.db).await?;
    let course = match ctx {
        Some(c) if c.contextlevel == contextlevel::COURSE && place.filename == "course.svg" => c.instanceid,
        _ => return Err(file_not_found()),
    };
    let svg = crate::core_course::exported::course_image_svg(course);
    let etag = format!("\"{}\"", &hex::encode(sha2::Sha256::digest(svg.as_bytes()))[..32]);
    let res = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::CACHE_CONTROL, "public, max-age=3600");
    if matches_etag(req, &etag) {
        return Ok(res.status(StatusCode::NOT_MODIFIED).finish());
    }
    Ok(res.content_type("image/svg+xml").header(header::CONTENT_LENGTH, svg.len()).body(svg))
}

/// A user's picture of a size (`f1`, `f2`, `f3`), or a redirect to the default picture when the
/// user has none, as Moodle answers.
async fn user_icon(state: &AppState, place: &Place, req: &Request) -> Result<Response, ApiError> {
    let ctx = context::Entity::find_by_id(place.contextid).one(&state.db).await?;
    if ctx.is_none_or(|c| c.contextlevel != contextlevel::USER) {
        return Err(file_not_found());
    }
    if let Some(file) = picture::icon_file(&state.db, place.contextid, &place.filename).await? {
        return send_file(state, &file, req).await;
    }
    let size = place.filename.strip_suffix(".png").unwrap_or(&place.filename);
    if !picture::SIZES.iter().any(|(s, _)| *s == size) {
        return Err(file_not_found());
    }
    Ok(Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, picture::default_url(&state.settings.wwwroot, size))
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .finish())
}

/// A page activity's `index.html`: its content, to those who may view the page (Moodle builds it
/// on the fly too).
async fn page_content(state: &AppState, userid: i64, place: &Place, req: &Request) -> Result<Response, ApiError> {
    let ctx = context::Entity::find_by_id(place.contextid).one(&state.db).await?.ok_or_else(file_not_found)?;
    if ctx.contextlevel != contextlevel::MODULE || place.filename != "index.html" {
        return Err(file_not_found());
    }
    let cm = course_modules::Entity::find_by_id(ctx.instanceid).one(&state.db).await?.ok_or_else(file_not_found)?;
    if !may_view_activity(state, userid, &cm, &ctx, cap::PAGE_VIEW).await? {
        return Err(file_not_found());
    }
    let activity = crate::core_course::activities::complete(&state.db, vec![cm]).await?.pop();
    let Some(crate::core_course::activities::Instance::Page(page)) = activity.map(|a| a.instance) else {
        return Err(file_not_found());
    };
    // Its files are linked relative to it (Moodle strips `@@PLUGINFILE@@/`): the app puts each
    // back with the URL `core_course_get_contents` lists for that path.
    let content = page.content.replace(crate::core_course::activities::PLUGINFILE, "");
    let etag = format!("\"{}\"", &hex::encode(sha2::Sha256::digest(content.as_bytes()))[..32]);
    let res = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::CACHE_CONTROL, "private, max-age=0, must-revalidate");
    if matches_etag(req, &etag) {
        return Ok(res.status(StatusCode::NOT_MODIFIED).finish());
    }
    Ok(res
        .content_type("text/html; charset=utf-8")
        .header(header::CONTENT_LENGTH, content.len())
        .body(content))
}

/// A file of an activity's `content` area, or a forum post's attachment, to those who may open
/// the activity. Content URLs carry the activity's revision where the item id goes (the files are
/// kept at item 0, as in Moodle); an attachment's item is its post.
async fn activity_file(state: &AppState, userid: i64, place: &Place, req: &Request) -> Result<Response, ApiError> {
    use crate::core_course::activities::{ModType, type_ids};
    let kind = ModType::from_component(&place.component).ok_or_else(file_not_found)?;
    let ctx = context::Entity::find_by_id(place.contextid).one(&state.db).await?.ok_or_else(file_not_found)?;
    if ctx.contextlevel != contextlevel::MODULE {
        return Err(file_not_found());
    }
    let cm = course_modules::Entity::find_by_id(ctx.instanceid).one(&state.db).await?.ok_or_else(file_not_found)?;
    if type_ids(&state.db).await?.get(&kind) != Some(&cm.module) || !may_view_activity(state, userid, &cm, &ctx, kind.view()).await? {
        return Err(file_not_found());
    }
    let stored = match kind {
        ModType::Forum => place.clone(),
        _ => Place { itemid: 0, ..place.clone() },
    };
    let file = area::find(&state.db, &stored).await?.ok_or_else(file_not_found)?;
    send_file(state, &file, req).await
}

/// A file of an assignment submission, to its author and to the assignment's graders.
async fn submission_file(state: &AppState, userid: i64, place: &Place, req: &Request) -> Result<Response, ApiError> {
    let ctx = context::Entity::find_by_id(place.contextid).one(&state.db).await?.ok_or_else(file_not_found)?;
    if ctx.contextlevel != contextlevel::MODULE {
        return Err(file_not_found());
    }
    let cm = course_modules::Entity::find_by_id(ctx.instanceid).one(&state.db).await?.ok_or_else(file_not_found)?;
    let submission = lmsgate_entities::assign_submission::Entity::find_by_id(place.itemid)
        .one(&state.db)
        .await?
        .filter(|s| s.assignment == cm.instance)
        .ok_or_else(file_not_found)?;
    let kinds = crate::core_course::activities::type_ids(&state.db).await?;
    let is_assign = kinds.get(&crate::core_course::activities::ModType::Assign) == Some(&cm.module);
    let allowed = is_assign
        && ((submission.userid == userid && may_view_activity(state, userid, &cm, &ctx, cap::ASSIGN_VIEW).await?)
            || may_view_activity(state, userid, &cm, &ctx, cap::ASSIGN_GRADE).await?);
    if !allowed {
        return Err(file_not_found());
    }
    let file = area::find(&state.db, place).await?.ok_or_else(file_not_found)?;
    send_file(state, &file, req).await
}

/// Whether `userid` may open an activity: they can enter its course, see it (visible, or
/// moodle/course:viewhiddenactivities) and hold the type's view capability there.
async fn may_view_activity(
    state: &AppState,
    userid: i64,
    cm: &course_modules::Model,
    ctx: &context::Model,
    view: cap::Capability,
) -> Result<bool, ApiError> {
    use crate::framework::access::{enrolled_courses, path_of};
    let Some(c) = course::Entity::find_by_id(cm.course).one(&state.db).await? else { return Ok(false) };
    let path = path_of(ctx);
    let course_path = &path[..path.len().saturating_sub(1)];
    let who = state.subject(userid, false).await?;
    let enters = c.id == lmsgate_entities::ids::SITE_COURSE
        || ((c.visible != 0 || state.has_capability(&who, cap::COURSE_VIEWHIDDENCOURSES, course_path).await?)
            && (enrolled_courses(&state.db, userid).await?.contains(&c.id)
                || state.has_capability(&who, cap::COURSE_VIEW, course_path).await?));
    Ok(enters
        && (cm.visible != 0 || state.has_capability(&who, cap::COURSE_VIEWHIDDENACTIVITIES, &path).await?)
        && state.has_capability(&who, view, &path).await?)
}

fn matches_etag(req: &Request, etag: &str) -> bool {
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
}

pub fn file_not_found() -> ApiError {
    code::FILE_NOT_FOUND.err()
}

/// The file at `place`, if `userid` may download it. Areas served: a user's own `draft` and
/// `private` files. Anything else is "not found", as Moodle answers.
pub async fn find_file(state: &AppState, userid: i64, place: &Place) -> Result<files::Model, ApiError> {
    if place.component != USER || !(place.filearea == DRAFT || place.filearea == PRIVATE) {
        return Err(file_not_found());
    }
    let userctx = area::user_context(&state.db, userid).await?;
    if place.contextid != userctx.id {
        return Err(file_not_found());
    }
    area::find(&state.db, place).await?.ok_or_else(file_not_found)
}

/// The caller's `userprivateaccesskey` for `tokenpluginfile.php`, made on first use. It is kept
/// in clear (as Moodle does) because site info hands it out again on every call.
pub async fn private_access_key(state: &AppState, userid: i64) -> Result<String, ApiError> {
    crate::framework::state::cached(&state.private_keys, userid, || stored_or_new_key(state, userid)).await
}

async fn stored_or_new_key(state: &AppState, userid: i64) -> Result<String, ApiError> {
    let existing = user_private_key::Entity::find()
        .filter(user_private_key::Column::Userid.eq(userid))
        .filter(user_private_key::Column::Script.eq("core_files"))
        .order_by_asc(user_private_key::Column::Id)
        .one(&state.db)
        .await?;
    if let Some(row) = existing {
        return Ok(row.value);
    }
    let value = crate::framework::secrets::new_token();
    user_private_key::ActiveModel {
        script: Set("core_files".into()),
        value: Set(value.clone()),
        userid: Set(userid),
        instance: Set(None),
        iprestriction: Set(None),
        validuntil: Set(None),
        timecreated: Set(lmsgate_entities::now()),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    Ok(value)
}

/// The user a `tokenpluginfile.php` key stands for (`userprivateaccesskey`).
pub async fn key_user(state: &AppState, key: &str, ip: IpAddr) -> Result<i64, ApiError> {
    let row = user_private_key::Entity::find()
        .filter(user_private_key::Column::Value.eq(key))
        .filter(user_private_key::Column::Script.eq("core_files"))
        .one(&state.db)
        .await?
        .ok_or_else(|| code::INVALID_KEY.err())?;
    if row.validuntil.is_some_and(|v| v != 0 && v < lmsgate_entities::now()) {
        return Err(code::EXPIRED_KEY.err());
    }
    if let Some(list) = row.iprestriction.as_deref().filter(|l| !l.trim().is_empty())
        && !crate::framework::iprange::address_in_subnet(ip, list)
    {
        return Err(code::IP_MISMATCH.err());
    }
    let u = lmsgate_entities::user::Entity::find_by_id(row.userid).one(&state.db).await?;
    match u {
        Some(u) if u.deleted == 0 && u.suspended == 0 && u.auth != "nologin" => Ok(u.id),
        _ => Err(code::INVALID_KEY.err()),
    }
}

/// Streams a stored file: ETag (the content hash), `If-None-Match` → 304, one `Range` → 206
/// (unsatisfiable → 416), the CORS headers of MOODLE-SPEC §8. HEAD gets the same headers.
pub async fn send_file(state: &AppState, file: &files::Model, req: &Request) -> Result<Response, ApiError> {
    let path = state.files.path(&file.contenthash).ok_or_else(file_not_found)?;
    let mut f = tokio::fs::File::open(&path).await.map_err(|e| {
        tracing::error!(contenthash = %file.contenthash, error = %e, "stored contents missing");
        file_not_found()
    })?;
    let size = f.metadata().await.map_err(ApiError::internal)?.len();
    let etag = format!("\"{}\"", file.contenthash);
    let mut res = Response::builder()
        .header(header::ETAG, etag.as_str())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
        .header(header::ACCESS_CONTROL_ALLOW_HEADERS, "range")
        .header(header::ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Range")
        .header(header::CACHE_CONTROL, "private, max-age=0, must-revalidate");
    if matches_etag(req, &etag) {
        return Ok(res.status(StatusCode::NOT_MODIFIED).finish());
    }
    let content_type = file.mimetype.clone().unwrap_or_else(|| "application/octet-stream".into());
    res = res.content_type(content_type).header(header::CONTENT_DISPOSITION, disposition(&file.filename));
    let range = req.headers().typed_get::<headers::Range>().map(|r| r.satisfiable_ranges(size).next());
    let (start, end) = match range {
        None => (0, size),
        Some(None) => {
            return Ok(res
                .status(StatusCode::RANGE_NOT_SATISFIABLE)
                .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                .finish());
        }
        Some(Some((from, to))) => {
            use std::ops::Bound::*;
            let start = match from {
                Included(n) => n,
                Excluded(n) => n + 1,
                Unbounded => 0,
            };
            let end = match to {
                Included(n) => n + 1,
                Excluded(n) => n,
                Unbounded => size,
            }
            .min(size);
            if start >= end {
                return Ok(res
                    .status(StatusCode::RANGE_NOT_SATISFIABLE)
                    .header(header::CONTENT_RANGE, format!("bytes */{size}"))
                    .finish());
            }
            res = res
                .status(StatusCode::PARTIAL_CONTENT)
                .header(header::CONTENT_RANGE, format!("bytes {start}-{}/{size}", end - 1));
            (start, end)
        }
    };
    f.seek(SeekFrom::Start(start)).await.map_err(ApiError::internal)?;
    // 64 KiB reads: the default 4 KiB chunks cost a third of the throughput on large files.
    let chunks = tokio_util::io::ReaderStream::with_capacity(f.take(end - start), 64 << 10);
    Ok(res.header(header::CONTENT_LENGTH, end - start).body(Body::from_bytes_stream(chunks)))
}

fn disposition(filename: &str) -> HeaderValue {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    let ascii: String =
        filename.chars().map(|c| if c.is_ascii_graphic() && c != '"' || c == ' ' { c } else { '_' }).collect();
    let value =
        format!("inline; filename=\"{ascii}\"; filename*=UTF-8''{}", utf8_percent_encode(filename, NON_ALPHANUMERIC));
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static("inline"))
}
