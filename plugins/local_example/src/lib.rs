//! local_example: an lmsgate plugin, laid out as Moodle's "Adding a web service to your plugin":
//! the functions (one file each, listed in `local_example/mod.rs`), the capabilities
//! (`db/access.php`) and a service (`db/services.php`), all in `PLUGIN`. A binary adds it with
//! `lmsgate::Lmsgate::new().plugin(&local_example::PLUGIN).main()`.
use lmsgate_api::framework::plugin::{Plugin, ServiceDef};
use lmsgate_entities::cap::Capability;
use lmsgate_entities::capability_defs::{CapabilityDef, define};
use lmsgate_entities::contextlevel::SYSTEM;

lmsgate_api::components![local_example];

pub const VIEW: Capability = Capability::new("local/example:view");
pub const MANAGE: Capability = Capability::new("local/example:manage");
pub const SERVICE: &str = "local_example_service";

pub static PLUGIN: Plugin = Plugin {
    name: "local_example",
    components: COMPONENTS,
    capabilities: &[
        define(VIEW, "View your greeting", "read", SYSTEM, &["manager"]),
        define(MANAGE, "Change your greeting", "write", SYSTEM, &["manager"]),
    ] as &[CapabilityDef],
    services: &[ServiceDef {
        shortname: SERVICE,
        name: "Example greetings",
        restrictedusers: false,
        downloadfiles: false,
        uploadfiles: false,
    }],
};
