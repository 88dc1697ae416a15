//! Activities (course modules): the types lmsgate has, and every activity of some courses loaded
//! with what answers about them need, in a fixed number of queries.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use lmsgate_entities::cap::{self, Capability};
use lmsgate_entities::{
    assign, context, contextlevel, course, course_modules, course_sections, files, folder, forum, label, modules, page, quiz, resource, url,
};

use crate::common::{ExternalFile, Warning};
use crate::framework::access::{contexts, path_of};
use crate::framework::{ApiError, Call, code};

/// The activity types lmsgate has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModType {
    Page,
    Url,
    Label,
    Resource,
    Folder,
    Assign,
    Quiz,
    Forum,
}

impl ModType {
    pub const ALL: [ModType; 8] = [
        ModType::Page,
        ModType::Url,
        ModType::Label,
        ModType::Resource,
        ModType::Folder,
        ModType::Assign,
        ModType::Quiz,
        ModType::Forum,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ModType::Page => "page",
            ModType::Url => "url",
            ModType::Label => "label",
            ModType::Resource => "resource",
            ModType::Folder => "folder",
            ModType::Assign => "assign",
            ModType::Quiz => "quiz",
            ModType::Forum => "forum",
        }
    }

    /// Moodle's name for the type (`modulename`).
    pub fn title(self) -> &'static str {
        match self {
            ModType::Page => "Page",
            ModType::Url => "URL",
            ModType::Label => "Text and media area",
            ModType::Resource => "File",
            ModType::Folder => "Folder",
            ModType::Assign => "Assignment",
            ModType::Quiz => "Quiz",
            ModType::Forum => "Forum",
        }
    }

    /// Moodle's purpose of the type (`FEATURE_MOD_PURPOSE`).
    pub fn purpose(self) -> &'static str {
        match self {
            ModType::Assign | ModType::Quiz => "assessment",
            ModType::Forum => "collaboration",
            _ => "content",
        }
    }

    /// The component whose `content` file area holds its files.
    pub fn component(self) -> String {
        format!("mod_{}", self.name())
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Moodle's plural name (`modulenameplural`).
    pub fn plural(self) -> &'static str {
        match self {
            ModType::Page => "Pages",
            ModType::Url => "URLs",
            ModType::Label => "Text and media areas",
            ModType::Resource => "Files",
            ModType::Folder => "Folders",
            ModType::Assign => "Assignments",
            ModType::Quiz => "Quizzes",
            ModType::Forum => "Forums",
        }
    }

    /// Whether it has a page of its own (a label shows only on the course page).
    pub fn has_view(self) -> bool {
        self != ModType::Label
    }

    /// The capability to add one to a course.
    pub fn addinstance(self) -> Capability {
        match self {
            ModType::Page => cap::PAGE_ADDINSTANCE,
            ModType::Url => cap::URL_ADDINSTANCE,
            ModType::Label => cap::LABEL_ADDINSTANCE,
            ModType::Resource => cap::RESOURCE_ADDINSTANCE,
            ModType::Folder => cap::FOLDER_ADDINSTANCE,
            ModType::Assign => cap::ASSIGN_ADDINSTANCE,
            ModType::Quiz => cap::QUIZ_ADDINSTANCE,
            ModType::Forum => cap::FORUM_ADDINSTANCE,
        }
    }

    /// The capability to open one.
    pub fn view(self) -> Capability {
        match self {
            ModType::Page => cap::PAGE_VIEW,
            ModType::Url => cap::URL_VIEW,
            ModType::Label => cap::LABEL_VIEW,
            ModType::Resource => cap::RESOURCE_VIEW,
            ModType::Folder => cap::FOLDER_VIEW,
            ModType::Assign => cap::ASSIGN_VIEW,
            ModType::Quiz => cap::QUIZ_VIEW,
            ModType::Forum => cap::FORUM_VIEWDISCUSSION,
        }
    }

    pub fn from_component(component: &str) -> Option<Self> {
        component.strip_prefix("mod_").and_then(Self::from_name)
    }
}

/// The type-specific record of an activity.
#[derive(Debug, Clone)]
pub enum Instance {
    Page(page::Model),
    Url(url::Model),
    Label(label::Model),
    Resource(resource::Model),
    Folder(folder::Model),
    Assign(assign::Model),
    Quiz(quiz::Model),
    Forum(forum::Model),
}

impl Instance {
    pub fn name(&self) -> &str {
        match self {
            Instance::Page(p) => &p.name,
            Instance::Url(u) => &u.name,
            Instance::Label(l) => &l.name,
            Instance::Resource(r) => &r.name,
            Instance::Folder(f) => &f.name,
            Instance::Assign(a) => &a.name,
            Instance::Quiz(q) => &q.name,
            Instance::Forum(f) => &f.name,
        }
    }

    pub fn intro(&self) -> (&str, i32) {
        match self {
            Instance::Page(p) => (&p.intro, p.introformat),
            Instance::Url(u) => (&u.intro, u.introformat),
            Instance::Label(l) => (&l.intro, l.introformat),
            Instance::Resource(r) => (&r.intro, r.introformat),
            Instance::Folder(f) => (&f.intro, f.introformat),
            Instance::Assign(a) => (&a.intro, a.introformat),
            Instance::Quiz(q) => (&q.intro, q.introformat),
            Instance::Forum(f) => (&f.intro, f.introformat),
        }
    }

    pub fn timemodified(&self) -> i64 {
        match self {
            Instance::Page(p) => p.timemodified,
            Instance::Url(u) => u.timemodified,
            Instance::Label(l) => l.timemodified,
            Instance::Resource(r) => r.timemodified,
            Instance::Folder(f) => f.timemodified,
            Instance::Assign(a) => a.timemodified,
            Instance::Quiz(q) => q.timemodified,
            Instance::Forum(f) => f.timemodified,
        }
    }
}

/// An activity with its type, record and context.
#[derive(Debug, Clone)]
pub struct Activity {
    pub cm: course_modules::Model,
    pub kind: ModType,
    pub instance: Instance,
    pub context: context::Model,
}

impl Activity {
    pub fn name(&self) -> &str {
        self.instance.name()
    }
}

/// The ids of the activity types, by type.
pub async fn type_ids<C: ConnectionTrait>(db: &C) -> Result<HashMap<ModType, i64>, ApiError> {
    Ok(modules::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|m| Some((ModType::from_name(&m.name)?, m.id)))
        .collect())
}

/// The course modules of some activities, by (type, instance): one query, whatever their number.
pub async fn cms_of<C: ConnectionTrait>(
    db: &C,
    wanted: &[(ModType, i64)],
) -> Result<HashMap<(ModType, i64), course_modules::Model>, ApiError> {
    if wanted.is_empty() {
        return Ok(HashMap::new());
    }
    let types = type_ids(db).await?;
    let kinds: HashMap<i64, ModType> = types.iter().map(|(t, id)| (*id, *t)).collect();
    let mut out = HashMap::new();
    for chunk in wanted.chunks(500) {
        for cm in course_modules::Entity::find()
            .filter(course_modules::Column::Module.is_in(chunk.iter().filter_map(|(t, _)| types.get(t).copied())))
            .filter(course_modules::Column::Instance.is_in(chunk.iter().map(|(_, i)| *i)))
            .all(db)
            .await?
        {
            if let Some(kind) = kinds.get(&cm.module).copied().filter(|k| chunk.contains(&(*k, cm.instance))) {
                out.insert((kind, cm.instance), cm);
            }
        }
    }
    Ok(out)
}

/// The course module of one activity.
pub async fn cm_of<C: ConnectionTrait>(db: &C, kind: ModType, instance: i64) -> Result<Option<course_modules::Model>, ApiError> {
    Ok(cms_of(db, &[(kind, instance)]).await?.remove(&(kind, instance)))
}

/// Every activity of a course, in id order (sections give the order on the page).
pub async fn of_course<C: ConnectionTrait>(db: &C, courseid: i64) -> Result<Vec<Activity>, ApiError> {
    let cms = course_modules::Entity::find()
        .filter(course_modules::Column::Course.eq(courseid))
        .filter(course_modules::Column::Deletioninprogress.eq(0))
        .order_by_asc(course_modules::Column::Id)
        .all(db)
        .await?;
    complete(db, cms).await
}

/// The activities of some course modules, with their types, records and contexts.
pub async fn complete<C: ConnectionTrait>(db: &C, cms: Vec<course_modules::Model>) -> Result<Vec<Activity>, ApiError> {
    if cms.is_empty() {
        return Ok(Vec::new());
    }
    let types: HashMap<i64, ModType> = type_ids(db).await?.into_iter().map(|(t, id)| (id, t)).collect();
    let ids_of = |t: ModType| -> Vec<i64> {
        cms.iter().filter(|cm| types.get(&cm.module) == Some(&t)).map(|cm| cm.instance).collect()
    };
    let mut records: HashMap<(ModType, i64), Instance> = HashMap::new();
    let (pages, urls, labels) = (ids_of(ModType::Page), ids_of(ModType::Url), ids_of(ModType::Label));
    if !pages.is_empty() {
        for p in page::Entity::find().filter(page::Column::Id.is_in(pages)).all(db).await? {
            records.insert((ModType::Page, p.id), Instance::Page(p));
        }
    }
    if !urls.is_empty() {
        for u in url::Entity::find().filter(url::Column::Id.is_in(urls)).all(db).await? {
            records.insert((ModType::Url, u.id), Instance::Url(u));
        }
    }
    if !labels.is_empty() {
        for l in label::Entity::find().filter(label::Column::Id.is_in(labels)).all(db).await? {
            records.insert((ModType::Label, l.id), Instance::Label(l));
        }
    }
    let assigns = ids_of(ModType::Assign);
    if !assigns.is_empty() {
        for a in assign::Entity::find().filter(assign::Column::Id.is_in(assigns)).all(db).await? {
            records.insert((ModType::Assign, a.id), Instance::Assign(a));
        }
    }
    let forums = ids_of(ModType::Forum);
    if !forums.is_empty() {
        for f in forum::Entity::find().filter(forum::Column::Id.is_in(forums)).all(db).await? {
            records.insert((ModType::Forum, f.id), Instance::Forum(f));
        }
    }
    let quizzes = ids_of(ModType::Quiz);
    if !quizzes.is_empty() {
        for q in quiz::Entity::find().filter(quiz::Column::Id.is_in(quizzes)).all(db).await? {
            records.insert((ModType::Quiz, q.id), Instance::Quiz(q));
        }
    }
    let (resources, folders) = (ids_of(ModType::Resource), ids_of(ModType::Folder));
    if !resources.is_empty() {
        for r in resource::Entity::find().filter(resource::Column::Id.is_in(resources)).all(db).await? {
            records.insert((ModType::Resource, r.id), Instance::Resource(r));
        }
    }
    if !folders.is_empty() {
        for f in folder::Entity::find().filter(folder::Column::Id.is_in(folders)).all(db).await? {
            records.insert((ModType::Folder, f.id), Instance::Folder(f));
        }
    }
    let mut contexts: HashMap<i64, context::Model> = context::Entity::find()
        .filter(context::Column::Contextlevel.eq(contextlevel::MODULE))
        .filter(context::Column::Instanceid.is_in(cms.iter().map(|cm| cm.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.instanceid, c))
        .collect();
    Ok(cms
        .into_iter()
        .filter_map(|cm| {
            let kind = *types.get(&cm.module)?;
            let instance = records.remove(&(kind, cm.instance))?;
            let context = contexts.remove(&cm.id)?;
            Some(Activity { cm, kind, instance, context })
        })
        .collect())
}

/// What every `mod_<type>_get_<types>_by_courses` answer says of an activity.
#[derive(Debug, Object)]
#[oai(rename = "core_course_activity_base", skip_serializing_if_is_none)]
pub struct ActivityBase {
    /// Instance id.
    pub id: i64,
    /// Course module id.
    pub coursemodule: i64,
    /// Course id.
    pub course: i64,
    /// Name.
    pub name: String,
    /// Description (HTML).
    pub intro: String,
    /// Description format (1 = HTML).
    pub introformat: i32,
    /// Files the description embeds (none are stored yet).
    pub introfiles: Option<Vec<ExternalFile>>,
    /// Section number.
    pub section: Option<i32>,
    /// Whether it is visible.
    pub visible: Option<bool>,
    /// Group mode.
    pub groupmode: Option<i32>,
    /// Grouping id.
    pub groupingid: Option<i64>,
    /// Forced language (none).
    pub lang: Option<String>,
}

impl Activity {
    pub fn base(&self, section: i32) -> ActivityBase {
        let (intro, introformat) = self.instance.intro();
        ActivityBase {
            id: self.cm.instance,
            coursemodule: self.cm.id,
            course: self.cm.course,
            name: self.name().to_string(),
            intro: intro.to_string(),
            introformat,
            introfiles: Some(Vec::new()),
            section: Some(section),
            visible: Some(self.cm.visible != 0),
            groupmode: Some(self.cm.groupmode),
            groupingid: Some(self.cm.groupingid),
            lang: None,
        }
    }
}

/// Moodle's `*_by_courses` pattern: the named courses (none: the caller's own) the caller can
/// enter, a warning for each named one they cannot, and the activities of `kind` there they may
/// see and may view (the type's `view` capability), each with its section number.
pub async fn by_courses(
    call: &Call<'_>,
    courseids: &[i64],
    kind: ModType,
) -> Result<(Vec<(Activity, i32)>, Vec<Warning>), ApiError> {
    let db = &call.db();
    let mut warnings = Vec::new();
    let wanted: Vec<i64> = match courseids.is_empty() {
        true => {
            let mut mine: Vec<i64> = call.my_courses().await?.iter().copied().collect();
            mine.sort_unstable();
            mine
        }
        false => {
            let mut ids = courseids.to_vec();
            ids.dedup();
            ids
        }
    };
    let found: HashMap<i64, course::Model> = match wanted.is_empty() {
        true => HashMap::new(),
        false => course::Entity::find()
            .filter(course::Column::Id.is_in(wanted.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect(),
    };
    let ctxs = contexts(db, contextlevel::COURSE, &wanted).await?;
    let mut out = Vec::new();
    for id in wanted {
        let entered = match (found.get(&id), ctxs.get(&id)) {
            (Some(c), Some(ctx)) => call.can_enter(c, &path_of(ctx)).await?,
            _ => false,
        };
        if !entered {
            warnings.push(Warning::new("course", id, "1", "No access rights in course context"));
            continue;
        }
        let sections: HashMap<i64, i32> = course_sections::Entity::find()
            .filter(course_sections::Column::Course.eq(id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.section))
            .collect();
        for a in of_course(db, id).await?.into_iter().filter(|a| a.kind == kind) {
            let path = path_of(&a.context);
            let sees = a.cm.visible != 0 || call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path).await?;
            if sees && call.can(kind.view(), &path).await? {
                let section = sections.get(&a.cm.section).copied().unwrap_or(0);
                out.push((a, section));
            }
        }
    }
    Ok((out, warnings))
}

/// The activity of `kind` whose instance is `instance`, if the caller may open it (as Moodle's
/// `view_*` functions check): `invalidrecord` when there is none, the course's context error when
/// the caller cannot enter it, `requireloginerror` when it is hidden from them, `nopermissions`
/// without `view`.
pub async fn openable(
    call: &Call<'_>,
    kind: ModType,
    instance: i64,
) -> Result<Activity, ApiError> {
    let cm = cm_of(&call.db(), kind, instance)
        .await?
        .ok_or_else(|| code::INVALID_RECORD.with(kind.name()).with_debuginfo(format!("no {} {instance}", kind.name())))?;
    let a = openable_cm(call, cm).await?;
    call.require(kind.view(), &path_of(&a.context)).await?;
    Ok(a)
}

/// A course module the caller may open: they can enter its course and see it (Moodle's module
/// context validation).
pub async fn openable_cm(call: &Call<'_>, cm: course_modules::Model) -> Result<Activity, ApiError> {
    let db = &call.db();
    let c = course::Entity::find_by_id(cm.course).one(db).await?.ok_or_else(|| code::INVALID_RECORD.with("course"))?;
    let a = complete(db, vec![cm]).await?.pop().ok_or_else(|| code::INVALID_RECORD.with("course_modules"))?;
    let path = path_of(&a.context);
    call.enter(&c, &path[..path.len() - 1]).await?;
    if a.cm.visible == 0 && !call.can(cap::COURSE_VIEWHIDDENACTIVITIES, &path).await? {
        return Err(code::REQUIRE_LOGIN.err().with_debuginfo("the activity is hidden"));
    }
    Ok(a)
}

/// How stored text links the files of its area (`@@PLUGINFILE@@/image.png`), as in Moodle.
pub const PLUGINFILE: &str = "@@PLUGINFILE@@/";

/// The files of activities' `content` areas, by context, in folder and name order.
pub async fn content_files<C: ConnectionTrait>(
    db: &C,
    activities: &[&Activity],
) -> Result<HashMap<i64, Vec<files::Model>>, ApiError> {
    let contexts: Vec<i64> =
        activities.iter().filter(|a| matches!(a.kind, ModType::Page | ModType::Resource | ModType::Folder)).map(|a| a.context.id).collect();
    let mut out: HashMap<i64, Vec<files::Model>> = HashMap::new();
    for chunk in contexts.chunks(500) {
        let rows = files::Entity::find()
            .filter(files::Column::Contextid.is_in(chunk.to_vec()))
            .filter(files::Column::Filearea.eq("content"))
            .filter(files::Column::Itemid.eq(0))
            .order_by_asc(files::Column::Filepath)
            .order_by_asc(files::Column::Filename)
            .all(db)
            .await?;
        for f in rows {
            out.entry(f.contextid).or_default().push(f);
        }
    }
    Ok(out)
}

/// A stored activity file as `*_by_courses` functions list it (`contentfiles`).
pub fn external_file(www: &str, revision: i64, f: &files::Model) -> ExternalFile {
    let place = crate::core_files::area::Place { itemid: revision, ..crate::core_files::area::Place::from(f) };
    ExternalFile {
        filename: Some(f.filename.clone()),
        filepath: Some(f.filepath.clone()),
        filesize: Some(f.filesize),
        fileurl: Some(place.url(www)),
        timemodified: Some(f.timemodified),
        mimetype: f.mimetype.clone(),
        isexternalfile: Some(false),
        repositorytype: None,
        icon: Some(file_icon(f.mimetype.as_deref().unwrap_or(""))),
    }
}

/// Moodle's file-type icon for a MIME type (`f/pdf`, `f/image`, ...).
pub fn file_icon(mimetype: &str) -> String {
    let icon = match mimetype {
        "application/pdf" => "pdf",
        m if m.starts_with("image/") => "image",
        m if m.starts_with("audio/") => "audio",
        m if m.starts_with("video/") => "video",
        "text/html" => "html",
        m if m.starts_with("text/") => "text",
        "application/zip" => "archive",
        _ => "unknown",
    };
    format!("f/{icon}")
}
