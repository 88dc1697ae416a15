//! Services as the documentation sees them: which exist, and what each lets a token do.
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::value::RawValue;

use lmsgate_entities::{external_services, external_services_functions};

use super::{ApiError, AppState};

/// A service's functions and file rights.
pub struct ServiceScope {
    pub service: external_services::Model,
    pub functions: Vec<String>,
}

/// Enabled services that have a short name (only those can be named in a URL), by name.
pub async fn enabled(state: &AppState) -> Result<Vec<external_services::Model>, ApiError> {
    Ok(external_services::Entity::find()
        .filter(external_services::Column::Enabled.eq(1))
        .filter(external_services::Column::Shortname.is_not_null())
        .order_by_asc(external_services::Column::Name)
        .all(&state.db)
        .await?)
}

/// The enabled service with this short name, and its functions.
pub async fn scope(state: &AppState, shortname: &str) -> Result<Option<ServiceScope>, ApiError> {
    let Some(service) = external_services::Entity::find()
        .filter(external_services::Column::Shortname.eq(shortname))
        .filter(external_services::Column::Enabled.eq(1))
        .one(&state.db)
        .await?
    else {
        return Ok(None);
    };
    let functions = external_services_functions::Entity::find()
        .filter(external_services_functions::Column::Externalserviceid.eq(service.id))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|f| f.functionname)
        .collect();
    Ok(Some(ServiceScope { service, functions }))
}

/// A service's functions with the site version, as `core_webservice_get_site_info` lists them
/// (`[{"name", "version"}]`), with that list already rendered to JSON: every site info call of a
/// token repeats it, so a token record renders it once.
#[derive(Debug)]
pub struct FunctionListing {
    pub version: String,
    /// In name order.
    pub names: Vec<String>,
    pub json: Box<RawValue>,
}

impl FunctionListing {
    pub fn new<'a>(names: impl Iterator<Item = &'a String>, version: &str) -> Self {
        let names: Vec<String> = names.cloned().collect();
        let items: Vec<_> = names.iter().map(|name| serde_json::json!({"name": name, "version": version})).collect();
        let json = serde_json::value::to_raw_value(&items).expect("strings always serialise");
        Self { version: version.to_string(), names, json }
    }
}
