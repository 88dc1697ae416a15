//! Rate limits (governor's GCRA token buckets): function calls per token (or browser session),
//! password logins per client IP. Over a limit a request gets `ratelimited` with the seconds to
//! wait; the typed API answers it as 429 with `Retry-After` and the `RateLimit` headers.
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use serde::{Deserialize, Serialize};

use super::code;
use super::error::{ApiError, Throttled};

/// Limits per minute with their bursts; 0 turns a limit off.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimit {
    /// Function calls per minute per token (or browser session).
    pub calls_per_minute: u32,
    /// Calls a token may make at once before the per-minute rate applies.
    pub calls_burst: u32,
    /// Password logins per minute per client IP (failed or not).
    pub logins_per_minute: u32,
    pub logins_burst: u32,
    /// Site admins are never locked out by failed logins (the site's `lockoutthreshold`); their
    /// logins stay rate limited per address. `lmsgate user unlock` lifts any lockout.
    pub lockout_exempt_admins: bool,
}

impl Default for RateLimit {
    fn default() -> Self {
        Self {
            calls_per_minute: 12000,
            calls_burst: 500,
            logins_per_minute: 60,
            logins_burst: 30,
            lockout_exempt_admins: false,
        }
    }
}

/// Who a call counts against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CallKey {
    Token(i64),
    /// A browser session's user.
    Session(i64),
    /// An anonymous caller's address.
    Address(IpAddr),
}

struct Limiter<K: std::hash::Hash + Eq + Clone> {
    name: &'static str,
    per_minute: u32,
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: std::hash::Hash + Eq + Clone> Limiter<K> {
    fn new(name: &'static str, per_minute: u32, burst: u32) -> Option<Self> {
        let rate = NonZeroU32::new(per_minute)?;
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Some(Self { name, per_minute, limiter: RateLimiter::keyed(Quota::per_minute(rate).allow_burst(burst)) })
    }

    fn check(&self, key: &K, what: &str) -> Result<(), ApiError> {
        let Err(not_until) = self.limiter.check_key(key) else { return Ok(()) };
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        let retry_after = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut e = code::RATE_LIMITED.with_fields([("what", &what), ("seconds", &retry_after)]);
        e.throttled = Some(Box::new(Throttled { retry_after, policy: self.name, quota: self.per_minute, window: 60 }));
        Err(e)
    }
}

pub struct Throttle {
    calls: Option<Limiter<CallKey>>,
    logins: Option<Limiter<IpAddr>>,
}

impl Throttle {
    pub fn new(limits: &RateLimit) -> Self {
        Self {
            calls: Limiter::new("calls", limits.calls_per_minute, limits.calls_burst),
            logins: Limiter::new("logins", limits.logins_per_minute, limits.logins_burst),
        }
    }

    pub fn check_call(&self, key: &CallKey) -> Result<(), ApiError> {
        self.calls.as_ref().map_or(Ok(()), |l| l.check(key, "calls"))
    }

    pub fn check_login(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.logins.as_ref().map_or(Ok(()), |l| l.check(&ip, "login attempts from this address"))
    }

    /// Forgets keys whose buckets are full again, so idle tokens and addresses cost no memory.
    pub fn forget_idle(&self) {
        if let Some(l) = &self.calls {
            l.limiter.retain_recent();
        }
        if let Some(l) = &self.logins {
            l.limiter.retain_recent();
        }
    }
}

/// How often idle keys are forgotten.
pub const FORGET_EVERY: Duration = Duration::from_secs(60);
