//! Bounded lists: a list function returns at most `limits.max_list_results` rows, and the
//! database sends at most one row more (which only tells that more matched), so no request
//! needs memory or time that grows with the site. A function whose answer has `warnings` cuts
//! the list and says so; one whose answer is a bare list refuses and says how to narrow it.

use super::code;
use super::{ApiError, Call};
use crate::common::Warning;

impl Call<'_> {
    /// The most rows a list function returns.
    pub fn max_results(&self) -> u64 {
        debug_assert!(self.info.lists, "{} answers a bounded list: declare `lists: true`", self.info.name);
        self.state.settings.limits.max_list_results
    }

    /// Rows to ask the database for: one more than the maximum.
    pub fn fetch_limit(&self) -> u64 {
        self.max_results() + 1
    }

    /// Refuses `rows` when the database sent more than the maximum.
    pub fn refuse_over_max<T>(&self, rows: &[T], what: &str, narrow: &str) -> Result<(), ApiError> {
        let max = self.max_results();
        if rows.len() as u64 > max {
            return Err(code::TOO_MANY_RESULTS
                .with_fields([("max", &max), ("what", &what), ("narrow", &narrow)])
                .with_debuginfo(format!("at most {max} {what} are returned in one call (limits.max_list_results)")));
        }
        Ok(())
    }

    /// Cuts `rows` to the maximum; the warning that says so when more matched.
    pub fn cut_to_max<T>(&self, rows: &mut Vec<T>, what: &str, narrow: &str) -> Option<Warning> {
        let max = self.max_results();
        if rows.len() as u64 <= max {
            return None;
        }
        rows.truncate(max as usize);
        Some(Warning {
            item: Some(what.to_string()),
            itemid: None,
            warningcode: "toomanyresults".into(),
            message: format!("More than {max} {what} match; the first {max} are returned. {narrow}"),
        })
    }
}
