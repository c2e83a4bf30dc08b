//! precond-axum's `ConditionalLayer` around a router, driven through
//! `tower::ServiceExt::oneshot`: each answer's status, header fields, body
//! bytes and framing (what the body says of its length and end).

use std::task::{Context, Poll};

use axum::Router;
use axum::body::{Body, HttpBody};
use axum::http::{Method, Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use http_body_util::BodyExt;
use precond_axum::ConditionalLayer;
use tower::{Layer, Service, ServiceExt};

const TEXT: &str = "0123456789";

async fn page() -> ([(header::HeaderName, &'static str); 1], &'static str) {
    ([(header::ETAG, "\"v1\"")], TEXT)
}

fn app() -> Router {
    Router::new()
        .route("/", get(page))
        .layer(ConditionalLayer::new())
}

/// Sends `method /` with `fields`; the status, the header fields as
/// `(name, value)` in order, the body's length as it announces it, whether
/// it says it has ended, and its bytes.
async fn send(
    method: Method,
    fields: &[(header::HeaderName, &str)],
) -> (
    StatusCode,
    Vec<(String, String)>,
    Option<u64>,
    bool,
    Vec<u8>,
) {
    let mut req = Request::builder().method(method).uri("/");
    for (name, value) in fields {
        req = req.header(name, *value);
    }
    let res = app()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
        .collect();
    let (length, ended) = (res.body().size_hint().exact(), res.body().is_end_stream());
    let bytes = res.into_body().collect().await.unwrap().to_bytes().to_vec();
    (status, headers, length, ended, bytes)
}

fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_get_without_preconditions_gets_the_handlers_body() {
    let (status, headers, length, ended, body) = send(Method::GET, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers,
        fields(&[
            ("content-type", "text/plain; charset=utf-8"),
            ("etag", "\"v1\""),
            ("content-length", "10"),
        ])
    );
    assert_eq!((length, ended), (Some(10), false));
    assert_eq!(body, TEXT.as_bytes());
}

// RFC 9110 §15.4.5: a 304 has no content, and announces no length (a
// Content-Length of 0 would describe the 304, not the selected
// representation, §8.6).
#[tokio::test]
async fn a_matching_if_none_match_gets_a_304_that_has_ended_without_a_length() {
    let (status, headers, length, ended, body) =
        send(Method::GET, &[(header::IF_NONE_MATCH, "\"v1\"")]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers, fields(&[("etag", "\"v1\"")]));
    assert_eq!((length, ended), (None, true));
    assert!(body.is_empty());
}

// RFC 9110 §13.1.1: If-Match without a matching member is false; 412, with
// a short text saying so.
#[tokio::test]
async fn a_failed_if_match_gets_a_412_that_says_why() {
    let (status, headers, length, ended, body) =
        send(Method::GET, &[(header::IF_MATCH, "\"v2\"")]).await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        headers,
        fields(&[
            ("content-type", "text/plain; charset=utf-8"),
            ("content-length", "64")
        ])
    );
    assert_eq!((length, ended), (Some(64), false));
    assert_eq!(
        String::from_utf8(body).unwrap(),
        "412 Precondition Failed: If-Match is false (RFC 9110 §13.1.1).\n"
    );
}

/// A service that is never ready, or fails to become ready.
#[derive(Clone)]
struct NotReady(Poll<Result<(), &'static str>>);

impl Service<Request<Body>> for NotReady {
    type Response = Response;
    type Error = &'static str;
    type Future = std::future::Ready<Result<Response, &'static str>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0
    }

    fn call(&mut self, _req: Request<Body>) -> Self::Future {
        std::future::ready(Err("called before it was ready"))
    }
}

// A layer is ready when the service inside is: back-pressure and the
// inner service's errors pass through it.
#[test]
fn the_layer_is_ready_when_the_service_inside_is() {
    let mut cx = Context::from_waker(std::task::Waker::noop());
    for inner in [Poll::Pending, Poll::Ready(Err("down")), Poll::Ready(Ok(()))] {
        let mut layered = ConditionalLayer::new().layer(NotReady(inner));
        assert_eq!(layered.poll_ready(&mut cx), inner);
    }
}
