//! The `lmsgate` server: CLI, configuration, server assembly and the Moodle-compatible ways in.
pub mod cli;
pub mod config;
pub mod demo;
pub mod health;
pub mod http;
pub mod limits;
mod memory;
pub mod moodle;
pub mod server;
pub mod setup;
pub mod telemetry;

use lmsgate_api::framework::plugin::{self, Plugin};

/// The lmsgate server with the plugins it is built with:
/// `lmsgate::Lmsgate::new().plugin(&local_example::PLUGIN).main()` in a binary's `main`.
#[derive(Default)]
pub struct Lmsgate {
    plugins: Vec<&'static Plugin>,
}

impl Lmsgate {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a plugin: its functions, capabilities and services.
    pub fn plugin(mut self, plugin: &'static Plugin) -> Self {
        self.plugins.push(plugin);
        self
    }

    /// Installs the plugins for this process (before anything uses the catalogue).
    pub fn install(&self) -> Result<(), String> {
        plugin::install(&self.plugins)
    }

    /// Installs the plugins and runs the command line (`serve`, `openapi`, the admin commands).
    pub fn main(self) -> std::process::ExitCode {
        // With transparent huge pages set to `always` (many distributions' default), every 2 MiB
        // region the allocator touches becomes resident in full: that doubled the server's memory
        // (59 MB after start, 39 MB without). lmsgate opts out for itself, as databases advise.
        #[cfg(target_os = "linux")]
        let _ = nix::sys::prctl::set_thp_disable(true);
        if let Err(e) = self.install() {
            eprintln!("error: {e}");
            return std::process::ExitCode::FAILURE;
        }
        cli::main()
    }
}
