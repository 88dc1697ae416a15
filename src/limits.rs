//! Request limits applied before any endpoint runs: the client's address behind trusted proxies,
//! the body size (read with a bound, so memory stays bounded whatever `Content-Length` says or
//! does not say) and the time a request may take. Uploads stream to disk under their own limit
//! and are exempt from both.
use std::net::IpAddr;
use std::time::Duration;

use futures_util::StreamExt;
use ipnet::IpNet;
use poem::{Body, Endpoint, IntoResponse, Request, Response};

use lmsgate_api::framework::{ApiError, ClientIp, code, peer_ip};

#[derive(Clone)]
pub struct RequestLimits {
    /// The site: its debugging settings for refusals, its metrics, and the request data the
    /// Moodle endpoints read (`Data<&Arc<AppState>>`, added by the front layer).
    pub state: std::sync::Arc<lmsgate_api::framework::AppState>,
    pub max_body_bytes: u64,
    pub timeout: Duration,
    pub trusted_proxies: Vec<IpNet>,
}

fn is_upload(path: &str) -> bool {
    path == "/webservice/upload.php" || path == "/api/v1/files/upload"
}

/// The client: the peer, or — when the peer is a trusted proxy — the last address in
/// `X-Forwarded-For` that is not itself a trusted proxy.
fn client_of<'a>(peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = forwarded_for.flat_map(|v| v.split(',')).filter_map(|a| a.trim().parse().ok()).collect();
    hops.into_iter().rev().find(|ip| !is_trusted(ip)).unwrap_or(peer)
}

fn too_large(limit: u64) -> ApiError {
    code::REQUEST_TOO_LARGE.err().with_debuginfo(format!("at most {limit} bytes"))
}

fn timed_out(limit: Duration) -> ApiError {
    code::REQUEST_TIMEOUT.err().with_debuginfo(format!("at most {} seconds", limit.as_secs()))
}

/// Reads the whole body, refusing it as soon as it passes `limit`.
async fn read_bounded(body: Body, limit: u64) -> Result<Vec<u8>, ApiError> {
    let mut stream = body.into_bytes_stream();
    let mut data = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::invalid_parameter(format!("Unreadable body: {e}")))?;
        if (data.len() + chunk.len()) as u64 > limit {
            return Err(too_large(limit));
        }
        data.extend_from_slice(&chunk);
    }
    Ok(data)
}

pub async fn apply<E: Endpoint>(next: E, mut req: Request, limits: &RequestLimits) -> poem::Result<Response> {
    let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
    let ip = client_of(peer_ip(&req), forwarded, &limits.trusted_proxies);
    req.extensions_mut().insert(ClientIp(ip));
    let (path, query) = (req.uri().path().to_string(), req.uri().query().unwrap_or("").to_string());
    if is_upload(&path) {
        return next.call(req).await.map(IntoResponse::into_response);
    }
    let declared = req.header("content-length").and_then(|v| v.parse::<u64>().ok());
    let refused = if declared.is_some_and(|n| n > limits.max_body_bytes) {
        too_large(limits.max_body_bytes)
    } else {
        let handled = async {
            let body = read_bounded(req.take_body(), limits.max_body_bytes).await?;
            req.set_body(body);
            Ok::<_, ApiError>(next.get_response(req).await)
        };
        // Bound before it is matched: a temporary in a `match` lives to its end, and the whole
        // request's future would have been kept beside the refusal's rather than in its place.
        let outcome = tokio::time::timeout(limits.timeout, handled).await;
        match outcome {
            Ok(Ok(res)) => return Ok(res),
            Ok(Err(e)) => e,
            Err(_) => timed_out(limits.timeout),
        }
    };
    // Boxed: refusals are rare, and inline their future would enlarge every request's (which is
    // moved into place as a whole on each request).
    Ok(Box::pin(crate::moodle::refusal(&limits.state, &path, &query, &refused)).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let client = |peer: &str, xff: &str| client_of(peer.parse().unwrap(), [xff].into_iter(), &trusted).to_string();
        assert_eq!(client("10.0.0.5", "203.0.113.9, 10.0.0.7"), "203.0.113.9");
        assert_eq!(client("198.51.100.1", "203.0.113.9"), "198.51.100.1");
        assert_eq!(client("10.0.0.5", "junk"), "10.0.0.5");
    }
}
