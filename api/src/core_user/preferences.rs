//! The user preferences a client may set (Moodle's `core_user` preference definitions and the
//! ones its plugins add), each with the values it takes, and the write that stores one.
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use lmsgate_entities::user_preferences;

use crate::framework::ApiError;

/// The values a preference takes.
enum Values {
    Choice(&'static [&'static str]),
    Int,
    Text,
}

const BOOL: Values = Values::Choice(&["0", "1"]);

/// (name, or prefix ending in `_`, values). Names are exact unless they end in `_`.
const DEFINED: &[(&str, Values)] = &[
    ("message_blocknoncontacts", Values::Choice(&["0", "1", "2"])),
    ("message_entertosend", BOOL),
    ("message_provider_", Values::Text),
    ("usemodchooser", BOOL),
    ("badgeprivacysetting", BOOL),
    ("blogpagesize", Values::Int),
    ("user_home_page_preference", Values::Int),
    ("htmleditor", Values::Text),
    ("drawer-open-index", BOOL),
    ("drawer-open-block", BOOL),
    ("forum_discussionlistsortorder", Values::Int),
    ("forum_markasreadonnotification", BOOL),
    ("filemanager_recentviewmode", Values::Choice(&["1", "2", "3"])),
    ("block_myoverview_user_sort_preference", Values::Choice(&["title", "lastaccessed", "shortname"])),
    (
        "block_myoverview_user_grouping_preference",
        Values::Choice(&["allincludinghidden", "all", "inprogress", "future", "past", "favourites", "hidden", "customfield"]),
    ),
    ("block_myoverview_user_view_preference", Values::Choice(&["card", "list", "summary"])),
    ("block_myoverview_user_paging_preference", Values::Choice(&["12", "24", "48", "96", "0"])),
    ("block_myoverview_hidden_course_", BOOL),
    ("block_timeline_user_sort_preference", Values::Choice(&["sortbydates", "sortbycourses"])),
    (
        "block_timeline_user_filter_preference",
        Values::Choice(&["all", "overdue", "next7days", "next30days", "next3months", "next6months"]),
    ),
    ("block_timeline_user_limit_preference", Values::Choice(&["5", "10", "25"])),
    ("block_recentlyaccessedcourses_user_view_preference", Values::Choice(&["card", "list", "summary"])),
    ("calendar_timeformat", Values::Choice(&["", "%I:%M %p", "%H:%M"])),
    ("calendar_startwday", Values::Choice(&["0", "1", "2", "3", "4", "5", "6"])),
    ("calendar_maxevents", Values::Int),
    ("calendar_lookahead", Values::Int),
    ("calendar_persistflt", BOOL),
    ("core_message_migrate_data", BOOL),
];

/// Why a preference cannot take a value: unknown to the site, or a value it does not take.
pub fn check(name: &str, value: &str) -> Result<(), String> {
    let Some((_, values)) = DEFINED
        .iter()
        .find(|(n, _)| if n.ends_with('_') { name.starts_with(n) && name.len() > n.len() } else { name == *n })
    else {
        return Err(format!("Invalid preference name: {name}"));
    };
    let fits = match values {
        Values::Choice(choices) => choices.contains(&value),
        Values::Int => value.parse::<i64>().is_ok(),
        Values::Text => value.len() <= 1333,
    };
    match fits {
        true => Ok(()),
        false => Err(format!("Invalid value for preference {name}: {value}")),
    }
}

/// Stores one preference (made or replaced).
pub async fn set<C: ConnectionTrait>(db: &C, userid: i64, name: &str, value: &str) -> Result<(), ApiError> {
    let row =
        user_preferences::ActiveModel { userid: Set(userid), name: Set(name.into()), value: Set(value.into()), ..Default::default() };
    user_preferences::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([user_preferences::Column::Userid, user_preferences::Column::Name])
                .update_column(user_preferences::Column::Value)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Removes one preference (a value of null unsets it).
pub async fn unset<C: ConnectionTrait>(db: &C, userid: i64, name: &str) -> Result<(), ApiError> {
    user_preferences::Entity::delete_many()
        .filter(user_preferences::Column::Userid.eq(userid))
        .filter(user_preferences::Column::Name.eq(name))
        .exec(db)
        .await?;
    Ok(())
}
