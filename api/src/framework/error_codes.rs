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
    /// The component whose language file holds the message (`error`, `webservice`, `moodle`, ...;
    /// `lmsgate` for lmsgate's own codes): Moodle's `module`, which its `moreinfourl` names.
    pub module: &'static str,
    /// Moodle's exception class.
    pub exception: Exception,
    /// The English message, with Moodle's placeholders.
    pub message: &'static str,
    /// The typed API's status.
    pub status: StatusCode,
}

impl ErrorCode {
    pub const fn new(
        code: &'static str,
        module: &'static str,
        exception: Exception,
        status: StatusCode,
        message: &'static str,
    ) -> Self {
        Self { code, module, exception, message, status }
    }

    /// Moodle's documentation page for the code (`moreinfourl`); none for lmsgate's own codes.
    pub fn more_info_url(&self) -> String {
        match self.module {
            "lmsgate" => String::new(),
            "error" | "moodle" | "core" => format!("https://docs.moodle.org/405/en/error/moodle/{}", self.code),
            module => format!("https://docs.moodle.org/405/en/error/{module}/{}", self.code),
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    Moodle,
    InvalidParameter,
    RequiredCapability,
    Coding,
    Access,
    MissingRecord,
    File,
    RequireLogin,
}

impl Exception {
    /// The PHP class name (namespaced from Moodle 4.5 where Moodle namespaced it).
    pub const fn class(self) -> &'static str {
        match self {
            Self::Moodle => "core\\exception\\moodle_exception",
            Self::InvalidParameter => "core\\exception\\invalid_parameter_exception",
            Self::RequiredCapability => "core\\exception\\required_capability_exception",
            Self::Coding => "core\\exception\\coding_exception",
            Self::Access => "webservice_access_exception",
            Self::MissingRecord => "dml_missing_record_exception",
            Self::File => "file_exception",
            Self::RequireLogin => "core\\exception\\require_login_exception",
        }
    }
}

/// The classes by the names the code table uses.
pub mod exception {
    use super::Exception;
    pub const MOODLE: Exception = Exception::Moodle;
    pub const INVALID_PARAMETER: Exception = Exception::InvalidParameter;
    pub const REQUIRED_CAPABILITY: Exception = Exception::RequiredCapability;
    pub const CODING: Exception = Exception::Coding;
    pub const ACCESS: Exception = Exception::Access;
    pub const MISSING_RECORD: Exception = Exception::MissingRecord;
    pub const FILE: Exception = Exception::File;
    pub const REQUIRE_LOGIN: Exception = Exception::RequireLogin;
}

macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal in $module:literal, $exception:ident, $status:ident, $message:literal; )*) => {
        /// The codes, by name.
        pub mod code {
            use super::{ErrorCode, StatusCode, exception};
            $(
                $(#[doc = $doc])*
                pub const $name: ErrorCode = ErrorCode::new($code, $module, exception::$exception, StatusCode::$status, $message);
            )*
            /// Every code (for tests and documentation).
            pub const ALL: &[ErrorCode] = &[$($name),*];
        }
    };
}

error_codes! {
    // Tokens, callers and services.
    INVALID_TOKEN = "invalidtoken" in "webservice", MOODLE, UNAUTHORIZED, "Invalid token - token not found";
    INVALID_TIMED_TOKEN = "invalidtimedtoken" in "webservice", MOODLE, UNAUTHORIZED, "Invalid token - token expired";
    INVALID_IP_TOKEN = "invalidiptoken" in "webservice", MOODLE, FORBIDDEN, "Invalid token - your IP is not supported";
    /// The reason is only in `debuginfo`.
    ACCESS_EXCEPTION = "accessexception" in "webservice", ACCESS, FORBIDDEN, "Access control exception";
    WS_ACCESS_USER_DELETED = "wsaccessuserdeleted" in "webservice", MOODLE, FORBIDDEN, "Refused web service access for deleted username: {$a}";
    WS_ACCESS_USER_UNCONFIRMED = "wsaccessuserunconfirmed" in "webservice", MOODLE, FORBIDDEN, "Refused web service access for unconfirmed username: {$a}";
    WS_ACCESS_USER_SUSPENDED = "wsaccessusersuspended" in "webservice", MOODLE, FORBIDDEN, "Refused web service access for suspended username: {$a}";
    WS_ACCESS_USER_NOLOGIN = "wsaccessusernologin" in "webservice", MOODLE, FORBIDDEN, "Refused web service access for nologin authentication username: {$a}";
    SITE_MAINTENANCE = "sitemaintenance" in "admin", MOODLE, SERVICE_UNAVAILABLE, "The site is undergoing maintenance and is currently not available";
    MISSING_USERNAME = "missingusername" in "webservice", MOODLE, UNAUTHORIZED, "Missing username";
    MISSING_PASSWORD = "missingpassword" in "webservice", MOODLE, UNAUTHORIZED, "Missing password";
    WRONG_USERNAME_PASSWORD = "wrongusernamepassword" in "webservice", MOODLE, UNAUTHORIZED, "Wrong username or password";
    RATE_LIMITED = "ratelimited" in "lmsgate", MOODLE, TOO_MANY_REQUESTS, "Too many {$a->what}: try again in {$a->seconds} seconds";

    // login/token.php.
    INVALID_LOGIN = "invalidlogin" in "moodle", MOODLE, UNAUTHORIZED, "Invalid login, please try again";
    ENABLE_WS_DESCRIPTION = "enablewsdescription" in "webservice", MOODLE, FORBIDDEN, "Web services must be enabled in Advanced features.";
    NO_GUEST = "noguest" in "error", MOODLE, FORBIDDEN, "No guests here!";
    USER_NOT_CONFIRMED = "usernotconfirmed" in "moodle", MOODLE, FORBIDDEN, "Could not confirm {$a}";
    MISSING_REQUIRED_CAPABILITY = "missingrequiredcapability" in "webservice", MOODLE, FORBIDDEN, "The capability {$a} is required.";
    USER_NOT_ALLOWED = "usernotallowed" in "webservice", MOODLE, FORBIDDEN, "The user is not allowed for this service. First you need to allow this user on the {$a}'s allowed users administration page.";
    CANNOT_CREATE_TOKEN = "cannotcreatetoken" in "webservice", MOODLE, FORBIDDEN, "No permission to create web service token for the service {$a}.";
    MISSING_PARAM = "missingparam" in "error", MOODLE, BAD_REQUEST, "A required parameter ({$a}) was missing";

    // AJAX.
    INVALID_SESSKEY = "invalidsesskey" in "error", MOODLE, FORBIDDEN, "Your session has most likely timed out. Please log in again.";
    SERVICE_NOT_AVAILABLE = "servicenotavailable" in "webservice", MOODLE, NOT_FOUND, "Web service is not available. (It doesn't exist or might be disabled.)";
    SERVICE_REQUIRES_LOGIN = "servicerequireslogin" in "webservice", MOODLE, UNAUTHORIZED, "Web service is not available. (The session has been logged out or has expired.)";
    /// lmsgate's: a call of an atomic batch that was undone because another one failed.
    ATOMIC_ROLLED_BACK = "atomicrolledback" in "lmsgate", MOODLE, CONFLICT, "Not saved: another call in this atomic batch failed.";

    // The HTTP layer.
    INVALID_METHOD = "invalidmethod" in "lmsgate", MOODLE, METHOD_NOT_ALLOWED, "Method not allowed";
    REQUEST_TOO_LARGE = "requesttoolarge" in "lmsgate", MOODLE, PAYLOAD_TOO_LARGE, "The request body is too large";
    REQUEST_TIMEOUT = "requesttimeout" in "lmsgate", MOODLE, REQUEST_TIMEOUT, "The request took too long";

    // Any function.
    NO_PERMISSIONS = "nopermissions" in "error", REQUIRED_CAPABILITY, FORBIDDEN, "Sorry, but you do not currently have permissions to do that ({$a}).";
    INVALID_PARAMETER = "invalidparameter" in "debug", INVALID_PARAMETER, BAD_REQUEST, "Invalid parameter value detected";
    /// A duplicate: Moodle's `invalidparameter`, 409 on the typed API.
    DUPLICATE = "invalidparameter" in "debug", INVALID_PARAMETER, CONFLICT, "Invalid parameter value detected";
    /// A body that is not JSON: Moodle's `invalidparameter`, 415 on the typed API.
    UNSUPPORTED_MEDIA_TYPE = "invalidparameter" in "debug", INVALID_PARAMETER, UNSUPPORTED_MEDIA_TYPE, "Invalid parameter value detected";
    INVALID_RECORD = "invalidrecord" in "error", MISSING_RECORD, NOT_FOUND, "Can't find data record in database table {$a}.";
    INVALID_USER = "invaliduser" in "error", MISSING_RECORD, NOT_FOUND, "Invalid user";
    CODING_ERROR = "codingerror" in "debug", CODING, BAD_REQUEST, "Coding error detected, it must be fixed by a programmer: {$a}";
    /// A bug or an unavailable database (the detail is logged, never sent).
    INTERNAL = "generalexceptionmessage" in "error", MOODLE, INTERNAL_SERVER_ERROR, "Exception - {$a}";
    COURSE_CONTEXT_NOT_VALID = "errorcoursecontextnotvalid" in "webservice", MOODLE, FORBIDDEN, "You cannot execute functions in the course context (course id:{$a->courseid}). The context error message was: {$a->message}";
    CATEGORY_CONTEXT_NOT_VALID = "errorcatcontextnotvalid" in "webservice", MOODLE, FORBIDDEN, "You cannot execute functions in the category context (category id:{$a->catid}). The context error message was: {$a->message}";
    /// lmsgate's: a list longer than the documented maximum.
    TOO_MANY_RESULTS = "toomanyresults" in "lmsgate", MOODLE, BAD_REQUEST, "More than {$a->max} {$a->what} match; {$a->narrow}";
    ACCESS_DENIED = "accessdenied" in "admin", MOODLE, FORBIDDEN, "Access denied";

    // Calendar.
    /// Moodle's errorcode here is the sentence itself, and its message the missing string's key.
    LIMIT_OUT_OF_RANGE = "Limit must be between 1 and 50 (inclusive)" in "error", MOODLE, BAD_REQUEST, "error/Limit must be between 1 and 50 (inclusive)";

    // Messaging.
    MESSAGING_DISABLED = "disabled" in "message", MOODLE, FORBIDDEN, "Messaging is disabled on this site";
    /// Moodle throws the sentence as the code.
    NO_PERMISSION_ACTION = "You do not have permission to perform this action." in "error", MOODLE, FORBIDDEN, "error/You do not have permission to perform this action.";
    /// A conversation the caller is not in (Moodle throws the sentence as the code).
    NOT_IN_CONVERSATION = "User is not part of conversation." in "error", MOODLE, FORBIDDEN, "error/User is not part of conversation.";
    /// A message or notification the caller may not touch.
    /// Moodle throws the sentence as the code.
    MESSAGE_REFUSED = "You do not have permission to send a message" in "error", MOODLE, FORBIDDEN, "error/You do not have permission to send a message";
    CONVERSATION_NOT_EXIST = "errorconversationdoesnotexist" in "message", MOODLE, NOT_FOUND, "Conversation does not exist";
    /// Moodle throws the sentence as the code.
    CANNOT_DELETE_MESSAGE = "You do not have permission to delete this message" in "error", MOODLE, FORBIDDEN, "error/You do not have permission to delete this message";

    // Grades.
    NO_PERMISSION_TO_VIEW_GRADES = "nopermissiontoviewgrades" in "error", MOODLE, FORBIDDEN, "Can not view grades.";

    // Completion.
    CANNOT_MANUAL_TRACK = "cannotmanualctrack" in "error", MOODLE, BAD_REQUEST, "Activity does not provide manual tracking";
    COMPLETION_NOT_ENABLED = "completionnotenabled" in "completion", MOODLE, BAD_REQUEST, "Completion is not enabled";
    NOT_TRACKED = "nottracked" in "completion", MOODLE, BAD_REQUEST, "You are currently not being tracked by completion in this course";
    NO_CRITERIA_SET = "nocriteriaset" in "completion", MOODLE, NOT_FOUND, "No completion criteria set for this course";

    // Forums.
    CANNOT_CREATE_DISCUSSION = "cannotcreatediscussion" in "forum", MOODLE, FORBIDDEN, "Could not create new discussion";
    NO_POST_FORUM = "nopostforum" in "forum", MOODLE, FORBIDDEN, "Sorry, you are not allowed to post to this forum";
    INVALID_DISCUSSION_ID = "invaliddiscussionid" in "forum", MOODLE, NOT_FOUND, "Discussion ID was incorrect or no longer exists";
    INVALID_PARENT_POST_ID = "invalidparentpostid" in "forum", MOODLE, NOT_FOUND, "Parent post ID was incorrect";

    // Search.
    GLOBAL_SEARCH_DISABLED = "globalsearchdisabled" in "search", MOODLE, FORBIDDEN, "Global searching is not enabled.";

    // Users.
    KEY_ALREADY_SET = "keyalreadyset" in "error", MOODLE, BAD_REQUEST, "error/keyalreadyset";
    USER_ADMIN_NO_DELETE = "useradminodelete" in "error", MOODLE, FORBIDDEN, "error/useradminodelete";
    USER_DELETED = "userdeleted" in "moodle", MOODLE, FORBIDDEN, "This user account has been deleted";
    SUSPENDED = "suspended" in "moodle", MOODLE, FORBIDDEN, "Suspended account";
    CANNOT_VIEW_PROFILE = "cannotviewprofile" in "error", MOODLE, FORBIDDEN, "You cannot view the profile of this user";
    NOT_ENROLLED_PROFILE = "notenrolledprofile" in "moodle", MOODLE, NOT_FOUND, "This profile is not available because this user is not enrolled in this course.";
    /// Moodle has no string for it.
    USER_IMAGES_DISABLED = "userimagesdisabled" in "admin", MOODLE, FORBIDDEN, "admin/userimagesdisabled";
    USER_ADMIN_EDIT_ADMIN = "useradmineditadmin" in "error", MOODLE, FORBIDDEN, "Only administrators are allowed to modify other administrator accounts";
    USER_NOT_DELETED = "usernotdeletederror" in "error", MOODLE, FORBIDDEN, "User not deleted - error";

    // Activities.
    INVALID_COURSE_MODULE = "invalidcoursemodule" in "error", MOODLE, NOT_FOUND, "Invalid course module ID";
    REQUIRE_LOGIN = "requireloginerror" in "error", REQUIRE_LOGIN, FORBIDDEN, "Course or activity not accessible.";

    // Courses and categories.
    /// Moodle leaves the placeholder unfilled.
    UNKNOWN_CATEGORY = "unknowncategory" in "error", MOODLE, NOT_FOUND, "Unknown category with category ID number \"{$a}\"";
    UNKNOW_CATEGORY = "unknowcategory" in "error", MOODLE, NOT_FOUND, "Category not known!";
    CATEGORY_IDNUMBER_TAKEN = "categoryidnumbertaken" in "error", MOODLE, CONFLICT, "ID number is already used for another category";
    CATEGORY_NAME_REQUIRED = "categorynamerequired" in "error", MOODLE, BAD_REQUEST, "The category name is required.";
    CANNOT_MOVE_CATEGORY = "cannotmovecategory" in "error", MOODLE, BAD_REQUEST, "Cannot move a category into itself or one of its subcategories";
    MOVE_CATEGORY_CONTENTS_TO_ROOT = "movecatcontentstoroot" in "error", MOODLE, BAD_REQUEST, "Moving the category content to root is not allowed. You must move the contents to an existant category!";
    CRITERIA_ERROR = "criteriaerror" in "webservice", MOODLE, BAD_REQUEST, "Missing permissions to search on a criterion.";
    SHORTNAME_TAKEN = "shortnametaken" in "error", MOODLE, CONFLICT, "Short name is already used for another course ({$a})";
    COURSE_IDNUMBER_TAKEN = "courseidnumbertaken" in "error", MOODLE, CONFLICT, "ID number is already used for another course ({$a})";
    SECTION_NOT_EXIST = "sectionnotexist" in "error", MOODLE, NOT_FOUND, "This section does not exist";
    INVALID_PARAM = "errorinvalidparam" in "webservice", MOODLE, BAD_REQUEST, "The param \"{$a}\" is invalid.";

    // Enrolments and groups.
    WS_NO_INSTANCE = "wsnoinstance" in "enrol_manual", MOODLE, BAD_REQUEST, "Manual enrolment plugin instance doesn't exist or is disabled for the course (id = {$a->courseid})";
    WS_USER_CANNOT_ASSIGN = "wsusercannotassign" in "enrol_manual", MOODLE, FORBIDDEN, "You don't have the permission to assign this role ({$a->roleid}) to this user ({$a->userid}) in this course({$a->courseid}).";
    IDNUMBER_TAKEN = "idnumbertaken" in "error", MOODLE, CONFLICT, "This ID number is already taken";

    // Files.
    NO_FILE = "nofile" in "error", MOODLE, NOT_FOUND, "File not specified";
    FILE_EXISTS = "fileexist" in "error", MOODLE, CONFLICT, "error/fileexist";
    MAX_BYTES = "maxbytes" in "error", FILE, PAYLOAD_TOO_LARGE, "This file is bigger than the maximum size";
    UPLOAD_TOO_LARGE = "upload_error_ini_size" in "lmsgate", MOODLE, PAYLOAD_TOO_LARGE, "The upload is larger than this server accepts ({$a} bytes per request).";
    USER_QUOTA_LIMIT = "userquotalimit" in "error", FILE, FORBIDDEN, "You have reached your quota limit.";
    /// The file endpoints' missing token.
    MISSING_TOKEN = "missingparam" in "error", MOODLE, UNAUTHORIZED, "A required parameter (token) was missing";
    FILE_NOT_FOUND = "filenotfound" in "error", MOODLE, NOT_FOUND, "Sorry, the requested file could not be found";
    INVALID_KEY = "invalidkey" in "error", MOODLE, FORBIDDEN, "Incorrect key";
    EXPIRED_KEY = "expiredkey" in "error", MOODLE, FORBIDDEN, "Expired key";
    IP_MISMATCH = "ipmismatch" in "error", MOODLE, FORBIDDEN, "Client IP address mismatch";
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
            assert!(!c.message.is_empty() && !c.module.is_empty(), "{}", c.code);
            assert!(!code::ALL[..i].contains(c), "{} is declared twice", c.code);
        }
    }

    /// Codes whose 4.5 string could not be read from a 4.5 source: the message is what lmsgate
    /// believes Moodle 4.5 sends, and the reason says why it is not in the table.
    const UNVERIFIED: &[(&str, &str)] = &[
        ("cannotmanualctrack", "older lang/en/error.php says 'manual completion tracking'"),
        ("categorynamerequired", "older lang/en/error.php says 'Category name is required'"),
        ("idnumbertaken", "older lang/en/error.php says 'already in use'"),
        ("userquotalimit", "older lang/en/error.php says 'file quota limit'"),
        ("cannotmovecategory", "older lang/en/error.php says 'Cannot move category'"),
        ("maxbytes", "deprecated since 3.1; its 4.5 wording is not in any file read"),
        ("unknowncategory", "no lang file read holds it"),
        ("completionnotenabled", "lang/en/completion.php was not read"),
        ("cannotcreatediscussion", "mod/forum/lang/en/forum.php was read only in part"),
        ("invaliddiscussionid", "mod/forum/lang/en/forum.php was read only in part"),
        ("invalidparentpostid", "mod/forum/lang/en/forum.php was read only in part"),
        ("disabled", "lang/en/message.php was not read"),
        ("errorconversationdoesnotexist", "lang/en/message.php was not read"),
        ("wsusercannotassign", "enrol/manual/lang/en/enrol_manual.php was read only in part"),
        ("accessdenied", "lang/en/admin.php was not read"),
        ("userdeleted", "lang/en/moodle.php was not read"),
        ("suspended", "lang/en/moodle.php was not read"),
        ("notenrolledprofile", "lang/en/moodle.php was not read"),
    ];

    /// Every message is Moodle's string for its code, or Moodle's `module/code` where Moodle has
    /// no string; lmsgate's own codes are marked with the module `lmsgate`.
    #[test]
    fn messages_are_moodles_language_strings() {
        let strings: Vec<(&str, &str, &str)> = include_str!("moodle-lang-en.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let mut f = l.splitn(3, '\t');
                (f.next().unwrap(), f.next().unwrap(), f.next().unwrap())
            })
            .collect();
        for c in code::ALL {
            let known = strings
                .iter()
                .find(|(m, k, _)| *k == c.code && (*m == c.module || c.module == "error" && *m == "moodle"));
            match known {
                Some((_, _, string)) => {
                    assert!(
                        fills(string, c.message),
                        "{}/{}: {:?} is not Moodle's {string:?}",
                        c.module,
                        c.code,
                        c.message
                    )
                }
                None if c.message == format!("{}/{}", c.module, c.code) => {}
                None if c.module == "lmsgate" => {}
                None => assert!(
                    UNVERIFIED.iter().any(|(code, _)| *code == c.code),
                    "{}/{}: no Moodle string to compare with; add it to moodle-lang-en.tsv",
                    c.module,
                    c.code
                ),
            }
        }
        // A table entry that no code uses is a stale one.
        for (m, k, _) in &strings {
            assert!(code::ALL.iter().any(|c| c.code == *k), "{m}/{k} is not a code lmsgate answers with");
        }
    }

    /// Whether `message` is `string` with its placeholders left as they are or filled in.
    fn fills(string: &str, message: &str) -> bool {
        let placeholder = regex::Regex::new(r"\{\$a(->[a-z]+)?\}").unwrap();
        let pieces: Vec<String> = placeholder.split(string).map(regex::escape).collect();
        regex::Regex::new(&format!("^{}$", pieces.join(".+"))).unwrap().is_match(message)
    }

    #[test]
    fn more_info_urls_name_moodles_module() {
        let recorded = "https://docs.moodle.org/405/en/error/search/globalsearchdisabled";
        assert_eq!(code::GLOBAL_SEARCH_DISABLED.more_info_url(), recorded);
        assert_eq!(code::INVALID_LOGIN.more_info_url(), "https://docs.moodle.org/405/en/error/moodle/invalidlogin");
        assert_eq!(code::ATOMIC_ROLLED_BACK.more_info_url(), "");
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
