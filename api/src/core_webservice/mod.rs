//! core_webservice: site information for the caller.
pub mod get_site_info;

use std::sync::Arc;

use poem::Request;
use poem_openapi::OpenApi;

use crate::Tag;
use crate::framework::{AppState, Params, Reply, Token, catalogue::call_typed, client_ip};

pub struct CoreWebserviceApi(pub Arc<AppState>);

#[OpenApi]
impl CoreWebserviceApi {
    /// Site, user and service information for the token's owner
    #[oai(
        path = "/core_webservice_get_site_info",
        method = "post",
        operation_id = "core_webservice_get_site_info",
        tag = "Tag::CoreWebservice"
    )]
    async fn get_site_info(
        &self,
        token: Token,
        req: &Request,
        p: Params<get_site_info::Params>,
    ) -> Reply<get_site_info::Returns> {
        Reply(call_typed::<get_site_info::GetSiteInfo>(&self.0, &token.0.token, client_ip(req), p.0).await)
    }
}
