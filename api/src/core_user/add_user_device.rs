//! core_user_add_user_device: the caller's app installation is registered (for push
//! notifications); the same installation registered again is updated, and a push id the caller
//! already registered is a warning.
use poem_openapi::Object;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use validator::Validate;

use lmsgate_entities::{now, seed, user_devices};

use crate::common::Warning;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Kind};

pub struct AddUserDevice;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_user_add_user_device_params", deny_unknown_fields)]
pub struct Params {
    /// The app, e.g. `com.moodle.moodlemobile`.
    #[oai(validator(max_length = 128))]
    pub appid: String,
    /// Device name, e.g. `iPhone`.
    #[oai(validator(max_length = 32))]
    pub name: String,
    /// Device model, e.g. `iPad1,1`.
    #[oai(validator(max_length = 32))]
    pub model: String,
    /// Platform, e.g. `iOS` or `Android`.
    #[oai(validator(max_length = 32))]
    pub platform: String,
    /// Platform version.
    #[oai(validator(max_length = 32))]
    pub version: String,
    /// The push token.
    #[oai(validator(max_length = 255))]
    pub pushid: String,
    /// The device's UUID.
    #[oai(validator(max_length = 255))]
    pub uuid: String,
    /// The app's public key.
    #[oai(validator(max_length = 65535))]
    pub publickey: Option<String>,
}

impl ExternalFunction for AddUserDevice {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_user_add_user_device",
        summary: "Register the caller's app installation",
        description: "Store the caller's device (app, model, platform, push id) for push notifications. The same app and UUID again updates it; a push id the caller already stored is a warning `existingkeyforthisuser`.",
        kind: Kind::Write,
        services: &[seed::MOBILE_SERVICE],
        example: r#"{"appid":"com.moodle.moodlemobile","name":"Pixel","model":"Pixel 8","platform":"Android","version":"15","pushid":"f00d","uuid":"c0ffee"}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Vec<Vec<Warning>>;

    async fn execute(call: &Call<'_>, p: Params) -> Result<Vec<Vec<Warning>>, ApiError> {
        let me = call.caller.user().id;
        let db = call.db();
        let known = user_devices::Entity::find()
            .filter(user_devices::Column::Userid.eq(me))
            .filter(user_devices::Column::Pushid.eq(&p.pushid))
            .one(&db)
            .await?;
        if known.is_some() {
            return Ok(vec![vec![Warning {
                item: Some(p.pushid),
                itemid: None,
                warningcode: "existingkeyforthisuser".into(),
                message: "This key is already stored for this user".into(),
            }]]);
        }
        let same = user_devices::Entity::find()
            .filter(user_devices::Column::Userid.eq(me))
            .filter(user_devices::Column::Uuid.eq(&p.uuid))
            .filter(user_devices::Column::Appid.eq(&p.appid))
            .order_by_asc(user_devices::Column::Id)
            .one(&db)
            .await?;
        let t = now();
        let db = call.write().await?;
        match same {
            Some(device) => {
                let mut row = device.into_active_model();
                row.name = Set(p.name);
                row.model = Set(p.model);
                row.platform = Set(p.platform);
                row.version = Set(p.version);
                row.pushid = Set(p.pushid);
                row.publickey = Set(p.publickey);
                row.timemodified = Set(t);
                row.update(&db).await?;
            }
            None => {
                user_devices::ActiveModel {
                    userid: Set(me),
                    appid: Set(p.appid),
                    name: Set(p.name),
                    model: Set(p.model),
                    platform: Set(p.platform),
                    version: Set(p.version),
                    pushid: Set(p.pushid),
                    uuid: Set(p.uuid),
                    publickey: Set(p.publickey),
                    timecreated: Set(t),
                    timemodified: Set(t),
                    ..Default::default()
                }
                .insert(&db)
                .await?;
            }
        }
        Ok(Vec::new())
    }
}
