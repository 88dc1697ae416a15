//! mod_folder: the folder activity (files to browse).

crate::component! {
    /// Folder activities
    mod_folder {
        get_folders_by_courses::GetFoldersByCourses,
        view_folder::ViewFolder,
    }
}
