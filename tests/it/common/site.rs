//! A small site built through the typed API (categories, courses, users with roles, a group, a
//! cohort), and the catalogue table: for every function, who may call it, with what, who may not
//! (and the documented error), and a bad parameter.
use serde_json::{Value, json};

use super::{PASSWORD, TestServer};

/// Role ids of a new site.
pub const MANAGER: i64 = 1;
pub const EDITINGTEACHER: i64 = 3;
pub const TEACHER: i64 = 4;
pub const STUDENT: i64 = 5;

pub struct Site {
    pub cat: i64,
    pub subcat: i64,
    pub spare_cat: i64,
    pub course_a: i64,
    pub course_b: i64,
    pub course_c: i64,
    pub spare_course: i64,
    pub student_a: i64,
    pub teacher_a: i64,
    pub teacher_b: i64,
    pub target: i64,
    pub outsider: i64,
    pub victim: i64,
    /// Made for one row each, so that no row depends on another: enrolled in course A (to be
    /// unenrolled), a member of group A (to be removed), a teacher of course A (to be
    /// unassigned), a member of the cohort (to be removed).
    pub leaver: i64,
    pub grouped: i64,
    pub demoted: i64,
    pub cohorted: i64,
    pub group_a: i64,
    pub spare_group: i64,
    pub cohort: i64,
    /// System cohorts to be changed and to be deleted.
    pub spare_cohort: i64,
    pub doomed_cohort: i64,
    /// A user with no role, and a draft area of theirs holding one file.
    pub plain: i64,
    pub plain_draft: i64,
    /// A conversation between teacher A and student A, a message of it to be deleted, and
    /// student A's welcome notification from their enrolment.
    pub conversation: i64,
    pub doomed_message: i64,
    pub notification: i64,
    /// A course A event (by teacher A), and student A's own event to be deleted.
    pub course_event: i64,
    pub doomed_event: i64,
    /// Course A's activities (instance ids): a page, a URL, and a page hidden from students.
    pub page: i64,
    pub url: i64,
    pub hidden_page: i64,
    /// Course A's file and folder (instance ids) and the file's course module.
    pub resource: i64,
    pub resource_cm: i64,
    pub folder: i64,
    /// Course A's assignment (instance id) and its course module; student A is graded 85 in it.
    pub assign: i64,
    pub assign_cm: i64,
    /// Course A's quiz (instance id).
    pub quiz: i64,
    /// Course A's assignment with submission drafts, where student A has saved a draft.
    pub drafts_assign: i64,
    /// Course A's page students mark done by hand (course module id).
    pub checklist_cm: i64,
    /// Course A's labels to be changed and to be deleted (course module ids).
    pub movable_cm: i64,
    pub doomed_cm: i64,
    /// Course A's extra sections (ids): one to be changed, one (holding a label) to be deleted.
    pub changed_section: i64,
    pub doomed_section: i64,
    /// Course A's forum (instance id), its discussion (by teacher A) and that discussion's first post.
    pub forum: i64,
    pub discussion: i64,
    pub first_post: i64,
    /// Tokens on the all-functions service.
    pub t_manager: String,
    pub t_teacher_a: String,
    pub t_student_a: String,
    pub t_teacher_b: String,
    pub t_plain: String,
}

impl Site {
    pub async fn build(s: &TestServer) -> Self {
        let cats = s
            .admin(
                "core_course_create_categories",
                json!({"categories": [{"name": "Science", "idnumber": "SCI"}, {"name": "Spare"}]}),
            )
            .await;
        let (cat, spare_cat) = (id(&cats[0]), id(&cats[1]));
        let sub =
            s.admin("core_course_create_categories", json!({"categories": [{"name": "Physics", "parent": cat}]})).await;
        let subcat = id(&sub[0]);
        let course = |name: &str, category: i64| json!({"fullname": format!("Course {name}"), "shortname": name, "categoryid": category});
        let courses = s
            .admin(
                "core_course_create_courses",
                json!({"courses": [course("A", cat), course("B", cat), course("C", subcat), course("SPARE", cat)]}),
            )
            .await;
        let [course_a, course_b, course_c, spare_course] = [0, 1, 2, 3].map(|i| id(&courses[i]));
        let mut users = Vec::new();
        for name in [
            "manager", "teachera", "studenta", "teacherb", "target", "outsider", "victim", "plain", "leaver",
            "grouped", "demoted", "cohorted",
        ] {
            users.push(s.create_user(name).await);
        }
        let [
            manager,
            teacher_a,
            student_a,
            teacher_b,
            target,
            outsider,
            victim,
            plain,
            leaver,
            grouped,
            demoted,
            cohorted,
        ] = users.try_into().expect("twelve users");
        let enrol = |u: i64, c: i64, r: i64| json!({"userid": u, "courseid": c, "roleid": r});
        s.admin(
            "enrol_manual_enrol_users",
            json!({"enrolments": [enrol(teacher_a, course_a, EDITINGTEACHER), enrol(student_a, course_a, STUDENT),
                enrol(teacher_b, course_b, EDITINGTEACHER), enrol(target, course_a, STUDENT),
                enrol(leaver, course_a, STUDENT), enrol(grouped, course_a, STUDENT)]}),
        )
        .await;
        s.admin(
            "core_role_assign_roles",
            json!({"assignments": [{"roleid": MANAGER, "userid": manager, "contextid": 1},
                {"roleid": TEACHER, "userid": demoted, "contextlevel": "course", "instanceid": course_a}]}),
        )
        .await;
        let groups = s
            .admin(
                "core_group_create_groups",
                json!({"groups": [{"courseid": course_a, "name": "G1", "description": ""},
                    {"courseid": course_a, "name": "Spare", "description": ""}]}),
            )
            .await;
        let (group_a, spare_group) = (id(&groups[0]), id(&groups[1]));
        s.admin(
            "core_group_add_group_members",
            json!({"members": [{"groupid": group_a, "userid": student_a}, {"groupid": group_a, "userid": grouped}]}),
        )
        .await;
        let cohorts = s
            .admin(
                "core_cohort_create_cohorts",
                json!({"cohorts": [{"categorytype": {"type": "system", "value": ""}, "name": "Alumni", "idnumber": "ALU"},
                    {"categorytype": {"type": "system", "value": ""}, "name": "Spare", "idnumber": "SPA"},
                    {"categorytype": {"type": "system", "value": ""}, "name": "Doomed", "idnumber": "DOO"}]}),
            )
            .await;
        let (cohort, spare_cohort, doomed_cohort) = (id(&cohorts[0]), id(&cohorts[1]), id(&cohorts[2]));
        s.admin(
            "core_cohort_add_cohort_members",
            json!({"members": [{"cohorttype": {"type": "id", "value": cohort.to_string()}, "usertype": {"type": "id", "value": cohorted.to_string()}}]}),
        )
        .await;
        let t_plain = s.token_for(plain, "all_functions").await;
        let (status, uploaded) = s.call(&t_plain, "core_files_upload", upload_params(plain, "notes.txt")).await;
        assert_eq!(status, 200, "{uploaded}");
        let plain_draft = uploaded["itemid"].as_i64().expect("itemid");
        let device = json!({"appid": "com.moodle.moodlemobile", "name": "Phone", "model": "X", "platform": "iOS",
            "version": "18", "pushid": "push-of-plain", "uuid": "uuid-of-plain"});
        let (status, added) = s.call(&t_plain, "core_user_add_user_device", device).await;
        assert_eq!((status, added), (200, json!([])));
        let t_teacher_a = s.token_for(teacher_a, "all_functions").await;
        let t_student_a = s.token_for(student_a, "all_functions").await;
        let texts = json!({"messages": [{"touserid": student_a, "text": "<p>Welcome!</p>", "textformat": 1},
            {"touserid": student_a, "text": "To be deleted"}]});
        let (status, sent) = s.call(&t_teacher_a, "core_message_send_instant_messages", texts).await;
        assert_eq!(status, 200, "{sent}");
        let (conversation, doomed_message) =
            (sent[0]["conversationid"].as_i64().expect("sent"), sent[1]["msgid"].as_i64().expect("sent"));
        let mine = json!({"useridto": student_a, "type": "notifications", "read": 0});
        let (_, notes) = s.call(&t_student_a, "core_message_get_messages", mine).await;
        let notification = notes["messages"][0]["id"].as_i64().expect("the welcome notification");
        let soon = lmsgate_entities::now() + 86_400;
        let exam =
            json!({"events": [{"name": "Exam", "eventtype": "course", "courseid": course_a, "timestart": soon}]});
        let (status, made) = s.call(&t_teacher_a, "core_calendar_create_calendar_events", exam).await;
        assert_eq!(status, 200, "{made}");
        let course_event = made["events"][0]["id"].as_i64().expect("made");
        let mine = json!({"events": [{"name": "Dentist", "timestart": soon, "timeduration": 3600}]});
        let (status, made) = s.call(&t_student_a, "core_calendar_create_calendar_events", mine).await;
        assert_eq!(status, 200, "{made}");
        let doomed_event = made["events"][0]["id"].as_i64().expect("made");
        let activities = json!({"modules": [
            {"courseid": course_a, "section": 1, "modname": "page", "name": "Intro", "content": "<p>Hello</p>"},
            {"courseid": course_a, "section": 1, "modname": "url", "name": "Docs", "externalurl": "https://example.org/docs"},
            {"courseid": course_a, "section": 1, "modname": "label", "intro": "<p>Read this first.</p>"},
            {"courseid": course_a, "section": 2, "modname": "page", "name": "Draft", "content": "<p>Soon</p>", "visible": false}]});
        let (status, added) = s.call(&t_teacher_a, "local_lmsgate_add_modules", activities).await;
        assert_eq!(status, 200, "{added}");
        let (page, url, hidden_page) = (
            added[0]["instance"].as_i64().expect("added"),
            added[1]["instance"].as_i64().expect("added"),
            added[3]["instance"].as_i64().expect("added"),
        );
        let (_, draft) = s.call(&t_teacher_a, "core_files_upload", upload_params(teacher_a, "syllabus.txt")).await;
        let files = json!({"modules": [
            {"courseid": course_a, "section": 1, "modname": "resource", "name": "Syllabus", "draftitemid": draft["itemid"]},
            {"courseid": course_a, "section": 1, "modname": "folder", "name": "Sheets", "draftitemid": draft["itemid"]}]});
        let (status, added) = s.call(&t_teacher_a, "local_lmsgate_add_modules", files).await;
        assert_eq!(status, 200, "{added}");
        let (resource, resource_cm, folder) = (
            added[0]["instance"].as_i64().expect("added"),
            added[0]["id"].as_i64().expect("added"),
            added[1]["instance"].as_i64().expect("added"),
        );
        let essay = json!({"modules": [{"courseid": course_a, "section": 1, "modname": "assign", "name": "Essay",
            "intro": "<p>Write.</p>", "duedate": lmsgate_entities::now() + 7 * 86400},
            {"courseid": course_a, "section": 2, "modname": "quiz", "name": "Check", "grade": 10},
            {"courseid": course_a, "section": 2, "modname": "forum", "name": "Talk"},
            {"courseid": course_a, "section": 2, "modname": "assign", "name": "Drafted", "submissiondrafts": true},
            {"courseid": course_a, "section": 2, "modname": "page", "name": "Checklist", "content": "<p>Done?</p>", "completion": 1},
            {"courseid": course_a, "section": 2, "modname": "label", "intro": "<p>Moves</p>"},
            {"courseid": course_a, "section": 2, "modname": "label", "intro": "<p>Goes</p>"}]});
        let (status, added) = s.call(&t_teacher_a, "local_lmsgate_add_modules", essay).await;
        assert_eq!(status, 200, "{added}");
        let (assign, assign_cm) =
            (added[0]["instance"].as_i64().expect("added"), added[0]["id"].as_i64().expect("added"));
        let (quiz, forum) =
            (added[1]["instance"].as_i64().expect("added"), added[2]["instance"].as_i64().expect("added"));
        let drafts_assign = added[3]["instance"].as_i64().expect("added");
        let checklist_cm = added[4]["id"].as_i64().expect("added");
        let (movable_cm, doomed_cm) =
            (added[5]["id"].as_i64().expect("added"), added[6]["id"].as_i64().expect("added"));
        let draft = json!({"assignmentid": drafts_assign, "plugindata": {"onlinetext_editor": {"text": "<p>Draft</p>", "format": 1, "itemid": 0}}});
        let (status, saved) = s.call(&t_student_a, "mod_assign_save_submission", draft).await;
        assert_eq!((status, saved), (200, json!([])));
        let start = json!({"forumid": forum, "subject": "Welcome", "message": "<p>Introduce yourself.</p>"});
        let (status, started) = s.call(&t_teacher_a, "mod_forum_add_discussion", start).await;
        assert_eq!(status, 200, "{started}");
        let discussion = started["discussionid"].as_i64().expect("started");
        let (_, posts) =
            s.call(&t_teacher_a, "mod_forum_get_discussion_posts", json!({"discussionid": discussion})).await;
        let first_post = posts["posts"][0]["id"].as_i64().expect("the first post");
        let grade = json!({"source": "test", "courseid": course_a, "component": "mod_assign", "activityid": assign_cm,
            "itemnumber": 0, "grades": [{"studentid": student_a, "grade": 85, "str_feedback": "Well argued."}]});
        let (status, pushed) = s.call(&t_teacher_a, "core_grades_update_grades", grade).await;
        assert_eq!((status, pushed), (200, json!(0)));
        let extra = json!({"sections": [{"courseid": course_a, "name": "Extra"}, {"courseid": course_a, "summary": "<p>Goes</p>"}]});
        let (status, added) = s.call(&t_teacher_a, "local_lmsgate_add_sections", extra).await;
        assert_eq!(status, 200, "{added}");
        let (changed_section, doomed_section) =
            (added[0]["id"].as_i64().expect("added"), added[1]["id"].as_i64().expect("added"));
        let label = json!({"modules": [{"courseid": course_a, "section": added[1]["section"], "modname": "label", "intro": "<p>In a doomed section</p>"}]});
        let (status, added) = s.call(&t_teacher_a, "local_lmsgate_add_modules", label).await;
        assert_eq!(status, 200, "{added}");
        Self {
            cat,
            subcat,
            spare_cat,
            course_a,
            course_b,
            course_c,
            spare_course,
            student_a,
            teacher_a,
            teacher_b,
            target,
            outsider,
            victim,
            leaver,
            grouped,
            demoted,
            cohorted,
            group_a,
            spare_group,
            cohort,
            spare_cohort,
            doomed_cohort,
            plain,
            plain_draft,
            conversation,
            doomed_message,
            notification,
            course_event,
            doomed_event,
            page,
            url,
            hidden_page,
            resource,
            resource_cm,
            folder,
            assign,
            assign_cm,
            quiz,
            drafts_assign,
            checklist_cm,
            movable_cm,
            doomed_cm,
            changed_section,
            doomed_section,
            forum,
            discussion,
            first_post,
            t_manager: s.token_for(manager, "all_functions").await,
            t_teacher_a,
            t_student_a,
            t_teacher_b: s.token_for(teacher_b, "all_functions").await,
            t_plain,
        }
    }

    /// The username of one of the table's tokens (for a browser session of the same user).
    pub fn username_of(&self, token: &str) -> &'static str {
        [
            (&self.t_manager, "manager"),
            (&self.t_teacher_a, "teachera"),
            (&self.t_student_a, "studenta"),
            (&self.t_teacher_b, "teacherb"),
            (&self.t_plain, "plain"),
        ]
        .into_iter()
        .find(|(t, _)| t.as_str() == token)
        .map(|(_, name)| name)
        .expect("a token of the table")
    }

    /// The catalogue table. Rows are independent: each succeeds once on a new fixture, in any
    /// order, since what one row's call changes no other row reads or changes.
    pub fn cases(&self) -> Vec<Case<'_>> {
        let a = self.course_a;
        let (manager, teacher_a, student_a, teacher_b, plain) =
            (&self.t_manager, &self.t_teacher_a, &self.t_student_a, &self.t_teacher_b, &self.t_plain);
        let enrol_other = json!({"enrolments": [{"userid": self.outsider, "courseid": a, "roleid": STUDENT}]});
        let assign = |role: i64| json!({"assignments": [{"roleid": role, "userid": self.target, "contextlevel": "course", "instanceid": a}]});
        let member = |g: i64, u: i64| json!({"members": [{"groupid": g, "userid": u}]});
        vec![
            Case::new("core_files_upload", plain, upload_params(self.plain, "more.txt"))
                .denied(teacher_a, "nofile")
                .bad(with(upload_params(self.plain, "x.txt"), "filecontent", json!(5)), "filecontent"),
            Case::new("core_files_get_files", plain, json!({"contextid": -1, "contextlevel": "user", "instanceid": self.plain,
                    "component": "user", "filearea": "draft", "itemid": self.plain_draft, "filepath": "/", "filename": ""}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"contextid": "x", "component": "user", "filearea": "draft", "itemid": 0, "filepath": "", "filename": ""}), "contextid"),
            Case::new("core_user_add_user_private_files", plain, json!({"draftid": self.plain_draft}))
                .denied(teacher_a, "invalidparameter")
                .bad(json!({"draftid": "x"}), "draftid"),
            Case::new("report_log_get_entries", manager, json!({"function": "core_webservice_get_site_info"}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"limit": 0}), "limit"),
            Case::new("core_webservice_get_site_info", plain, json!({}))
                .public()
                .bad(json!({"serviceshortnames": [1]}), "serviceshortnames[0]"),
            Case::new(
                "core_user_create_users",
                manager,
                json!({"users": [{"username": "newbie", "password": PASSWORD, "firstname": "N", "lastname": "B", "email": "newbie@example.org"}]}),
            )
            .denied(teacher_a, "nopermissions")
            .bad(json!({"users": [{"username": "x", "password": PASSWORD, "firstname": "N", "lastname": "B"}]}), "users[0].email"),
            Case::new("core_user_update_users", manager, json!({"users": [{"id": self.target, "city": "Perth"}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"users": [{"id": "x"}]}), "users[0].id"),
            Case::new("core_user_get_users", teacher_a, json!({"criteria": [{"key": "username", "value": "target"}]}))
                .public()
                .bad(json!({"criteria": [{"key": "a b", "value": "x"}]}), "criteria[0].key"),
            Case::new("core_user_get_users_by_field", plain, json!({"field": "id", "values": [self.target.to_string()]}))
                .public()
                .bad(json!({"field": "shoesize", "values": []}), "field"),
            Case::new("core_user_get_user_preferences", student_a, json!({"name": "forum_displaymode"}))
                .denied_with(student_a, json!({"userid": self.target}), "nopermissions")
                .bad(json!({"userid": "me"}), "userid"),
            Case::new("core_user_view_user_list", student_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied_with(plain, json!({"courseid": 0}), "nopermissions")
                .bad(json!({"courseid": "site"}), "courseid"),
            Case::new(
                "core_course_create_courses",
                manager,
                json!({"courses": [{"fullname": "New", "shortname": "NEW", "categoryid": self.subcat}]}),
            )
            .denied(teacher_a, "nopermissions")
            .bad(json!({"courses": [{"fullname": "x", "shortname": "y", "categoryid": "z"}]}), "courses[0].categoryid"),
            Case::new("core_course_update_courses", teacher_a, json!({"courses": [{"id": a, "summary": "Updated"}]}))
                .denied(teacher_b, "requireloginerror")
                .denied(student_a, "nopermissions")
                .bad(json!({"courses": [{"id": a, "visible": "yes"}]}), "courses[0].visible"),
            Case::new("core_course_get_courses", manager, json!({"options": {"ids": [a]}}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied(student_a, "nopermissions")
                .bad(json!({"options": {"ids": "1"}}), "options.ids"),
            Case::new("core_course_get_courses_by_field", student_a, json!({"field": "id", "value": a.to_string()}))
                .public()
                .bad(json!({"field": "colour", "value": ""}), "field"),
            Case::new("core_course_search_courses", student_a, json!({"criterianame": "search", "criteriavalue": "Course"}))
                .public()
                .bad(json!({"criterianame": "shoe", "criteriavalue": "x"}), "criterianame"),
            Case::new("core_course_get_contents", student_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": "a"}), "courseid"),
            Case::new("core_course_view_course", student_a, json!({"courseid": a, "sectionnumber": 1}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "sectionnumber": "first"}), "sectionnumber"),
            Case::new("core_course_get_categories", student_a, json!({"criteria": [{"key": "name", "value": "Science"}]}))
                .denied_with(student_a, json!({"criteria": [{"key": "idnumber", "value": "SCI"}]}), "criteriaerror")
                .bad(json!({"addsubcategories": "maybe"}), "addsubcategories"),
            Case::new("core_course_create_categories", manager, json!({"categories": [{"name": "Maths", "parent": self.cat}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"categories": [{"name": "x", "parent": "top"}]}), "categories[0].parent"),
            Case::new("core_course_update_categories", manager, json!({"categories": [{"id": self.subcat, "name": "Physics 2"}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"categories": [{"id": []}]}), "categories[0].id"),
            Case::new("core_enrol_get_enrolled_users", teacher_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied_with(student_a, json!({"courseid": a, "options": [{"name": "withcapability", "value": "moodle/course:update"}]}), "nopermissions")
                .bad(json!({"courseid": a, "options": [{"name": "a b", "value": "1"}]}), "options[0].name"),
            Case::new("core_enrol_get_users_courses", student_a, json!({"userid": self.student_a}))
                .public()
                .bad(json!({"userid": 1.5}), "userid"),
            Case::new("core_enrol_get_course_enrolment_methods", plain, json!({"courseid": a}))
                .public()
                .bad(json!({"courseid": null}), "courseid"),
            Case::new("enrol_manual_enrol_users", teacher_a, enrol_other.clone())
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied(student_a, "nopermissions")
                .denied_with(teacher_a, json!({"enrolments": [{"userid": self.outsider, "courseid": a, "roleid": MANAGER}]}), "wsusercannotassign")
                .bad(json!({"enrolments": [{"userid": 1, "courseid": a}]}), "enrolments[0].roleid"),
            Case::new("enrol_manual_unenrol_users", teacher_a, json!({"enrolments": [{"userid": self.leaver, "courseid": a}]}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied(student_a, "nopermissions")
                .bad(json!({"enrolments": [{"userid": self.outsider}]}), "enrolments[0].courseid"),
            Case::new("core_role_assign_roles", teacher_a, assign(TEACHER))
                .denied(student_a, "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .denied_with(teacher_a, assign(MANAGER), "invalidparameter")
                .bad(json!({"assignments": [{"roleid": TEACHER, "userid": self.target, "contextlevel": "50"}]}), "assignments[0].contextlevel"),
            Case::new("core_role_unassign_roles", teacher_a, json!({"unassignments": [{"roleid": TEACHER, "userid": self.demoted, "contextlevel": "course", "instanceid": a}]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"unassignments": [{"roleid": "teacher", "userid": 1}]}), "unassignments[0].roleid"),
            Case::new("core_group_create_groups", teacher_a, json!({"groups": [{"courseid": a, "name": "G2", "description": ""}]}))
                .denied_with(student_a, json!({"groups": [{"courseid": a, "name": "G3", "description": ""}]}), "nopermissions")
                .denied_with(teacher_b, json!({"groups": [{"courseid": a, "name": "G4", "description": ""}]}), "errorcoursecontextnotvalid")
                .bad(json!({"groups": [{"courseid": a, "name": "G5"}]}), "groups[0].description"),
            Case::new("core_group_get_groups", teacher_a, json!({"groupids": [self.group_a]}))
                .denied(student_a, "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"groupids": ["one"]}), "groupids[0]"),
            Case::new("core_group_get_course_groups", teacher_a, json!({"courseid": a}))
                .denied(student_a, "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({}), "courseid"),
            Case::new("core_group_add_group_members", teacher_a, member(self.group_a, self.target))
                .denied(student_a, "nopermissions")
                .bad(json!({"members": [{"groupid": self.group_a}]}), "members[0].userid"),
            Case::new("core_group_get_group_members", teacher_a, json!({"groupids": [self.group_a]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"groupids": 5}), "groupids"),
            Case::new("core_group_delete_group_members", teacher_a, member(self.group_a, self.grouped))
                .denied(student_a, "nopermissions")
                .bad(json!({"members": [{"groupid": true, "userid": 1}]}), "members[0].groupid"),
            Case::new("core_group_delete_groups", teacher_a, json!({"groupids": [self.spare_group]}))
                .denied(student_a, "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"groupids": [[1]]}), "groupids[0]"),
            Case::new(
                "core_cohort_create_cohorts",
                manager,
                json!({"cohorts": [{"categorytype": {"type": "id", "value": self.cat.to_string()}, "name": "Science cohort", "idnumber": "SC1"}]}),
            )
            .denied_with(teacher_a, json!({"cohorts": [{"categorytype": {"type": "system", "value": ""}, "name": "X", "idnumber": "X1"}]}), "nopermissions")
            .bad(json!({"cohorts": [{"categorytype": {"type": "planet", "value": "1"}, "name": "X", "idnumber": "X2"}]}), "cohorts[0].categorytype.type"),
            Case::new("core_cohort_get_cohorts", manager, json!({"cohortids": [self.cohort]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"cohortids": {"a": 1}}), "cohortids"),
            Case::new(
                "core_cohort_add_cohort_members",
                manager,
                json!({"members": [{"cohorttype": {"type": "id", "value": self.cohort.to_string()}, "usertype": {"type": "username", "value": "target"}}]}),
            )
            .denied(teacher_a, "nopermissions")
            .bad(json!({"members": [{"cohorttype": {"type": "id", "value": "1"}}]}), "members[0].usertype"),
            Case::new("core_cohort_search_cohorts", manager, json!({"query": "alu", "context": {"contextid": 1}}))
                .denied(student_a, "nopermissions")
                .bad(json!({"query": "x", "context": {"contextid": "one"}}), "context.contextid"),
            Case::new("core_cohort_update_cohorts", manager, json!({"cohorts": [{"id": self.spare_cohort,
                    "categorytype": {"type": "id", "value": self.cat.to_string()}, "name": "Spare 2", "idnumber": "SPA2", "visible": false}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"cohorts": [{"id": self.spare_cohort, "name": "X"}]}), "cohorts[0].categorytype"),
            Case::new("core_cohort_delete_cohorts", manager, json!({"cohortids": [self.doomed_cohort]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"cohortids": ["x"]}), "cohortids[0]"),
            Case::new("core_cohort_delete_cohort_members", manager, json!({"members": [{"cohortid": self.cohort, "userid": self.cohorted}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"members": [{"cohortid": self.cohort}]}), "members[0].userid"),
            Case::new("core_course_delete_courses", manager, json!({"courseids": [self.spare_course]}))
                .denied(teacher_a, "cannotdeletecourse")
                .bad(json!({"courseids": "all"}), "courseids"),
            Case::new("core_course_delete_categories", manager, json!({"categories": [{"id": self.spare_cat}]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"categories": [{"id": self.spare_cat, "recursive": "yes"}]}), "categories[0].recursive"),
            Case::new("core_user_delete_users", manager, json!({"userids": [self.victim]}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"userids": "7"}), "userids"),
            Case::new("tool_mobile_get_public_config", plain, json!({}))
                .public()
                .bad(json!({"lang": "en"}), "lang"),
            Case::new("tool_mobile_get_config", plain, json!({"section": "mobileapp"}))
                .public()
                .bad(json!({"section": "a b"}), "section"),
            Case::new("tool_mobile_get_plugins_supporting_mobile", student_a, json!({}))
                .public()
                .bad(json!({"plugins": []}), "plugins"),
            Case::new("tool_mobile_call_external_functions", plain, json!({"requests": [{"function": "core_webservice_get_site_info", "arguments": "{}"}]}))
                .public()
                .bad(json!({"requests": [{"arguments": "{}"}]}), "requests[0].function"),
            Case::new("core_my_view_page", student_a, json!({"page": "dashboard"}))
                .public()
                .bad(json!({"page": 7}), "page"),
            Case::new("core_filters_get_all_states", plain, json!({}))
                .public()
                .bad(json!({"contextid": 1}), "contextid"),
            Case::new("message_airnotifier_is_system_configured", plain, json!({}))
                .public()
                .bad(json!({"deviceid": "x"}), "deviceid"),
            Case::new("core_session_time_remaining", plain, json!({}))
                .public()
                .bad(json!({"sid": "x"}), "sid"),
            Case::new("core_session_touch", plain, json!({}))
                .public()
                .bad(json!({"sid": "x"}), "sid"),
            Case::new("core_get_string", plain, json!({"stringid": "pagea", "stringparams": [{"value": "2"}]}))
                .public()
                .bad(json!({"stringid": "no spaces"}), "stringid"),
            Case::new("core_get_strings", plain, json!({"strings": [{"stringid": "ok"}, {"stringid": "course:update", "component": "role"}]}))
                .public()
                .bad(json!({"strings": [{"stringid": "ok", "component": "Not A Component"}]}), "strings[0].component"),
            Case::new("core_fetch_notifications", plain, json!({"contextid": 1}))
                .public()
                .bad(json!({"contextid": "x"}), "contextid"),
            Case::new("tool_dataprivacy_get_access_information", plain, json!({}))
                .public()
                .bad(json!({"userid": 1}), "userid"),
            Case::new("core_calendar_get_action_events_by_timesort", student_a, json!({"timesortfrom": 1767225600, "limitnum": 20}))
                .denied_with(student_a, json!({"userid": self.target}), "nopermissions")
                .bad(json!({"limitnum": "twenty"}), "limitnum"),
            Case::new("core_block_get_dashboard_blocks", student_a, json!({"returncontents": true, "mypage": "__courses"}))
                .denied_with(student_a, json!({"userid": self.target}), "nopermissions")
                .bad(json!({"returncontents": "maybe"}), "returncontents"),
            Case::new("core_message_send_instant_messages", student_a, json!({"messages": [{"touserid": self.teacher_a, "text": "Hi"}]}))
                .public()
                .bad(json!({"messages": [{"touserid": "x", "text": "Hi"}]}), "messages[0].touserid"),
            Case::new("core_message_send_messages_to_conversation", student_a, json!({"conversationid": self.conversation, "messages": [{"text": "Thanks"}]}))
                .denied(teacher_b, "You do not have permission to send a message")
                .bad(json!({"conversationid": self.conversation, "messages": [{"text": "x", "textformat": 9}]}), "messages[0].textformat"),
            Case::new("core_message_get_conversations", student_a, json!({"userid": self.student_a, "type": 1}))
                .denied_with(student_a, json!({"userid": self.target}), NOT_YOURS)
                .bad(json!({"userid": "me"}), "userid"),
            Case::new("core_message_get_conversation", student_a, json!({"userid": self.student_a, "conversationid": self.conversation,
                    "includecontactrequests": true, "includeprivacyinfo": true}))
                .denied_with(teacher_b, json!({"userid": self.teacher_b, "conversationid": self.conversation,
                    "includecontactrequests": false, "includeprivacyinfo": false}), "errorconversationdoesnotexist")
                .bad(json!({"userid": self.student_a, "conversationid": 1, "includecontactrequests": "no", "includeprivacyinfo": true}), "includecontactrequests"),
            Case::new("core_message_get_conversation_messages", student_a, json!({"currentuserid": self.student_a, "convid": self.conversation}))
                .denied_with(teacher_b, json!({"currentuserid": self.teacher_b, "convid": self.conversation}), "User is not part of conversation.")
                .bad(json!({"currentuserid": self.student_a, "convid": "x"}), "convid"),
            Case::new("core_message_get_conversation_counts", student_a, json!({}))
                .denied_with(student_a, json!({"userid": self.target}), NOT_YOURS)
                .bad(json!({"userid": "x"}), "userid"),
            Case::new("core_message_get_unread_conversation_counts", student_a, json!({}))
                .denied_with(student_a, json!({"userid": self.target}), NOT_YOURS)
                .bad(json!({"userid": "x"}), "userid"),
            Case::new("core_message_get_member_info", student_a, json!({"referenceuserid": self.student_a, "userids": [self.teacher_a],
                    "includeprivacyinfo": true}))
                .denied_with(student_a, json!({"referenceuserid": self.target, "userids": [self.teacher_a]}), NOT_YOURS)
                .bad(json!({"referenceuserid": self.student_a, "userids": "x"}), "userids"),
            Case::new("core_message_get_user_contacts", student_a, json!({"userid": self.student_a}))
                .denied_with(student_a, json!({"userid": self.target}), NOT_YOURS)
                .bad(json!({"userid": self.student_a, "limitnum": -1}), "limitnum"),
            Case::new("core_message_get_received_contact_requests_count", student_a, json!({"userid": self.student_a}))
                .denied_with(student_a, json!({"userid": self.target}), NOT_YOURS)
                .bad(json!({"userid": []}), "userid"),
            Case::new("core_message_mark_all_conversation_messages_as_read", student_a, json!({"userid": self.student_a, "conversationid": self.conversation}))
                .denied_with(teacher_b, json!({"userid": self.teacher_b, "conversationid": self.conversation}), "accessdenied")
                .bad(json!({"userid": self.student_a}), "conversationid"),
            Case::new("core_message_delete_message", student_a, json!({"messageid": self.doomed_message, "userid": self.student_a}))
                .denied_with(teacher_b, json!({"messageid": self.doomed_message, "userid": self.teacher_b}), "You do not have permission to delete this message")
                .bad(json!({"messageid": "x", "userid": self.student_a}), "messageid"),
            Case::new("core_message_get_messages", student_a, json!({"useridto": self.student_a, "type": "notifications", "read": 2}))
                .denied_with(student_a, json!({"useridto": self.target}), "accessdenied")
                .bad(json!({"useridto": self.student_a, "type": "all2"}), "type"),
            Case::new("core_message_get_unread_notification_count", student_a, json!({"useridto": self.student_a}))
                .denied_with(student_a, json!({"useridto": self.target}), "accessdenied")
                .bad(json!({"useridto": "me"}), "useridto"),
            Case::new("core_message_mark_notification_read", student_a, json!({"notificationid": self.notification}))
                .denied(teacher_b, "invalidparameter")
                .bad(json!({"notificationid": 1, "timeread": "now"}), "timeread"),
            Case::new("core_message_mark_all_notifications_as_read", plain, json!({"useridto": self.plain}))
                .denied_with(plain, json!({"useridto": self.target}), "accessdenied")
                .bad(json!({"useridto": self.plain, "useridfrom": "x"}), "useridfrom"),
            Case::new("core_calendar_create_calendar_events", student_a, json!({"events": [{"name": "Revision", "timestart": 1796149560}]}))
                .denied_with(student_a, json!({"events": [{"name": "Party", "eventtype": "course", "courseid": a}]}), "nopermissions")
                .bad(json!({"events": [{"name": "", "timestart": 1796149560}]}), "events[0].name"),
            Case::new("core_calendar_delete_calendar_events", student_a, json!({"events": [{"eventid": self.doomed_event, "repeat": false}]}))
                .denied(teacher_b, "nopermissions")
                .bad(json!({"events": [{"eventid": "x", "repeat": false}]}), "events[0].eventid"),
            Case::new("core_calendar_get_calendar_event_by_id", student_a, json!({"eventid": self.course_event}))
                .denied(teacher_b, "nopermissions")
                .bad(json!({"eventid": "x"}), "eventid"),
            Case::new("core_calendar_get_allowed_event_types", plain, json!({}))
                .public()
                .bad(json!({"courseid": "x"}), "courseid"),
            Case::new("core_calendar_get_calendar_upcoming_view", student_a, json!({}))
                .public()
                .bad(json!({"courseid": "x"}), "courseid"),
            Case::new("core_calendar_get_calendar_monthly_view", student_a, json!({"year": 2026, "month": 11}))
                .public()
                .bad(json!({"year": 2026, "month": 13}), "month"),
            Case::new("core_course_get_user_navigation_options", student_a, json!({"courseids": [a, 1]}))
                .denied_with(student_a, json!({"courseids": [self.course_b]}), "1")
                .bad(json!({"courseids": "2"}), "courseids"),
            Case::new("core_course_get_user_administration_options", teacher_a, json!({"courseids": [a, 1]}))
                .denied_with(student_a, json!({"courseids": [self.course_b]}), "1")
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("core_block_get_course_blocks", student_a, json!({"courseid": a, "returncontents": true}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "returncontents": "yes"}), "returncontents"),
            Case::new("gradereport_user_get_access_information", student_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": "a"}), "courseid"),
            Case::new("core_calendar_get_calendar_day_view", student_a, json!({"year": 2026, "month": 12, "day": 1}))
                .public()
                .bad(json!({"year": 2026, "month": 12, "day": 32}), "day"),
            Case::new("core_calendar_get_calendar_events", student_a, json!({"events": {"courseids": [a]}}))
                .denied_with(teacher_b, json!({"events": {"courseids": [a]}}), "nopermissions")
                .bad(json!({"options": {"timestart": "now"}}), "options.timestart"),
            Case::new("core_calendar_get_action_events_by_course", student_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "limitnum": "x"}), "limitnum"),
            Case::new("core_calendar_get_action_events_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": a}), "courseids"),
            Case::new("core_course_set_favourite_courses", student_a, json!({"courses": [{"id": a, "favourite": true}]}))
                .public()
                .bad(json!({"courses": [{"id": a, "favourite": "yes"}]}), "courses[0].favourite"),
            Case::new("core_course_get_enrolled_courses_by_timeline_classification", student_a, json!({"classification": "all"}))
                .public()
                .bad(json!({"classification": "in-progress"}), "classification"),
            Case::new("core_course_get_recent_courses", student_a, json!({"limit": 10}))
                .public()
                .bad(json!({"limit": -1}), "limit"),
            Case::new("core_user_set_user_preferences", student_a, json!({"preferences": [{"name": "block_myoverview_user_sort_preference", "value": "title", "userid": 0}]}))
                .denied_with(student_a, json!({"preferences": [{"name": "block_myoverview_user_sort_preference", "value": "title", "userid": self.target}]}), "nopermission")
                .bad(json!({"preferences": [{"name": "x", "value": "1", "userid": "me"}]}), "preferences[0].userid"),
            Case::new("core_user_update_user_preferences", student_a, json!({"preferences": [{"type": "message_blocknoncontacts", "value": "1"}]}))
                .denied_with(student_a, json!({"userid": self.target, "preferences": [{"type": "message_blocknoncontacts", "value": "1"}]}), "nopermissions")
                .bad(json!({"preferences": [{"type": "", "value": "1"}]}), "preferences[0].type"),
            Case::new("core_user_view_user_profile", teacher_a, json!({"userid": self.student_a, "courseid": a}))
                .denied_with(student_a, json!({"userid": self.target, "courseid": 0}), "cannotviewprofile")
                .denied_with(teacher_b, json!({"userid": self.student_a, "courseid": a}), "errorcoursecontextnotvalid")
                .bad(json!({"userid": "me"}), "userid"),
            Case::new("core_user_add_user_device", student_a, json!({"appid": "com.moodle.moodlemobile", "name": "Pixel", "model": "8",
                    "platform": "Android", "version": "15", "pushid": "push-1", "uuid": "uuid-1"}))
                .public()
                .bad(json!({"appid": "a", "name": "n", "model": "m", "platform": "p", "version": "v", "pushid": 5, "uuid": "u"}), "pushid"),
            Case::new("core_user_remove_user_device", plain, json!({"uuid": "uuid-of-plain"}))
                .denied_with(plain, json!({"uuid": "no-such-device"}), "devicedoesnotexist")
                .bad(json!({"uuid": []}), "uuid"),
            Case::new("local_lmsgate_add_modules", teacher_a, json!({"modules": [{"courseid": a, "modname": "label", "intro": "<p>More</p>"}]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"modules": [{"courseid": a, "modname": "wiki"}]}), "modules[0].modname"),
            Case::new("mod_page_get_pages_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("mod_page_view_page", student_a, json!({"pageid": self.page}))
                .denied_with(student_a, json!({"pageid": self.hidden_page}), "requireloginerror")
                .denied_with(teacher_b, json!({"pageid": self.page}), "errorcoursecontextnotvalid")
                .bad(json!({"pageid": "x"}), "pageid"),
            Case::new("mod_url_get_urls_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": [[]]}), "courseids[0]"),
            Case::new("mod_url_view_url", student_a, json!({"urlid": self.url}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"urlid": "x"}), "urlid"),
            Case::new("mod_label_get_labels_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": "x"}), "courseids"),
            Case::new("mod_resource_get_resources_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("mod_resource_view_resource", student_a, json!({"resourceid": self.resource}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"resourceid": "x"}), "resourceid"),
            Case::new("mod_folder_get_folders_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("mod_folder_view_folder", student_a, json!({"folderid": self.folder}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"folderid": "x"}), "folderid"),
            Case::new("core_course_get_course_module", student_a, json!({"cmid": self.resource_cm}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"cmid": "x"}), "cmid"),
            Case::new("core_user_update_picture", student_a, json!({"draftitemid": 0, "delete": true}))
                .denied_with(student_a, json!({"draftitemid": 0, "delete": true, "userid": self.target}), "nopermissions")
                .bad(json!({"draftitemid": "x"}), "draftitemid"),
            Case::new("tool_lp_data_for_plans_page", student_a, json!({"userid": self.student_a}))
                .denied_with(student_a, json!({"userid": self.target}), "nopermissions")
                .bad(json!({"userid": "me"}), "userid"),
            Case::new("core_user_get_course_user_profiles", teacher_a, json!({"userlist": [{"userid": self.student_a, "courseid": a}]}))
                .denied_with(teacher_b, json!({"userlist": [{"userid": self.student_a, "courseid": a}]}), "errorcoursecontextnotvalid")
                .bad(json!({"userlist": [{"userid": "x", "courseid": a}]}), "userlist[0].userid"),
            Case::new("tool_mobile_get_content", student_a, json!({"component": "mod_certificate", "method": "mobile_course_view"}))
                .public()
                .always_fails("codingerror")
                .bad(json!({"component": "Mod Cert", "method": "x"}), "component"),
            Case::new("core_search_get_search_areas_list", student_a, json!({}))
                .public()
                .always_fails("globalsearchdisabled")
                .bad(json!({"cat": 5}), "cat"),
            Case::new("core_grades_update_grades", teacher_a, json!({"source": "test", "courseid": a, "component": "mod_assign",
                    "activityid": self.assign_cm, "itemnumber": 0, "grades": [{"studentid": self.target, "grade": 70}]}))
                .denied(student_a, "nopermissiontoviewgrades")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"source": "test", "courseid": a, "component": "mod_assign", "activityid": self.assign_cm,
                    "itemnumber": 0, "grades": [{"studentid": "x", "grade": 1}]}), "grades[0].studentid"),
            Case::new("gradereport_overview_get_course_grades", student_a, json!({}))
                .denied_with(student_a, json!({"userid": self.target}), "nopermissions")
                .bad(json!({"userid": "me"}), "userid"),
            Case::new("gradereport_overview_view_grade_report", student_a, json!({"courseid": a}))
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissiontoviewgrades")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": "x"}), "courseid"),
            Case::new("gradereport_user_get_grades_table", student_a, json!({"courseid": a, "userid": self.student_a}))
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissiontoviewgrades")
                .denied_with(student_a, json!({"courseid": a}), "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "userid": "x"}), "userid"),
            Case::new("gradereport_user_view_grade_report", student_a, json!({"courseid": a}))
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissiontoviewgrades")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": []}), "courseid"),
            Case::new("mod_assign_get_assignments", student_a, json!({"courseids": [a]}))
                .denied(teacher_b, "1")
                .bad(json!({"courseids": "x"}), "courseids"),
            Case::new("mod_assign_get_submission_status", student_a, json!({"assignid": self.assign}))
                .denied_with(student_a, json!({"assignid": self.assign, "userid": self.target}), "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"assignid": "x"}), "assignid"),
            Case::new("mod_assign_get_submissions", teacher_a, json!({"assignmentids": [self.assign]}))
                .denied(student_a, "1")
                .bad(json!({"assignmentids": ["x"]}), "assignmentids[0]"),
            Case::new("mod_assign_view_assign", student_a, json!({"assignid": self.assign}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"assignid": "x"}), "assignid"),
            Case::new("mod_assign_view_submission_status", student_a, json!({"assignid": self.assign}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"assignid": "x"}), "assignid"),
            Case::new("mod_assign_view_grading_table", teacher_a, json!({"assignid": self.assign}))
                .denied(student_a, "nopermissions")
                .bad(json!({"assignid": "x"}), "assignid"),
            Case::new("core_group_get_activity_groupmode", student_a, json!({"cmid": self.assign_cm}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"cmid": "x"}), "cmid"),
            Case::new("core_comment_get_comments", student_a, json!({"contextlevel": "module", "instanceid": self.assign_cm,
                    "component": "assignsubmission_comments", "itemid": 1, "area": "submission_comments"}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"contextlevel": "planet", "instanceid": 1, "component": "x", "itemid": 1}), "contextlevel"),
            Case::new("mod_quiz_get_quizzes_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("mod_quiz_get_quiz_access_information", student_a, json!({"quizid": self.quiz}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"quizid": "x"}), "quizid"),
            Case::new("mod_quiz_get_quiz_required_qtypes", student_a, json!({"quizid": self.quiz}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"quizid": "x"}), "quizid"),
            Case::new("mod_quiz_get_user_best_grade", student_a, json!({"quizid": self.quiz}))
                .denied_with(student_a, json!({"quizid": self.quiz, "userid": self.target}), "nopermissions")
                .bad(json!({"quizid": self.quiz, "userid": "x"}), "userid"),
            Case::new("mod_quiz_get_attempt_access_information", student_a, json!({"quizid": self.quiz}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"quizid": "x"}), "quizid"),
            Case::new("mod_quiz_get_user_attempts", student_a, json!({"quizid": self.quiz, "status": "all"}))
                .denied_with(student_a, json!({"quizid": self.quiz, "userid": self.target}), "nopermissions")
                .bad(json!({"quizid": self.quiz, "status": "some"}), "status"),
            Case::new("mod_quiz_view_quiz", student_a, json!({"quizid": self.quiz}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"quizid": "x"}), "quizid"),
            Case::new("mod_forum_get_forums_by_courses", student_a, json!({"courseids": [a]}))
                .public()
                .bad(json!({"courseids": ["x"]}), "courseids[0]"),
            Case::new("mod_forum_get_forum_access_information", student_a, json!({"forumid": self.forum}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"forumid": "x"}), "forumid"),
            Case::new("mod_forum_can_add_discussion", student_a, json!({"forumid": self.forum}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"forumid": "x"}), "forumid"),
            Case::new("mod_forum_get_forum_discussions", student_a, json!({"forumid": self.forum}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"forumid": self.forum, "sortorder": 99}), "sortorder"),
            Case::new("mod_forum_get_discussion_posts", student_a, json!({"discussionid": self.discussion}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"discussionid": self.discussion, "sortby": "size"}), "sortby"),
            Case::new("mod_forum_view_forum", student_a, json!({"forumid": self.forum}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"forumid": "x"}), "forumid"),
            Case::new("mod_forum_view_forum_discussion", student_a, json!({"discussionid": self.discussion}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"discussionid": "x"}), "discussionid"),
            Case::new("mod_forum_add_discussion", student_a, json!({"forumid": self.forum, "subject": "Question", "message": "<p>Why?</p>"}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"forumid": self.forum, "subject": "<b>x</b>", "message": "m"}), "subject"),
            Case::new("mod_forum_add_discussion_post", student_a, json!({"postid": self.first_post, "subject": "Re: Welcome", "message": "<p>Hi</p>"}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"postid": self.first_post, "subject": "Re", "message": "m", "options": [{"name": "colour", "value": "red"}]}), "options[0].name"),
            Case::new("core_course_get_course_module_by_instance", student_a, json!({"module": "forum", "instance": self.forum}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"module": "Forum!", "instance": 1}), "module"),
            Case::new("mod_assign_save_submission", student_a, json!({"assignmentid": self.assign,
                    "plugindata": {"onlinetext_editor": {"text": "<p>Mine</p>", "format": 1, "itemid": 0}}}))
                .denied(teacher_a, "nopermissions")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"assignmentid": "x", "plugindata": {}}), "assignmentid"),
            Case::new("mod_assign_submit_for_grading", student_a, json!({"assignmentid": self.drafts_assign, "acceptsubmissionstatement": true}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"assignmentid": self.drafts_assign, "acceptsubmissionstatement": "maybe"}), "acceptsubmissionstatement"),
            Case::new("mod_assign_save_grade", teacher_a, json!({"assignmentid": self.assign, "userid": self.target, "grade": 70,
                    "attemptnumber": -1, "addattempt": false, "workflowstate": "", "applytoall": false,
                    "plugindata": {"assignfeedbackcomments_editor": {"text": "Good.", "format": 1}}}))
                .denied(student_a, "nopermissions")
                .bad(json!({"assignmentid": self.assign, "userid": self.target, "grade": "A", "attemptnumber": -1,
                    "addattempt": false, "workflowstate": "", "applytoall": false}), "grade"),
            Case::new("core_completion_update_activity_completion_status_manually", student_a, json!({"cmid": self.checklist_cm, "completed": true}))
                .denied(teacher_a, "cannotmanualctrack")
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"cmid": self.checklist_cm, "completed": "maybe"}), "completed"),
            Case::new("core_completion_get_activities_completion_status", student_a, json!({"courseid": a, "userid": self.student_a}))
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissions")
                .bad(json!({"courseid": a, "userid": "me"}), "userid"),
            Case::new("core_completion_get_course_completion_status", student_a, json!({"courseid": a, "userid": self.student_a}))
                .always_fails("nocriteriaset")
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissions")
                .bad(json!({"courseid": a, "userid": "me"}), "userid"),
            Case::new("gradereport_user_get_grade_items", student_a, json!({"courseid": a, "userid": self.student_a}))
                .denied_with(student_a, json!({"courseid": a, "userid": self.target}), "nopermissiontoviewgrades")
                .bad(json!({"courseid": a, "userid": "x"}), "userid"),
            Case::new("core_grades_get_gradeitems", student_a, json!({"courseid": a}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": "x"}), "courseid"),
            Case::new("local_lmsgate_update_modules", teacher_a, json!({"modules": [{"cmid": self.movable_cm, "name": "Moved", "section": 1}]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"modules": [{"cmid": self.movable_cm, "section": -1}]}), "modules[0].section"),
            Case::new("local_lmsgate_delete_modules", teacher_a, json!({"cmids": [self.doomed_cm]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"cmids": []}), "cmids"),
            Case::new("local_lmsgate_add_sections", teacher_a, json!({"sections": [{"courseid": a, "name": "More"}]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"sections": [{"courseid": a, "visible": "no"}]}), "sections[0].visible"),
            Case::new("local_lmsgate_update_sections", teacher_a, json!({"sections": [{"id": self.changed_section, "name": "Changed", "summary": "<p>New</p>", "visible": true}]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"sections": [{"id": self.changed_section, "section": 0}]}), "sections[0].section"),
            Case::new("local_lmsgate_delete_sections", teacher_a, json!({"ids": [self.doomed_section]}))
                .denied(student_a, "nopermissions")
                .bad(json!({"ids": ["x"]}), "ids[0]"),
            Case::new("core_course_get_updates_since", student_a, json!({"courseid": a, "since": 0}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "since": 0, "filter": ["everything"]}), "filter[0]"),
            Case::new("core_course_check_updates", student_a, json!({"courseid": a,
                    "tocheck": [{"contextlevel": "module", "id": self.resource_cm, "since": 0}]}))
                .denied(teacher_b, "errorcoursecontextnotvalid")
                .bad(json!({"courseid": a, "tocheck": "x"}), "tocheck"),
            Case::new("local_example_set_greeting", manager, json!({"greeting": "Good morning"}))
                .denied(teacher_a, "nopermissions")
                .bad(json!({"greeting": ""}), "greeting"),
            Case::new("local_example_get_greeting", manager, json!({"name": "Ada"}))
                .denied(plain, "nopermissions")
                .bad(json!({"name": 5}), "name"),
        ]
    }
}

/// core_files_upload arguments: a small file into a new draft area of `userid`.
pub fn upload_params(userid: i64, filename: &str) -> Value {
    json!({"contextlevel": "user", "instanceid": userid, "component": "user", "filearea": "draft", "itemid": 0,
        "filepath": "/", "filename": filename, "filecontent": "aGVsbG8gd29ybGQ="})
}

fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| panic!("an id in {v}"))
}

/// Moodle's refusal of another user's messages (the sentence is the code).
const NOT_YOURS: &str = "You do not have permission to perform this action.";

pub struct Case<'a> {
    pub function: &'static str,
    /// A caller holding what the function needs, and arguments that succeed.
    pub allowed: &'a str,
    pub params: Value,
    /// Callers refused (their arguments, and the error code or warning code they get).
    pub denied: Vec<(&'a str, Value, &'static str)>,
    /// Arguments with one invalid field, and that field's path.
    pub bad: (Value, &'static str),
    /// Any signed-in caller may call it (a row lists a denial, or says it is public).
    pub public: bool,
    /// What the allowed call answers when it is an error for everyone (a feature lmsgate sites
    /// do not have, answered as Moodle answers for a site without it).
    pub always_fails: Option<&'static str>,
}

impl<'a> Case<'a> {
    fn new(function: &'static str, allowed: &'a str, params: Value) -> Self {
        Self {
            function,
            allowed,
            params,
            denied: Vec::new(),
            bad: (Value::Null, ""),
            public: false,
            always_fails: None,
        }
    }
    fn denied(mut self, who: &'a str, code: &'static str) -> Self {
        self.denied.push((who, self.params.clone(), code));
        self
    }
    fn denied_with(mut self, who: &'a str, params: Value, code: &'static str) -> Self {
        self.denied.push((who, params, code));
        self
    }
    fn public(mut self) -> Self {
        self.public = true;
        self
    }
    fn always_fails(mut self, code: &'static str) -> Self {
        self.always_fails = Some(code);
        self
    }
    fn bad(mut self, params: Value, field: &'static str) -> Self {
        self.bad = (params, field);
        self
    }
}
