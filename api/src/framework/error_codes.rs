//! Every error code lmsgate answers with. Each knows Moodle's exception class, its English message
//! (Moodle's language string where Moodle has one, with its `{$a}` / `{$a->name}` placeholders)
//! and the status the typed API answers with; each protocol renders it in its own shape (the
//! typed API's status and body, `server.php`'s exception, AJAX's and `login/token.php`'s error
//! objects). A code is a typed constant, so a misspelt one does not compile; a plugin declares
//! its own the same way (`ErrorCode::new`).
use std::fmt::Display;

pub use poem::http::StatusCode;

use super::error::ApiError;

/// A Moodle error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    /// Moodle's `errorcode`.
    pub code: &'static str,
    /// Moodle's exception class.
    pub exception: &'static str,
    /// The English message, with Moodle's placeholders.
    pub message: &'static str,
    /// The typed API's status.
    pub status: StatusCode,
}

impl ErrorCode {
    pub const fn new(code: &'static str, exception: &'static str, status: StatusCode, message: &'static str) -> Self {
        Self { code, exception, message, status }
    }

    /// The error, its message as written (a message without placeholders, or one Moodle leaves
    /// unfilled).
    pub fn err(self) -> ApiError {
        self.error(self.message.to_string())
    }

    /// The error, `{$a}` filled with `a`.
    pub fn with(self, a: impl Display) -> ApiError {
        self.error(self.message.replace("{$a}", &a.to_string()))
    }

    /// The error, each `{$a->name}` filled.
    pub fn with_fields<const N: usize>(self, fields: [(&str, &dyn Display); N]) -> ApiError {
        let mut message = self.message.to_string();
        for (name, value) in fields {
            message = message.replace(&format!("{{$a->{name}}}"), &value.to_string());
        }
        self.error(message)
    }

    fn error(self, message: String) -> ApiError {
        ApiError::from_code(self, message)
    }
}

/// Moodle's exception classes.
pub mod exception {
    pub const MOODLE: &str = "core\\exception\\moodle_exception";
    pub const INVALID_PARAMETER: &str = "core\\exception\\invalid_parameter_exception";
    pub const REQUIRED_CAPABILITY: &str = "core\\exception\\required_capability_exception";
    pub const CODING: &str = "core\\exception\\coding_exception";
    pub const ACCESS: &str = "webservice_access_exception";
    pub const MISSING_RECORD: &str = "dml_missing_record_exception";
    pub const FILE: &str = "file_exception";
    pub const REQUIRE_LOGIN: &str = "core\\exception\\require_login_exception";
}

macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $exception:ident, $status:ident, $message:literal; )*) => {
        /// The codes, by name.
        pub mod code {
            use super::{ErrorCode, StatusCode, exception};
            $(
                $(#[doc = $doc])*
                pub const $name: ErrorCode = ErrorCode::new($code, exception::$exception, StatusCode::$status, $message);
            )*
            /// Every code (for tests and documentation).
            pub const ALL: &[ErrorCode] = &[$($name),*];
        }
    };
}

error_codes! {
    // Tokens, callers and services.
    INVALID_TOKEN = "invalidtoken", MOODLE, UNAUTHORIZED, "Invalid token - token not found";
    INVALID_TIMED_TOKEN = "invalidtimedtoken", MOODLE, UNAUTHORIZED, "Invalid token - token expired";
    INVALID_IP_TOKEN = "invalidiptoken", MOODLE, FORBIDDEN, "Invalid token - your IP is not supported";
    /// The reason is only in `debuginfo`.
    ACCESS_EXCEPTION = "accessexception", ACCESS, FORBIDDEN, "Access control exception";
    WS_ACCESS_USER_DELETED = "wsaccessuserdeleted", MOODLE, FORBIDDEN, "Refused web service access for deleted username: {$a}";
    WS_ACCESS_USER_UNCONFIRMED = "wsaccessuserunconfirmed", MOODLE, FORBIDDEN, "Refused web service access for unconfirmed username: {$a}";
    WS_ACCESS_USER_SUSPENDED = "wsaccessusersuspended", MOODLE, FORBIDDEN, "Refused web service access for suspended username: {$a}";
    WS_ACCESS_USER_NOLOGIN = "wsaccessusernologin", MOODLE, FORBIDDEN, "Refused web service access for nologin authentication username: {$a}";
    SITE_MAINTENANCE = "sitemaintenance", MOODLE, SERVICE_UNAVAILABLE, "The site is undergoing maintenance and is currently not available";
    USER_NOT_CONFIRMED = "usernotconfirmed", MOODLE, FORBIDDEN, "The user {$a} has not been confirmed";
    MISSING_USERNAME = "missingusername", MOODLE, UNAUTHORIZED, "Missing username";
    MISSING_PASSWORD = "missingpassword", MOODLE, UNAUTHORIZED, "Missing password";
    WRONG_USERNAME_PASSWORD = "wrongusernamepassword", MOODLE, UNAUTHORIZED, "Wrong username or password";
    RATE_LIMITED = "ratelimited", MOODLE, TOO_MANY_REQUESTS, "Too many {$a->what}: try again in {$a->seconds} seconds";

    // login/token.php.
    INVALID_LOGIN = "invalidlogin", MOODLE, UNAUTHORIZED, "Invalid login, please try again";
    ENABLE_WS_DESCRIPTION = "enablewsdescription", MOODLE, FORBIDDEN, "Web services must be enabled in Advanced features.";
    NO_GUEST = "noguest", MOODLE, FORBIDDEN, "No guests here!";
    /// `login/token.php`'s wording of `usernotconfirmed`.
    COULD_NOT_CONFIRM = "usernotconfirmed", MOODLE, FORBIDDEN, "Could not confirm {$a}";
    MISSING_REQUIRED_CAPABILITY = "missingrequiredcapability", MOODLE, FORBIDDEN, "The capability {$a} is required.";
    USER_NOT_ALLOWED = "usernotallowed", MOODLE, FORBIDDEN, "The user is not allowed for this service. First you need to allow this user on the {$a}'s allowed users administration page.";
    CANNOT_CREATE_TOKEN = "cannotcreatetoken", MOODLE, FORBIDDEN, "No permission to create web service token for the service {$a}.";
    MISSING_PARAM = "missingparam", MOODLE, BAD_REQUEST, "A required parameter ({$a}) was missing";

    // AJAX.
    INVALID_SESSKEY = "invalidsesskey", MOODLE, FORBIDDEN, "Your session has most likely timed out. Please log in again.";
    SERVICE_NOT_AVAILABLE = "servicenotavailable", MOODLE, NOT_FOUND, "Web service is not available. (It doesn't exist or might be disabled.)";
    SERVICE_REQUIRES_LOGIN = "servicerequireslogin", MOODLE, UNAUTHORIZED, "Web service is not available. (The session has been logged out or has expired.)";
    /// lmsgate's: a call of an atomic batch that was undone because another one failed.
    ATOMIC_ROLLED_BACK = "atomicrolledback", MOODLE, CONFLICT, "Not saved: another call in this atomic batch failed.";

    // The HTTP layer.
    INVALID_METHOD = "invalidmethod", MOODLE, METHOD_NOT_ALLOWED, "Method not allowed";
    REQUEST_TOO_LARGE = "requesttoolarge", MOODLE, PAYLOAD_TOO_LARGE, "The request body is too large";
    REQUEST_TIMEOUT = "requesttimeout", MOODLE, REQUEST_TIMEOUT, "The request took too long";

    // Any function.
    NO_PERMISSIONS = "nopermissions", REQUIRED_CAPABILITY, FORBIDDEN, "Sorry, but you do not currently have permissions to do that ({$a}).";
    INVALID_PARAMETER = "invalidparameter", INVALID_PARAMETER, BAD_REQUEST, "Invalid parameter value detected";
    /// A duplicate: Moodle's `invalidparameter`, 409 on the typed API.
    DUPLICATE = "invalidparameter", INVALID_PARAMETER, CONFLICT, "Invalid parameter value detected";
    /// A body that is not JSON: Moodle's `invalidparameter`, 415 on the typed API.
    UNSUPPORTED_MEDIA_TYPE = "invalidparameter", INVALID_PARAMETER, UNSUPPORTED_MEDIA_TYPE, "Invalid parameter value detected";
    INVALID_RECORD = "invalidrecord", MISSING_RECORD, NOT_FOUND, "Can't find data record in database table {$a}.";
    INVALID_USER = "invaliduser", MISSING_RECORD, NOT_FOUND, "Invalid user";
    CODING_ERROR = "codingerror", CODING, BAD_REQUEST, "Coding error detected, it must be fixed by a programmer: {$a}";
    /// A bug or an unavailable database (the detail is logged, never sent).
    INTERNAL = "generalexceptionmessage", MOODLE, INTERNAL_SERVER_ERROR, "Exception - internal error";
    COURSE_CONTEXT_NOT_VALID = "errorcoursecontextnotvalid", MOODLE, FORBIDDEN, "You cannot execute functions in the course context (course id:{$a->courseid}). The context error message was: {$a->message}";
    CATEGORY_CONTEXT_NOT_VALID = "errorcatcontextnotvalid", MOODLE, FORBIDDEN, "You cannot execute functions in the category context (category id:{$a->catid}). The context error message was: {$a->message}";
    /// lmsgate's: a list longer than the documented maximum.
    TOO_MANY_RESULTS = "toomanyresults", MOODLE, BAD_REQUEST, "More than {$a->max} {$a->what} match; {$a->narrow}";
    ACCESS_DENIED = "accessdenied", MOODLE, FORBIDDEN, "Access denied";

    // Calendar.
    /// Moodle's errorcode here is the sentence itself, and its message the missing string's key.
    LIMIT_OUT_OF_RANGE = "Limit must be between 1 and 50 (inclusive)", MOODLE, BAD_REQUEST, "error/Limit must be between 1 and 50 (inclusive)";

    // Messaging.
    MESSAGING_DISABLED = "disabled", MOODLE, FORBIDDEN, "Messaging is disabled on this site";
    /// Moodle throws the sentence as the code.
    NO_PERMISSION_ACTION = "You do not have permission to perform this action.", MOODLE, FORBIDDEN, "error/You do not have permission to perform this action.";
    /// A conversation the caller is not in (Moodle throws the sentence as the code).
    NOT_IN_CONVERSATION = "User is not part of conversation.", MOODLE, FORBIDDEN, "error/User is not part of conversation.";
    /// A message or notification the caller may not touch.
    /// Moodle throws the sentence as the code.
    MESSAGE_REFUSED = "You do not have permission to send a message", MOODLE, FORBIDDEN, "error/You do not have permission to send a message";
    CONVERSATION_NOT_EXIST = "errorconversationdoesnotexist", MOODLE, NOT_FOUND, "Conversation does not exist";
    /// Moodle throws the sentence as the code.
    CANNOT_DELETE_MESSAGE = "You do not have permission to delete this message", MOODLE, FORBIDDEN, "error/You do not have permission to delete this message";

    // Grades.
    NO_PERMISSION_TO_VIEW_GRADES = "nopermissiontoviewgrades", MOODLE, FORBIDDEN, "Can not view grades.";

    // Completion.
    CANNOT_MANUAL_TRACK = "cannotmanualctrack", MOODLE, BAD_REQUEST, "Activity does not provide manual tracking";
    COMPLETION_NOT_ENABLED = "completionnotenabled", MOODLE, BAD_REQUEST, "Completion is not enabled";
    NOT_TRACKED = "nottracked", MOODLE, BAD_REQUEST, "You are currently not being tracked by completion in this course";
    NO_CRITERIA_SET = "nocriteriaset", MOODLE, NOT_FOUND, "No completion criteria set for this course";

    // Forums.
    CANNOT_CREATE_DISCUSSION = "cannotcreatediscussion", MOODLE, FORBIDDEN, "Could not create new discussion";
    NO_POST_FORUM = "nopostforum", MOODLE, FORBIDDEN, "Sorry, you are not allowed to post to this forum";
    INVALID_DISCUSSION_ID = "invaliddiscussionid", MOODLE, NOT_FOUND, "Discussion ID was incorrect or no longer exists";
    INVALID_PARENT_POST_ID = "invalidparentpostid", MOODLE, NOT_FOUND, "Parent post ID was incorrect";

    // Search.
    GLOBAL_SEARCH_DISABLED = "globalsearchdisabled", MOODLE, FORBIDDEN, "Global searching is not enabled.";

    // Users.
    KEY_ALREADY_SET = "keyalreadyset", MOODLE, BAD_REQUEST, "error/keyalreadyset";
    USER_ADMIN_NO_DELETE = "useradminodelete", MOODLE, FORBIDDEN, "error/useradminodelete";
    USER_DELETED = "userdeleted", MOODLE, FORBIDDEN, "This user account has been deleted";
    SUSPENDED = "suspended", MOODLE, FORBIDDEN, "Suspended account";
    CANNOT_VIEW_PROFILE = "cannotviewprofile", MOODLE, FORBIDDEN, "You cannot view the profile of this user";
    NOT_ENROLLED_PROFILE = "notenrolledprofile", MOODLE, NOT_FOUND, "This profile is not available because this user is not enrolled in this course.";
    /// Moodle has no string for it.
    USER_IMAGES_DISABLED = "userimagesdisabled", MOODLE, FORBIDDEN, "admin/userimagesdisabled";
    USER_ADMIN_EDIT_ADMIN = "useradmineditadmin", MOODLE, FORBIDDEN, "Only administrators are allowed to modify other administrator accounts";
    USER_NOT_DELETED = "usernotdeletederror", MOODLE, FORBIDDEN, "User not deleted - error";

    // Activities.
    INVALID_COURSE_MODULE = "invalidcoursemodule", MOODLE, NOT_FOUND, "Invalid course module ID";
    REQUIRE_LOGIN = "requireloginerror", REQUIRE_LOGIN, FORBIDDEN, "Course or activity not accessible.";

    // Courses and categories.
    /// Moodle leaves the placeholder unfilled.
    UNKNOWN_CATEGORY = "unknowncategory", MOODLE, NOT_FOUND, "Unknown category with category ID number \"{$a}\"";
    UNKNOW_CATEGORY = "unknowcategory", MOODLE, NOT_FOUND, "Category not known!";
    CATEGORY_IDNUMBER_TAKEN = "categoryidnumbertaken", MOODLE, CONFLICT, "ID number is already used for another category";
    CATEGORY_NAME_REQUIRED = "categorynamerequired", MOODLE, BAD_REQUEST, "The category name is required.";
    CANNOT_MOVE_CATEGORY = "cannotmovecategory", MOODLE, BAD_REQUEST, "Cannot move a category into itself or one of its subcategories";
    MOVE_CATEGORY_CONTENTS_TO_ROOT = "movecatcontentstoroot", MOODLE, BAD_REQUEST, "Moving the contents of a category to the top level is not allowed; give newparent or recursive.";
    CRITERIA_ERROR = "criteriaerror", MOODLE, BAD_REQUEST, "Missing permissions to search on a criterion.";
    SHORTNAME_TAKEN = "shortnametaken", MOODLE, CONFLICT, "Short name is already used for another course ({$a})";
    COURSE_IDNUMBER_TAKEN = "courseidnumbertaken", MOODLE, CONFLICT, "ID number is already used for another course ({$a})";
    SECTION_NOT_EXIST = "sectionnotexist", MOODLE, NOT_FOUND, "This section does not exist";
    INVALID_PARAM = "errorinvalidparam", MOODLE, BAD_REQUEST, "The param \"{$a}\" is invalid.";

    // Enrolments and groups.
    WS_NO_INSTANCE = "wsnoinstance", MOODLE, BAD_REQUEST, "Manual enrolment plugin instance doesn't exist or is disabled for the course (id = {$a->courseid})";
    WS_USER_CANNOT_ASSIGN = "wsusercannotassign", MOODLE, FORBIDDEN, "You don't have the permission to assign this role ({$a->roleid}) to this user ({$a->userid}) in this course({$a->courseid}).";
    IDNUMBER_TAKEN = "idnumbertaken", MOODLE, CONFLICT, "This ID number is already taken";

    // Files.
    NO_FILE = "nofile", MOODLE, NOT_FOUND, "File not specified";
    FILE_EXISTS = "fileexist", MOODLE, CONFLICT, "error/fileexist";
    MAX_BYTES = "maxbytes", FILE, PAYLOAD_TOO_LARGE, "This file is bigger than the maximum size";
    UPLOAD_TOO_LARGE = "upload_error_ini_size", MOODLE, PAYLOAD_TOO_LARGE, "The upload is larger than this server accepts ({$a} bytes per request).";
    USER_QUOTA_LIMIT = "userquotalimit", FILE, FORBIDDEN, "You have reached your quota limit.";
    /// The file endpoints' missing token.
    MISSING_TOKEN = "missingparam", MOODLE, UNAUTHORIZED, "A required parameter (token) was missing";
    FILE_NOT_FOUND = "filenotfound", MOODLE, NOT_FOUND, "Sorry, the requested file could not be found";
    INVALID_KEY = "invalidkey", MOODLE, FORBIDDEN, "Incorrect key";
    EXPIRED_KEY = "expiredkey", MOODLE, FORBIDDEN, "Expired key";
    IP_MISMATCH = "ipmismatch", MOODLE, FORBIDDEN, "Client IP address mismatch";
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn codes_are_moodle_shaped_and_each_name_means_one_answer() {
        for (i, c) in code::ALL.iter().enumerate() {
            // Moodle's codes are lowercase words, except where Moodle throws a sentence as one.
            let word = c.code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
            assert!(word || c.message == format!("error/{}", c.code), "{}", c.code);
            assert!(!c.message.is_empty() && !c.exception.is_empty(), "{}", c.code);
            assert!(!code::ALL[..i].contains(c), "{} is declared twice", c.code);
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let e = code::WS_USER_CANNOT_ASSIGN.with_fields([("roleid", &5), ("userid", &3), ("courseid", &2)]);
        assert_eq!(
            e.message,
            "You don't have the permission to assign this role (5) to this user (3) in this course(2)."
        );
        assert_eq!(code::INVALID_RECORD.with("course").message, "Can't find data record in database table course.");
        assert_eq!((e.errorcode(), e.status.as_u16()), ("wsusercannotassign", 403));
    }
}
