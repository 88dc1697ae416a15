//! mod_label: text and media areas (shown on the course page, no page of their own).

crate::component! {
    /// Text and media areas
    mod_label {
        get_labels_by_courses::GetLabelsByCourses,
    }
}
