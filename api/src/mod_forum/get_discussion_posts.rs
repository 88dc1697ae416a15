//! mod_forum_get_discussion_posts: the posts of a discussion, as Moodle's post exporter
//! describes them (author, what the caller may do, links, attachments).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use validator::Validate;

use lmsgate_entities::{cap, forum_posts, seed};

use super::store::{Post, discussion, export_posts};
use crate::common::Warning;
use crate::framework::types::OrNull;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

/// The most posts one discussion answer carries.
const MAX_POSTS: u64 = 5000;

pub struct GetDiscussionPosts;

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_forum_get_discussion_posts_params", deny_unknown_fields)]
pub struct Params {
    /// Discussion id.
    pub discussionid: i64,
    /// Sort by `id`, `created` or `modified`.
    #[oai(default = "created")]
    pub sortby: String,
    /// `ASC` or `DESC`.
    #[oai(default = "desc")]
    pub sortdirection: String,
    /// Whether to include the message's inline files.
    #[oai(default)]
    pub includeinlineattachments: bool,
}

fn created() -> String {
    "created".into()
}

fn desc() -> String {
    "DESC".into()
}

/// The rating settings of the posts (ratings are off on this site).
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_rating_info", skip_serializing_if_is_none)]
pub struct RatingInfo {
    /// Context id.
    pub contextid: i64,
    /// Context name.
    pub component: String,
    /// Rating area name.
    pub ratingarea: String,
    /// Whether the user can view all the individual ratings.
    pub canviewall: Option<OrNull<bool>>,
    /// Whether the user can view aggregate of ratings of others.
    pub canviewany: Option<OrNull<bool>>,
    /// Scales used.
    pub scales: Option<Vec<RatingScale>>,
    /// Ratings.
    pub ratings: Option<Vec<Rating>>,
}

/// A rating scale (none on this site).
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_rating_scale", skip_serializing_if_is_none)]
pub struct RatingScale {
    /// Scale id.
    pub id: i64,
    /// Course id.
    pub courseid: Option<i64>,
    /// Scale name (when a real scale is used).
    pub name: Option<String>,
    /// Max value for the scale.
    pub max: i64,
    /// Whether is a numeric scale.
    pub isnumeric: bool,
    /// Scale items. Only returned for not numerical scales.
    pub items: Option<Vec<RatingScaleItem>>,
}

/// An item of a rating scale.
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_rating_scale_item")]
pub struct RatingScaleItem {
    /// Scale value.
    pub value: i64,
    /// Scale name.
    pub name: String,
}

/// A rating (none on this site).
#[derive(Debug, Object)]
#[oai(rename = "mod_forum_rating", skip_serializing_if_is_none)]
pub struct Rating {
    /// Item id.
    pub itemid: i64,
    /// Scale id.
    pub scaleid: Option<i64>,
    /// User who rated id.
    pub userid: Option<i64>,
    /// Aggregated ratings grade.
    pub aggregate: Option<f64>,
    /// Aggregated ratings as string.
    pub aggregatestr: Option<String>,
    /// The aggregation method.
    pub aggregatelabel: Option<String>,
    /// Ratings count (used when aggregating).
    pub count: Option<i64>,
    /// The rating the user gave.
    pub rating: Option<i64>,
    /// Whether the user can rate the item.
    pub canrate: Option<bool>,
    /// Whether the user can view the aggregated grade.
    pub canviewaggregate: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(rename = "mod_forum_get_discussion_posts_returns", skip_serializing_if_is_none)]
pub struct Posts {
    /// The posts.
    pub posts: Vec<Post>,
    /// Forum id.
    pub forumid: i64,
    /// Course id.
    pub courseid: i64,
    /// Rating information.
    pub ratinginfo: Option<RatingInfo>,
    /// Problems (none so far).
    pub warnings: Option<Vec<Warning>>,
}

impl ExternalFunction for GetDiscussionPosts {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_forum_get_discussion_posts",
        summary: "Get the posts of a discussion",
        description: "The posts of a discussion in a forum the caller may open (at most 5,000), with what the caller may do with each.",
        ajax: true,
        checks: &[
            cap::FORUM_VIEWDISCUSSION,
            cap::FORUM_REPLYPOST,
            cap::FORUM_REPLYNEWS,
            cap::FORUM_CANOVERRIDEDISCUSSIONLOCK,
            cap::FORUM_EDITANYPOST,
            cap::FORUM_DELETEANYPOST,
            cap::FORUM_DELETEOWNPOST,
            cap::FORUM_SPLITDISCUSSIONS,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"discussionid":1,"sortby":"created","sortdirection":"ASC"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Posts;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Posts, ApiError> {
        use forum_posts::Column as P;
        let column = match p.sortby.as_str() {
            "id" => P::Id,
            "created" => P::Created,
            "modified" => P::Modified,
            other => {
                return Err(ApiError::invalid_parameter(format!(
                    "sortby: one of id, created or modified, got \"{other}\""
                )));
            }
        };
        let ascending = match p.sortdirection.to_uppercase().as_str() {
            "ASC" => true,
            "DESC" => false,
            other => {
                return Err(ApiError::invalid_parameter(format!("sortdirection: ASC or DESC, got \"{other}\"")));
            }
        };
        let (d, a) = discussion(call, p.discussionid).await?;
        let query = forum_posts::Entity::find().filter(P::Discussion.eq(d.id));
        let query = if ascending { query.order_by_asc(column).order_by_asc(P::Id) } else { query.order_by_desc(column).order_by_desc(P::Id) };
        let rows = call.fetch_all(sea_orm::QuerySelect::limit(query, MAX_POSTS)).await?;
        let posts = export_posts(call, &a, &d, &rows).await?;
        Ok(Posts {
            posts,
            forumid: d.forum,
            courseid: d.course,
            ratinginfo: Some(RatingInfo {
                contextid: a.context.id,
                component: "mod_forum".into(),
                ratingarea: "post".into(),
                canviewall: Some(OrNull(None)),
                canviewany: Some(OrNull(None)),
                scales: Some(Vec::new()),
                ratings: Some(Vec::new()),
            }),
            warnings: Some(Vec::new()),
        })
    }
}
