//! core_course_get_contents: the sections of a course the caller can enter and their activities
//! in page order; hidden ones only to those who may see them.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use std::collections::HashMap;

use lmsgate_entities::{cap, course_sections, files, seed};

use super::activities::{self, Activity, Instance, ModType};
use crate::core_completion::store as completion;
use super::contents::{ActivityDate, Content, ContentsInfo, Module};
use crate::core_files::area::Place;
use crate::framework::types::{AlphanumExt, OrNull};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetContents;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_contents_params", deny_unknown_fields)]
pub struct Params {
    /// Course id.
    pub courseid: i64,
    /// Options (`excludemodules`, `excludecontents`, `sectionid`, `sectionnumber`, ...).
    #[oai(default, validator(max_items = 20))]
    pub options: Vec<ContentOption>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_get_contents_option", deny_unknown_fields)]
pub struct ContentOption {
    /// Option name.
    pub name: AlphanumExt,
    /// Option value.
    pub value: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_section", skip_serializing_if_is_none)]
pub struct Section {
    /// Section id.
    pub id: i64,
    /// Section name.
    pub name: String,
    /// 1 visible, 0 hidden.
    pub visible: i32,
    /// Summary (HTML).
    pub summary: String,
    /// Summary format (1 = HTML).
    pub summaryformat: i32,
    /// Section number (0 is the general section).
    pub section: i32,
    /// Whether the section is hidden by the number of sections.
    pub hiddenbynumsections: i32,
    /// Whether the caller can see it.
    pub uservisible: bool,
    /// Why it is restricted (none: availability conditions are not used).
    pub availabilityinfo: Option<String>,
    /// The component that delegates the section (none).
    pub component: OrNull<String>,
    /// The delegating component's item (none).
    pub itemid: OrNull<i64>,
    /// Activities, in order.
    pub modules: Vec<Module>,
}

impl ExternalFunction for GetContents {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_contents",
        summary: "Get the sections and activities of a course",
        description: "Return the sections (and activities) of a course the caller can access.",
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENSECTIONS, cap::COURSE_VIEWHIDDENACTIVITIES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        scope: Scope::Course("courseid"),
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Section>;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Section>, ApiError> {
        let db = &call.db();
        let place = call.in_scope(0, p.courseid).await?;
        let (c, path) = (place.course(), &place.path);
        let mut only = Filter::default();
        for (i, o) in p.options.iter().enumerate() {
            let bad = || ApiError::invalid_parameter(format!("options[{i}].value: invalid value {}", o.value));
            let flag = || match o.value.trim() {
                "1" | "true" => Ok(true),
                "0" | "false" | "" => Ok(false),
                _ => Err(bad()),
            };
            match o.name.as_str() {
                "sectionnumber" => only.section = Some(o.value.parse().map_err(|_| bad())?),
                "sectionid" => only.section_id = Some(o.value.parse().map_err(|_| bad())?),
                "excludemodules" => only.no_modules = flag()?,
                "excludecontents" => only.no_contents = flag()?,
                "cmid" => only.cmid = Some(o.value.parse().map_err(|_| bad())?),
                "modname" => only.modname = Some(o.value.clone()),
                "modid" => only.modid = Some(o.value.parse().map_err(|_| bad())?),
                "includestealthmodules" => {
                    flag()?;
                }
                other => {
                    return Err(ApiError::invalid_parameter(format!("options[{i}].name: unknown option {other}")));
                }
            }
        }
        let hidden_sections = call.can(cap::COURSE_VIEWHIDDENSECTIONS, path).await?;
        let hidden_activities = call.can(cap::COURSE_VIEWHIDDENACTIVITIES, path).await?;
        let rows = course_sections::Entity::find()
            .filter(course_sections::Column::Course.eq(c.id))
            .order_by_asc(course_sections::Column::Section)
            .all(db)
            .await?;
        let mut activities: HashMap<i64, Activity> = match only.no_modules {
            true => HashMap::new(),
            false => activities::of_course(db, c.id).await?.into_iter().map(|a| (a.cm.id, a)).collect(),
        };
        let www = &call.state.settings.wwwroot;
        let mut files = activities::content_files(db, &activities.values().collect::<Vec<_>>()).await?;
        // The caller's completion of the tracked activities.
        let me = call.caller.user().id;
        let tracked: Vec<i64> =
            activities.values().filter(|a| completion::tracked(c, &a.cm)).map(|a| a.cm.id).collect();
        let done = completion::states_of(db, me, &tracked).await?;
        let tracked_user = !tracked.is_empty() && completion::is_tracked_user(db, place.context.id, me).await?;
        let mut sections = Vec::new();
        for s in rows {
            if only.section.is_some_and(|n| s.section != n) || only.section_id.is_some_and(|id| s.id != id) {
                continue;
            }
            if s.visible == 0 && !hidden_sections {
                continue;
            }
            let mut modules = Vec::new();
            for cmid in s.sequence.split(',').filter_map(|id| id.trim().parse::<i64>().ok()) {
                let Some(a) = activities.remove(&cmid) else { continue };
                let uservisible = a.cm.visible != 0 || hidden_activities;
                if !uservisible || !only.wants(&a) {
                    continue;
                }
                let own = files.remove(&a.context.id).unwrap_or_default();
                let mut m = module(www, &a, uservisible, only.no_contents, &own);
                if completion::tracked(c, &a.cm) {
                    m.completiondata = Some(completion::data(&a.cm, done.get(&a.cm.id), tracked_user));
                }
                modules.push(m);
            }
            sections.push(Section {
                id: s.id,
                name: s.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| {
                    if s.section == 0 { "General".into() } else { format!("Section {}", s.section) }
                }),
                visible: s.visible,
                summary: s.summary,
                summaryformat: s.summaryformat,
                section: s.section,
                hiddenbynumsections: 0,
                uservisible: true,
                availabilityinfo: None,
                component: OrNull(None),
                itemid: OrNull(None),
                modules,
            });
        }
        Ok(sections)
    }
}

/// What the options ask for.
#[derive(Default)]
struct Filter {
    section: Option<i32>,
    section_id: Option<i64>,
    no_modules: bool,
    no_contents: bool,
    cmid: Option<i64>,
    modname: Option<String>,
    modid: Option<i64>,
}

impl Filter {
    fn wants(&self, a: &Activity) -> bool {
        self.cmid.is_none_or(|id| a.cm.id == id)
            && self.modname.as_deref().is_none_or(|m| a.kind.name() == m)
            && self.modid.is_none_or(|id| a.cm.instance == id)
    }
}

/// A stored file of an activity, as its contents list it.
fn file_content(www: &str, revision: i64, f: &files::Model) -> Content {
    let place = Place { itemid: revision, ..Place::from(f) };
    Content {
        kind: "file".into(),
        filename: f.filename.clone(),
        filepath: OrNull(Some(f.filepath.clone())),
        filesize: f.filesize,
        fileurl: Some(format!("{}?forcedownload=1", place.url(www))),
        content: None,
        timecreated: OrNull(Some(f.timecreated)),
        timemodified: f.timemodified,
        sortorder: OrNull(Some(f.sortorder.into())),
        mimetype: f.mimetype.clone(),
        isexternalfile: Some(false),
        repositorytype: None,
        userid: OrNull(f.userid),
        author: OrNull(f.author.clone()),
        license: OrNull(f.license.clone()),
        tags: None,
    }
}

/// The dates an activity shows (Moodle's `activity_dates`): an assignment's opening and due date,
/// a quiz's opening and closing.
fn activity_dates(instance: &Instance) -> Vec<ActivityDate> {
    let t = lmsgate_entities::now();
    let date = |label: &str, timestamp: i64, dataid: &str| ActivityDate {
        label: label.into(),
        timestamp,
        relativeto: None,
        dataid: Some(dataid.into()),
    };
    let mut dates = Vec::new();
    match instance {
        Instance::Assign(x) => {
            if x.allowsubmissionsfromdate > 0 {
                let label = if x.allowsubmissionsfromdate > t { "Opens:" } else { "Opened:" };
                dates.push(date(label, x.allowsubmissionsfromdate, "allowsubmissionsfromdate"));
            }
            if x.duedate > 0 {
                dates.push(date("Due:", x.duedate, "duedate"));
            }
        }
        Instance::Quiz(q) => {
            if q.timeopen > 0 {
                dates.push(date(if q.timeopen > t { "Opens:" } else { "Opened:" }, q.timeopen, "timeopen"));
            }
            if q.timeclose > 0 {
                dates.push(date(if q.timeclose > t { "Closes:" } else { "Closed:" }, q.timeclose, "timeclose"));
            }
        }
        _ => {}
    }
    dates
}

/// An activity as the course page shows it.
fn module(www: &str, a: &Activity, uservisible: bool, no_contents: bool, stored: &[files::Model]) -> Module {
    let kind = a.kind;
    let (intro, _) = a.instance.intro();
    let files = |revision: i64| stored.iter().map(|f| file_content(www, revision, f)).collect::<Vec<_>>();
    let contents = match &a.instance {
        Instance::Label(_) | Instance::Assign(_) | Instance::Quiz(_) | Instance::Forum(_) => None,
        Instance::Resource(r) => Some(files(r.revision)),
        Instance::Folder(f) => Some(files(f.revision)),
        // index.html first, then the files it shows (Moodle's page_export_contents).
        Instance::Page(p) => Some([Content {
            kind: "file".into(),
            filename: "index.html".into(),
            filepath: OrNull(Some("/".into())),
            filesize: 0,
            fileurl: Some(format!(
                "{www}/webservice/pluginfile.php/{}/mod_page/content/index.html?forcedownload=1",
                a.context.id
            )),
            content: None,
            timecreated: OrNull(None),
            timemodified: p.timemodified,
            sortorder: OrNull(Some(1)),
            mimetype: None,
            isexternalfile: None,
            repositorytype: None,
            userid: OrNull(None),
            author: OrNull(None),
            license: OrNull(None),
            tags: None,
        }].into_iter().chain(files(p.revision)).collect()),
        Instance::Url(u) => Some(vec![Content {
            kind: "url".into(),
            filename: u.name.clone(),
            filepath: OrNull(None),
            filesize: 0,
            fileurl: Some(u.externalurl.clone()),
            content: None,
            timecreated: OrNull(None),
            timemodified: u.timemodified,
            sortorder: OrNull(None),
            mimetype: None,
            isexternalfile: None,
            repositorytype: None,
            userid: OrNull(None),
            author: OrNull(None),
            license: OrNull(None),
            tags: None,
        }]),
    };
    let contentsinfo = contents.as_ref().map(|list| ContentsInfo {
        filescount: list.len() as i64,
        filessize: list.iter().map(|c| c.filesize).sum(),
        lastmodified: list.iter().map(|c| c.timemodified).max().unwrap_or(0),
        mimetypes: {
            let mut types: Vec<String> = list.iter().filter_map(|c| c.mimetype.clone()).collect();
            types.sort();
            types.dedup();
            types
        },
        repositorytype: Some(String::new()),
    });
    let customdata = match &a.instance {
        Instance::Url(u) => format!(r#"{{"display":"{}","filtericon":true}}"#, u.display),
        // Moodle sends the opening date as a string here.
        Instance::Assign(x) => {
            format!(r#"{{"duedate":{},"allowsubmissionsfromdate":"{}"}}"#, x.duedate, x.allowsubmissionsfromdate)
        }
        Instance::Forum(f) => format!(r#"{{"trackingtype":"{}"}}"#, f.trackingtype),
        Instance::Resource(r) => crate::mod_resource::display::customdata(r, stored),
        Instance::Quiz(q) => {
            let mut dates = Vec::new();
            if q.timeopen > 0 {
                dates.push(format!(r#""timeopen":"{}""#, q.timeopen));
            }
            if q.timeclose > 0 {
                dates.push(format!(r#""timeclose":"{}""#, q.timeclose));
            }
            format!("{{{}}}", dates.join(","))
        }
        _ => r#""""#.into(),
    };
    Module {
        id: a.cm.id,
        url: kind.has_view().then(|| format!("{www}/mod/{}/view.php?id={}", kind.name(), a.cm.id)),
        name: a.name().to_string(),
        instance: Some(a.cm.instance),
        contextid: Some(a.context.id),
        description: (kind == ModType::Label || a.cm.showdescription != 0)
            .then(|| format!(r#"<div class="no-overflow">{intro}</div>"#)),
        visible: Some(a.cm.visible),
        uservisible: Some(uservisible),
        availabilityinfo: None,
        visibleoncoursepage: Some(a.cm.visibleoncoursepage),
        modicon: format!("{www}/theme/image.php/boost/{}/1/monologo?filtericon=1", kind.name()),
        modname: kind.name().into(),
        purpose: kind.purpose().into(),
        branded: Some(false),
        modplural: kind.plural().into(),
        availability: None,
        indent: a.cm.indent,
        onclick: Some(match &a.instance {
            // Moodle's `url_get_coursemodule_info` for a URL shown in a new window.
            Instance::Url(u) if u.display == 3 => {
                format!("window.open('{www}/mod/url/view.php?id={}&amp;redirect=1'); return false;", a.cm.id)
            }
            _ => String::new(),
        }),
        afterlink: OrNull(None),
        activitybadge: None,
        customdata: Some(customdata),
        noviewlink: Some(!kind.has_view()),
        completion: Some(a.cm.completion),
        completiondata: None,
        downloadcontent: Some(1),
        dates: activity_dates(&a.instance),
        groupmode: Some(a.cm.groupmode),
        contents: contents.map(|list| if no_contents { Vec::new() } else { list }),
        contentsinfo,
    }
}
