//! Moodle's English language strings that lmsgate serves (`get_string`): core's common ones and
//! the name of every capability lmsgate knows, looked up the way Moodle's string manager does.
use lmsgate_entities::capability_defs::CAPABILITIES;

/// Strings of Moodle's `lang/en/moodle.php` that front ends ask for most.
const CORE: &[(&str, &str)] = &[
    ("activities", "Activities"),
    ("activity", "Activity"),
    ("add", "Add"),
    ("all", "All"),
    ("back", "Back"),
    ("calendar", "Calendar"),
    ("cancel", "Cancel"),
    ("categories", "Categories"),
    ("category", "Category"),
    ("confirm", "Confirm"),
    ("continue", "Continue"),
    ("course", "Course"),
    ("courses", "Courses"),
    ("date", "Date"),
    ("delete", "Delete"),
    ("deletecheck", "Delete {$a}?"),
    ("description", "Description"),
    ("download", "Download"),
    ("edit", "Edit"),
    ("email", "Email address"),
    ("error", "Error"),
    ("file", "File"),
    ("files", "Files"),
    ("filter", "Filter"),
    ("firstname", "First name"),
    ("fullnamedisplay", "{$a->firstname} {$a->lastname}"),
    ("general", "General"),
    ("grades", "Grades"),
    ("group", "Group"),
    ("groups", "Groups"),
    ("help", "Help"),
    ("hide", "Hide"),
    ("home", "Home"),
    ("lastname", "Last name"),
    ("loading", "Loading"),
    ("login", "Log in"),
    ("logout", "Log out"),
    ("mycourses", "My courses"),
    ("myhome", "Dashboard"),
    ("name", "Name"),
    ("never", "Never"),
    ("next", "Next"),
    ("no", "No"),
    ("none", "None"),
    ("notifications", "Notifications"),
    ("numdays", "{$a} days"),
    ("numweeks", "{$a} weeks"),
    ("ok", "OK"),
    ("pagea", "Page {$a}"),
    ("participants", "Participants"),
    ("password", "Password"),
    ("preferences", "Preferences"),
    ("previous", "Previous"),
    ("profile", "Profile"),
    ("required", "Required"),
    ("role", "Role"),
    ("roles", "Roles"),
    ("save", "Save"),
    ("savechanges", "Save changes"),
    ("search", "Search"),
    ("section", "Section"),
    ("show", "Show"),
    ("sitehome", "Site home"),
    ("status", "Status"),
    ("submit", "Submit"),
    ("summary", "Summary"),
    ("time", "Time"),
    ("today", "Today"),
    ("update", "Update"),
    ("upload", "Upload"),
    ("user", "User"),
    ("username", "Username"),
    ("users", "Users"),
    ("yes", "Yes"),
];

/// A component as Moodle normalises it: `moodle` and `core` are core, `role` is `core_role`, a
/// bare module name is its `mod_` plugin.
fn normalise(component: &str) -> String {
    match component {
        "" | "moodle" | "core" => "core".into(),
        c if c.contains('_') => c.into(),
        "role" => "core_role".into(),
        c => format!("mod_{c}"),
    }
}

/// The English string `id` of `component`, placeholders unfilled; None when lmsgate has none.
pub fn lookup(id: &str, component: &str) -> Option<String> {
    let component = normalise(component);
    if component == "core" {
        return CORE.iter().find(|(k, _)| *k == id).map(|(_, v)| v.to_string());
    }
    // A capability's name: `moodle/course:update` is `course:update` of core_role,
    // `mod/forum:addinstance` is `forum:addinstance` of mod_forum (Moodle's get_capability_string).
    CAPABILITIES.iter().find_map(|c| {
        let (kind, rest) = c.name.split_once('/')?;
        let (plugin, _) = rest.split_once(':')?;
        let owner = if kind == "moodle" { "core_role".to_string() } else { format!("{kind}_{plugin}") };
        (owner == component && rest == id).then(|| c.title.to_string())
    })
}

/// Moodle's `get_string`: the string with `{$a}` (one unnamed parameter) or each `{$a->name}`
/// filled; `[[id]]` for a string lmsgate does not have.
pub fn get_string(id: &str, component: &str, params: &[(Option<&str>, &str)]) -> String {
    let Some(mut text) = lookup(id, component) else { return format!("[[{id}]]") };
    for (name, value) in params {
        text = match name {
            Some(name) => text.replace(&format!("{{$a->{name}}}"), value),
            None => text.replace("{$a}", value),
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_found_filled_or_marked_missing_as_moodle_does() {
        assert_eq!(get_string("ok", "moodle", &[]), "OK");
        assert_eq!(get_string("pagea", "core", &[(None, "3")]), "Page 3");
        assert_eq!(
            get_string("fullnamedisplay", "moodle", &[(Some("firstname"), "Ada"), (Some("lastname"), "Lovelace")]),
            "Ada Lovelace"
        );
        assert_eq!(get_string("course:update", "role", &[]), "Update course settings");
        assert_eq!(get_string("forum:addinstance", "forum", &[]), get_string("forum:addinstance", "mod_forum", &[]));
        assert_eq!(get_string("nosuchstring", "moodle", &[]), "[[nosuchstring]]");
        assert_eq!(get_string("course:update", "moodle", &[]), "[[course:update]]");
    }
}
