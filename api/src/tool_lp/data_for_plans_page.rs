//! tool_lp_data_for_plans_page: the learning plans page of a user. lmsgate keeps no learning
//! plans, so the list is empty; who may see the page is checked as Moodle checks it (the user
//! themselves, or moodle/competency:planview in their context).
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct DataForPlansPage;

#[derive(Debug, Object, Validate)]
#[oai(rename = "tool_lp_data_for_plans_page_params", deny_unknown_fields)]
pub struct Params {
    /// The user whose plans these are.
    pub userid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "tool_lp_data_for_plans_page_returns")]
pub struct PlansPage {
    /// The user.
    pub userid: i64,
    /// Their learning plans (none).
    pub plans: Vec<Plan>,
    /// Base URL of the learning plans pages.
    pub pluginbaseurl: String,
    /// Buttons of the page (HTML; none).
    pub navigation: Vec<String>,
    /// Whether the caller may read the user's evidence of prior learning.
    pub canreaduserevidence: bool,
    /// Whether the caller may manage the user's plans.
    pub canmanageuserplans: bool,
}

/// A learning plan (Moodle's `plan_exporter`); lmsgate keeps none, so this shape is never filled.
#[derive(Debug, Object)]
#[oai(rename = "tool_lp_plan", skip_serializing_if_is_none)]
pub struct Plan {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Description format.
    pub descriptionformat: Option<i64>,
    /// Owner.
    pub userid: i64,
    /// Template.
    pub templateid: i64,
    /// Original template.
    pub origtemplateid: i64,
    /// Status.
    pub status: i64,
    /// Due date (Unix time).
    pub duedate: i64,
    /// Reviewer.
    pub reviewerid: i64,
    /// Id.
    pub id: i64,
    /// Created (Unix time).
    pub timecreated: i64,
    /// Modified (Unix time).
    pub timemodified: i64,
    /// Modified by.
    pub usermodified: i64,
    /// Status name.
    pub statusname: String,
    /// Based on a template.
    pub isbasedontemplate: bool,
    /// May be managed.
    pub canmanage: bool,
    /// A review may be requested.
    pub canrequestreview: bool,
    /// May be reviewed.
    pub canreview: bool,
    /// May be edited.
    pub canbeedited: bool,
    /// Active.
    pub isactive: bool,
    /// Draft.
    pub isdraft: bool,
    /// Completed.
    pub iscompleted: bool,
    /// In review.
    pub isinreview: bool,
    /// Waiting for review.
    pub iswaitingforreview: bool,
    /// May be reopened.
    pub isreopenallowed: bool,
    /// May be completed.
    pub iscompleteallowed: bool,
    /// May be unlinked from its template.
    pub isunlinkallowed: bool,
    /// A review may be requested.
    pub isrequestreviewallowed: bool,
    /// A review request may be cancelled.
    pub iscancelreviewrequestallowed: bool,
    /// A review may start.
    pub isstartreviewallowed: bool,
    /// A review may stop.
    pub isstopreviewallowed: bool,
    /// May be approved.
    pub isapproveallowed: bool,
    /// May be unapproved.
    pub isunapproveallowed: bool,
    /// Due date, formatted.
    pub duedateformatted: String,
    /// Its comments.
    pub commentarea: CommentArea,
    /// Its reviewer.
    pub reviewer: Option<Reviewer>,
    /// Its template.
    pub template: Option<Template>,
    /// Its page.
    pub url: String,
}

/// A comment area (Moodle's `comment_area_exporter`).
#[derive(Debug, Object)]
#[oai(rename = "tool_lp_comment_area")]
pub struct CommentArea {
    /// Component.
    pub component: String,
    /// Area.
    pub commentarea: String,
    /// Item.
    pub itemid: i64,
    /// Course.
    pub courseid: i64,
    /// Context.
    pub contextid: i64,
    /// Client id.
    pub cid: String,
    /// Start expanded.
    pub autostart: bool,
    /// May post.
    pub canpost: bool,
    /// May view.
    pub canview: bool,
    /// Number of comments.
    pub count: i64,
    /// Icon when collapsed.
    pub collapsediconkey: String,
    /// Show the total.
    pub displaytotalcount: bool,
    /// Show cancel.
    pub displaycancel: bool,
    /// Full width.
    pub fullwidth: bool,
    /// Link text.
    pub linktext: String,
    /// No toggle.
    pub notoggle: bool,
    /// Template.
    pub template: String,
    /// May post or has comments.
    pub canpostorhascomments: bool,
}

/// A plan's reviewer (Moodle's `user_summary_exporter`).
#[derive(Debug, Object)]
#[oai(rename = "tool_lp_user_summary")]
pub struct Reviewer {
    /// Id.
    pub id: i64,
    /// Email.
    pub email: String,
    /// Id number.
    pub idnumber: String,
    /// Phone 1.
    pub phone1: String,
    /// Phone 2.
    pub phone2: String,
    /// Department.
    pub department: String,
    /// Institution.
    pub institution: String,
    /// Full name.
    pub fullname: String,
    /// Identity fields shown.
    pub identity: String,
    /// Profile URL.
    pub profileurl: String,
    /// Picture URL.
    pub profileimageurl: String,
    /// Small picture URL.
    pub profileimageurlsmall: String,
}

/// A plan template (Moodle's `template_exporter`).
#[derive(Debug, Object)]
#[oai(rename = "tool_lp_template", skip_serializing_if_is_none)]
pub struct Template {
    /// Short name.
    pub shortname: String,
    /// Description.
    pub description: String,
    /// Description format.
    pub descriptionformat: Option<i64>,
    /// Due date (Unix time).
    pub duedate: i64,
    /// Visible.
    pub visible: bool,
    /// Context.
    pub contextid: i64,
    /// Id.
    pub id: i64,
    /// Created (Unix time).
    pub timecreated: i64,
    /// Modified (Unix time).
    pub timemodified: i64,
    /// Modified by.
    pub usermodified: i64,
    /// Due date, formatted.
    pub duedateformatted: String,
    /// Cohorts using it.
    pub cohortscount: i64,
    /// Plans made from it.
    pub planscount: i64,
    /// May be managed.
    pub canmanage: bool,
    /// May be read.
    pub canread: bool,
    /// Context name.
    pub contextname: String,
    /// Context name without its prefix.
    pub contextnamenoprefix: String,
}

impl ExternalFunction for DataForPlansPage {
    const INFO: FunctionInfo = FunctionInfo {
        name: "tool_lp_data_for_plans_page",
        summary: "Get a user's learning plans page",
        description: "The learning plans page of a user: lmsgate keeps no learning plans, so the list is empty. Another user's page needs moodle/competency:planview in their context.",
        ajax: true,
        checks: &[cap::COMPETENCY_PLANVIEW, cap::COMPETENCY_PLANMANAGE, cap::COMPETENCY_USEREVIDENCEVIEW],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"userid":3}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = PlansPage;

    async fn execute(call: &Call<'_>, p: Params) -> Result<PlansPage, ApiError> {
        let me = call.caller.user().id;
        let path = call.state.user_path(p.userid).await?;
        if p.userid != me && !call.can(cap::COMPETENCY_PLANVIEW, &path).await? {
            return Err(code::NO_PERMISSIONS.with("View all learning plans"));
        }
        let own = p.userid == me;
        Ok(PlansPage {
            userid: p.userid,
            plans: Vec::new(),
            pluginbaseurl: format!("{}/admin/tool/lp", call.state.settings.wwwroot),
            navigation: Vec::new(),
            canreaduserevidence: own || call.can(cap::COMPETENCY_USEREVIDENCEVIEW, &path).await?,
            canmanageuserplans: call.can(cap::COMPETENCY_PLANMANAGE, &path).await?,
        })
    }
}
