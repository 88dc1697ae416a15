//! core_block_get_dashboard_blocks: the blocks of the Dashboard (`__default`) and My courses
//! (`__courses`) pages, as a new Moodle site places them. The app draws these blocks itself
//! from the other functions; lmsgate renders no block HTML, so `contents` is never sent.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::{ExternalFile, Warning};
use crate::framework::types::{OrNull, Text};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetDashboardBlocks;

fn default_page() -> Text {
    Text("__default".into())
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_block_get_dashboard_blocks_params", deny_unknown_fields)]
pub struct Params {
    /// The user whose page it is; 0 for the caller (another user's needs moodle/site:config).
    #[oai(default)]
    pub userid: i64,
    /// Whether to return the blocks' contents (lmsgate renders none).
    #[oai(default)]
    pub returncontents: bool,
    /// The page: `__default` (Dashboard) or `__courses` (My courses).
    #[oai(default = "default_page", validator(max_length = 100))]
    pub mypage: Text,
}

/// What a block shows.
#[derive(Debug, Object)]
#[oai(rename = "core_block_contents")]
pub struct BlockContents {
    /// Block title.
    pub title: String,
    /// Block content (HTML).
    pub content: String,
    /// Content format (1 = HTML).
    pub contentformat: i64,
    /// Block footer.
    pub footer: String,
    /// Block files.
    pub files: Vec<ExternalFile>,
}

/// A configuration setting of a block.
#[derive(Debug, Object)]
#[oai(rename = "core_block_config")]
pub struct BlockConfig {
    /// Name.
    pub name: String,
    /// The value, JSON-encoded.
    pub value: String,
    /// `instance` or `plugin`.
    #[oai(rename = "type")]
    pub kind: String,
}

/// A block on the page.
#[derive(Debug, Object)]
#[oai(rename = "core_block_block", skip_serializing_if_is_none)]
pub struct Block {
    /// Block instance id.
    pub instanceid: i64,
    /// Block name, e.g. `timeline`.
    pub name: String,
    /// Region: `content` or `side-pre`.
    pub region: String,
    /// Position id (null: the default position).
    pub positionid: OrNull<i64>,
    /// Whether it can be collapsed.
    pub collapsible: bool,
    /// Whether it can be docked.
    pub dockable: bool,
    /// Order within its region.
    pub weight: Option<i64>,
    /// Whether it is visible.
    pub visible: Option<bool>,
    /// Its contents (never: lmsgate renders no block HTML).
    pub contents: Option<BlockContents>,
    /// Its settings.
    pub configs: Option<Vec<BlockConfig>>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_block_get_dashboard_blocks_returns", skip_serializing_if_is_none)]
pub struct Returns {
    /// The page's blocks.
    pub blocks: Vec<Block>,
    /// Warnings (none).
    pub warnings: Option<Vec<Warning>>,
}

/// The blocks of a new Moodle site's pages: (page, instance id, name, region, weight).
const BLOCKS: &[(&str, i64, &str, &str, i64)] = &[
    ("__default", 3, "timeline", "content", 0),
    ("__default", 4, "calendar_month", "content", 1),
    ("__default", 2, "recentlyaccesseditems", "side-pre", 0),
    ("__courses", 5, "myoverview", "content", 0),
];

/// The Course overview block's plugin settings, as a new site has them.
const MYOVERVIEW: &[(&str, &str)] = &[
    ("displaycategories", "1"),
    ("layouts", "card,list,summary"),
    ("displaygroupingallincludinghidden", "0"),
    ("displaygroupingall", "1"),
    ("displaygroupinginprogress", "1"),
    ("displaygroupingpast", "1"),
    ("displaygroupingfuture", "1"),
    ("displaygroupingcustomfield", "0"),
    ("customfiltergrouping", ""),
    ("displaygroupingfavourites", "1"),
    ("displaygroupinghidden", "1"),
];

impl ExternalFunction for GetDashboardBlocks {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_block_get_dashboard_blocks",
        summary: "Get the blocks of the Dashboard or My courses",
        description: "Return the blocks of the caller's Dashboard (`__default`) or My courses (`__courses`) page, as a new Moodle site places them.",
        checks: &[cap::SITE_CONFIG],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"mypage":"__courses"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        call.require_self_or_site_config(p.userid).await?;
        let blocks = BLOCKS
            .iter()
            .filter(|(page, ..)| *page == p.mypage.0)
            .map(|&(_, instanceid, name, region, weight)| Block {
                instanceid,
                name: name.into(),
                region: region.into(),
                positionid: OrNull(None),
                collapsible: true,
                dockable: false,
                weight: Some(weight),
                visible: Some(true),
                contents: None,
                configs: (name == "myoverview").then(|| {
                    std::iter::once(("version", seed::BLOCK_VERSION))
                        .chain(MYOVERVIEW.iter().copied())
                        .map(|(n, v)| BlockConfig {
                            name: n.into(),
                            value: serde_json::Value::from(v).to_string(),
                            kind: "plugin".into(),
                        })
                        .collect()
                }),
            })
            .collect();
        Ok(Returns { blocks, warnings: Some(Vec::new()) })
    }
}
