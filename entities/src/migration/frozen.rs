//! The tables as their migrations first created them, written out statement by statement: a
//! migration never changes, whatever later happens to the entity structs (a change to a table is
//! a new migration). `tests/schema` checks that the migrated schema and the entities agree.
use sea_orm_migration::prelude::*;

pub(super) async fn config(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("config")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null().unique_key())
            .col(ColumnDef::new("value").text().not_null())
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn user(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("user")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("auth").string().not_null())
            .col(ColumnDef::new("confirmed").integer().not_null())
            .col(ColumnDef::new("deleted").integer().not_null())
            .col(ColumnDef::new("suspended").integer().not_null())
            .col(ColumnDef::new("username").string().not_null().unique_key())
            .col(ColumnDef::new("password").string().not_null())
            .col(ColumnDef::new("idnumber").string().not_null())
            .col(ColumnDef::new("firstname").string().not_null())
            .col(ColumnDef::new("lastname").string().not_null())
            .col(ColumnDef::new("email").string().not_null())
            .col(ColumnDef::new("phone1").string().not_null())
            .col(ColumnDef::new("phone2").string().not_null())
            .col(ColumnDef::new("institution").string().not_null())
            .col(ColumnDef::new("department").string().not_null())
            .col(ColumnDef::new("address").string().not_null())
            .col(ColumnDef::new("city").string().not_null())
            .col(ColumnDef::new("country").string().not_null())
            .col(ColumnDef::new("lang").string().not_null())
            .col(ColumnDef::new("calendartype").string().not_null())
            .col(ColumnDef::new("theme").string().not_null())
            .col(ColumnDef::new("timezone").string().not_null())
            .col(ColumnDef::new("firstaccess").big_integer().not_null())
            .col(ColumnDef::new("lastaccess").big_integer().not_null())
            .col(ColumnDef::new("lastlogin").big_integer().not_null())
            .col(ColumnDef::new("currentlogin").big_integer().not_null())
            .col(ColumnDef::new("lastip").string().not_null())
            .col(ColumnDef::new("description").text().not_null())
            .col(ColumnDef::new("descriptionformat").integer().not_null())
            .col(ColumnDef::new("mailformat").integer().not_null())
            .col(ColumnDef::new("maildisplay").integer().not_null())
            .col(ColumnDef::new("interests").text().not_null())
            .col(ColumnDef::new("firstnamephonetic").string().not_null())
            .col(ColumnDef::new("lastnamephonetic").string().not_null())
            .col(ColumnDef::new("middlename").string().not_null())
            .col(ColumnDef::new("alternatename").string().not_null())
            .col(ColumnDef::new("policyagreed").integer().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-user-email").table("user").col("email").to_owned()).await?;
    Ok(())
}

pub(super) async fn user_preferences(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("user_preferences")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("value").text().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-user_preferences-userid").table("user_preferences").col("userid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-user_preferences-user_name")
            .table("user_preferences")
            .col("userid")
            .col("name")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn context(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("context")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("contextlevel").integer().not_null())
            .col(ColumnDef::new("instanceid").big_integer().not_null())
            .col(ColumnDef::new("path").string().not_null())
            .col(ColumnDef::new("depth").integer().not_null())
            .col(ColumnDef::new("locked").integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-context-level_instance")
            .table("context")
            .col("contextlevel")
            .col("instanceid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn role(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("role")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("shortname").string().not_null().unique_key())
            .col(ColumnDef::new("description").text().not_null())
            .col(ColumnDef::new("sortorder").integer().not_null())
            .col(ColumnDef::new("archetype").string().not_null())
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn capabilities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("capabilities")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null().unique_key())
            .col(ColumnDef::new("captype").string().not_null())
            .col(ColumnDef::new("contextlevel").integer().not_null())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("riskbitmask").integer().not_null())
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn role_capabilities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("role_capabilities")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("contextid").big_integer().not_null())
            .col(ColumnDef::new("roleid").big_integer().not_null())
            .col(ColumnDef::new("capability").string().not_null())
            .col(ColumnDef::new("permission").integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("modifierid").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-role_capabilities-roleid").table("role_capabilities").col("roleid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-role_capabilities-role_ctx_cap")
            .table("role_capabilities")
            .col("contextid")
            .col("roleid")
            .col("capability")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn role_assignments(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("role_assignments")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("roleid").big_integer().not_null())
            .col(ColumnDef::new("contextid").big_integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("modifierid").big_integer().not_null())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("itemid").big_integer().not_null())
            .col(ColumnDef::new("sortorder").integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-role_assignments-roleid").table("role_assignments").col("roleid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-role_assignments-contextid").table("role_assignments").col("contextid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-role_assignments-userid").table("role_assignments").col("userid").to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn course_categories(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("course_categories")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("idnumber").string())
            .col(ColumnDef::new("description").text().not_null())
            .col(ColumnDef::new("descriptionformat").integer().not_null())
            .col(ColumnDef::new("parent").big_integer().not_null())
            .col(ColumnDef::new("sortorder").big_integer().not_null())
            .col(ColumnDef::new("coursecount").big_integer().not_null())
            .col(ColumnDef::new("visible").integer().not_null())
            .col(ColumnDef::new("visibleold").integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("depth").integer().not_null())
            .col(ColumnDef::new("path").string().not_null())
            .col(ColumnDef::new("theme").string())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-course_categories-parent").table("course_categories").col("parent").to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn course(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("course")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("category").big_integer().not_null())
            .col(ColumnDef::new("sortorder").big_integer().not_null())
            .col(ColumnDef::new("fullname").string().not_null())
            .col(ColumnDef::new("shortname").string().not_null())
            .col(ColumnDef::new("idnumber").string().not_null())
            .col(ColumnDef::new("summary").text().not_null())
            .col(ColumnDef::new("summaryformat").integer().not_null())
            .col(ColumnDef::new("format").string().not_null())
            .col(ColumnDef::new("showgrades").integer().not_null())
            .col(ColumnDef::new("newsitems").integer().not_null())
            .col(ColumnDef::new("startdate").big_integer().not_null())
            .col(ColumnDef::new("enddate").big_integer().not_null())
            .col(ColumnDef::new("marker").big_integer().not_null())
            .col(ColumnDef::new("maxbytes").big_integer().not_null())
            .col(ColumnDef::new("legacyfiles").integer().not_null())
            .col(ColumnDef::new("showreports").integer().not_null())
            .col(ColumnDef::new("visible").integer().not_null())
            .col(ColumnDef::new("visibleold").integer().not_null())
            .col(ColumnDef::new("groupmode").integer().not_null())
            .col(ColumnDef::new("groupmodeforce").integer().not_null())
            .col(ColumnDef::new("defaultgroupingid").big_integer().not_null())
            .col(ColumnDef::new("lang").string().not_null())
            .col(ColumnDef::new("calendartype").string().not_null())
            .col(ColumnDef::new("theme").string().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("requested").integer().not_null())
            .col(ColumnDef::new("enablecompletion").integer().not_null())
            .col(ColumnDef::new("completionnotify").integer().not_null())
            .col(ColumnDef::new("cacherev").big_integer().not_null())
            .col(ColumnDef::new("showactivitydates").integer().not_null())
            .col(ColumnDef::new("showcompletionconditions").integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-course-category").table("course").col("category").to_owned()).await?;
    m.create_index(Index::create().name("idx-course-shortname").table("course").col("shortname").to_owned()).await?;
    Ok(())
}

pub(super) async fn enrol(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("enrol")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("enrol").string().not_null())
            .col(ColumnDef::new("status").integer().not_null())
            .col(ColumnDef::new("courseid").big_integer().not_null())
            .col(ColumnDef::new("sortorder").integer().not_null())
            .col(ColumnDef::new("name").string())
            .col(ColumnDef::new("enrolperiod").big_integer().not_null())
            .col(ColumnDef::new("enrolstartdate").big_integer().not_null())
            .col(ColumnDef::new("enrolenddate").big_integer().not_null())
            .col(ColumnDef::new("roleid").big_integer().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-enrol-courseid").table("enrol").col("courseid").to_owned()).await?;
    Ok(())
}

pub(super) async fn user_enrolments(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("user_enrolments")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("status").integer().not_null())
            .col(ColumnDef::new("enrolid").big_integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("timestart").big_integer().not_null())
            .col(ColumnDef::new("timeend").big_integer().not_null())
            .col(ColumnDef::new("modifierid").big_integer().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-user_enrolments-userid").table("user_enrolments").col("userid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-user_enrolments-enrol_user")
            .table("user_enrolments")
            .col("enrolid")
            .col("userid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn groups(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("groups")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("courseid").big_integer().not_null())
            .col(ColumnDef::new("idnumber").string().not_null())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("description").text().not_null())
            .col(ColumnDef::new("descriptionformat").integer().not_null())
            .col(ColumnDef::new("enrolmentkey").string())
            .col(ColumnDef::new("picture").big_integer().not_null())
            .col(ColumnDef::new("visibility").integer().not_null())
            .col(ColumnDef::new("participation").integer().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-groups-courseid").table("groups").col("courseid").to_owned()).await?;
    Ok(())
}

pub(super) async fn groups_members(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("groups_members")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("groupid").big_integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("timeadded").big_integer().not_null())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("itemid").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-groups_members-userid").table("groups_members").col("userid").to_owned())
        .await?;
    m.create_index(
        Index::create()
            .name("idx-groups_members-group_user")
            .table("groups_members")
            .col("groupid")
            .col("userid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn external_functions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("external_functions")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null().unique_key())
            .col(ColumnDef::new("classname").string().not_null())
            .col(ColumnDef::new("methodname").string().not_null())
            .col(ColumnDef::new("classpath").string())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("capabilities").string())
            .col(ColumnDef::new("services").string())
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn external_services(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("external_services")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("name").string().not_null().unique_key())
            .col(ColumnDef::new("enabled").integer().not_null())
            .col(ColumnDef::new("requiredcapability").string())
            .col(ColumnDef::new("restrictedusers").integer().not_null())
            .col(ColumnDef::new("component").string())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer())
            .col(ColumnDef::new("shortname").string().unique_key())
            .col(ColumnDef::new("downloadfiles").integer().not_null())
            .col(ColumnDef::new("uploadfiles").integer().not_null())
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn external_services_functions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("external_services_functions")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("externalserviceid").big_integer().not_null())
            .col(ColumnDef::new("functionname").string().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-external_services_functions-externalserviceid")
            .table("external_services_functions")
            .col("externalserviceid")
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-external_services_functions-service_function")
            .table("external_services_functions")
            .col("externalserviceid")
            .col("functionname")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn external_services_users(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("external_services_users")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("externalserviceid").big_integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("iprestriction").string())
            .col(ColumnDef::new("validuntil").big_integer())
            .col(ColumnDef::new("timecreated").big_integer())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-external_services_users-userid")
            .table("external_services_users")
            .col("userid")
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-external_services_users-service_user")
            .table("external_services_users")
            .col("externalserviceid")
            .col("userid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn external_tokens(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("external_tokens")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("token").string().not_null().unique_key())
            .col(ColumnDef::new("privatetoken").string())
            .col(ColumnDef::new("tokentype").integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("externalserviceid").big_integer().not_null())
            .col(ColumnDef::new("sid").string())
            .col(ColumnDef::new("contextid").big_integer().not_null())
            .col(ColumnDef::new("creatorid").big_integer().not_null())
            .col(ColumnDef::new("iprestriction").string())
            .col(ColumnDef::new("validuntil").big_integer())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("lastaccess").big_integer())
            .col(ColumnDef::new("name").string())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-external_tokens-userid").table("external_tokens").col("userid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-external_tokens-externalserviceid")
            .table("external_tokens")
            .col("externalserviceid")
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn log(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("log")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("eventname").string().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("functionname").string())
            .col(ColumnDef::new("serviceid").big_integer())
            .col(ColumnDef::new("protocol").string())
            .col(ColumnDef::new("ip").string().not_null())
            .col(ColumnDef::new("outcome").string().not_null())
            .col(ColumnDef::new("durationms").big_integer().not_null())
            .col(ColumnDef::new("other").text().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-log-timecreated").table("log").col("timecreated").to_owned()).await?;
    m.create_index(Index::create().name("idx-log-userid").table("log").col("userid").to_owned()).await?;
    Ok(())
}

pub(super) async fn sessions(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("sessions")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("sid").string().not_null().unique_key())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("sesskey").string().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("firstip").string().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-sessions-userid").table("sessions").col("userid").to_owned()).await?;
    Ok(())
}

pub(super) async fn course_sections(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("course_sections")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("course").big_integer().not_null())
            .col(ColumnDef::new("section").integer().not_null())
            .col(ColumnDef::new("name").string())
            .col(ColumnDef::new("summary").text().not_null())
            .col(ColumnDef::new("summaryformat").integer().not_null())
            .col(ColumnDef::new("sequence").text().not_null())
            .col(ColumnDef::new("visible").integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-course_sections-course_section")
            .table("course_sections")
            .col("course")
            .col("section")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn cohort(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("cohort")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("contextid").big_integer().not_null())
            .col(ColumnDef::new("name").string().not_null())
            .col(ColumnDef::new("idnumber").string())
            .col(ColumnDef::new("description").text().not_null())
            .col(ColumnDef::new("descriptionformat").integer().not_null())
            .col(ColumnDef::new("visible").integer().not_null())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("theme").string())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-cohort-contextid").table("cohort").col("contextid").to_owned()).await?;
    m.create_index(Index::create().name("idx-cohort-idnumber").table("cohort").col("idnumber").to_owned()).await?;
    Ok(())
}

pub(super) async fn cohort_members(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("cohort_members")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("cohortid").big_integer().not_null())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("timeadded").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-cohort_members-userid").table("cohort_members").col("userid").to_owned())
        .await?;
    m.create_index(
        Index::create()
            .name("idx-cohort_members-cohort_user")
            .table("cohort_members")
            .col("cohortid")
            .col("userid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn files(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("files")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("contenthash").string().not_null())
            .col(ColumnDef::new("pathnamehash").string().not_null().unique_key())
            .col(ColumnDef::new("contextid").big_integer().not_null())
            .col(ColumnDef::new("component").string().not_null())
            .col(ColumnDef::new("filearea").string().not_null())
            .col(ColumnDef::new("itemid").big_integer().not_null())
            .col(ColumnDef::new("filepath").string().not_null())
            .col(ColumnDef::new("filename").string().not_null())
            .col(ColumnDef::new("userid").big_integer())
            .col(ColumnDef::new("filesize").big_integer().not_null())
            .col(ColumnDef::new("mimetype").string())
            .col(ColumnDef::new("status").integer().not_null())
            .col(ColumnDef::new("source").string())
            .col(ColumnDef::new("author").string())
            .col(ColumnDef::new("license").string())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .col(ColumnDef::new("timemodified").big_integer().not_null())
            .col(ColumnDef::new("sortorder").integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(Index::create().name("idx-files-contenthash").table("files").col("contenthash").to_owned()).await?;
    m.create_index(Index::create().name("idx-files-contextid").table("files").col("contextid").to_owned()).await?;
    m.create_index(Index::create().name("idx-files-userid").table("files").col("userid").to_owned()).await?;
    Ok(())
}

pub(super) async fn user_private_key(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("user_private_key")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("script").string().not_null())
            .col(ColumnDef::new("value").string().not_null().unique_key())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("instance").big_integer())
            .col(ColumnDef::new("iprestriction").string())
            .col(ColumnDef::new("validuntil").big_integer())
            .col(ColumnDef::new("timecreated").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-user_private_key-userid").table("user_private_key").col("userid").to_owned(),
    )
    .await?;
    Ok(())
}

pub(super) async fn user_lastaccess(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table("user_lastaccess")
            .col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key())
            .col(ColumnDef::new("userid").big_integer().not_null())
            .col(ColumnDef::new("courseid").big_integer().not_null())
            .col(ColumnDef::new("timeaccess").big_integer().not_null())
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create().name("idx-user_lastaccess-courseid").table("user_lastaccess").col("courseid").to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("idx-user_lastaccess-user_course")
            .table("user_lastaccess")
            .col("userid")
            .col("courseid")
            .unique()
            .to_owned(),
    )
    .await?;
    Ok(())
}

/// A table of `columns` after `id`, and its indexes (`(columns, unique)`).
async fn table_with(
    m: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<ColumnDef>,
    indexes: &[(&[&'static str], bool)],
) -> Result<(), DbErr> {
    let mut create = Table::create();
    create.table(table).col(ColumnDef::new("id").big_integer().not_null().auto_increment().primary_key());
    for mut c in columns {
        create.col(&mut c);
    }
    m.create_table(create.to_owned()).await?;
    for (columns, unique) in indexes {
        let mut index = Index::create();
        index.name(format!("idx-{table}-{}", columns.join("_"))).table(table);
        for c in *columns {
            index.col(*c);
        }
        if *unique {
            index.unique();
        }
        m.create_index(index.to_owned()).await?;
    }
    Ok(())
}

fn int(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().to_owned()
}

fn bigint(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
}

pub(super) async fn messaging(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    table_with(
        m,
        "message_conversations",
        vec![
            int("type"),
            ColumnDef::new("name").string().null().to_owned(),
            ColumnDef::new("convhash").string().null().to_owned(),
            int("enabled"),
            bigint("timecreated"),
            bigint("timemodified"),
        ],
        &[(&["convhash"], false)],
    )
    .await?;
    table_with(
        m,
        "message_conversation_members",
        vec![bigint("conversationid"), bigint("userid"), bigint("timecreated")],
        &[(&["conversationid", "userid"], true), (&["userid"], false)],
    )
    .await?;
    table_with(
        m,
        "messages",
        vec![
            bigint("useridfrom"),
            bigint("conversationid"),
            ColumnDef::new("subject").text().null().to_owned(),
            text("fullmessage"),
            int("fullmessageformat"),
            text("fullmessagehtml"),
            text("smallmessage"),
            bigint("timecreated"),
        ],
        &[(&["useridfrom"], false), (&["conversationid"], false), (&["conversationid", "timecreated"], false)],
    )
    .await?;
    table_with(
        m,
        "message_user_actions",
        vec![bigint("userid"), bigint("messageid"), int("action"), bigint("timecreated")],
        &[(&["userid", "messageid", "action"], true), (&["messageid"], false)],
    )
    .await?;
    table_with(
        m,
        "message_contacts",
        vec![bigint("userid"), bigint("contactid"), bigint("timecreated")],
        &[(&["userid", "contactid"], true), (&["contactid"], false)],
    )
    .await?;
    table_with(
        m,
        "message_contact_requests",
        vec![bigint("userid"), bigint("requesteduserid"), bigint("timecreated")],
        &[(&["userid", "requesteduserid"], true), (&["requesteduserid"], false)],
    )
    .await?;
    table_with(
        m,
        "notifications",
        vec![
            bigint("useridfrom"),
            bigint("useridto"),
            text("subject"),
            text("fullmessage"),
            int("fullmessageformat"),
            text("fullmessagehtml"),
            ColumnDef::new("smallmessage").text().null().to_owned(),
            ColumnDef::new("component").string().not_null().to_owned(),
            ColumnDef::new("eventtype").string().not_null().to_owned(),
            ColumnDef::new("contexturl").text().null().to_owned(),
            ColumnDef::new("contexturlname").string().null().to_owned(),
            ColumnDef::new("timeread").big_integer().null().to_owned(),
            ColumnDef::new("customdata").text().null().to_owned(),
            bigint("timecreated"),
        ],
        &[(&["useridto"], false), (&["useridto", "timeread"], false)],
    )
    .await
}

pub(super) async fn event(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    table_with(
        m,
        "event",
        vec![
            text("name"),
            text("description"),
            int("format"),
            bigint("categoryid"),
            bigint("courseid"),
            bigint("groupid"),
            bigint("userid"),
            bigint("repeatid"),
            ColumnDef::new("component").string().null().to_owned(),
            ColumnDef::new("modulename").string().not_null().to_owned(),
            bigint("instance"),
            ColumnDef::new("eventtype").string().not_null().to_owned(),
            bigint("timestart"),
            bigint("timeduration"),
            ColumnDef::new("timesort").big_integer().null().to_owned(),
            int("visible"),
            text("location"),
            bigint("timemodified"),
        ],
        &[
            (&["categoryid"], false),
            (&["courseid"], false),
            (&["groupid"], false),
            (&["userid"], false),
            (&["timestart"], false),
        ],
    )
    .await
}

pub(super) async fn favourite(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    table_with(
        m,
        "favourite",
        vec![
            ColumnDef::new("component").string_len(100).not_null().to_owned(),
            ColumnDef::new("itemtype").string_len(100).not_null().to_owned(),
            bigint("itemid"),
            bigint("contextid"),
            bigint("userid"),
            ColumnDef::new("ordering").big_integer().null().to_owned(),
            bigint("timecreated"),
            bigint("timemodified"),
        ],
        &[(&["component", "itemtype", "itemid", "contextid", "userid"], true), (&["userid"], false)],
    )
    .await
}

pub(super) async fn user_devices(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let short = |name: &'static str| ColumnDef::new(name).string().not_null().to_owned();
    table_with(
        m,
        "user_devices",
        vec![
            bigint("userid"),
            short("appid"),
            short("name"),
            short("model"),
            short("platform"),
            short("version"),
            short("pushid"),
            short("uuid"),
            ColumnDef::new("publickey").text().null().to_owned(),
            bigint("timecreated"),
            bigint("timemodified"),
        ],
        &[(&["userid", "pushid"], true), (&["userid"], false), (&["uuid", "userid"], false)],
    )
    .await
}

/// The activity types, course modules (an activity placed in a section) and the instance tables
/// of the page, url and label types.
pub(super) async fn modules(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let short = |name: &'static str| ColumnDef::new(name).string().not_null().to_owned();
    table_with(m, "modules", vec![short("name"), int("visible")], &[(&["name"], true)]).await?;
    table_with(
        m,
        "course_modules",
        vec![
            bigint("course"),
            bigint("module"),
            bigint("instance"),
            bigint("section"),
            short("idnumber"),
            bigint("added"),
            int("visible"),
            int("visibleoncoursepage"),
            int("visibleold"),
            int("groupmode"),
            bigint("groupingid"),
            int("completion"),
            int("completionview"),
            bigint("completionexpected"),
            int("showdescription"),
            ColumnDef::new("availability").text().null().to_owned(),
            int("indent"),
            int("deletioninprogress"),
        ],
        &[(&["course"], false), (&["module", "instance"], true), (&["section"], false)],
    )
    .await?;
    let intro = || vec![bigint("course"), short("name"), text("intro"), int("introformat")];
    let mut page = intro();
    page.extend([
        text("content"),
        int("contentformat"),
        int("display"),
        text("displayoptions"),
        bigint("revision"),
        bigint("timemodified"),
    ]);
    table_with(m, "page", page, &[(&["course"], false)]).await?;
    let mut url = intro();
    url.extend([
        text("externalurl"),
        int("display"),
        text("displayoptions"),
        text("parameters"),
        bigint("timemodified"),
    ]);
    table_with(m, "url", url, &[(&["course"], false)]).await?;
    let mut label = intro();
    label.push(bigint("timemodified"));
    table_with(m, "label", label, &[(&["course"], false)]).await?;
    long_text_on_mysql(m, &[("page", "intro"), ("page", "content"), ("url", "intro"), ("label", "intro")]).await?;
    add_module_types(m, &["page", "url", "label"]).await
}

/// The file resource and folder activity types.
pub(super) async fn file_activities(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let short = |name: &'static str| ColumnDef::new(name).string().not_null().to_owned();
    let intro = || vec![bigint("course"), short("name"), text("intro"), int("introformat")];
    let mut resource = intro();
    resource.extend([
        int("tobemigrated"),
        int("legacyfiles"),
        int("display"),
        text("displayoptions"),
        int("filterfiles"),
        bigint("revision"),
        bigint("timemodified"),
    ]);
    table_with(m, "resource", resource, &[(&["course"], false)]).await?;
    let mut folder = intro();
    folder.extend([
        bigint("revision"),
        bigint("timemodified"),
        int("display"),
        int("showexpanded"),
        int("showdownloadfolder"),
        int("forcedownload"),
    ]);
    table_with(m, "folder", folder, &[(&["course"], false)]).await?;
    long_text_on_mysql(m, &[("resource", "intro"), ("folder", "intro")]).await?;
    add_module_types(m, &["resource", "folder"]).await
}

/// The gradebook, the assignment type with its submissions, and the quiz type.
pub(super) async fn gradebook(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let short = |name: &'static str| ColumnDef::new(name).string().not_null().to_owned();
    let short_null = |name: &'static str| ColumnDef::new(name).string().null().to_owned();
    let double = |name: &'static str| ColumnDef::new(name).double().not_null().to_owned();
    let double_null = |name: &'static str| ColumnDef::new(name).double().null().to_owned();
    let bigint_null = |name: &'static str| ColumnDef::new(name).big_integer().null().to_owned();
    table_with(
        m,
        "grade_categories",
        vec![
            bigint("courseid"),
            short("fullname"),
            int("aggregation"),
            int("aggregateonlygraded"),
            bigint("timecreated"),
            bigint("timemodified"),
        ],
        &[(&["courseid"], false)],
    )
    .await?;
    table_with(
        m,
        "grade_items",
        vec![
            bigint("courseid"),
            bigint_null("categoryid"),
            short_null("itemname"),
            short("itemtype"),
            short_null("itemmodule"),
            bigint_null("iteminstance"),
            ColumnDef::new("itemnumber").integer().null().to_owned(),
            short_null("idnumber"),
            int("gradetype"),
            double("grademax"),
            double("grademin"),
            double("gradepass"),
            int("sortorder"),
            bigint("hidden"),
            bigint("timecreated"),
            bigint("timemodified"),
        ],
        &[(&["courseid"], false), (&["iteminstance"], false)],
    )
    .await?;
    table_with(
        m,
        "grade_grades",
        vec![
            bigint("itemid"),
            bigint("userid"),
            double_null("rawgrade"),
            double_null("finalgrade"),
            ColumnDef::new("feedback").text().null().to_owned(),
            int("feedbackformat"),
            bigint_null("usermodified"),
            bigint_null("timecreated"),
            bigint_null("timemodified"),
        ],
        &[(&["itemid", "userid"], true), (&["userid"], false)],
    )
    .await?;
    let mut assign = vec![bigint("course"), short("name"), text("intro"), int("introformat")];
    assign.extend([
        int("alwaysshowdescription"),
        int("submissiondrafts"),
        int("sendstudentnotifications"),
        bigint("duedate"),
        bigint("allowsubmissionsfromdate"),
        bigint("cutoffdate"),
        bigint("gradingduedate"),
        bigint("grade"),
        int("onlinetext"),
        int("maxfilesubmissions"),
        bigint("maxsubmissionsizebytes"),
        bigint("timemodified"),
    ]);
    table_with(m, "assign", assign, &[(&["course"], false)]).await?;
    table_with(
        m,
        "assign_submission",
        vec![
            bigint("assignment"),
            bigint("userid"),
            bigint("timecreated"),
            bigint("timemodified"),
            short("status"),
            int("attemptnumber"),
            int("latest"),
            text("onlinetext"),
            int("onlineformat"),
        ],
        &[(&["assignment", "userid", "attemptnumber"], true), (&["userid"], false)],
    )
    .await?;
    let mut quiz = vec![bigint("course"), short("name"), text("intro"), int("introformat")];
    quiz.extend([
        bigint("timeopen"),
        bigint("timeclose"),
        bigint("timelimit"),
        int("attempts"),
        int("grademethod"),
        double("sumgrades"),
        double("grade"),
        bigint("timecreated"),
        bigint("timemodified"),
    ]);
    table_with(m, "quiz", quiz, &[(&["course"], false)]).await?;
    long_text_on_mysql(m, &[("assign", "intro"), ("assign_submission", "onlinetext"), ("quiz", "intro")]).await?;
    if m.get_database_backend() == sea_orm::DatabaseBackend::MySql {
        m.get_connection().execute_unprepared("ALTER TABLE `grade_grades` MODIFY `feedback` LONGTEXT NULL").await?;
    }
    add_module_types(m, &["assign", "quiz"]).await
}

/// The forum type: forums, their discussions and posts; function capability lists of any length.
pub(super) async fn forums(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let short = |name: &'static str| ColumnDef::new(name).string().not_null().to_owned();
    let mut forum = vec![bigint("course"), short("type"), short("name"), text("intro"), int("introformat")];
    forum.extend([
        bigint("maxbytes"),
        int("maxattachments"),
        int("forcesubscribe"),
        int("trackingtype"),
        bigint("timemodified"),
    ]);
    table_with(m, "forum", forum, &[(&["course"], false)]).await?;
    table_with(
        m,
        "forum_discussions",
        vec![
            bigint("course"),
            bigint("forum"),
            short("name"),
            bigint("firstpost"),
            bigint("userid"),
            bigint("groupid"),
            bigint("timemodified"),
            bigint("usermodified"),
            bigint("timestart"),
            bigint("timeend"),
            int("pinned"),
            bigint("timelocked"),
        ],
        &[(&["forum"], false)],
    )
    .await?;
    table_with(
        m,
        "forum_posts",
        vec![
            bigint("discussion"),
            bigint("parent"),
            bigint("userid"),
            bigint("created"),
            bigint("modified"),
            short("subject"),
            text("message"),
            int("messageformat"),
            short("attachment"),
            bigint("mailnow"),
        ],
        &[(&["discussion"], false), (&["userid"], false)],
    )
    .await?;
    long_text_on_mysql(m, &[("forum", "intro"), ("forum_posts", "message")]).await?;
    // The forum's access information checks some forty capabilities: more than MySQL's
    // VARCHAR(255) holds (the other backends' VARCHAR has no limit).
    if m.get_database_backend() == sea_orm::DatabaseBackend::MySql {
        m.get_connection()
            .execute_unprepared("ALTER TABLE `external_functions` MODIFY `capabilities` TEXT NULL")
            .await?;
    }
    add_module_types(m, &["forum"]).await
}

/// Users' completion of activities.
pub(super) async fn completion(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    table_with(
        m,
        "course_modules_completion",
        vec![
            bigint("coursemoduleid"),
            bigint("userid"),
            int("completionstate"),
            int("viewed"),
            ColumnDef::new("overrideby").big_integer().null().to_owned(),
            bigint("timemodified"),
        ],
        &[(&["coursemoduleid", "userid"], true), (&["userid"], false)],
    )
    .await
}

/// MySQL's TEXT holds 64 KiB, less than a request may carry: those columns become LONGTEXT there
/// (as m0005 did for the first tables).
async fn long_text_on_mysql(m: &SchemaManager<'_>, columns: &[(&str, &str)]) -> Result<(), DbErr> {
    if m.get_database_backend() != sea_orm::DatabaseBackend::MySql {
        return Ok(());
    }
    for (table, column) in columns {
        m.get_connection()
            .execute_unprepared(&format!("ALTER TABLE `{table}` MODIFY `{column}` LONGTEXT NOT NULL"))
            .await?;
    }
    Ok(())
}

/// Rows of `modules` for new activity types.
async fn add_module_types(m: &SchemaManager<'_>, names: &[&str]) -> Result<(), DbErr> {
    let db = m.get_connection();
    for name in names {
        let insert = Query::insert()
            .into_table(Alias::new("modules"))
            .columns([Alias::new("name"), Alias::new("visible")])
            .values_panic([(*name).into(), 1.into()])
            .to_owned();
        db.execute(&insert).await?;
    }
    Ok(())
}
