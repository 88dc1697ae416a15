//! What the forum functions share: a forum's rules (who may start discussions and reply), the
//! discussion a call names, new posts with their attachments, and posts as Moodle exports them.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use lmsgate_entities::{cap, course_sections, files, forum, forum_discussions, forum_posts, now, user};

use crate::common::escape_html;
use crate::core_course::activities::{Activity, Instance, ModType};
use crate::core_course::placement::{self, Placement};
use crate::core_files::area::{self, DRAFT, Origin, Place, USER};
use crate::core_user::picture::Pictures;
use crate::framework::access::path_of;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, code};

/// Moodle's `$CFG->maxeditingtime`: how long authors may edit or delete their posts.
pub const MAX_EDITING_TIME: i64 = 1800;

/// Gives a new course its announcements forum, first in section 0, as Moodle's
/// `forum_get_course_forum($courseid, 'news')` does: teachers post, everyone is subscribed.
pub async fn add_news_forum<C: ConnectionTrait>(
    db: &C,
    section0: course_sections::Model,
    course_path: &str,
    t: i64,
) -> Result<(), ApiError> {
    let news = forum::ActiveModel {
        id: NotSet,
        course: Set(section0.course),
        kind: Set("news".into()),
        name: Set("Announcements".into()),
        intro: Set("General news and announcements".into()),
        introformat: Set(1),
        maxbytes: Set(0),
        maxattachments: Set(1),
        forcesubscribe: Set(1),
        trackingtype: Set(1),
        timemodified: Set(t),
    }
    .insert(db)
    .await?;
    let types = crate::core_course::activities::type_ids(db).await?;
    placement::place(db, &types, ModType::Forum, news.id, section0, course_path, Placement::SHOWN, t).await?;
    Ok(())
}

/// The forum record of an activity.
pub fn forum_of(a: &Activity) -> Result<&forum::Model, ApiError> {
    match &a.instance {
        Instance::Forum(f) => Ok(f),
        _ => Err(code::INVALID_RECORD.with("forum")),
    }
}

/// Whether the caller may start a discussion in a forum (announcements need mod/forum:addnews).
pub async fn can_start(call: &Call<'_>, a: &Activity) -> Result<bool, ApiError> {
    let needed = if forum_of(a)?.kind == "news" { cap::FORUM_ADDNEWS } else { cap::FORUM_STARTDISCUSSION };
    call.can(needed, &path_of(&a.context)).await
}

/// Whether the caller may reply in a discussion (announcements need mod/forum:replynews; a locked
/// discussion mod/forum:canoverridediscussionlock).
pub async fn can_reply(call: &Call<'_>, a: &Activity, d: &forum_discussions::Model) -> Result<bool, ApiError> {
    let path = path_of(&a.context);
    let needed = if forum_of(a)?.kind == "news" { cap::FORUM_REPLYNEWS } else { cap::FORUM_REPLYPOST };
    if !call.can(needed, &path).await? {
        return Ok(false);
    }
    Ok(!is_locked(d) || call.can(cap::FORUM_CANOVERRIDEDISCUSSIONLOCK, &path).await?)
}

pub fn is_locked(d: &forum_discussions::Model) -> bool {
    d.timelocked != 0 && d.timelocked <= now()
}

/// The forum activity with this instance id, if the caller may open it.
pub async fn forum_activity(call: &Call<'_>, forumid: i64) -> Result<Activity, ApiError> {
    crate::core_course::activities::openable(call, ModType::Forum, forumid).await
}

/// A discussion and its forum, if the caller may open the forum.
pub async fn discussion(call: &Call<'_>, discussionid: i64) -> Result<(forum_discussions::Model, Activity), ApiError> {
    let db = &call.db();
    let d = forum_discussions::Entity::find_by_id(discussionid)
        .one(db)
        .await?
        .ok_or_else(|| code::INVALID_DISCUSSION_ID.err().with_debuginfo(format!("no discussion {discussionid}")))?;
    let a = forum_activity(call, d.forum).await?;
    Ok((d, a))
}

/// A new post's options that lmsgate keeps: its attachments' draft area.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_option")]
pub struct PostOption {
    /// `attachmentsid` (a draft item id of the caller's), `discussionsubscribe`, `discussionpinned`,
    /// `inlineattachmentsid`, `mailnow`, `private`, `topreferredformat`.
    pub name: crate::framework::types::Alpha,
    /// The option's value.
    pub value: String,
}

/// The draft item id an `attachmentsid` option names, checked; unknown options are refused.
pub fn attachments_option(options: &[PostOption]) -> Result<Option<i64>, ApiError> {
    let mut draft = None;
    for (i, o) in options.iter().enumerate() {
        let bad = |why: &str| ApiError::invalid_parameter(format!("options[{i}].value: {why}"));
        match o.name.as_str() {
            "attachmentsid" => draft = Some(o.value.trim().parse::<i64>().map_err(|_| bad("a draft item id is needed"))?),
            "discussionsubscribe" | "discussionpinned" | "mailnow" | "private" | "topreferredformat" => {
                if !["0", "1", "true", "false", ""].contains(&o.value.trim()) {
                    return Err(bad("0 or 1 is needed"));
                }
            }
            "inlineattachmentsid" => {
                o.value.trim().parse::<i64>().map_err(|_| bad("a draft item id is needed"))?;
            }
            other => {
                return Err(ApiError::invalid_parameter(format!("options[{i}].name: unknown option \"{other}\"")));
            }
        }
    }
    Ok(draft.filter(|d| *d > 0))
}

/// Stores a post, and the files of the caller's draft area as its attachments (checked against
/// mod/forum:createattachment and the forum's `maxattachments`).
#[allow(clippy::too_many_arguments)]
pub async fn insert_post<C: ConnectionTrait>(
    call: &Call<'_>,
    db: &C,
    a: &Activity,
    discussion: i64,
    parent: i64,
    subject: &str,
    message: &str,
    messageformat: i32,
    draft: Option<i64>,
) -> Result<forum_posts::Model, ApiError> {
    let me = call.caller.user();
    let files = match draft {
        Some(item) => {
            let path = path_of(&a.context);
            call.require(cap::FORUM_CREATEATTACHMENT, &path).await?;
            let userctx = area::user_context(db, me.id).await?;
            let files: Vec<files::Model> = area::list(db, userctx.id, USER, DRAFT, item).await?;
            let max = forum_of(a)?.maxattachments as usize;
            if files.len() > max {
                return Err(ApiError::invalid_parameter(format!(
                    "options: the draft area holds {} files, the forum takes at most {max}",
                    files.len()
                )));
            }
            files
        }
        None => Vec::new(),
    };
    let t = now();
    let post = forum_posts::ActiveModel {
        id: NotSet,
        discussion: Set(discussion),
        parent: Set(parent),
        userid: Set(me.id),
        created: Set(t),
        modified: Set(t),
        subject: Set(subject.to_string()),
        message: Set(message.to_string()),
        messageformat: Set(messageformat),
        attachment: Set(if files.is_empty() { String::new() } else { "1".into() }),
        mailnow: Set(0),
    }
    .insert(db)
    .await?;
    for f in &files {
        let place = Place {
            contextid: a.context.id,
            component: "mod_forum".into(),
            filearea: "attachment".into(),
            itemid: post.id,
            ..Place::from(f)
        };
        let origin = Origin {
            userid: f.userid.unwrap_or(me.id),
            author: f.author.clone().unwrap_or_default(),
            license: f.license.clone().unwrap_or_default(),
            source: f.source.clone().unwrap_or_default(),
        };
        area::insert(db, &place, &origin, &f.contenthash, f.filesize as u64).await?;
    }
    Ok(post)
}

/// The attachments of some posts of a forum, by post id.
pub async fn attachments_of<C: ConnectionTrait>(
    db: &C,
    contextid: i64,
    posts: &[i64],
) -> Result<HashMap<i64, Vec<files::Model>>, ApiError> {
    area::files_by_item(db, contextid, "mod_forum", "attachment", posts).await
}

/// The authors of some posts, by id.
pub async fn authors<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, user::Model>, ApiError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, u)).collect())
}

/// A stored file as Moodle's `stored_file` exporter describes it.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_stored_file", skip_serializing_if_is_none)]
pub struct StoredFile {
    /// Context id.
    pub contextid: i64,
    /// Component.
    pub component: String,
    /// File area.
    pub filearea: String,
    /// Item id.
    pub itemid: i64,
    /// File path.
    pub filepath: String,
    /// File name.
    pub filename: String,
    /// Whether it is a folder.
    pub isdir: bool,
    /// Whether it is an image.
    pub isimage: bool,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// Created (Unix time).
    pub timecreated: i64,
    /// Size in bytes.
    pub filesize: i64,
    /// Author.
    pub author: String,
    /// Licence.
    pub license: String,
    /// The name, shortened for display.
    pub filenameshort: String,
    /// The size, formatted.
    pub filesizeformatted: String,
    /// The file type's icon.
    pub icon: String,
    /// Created, formatted.
    pub timecreatedformatted: String,
    /// Last modified, formatted.
    pub timemodifiedformatted: String,
    /// Download URL.
    pub url: String,
    /// Other URLs.
    pub urls: StoredFileUrls,
    /// HTML fragments.
    pub html: StoredFileHtml,
}

/// A stored file's other URLs.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_stored_file_urls")]
pub struct StoredFileUrls {
    /// Portfolio export URL (no portfolios on this site).
    pub export: OrNull<String>,
}

/// A stored file's HTML fragments.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_stored_file_html")]
pub struct StoredFileHtml {
    /// Plagiarism checks (none on this site).
    pub plagiarism: OrNull<String>,
}

pub fn stored_file(www: &str, f: &files::Model) -> StoredFile {
    let mimetype = f.mimetype.clone().unwrap_or_default();
    let place = Place::from(f);
    StoredFile {
        contextid: f.contextid,
        component: f.component.clone(),
        filearea: f.filearea.clone(),
        itemid: f.itemid,
        filepath: f.filepath.clone(),
        filename: f.filename.clone(),
        isdir: false,
        isimage: mimetype.starts_with("image/"),
        timemodified: f.timemodified,
        timecreated: f.timecreated,
        filesize: f.filesize,
        author: f.author.clone().unwrap_or_default(),
        license: f.license.clone().unwrap_or_default(),
        filenameshort: f.filename.clone(),
        filesizeformatted: format_size(f.filesize),
        icon: crate::core_course::activities::file_icon(&mimetype),
        timecreatedformatted: format_time(f.timecreated),
        timemodifiedformatted: format_time(f.timemodified),
        url: place.url(www),
        urls: StoredFileUrls { export: OrNull(None) },
        html: StoredFileHtml { plagiarism: OrNull(None) },
    }
}

/// Moodle's `display_size`.
fn format_size(bytes: i64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / (1u64 << 20) as f64),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} bytes"),
    }
}

/// Moodle's `strftimedatetime` in English, in UTC.
pub fn format_time(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%A, %-d %B %Y, %-I:%M %p").to_string()).unwrap_or_default()
}

/// A post's author.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_author", skip_serializing_if_is_none)]
pub struct Author {
    /// User id.
    pub id: Option<i64>,
    /// Full name.
    pub fullname: Option<String>,
    /// Whether the account was deleted.
    pub isdeleted: Option<bool>,
    /// The author's groups in the course (none are shown yet).
    pub groups: Option<Vec<AuthorGroup>>,
    /// Links.
    pub urls: AuthorUrls,
}

/// A group of a post's author.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_author_group")]
pub struct AuthorGroup {
    /// Group id.
    pub id: i64,
    /// Group name.
    pub name: String,
    /// Links.
    pub urls: AuthorGroupUrls,
}

/// A group's links.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_author_group_urls")]
pub struct AuthorGroupUrls {
    /// The group's picture.
    pub image: OrNull<String>,
}

/// An author's links.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_author_urls")]
pub struct AuthorUrls {
    /// Their profile in the course.
    pub profile: OrNull<String>,
    /// Their picture.
    pub profileimage: OrNull<String>,
}

/// What the caller may do with a post.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_capabilities")]
pub struct PostCapabilities {
    /// Whether the user can view the post.
    pub view: bool,
    /// Whether the user can edit the post.
    pub edit: bool,
    /// Whether the user can delete the post.
    pub delete: bool,
    /// Whether the user can split the post.
    pub split: bool,
    /// Whether the user can reply to the post.
    pub reply: bool,
    /// Whether the user can self enrol into the course.
    pub selfenrol: bool,
    /// Whether the user can export the post.
    pub export: bool,
    /// Whether the user can control the read status of the post.
    pub controlreadstatus: bool,
    /// Whether the user can reply privately to the post.
    pub canreplyprivately: bool,
}

/// A post's links.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_urls")]
pub struct PostUrls {
    /// The URL used to view the post.
    pub view: OrNull<String>,
    /// The URL used to view the post in isolation.
    pub viewisolated: OrNull<String>,
    /// The URL used to view the parent of the post.
    pub viewparent: OrNull<String>,
    /// The URL used to edit the post.
    pub edit: OrNull<String>,
    /// The URL used to delete the post.
    pub delete: OrNull<String>,
    /// The URL used to split the discussion with the selected post being the first post in the new discussion.
    pub split: OrNull<String>,
    /// The URL used to reply to the post.
    pub reply: OrNull<String>,
    /// The URL used to export the post.
    pub export: OrNull<String>,
    /// The URL used to mark the post as read.
    pub markasread: OrNull<String>,
    /// The URL used to mark the post as unread.
    pub markasunread: OrNull<String>,
    /// The URL used to view the discussion.
    pub discuss: OrNull<String>,
}

/// A post's tag (posts have none on this site).
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_tag")]
pub struct PostTag {
    /// The ID of the Tag.
    pub id: i64,
    /// The tagid.
    pub tagid: i64,
    /// Whether it is a standard tag or not.
    pub isstandard: bool,
    /// The display name of the tag.
    pub displayname: String,
    /// Whether the tag is flagged as inappropriate.
    pub flag: bool,
    /// Links.
    pub urls: PostTagUrls,
}

/// A tag's links.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_tag_urls")]
pub struct PostTagUrls {
    /// The URL to view the tag.
    pub view: String,
}

/// A post's HTML fragments.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post_html", skip_serializing_if_is_none)]
pub struct PostHtml {
    /// The rendered rating (no ratings on this site).
    pub rating: Option<OrNull<String>>,
    /// The rendered tags (none).
    pub taglist: Option<OrNull<String>>,
    /// "by <author> - <date>".
    pub authorsubheading: Option<OrNull<String>>,
}

/// An inline file of a post's message (none are kept yet).
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_inline_file")]
pub struct InlineFile {
    /// Context id.
    pub contextid: i64,
    /// Component.
    pub component: String,
    /// File area.
    pub filearea: String,
    /// Item id.
    pub itemid: i64,
    /// File path.
    pub filepath: String,
    /// File name.
    pub filename: String,
    /// Whether it is a folder.
    pub isdir: bool,
    /// Whether it is an image.
    pub isimage: bool,
    /// Last modified (Unix time).
    pub timemodified: i64,
    /// Created (Unix time).
    pub timecreated: i64,
    /// Size in bytes.
    pub filesize: i64,
    /// Author.
    pub author: String,
    /// Licence.
    pub license: String,
    /// The name, shortened for display.
    pub filenameshort: String,
    /// The size, formatted.
    pub filesizeformatted: String,
    /// The file type's icon.
    pub icon: String,
    /// Created, formatted.
    pub timecreatedformatted: String,
    /// Last modified, formatted.
    pub timemodifiedformatted: String,
    /// Download URL.
    pub url: String,
}

/// A post as Moodle's post exporter describes it.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_post", skip_serializing_if_is_none)]
pub struct Post {
    /// Post id.
    pub id: i64,
    /// Subject.
    pub subject: String,
    /// The subject a reply gets (`Re: ...`).
    pub replysubject: String,
    /// Message (HTML).
    pub message: OrNull<String>,
    /// Message format.
    pub messageformat: i32,
    /// Author.
    pub author: Author,
    /// Discussion id.
    pub discussionid: i64,
    /// Whether it replies to another post.
    pub hasparent: bool,
    /// The post it replies to.
    pub parentid: Option<OrNull<i64>>,
    /// Created (Unix time).
    pub timecreated: OrNull<i64>,
    /// Last modified (Unix time).
    pub timemodified: OrNull<i64>,
    /// Whether the caller has not read it (read tracking is off: null).
    pub unread: Option<OrNull<bool>>,
    /// Whether it was deleted.
    pub isdeleted: bool,
    /// Whether it is a private reply.
    pub isprivatereply: bool,
    /// Whether word counts are shown.
    pub haswordcount: bool,
    /// Word count (not shown: null).
    pub wordcount: Option<OrNull<i64>>,
    /// Character count (not shown: null).
    pub charcount: Option<OrNull<i64>>,
    /// What the caller may do with it.
    pub capabilities: PostCapabilities,
    /// Links.
    pub urls: Option<PostUrls>,
    /// Attached files.
    pub attachments: Vec<StoredFile>,
    /// Files the message embeds.
    pub messageinlinefiles: Option<Vec<InlineFile>>,
    /// Tags.
    pub tags: Option<Vec<PostTag>>,
    /// HTML fragments.
    pub html: Option<PostHtml>,
}

/// Exports posts of one discussion for the caller.
pub async fn export_posts(
    call: &Call<'_>,
    a: &Activity,
    d: &forum_discussions::Model,
    posts: &[forum_posts::Model],
) -> Result<Vec<Post>, ApiError> {
    let db = &call.db();
    let www = &call.state.settings.wwwroot;
    let path = path_of(&a.context);
    let me = call.caller.user().id;
    let users = authors(db, &posts.iter().map(|p| p.userid).collect::<Vec<_>>()).await?;
    let pictures = Pictures::load(db, users.values()).await?;
    let files = attachments_of(db, a.context.id, &posts.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let reply = can_reply(call, a, d).await?;
    let edit_any = call.can(cap::FORUM_EDITANYPOST, &path).await?;
    let delete_any = call.can(cap::FORUM_DELETEANYPOST, &path).await?;
    let delete_own = call.can(cap::FORUM_DELETEOWNPOST, &path).await?;
    let split = call.can(cap::FORUM_SPLITDISCUSSIONS, &path).await?;
    let has_replies: std::collections::HashSet<i64> = posts.iter().map(|p| p.parent).collect();
    let t = now();
    let course = a.cm.course;
    Ok(posts
        .iter()
        .map(|p| {
            let author = users.get(&p.userid);
            let name = author.map(|u| format!("{} {}", u.firstname, u.lastname)).unwrap_or_default();
            let profile = format!("{www}/user/view.php?id={}&course={course}", p.userid);
            let own_in_time = p.userid == me && t - p.created < MAX_EDITING_TIME;
            let edit = own_in_time || edit_any;
            let delete = (own_in_time && delete_own && !has_replies.contains(&p.id)) || delete_any;
            let discuss = format!("{www}/mod/forum/discuss.php?d={}", d.id);
            let subject = p.subject.clone();
            let replysubject = if subject.starts_with("Re: ") { subject.clone() } else { format!("Re: {subject}") };
            let stamp = chrono::DateTime::from_timestamp(p.created, 0)
                .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                .unwrap_or_default();
            Post {
                id: p.id,
                subject,
                replysubject,
                message: OrNull(Some(p.message.clone())),
                messageformat: p.messageformat,
                author: Author {
                    id: Some(p.userid),
                    fullname: Some(name.clone()),
                    isdeleted: Some(author.is_some_and(|u| u.deleted != 0)),
                    groups: Some(Vec::new()),
                    urls: AuthorUrls {
                        profile: OrNull(Some(profile.clone())),
                        profileimage: OrNull(author.map(|u| pictures.url(www, u, "f1"))),
                    },
                },
                discussionid: d.id,
                hasparent: p.parent != 0,
                parentid: Some(OrNull((p.parent != 0).then_some(p.parent))),
                timecreated: OrNull(Some(p.created)),
                timemodified: OrNull(Some(p.modified)),
                unread: Some(OrNull(None)),
                isdeleted: false,
                isprivatereply: false,
                haswordcount: false,
                wordcount: Some(OrNull(None)),
                charcount: Some(OrNull(None)),
                capabilities: PostCapabilities {
                    view: true,
                    edit,
                    delete,
                    split: split && p.parent != 0,
                    reply,
                    selfenrol: false,
                    export: false,
                    controlreadstatus: false,
                    canreplyprivately: false,
                },
                urls: Some(PostUrls {
                    view: OrNull(Some(format!("{discuss}#p{}", p.id))),
                    viewisolated: OrNull(Some(format!("{discuss}&parent={}", p.id))),
                    viewparent: OrNull((p.parent != 0).then(|| format!("{discuss}#p{}", p.parent))),
                    edit: OrNull(edit.then(|| format!("{www}/mod/forum/post.php?edit={}", p.id))),
                    delete: OrNull(delete.then(|| format!("{www}/mod/forum/post.php?delete={}", p.id))),
                    split: OrNull((split && p.parent != 0).then(|| format!("{www}/mod/forum/post.php?prune={}", p.id))),
                    reply: OrNull(reply.then(|| format!("{www}/mod/forum/post.php?reply={}#mformforum", p.id))),
                    export: OrNull(None),
                    markasread: OrNull(None),
                    markasunread: OrNull(None),
                    discuss: OrNull(Some(discuss.clone())),
                }),
                attachments: files.get(&p.id).into_iter().flatten().map(|f| stored_file(www, f)).collect(),
                messageinlinefiles: Some(Vec::new()),
                tags: Some(Vec::new()),
                html: Some(PostHtml {
                    rating: Some(OrNull(None)),
                    taglist: Some(OrNull(None)),
                    authorsubheading: Some(OrNull(Some(format!(
                        r#"by <a href="{profile}">{}</a> - <time datetime="{stamp}">{}</time>"#,
                        escape_html(&name),
                        format_time(p.created)
                    )))),
                }),
            }
        })
        .collect())
}
