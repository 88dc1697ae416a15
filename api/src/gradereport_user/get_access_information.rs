//! gradereport_user_get_access_information: what the caller may see of a course's grades.
use poem_openapi::Object;
use validator::Validate;

use lmsgate_entities::{cap, seed};

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Scope};

pub struct GetAccessInformation;

#[derive(Debug, Object, Validate)]
#[oai(rename = "gradereport_user_get_access_information_params", deny_unknown_fields)]
pub struct Params {
    /// The course.
    pub courseid: i64,
}

#[derive(Debug, Object)]
#[oai(rename = "gradereport_user_get_access_information_returns")]
pub struct Access {
    /// Whether the caller may open the user report (gradereport/user:view).
    pub canviewusergradereport: bool,
    /// Whether the caller may see their own grades (moodle/grade:view).
    pub canviewmygrades: bool,
    /// Whether the caller may see everyone's grades (moodle/grade:viewall).
    pub canviewallgrades: bool,
    /// Problems (none so far).
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for GetAccessInformation {
    const INFO: FunctionInfo = FunctionInfo {
        name: "gradereport_user_get_access_information",
        summary: "Get what the caller may see of a course's grades",
        description: "Whether the caller may open the course's user grade report, see their own grades and see everyone's, from their capabilities in the course.",
        scope: Scope::Course("courseid"),
        checks: &[cap::GRADEREPORT_USER_VIEW, cap::GRADE_VIEW, cap::GRADE_VIEWALL],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"courseid":2}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Access;

    fn scope(p: &Params) -> Vec<i64> {
        vec![p.courseid]
    }

    async fn execute(call: &Call<'_>, p: Params) -> Result<Access, ApiError> {
        let path = &call.in_scope(0, p.courseid).await?.path;
        Ok(Access {
            canviewusergradereport: call.can(cap::GRADEREPORT_USER_VIEW, path).await?,
            canviewmygrades: call.can(cap::GRADE_VIEW, path).await?,
            canviewallgrades: call.can(cap::GRADE_VIEWALL, path).await?,
            warnings: Vec::new(),
        })
    }
}
