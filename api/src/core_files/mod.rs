//! core_files: file areas over the content-addressed store, the file functions, and the typed
//! twins of Moodle's upload and download endpoints.
pub mod area;
pub mod transfer;

use std::sync::Arc;

use poem::{Body, IntoResponse, Request, RequestBody, Response};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, OpenApi, param::Query};

use crate::framework::reply::ERROR_RESPONSES;
use crate::framework::{ApiError, AppState, ErrorBody, Nothing, Reply, Token, client_ip};
use transfer::{UploadArgs, UploadedFile};

crate::component! {
    /// Files: browse, upload, download
    core_files {
        get_files::GetFiles,
        upload::Upload,
    }
}

/// The multipart form of an upload (documentation of `UploadBody`).
#[derive(Debug, poem_openapi::Multipart)]
pub struct UploadForm {
    /// Draft item id to add to; 0 or absent for a new draft area.
    pub itemid: Option<i64>,
    /// Folder in the draft area (default `/`).
    pub filepath: Option<String>,
    /// The files (any part name; every part with a file name is a file).
    pub file: Vec<poem_openapi::types::multipart::Upload>,
}

/// An upload body, kept as a stream: parts are written to the store as they arrive.
pub struct UploadBody(pub Body);

impl Payload for UploadBody {
    const CONTENT_TYPE: &'static str = "multipart/form-data";

    fn check_content_type(content_type: &str) -> bool {
        content_type.to_ascii_lowercase().starts_with("multipart/form-data")
    }

    fn schema_ref() -> MetaSchemaRef {
        <UploadForm as Payload>::schema_ref()
    }

    fn register(registry: &mut Registry) {
        <UploadForm as Payload>::register(registry);
    }
}

impl ParsePayload for UploadBody {
    const IS_REQUIRED: bool = true;

    async fn from_request(_request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        Ok(Self(body.take()?))
    }
}

poem_openapi::impl_apirequest_for_payload!(UploadBody,);

/// A download: the file's bytes (200, or 206 for a range), 304, or an error body.
pub struct Download(pub Response);

impl ApiResponse for Download {
    const BAD_REQUEST_HANDLER: bool = true;

    fn meta() -> MetaResponses {
        let binary = || {
            vec![MetaMediaType {
                content_type: "application/octet-stream",
                schema: MetaSchemaRef::Inline(Box::new(MetaSchema::new_with_format("string", "binary"))),
            }]
        };
        let mut responses = vec![
            MetaResponse {
                description: "The file (its own Content-Type; ETag is the content hash)",
                status: Some(200),
                status_range: None,
                content: binary(),
                headers: vec![],
            },
            MetaResponse {
                description: "The requested byte range (`Range: bytes=a-b`)",
                status: Some(206),
                status_range: None,
                content: binary(),
                headers: vec![],
            },
            MetaResponse {
                description: "Not modified (`If-None-Match` matched the ETag)",
                status: Some(304),
                status_range: None,
                content: vec![],
                headers: vec![],
            },
        ];
        let errors = ERROR_RESPONSES.iter().filter(|(s, _)| [400, 401, 403, 404].contains(s)).copied();
        let errors = errors.chain([(416, "The range lies outside the file")]);
        responses.extend(errors.map(|(status, description)| MetaResponse {
            description,
            status: Some(status),
            status_range: None,
            content: vec![MetaMediaType {
                content_type: "application/json; charset=utf-8",
                schema: ErrorBody::schema_ref(),
            }],
            headers: vec![],
        }));
        MetaResponses { responses }
    }

    fn register(registry: &mut Registry) {
        ErrorBody::register(registry);
    }

    fn from_parse_request_error(err: poem::Error) -> Self {
        Download(Reply::<Nothing>::from_parse_request_error(err).into_response())
    }
}

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        self.0
    }
}

fn error_response(e: ApiError) -> Response {
    Reply::<Nothing>(Err(e)).into_response()
}

/// The spec tag of the transfer operations: the component's own (tags are equal by name).
#[derive(poem_openapi::Tags)]
enum Tag {
    /// Files: browse, upload, download
    #[oai(rename = "core_files")]
    CoreFiles,
}

pub struct FileTransferApi(pub Arc<AppState>);

#[OpenApi]
impl FileTransferApi {
    /// Upload files to your draft area (the twin of `webservice/upload.php`)
    ///
    /// Multipart upload: every part with a file name is stored in the caller's draft area; the
    /// answer has one entry per file, stored or with an `errortype` (`fileoversized`,
    /// `filenameexist`). The token's service must allow uploads. Over the user quota:
    /// 403 `userquotalimit`; over the server's request limit: 413.
    #[oai(path = "/files/upload", method = "post", operation_id = "upload_files", tag = "Tag::CoreFiles")]
    async fn upload_files(&self, token: Token, req: &Request, body: UploadBody) -> Reply<Vec<UploadedFile>> {
        let result = async {
            let form = transfer::multipart(req, body.0, self.0.settings.limits.max_upload_bytes)?;
            let args = UploadArgs { token: Some(token.0.token), ..Default::default() };
            let files = transfer::upload(&self.0, client_ip(req), args, Some(form)).await?;
            // upload.php answers `[]` for a body without files; the typed twin says what is missing.
            if files.is_empty() {
                return Err(ApiError::invalid_parameter("file: send at least one file part (with a file name)"));
            }
            Ok(files)
        };
        Reply(result.await)
    }

    /// Download a file (the twin of `webservice/pluginfile.php`)
    ///
    /// Streams the file with its Content-Type, an ETag (its content hash) and `Range` support.
    /// Served areas: your own `user`/`private` and `user`/`draft` files. The token's service must
    /// allow downloads.
    #[oai(path = "/files/download", method = "get", operation_id = "download_file", tag = "Tag::CoreFiles")]
    #[allow(clippy::too_many_arguments)]
    async fn download_file(
        &self,
        token: Token,
        req: &Request,
        /// Context id (the user's context for private and draft files).
        contextid: Query<i64>,
        /// Component, e.g. `user`.
        component: Query<String>,
        /// File area, e.g. `private` or `draft`.
        filearea: Query<String>,
        /// Item id (draft item id; 0 for private files).
        #[oai(default)]
        itemid: Query<i64>,
        /// Folder, e.g. `/`.
        #[oai(default = "root")]
        filepath: Query<String>,
        /// File name.
        filename: Query<String>,
    ) -> Download {
        let place = area::Place {
            contextid: contextid.0,
            component: component.0,
            filearea: filearea.0,
            itemid: itemid.0,
            filepath: filepath.0,
            filename: filename.0,
        };
        Download(match download(&self.0, &token.0.token, req, &place).await {
            Ok(res) => res,
            Err(e) => error_response(e),
        })
    }
}

fn root() -> String {
    "/".into()
}

/// Token → user whose service allows downloads → the file → its bytes.
pub async fn download(state: &AppState, token: &str, req: &Request, place: &area::Place) -> Result<Response, ApiError> {
    let caller = crate::framework::caller::authenticate_user(state, token, client_ip(req)).await?;
    if caller.service().is_none_or(|s| s.downloadfiles == 0) {
        return Err(ApiError::access("Web service file downloading must be enabled in external service settings"));
    }
    transfer::serve(state, Some(caller.user().id), place, req).await
}
