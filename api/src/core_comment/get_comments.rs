//! core_comment_get_comments: the comments of an item in a context the caller may enter. No
//! comment area accepts comments on this site yet, so the list is empty and `canpost` false.
use poem_openapi::Object;
use validator::Validate;

use sea_orm::EntityTrait;

use lmsgate_entities::{cap, contextlevel, course, course_modules, seed};

use crate::common::Warning;
use crate::core_course::activities::openable_cm;
use crate::framework::access::{context_of, path_of};
use crate::framework::types::{AlphanumExt, ContextLevel, Plugin};
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, code};

pub struct GetComments;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_comment_get_comments_params", deny_unknown_fields)]
pub struct Params {
    /// The context level (`system`, `course`, `module`, ...).
    pub contextlevel: ContextLevel,
    /// The instance at that level (a course id, a course module id, ...).
    pub instanceid: i64,
    /// The component the comments belong to, e.g. `assignsubmission_comments`.
    pub component: Plugin,
    /// The item commented on.
    pub itemid: i64,
    /// The comment area, e.g. `submission_comments`.
    #[oai(default)]
    pub area: AlphanumExt,
    /// Page number (from 0).
    #[oai(default, validator(minimum(value = "0")))]
    pub page: i64,
    /// `ASC` or `DESC`.
    #[oai(default = "desc")]
    pub sortdirection: String,
}

fn desc() -> String {
    "DESC".into()
}

/// A comment.
#[derive(Debug, Object)]
#[oai(rename = "core_comment_comment", skip_serializing_if_is_none)]
pub struct Comment {
    /// Submission id.
    pub id: i64,
    /// The content text formatted.
    pub content: String,
    /// Text format (1 = HTML, 0 = MOODLE, 2 = PLAIN, or 4 = MARKDOWN).
    pub format: i32,
    /// Submission creation time.
    pub timecreated: i64,
    /// Time format.
    pub strftimeformat: String,
    /// URL profile.
    pub profileurl: String,
    /// Course full name.
    pub fullname: String,
    /// Time in human format.
    pub time: String,
    /// HTML user picture.
    pub avatar: String,
    /// Student id.
    pub userid: i64,
    /// Permission to delete=true/false.
    pub delete: Option<bool>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_comment_get_comments_returns", skip_serializing_if_is_none)]
pub struct Comments {
    /// The page's comments.
    pub comments: Vec<Comment>,
    /// How many there are.
    pub count: Option<i64>,
    /// Comments per page.
    pub perpage: Option<i64>,
    /// Whether the caller may comment.
    pub canpost: Option<bool>,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetComments {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_comment_get_comments",
        summary: "Get the comments of an item",
        description: "The comments of an item in a context the caller may enter (moodle/comment:view). No comment area accepts comments on this site yet: the list is empty.",
        checks: &[cap::COMMENT_VIEW, cap::COURSE_VIEWHIDDENACTIVITIES, cap::COURSE_VIEW, cap::COURSE_VIEWHIDDENCOURSES],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"contextlevel":"module","instanceid":9,"component":"assignsubmission_comments","itemid":1,"area":"submission_comments"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Comments;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Comments, ApiError> {
        if !["ASC", "DESC"].contains(&p.sortdirection.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid value for sortdirection parameter (value: {})",
                p.sortdirection
            )));
        }
        let db = &call.db();
        let ctx = context_of(db, p.contextlevel.id(), p.instanceid)
            .await?
            .ok_or_else(|| code::INVALID_RECORD.with("context").with_debuginfo("no such context"))?;
        let path = path_of(&ctx);
        // Moodle's context validation: a course's context needs entering it, a module's opening it.
        match ctx.contextlevel {
            contextlevel::COURSE => {
                let c = course::Entity::find_by_id(ctx.instanceid).one(db).await?.ok_or_else(|| code::INVALID_RECORD.with("course"))?;
                call.enter(&c, &path).await?;
            }
            contextlevel::MODULE => {
                let cm = course_modules::Entity::find_by_id(ctx.instanceid)
                    .one(db)
                    .await?
                    .ok_or_else(|| code::INVALID_COURSE_MODULE.err())?;
                openable_cm(call, cm).await?;
            }
            _ => {}
        }
        call.require(cap::COMMENT_VIEW, &path).await?;
        Ok(Comments { comments: Vec::new(), count: Some(0), perpage: Some(15), canpost: Some(false), warnings: Vec::new() })
    }
}
