//! mod_assign_save_submission: a student saves their submission (online text, files from their
//! draft area). With drafts off the saved work is submitted; a closed assignment answers a
//! warning, as Moodle does.
use poem_openapi::Object;
use sea_orm::ActiveValue::NotSet;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use validator::Validate;

use lmsgate_entities::{assign_submission, cap, files, now, seed};

use super::store::{SUBMISSION_FILES, assignment, latest_submissions, open_for_submissions};
use crate::common::Warning;
use crate::core_course::activities::{ModType, openable};
use crate::core_files::area::{self, DRAFT, Origin, Place, USER};
use crate::framework::access::path_of;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct SaveSubmission;

/// Online text.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_onlinetext_editor", deny_unknown_fields)]
pub struct OnlineText {
    /// The text for this submission.
    pub text: String,
    /// The format for this submission.
    pub format: i32,
    /// The draft area id for files attached to the submission (files in the text are not kept yet).
    pub itemid: i64,
}

/// The submission plugins' data.
#[derive(Debug, Object)]
#[oai(rename = "mod_assign_save_submission_plugindata", deny_unknown_fields)]
pub struct PluginData {
    /// Online text.
    pub onlinetext_editor: Option<OnlineText>,
    /// The id of a draft area containing files for this submission.
    pub files_filemanager: Option<i64>,
}

#[derive(Debug, Object, Validate)]
#[oai(rename = "mod_assign_save_submission_params", deny_unknown_fields)]
pub struct Params {
    /// The assignment id to operate on.
    pub assignmentid: i64,
    /// The submission plugins' data.
    pub plugindata: PluginData,
}

impl ExternalFunction for SaveSubmission {
    const INFO: FunctionInfo = FunctionInfo {
        name: "mod_assign_save_submission",
        summary: "Save a student's assignment submission",
        description: "Save the caller's submission (online text, files from a draft area of theirs) to an assignment open for submissions (mod/assign:submit). With submission drafts off it is submitted. A closed assignment answers the warning `couldnotsavesubmission`.",
        kind: Kind::Write,
        checks: &[
            cap::ASSIGN_VIEW,
            cap::ASSIGN_SUBMIT,
            cap::COURSE_VIEWHIDDENACTIVITIES,
            cap::COURSE_VIEW,
            cap::COURSE_VIEWHIDDENCOURSES,
        ],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"assignmentid":1,"plugindata":{"onlinetext_editor":{"text":"<p>My essay</p>","format":1,"itemid":0}}}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Warning>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Warning>, ApiError> {
        let a = openable(call, ModType::Assign, p.assignmentid).await?;
        call.require(cap::ASSIGN_SUBMIT, &path_of(&a.context)).await?;
        let x = assignment(&a)?;
        let refuse = |message: &str| Ok(vec![Warning::new("assignment", x.id, "couldnotsavesubmission", message)]);
        let t = now();
        if !open_for_submissions(x, t) {
            return refuse("This assignment is not accepting submissions");
        }
        let me = call.caller.user();
        let db = &call.db();
        let draft: Vec<files::Model> = match p.plugindata.files_filemanager.filter(|d| *d > 0) {
            Some(item) if x.maxfilesubmissions > 0 => {
                let userctx = area::user_context(db, me.id).await?;
                area::list(db, userctx.id, USER, DRAFT, item).await?
            }
            _ => Vec::new(),
        };
        if draft.len() > x.maxfilesubmissions as usize {
            return Err(ApiError::invalid_parameter(format!(
                "plugindata.files_filemanager: {} files, the assignment takes at most {}",
                draft.len(),
                x.maxfilesubmissions
            )));
        }
        if let Some(big) = draft.iter().find(|f| x.maxsubmissionsizebytes > 0 && f.filesize > x.maxsubmissionsizebytes) {
            return Err(ApiError::invalid_parameter(format!(
                "plugindata.files_filemanager: {} is larger than the assignment's {} bytes",
                big.filename, x.maxsubmissionsizebytes
            )));
        }
        let previous = latest_submissions(db, x.id, Some(&[me.id])).await?.pop();
        if previous.as_ref().is_some_and(|s| s.status == "submitted" && x.submissiondrafts != 0) {
            return refuse("This submission has been submitted for grading and cannot be changed");
        }
        let status = if x.submissiondrafts != 0 { "draft" } else { "submitted" };
        let text = p.plugindata.onlinetext_editor.filter(|_| x.onlinetext != 0);
        let txn = call.write().await?;
        let row = match previous {
            Some(s) => {
                let mut row: assign_submission::ActiveModel = s.into();
                if let Some(text) = &text {
                    row.onlinetext = Set(text.text.clone());
                    row.onlineformat = Set(text.format);
                }
                row.status = Set(status.into());
                row.timemodified = Set(t);
                row.update(&txn).await?
            }
            None => {
                assign_submission::ActiveModel {
                    id: NotSet,
                    assignment: Set(x.id),
                    userid: Set(me.id),
                    timecreated: Set(t),
                    timemodified: Set(t),
                    status: Set(status.into()),
                    attemptnumber: Set(0),
                    latest: Set(1),
                    onlinetext: Set(text.as_ref().map(|t| t.text.clone()).unwrap_or_default()),
                    onlineformat: Set(text.as_ref().map_or(1, |t| t.format)),
                }
                .insert(&txn)
                .await?
            }
        };
        if p.plugindata.files_filemanager.is_some() {
            // The draft area's files replace the submission's.
            lmsgate_entities::files::Entity::delete_many()
                .filter(files::Column::Contextid.eq(a.context.id))
                .filter(files::Column::Component.eq("mod_assign"))
                .filter(files::Column::Filearea.eq(SUBMISSION_FILES))
                .filter(files::Column::Itemid.eq(row.id))
                .exec(&txn)
                .await?;
            for f in &draft {
                let place = Place {
                    contextid: a.context.id,
                    component: "mod_assign".into(),
                    filearea: SUBMISSION_FILES.into(),
                    itemid: row.id,
                    ..Place::from(f)
                };
                let origin = Origin {
                    userid: f.userid.unwrap_or(me.id),
                    author: f.author.clone().unwrap_or_default(),
                    license: f.license.clone().unwrap_or_default(),
                    source: f.source.clone().unwrap_or_default(),
                };
                area::insert(&txn, &place, &origin, &f.contenthash, f.filesize as u64).await?;
            }
        }
        Ok(Vec::new())
    }
}
