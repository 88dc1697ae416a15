//! Plugins, as in Moodle's "Adding a web service to your plugin": a crate outside `api/` adds
//! its components (`db/services.php`'s functions), capabilities (`db/access.php`) and services.
//! The binary installs the plugins it is built with (`lmsgate::Lmsgate::plugin`) before the
//! catalogue is first used; from then on their functions are catalogue entries like any other.
use std::sync::OnceLock;

use lmsgate_entities::capability_defs::{self, CapabilityDef};
use lmsgate_entities::seed::ROLES;

use super::catalogue::{self, Component};

pub struct Plugin {
    /// Frankenstyle name, e.g. `local_example`: its services' component.
    pub name: &'static str,
    pub components: &'static [&'static Component],
    /// Capability names start with the plugin's path, e.g. `local/example:view`.
    pub capabilities: &'static [CapabilityDef],
    pub services: &'static [ServiceDef],
}

/// A built-in service of a plugin; it holds the functions whose `FunctionInfo.services` name it.
pub struct ServiceDef {
    pub shortname: &'static str,
    pub name: &'static str,
    /// Only users authorised for the service may use it.
    pub restrictedusers: bool,
    pub downloadfiles: bool,
    pub uploadfiles: bool,
}

static PLUGINS: OnceLock<Vec<&'static Plugin>> = OnceLock::new();

/// Installs plugins: their components into the catalogue, their capabilities beside the
/// built-in ones. Once per process (the same list again is a no-op), before the catalogue is
/// first used.
pub fn install(plugins: &[&'static Plugin]) -> Result<(), String> {
    for p in plugins {
        for c in p.capabilities {
            if let Some(a) = c.archetypes.iter().find(|a| !ROLES.iter().any(|(r, _)| r == *a)) {
                return Err(format!("{}: capability {} names an unknown archetype {a}", p.name, c.name));
            }
        }
    }
    let names = |ps: &[&Plugin]| ps.iter().map(|p| p.name).collect::<Vec<_>>();
    let installed = PLUGINS.get_or_init(|| plugins.to_vec());
    if names(installed) != names(plugins) {
        return Err("a different set of plugins was already installed".into());
    }
    let components: Vec<_> = plugins.iter().flat_map(|p| p.components.iter().copied()).collect();
    if !catalogue::install(&components) {
        return Err("the catalogue was in use before the plugins were installed".into());
    }
    capability_defs::install(plugins.iter().flat_map(|p| p.capabilities.iter()).collect())
}

/// The installed plugins.
pub fn installed() -> &'static [&'static Plugin] {
    PLUGINS.get().map_or(&[], Vec::as_slice)
}
