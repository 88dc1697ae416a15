//! enrol_manual: enrol and unenrol users through a course's manual enrolment instance.

crate::component! {
    /// Manual enrolment
    enrol_manual {
        enrol_users::EnrolUsers,
        unenrol_users::UnenrolUsers,
    }
}
