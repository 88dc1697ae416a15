//! enrol_manual: enrol and unenrol users through a course's manual enrolment instance.
pub mod enrol_users;
pub mod unenrol_users;

use crate::Tag;

crate::operations!(EnrolManualApi, "Tag::EnrolManual", {
    /// Enrol users in courses (all or nothing)
    enrol_users "/enrol_manual_enrol_users" "enrol_manual_enrol_users" => enrol_users::EnrolUsers;
    /// Unenrol users from courses (all or nothing)
    unenrol_users "/enrol_manual_unenrol_users" "enrol_manual_unenrol_users" => unenrol_users::UnenrolUsers;
});
