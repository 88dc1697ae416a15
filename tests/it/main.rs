//! The integration tests: one binary, so adding a test links the server once. Each module
//! starts real servers over a real database (SQLite, or `LMSGATE_TEST_DATABASE_URL`).
mod common;

mod activities;
mod ajax;
mod calendar;
mod caller;
mod catalogue;
mod cli;
mod completion;
mod conformance;
mod courses;
mod files;
mod forums;
mod functions;
mod grades;
mod health;
mod log_secrets;
mod login;
mod messaging;
mod mobile_app;
mod nodes;
mod operations;
mod plugin;
mod process;
mod real_clients;
mod rest;
mod scenario;
mod schema;
mod service_docs;
mod spec_snapshot;
mod typed_api;
