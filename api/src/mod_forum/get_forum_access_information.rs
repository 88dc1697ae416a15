//! mod_forum_get_forum_access_information: the caller's forum capabilities in a forum.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;

use super::store::forum_activity;
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetForumAccessInformation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_get_forum_access_information_params", deny_unknown_fields)]
pub struct Params {
    /// Forum instance id.
    pub forumid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_get_forum_access_information_returns", skip_serializing_if_is_none)]
pub struct Access {
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
    /// Whether the user has the capability mod/forum:addinstance allowed.
    pub canaddinstance: Option<bool>,
    /// Whether the user has the capability mod/forum:viewdiscussion allowed.
    pub canviewdiscussion: Option<bool>,
    /// Whether the user has the capability mod/forum:viewhiddentimedposts allowed.
    pub canviewhiddentimedposts: Option<bool>,
    /// Whether the user has the capability mod/forum:startdiscussion allowed.
    pub canstartdiscussion: Option<bool>,
    /// Whether the user has the capability mod/forum:replypost allowed.
    pub canreplypost: Option<bool>,
    /// Whether the user has the capability mod/forum:addnews allowed.
    pub canaddnews: Option<bool>,
    /// Whether the user has the capability mod/forum:replynews allowed.
    pub canreplynews: Option<bool>,
    /// Whether the user has the capability mod/forum:viewrating allowed.
    pub canviewrating: Option<bool>,
    /// Whether the user has the capability mod/forum:viewanyrating allowed.
    pub canviewanyrating: Option<bool>,
    /// Whether the user has the capability mod/forum:viewallratings allowed.
    pub canviewallratings: Option<bool>,
    /// Whether the user has the capability mod/forum:rate allowed.
    pub canrate: Option<bool>,
    /// Whether the user has the capability mod/forum:postprivatereply allowed.
    pub canpostprivatereply: Option<bool>,
    /// Whether the user has the capability mod/forum:readprivatereplies allowed.
    pub canreadprivatereplies: Option<bool>,
    /// Whether the user has the capability mod/forum:createattachment allowed.
    pub cancreateattachment: Option<bool>,
    /// Whether the user has the capability mod/forum:deleteownpost allowed.
    pub candeleteownpost: Option<bool>,
    /// Whether the user has the capability mod/forum:deleteanypost allowed.
    pub candeleteanypost: Option<bool>,
    /// Whether the user has the capability mod/forum:splitdiscussions allowed.
    pub cansplitdiscussions: Option<bool>,
    /// Whether the user has the capability mod/forum:movediscussions allowed.
    pub canmovediscussions: Option<bool>,
    /// Whether the user has the capability mod/forum:pindiscussions allowed.
    pub canpindiscussions: Option<bool>,
    /// Whether the user has the capability mod/forum:editanypost allowed.
    pub caneditanypost: Option<bool>,
    /// Whether the user has the capability mod/forum:viewqandawithoutposting allowed.
    pub canviewqandawithoutposting: Option<bool>,
    /// Whether the user has the capability mod/forum:viewsubscribers allowed.
    pub canviewsubscribers: Option<bool>,
    /// Whether the user has the capability mod/forum:managesubscriptions allowed.
    pub canmanagesubscriptions: Option<bool>,
    /// Whether the user has the capability mod/forum:postwithoutthrottling allowed.
    pub canpostwithoutthrottling: Option<bool>,
    /// Whether the user has the capability mod/forum:exportdiscussion allowed.
    pub canexportdiscussion: Option<bool>,
    /// Whether the user has the capability mod/forum:exportforum allowed.
    pub canexportforum: Option<bool>,
    /// Whether the user has the capability mod/forum:exportpost allowed.
    pub canexportpost: Option<bool>,
    /// Whether the user has the capability mod/forum:exportownpost allowed.
    pub canexportownpost: Option<bool>,
    /// Whether the user has the capability mod/forum:addquestion allowed.
    pub canaddquestion: Option<bool>,
    /// Whether the user has the capability mod/forum:allowforcesubscribe allowed.
    pub canallowforcesubscribe: Option<bool>,
    /// Whether the user has the capability mod/forum:canposttomygroups allowed.
    pub cancanposttomygroups: Option<bool>,
    /// Whether the user has the capability mod/forum:canoverridediscussionlock allowed.
    pub cancanoverridediscussionlock: Option<bool>,
    /// Whether the user has the capability mod/forum:canoverridecutoff allowed.
    pub cancanoverridecutoff: Option<bool>,
    /// Whether the user has the capability mod/forum:cantogglefavourite allowed.
    pub cancantogglefavourite: Option<bool>,
    /// Whether the user has the capability mod/forum:grade allowed.
    pub cangrade: Option<bool>,
    /// Whether the user has the capability mod/forum:canmailnow allowed.
    pub cancanmailnow: Option<bool>,
}

impl ExternalFunction for GetForumAccessInformation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_get_forum_access_information",
        summary: "Get the caller's capabilities in a forum",
        description: "Whether the caller holds each forum capability in a forum they may open.",
        checks: &[
            cap::FORUM_ADDINSTANCE,
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_VIEWHIDDENTIMEDPOSTS,
            cap::FORUM_STARTDISCUSSION,
            cap::FORUM_REPLYPOST,
            cap::FORUM_ADDNEWS,
            cap::FORUM_REPLYNEWS,
            cap::FORUM_VIEWRATING,
            cap::FORUM_VIEWANYRATING,
            cap::FORUM_VIEWALLRATINGS,
            cap::FORUM_RATE,
            cap::FORUM_POSTPRIVATEREPLY,
            cap::FORUM_READPRIVATEREPLIES,
            cap::FORUM_CREATEATTACHMENT,
            cap::FORUM_DELETEOWNPOST,
            cap::FORUM_DELETEANYPOST,
            cap::FORUM_SPLITDISCUSSIONS,
            cap::FORUM_MOVEDISCUSSIONS,
            cap::FORUM_PINDISCUSSIONS,
            cap::FORUM_EDITANYPOST,
            cap::FORUM_VIEWQANDAWITHOUTPOSTING,
            cap::FORUM_VIEWSUBSCRIBERS,
            cap::FORUM_MANAGESUBSCRIPTIONS,
            cap::FORUM_POSTWITHOUTTHROTTLING,
            cap::FORUM_EXPORTDISCUSSION,
            cap::FORUM_EXPORTFORUM,
            cap::FORUM_EXPORTPOST,
            cap::FORUM_EXPORTOWNPOST,
            cap::FORUM_ADDQUESTION,
            cap::FORUM_ALLOWFORCESUBSCRIBE,
            cap::FORUM_CANPOSTTOMYGROUPS,
            cap::FORUM_CANOVERRIDEDISCUSSIONLOCK,
            cap::FORUM_CANOVERRIDECUTOFF,
            cap::FORUM_CANTOGGLEFAVOURITE,
            cap::FORUM_GRADE,
            cap::FORUM_CANMAILNOW,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"forumid":1}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Access;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Access, ApiError> {
        let a = forum_activity(call, p.forumid).await?;
        let path = path_of(&a.context);
        Ok(Access {
            warnings: Some(Vec::new()),
            canaddinstance: Some(call.can(cap::FORUM_ADDINSTANCE, &path).await?),
            canviewdiscussion: Some(call.can(cap::FORUM_VIEWDISCUSSION, &path).await?),
            canviewhiddentimedposts: Some(call.can(cap::FORUM_VIEWHIDDENTIMEDPOSTS, &path).await?),
            canstartdiscussion: Some(call.can(cap::FORUM_STARTDISCUSSION, &path).await?),
            canreplypost: Some(call.can(cap::FORUM_REPLYPOST, &path).await?),
            canaddnews: Some(call.can(cap::FORUM_ADDNEWS, &path).await?),
            canreplynews: Some(call.can(cap::FORUM_REPLYNEWS, &path).await?),
            canviewrating: Some(call.can(cap::FORUM_VIEWRATING, &path).await?),
            canviewanyrating: Some(call.can(cap::FORUM_VIEWANYRATING, &path).await?),
            canviewallratings: Some(call.can(cap::FORUM_VIEWALLRATINGS, &path).await?),
            canrate: Some(call.can(cap::FORUM_RATE, &path).await?),
            canpostprivatereply: Some(call.can(cap::FORUM_POSTPRIVATEREPLY, &path).await?),
            canreadprivatereplies: Some(call.can(cap::FORUM_READPRIVATEREPLIES, &path).await?),
            cancreateattachment: Some(call.can(cap::FORUM_CREATEATTACHMENT, &path).await?),
            candeleteownpost: Some(call.can(cap::FORUM_DELETEOWNPOST, &path).await?),
            candeleteanypost: Some(call.can(cap::FORUM_DELETEANYPOST, &path).await?),
            cansplitdiscussions: Some(call.can(cap::FORUM_SPLITDISCUSSIONS, &path).await?),
            canmovediscussions: Some(call.can(cap::FORUM_MOVEDISCUSSIONS, &path).await?),
            canpindiscussions: Some(call.can(cap::FORUM_PINDISCUSSIONS, &path).await?),
            caneditanypost: Some(call.can(cap::FORUM_EDITANYPOST, &path).await?),
            canviewqandawithoutposting: Some(call.can(cap::FORUM_VIEWQANDAWITHOUTPOSTING, &path).await?),
            canviewsubscribers: Some(call.can(cap::FORUM_VIEWSUBSCRIBERS, &path).await?),
            canmanagesubscriptions: Some(call.can(cap::FORUM_MANAGESUBSCRIPTIONS, &path).await?),
            canpostwithoutthrottling: Some(call.can(cap::FORUM_POSTWITHOUTTHROTTLING, &path).await?),
            canexportdiscussion: Some(call.can(cap::FORUM_EXPORTDISCUSSION, &path).await?),
            canexportforum: Some(call.can(cap::FORUM_EXPORTFORUM, &path).await?),
            canexportpost: Some(call.can(cap::FORUM_EXPORTPOST, &path).await?),
            canexportownpost: Some(call.can(cap::FORUM_EXPORTOWNPOST, &path).await?),
            canaddquestion: Some(call.can(cap::FORUM_ADDQUESTION, &path).await?),
            canallowforcesubscribe: Some(call.can(cap::FORUM_ALLOWFORCESUBSCRIBE, &path).await?),
            cancanposttomygroups: Some(call.can(cap::FORUM_CANPOSTTOMYGROUPS, &path).await?),
            cancanoverridediscussionlock: Some(call.can(cap::FORUM_CANOVERRIDEDISCUSSIONLOCK, &path).await?),
            cancanoverridecutoff: Some(call.can(cap::FORUM_CANOVERRIDECUTOFF, &path).await?),
            cancantogglefavourite: Some(call.can(cap::FORUM_CANTOGGLEFAVOURITE, &path).await?),
            cangrade: Some(call.can(cap::FORUM_GRADE, &path).await?),
            cancanmailnow: Some(call.can(cap::FORUM_CANMAILNOW, &path).await?),
        })
    }
}
