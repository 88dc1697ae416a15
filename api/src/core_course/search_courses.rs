//! core_course_search_courses: courses whose names match, a page at a time.
use poem_openapi::{Enum, Object};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Func};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, course, ids, seed};

use super::view::{CourseSummary, summaries};
use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};

pub struct SearchCourses;

/// What to search by. Modules, blocks and tags do not exist on this site, so those searches
/// find nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename = "core_course_search_courses_criterianame", rename_all = "lowercase")]
pub enum Criterion {
    Search,
    Modulelist,
    Blocklist,
    Tagid,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_search_courses_params", deny_unknown_fields)]
pub struct Params {
    /// What to search by (`search`: words in the full name, short name, idnumber or summary).
    pub criterianame: Criterion,
    /// The text to search for.
    pub criteriavalue: String,
    /// Page number, from 0.
    #[oai(default, validator(minimum(value = "0")))]
    pub page: u64,
    /// Courses per page (0 = all).
    #[oai(default, validator(minimum(value = "0"), maximum(value = "1000")))]
    pub perpage: u64,
    /// Only courses where the caller holds all these capabilities.
    #[oai(default, validator(max_items = 100))]
    pub requiredcapabilities: Vec<String>,
    /// Only courses the caller is enrolled in.
    #[oai(default)]
    pub limittoenrolled: bool,
    /// Only courses with completion enabled.
    #[oai(default)]
    pub onlywithcompletion: bool,
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_search_courses_result")]
pub struct Returns {
    /// Number of matching courses (all pages).
    pub total: i64,
    /// This page.
    pub courses: Vec<CourseSummary>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for SearchCourses {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_search_courses",
        summary: "Search courses by name, with paging",
        description: "Search courses by name, a page at a time; hidden courses need moodle/course:viewhiddencourses.",
        ajax: true,
        checks: &[cap::COURSE_VIEWHIDDENCOURSES, cap::COURSE_UPDATE, cap::COURSE_VIEW],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"criterianame":"search","criteriavalue":"physics","page":0,"perpage":20}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Returns;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Returns, ApiError> {
        let empty = Returns { total: 0, courses: Vec::new(), warnings: Vec::new() };
        if p.criterianame != Criterion::Search {
            return Ok(empty);
        }
        let mut q = course::Entity::find().filter(course::Column::Id.ne(ids::SITE_COURSE));
        for word in p.criteriavalue.split_whitespace() {
            let pattern = format!("%{}%", word.to_lowercase().replace(['\\', '%', '_'], ""));
            let like = |col: course::Column| Expr::expr(Func::lower(Expr::col(col))).like(pattern.clone());
            q = q.filter(
                Condition::any()
                    .add(like(course::Column::Fullname))
                    .add(like(course::Column::Shortname))
                    .add(like(course::Column::Idnumber))
                    .add(like(course::Column::Summary)),
            );
        }
        if p.onlywithcompletion {
            q = q.filter(course::Column::Enablecompletion.eq(1));
        }
        if p.limittoenrolled {
            let mine = call.my_courses().await?;
            q = q.filter(course::Column::Id.is_in(mine));
        }
        let q = q.order_by_asc(course::Column::Fullname).order_by_asc(course::Column::Id);
        // Visibility and capabilities need each course's context: they are checked a chunk at a
        // time, counting every visible match for `total` and keeping only the page.
        let max = call.max_results();
        let perpage = if p.perpage == 0 { max + 1 } else { Ord::min(p.perpage, max) };
        let skip = p.page.saturating_mul(p.perpage);
        let (mut total, mut courses, mut offset) = (0u64, Vec::new(), 0u64);
        loop {
            let chunk = q.clone().offset(offset).limit(CHUNK).all(&call.db()).await?;
            if chunk.is_empty() {
                break;
            }
            offset += chunk.len() as u64;
            for c in self::required(call, summaries(call, chunk).await?, &p.requiredcapabilities).await? {
                if total >= skip && (courses.len() as u64) < perpage {
                    courses.push(c);
                }
                total += 1;
            }
        }
        let mut warnings = Vec::new();
        if p.perpage == 0 {
            warnings.extend(call.cut_to_max(&mut courses, "courses", "Ask a page at a time (page, perpage)."));
        }
        let total = total as i64;
        Ok(Returns { total, courses, warnings })
    }
}

/// Courses matched at a time when checking visibility.
const CHUNK: u64 = 500;

/// The courses in which the caller holds every one of `capabilities`.
async fn required(
    call: &Call<'_>,
    visible: Vec<CourseSummary>,
    capabilities: &[String],
) -> Result<Vec<CourseSummary>, ApiError> {
    if capabilities.is_empty() {
        return Ok(visible);
    }
    let ids: Vec<i64> = visible.iter().map(|c| c.id).collect();
    let ctxs = crate::framework::access::contexts(&call.db(), lmsgate_entities::contextlevel::COURSE, &ids).await?;
    let mut kept = Vec::with_capacity(visible.len());
    'course: for c in visible {
        let path = ctxs.get(&c.id).map(crate::framework::access::path_of).unwrap_or_default();
        for cap in capabilities {
            if !call.can_named(cap, &path).await? {
                continue 'course;
            }
        }
        kept.push(c);
    }
    Ok(kept)
}
