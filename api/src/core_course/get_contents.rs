//! core_course_get_contents: the sections of a course the caller can enter. Activities are not
//! stored yet, so every section's module list is empty.
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, course_sections, seed};

use crate::framework::types::AlphanumExt;
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

/// An activity in a section.
#[derive(Debug, Object)]
#[oai(rename = "core_course_module")]
pub struct Module {
    /// Course module id.
    pub id: i64,
    /// Activity name.
    pub name: String,
    /// Module type, e.g. `forum`.
    pub modname: String,
    /// Instance id in the module's table.
    pub instance: i64,
    /// 1 visible, 0 hidden.
    pub visible: i32,
    /// Whether the caller can see it.
    pub uservisible: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_section")]
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
    /// Activities, in order.
    pub modules: Vec<Module>,
}

impl ExternalFunction for GetContents {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_contents",
        summary: "Get the sections and activities of a course",
        description: "Return the sections (and activities) of a course the caller can access.",
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENSECTIONS],
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
        let mut only: Option<i32> = None;
        let mut only_id: Option<i64> = None;
        for (i, o) in p.options.iter().enumerate() {
            let bad = || ApiError::invalid_parameter(format!("options[{i}].value: invalid value {}", o.value));
            match o.name.as_str() {
                "sectionnumber" => only = Some(o.value.parse().map_err(|_| bad())?),
                "sectionid" => only_id = Some(o.value.parse().map_err(|_| bad())?),
                "excludemodules" | "excludecontents" | "includestealthmodules" | "modname" | "modid" | "cmid" => {}
                other => {
                    return Err(ApiError::invalid_parameter(format!("options[{i}].name: unknown option {other}")));
                }
            }
        }
        let hidden_ok = call.can(cap::COURSE_VIEWHIDDENSECTIONS, path).await?;
        let rows = course_sections::Entity::find()
            .filter(course_sections::Column::Course.eq(c.id))
            .order_by_asc(course_sections::Column::Section)
            .all(db)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|s| only.is_none_or(|n| s.section == n) && only_id.is_none_or(|id| s.id == id))
            .filter(|s| s.visible != 0 || hidden_ok)
            .map(|s| Section {
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
                modules: Vec::new(),
            })
            .collect())
    }
}
