//! core_webservice_get_site_info (MOODLE-SPEC §9).
use std::borrow::Cow;
use std::sync::Arc;

use bytes::Bytes;

use poem_openapi::Object;
use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromJSON, ParseResult, ToJSON, Type};
use serde::Serialize;
use serde_json::Value;
use validator::Validate;

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use lmsgate_entities::{cap, ids, seed, sessions};

use crate::framework::services::FunctionListing;
use crate::framework::types::AlphanumExt;
use crate::framework::{ApiError, Call, ExternalFunction, FunctionInfo, Rendered};

pub struct GetSiteInfo;

#[derive(Debug, Object, Validate)]
#[oai(rename = "core_webservice_get_site_info_params", deny_unknown_fields)]
pub struct Params {
    /// Accepted for compatibility; unused (as in Moodle).
    #[oai(default, validator(max_items = 100))]
    pub serviceshortnames: Vec<AlphanumExt>,
}

#[derive(Debug, Object)]
#[oai(rename = "core_webservice_get_site_info_function")]
pub struct FunctionVersion {
    /// Function name.
    pub name: String,
    /// Version of the function (the site version for core functions).
    pub version: String,
}

#[derive(Debug, Object, Serialize)]
#[oai(rename = "core_webservice_get_site_info_feature")]
pub struct AdvancedFeature {
    /// Feature setting name.
    pub name: String,
    /// 1 on, 0 off.
    pub value: i64,
}

// Serialised with `serde` too, straight to text (`json_text`): the typed API's and REST
// JSON's answer, equal to its `to_json` (tested). Not a doc comment: that is the schema's.
#[serde_with::skip_serializing_none]
#[derive(Debug, Object, Serialize)]
#[oai(rename = "core_webservice_get_site_info_returns", skip_serializing_if_is_none)]
pub struct Returns {
    /// Site name.
    pub sitename: String,
    /// Username of the caller.
    pub username: String,
    /// First name of the caller.
    pub firstname: String,
    /// Last name of the caller.
    pub lastname: String,
    /// Full name of the caller.
    pub fullname: String,
    /// Current language.
    pub lang: String,
    /// User id of the caller.
    pub userid: i64,
    /// Site URL (wwwroot).
    pub siteurl: String,
    /// URL of the caller's profile picture.
    pub userpictureurl: String,
    /// Functions of the token's service.
    pub functions: Functions,
    /// 1 when the service allows file downloads.
    pub downloadfiles: Option<i64>,
    /// 1 when the service allows file uploads.
    pub uploadfiles: Option<i64>,
    /// Site release.
    pub release: Option<String>,
    /// Site version.
    pub version: Option<String>,
    /// Mobile custom CSS URL ('' when unset).
    pub mobilecssurl: Option<String>,
    /// Advanced features and their state.
    pub advancedfeatures: Option<Vec<AdvancedFeature>>,
    /// Whether the user can manage their own files.
    pub usercanmanageownfiles: Option<bool>,
    /// User quota in bytes (0 = unlimited).
    pub userquota: Option<i64>,
    /// Maximum upload size in bytes (-1 = unlimited).
    pub usermaxuploadfilesize: Option<i64>,
    /// Home page: 0 site, 1 dashboard, 3 my courses, 4 URL.
    pub userhomepage: Option<i64>,
    /// The home page's URL, when `userhomepage` is 4 (a URL).
    pub userhomepageurl: Option<String>,
    /// Key for `/tokenpluginfile.php/<key>/...` file URLs (stands for the user; keep it secret).
    pub userprivateaccesskey: Option<String>,
    /// Site id (always 1).
    pub siteid: Option<i64>,
    /// Site calendar type.
    pub sitecalendartype: Option<String>,
    /// User calendar type.
    pub usercalendartype: Option<String>,
    /// Whether the user is a site administrator.
    pub userissiteadmin: Option<bool>,
    /// Effective theme.
    pub theme: Option<String>,
    /// Limit of concurrent logins (0 = none).
    pub limitconcurrentlogins: Option<i64>,
    /// The caller's active browser sessions, when `limitconcurrentlogins` is set.
    pub usersessionscount: Option<i64>,
    /// Whether the user agreed to the site policy.
    pub policyagreed: Option<i64>,
}

/// The functions list: a `FunctionVersion` array in the spec and in `to_json`; serialised from
/// the token's rendering of it (`Caller::function_listing`), the bulk of the answer.
#[derive(Debug)]
pub struct Functions(pub Arc<FunctionListing>);

impl Type for Functions {
    const IS_REQUIRED: bool = true;
    type RawValueType = Self;
    type RawElementValueType = Self;

    fn name() -> Cow<'static, str> {
        Vec::<FunctionVersion>::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        Vec::<FunctionVersion>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        Vec::<FunctionVersion>::register(registry)
    }

    fn as_raw_value(&self) -> Option<&Self> {
        Some(self)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a Self> + 'a> {
        Box::new(self.as_raw_value().into_iter())
    }
}

impl ToJSON for Functions {
    fn to_json(&self) -> Option<Value> {
        let l = &self.0;
        let item = |name: &String| FunctionVersion { name: name.clone(), version: l.version.clone() }.to_json();
        Some(Value::Array(l.names.iter().filter_map(item).collect()))
    }
}

impl ParseFromJSON for Functions {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        let items = Vec::<FunctionVersion>::parse_from_json(value).map_err(ParseError::propagate)?;
        let version = items.first().map_or("", |f| f.version.as_str());
        Ok(Functions(Arc::new(FunctionListing::new(items.iter().map(|f| &f.name), version))))
    }
}

impl Serialize for Functions {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.json.serialize(s)
    }
}

/// `defaulthomepage`: a URL (`defaulthomepageurl`).
const HOMEPAGE_URL: i64 = 4;

const FEATURES: &[&str] = &[
    "usecomments",
    "usetags",
    "enablenotes",
    "messaging",
    "enableblogs",
    "enablecompletion",
    "enablebadges",
    "messagingallusers",
    "enablecustomreports",
    "enableglobalsearch",
];

impl ExternalFunction for GetSiteInfo {
    const INFO: FunctionInfo = FunctionInfo {
        name: "core_webservice_get_site_info",
        summary: "Site, user and service information for the token's owner",
        description: "Return some site info / user info / list web service functions",
        checks: &[cap::USER_MANAGEOWNFILES, cap::USER_IGNOREUSERQUOTA],
        services: &[seed::MOBILE_SERVICE],
        example: r#"{}"#,
        ..FunctionInfo::DEFAULT
    };
    type Params = Params;
    type Returns = Rendered<Returns>;

    fn json_text(returns: &Rendered<Returns>) -> Bytes {
        returns.json_text()
    }

    async fn execute(call: &Call<'_>, _params: Params) -> Result<Rendered<Returns>, ApiError> {
        // The user's session count is read at each call; everything else site info answers is
        // read from cached state, so the token's answer is made once and kept with it.
        if call.state.site().await?.int("limitconcurrentlogins") != 0 {
            return Ok(rendered(site_info(call).await?));
        }
        call.state.per_token(call.caller, Self::INFO.name, || async { Ok(rendered(site_info(call).await?)) }).await
    }
}

fn rendered(returns: Returns) -> Rendered<Returns> {
    // Sized for the function list (most of the answer), so the text is never regrown.
    let capacity = returns.functions.0.json.get().len() + 2048;
    Rendered::new(returns, capacity)
}

async fn site_info(call: &Call<'_>) -> Result<Returns, ApiError> {
        let state = call.state;
        let site = state.site().await?;
        let u = call.caller.user();
        let subject = call.caller.subject();
        let system = [ids::SYSTEM_CONTEXT];
        let service = call.caller.service();
        let functions = Functions(call.caller.function_listing(site.get("version")));
        let ignores_quota = state.has_capability(subject, cap::USER_IGNOREUSERQUOTA, &system).await?;
        let maxbytes = site.int("maxbytes");
        let user_path = state.user_path(u.id).await?;
        Ok(Returns {
            sitename: site.get("fullname").to_string(),
            username: u.username.clone(),
            firstname: u.firstname.clone(),
            lastname: u.lastname.clone(),
            fullname: format!("{} {}", u.firstname, u.lastname),
            lang: if u.lang.is_empty() { site.get("lang").to_string() } else { u.lang.clone() },
            userid: u.id,
            siteurl: state.settings.wwwroot.clone(),
            userpictureurl: crate::core_user::Pictures::from_context(u.id, user_path.last().copied().unwrap_or(0))
                .url(&state.settings.wwwroot, u, "f1"),
            functions,
            downloadfiles: service.map(|s| s.downloadfiles as i64),
            uploadfiles: service.map(|s| s.uploadfiles as i64),
            release: Some(site.get("release").to_string()),
            version: Some(site.get("version").to_string()),
            mobilecssurl: Some(String::new()),
            advancedfeatures: Some(
                FEATURES
                    .iter()
                    .map(|f| AdvancedFeature { name: (*f).into(), value: site.int(f).clamp(0, 1) })
                    .chain([
                        AdvancedFeature { name: "mnet_dispatcher_mode".into(), value: 0 },
                        AdvancedFeature {
                            name: "enablecompetencies".into(),
                            value: site.int("enablecompetencies").clamp(0, 1),
                        },
                    ])
                    .collect(),
            ),
            usercanmanageownfiles: Some(state.has_capability(subject, cap::USER_MANAGEOWNFILES, &user_path).await?),
            userquota: Some(if ignores_quota { 0 } else { site.int("userquota") }),
            usermaxuploadfilesize: Some(if maxbytes == 0 || ignores_quota { -1 } else { maxbytes }),
            userhomepage: Some(site.int("defaulthomepage")),
            userhomepageurl: (site.int("defaulthomepage") == HOMEPAGE_URL).then(|| site.get("defaulthomepageurl").to_string()),
            userprivateaccesskey: Some(crate::core_files::transfer::private_access_key(state, u.id).await?),
            siteid: Some(ids::SITE_COURSE),
            sitecalendartype: Some(site.get("calendartype").to_string()),
            usercalendartype: Some(if u.calendartype.is_empty() {
                site.get("calendartype").to_string()
            } else {
                u.calendartype.clone()
            }),
            userissiteadmin: Some(site.is_siteadmin(u.id)),
            theme: Some(if u.theme.is_empty() { site.get("theme").to_string() } else { u.theme.clone() }),
            limitconcurrentlogins: Some(site.int("limitconcurrentlogins")),
            usersessionscount: match site.int("limitconcurrentlogins") {
                0 => None,
                _ => Some(
                    sessions::Entity::find().filter(sessions::Column::Userid.eq(u.id)).count(&call.db()).await? as i64,
                ),
            },
            policyagreed: Some(u.policyagreed as i64),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{AppState, catalogue};

    fn returns(optional: bool) -> Returns {
        let names = ["core_a".to_string(), "core_b \"quoted\"".to_string()];
        let some = |s: &str| optional.then(|| s.to_string());
        Returns {
            sitename: "Site <&>".into(),
            username: "user".into(),
            firstname: "Zoë".into(),
            lastname: "O'Brien\n".into(),
            fullname: "Zoë O'Brien".into(),
            lang: "en".into(),
            userid: 2,
            siteurl: "http://x".into(),
            userpictureurl: "http://x/p".into(),
            functions: Functions(Arc::new(FunctionListing::new(names.iter(), "2024100700"))),
            downloadfiles: optional.then_some(1),
            uploadfiles: optional.then_some(0),
            release: some("4.5"),
            version: some("2024100700"),
            mobilecssurl: some(""),
            advancedfeatures: optional.then(|| vec![AdvancedFeature { name: "usetags".into(), value: 1 }]),
            usercanmanageownfiles: optional.then_some(true),
            userquota: optional.then_some(0),
            usermaxuploadfilesize: optional.then_some(-1),
            userhomepage: optional.then_some(4),
            userhomepageurl: some("http://x/home"),
            userprivateaccesskey: some("key"),
            siteid: optional.then_some(1),
            sitecalendartype: some("gregorian"),
            usercalendartype: some("gregorian"),
            userissiteadmin: optional.then_some(false),
            theme: some("boost"),
            limitconcurrentlogins: optional.then_some(0),
            usersessionscount: optional.then_some(3),
            policyagreed: optional.then_some(1),
        }
    }

    /// The text answer is exactly what poem-openapi's `to_json` would send, key order included,
    /// with every optional field present and with none.
    #[test]
    fn json_text_is_to_json() {
        for optional in [true, false] {
            let r = returns(optional);
            let tree = serde_json::to_string(&r.to_json().unwrap()).unwrap();
            assert_eq!(GetSiteInfo::json_text(&Rendered::new(r, 0)), tree);
            assert_eq!(tree.contains("userquota"), optional);
        }
    }

    #[test]
    fn functions_parse_back() {
        let r = returns(true);
        let parsed = Functions::parse_from_json(r.functions.to_json()).unwrap();
        assert_eq!(parsed.0.names, r.functions.0.names);
        assert_eq!(parsed.0.json.get(), r.functions.0.json.get());
    }

    /// A call's future stays small: futures are copied as they are boxed through the server's
    /// layers, on every call, so cold paths (cache misses, commits, capability recording) are
    /// boxed rather than inline (the whole pipeline's was 19 KB).
    #[test]
    fn the_pipelines_future_is_small() {
        fn future_size<A, B, C, D, R>(_: fn(A, B, C, D) -> R) -> usize {
            std::mem::size_of::<R>()
        }
        let call = catalogue::call_typed::<GetSiteInfo>;
        let size = future_size::<&AppState, &str, std::net::IpAddr, Result<Params, ApiError>, _>(call);
        assert!(size <= 4096, "the typed call's future is {size} bytes");
    }
}
