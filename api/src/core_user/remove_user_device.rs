//! core_user_remove_user_device: the caller's app installation is forgotten (all of the
//! device's apps when no app is given).
use poem_openapi::Object;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use validator::Validate;

use lmsgate_entities::{seed, user_devices};

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct RemoveUserDevice;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_remove_user_device_params", deny_unknown_fields)]
pub struct Params {
    /// The device's UUID.
    #[oai(validator(max_length = 255))]
    pub uuid: String,
    /// The app (empty for all the device's apps).
    #[oai(default, validator(max_length = 128))]
    pub appid: String,
}

#[derive(Debug, Object)]
#[oai(rename = "core_user_remove_user_device_returns")]
pub struct Removed {
    /// False when the caller had no such device.
    pub removed: bool,
    /// `devicedoesnotexist` when it was not there.
    pub warnings: Vec<Warning>,
}

impl ExternalFunction for RemoveUserDevice {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_remove_user_device",
        summary: "Forget the caller's app installation",
        description: "Remove the caller's device with this UUID (for one app, or all). A device the caller does not have is a warning `devicedoesnotexist`.",
        kind: Kind::Write,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"uuid":"c0ffee","appid":"com.moodle.moodlemobile"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Removed;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Removed, ApiError> {
        let mut doomed = user_devices::Entity::delete_many()
            .filter(user_devices::Column::Userid.eq(call.caller.user().id))
            .filter(user_devices::Column::Uuid.eq(&p.uuid));
        if !p.appid.is_empty() {
            doomed = doomed.filter(user_devices::Column::Appid.eq(&p.appid));
        }
        let removed = doomed.exec(&call.write().await?).await?.rows_affected > 0;
        let warnings = match removed {
            true => Vec::new(),
            false => vec![Warning {
                item: Some(p.uuid),
                itemid: None,
                warningcode: "devicedoesnotexist".into(),
                message: "The device doesn't exists in the database".into(),
            }],
        };
        Ok(Removed { removed, warnings })
    }
}
