//! The router and the request of the `tower` benchmark, shared with the
//! `tower_instructions` example (`#[path]`-included by both, since the
//! library of this package does not depend on axum).

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use bytes::Bytes;
use http::{Request, header};

/// 1 KiB of content, with validators.
pub(crate) fn page() -> Router {
    let body = Bytes::from(vec![b'x'; 1024]);
    Router::new().route(
        "/",
        get(move || {
            let body = body.clone();
            async move { ([(header::ETAG, "\"v1\"")], body) }
        }),
    )
}

/// A GET as a browser sends it, without conditional fields.
pub(crate) fn browser_get() -> Request<Body> {
    Request::get("/")
        .header(header::HOST, "example.com")
        .header(
            header::USER_AGENT,
            "Mozilla/5.0 (X11; Linux x86_64; rv:140.0)",
        )
        .header(
            header::ACCEPT,
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
        )
        .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.5")
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .header(header::CONNECTION, "keep-alive")
        .body(Body::empty())
        .expect("a valid request")
}
