//! The `lmsgate` server: CLI, configuration, server assembly and the Moodle-compatible ways in.
pub mod cli;
pub mod health;
pub mod moodle;
pub mod server;
pub mod setup;
