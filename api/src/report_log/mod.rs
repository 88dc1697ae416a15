//! report_log: the audit log of function calls (not in Moodle, whose logs have no web service).
pub mod get_entries;

use crate::Tag;

crate::operations!(ReportLogApi, "Tag::ReportLog", {
    /// Audit log entries of function calls, newest first
    get_entries "/report_log_get_entries" "report_log_get_entries" => get_entries::GetEntries;
});
