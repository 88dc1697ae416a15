//! Capabilities as typed constants: a check names one of these, so a capability that does not
//! exist does not compile. Their definitions (title, type, archetypes) are in `capability_defs`.

/// A capability, e.g. `moodle/course:view`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Capability(&'static str);

impl Capability {
    /// A plugin's capability (built-in ones are the constants below).
    pub const fn new(name: &'static str) -> Self {
        Self(name)
    }

    pub const fn name(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Debug for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Display for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Capabilities are stored by name.
impl From<Capability> for sea_orm::Value {
    fn from(c: Capability) -> Self {
        c.0.into()
    }
}

pub const CALENDAR_MANAGEENTRIES: Capability = Capability("moodle/calendar:manageentries");
pub const CALENDAR_MANAGEOWNENTRIES: Capability = Capability("moodle/calendar:manageownentries");
pub const CALENDAR_MANAGEGROUPENTRIES: Capability = Capability("moodle/calendar:managegroupentries");
pub const SITE_CONFIG: Capability = Capability("moodle/site:config");
pub const SITE_MAINTENANCEACCESS: Capability = Capability("moodle/site:maintenanceaccess");
pub const SITE_VIEWPARTICIPANTS: Capability = Capability("moodle/site:viewparticipants");
pub const SITE_ACCESSALLGROUPS: Capability = Capability("moodle/site:accessallgroups");
pub const SITE_SENDMESSAGE: Capability = Capability("moodle/site:sendmessage");
pub const SITE_READALLMESSAGES: Capability = Capability("moodle/site:readallmessages");
pub const SITE_MESSAGEANYUSER: Capability = Capability("moodle/site:messageanyuser");
pub const SITE_DELETEOWNMESSAGE: Capability = Capability("moodle/site:deleteownmessage");
pub const SITE_DELETEANYMESSAGE: Capability = Capability("moodle/site:deleteanymessage");
pub const USER_CREATE: Capability = Capability("moodle/user:create");
pub const USER_UPDATE: Capability = Capability("moodle/user:update");
pub const USER_DELETE: Capability = Capability("moodle/user:delete");
pub const USER_EDITOWNMESSAGEPROFILE: Capability = Capability("moodle/user:editownmessageprofile");
pub const USER_EDITMESSAGEPROFILE: Capability = Capability("moodle/user:editmessageprofile");
pub const USER_VIEWDETAILS: Capability = Capability("moodle/user:viewdetails");
pub const USER_VIEWHIDDENDETAILS: Capability = Capability("moodle/user:viewhiddendetails");
pub const COURSE_VIEWHIDDENACTIVITIES: Capability = Capability("moodle/course:viewhiddenactivities");
pub const COURSE_MANAGEACTIVITIES: Capability = Capability("moodle/course:manageactivities");
pub const COURSE_SECTIONVISIBILITY: Capability = Capability("moodle/course:sectionvisibility");
pub const COURSE_MOVESECTIONS: Capability = Capability("moodle/course:movesections");
pub const PAGE_ADDINSTANCE: Capability = Capability("mod/page:addinstance");
pub const PAGE_VIEW: Capability = Capability("mod/page:view");
pub const URL_ADDINSTANCE: Capability = Capability("mod/url:addinstance");
pub const URL_VIEW: Capability = Capability("mod/url:view");
pub const RESOURCE_VIEW: Capability = Capability("mod/resource:view");
pub const RESOURCE_ADDINSTANCE: Capability = Capability("mod/resource:addinstance");
pub const FOLDER_VIEW: Capability = Capability("mod/folder:view");
pub const FOLDER_ADDINSTANCE: Capability = Capability("mod/folder:addinstance");
pub const ASSIGN_VIEW: Capability = Capability("mod/assign:view");
pub const ASSIGN_ADDINSTANCE: Capability = Capability("mod/assign:addinstance");
pub const ASSIGN_SUBMIT: Capability = Capability("mod/assign:submit");
pub const ASSIGN_GRADE: Capability = Capability("mod/assign:grade");
pub const ASSIGN_VIEWGRADES: Capability = Capability("mod/assign:viewgrades");
pub const QUIZ_VIEW: Capability = Capability("mod/quiz:view");
pub const QUIZ_ADDINSTANCE: Capability = Capability("mod/quiz:addinstance");
pub const QUIZ_ATTEMPT: Capability = Capability("mod/quiz:attempt");
pub const QUIZ_MANAGE: Capability = Capability("mod/quiz:manage");
pub const QUIZ_PREVIEW: Capability = Capability("mod/quiz:preview");
pub const QUIZ_REVIEWMYATTEMPTS: Capability = Capability("mod/quiz:reviewmyattempts");
pub const QUIZ_VIEWREPORTS: Capability = Capability("mod/quiz:viewreports");
pub const FORUM_ADDINSTANCE: Capability = Capability("mod/forum:addinstance");
pub const FORUM_VIEWDISCUSSION: Capability = Capability("mod/forum:viewdiscussion");
pub const FORUM_VIEWHIDDENTIMEDPOSTS: Capability = Capability("mod/forum:viewhiddentimedposts");
pub const FORUM_STARTDISCUSSION: Capability = Capability("mod/forum:startdiscussion");
pub const FORUM_REPLYPOST: Capability = Capability("mod/forum:replypost");
pub const FORUM_ADDNEWS: Capability = Capability("mod/forum:addnews");
pub const FORUM_REPLYNEWS: Capability = Capability("mod/forum:replynews");
pub const FORUM_VIEWRATING: Capability = Capability("mod/forum:viewrating");
pub const FORUM_VIEWANYRATING: Capability = Capability("mod/forum:viewanyrating");
pub const FORUM_VIEWALLRATINGS: Capability = Capability("mod/forum:viewallratings");
pub const FORUM_RATE: Capability = Capability("mod/forum:rate");
pub const FORUM_POSTPRIVATEREPLY: Capability = Capability("mod/forum:postprivatereply");
pub const FORUM_READPRIVATEREPLIES: Capability = Capability("mod/forum:readprivatereplies");
pub const FORUM_CREATEATTACHMENT: Capability = Capability("mod/forum:createattachment");
pub const FORUM_DELETEOWNPOST: Capability = Capability("mod/forum:deleteownpost");
pub const FORUM_DELETEANYPOST: Capability = Capability("mod/forum:deleteanypost");
pub const FORUM_SPLITDISCUSSIONS: Capability = Capability("mod/forum:splitdiscussions");
pub const FORUM_MOVEDISCUSSIONS: Capability = Capability("mod/forum:movediscussions");
pub const FORUM_PINDISCUSSIONS: Capability = Capability("mod/forum:pindiscussions");
pub const FORUM_EDITANYPOST: Capability = Capability("mod/forum:editanypost");
pub const FORUM_VIEWQANDAWITHOUTPOSTING: Capability = Capability("mod/forum:viewqandawithoutposting");
pub const FORUM_VIEWSUBSCRIBERS: Capability = Capability("mod/forum:viewsubscribers");
pub const FORUM_MANAGESUBSCRIPTIONS: Capability = Capability("mod/forum:managesubscriptions");
pub const FORUM_POSTWITHOUTTHROTTLING: Capability = Capability("mod/forum:postwithoutthrottling");
pub const FORUM_EXPORTDISCUSSION: Capability = Capability("mod/forum:exportdiscussion");
pub const FORUM_EXPORTFORUM: Capability = Capability("mod/forum:exportforum");
pub const FORUM_EXPORTPOST: Capability = Capability("mod/forum:exportpost");
pub const FORUM_EXPORTOWNPOST: Capability = Capability("mod/forum:exportownpost");
pub const FORUM_ADDQUESTION: Capability = Capability("mod/forum:addquestion");
pub const FORUM_ALLOWFORCESUBSCRIBE: Capability = Capability("mod/forum:allowforcesubscribe");
pub const FORUM_CANPOSTTOMYGROUPS: Capability = Capability("mod/forum:canposttomygroups");
pub const FORUM_CANOVERRIDEDISCUSSIONLOCK: Capability = Capability("mod/forum:canoverridediscussionlock");
pub const FORUM_CANOVERRIDECUTOFF: Capability = Capability("mod/forum:canoverridecutoff");
pub const FORUM_CANTOGGLEFAVOURITE: Capability = Capability("mod/forum:cantogglefavourite");
pub const FORUM_GRADE: Capability = Capability("mod/forum:grade");
pub const FORUM_CANMAILNOW: Capability = Capability("mod/forum:canmailnow");
pub const REPORT_PROGRESS_VIEW: Capability = Capability("report/progress:view");
pub const GRADE_EDIT: Capability = Capability("moodle/grade:edit");
pub const GRADE_MANAGE: Capability = Capability("moodle/grade:manage");
pub const GRADE_HIDE: Capability = Capability("moodle/grade:hide");
pub const GRADE_VIEWHIDDEN: Capability = Capability("moodle/grade:viewhidden");
pub const COMMENT_VIEW: Capability = Capability("moodle/comment:view");
pub const LABEL_VIEW: Capability = Capability("mod/label:view");
pub const LABEL_ADDINSTANCE: Capability = Capability("mod/label:addinstance");
pub const USER_EDITOWNPROFILE: Capability = Capability("moodle/user:editownprofile");
pub const USER_EDITPROFILE: Capability = Capability("moodle/user:editprofile");
pub const USER_MANAGEOWNFILES: Capability = Capability("moodle/user:manageownfiles");
pub const USER_IGNOREUSERQUOTA: Capability = Capability("moodle/user:ignoreuserquota");
pub const COURSE_VIEWHIDDENUSERFIELDS: Capability = Capability("moodle/course:viewhiddenuserfields");
pub const COURSE_USEREMAIL: Capability = Capability("moodle/course:useremail");
pub const COURSE_CREATE: Capability = Capability("moodle/course:create");
pub const COURSE_UPDATE: Capability = Capability("moodle/course:update");
pub const COURSE_VISIBILITY: Capability = Capability("moodle/course:visibility");
pub const COURSE_CHANGECATEGORY: Capability = Capability("moodle/course:changecategory");
pub const COURSE_CHANGEFULLNAME: Capability = Capability("moodle/course:changefullname");
pub const COURSE_CHANGESHORTNAME: Capability = Capability("moodle/course:changeshortname");
pub const COURSE_CHANGEIDNUMBER: Capability = Capability("moodle/course:changeidnumber");
pub const COURSE_CHANGESUMMARY: Capability = Capability("moodle/course:changesummary");
pub const COURSE_SETFORCEDLANGUAGE: Capability = Capability("moodle/course:setforcedlanguage");
pub const COURSE_DELETE: Capability = Capability("moodle/course:delete");
pub const COMPETENCY_PLANVIEW: Capability = Capability("moodle/competency:planview");
pub const COMPETENCY_PLANMANAGE: Capability = Capability("moodle/competency:planmanage");
pub const COMPETENCY_USEREVIDENCEVIEW: Capability = Capability("moodle/competency:userevidenceview");
pub const COURSE_VIEW: Capability = Capability("moodle/course:view");
pub const COURSE_VIEWHIDDENCOURSES: Capability = Capability("moodle/course:viewhiddencourses");
pub const COURSE_VIEWPARTICIPANTS: Capability = Capability("moodle/course:viewparticipants");
pub const COURSE_VIEWHIDDENSECTIONS: Capability = Capability("moodle/course:viewhiddensections");
pub const COURSE_MANAGEGROUPS: Capability = Capability("moodle/course:managegroups");
pub const COURSE_ENROLREVIEW: Capability = Capability("moodle/course:enrolreview");
pub const CATEGORY_MANAGE: Capability = Capability("moodle/category:manage");
pub const CATEGORY_VIEWHIDDENCATEGORIES: Capability = Capability("moodle/category:viewhiddencategories");
pub const ROLE_ASSIGN: Capability = Capability("moodle/role:assign");
pub const ROLE_REVIEW: Capability = Capability("moodle/role:review");
pub const COHORT_MANAGE: Capability = Capability("moodle/cohort:manage");
pub const COHORT_VIEW: Capability = Capability("moodle/cohort:view");
pub const COHORT_ASSIGN: Capability = Capability("moodle/cohort:assign");
pub const WEBSERVICE_CREATETOKEN: Capability = Capability("moodle/webservice:createtoken");
pub const WEBSERVICE_CREATEMOBILETOKEN: Capability = Capability("moodle/webservice:createmobiletoken");
pub const ENROL_MANUAL_ENROL: Capability = Capability("enrol/manual:enrol");
pub const ENROL_MANUAL_UNENROL: Capability = Capability("enrol/manual:unenrol");
pub const GRADEREPORT_USER_VIEW: Capability = Capability("gradereport/user:view");
pub const GRADE_VIEW: Capability = Capability("moodle/grade:view");
pub const GRADE_VIEWALL: Capability = Capability("moodle/grade:viewall");
pub const REPORT_LOG_VIEW: Capability = Capability("report/log:view");
pub const WEBSERVICE_REST_USE: Capability = Capability("webservice/rest:use");
