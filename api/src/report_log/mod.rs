//! report_log: the audit log of function calls (not in Moodle, whose logs have no web service).

crate::component! {
    /// Audit log of function calls
    report_log {
        get_entries::GetEntries,
    }
}
