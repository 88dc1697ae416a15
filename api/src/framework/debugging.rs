//! How much of an error the Moodle-compatible endpoints show, decided as Moodle 4.5 decides it
//! from the site's `debug` level and `debugdisplay`, with lmsgate's `wsdebuginfo` setting to
//! always name the failing field. The typed API always names it and is not affected.
use serde_json::{Value, json};

use super::error::ApiError;
use super::state::SiteConfig;

/// Moodle's `DEBUG_NORMAL`: REST errors carry `debuginfo` from here on.
pub const DEBUG_NORMAL: i64 = 15;
/// Moodle's `DEBUG_DEVELOPER`: AJAX and script errors carry their details only here.
pub const DEBUG_DEVELOPER: i64 = 32767;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Debugging {
    level: i64,
    display: bool,
    always: bool,
}

impl Debugging {
    pub fn of(site: &SiteConfig) -> Self {
        Self { level: site.int("debug"), display: site.enabled("debugdisplay"), always: site.enabled("wsdebuginfo") }
    }

    fn developer(&self) -> bool {
        self.level >= DEBUG_DEVELOPER
    }

    /// The message as Moodle's exception builds it: at developer level with `debugdisplay` on it
    /// ends with ` (<debuginfo>)`.
    pub fn message(&self, e: &ApiError) -> String {
        match &e.debuginfo {
            Some(d) if self.level == DEBUG_DEVELOPER && self.display => format!("{} ({d})", e.message),
            _ => e.message.clone(),
        }
    }

    /// `server.php`'s `debuginfo`: shown from `DEBUG_NORMAL` on (Moodle's `debugging()`).
    pub fn rest_debuginfo<'a>(&self, e: &'a ApiError) -> Option<&'a str> {
        e.debuginfo.as_deref().filter(|_| self.always || self.level >= DEBUG_NORMAL)
    }

    /// `get_exception_info`'s debuginfo, shown at developer level: the detail, then the code.
    fn developer_debuginfo(&self, e: &ApiError) -> Option<String> {
        if self.developer() {
            return Some(format!("{}\nError code: {}", e.debuginfo.as_deref().unwrap_or(""), e.errorcode()));
        }
        e.debuginfo.clone().filter(|_| self.always)
    }

    /// The exception object of Moodle's `external_api::call_external_function` (AJAX and the
    /// app's batch). lmsgate has no PHP backtrace, so `backtrace` is never sent.
    pub fn call_exception(&self, e: &ApiError, wwwroot: &str) -> Value {
        let mut exception = json!({
            "message": self.message(e),
            "errorcode": e.errorcode(),
            "link": format!("{wwwroot}/"),
            "moreinfourl": e.code().more_info_url(),
        });
        if let Some(d) = self.developer_debuginfo(e) {
            exception["debuginfo"] = json!(d);
        }
        exception
    }

    /// The error object of Moodle's AJAX scripts (`login/token.php`, the file endpoints, a
    /// whole AJAX request refused): its details filled only at developer level.
    pub fn script_error(&self, e: &ApiError, wwwroot: &str) -> Value {
        let link = self.developer().then(|| format!("{wwwroot}/"));
        json!({
            "error": self.message(e),
            "errorcode": e.errorcode(),
            "stacktrace": null,
            "debuginfo": self.developer_debuginfo(e),
            "reproductionlink": link,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::code;

    fn debugging(level: i64, display: bool, always: bool) -> Debugging {
        Debugging { level, display, always }
    }

    #[test]
    fn details_follow_the_debug_level() {
        let e = code::INVALID_PARAMETER.err().with_debuginfo("userid: no user 5");
        let off = debugging(0, false, false);
        assert_eq!((off.rest_debuginfo(&e), off.message(&e)), (None, e.message.clone()));
        assert_eq!(off.script_error(&e, "http://x")["debuginfo"], Value::Null);
        assert!(off.call_exception(&e, "http://x").get("debuginfo").is_none());
        let normal = debugging(DEBUG_NORMAL, true, false);
        assert_eq!(normal.rest_debuginfo(&e), Some("userid: no user 5"));
        assert!(normal.call_exception(&e, "http://x").get("debuginfo").is_none());
        let developer = debugging(DEBUG_DEVELOPER, true, false);
        assert_eq!(developer.message(&e), "Invalid parameter value detected (userid: no user 5)");
        let script = developer.script_error(&e, "http://x");
        assert_eq!(script["debuginfo"], "userid: no user 5\nError code: invalidparameter");
        assert_eq!(script["reproductionlink"], "http://x/");
        assert_eq!(debugging(DEBUG_DEVELOPER, false, false).message(&e), e.message);
        let always = debugging(0, false, true);
        assert_eq!(always.rest_debuginfo(&e), Some("userid: no user 5"));
        assert_eq!(always.call_exception(&e, "http://x")["debuginfo"], "userid: no user 5");
        assert_eq!(always.message(&e), e.message);
    }
}
