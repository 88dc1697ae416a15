//! core_course_get_categories: categories matching all criteria (and, by default, everything
//! below them); hidden categories only to those with `moodle/category:viewhiddencategories`.

use poem_openapi::Object;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use validator::Validate;

use lmsgate_entities::{cap, contextlevel, course_categories, ids, seed};

use super::categories::{CategoryInfo, info};
use crate::framework::access::{contexts, path_of};
use crate::framework::types::Alpha;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo};
use crate::framework::code;

pub struct GetCategories;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_course_get_categories_params", deny_unknown_fields)]
pub struct Params {
    /// Criteria, all of which must match: `id`, `ids` (comma-separated), `name`, `parent`,
    /// `idnumber` and `theme` (need moodle/category:manage), `visible` (needs
    /// moodle/category:viewhiddencategories).
    #[oai(default, validator(max_items = 20))]
    pub criteria: Vec<Criterion>,
    /// Also return every category below the matches.
    #[oai(default = "yes")]
    pub addsubcategories: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Object)]
#[oai(rename = "core_course_get_categories_criterion", deny_unknown_fields)]
pub struct Criterion {
    /// The key.
    pub key: Alpha,
    /// The value.
    pub value: String,
}

fn criteria_error(i: usize, why: &str) -> ApiError {
    code::CRITERIA_ERROR.err()
        .with_debuginfo(format!("criteria[{i}].key: {why}"))
}

impl ExternalFunction for GetCategories {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_course_get_categories",
        summary: "Get categories matching criteria",
        description: "Return categories matching all criteria, with the categories below them; hidden categories need moodle/category:viewhiddencategories.",
        ajax: true,
        checks: &[cap::CATEGORY_VIEWHIDDENCATEGORIES, cap::CATEGORY_MANAGE],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"criteria":[{"key":"parent","value":"0"}],"addsubcategories":true}"#,
        lists: true,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<CategoryInfo>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<CategoryInfo>, ApiError> {
        let db = &call.db();
        let system = [ids::SYSTEM_CONTEXT];
        let mut q = course_categories::Entity::find();
        let int = |i: usize, v: &str| {
            v.trim().parse::<i64>().map_err(|_| {
                ApiError::invalid_parameter(format!("criteria[{i}].value: an integer is expected, got {v}"))
            })
        };
        for (i, c) in p.criteria.iter().enumerate() {
            let v = c.value.as_str();
            q = match c.key.as_str() {
                "id" => q.filter(course_categories::Column::Id.eq(int(i, v)?)),
                "ids" => {
                    let ids = v.split(',').map(|x| int(i, x)).collect::<Result<Vec<_>, _>>()?;
                    q.filter(course_categories::Column::Id.is_in(ids))
                }
                "name" => q.filter(course_categories::Column::Name.eq(v)),
                "parent" => q.filter(course_categories::Column::Parent.eq(int(i, v)?)),
                "idnumber" | "theme" => {
                    if !call.can(cap::CATEGORY_MANAGE, &system).await? {
                        return Err(criteria_error(i, "needs moodle/category:manage"));
                    }
                    if c.key.as_str() == "idnumber" {
                        q.filter(course_categories::Column::Idnumber.eq(v))
                    } else {
                        q.filter(course_categories::Column::Theme.eq(v))
                    }
                }
                "visible" => {
                    if !call.can(cap::CATEGORY_VIEWHIDDENCATEGORIES, &system).await? {
                        return Err(criteria_error(i, "needs moodle/category:viewhiddencategories"));
                    }
                    q.filter(course_categories::Column::Visible.eq(int(i, v)?))
                }
                other => return Err(criteria_error(i, &format!("unknown key {other}"))),
            };
        }
        let mut found = q.order_by_asc(course_categories::Column::Sortorder).limit(call.fetch_limit()).all(db).await?;
        if p.addsubcategories && !p.criteria.is_empty() && !found.is_empty() {
            let seen: Vec<i64> = found.iter().map(|c| c.id).collect();
            let below = found.iter().fold(Condition::any(), |any, c| {
                any.add(course_categories::Column::Path.starts_with(format!("{}/", c.path)))
            });
            let subcategories = course_categories::Entity::find()
                .filter(below)
                .filter(course_categories::Column::Id.is_not_in(seen))
                .order_by_asc(course_categories::Column::Sortorder)
                .limit(call.fetch_limit())
                .all(db)
                .await?;
            found.extend(subcategories);
        }
        call.refuse_over_max(&found, "categories", "ask by parent, one level at a time")?;
        let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
        let ctxs = contexts(db, contextlevel::COURSECAT, &ids).await?;
        let mut out = Vec::with_capacity(found.len());
        for c in found {
            let path = ctxs.get(&c.id).map(path_of).unwrap_or_else(|| system.to_vec());
            // A category is hidden when it or any ancestor is hidden.
            if (c.visible == 0 || c.visibleold == 0 && c.depth > 1)
                && !call.can(cap::CATEGORY_VIEWHIDDENCATEGORIES, &path).await?
            {
                continue;
            }
            let manager = call.can(cap::CATEGORY_MANAGE, &path).await?;
            out.push(info(c, manager));
        }
        Ok(out)
    }
}
