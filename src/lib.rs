//! The `lmsgate` server: CLI, configuration, server assembly and the Moodle-compatible ways in.
pub mod cli;
pub mod config;
pub mod health;
pub mod http;
pub mod limits;
pub mod moodle;
pub mod server;
pub mod setup;
pub mod telemetry;
