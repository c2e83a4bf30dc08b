//! A server on 127.0.0.1 (ephemeral port) around any tower service, and a
//! real HTTP/1.1 client (hyper-util's legacy client), for the socket tests.
#![allow(dead_code, unreachable_pub)]

use std::convert::Infallible;
use std::error::Error as StdError;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Every request and every body read is bounded by this.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A server running until dropped.
pub struct Server {
    pub addr: SocketAddr,
    accept: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Serves `service` on 127.0.0.1 on a port the system picks.
pub async fn serve<S, B>(service: S) -> Server
where
    S: tower::Service<Request<Incoming>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn StdError + Send + Sync>>,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accept = tokio::spawn(async move {
        // Ends when the test drops the server (the task is aborted).
        while let Ok((stream, _)) = listener.accept().await {
            let service = service.clone();
            tokio::spawn(async move {
                let handler = hyper::service::service_fn(move |req| {
                    let mut service = service.clone();
                    service.call(req)
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), handler)
                    .await;
            });
        }
    });
    Server { addr, accept }
}

/// A real HTTP client.
pub fn client() -> Client<HttpConnector, Empty<Bytes>> {
    Client::builder(TokioExecutor::new()).build_http()
}

/// A response as received: status, fields, and the whole body.
#[derive(Debug)]
pub struct Received {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends `method path` with `headers` (each `(name, value)` pair one field
/// line) to `server`, and reads the whole answer.
pub async fn send(
    client: &Client<HttpConnector, Empty<Bytes>>,
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> Received {
    let mut req = Request::builder()
        .method(method)
        .uri(format!("http://{}{path}", server.addr));
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let req = req.body(Empty::new()).unwrap();
    let res = bounded(client.request(req)).await.unwrap();
    let (parts, body) = res.into_parts();
    let body = bounded(body.collect()).await.unwrap().to_bytes();
    Received {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// `f`, or a panic after [`TIMEOUT`].
pub async fn bounded<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(TIMEOUT, f).await.expect("timed out")
}
