//! lmsgate's data layer: SeaORM entities (one module per table), migrations and the install seed.
//! Knows nothing of HTTP or external functions.
pub mod cap;
pub mod capability_defs;
pub mod migration;
pub mod seed;
pub mod tables;

pub use tables::*;

/// Context levels (Moodle's CONTEXT_* constants).
pub mod contextlevel {
    pub const SYSTEM: i32 = 10;
    pub const USER: i32 = 30;
    pub const COURSECAT: i32 = 40;
    pub const COURSE: i32 = 50;
    pub const MODULE: i32 = 70;
    pub const BLOCK: i32 = 80;
}

/// Well-known ids of a freshly installed site.
pub mod ids {
    pub const SYSTEM_CONTEXT: i64 = 1;
    pub const GUEST_USER: i64 = 1;
    pub const ADMIN_USER: i64 = 2;
    pub const SITE_COURSE: i64 = 1;
    pub const DEFAULT_CATEGORY: i64 = 1;
}

/// Role permissions.
pub mod permission {
    pub const INHERIT: i32 = 0;
    pub const ALLOW: i32 = 1;
    pub const PREVENT: i32 = -1;
    pub const PROHIBIT: i32 = -1000;
}

/// Seconds since the Unix epoch, Moodle's time unit.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}
