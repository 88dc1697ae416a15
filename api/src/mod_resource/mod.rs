//! mod_resource: the file activity (one main file to open or download).
pub mod display;

crate::component! {
    /// File activities
    mod_resource {
        get_resources_by_courses::GetResourcesByCourses,
        view_resource::ViewResource,
    }
}
