//! local_lmsgate: what Moodle's web services lack and integrators ask for, served like any
//! component (catalogue, spec, REST): adding, changing and deleting sections and activities.
pub mod sections;

crate::component! {
    /// Course building (beyond Moodle)
    local_lmsgate {
        add_modules::AddModules,
        update_modules::UpdateModules,
        delete_modules::DeleteModules,
        add_sections::AddSections,
        update_sections::UpdateSections,
        delete_sections::DeleteSections,
    }
}
