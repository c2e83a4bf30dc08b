//! Behind tower-http's `CompressionLayer`: the layer goes outside it and
//! weakens the strong ETag of the identity representation on encoded
//! responses (RFC 9110 §8.8.3.3), so If-Match never matches an encoded copy.

mod support;

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::header;
use tower_http::compression::CompressionLayer;

const TEXT: &str = "precond compresses well; precond compresses well; precond compresses well; precond compresses well; precond compresses well";

fn app() -> Router {
    let page = get(|| async {
        (
            [
                (header::ETAG, "\"v1\""),
                (header::CONTENT_TYPE, "text/plain"),
            ],
            TEXT,
        )
    })
    .layer::<_, std::convert::Infallible>(CompressionLayer::new())
    .layer(support::layer().weaken_when_encoded());
    Router::new().route("/", page)
}

fn get_req(fields: &[(&str, &str)]) -> http::Request<Body> {
    support::request("GET", "/", fields, b"")
}

#[tokio::test(flavor = "current_thread")]
async fn an_encoded_response_has_a_weak_tag() {
    let app = support::App {
        router: app(),
        runs: support::Runs::default(),
        traced: true,
    };
    let gzip = ("accept-encoding", "gzip");

    let got = support::oneshot(&app, get_req(&[gzip])).await;
    assert_eq!(got.status, 200);
    assert_eq!(
        got.headers,
        [
            "content-encoding: gzip",
            "content-type: text/plain",
            "etag: W/\"v1\"",
            "vary: accept-encoding",
            "x-precond: no conditional fields",
        ]
    );
    assert_eq!(got.body.get(..2), Some(&[0x1f, 0x8b][..]), "a gzip member");

    // The encoded copy revalidates with its weak tag (weak comparison)…
    let got = support::oneshot(&app, get_req(&[gzip, ("if-none-match", "W/\"v1\"")])).await;
    assert_eq!(got.status, 304);
    assert_eq!(
        got.headers,
        [
            "etag: W/\"v1\"",
            "vary: accept-encoding",
            "x-precond: on the response: 304 Not Modified at step 3 (If-None-Match) (RFC 9110 section 13.1.2)",
        ]
    );
    assert!(got.body.is_empty());

    // …but never passes a strong comparison: If-Match fails.
    let got = support::oneshot(&app, get_req(&[gzip, ("if-match", "\"v1\"")])).await;
    assert_eq!(got.status, 412);

    // The identity representation keeps its strong tag.
    let got = support::oneshot(&app, get_req(&[("if-match", "\"v1\"")])).await;
    assert_eq!(got.status, 200);
    assert_eq!(
        got.headers,
        [
            format!("content-length: {}", TEXT.len()),
            "content-type: text/plain".to_owned(),
            "etag: \"v1\"".to_owned(),
            "vary: accept-encoding".to_owned(),
            "x-precond: on the response: proceed (RFC 9110 section 13.2.2)".to_owned(),
        ]
    );
    assert_eq!(got.body, TEXT.as_bytes());
}
