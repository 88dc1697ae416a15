//! Migrations. The first one creates every table (and its indexes) from its entity, so one
//! definition serves SQLite, PostgreSQL and MySQL/MariaDB. Later schema changes are new
//! migrations with explicit statements; `m0001` must never change once released.
use sea_orm::{EntityTrait, Schema};
use sea_orm_migration::prelude::*;

use crate::tables::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(M0001Initial), Box::new(M0002Sessions), Box::new(M0003Courses), Box::new(M0004Files)]
    }
}

struct M0001Initial;

impl MigrationName for M0001Initial {
    fn name(&self) -> &str {
        "m0001_initial"
    }
}

async fn create<E: EntityTrait>(manager: &SchemaManager<'_>, entity: E) -> Result<(), DbErr> {
    let schema = Schema::new(manager.get_database_backend());
    manager.create_table(schema.create_table_from_entity(entity)).await?;
    for index in schema.create_index_from_entity(entity) {
        manager.create_index(index).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for M0001Initial {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, config::Entity).await?;
        create(m, user::Entity).await?;
        create(m, user_preferences::Entity).await?;
        create(m, context::Entity).await?;
        create(m, role::Entity).await?;
        create(m, capabilities::Entity).await?;
        create(m, role_capabilities::Entity).await?;
        create(m, role_assignments::Entity).await?;
        create(m, course_categories::Entity).await?;
        create(m, course::Entity).await?;
        create(m, enrol::Entity).await?;
        create(m, user_enrolments::Entity).await?;
        create(m, groups::Entity).await?;
        create(m, groups_members::Entity).await?;
        create(m, external_functions::Entity).await?;
        create(m, external_services::Entity).await?;
        create(m, external_services_functions::Entity).await?;
        create(m, external_services_users::Entity).await?;
        create(m, external_tokens::Entity).await?;
        create(m, log::Entity).await?;
        Ok(())
    }
}

/// Browser sessions (for AJAX).
struct M0002Sessions;

impl MigrationName for M0002Sessions {
    fn name(&self) -> &str {
        "m0002_sessions"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0002Sessions {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, sessions::Entity).await
    }
}

/// Course sections and cohorts, and the lookups course and category functions make by
/// `idnumber`.
struct M0003Courses;

impl MigrationName for M0003Courses {
    fn name(&self) -> &str {
        "m0003_courses"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0003Courses {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, course_sections::Entity).await?;
        create(m, cohort::Entity).await?;
        create(m, cohort_members::Entity).await?;
        for (table, column) in [("course", "idnumber"), ("course_categories", "idnumber"), ("groups", "idnumber")] {
            m.create_index(
                Index::create()
                    .name(format!("idx-{table}-{column}"))
                    .table(Alias::new(table))
                    .col(Alias::new(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

/// File metadata and the keys of `tokenpluginfile.php`.
struct M0004Files;

impl MigrationName for M0004Files {
    fn name(&self) -> &str {
        "m0004_files"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0004Files {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create(m, files::Entity).await?;
        create(m, user_private_key::Entity).await?;
        // Listing an area (draft, private) is by these four.
        m.create_index(
            Index::create()
                .name("idx-files-area")
                .table(Alias::new("files"))
                .col(Alias::new("contextid"))
                .col(Alias::new("component"))
                .col(Alias::new("filearea"))
                .col(Alias::new("itemid"))
                .to_owned(),
        )
        .await
    }
}
