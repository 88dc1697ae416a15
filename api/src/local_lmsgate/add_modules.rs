//! local_lmsgate_add_modules: add activities (page, url, label, file, folder, assignment, quiz, forum) to course sections, as a teacher
//! does on the course page. Moodle 4.5 has no web service for it. Each needs
//! moodle/course:manageactivities in the course and the type's `mod/<type>:addinstance`; all of
//! them are added, or none when one cannot be.
use poem_openapi::{Enum, Object};
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{
    assign, cap, course_sections, folder, forum, label, now, page, quiz, resource, url,
};

use crate::core_calendar::store::add_activity_event;
use crate::core_course::activities::{ModType, type_ids};
use crate::core_course::placement::{self, Placement};
use crate::core_grades::gradebook::Gradebook;
use crate::core_files::area::{self, DRAFT, Origin, Place, USER};
use crate::framework::types::NoTags;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind, Scope};

pub struct AddModules;

/// The activity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "local_lmsgate_modname", rename_all = "lowercase")]
pub enum ModName {
    Page,
    Url,
    Label,
    Resource,
    Folder,
    Assign,
    Quiz,
    Forum,
}

/// A forum's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Enum)]
#[oai(rename = "local_lmsgate_forum_type", rename_all = "lowercase")]
pub enum ForumType {
    /// A standard forum: everyone may start discussions and reply.
    #[default]
    General,
    /// Announcements: teachers post, students read.
    News,
}

impl From<ModName> for ModType {
    fn from(m: ModName) -> Self {
        match m {
            ModName::Page => ModType::Page,
            ModName::Url => ModType::Url,
            ModName::Label => ModType::Label,
            ModName::Resource => ModType::Resource,
            ModName::Folder => ModType::Folder,
            ModName::Assign => ModType::Assign,
            ModName::Quiz => ModType::Quiz,
            ModName::Forum => ModType::Forum,
        }
    }
}

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_new_module", deny_unknown_fields)]
pub struct NewModule {
    /// Course id.
    pub courseid: i64,
    /// Section number (0 is the general section).
    #[oai(default, validator(minimum(value = "0")))]
    pub section: i32,
    /// Activity type.
    pub modname: ModName,
    /// Name (for a label, the start of its text when left out).
    #[oai(validator(max_length = 255))]
    pub name: Option<NoTags>,
    /// Description (HTML); a label's text.
    #[oai(default)]
    pub intro: String,
    /// A page's content (HTML). It shows files of its draft area as Moodle stores such links:
    /// `<img src="@@PLUGINFILE@@/cell.png">`.
    pub content: Option<String>,
    /// A draft item id of the caller's whose files the activity gets: a file resource's file
    /// (needed), a folder's files, a page's images.
    pub draftitemid: Option<i64>,
    /// A URL's address (http or https).
    #[oai(validator(max_length = 1333))]
    pub externalurl: Option<String>,
    /// How a URL opens, as Moodle's `display`: 0 automatic (the default), 1 embedded, 3 in a new
    /// window, 5 in the same window, 6 in a pop-up.
    #[oai(default)]
    pub display: i32,
    /// Whether students see it.
    #[oai(default = "yes")]
    pub visible: bool,
    /// Completion tracking: 0 none, 1 students mark it done, 2 automatic (on view, with
    /// `completionview`).
    #[oai(default, validator(minimum(value = "0"), maximum(value = "2")))]
    pub completion: i32,
    /// With automatic completion: done once viewed.
    #[oai(default)]
    pub completionview: bool,
    /// An assignment's due date (Unix time, 0: none).
    #[oai(default, validator(minimum(value = "0")))]
    pub duedate: i64,
    /// When an assignment starts taking submissions (0: now).
    #[oai(default, validator(minimum(value = "0")))]
    pub allowsubmissionsfromdate: i64,
    /// When an assignment stops taking them (0: never).
    #[oai(default, validator(minimum(value = "0")))]
    pub cutoffdate: i64,
    /// When grading should be done (0: no reminder).
    #[oai(default, validator(minimum(value = "0")))]
    pub gradingduedate: i64,
    /// An assignment's or quiz's maximum grade (0: not graded; Moodle's point maximum is 100).
    #[oai(default = "hundred", validator(minimum(value = "0"), maximum(value = "100")))]
    pub grade: i64,
    /// Whether an assignment takes online text.
    #[oai(default = "yes")]
    pub onlinetext: bool,
    /// How many files an assignment submission may hold (0: no files).
    #[oai(default = "one", validator(minimum(value = "0"), maximum(value = "20")))]
    pub maxfilesubmissions: i32,
    /// The largest file an assignment accepts, in bytes (0: the site's limit).
    #[oai(default, validator(minimum(value = "0")))]
    pub maxsubmissionsizebytes: i64,
    /// Whether students must press "submit" after saving a draft.
    #[oai(default)]
    pub submissiondrafts: bool,
    /// When a quiz opens (0: always open).
    #[oai(default, validator(minimum(value = "0")))]
    pub timeopen: i64,
    /// When a quiz closes (0: never).
    #[oai(default, validator(minimum(value = "0")))]
    pub timeclose: i64,
    /// A quiz's time limit in seconds (0: none).
    #[oai(default, validator(minimum(value = "0")))]
    pub timelimit: i64,
    /// How many attempts a quiz allows (0: unlimited).
    #[oai(default, validator(minimum(value = "0"), maximum(value = "10")))]
    pub attempts: i32,
    /// How a quiz grades several attempts: 1 highest, 2 average, 3 first, 4 last.
    #[oai(default = "one", validator(minimum(value = "1"), maximum(value = "4")))]
    pub grademethod: i32,
    /// A forum's type.
    #[oai(default)]
    pub forumtype: ForumType,
    /// How many files a forum post may carry (0: none).
    #[oai(default = "nine", validator(minimum(value = "0"), maximum(value = "100")))]
    pub maxattachments: i32,
}

fn nine() -> i32 {
    9
}

fn hundred() -> i64 {
    100
}

fn one() -> i32 {
    1
}

fn yes() -> bool {
    true
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "local_lmsgate_add_modules_params", deny_unknown_fields)]
pub struct Params {
    /// The activities, at most 100.
    #[oai(validator(min_items = 1, max_items = 100))]
    pub modules: Vec<NewModule>,
}

#[derive(Debug, Object)]
#[oai(rename = "local_lmsgate_added_module")]
pub struct AddedModule {
    /// Course module id.
    pub id: i64,
    /// Instance id in the type's table.
    pub instance: i64,
    /// The activity's context.
    pub contextid: i64,
}

impl ExternalFunction for AddModules {
    const INFO: FunctionInfo = FunctionInfo {
        name: "local_lmsgate_add_modules",
        summary: "Add activities to course sections",
        description: "Add pages, URLs, text-and-media areas, files, folders, assignments, quizzes and forums (their files from a draft area of the caller's) to course sections (beyond Moodle, which has no web service for it). Needs moodle/course:manageactivities and mod/<type>:addinstance in the course; all are added, or none.",
        kind: Kind::Write,
        requires: &[cap::COURSE_MANAGEACTIVITIES],
        checks: &[
            cap::PAGE_ADDINSTANCE,
            cap::URL_ADDINSTANCE,
            cap::LABEL_ADDINSTANCE,
            cap::RESOURCE_ADDINSTANCE,
            cap::FOLDER_ADDINSTANCE,
            cap::ASSIGN_ADDINSTANCE,
            cap::QUIZ_ADDINSTANCE,
            cap::FORUM_ADDINSTANCE,
        ],
        scope: Scope::Course("modules[].courseid"),
        example: r#"{"modules":[{"courseid":2,"section":1,"modname":"page","name":"Welcome","content":"<p>Hello</p>"}]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<AddedModule>;

    fn scope(p: &Params) -> Vec<i64> {
        p.modules.iter().map(|m| m.courseid).collect()
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<AddedModule>, ApiError> {
        let txn = call.write().await?;
        let types = type_ids(&txn).await?;
        let mut added = Vec::with_capacity(p.modules.len());
        for (i, m) in p.modules.into_iter().enumerate() {
            let at = format!("modules[{i}]");
            let place = call.in_scope(i, m.courseid).await?;
            let kind = ModType::from(m.modname);
            call.require(kind.addinstance(), &place.path).await?;
            let section = course_sections::Entity::find()
                .filter(course_sections::Column::Course.eq(m.courseid))
                .filter(course_sections::Column::Section.eq(m.section))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid_parameter(format!("{at}.section: the course has no section {}", m.section))
                })?;
            if m.completion == 2 && !(m.completionview && kind.has_view()) {
                return Err(ApiError::invalid_parameter(format!(
                    "{at}.completion: automatic completion needs completionview (the one rule here) and an activity with a page"
                )));
            }
            let name = m.name.map(|n| n.0.trim().to_string()).filter(|n| !n.is_empty());
            let draft = match m.draftitemid {
                Some(item) if item > 0 => {
                    let userctx = area::user_context(&txn, call.caller.user().id).await?;
                    let files = area::list(&txn, userctx.id, USER, DRAFT, item).await?;
                    if files.is_empty() {
                        return Err(ApiError::invalid_parameter(format!(
                            "{at}.draftitemid: you have no draft area {item} with files"
                        )));
                    }
                    files
                }
                _ => Vec::new(),
            };
            let t = now();
            let instance = match kind {
                ModType::Page => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a page needs a name")))?;
                    page::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        content: Set(m.content.unwrap_or_default()),
                        contentformat: Set(1),
                        display: Set(5),
                        displayoptions: Set(r#"a:2:{s:10:"printintro";i:0;s:17:"printlastmodified";i:1;}"#.into()),
                        revision: Set(1),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
                ModType::Url => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a URL needs a name")))?;
                    let address = m.externalurl.map(|u| u.trim().to_string()).unwrap_or_default();
                    let parsed = address.parse::<poem::http::Uri>().ok();
                    if !parsed.is_some_and(|u| matches!(u.scheme_str(), Some("http" | "https")) && u.host().is_some()) {
                        return Err(ApiError::invalid_parameter(format!(
                            "{at}.externalurl: an http or https address is needed, got \"{address}\""
                        )));
                    }
                    if ![0, 1, 3, 5, 6].contains(&m.display) {
                        return Err(ApiError::invalid_parameter(format!(
                            "{at}.display: one of 0, 1, 3, 5 or 6, got {}",
                            m.display
                        )));
                    }
                    url::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        externalurl: Set(address),
                        display: Set(m.display),
                        displayoptions: Set("a:0:{}".into()),
                        parameters: Set("a:0:{}".into()),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
                ModType::Resource => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a file needs a name")))?;
                    if draft.is_empty() {
                        return Err(ApiError::invalid_parameter(format!(
                            "{at}.draftitemid: a file resource needs a draft area holding its file"
                        )));
                    }
                    resource::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        tobemigrated: Set(0),
                        legacyfiles: Set(0),
                        display: Set(0),
                        displayoptions: Set(r#"a:2:{s:8:"showsize";i:1;s:8:"showtype";i:1;}"#.into()),
                        filterfiles: Set(0),
                        revision: Set(1),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
                ModType::Folder => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a folder needs a name")))?;
                    folder::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        revision: Set(1),
                        timemodified: Set(t),
                        display: Set(0),
                        showexpanded: Set(1),
                        showdownloadfolder: Set(1),
                        forcedownload: Set(1),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
                ModType::Assign => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: an assignment needs a name")))?;
                    let opens = if m.allowsubmissionsfromdate == 0 { t } else { m.allowsubmissionsfromdate };
                    for (field, date) in [("duedate", m.duedate), ("cutoffdate", m.cutoffdate)] {
                        if date != 0 && date < opens {
                            return Err(ApiError::invalid_parameter(format!(
                                "{at}.{field}: {date} is before submissions open ({opens})"
                            )));
                        }
                    }
                    if m.cutoffdate != 0 && m.duedate != 0 && m.cutoffdate < m.duedate {
                        return Err(ApiError::invalid_parameter(format!("{at}.cutoffdate: before the due date")));
                    }
                    if m.gradingduedate != 0 && m.duedate != 0 && m.gradingduedate < m.duedate {
                        return Err(ApiError::invalid_parameter(format!("{at}.gradingduedate: before the due date")));
                    }
                    let x = assign::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        alwaysshowdescription: Set(1),
                        submissiondrafts: Set(i32::from(m.submissiondrafts)),
                        sendstudentnotifications: Set(1),
                        duedate: Set(m.duedate),
                        allowsubmissionsfromdate: Set(opens),
                        cutoffdate: Set(m.cutoffdate),
                        gradingduedate: Set(m.gradingduedate),
                        grade: Set(m.grade),
                        onlinetext: Set(i32::from(m.onlinetext)),
                        maxfilesubmissions: Set(m.maxfilesubmissions),
                        maxsubmissionsizebytes: Set(m.maxsubmissionsizebytes),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?;
                    if x.grade > 0 {
                        let mut book = Gradebook::ensure(&txn, m.courseid).await?;
                        book.add_activity_item(&txn, "assign", x.id, &x.name, x.grade as f64).await?;
                    }
                    x.id
                }
                ModType::Quiz => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a quiz needs a name")))?;
                    if m.timeclose != 0 && m.timeclose < m.timeopen {
                        return Err(ApiError::invalid_parameter(format!("{at}.timeclose: before the quiz opens")));
                    }
                    let q = quiz::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        timeopen: Set(m.timeopen),
                        timeclose: Set(m.timeclose),
                        timelimit: Set(m.timelimit),
                        attempts: Set(m.attempts),
                        grademethod: Set(m.grademethod),
                        sumgrades: Set(0.0),
                        grade: Set(m.grade as f64),
                        timecreated: Set(t),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?;
                    if m.grade > 0 {
                        let mut book = Gradebook::ensure(&txn, m.courseid).await?;
                        book.add_activity_item(&txn, "quiz", q.id, &q.name, q.grade).await?;
                    }
                    q.id
                }
                ModType::Forum => {
                    let name = name.ok_or_else(|| ApiError::invalid_parameter(format!("{at}.name: a forum needs a name")))?;
                    let news = m.forumtype == ForumType::News;
                    forum::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        kind: Set(if news { "news" } else { "general" }.into()),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        maxbytes: Set(0),
                        maxattachments: Set(m.maxattachments),
                        // Everyone is subscribed to announcements, as in Moodle.
                        forcesubscribe: Set(i32::from(news)),
                        trackingtype: Set(1),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
                ModType::Label => {
                    if m.intro.trim().is_empty() {
                        return Err(ApiError::invalid_parameter(format!("{at}.intro: a label needs its text")));
                    }
                    let name = name.unwrap_or_else(|| label_name(&m.intro));
                    label::ActiveModel {
                        id: NotSet,
                        course: Set(m.courseid),
                        name: Set(name),
                        intro: Set(m.intro),
                        introformat: Set(1),
                        timemodified: Set(t),
                    }
                    .insert(&txn)
                    .await?
                    .id
                }
            };
            let how = Placement { visible: m.visible, completion: m.completion, completionview: m.completionview };
            let parent = place.path.iter().map(|id| id.to_string()).collect::<Vec<_>>().join("/");
            let visible = m.visible && section.visible != 0;
            let (cm, ctx) = placement::place(&txn, &types, kind, instance, section, &format!("/{parent}"), how, t).await?;
            // The activity's dates in the course calendar (the timeline shows a due assignment).
            let dates: Vec<(&str, &str, i64)> = match kind {
                ModType::Assign => vec![("due", "is due", m.duedate)],
                ModType::Quiz => vec![("open", "opens", m.timeopen), ("close", "closes", m.timeclose)],
                _ => Vec::new(),
            };
            for (eventtype, what, time) in dates.into_iter().filter(|(_, _, t)| *t > 0) {
                let name = format!("{} {what}", name_of(&txn, kind, instance).await?);
                add_activity_event(&txn, m.courseid, call.caller.user().id, kind, instance, eventtype, name, time, visible)
                    .await?;
            }
            // The draft's files become the activity's (the same contents: no copy in the store);
            // a file resource's main file is the first one uploaded.
            let main = draft.iter().map(|f| f.id).min();
            for f in &draft {
                let place = Place {
                    contextid: ctx.id,
                    component: kind.component(),
                    filearea: "content".into(),
                    itemid: 0,
                    ..Place::from(f)
                };
                let origin = Origin {
                    userid: f.userid.unwrap_or(call.caller.user().id),
                    author: f.author.clone().unwrap_or_default(),
                    license: f.license.clone().unwrap_or_default(),
                    source: f.source.clone().unwrap_or_default(),
                };
                let row = area::insert(&txn, &place, &origin, &f.contenthash, f.filesize as u64).await?;
                if Some(f.id) == main && kind == ModType::Resource {
                    let mut main: lmsgate_entities::files::ActiveModel = row.into();
                    main.sortorder = Set(1);
                    main.update(&txn).await?;
                }
            }
            added.push(AddedModule { id: cm.id, instance, contextid: ctx.id });
        }
        Ok(added)
    }
}

/// The name an activity was given.
async fn name_of<C: sea_orm::ConnectionTrait>(db: &C, kind: ModType, instance: i64) -> Result<String, ApiError> {
    let name = match kind {
        ModType::Assign => assign::Entity::find_by_id(instance).one(db).await?.map(|x| x.name),
        ModType::Quiz => quiz::Entity::find_by_id(instance).one(db).await?.map(|q| q.name),
        _ => None,
    };
    Ok(name.unwrap_or_default())
}

/// Moodle names a label by its text, tags removed: the first 50 characters, then `...`.
fn label_name(intro: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in intro.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() > 50 { format!("{}...", words.chars().take(50).collect::<String>()) } else { words }
}
