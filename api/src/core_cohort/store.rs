//! Cohorts: the record shape every cohort function answers with, and the checks of what a new or
//! changed cohort may carry.
use poem_openapi::Object;

use lmsgate_entities::cohort;

use crate::common::{CustomFieldData, CustomFieldValue, THEMES};
use crate::framework::ApiError;
use crate::framework::types::Plugin;

/// A cohort's custom fields (the site defines none) and forced theme (one installed, or none).
pub fn check_extras(at: &str, customfields: &Option<Vec<CustomFieldValue>>, theme: &Option<Plugin>) -> Result<(), ApiError> {
    if customfields.as_ref().is_some_and(|f| !f.is_empty()) {
        return Err(ApiError::invalid_parameter(format!("{at}.customfields[0]: no custom cohort fields exist")));
    }
    if theme.as_ref().is_some_and(|th| !th.0.is_empty() && !THEMES.contains(&th.as_str())) {
        return Err(ApiError::invalid_parameter(format!("{at}.theme: Invalid theme")));
    }
    Ok(())
}

#[derive(Debug, Object)]
#[oai(rename = "core_cohort_cohort")]
pub struct CohortInfo {
    /// Cohort id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Identifier in an external system.
    pub idnumber: String,
    /// Description (HTML).
    pub description: String,
    /// Description format (1 = HTML).
    pub descriptionformat: i32,
    /// Whether the cohort is visible.
    pub visible: bool,
    /// Forced theme.
    #[oai(skip_serializing_if_is_none)]
    pub theme: Option<String>,
    /// Custom field values (empty: the site defines no cohort custom fields; not part of
    /// `create_cohorts`' answer).
    #[oai(skip_serializing_if_is_none)]
    pub customfields: Option<Vec<CustomFieldData>>,
}

pub fn info(c: cohort::Model) -> CohortInfo {
    CohortInfo {
        id: c.id,
        name: c.name,
        idnumber: c.idnumber.unwrap_or_default(),
        description: c.description,
        descriptionformat: c.descriptionformat,
        visible: c.visible != 0,
        theme: c.theme,
        customfields: Some(Vec::new()),
    }
}
