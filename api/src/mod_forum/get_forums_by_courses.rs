//! mod_forum_get_forums_by_courses: the forums of courses (the caller's by default), with how
//! many discussions each has and whether the caller may start one.
use std::collections::HashMap;

use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, forum_discussions, seed};

use super::store::{can_start, forum_of};
use crate::common::ExternalFile;
use crate::core_course::activities::{ModType, by_courses};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct GetForumsByCourses;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_get_forums_by_courses_params", deny_unknown_fields)]
pub struct Params {
    /// Courses (none: the caller's), at most 1,000.
    #[oai(default, validator(max_items = 1000))]
    pub courseids: Vec<i64>,
}

/// A forum and its settings.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_forum", skip_serializing_if_is_none)]
pub struct Forum {
    /// Forum id.
    pub id: i64,
    /// Course id.
    pub course: i64,
    /// The forum type (`general`, `news`).
    #[oai(rename = "type")]
    pub kind: String,
    /// Forum name.
    pub name: String,
    /// The forum intro.
    pub intro: String,
    /// Intro format.
    pub introformat: i32,
    /// Files the intro embeds.
    pub introfiles: Option<Vec<ExternalFile>>,
    /// Forced activity language.
    pub lang: Option<String>,
    /// Due date for grading.
    pub duedate: Option<i64>,
    /// Cut-off date for posting.
    pub cutoffdate: Option<i64>,
    /// Aggregate type of ratings.
    pub assessed: i32,
    /// Ratings start time.
    pub assesstimestart: i64,
    /// Ratings finish time.
    pub assesstimefinish: i64,
    /// Scale.
    pub scale: i64,
    /// Whole forum grade.
    pub grade_forum: i64,
    /// Whether to notify students of grades.
    pub grade_forum_notify: i32,
    /// Maximum attachment size.
    pub maxbytes: i64,
    /// Maximum number of attachments.
    pub maxattachments: i32,
    /// Force users to subscribe.
    pub forcesubscribe: i32,
    /// Read tracking.
    pub trackingtype: i32,
    /// RSS feed for this activity.
    pub rsstype: i32,
    /// Number of RSS recent articles.
    pub rssarticles: i32,
    /// Time modified.
    pub timemodified: i64,
    /// Post threshold for warning.
    pub warnafter: i32,
    /// Post threshold for blocking.
    pub blockafter: i32,
    /// Time period for blocking.
    pub blockperiod: i64,
    /// Student must create discussions.
    pub completiondiscussions: i32,
    /// Student must post replies.
    pub completionreplies: i32,
    /// Student must post discussions or replies.
    pub completionposts: i32,
    /// Course module id.
    pub cmid: i64,
    /// Number of discussions in the forum.
    pub numdiscussions: Option<i64>,
    /// If the user can create discussions.
    pub cancreatediscussions: Option<bool>,
    /// After what period a discussion is locked.
    pub lockdiscussionafter: Option<i64>,
    /// If the user is tracking the forum.
    pub istracked: Option<bool>,
    /// The number of unread posts for tracked forums.
    pub unreadpostscount: Option<i64>,
}

impl ExternalFunction for GetForumsByCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_get_forums_by_courses",
        summary: "Get the forums of courses",
        description: "The forums the caller may see in the named courses (none: their own), with their number of discussions and whether the caller may start one.",
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_STARTDISCUSSION,
            cap::FORUM_ADDNEWS,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseids":[2]}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Forum>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Forum>, ApiError> {
        let (found, _) = by_courses(call, &p.courseids, ModType::Forum).await?;
        let ids: Vec<i64> = found.iter().map(|(a, _)| a.cm.instance).collect();
        let counts: HashMap<i64, i64> = match ids.is_empty() {
            true => HashMap::new(),
            false => forum_discussions::Entity::find()
                .select_only()
                .column(forum_discussions::Column::Forum)
                .column_as(forum_discussions::Column::Id.count(), "n")
                .filter(forum_discussions::Column::Forum.is_in(ids))
                .group_by(forum_discussions::Column::Forum)
                .into_tuple::<(i64, i64)>()
                .all(&call.db())
                .await?
                .into_iter()
                .collect(),
        };
        let mut out = Vec::with_capacity(found.len());
        for (a, _) in &found {
            let f = forum_of(a)?;
            out.push(Forum {
                id: f.id,
                course: f.course,
                kind: f.kind.clone(),
                name: f.name.clone(),
                intro: f.intro.clone(),
                introformat: f.introformat,
                introfiles: Some(Vec::new()),
                lang: Some(String::new()),
                duedate: Some(0),
                cutoffdate: Some(0),
                assessed: 0,
                assesstimestart: 0,
                assesstimefinish: 0,
                scale: 0,
                grade_forum: 0,
                grade_forum_notify: 0,
                maxbytes: f.maxbytes,
                maxattachments: f.maxattachments,
                forcesubscribe: f.forcesubscribe,
                trackingtype: f.trackingtype,
                rsstype: 0,
                rssarticles: 0,
                timemodified: f.timemodified,
                warnafter: 0,
                blockafter: 0,
                blockperiod: 0,
                completiondiscussions: 0,
                completionreplies: 0,
                completionposts: 0,
                cmid: a.cm.id,
                numdiscussions: Some(counts.get(&f.id).copied().unwrap_or(0)),
                cancreatediscussions: Some(can_start(call, a).await?),
                lockdiscussionafter: Some(0),
                istracked: Some(false),
                unreadpostscount: None,
            });
        }
        Ok(out)
    }
}
