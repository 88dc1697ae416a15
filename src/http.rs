//! The HTTP/1.1 accept loop. poem's own `Server` has neither a header read timeout nor a limit
//! on connections per address, so clients trickling header bytes (slowloris) could hold the
//! server until it ran out of file descriptors; hyper has the timeout, and the limit is here.
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::combinators::BoxBody;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use poem::endpoint::BoxEndpoint;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, EndpointExt, IntoEndpoint, Response};
use tokio::net::TcpListener;

type ResponseBody = BoxBody<bytes::Bytes, std::io::Error>;

/// What a connection may take.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    /// Time a client has to send a request's whole header, from the connection (or from the end
    /// of the previous response on a kept-alive connection).
    pub header_read_timeout: Duration,
    /// Open connections per client address; 0 means no limit.
    pub per_address: usize,
}

/// Open connections per address; a slot is given back when its guard drops.
#[derive(Default, Clone)]
struct OpenConnections(Arc<Mutex<HashMap<IpAddr, usize>>>);

struct Slot {
    open: OpenConnections,
    ip: IpAddr,
}

impl OpenConnections {
    fn take(&self, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_default();
        if max > 0 && *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot { open: self.clone(), ip })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.open.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

const TOO_MANY: &[u8] =
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n";

/// Serves `app` on `listener` until `shutdown` completes, then lets requests in flight finish
/// for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    app: impl IntoEndpoint<Endpoint: 'static>,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    let app: Arc<BoxEndpoint<'static, Response>> = Arc::new(app.into_endpoint().map_to_response().boxed());
    let local = LocalAddr(Addr::SocketAddr(listener.local_addr()?));
    let open = OpenConnections::default();
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or the like: let connections close before accepting more.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Some(slot) = open.take(peer.ip(), limits.per_address) else {
            tracing::debug!(client = %peer.ip(), "too many connections from one address");
            let _ = stream.try_write(TOO_MANY);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let (local, remote, app) = (local.clone(), RemoteAddr(Addr::SocketAddr(peer)), app.clone());
        let handle = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
            let req = poem::Request::from((req, local.clone(), remote.clone(), poem::http::uri::Scheme::HTTP));
            let app = app.clone();
            async move { Ok::<hyper::Response<ResponseBody>, Infallible>(app.get_response(req).await.into()) }
        });
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_read_timeout)
            .serve_connection(TokioIo::new(stream), handle);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(grace) => tracing::warn!("requests still running after the grace period"),
    }
    Ok(())
}
